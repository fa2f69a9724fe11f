// Lib/asyncio/locks.py (3.11): Lock, Event, Condition, Semaphore,
// BoundedSemaphore and Barrier, as library code on top of futures: each waiter is a
// fresh loop.create_future() in a FIFO deque, waking is set_result, and the
// woken task runs one loop iteration later. The types are the Python classes
// asyncio exports (module "asyncio.locks").
#pragma once

#include <deque>
#include <string>

#include "sim/loop/event_loop.h"
#include "sim/loop/future.h"
#include "sim/runtime/object.h"

namespace corosim {

class AsyncBody;

/// Mirrors asyncio/mixins.py _LoopBoundMixin: bound to the running loop at
/// first use; RuntimeError "<repr> is bound to a different event loop" after.
class LoopBoundObject : public Object {
 public:
  using Object::Object;
  void clear_refs() override;
  /// Mirrors _LoopBoundMixin._get_loop.
  EventLoop& get_loop();
  /// repr(), named in get_loop's error.
  virtual std::string repr() const = 0;

 protected:
  /// " [extra, waiters:N]>" after "<asyncio.locks.Lock object at 0x...".
  std::string repr_with(const std::string& extra, size_t waiters) const;

 private:
  Ref<EventLoop> loop_;
};

/// A deque of waiter futures (collections.deque of locks.py and queues.py).
using Waiters = std::deque<Ref<FutureObject>>;
/// `waiters.remove(fut)`: the first occurrence, by identity.
void remove_waiter(Waiters& waiters, const FutureObject* fut);

/// Mirrors asyncio/locks.py Lock. Invariant: a woken waiter (future done,
/// task not yet run) stays in waiters_ until it runs, so acquire()'s fast
/// path refuses a newcomer while it is there: no barging.
class LockObject final : public LoopBoundObject {
 public:
  LockObject();
  void clear_refs() override;
  std::string repr() const override;

  bool locked() const { return locked_; }
  /// Mirrors Lock.release: RuntimeError "Lock is not acquired." if unlocked.
  void release();
  /// The coroutine Lock.acquire() returns.
  Ref<CoroutineObject> acquire();

 private:
  /// Mirrors Lock.acquire: the body of the coroutine acquire() returns.
  static AsyncBody acquire_body(Ref<LockObject> self);
  /// Mirrors Lock._wake_up_first.
  void wake_up_first();

  Waiters waiters_;
  bool locked_ = false;
};

/// Mirrors asyncio/locks.py Event.
class EventObject final : public LoopBoundObject {
 public:
  EventObject();
  void clear_refs() override;
  std::string repr() const override;

  bool is_set() const { return value_; }
  /// Mirrors Event.set: wakes every not-done waiter, FIFO.
  void set();
  void clear() { value_ = false; }
  /// The coroutine Event.wait() returns.
  Ref<CoroutineObject> wait();

 private:
  /// Mirrors Event.wait: the body of the coroutine wait() returns.
  static AsyncBody wait_body(Ref<EventObject> self);
  Waiters waiters_;
  bool value_ = false;
};

/// The Python types (module asyncio.locks).
TypeObject* lock_type();
TypeObject* event_type();
TypeObject* condition_type();
TypeObject* semaphore_type();
TypeObject* bounded_semaphore_type();
TypeObject* barrier_type();
/// asyncio.BrokenBarrierError (a RuntimeError, module asyncio.exceptions).
TypeObject* broken_barrier_error_type();

}  // namespace corosim
