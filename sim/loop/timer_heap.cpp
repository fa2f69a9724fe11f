#include "sim/loop/timer_heap.h"

#include <algorithm>

namespace corosim {

// Mirrors the rebuild in Lib/asyncio/base_events.py BaseEventLoop._run_once
// (3.11): `new = [h for h in _scheduled if not h._cancelled]` keeps array
// order, then heapq.heapify(new). Filtering in place keeps the same order.
void TimerHeap::remove_cancelled_and_heapify() {
  std::erase_if(items_, [](const Item& h) {
    if (!h->cancelled()) return false;
    h->scheduled = false;
    return true;
  });
  heapq::heapify(items_, Less{});
}

}  // namespace corosim
