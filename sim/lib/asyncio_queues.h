// Lib/asyncio/queues.py (3.11): Queue, PriorityQueue, LifoQueue and the
// QueueEmpty / QueueFull exceptions, as library code on top of futures and
// an asyncio.Event (module "asyncio.queues").
#pragma once

#include "sim/runtime/object.h"

namespace corosim {

/// The Python types (module asyncio.queues).
TypeObject* queue_type();
TypeObject* priority_queue_type();
TypeObject* lifo_queue_type();
TypeObject* queue_empty_type();
TypeObject* queue_full_type();

}  // namespace corosim
