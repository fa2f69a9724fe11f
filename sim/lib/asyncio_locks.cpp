#include "sim/lib/asyncio_locks.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "sim/lib/asyncio_tasks.h"
#include "sim/lib/awaiting_coroutine.h"
#include "sim/loop/native_args.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/call.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/type_object.h"

namespace corosim {

// ---- _LoopBoundMixin and the waiter deque -----------------------------------

void LoopBoundObject::clear_refs() { loop_ = Ref<EventLoop>(); }

// Mirrors asyncio/mixins.py _LoopBoundMixin._get_loop.
EventLoop& LoopBoundObject::get_loop() {
  EventLoop& loop = get_running_loop();
  if (!loop_) loop_ = Ref<EventLoop>(&loop);
  if (&loop != loop_.get())
    raise_error(exception_types().runtime_error, repr() + " is bound to a different event loop");
  return loop;
}

std::string LoopBoundObject::repr_with(const std::string& extra, size_t waiters) const {
  std::string s = "<" + qualified_type_name(type()) + " object at " + object_address(this) + " [" + extra;
  if (waiters > 0) s += ", waiters:" + std::to_string(waiters);
  return s + "]>";
}

void remove_waiter(Waiters& waiters, const FutureObject* fut) {
  auto it = std::find_if(waiters.begin(), waiters.end(), [fut](const auto& w) { return w.get() == fut; });
  if (it != waiters.end()) waiters.erase(it);
}

namespace {

using Args = std::span<const Value>;
using KwArgs = std::span<const KwArg>;

bool is_cancelled_error(const Value& exc) {
  return exception_matches(exc, Value(exception_types().cancelled_error));
}

template <class T>
T& self_as(const Value& self, TypeObject* type, const char* method) {
  if (!self.is_object() || !is_subtype(self.obj()->type(), type))
    raise_error(exception_types().type_error, std::string("descriptor '") + method + "' for '" +
                                                  type->name() + "' objects doesn't apply to a '" +
                                                  type_name(self) + "' object");
  return *self.as<T>();
}

// A method of locks.py that takes only self, named by its __qualname__.
void no_args(const char* qualname, Args args, KwArgs kwargs) {
  native_args::check_method_no_args(qualname, args, kwargs);
}

// A coroutine that runs `release` at its first send and returns None: the
// _ContextManagerMixin.__aexit__ of the locks (`self.release()`), and
// Barrier.__aexit__ (which does nothing).
class ReleaseOnExit final : public AwaitingCoroutine {
 public:
  ReleaseOnExit(Value owner, void (*release)(const Value&),
                std::string qualname = "_ContextManagerMixin.__aexit__")
      : AwaitingCoroutine(std::move(qualname)), owner_(std::move(owner)), release_(release) {}
  void clear_refs() override {
    AwaitingCoroutine::clear_refs();
    owner_ = Value();
  }

 private:
  Next resume(int, const Value&, const Value&) override {
    release_(owner_);
    return return_value(Value::none());
  }
  Value owner_;
  void (*release_)(const Value&);
};

// Mirrors _ContextManagerMixin.__aenter__: `await self.acquire(); return None`.
class AcquireOnEnter final : public AwaitingCoroutine {
 public:
  explicit AcquireOnEnter(Ref<CoroutineObject> acquire)
      : AwaitingCoroutine("_ContextManagerMixin.__aenter__"), acquire_(std::move(acquire)) {}
  void clear_refs() override {
    AwaitingCoroutine::clear_refs();
    acquire_ = Ref<CoroutineObject>();
  }

 private:
  Next resume(int pc, const Value&, const Value& exc) override {
    if (pc == 0) return await_coroutine(std::move(acquire_), 1);
    if (!exc.is_null()) reraise(exc);
    return return_value(Value::none());
  }
  Ref<CoroutineObject> acquire_;
};

// _ContextManagerMixin.__aexit__(self, exc_type, exc, tb).
void check_aexit_args(Args args, KwArgs kwargs) {
  static constexpr native_args::Param kParams[] = {{"exc_type"}, {"exc"}, {"tb"}};
  Value v[3];
  native_args::bind_method("_ContextManagerMixin.__aexit__", 3, args, kwargs, kParams, v);
}

}  // namespace

// ---- Lock -------------------------------------------------------------------

// Mirrors asyncio/locks.py Lock.acquire.
class LockAcquire final : public AwaitingCoroutine {
 public:
  explicit LockAcquire(Ref<LockObject> lock) : AwaitingCoroutine("Lock.acquire"), lock_(std::move(lock)) {}
  Value receiver() const override { return Value(lock_); }
  void clear_refs() override {
    AwaitingCoroutine::clear_refs();
    lock_ = Ref<LockObject>();
    fut_ = Ref<FutureObject>();
  }

 private:
  Next resume(int pc, const Value&, const Value& exc) override {
    LockObject& lock = *lock_;
    if (pc == 0) {
      if (!lock.locked_ && std::all_of(lock.waiters_.begin(), lock.waiters_.end(),
                                       [](const auto& w) { return w->cancelled(); })) {
        lock.locked_ = true;
        return return_value(Value::from_bool(true));
      }
      fut_ = lock.get_loop().create_future();
      lock.waiters_.push_back(fut_);
      return await_future(fut_, 1);
    }
    // The finally runs before the CancelledError handling, so that
    // _wake_up_first() cannot pick this waiter again.
    remove_waiter(lock.waiters_, fut_.get());
    if (!exc.is_null()) {
      if (is_cancelled_error(exc) && !lock.locked_) lock.wake_up_first();
      reraise(exc);
    }
    lock.locked_ = true;
    return return_value(Value::from_bool(true));
  }

  Ref<LockObject> lock_;
  Ref<FutureObject> fut_;
};

LockObject::LockObject() : LoopBoundObject(ObjKind::kOther, lock_type()) {}

void LockObject::clear_refs() {
  LoopBoundObject::clear_refs();
  waiters_.clear();
}

// Mirrors Lock.__repr__.
std::string LockObject::repr() const { return repr_with(locked_ ? "locked" : "unlocked", waiters_.size()); }

// Mirrors Lock.release.
void LockObject::release() {
  if (!locked_) raise_error(exception_types().runtime_error, "Lock is not acquired.");
  locked_ = false;
  wake_up_first();
}

// Mirrors Lock._wake_up_first: a done first waiter (woken, not yet run)
// keeps the baton; it takes the lock or passes it on when it runs.
void LockObject::wake_up_first() {
  if (waiters_.empty()) return;
  Ref<FutureObject> fut = waiters_.front();
  if (!fut->done()) fut->set_result(Value::from_bool(true));
}

Ref<CoroutineObject> LockObject::acquire() { return make<LockAcquire>(Ref<LockObject>(this)); }

// ---- Event ------------------------------------------------------------------

// Mirrors asyncio/locks.py Event.wait.
class EventWait final : public AwaitingCoroutine {
 public:
  explicit EventWait(Ref<EventObject> event) : AwaitingCoroutine("Event.wait"), event_(std::move(event)) {}
  Value receiver() const override { return Value(event_); }
  void clear_refs() override {
    AwaitingCoroutine::clear_refs();
    event_ = Ref<EventObject>();
    fut_ = Ref<FutureObject>();
  }

 private:
  Next resume(int pc, const Value&, const Value& exc) override {
    EventObject& event = *event_;
    if (pc == 0) {
      if (event.value_) return return_value(Value::from_bool(true));
      fut_ = event.get_loop().create_future();
      event.waiters_.push_back(fut_);
      return await_future(fut_, 1);
    }
    remove_waiter(event.waiters_, fut_.get());  // finally
    if (!exc.is_null()) reraise(exc);
    return return_value(Value::from_bool(true));
  }

  Ref<EventObject> event_;
  Ref<FutureObject> fut_;
};

EventObject::EventObject() : LoopBoundObject(ObjKind::kOther, event_type()) {}

void EventObject::clear_refs() {
  LoopBoundObject::clear_refs();
  waiters_.clear();
}

// Mirrors Event.__repr__.
std::string EventObject::repr() const { return repr_with(value_ ? "set" : "unset", waiters_.size()); }

// Mirrors Event.set.
void EventObject::set() {
  if (value_) return;
  value_ = true;
  // set_result schedules callbacks only (call_soon): the deque cannot change
  // during the loop; a copy keeps that independent of FutureObject.
  Waiters waiters = waiters_;
  for (const Ref<FutureObject>& fut : waiters)
    if (!fut->done()) fut->set_result(Value::from_bool(true));
}

Ref<CoroutineObject> EventObject::wait() { return make<EventWait>(Ref<EventObject>(this)); }

// ---- Semaphore and BoundedSemaphore -----------------------------------------

namespace {

// Mirrors asyncio/locks.py Semaphore (3.11.7) and BoundedSemaphore.
// Invariant: value_ >= 0; a woken waiter has already taken its unit
// (_wake_up_next decrements value_ for it).
class SemaphoreObject final : public LoopBoundObject {
 public:
  SemaphoreObject(TypeObject* type, int64_t value, bool bounded)
      : LoopBoundObject(ObjKind::kOther, type), value_(value), bound_value_(value), bounded_(bounded) {}
  void clear_refs() override {
    LoopBoundObject::clear_refs();
    waiters_.clear();
  }

  // Mirrors Semaphore.__repr__.
  std::string repr() const override {
    return repr_with(locked() ? "locked" : "unlocked, value:" + std::to_string(value_), waiters_.size());
  }

  // Mirrors Semaphore.locked.
  bool locked() const {
    return value_ == 0 ||
           std::any_of(waiters_.begin(), waiters_.end(), [](const auto& w) { return !w->cancelled(); });
  }

  // Mirrors BoundedSemaphore.release, then Semaphore.release.
  void release() {
    if (bounded_ && value_ >= bound_value_)
      raise_error(exception_types().value_error, "BoundedSemaphore released too many times");
    value_ += 1;
    wake_up_next();
  }

  // Mirrors Semaphore._wake_up_next: the unit is reserved for the woken waiter.
  void wake_up_next() {
    for (const Ref<FutureObject>& fut : waiters_) {
      if (!fut->done()) {
        value_ -= 1;
        fut->set_result(Value::from_bool(true));
        return;
      }
    }
  }

  Waiters waiters_;
  int64_t value_;
  int64_t bound_value_;
  bool bounded_;
};

// Mirrors asyncio/locks.py Semaphore.acquire (3.11.7).
class SemaphoreAcquire final : public AwaitingCoroutine {
 public:
  explicit SemaphoreAcquire(Ref<SemaphoreObject> sem)
      : AwaitingCoroutine("Semaphore.acquire"), sem_(std::move(sem)) {}
  Value receiver() const override { return Value(sem_); }
  void clear_refs() override {
    AwaitingCoroutine::clear_refs();
    sem_ = Ref<SemaphoreObject>();
    fut_ = Ref<FutureObject>();
  }

 private:
  Next resume(int pc, const Value&, const Value& exc) override {
    SemaphoreObject& sem = *sem_;
    if (pc == 0) {
      if (!sem.locked()) {
        sem.value_ -= 1;
        return return_value(Value::from_bool(true));
      }
      fut_ = sem.get_loop().create_future();
      sem.waiters_.push_back(fut_);
      return await_future(fut_, 1);
    }
    remove_waiter(sem.waiters_, fut_.get());  // the finally, before the except
    if (!exc.is_null()) {
      // Woken (its unit reserved) and then cancelled: give the unit on.
      if (is_cancelled_error(exc) && !fut_->cancelled()) {
        sem.value_ += 1;
        sem.wake_up_next();
      }
      reraise(exc);
    }
    if (sem.value_ > 0) sem.wake_up_next();
    return return_value(Value::from_bool(true));
  }

  Ref<SemaphoreObject> sem_;
  Ref<FutureObject> fut_;
};

// ---- Condition ----------------------------------------------------------------

// Mirrors asyncio/locks.py Condition. Invariant: lock_ is the lock whose
// locked/acquire/release the condition exports.
class ConditionObject final : public LoopBoundObject {
 public:
  explicit ConditionObject(Ref<LockObject> lock)
      : LoopBoundObject(ObjKind::kOther, condition_type()), lock_(std::move(lock)) {}
  void clear_refs() override {
    LoopBoundObject::clear_refs();
    lock_ = Ref<LockObject>();
    waiters_.clear();
  }
  // Mirrors Condition.__repr__.
  std::string repr() const override {
    return repr_with(lock_->locked() ? "locked" : "unlocked", waiters_.size());
  }

  // Mirrors Condition.notify.
  void notify(int64_t n) {
    if (!lock_->locked()) raise_error(exception_types().runtime_error, "cannot notify on un-acquired lock");
    int64_t idx = 0;
    Waiters waiters = waiters_;
    for (const Ref<FutureObject>& fut : waiters) {
      if (idx >= n) break;
      if (!fut->done()) {
        idx += 1;
        fut->set_result(Value::from_bool(false));
      }
    }
  }

  Ref<LockObject> lock_;
  Waiters waiters_;
};

// Mirrors asyncio/locks.py Condition.wait:
//   pc 0: release the lock, wait for a notify (-> 1)
//   pc 1: the notify wait ended (result or exception kept in pending_)
//   pc 2: `await self.acquire()` in the finally's loop ended
class ConditionWait final : public AwaitingCoroutine {
 public:
  explicit ConditionWait(Ref<ConditionObject> cond)
      : AwaitingCoroutine("Condition.wait"), cond_(std::move(cond)) {}
  Value receiver() const override { return Value(cond_); }
  void clear_refs() override {
    AwaitingCoroutine::clear_refs();
    cond_ = Ref<ConditionObject>();
    fut_ = Ref<FutureObject>();
    pending_ = Value();
  }

 private:
  Next resume(int pc, const Value&, const Value& exc) override {
    ConditionObject& cond = *cond_;
    switch (pc) {
      case 0:
        if (!cond.lock_->locked())
          raise_error(exception_types().runtime_error, "cannot wait on un-acquired lock");
        cond.lock_->release();
        try {
          fut_ = cond.get_loop().create_future();
        } catch (PyException& e) {
          pending_ = e.exc;
          return reacquire();
        }
        cond.waiters_.push_back(fut_);
        return await_future(fut_, 1);
      case 1:
        remove_waiter(cond.waiters_, fut_.get());
        pending_ = exc;  // null: `return True` once the lock is held again
        return reacquire();
      default:
        if (!exc.is_null()) {
          if (!is_cancelled_error(exc)) reraise(exc);
          cancelled_ = true;
          return reacquire();
        }
        if (cancelled_)
          reraise(Value(new_exception(exception_types().cancelled_error, std::vector<Value>{})));
        if (!pending_.is_null()) reraise(pending_);
        return return_value(Value::from_bool(true));
    }
  }

  // The finally: "Must reacquire lock even if wait is cancelled".
  Next reacquire() { return await_coroutine(cond_->lock_->acquire(), 2); }

  Ref<ConditionObject> cond_;
  Ref<FutureObject> fut_;
  Value pending_;
  bool cancelled_ = false;
};

// Mirrors asyncio/locks.py Condition.wait_for. The predicate is a Python
// callable, or one of Barrier's lambdas.
class ConditionWaitFor final : public AwaitingCoroutine {
 public:
  using Predicate = std::function<Value()>;
  ConditionWaitFor(Ref<ConditionObject> cond, Predicate predicate)
      : AwaitingCoroutine("Condition.wait_for"), cond_(std::move(cond)), predicate_(std::move(predicate)) {}
  Value receiver() const override { return Value(cond_); }
  void clear_refs() override {
    AwaitingCoroutine::clear_refs();
    cond_ = Ref<ConditionObject>();
    predicate_ = nullptr;
  }

 private:
  Next resume(int pc, const Value&, const Value& exc) override {
    if (pc == 1 && !exc.is_null()) reraise(exc);
    Value result = predicate_();
    if (!is_truthy(result)) return await_coroutine(make<ConditionWait>(cond_), 1);
    return return_value(result);
  }

  Ref<ConditionObject> cond_;
  Predicate predicate_;
};

// ---- Barrier ------------------------------------------------------------------

// Mirrors asyncio/locks.py Barrier and _BarrierState. Invariant: count_ is
// the number of tasks inside wait(); cond_ serializes every state change.
class BarrierObject final : public LoopBoundObject {
 public:
  enum class State : uint8_t { kFilling, kDraining, kResetting, kBroken };

  explicit BarrierObject(int64_t parties)
      : LoopBoundObject(ObjKind::kOther, barrier_type()),
        cond_(make<ConditionObject>(make<LockObject>())),
        parties_(parties) {}
  void clear_refs() override {
    LoopBoundObject::clear_refs();
    cond_ = Ref<ConditionObject>();
  }

  // Mirrors Barrier.__repr__.
  std::string repr() const override {
    std::string extra = kStateNames[static_cast<int>(state_)];
    if (state_ != State::kBroken)
      extra += ", waiters:" + std::to_string(n_waiting()) + "/" + std::to_string(parties_);
    return repr_with(extra, 0);
  }
  // Mirrors Barrier.n_waiting.
  int64_t n_waiting() const { return state_ == State::kFilling ? count_ : 0; }

  // Mirrors Barrier._exit.
  void exit() {
    if (count_ == 0) {
      if (state_ == State::kResetting || state_ == State::kDraining) state_ = State::kFilling;
      cond_->notify(static_cast<int64_t>(cond_->waiters_.size()));
    }
  }

  // A wait_for predicate over the state.
  ConditionWaitFor::Predicate state_is_not(State a, State b) {
    Ref<BarrierObject> self(this);
    return [self, a, b] { return Value::from_bool(self->state_ != a && self->state_ != b); };
  }

  static constexpr const char* kStateNames[] = {"filling", "draining", "resetting", "broken"};
  Ref<ConditionObject> cond_;
  int64_t parties_;
  State state_ = State::kFilling;
  int64_t count_ = 0;
};

TypeObject* broken_barrier_error() {
  static TypeObject* t = new_builtin_type("BrokenBarrierError", exception_types().runtime_error,
                                          kTypeException, "asyncio.exceptions");
  return t;
}

Value broken_barrier(const char* message) { return Value(new_exception(broken_barrier_error(), message)); }

// Mirrors asyncio/locks.py Barrier.wait with its `async with self._cond`,
// _block, _release and _wait inlined (they are only ever awaited here):
//   pc 0: acquire the condition's lock (-> 1)
//   pc 1: _block: wait_for not draining/resetting (-> 2)
//   pc 2: take an index; the last party releases, the others _wait (-> 3)
//   pc 3: _wait ended; the finally and the lock's release
class BarrierWait final : public AwaitingCoroutine {
 public:
  explicit BarrierWait(Ref<BarrierObject> barrier)
      : AwaitingCoroutine("Barrier.wait"), b_(std::move(barrier)) {}
  Value receiver() const override { return Value(b_); }
  void clear_refs() override {
    AwaitingCoroutine::clear_refs();
    b_ = Ref<BarrierObject>();
  }

 private:
  using State = BarrierObject::State;

  Next resume(int pc, const Value&, const Value& exc) override {
    BarrierObject& b = *b_;
    switch (pc) {
      case 0:
        return await_coroutine(b.cond_->lock_->acquire(), 1);
      case 1:
        if (!exc.is_null()) reraise(exc);
        return await_coroutine(
            make<ConditionWaitFor>(b.cond_, b.state_is_not(State::kDraining, State::kResetting)), 2);
      case 2:
        if (!exc.is_null()) return leave_cond(exc);
        if (b.state_ == State::kBroken) return leave_cond(broken_barrier("Barrier aborted"));
        index_ = b.count_;
        b.count_ += 1;
        if (index_ + 1 == b.parties_) {  // _release
          b.state_ = State::kDraining;
          b.cond_->notify(static_cast<int64_t>(b.cond_->waiters_.size()));
          return leave_wait(Value());
        }
        return await_coroutine(
            make<ConditionWaitFor>(b.cond_, b.state_is_not(State::kFilling, State::kFilling)), 3);
      default:
        if (exc.is_null() && (b.state_ == State::kBroken || b.state_ == State::kResetting))
          return leave_wait(broken_barrier("Abort or reset of barrier"));
        return leave_wait(exc);
    }
  }

  // The try's finally: `self._count -= 1; self._exit()`.
  Next leave_wait(const Value& exc) {
    b_->count_ -= 1;
    b_->exit();
    return leave_cond(exc);
  }

  // The end of `async with self._cond`: release, then return or raise.
  Next leave_cond(const Value& exc) {
    b_->cond_->lock_->release();
    if (!exc.is_null()) reraise(exc);
    return return_value(Value::from_int(index_));
  }

  Ref<BarrierObject> b_;
  int64_t index_ = 0;
};

// Mirrors Barrier.reset and Barrier.abort: `async with self._cond:` a state
// change and notify_all().
class BarrierChange final : public AwaitingCoroutine {
 public:
  BarrierChange(Ref<BarrierObject> barrier, bool abort)
      : AwaitingCoroutine(abort ? "Barrier.abort" : "Barrier.reset"), b_(std::move(barrier)), abort_(abort) {}
  void clear_refs() override {
    AwaitingCoroutine::clear_refs();
    b_ = Ref<BarrierObject>();
  }

 private:
  using State = BarrierObject::State;

  Next resume(int pc, const Value&, const Value& exc) override {
    BarrierObject& b = *b_;
    if (pc == 0) return await_coroutine(b.cond_->lock_->acquire(), 1);
    if (!exc.is_null()) reraise(exc);
    if (abort_)
      b.state_ = State::kBroken;
    else if (b.count_ > 0)
      b.state_ = State::kResetting;
    else
      b.state_ = State::kFilling;
    b.cond_->notify(static_cast<int64_t>(b.cond_->waiters_.size()));
    b.cond_->lock_->release();
    return return_value(Value::none());
  }

  Ref<BarrierObject> b_;
  bool abort_;
};

// ---- Python-visible methods -------------------------------------------------

LockObject& self_lock(const Value& self, const char* m) { return self_as<LockObject>(self, lock_type(), m); }
EventObject& self_event(const Value& self, const char* m) {
  return self_as<EventObject>(self, event_type(), m);
}
SemaphoreObject& self_sem(const Value& self, const char* m) {
  return self_as<SemaphoreObject>(self, semaphore_type(), m);
}
ConditionObject& self_cond(const Value& self, const char* m) {
  return self_as<ConditionObject>(self, condition_type(), m);
}

std::string repr_loop_bound(const Value& self) { return self.as<LoopBoundObject>()->repr(); }

Value lock_locked(const Value& self, Args args, KwArgs kwargs) {
  no_args("Lock.locked", args, kwargs);
  return Value::from_bool(self_lock(self, "locked").locked());
}
Value lock_acquire(const Value& self, Args args, KwArgs kwargs) {
  no_args("Lock.acquire", args, kwargs);
  return Value(self_lock(self, "acquire").acquire());
}
Value lock_release(const Value& self, Args args, KwArgs kwargs) {
  no_args("Lock.release", args, kwargs);
  self_lock(self, "release").release();
  return Value::none();
}
Value lock_aenter(const Value& self, Args args, KwArgs kwargs) {
  no_args("_ContextManagerMixin.__aenter__", args, kwargs);
  return Value(make<AcquireOnEnter>(self_lock(self, "__aenter__").acquire()));
}
Value lock_aexit(const Value& self, Args args, KwArgs kwargs) {
  check_aexit_args(args, kwargs);
  self_lock(self, "__aexit__");
  return Value(make<ReleaseOnExit>(self, [](const Value& s) { s.as<LockObject>()->release(); }));
}

Value event_is_set(const Value& self, Args args, KwArgs kwargs) {
  no_args("Event.is_set", args, kwargs);
  return Value::from_bool(self_event(self, "is_set").is_set());
}
Value event_set(const Value& self, Args args, KwArgs kwargs) {
  no_args("Event.set", args, kwargs);
  self_event(self, "set").set();
  return Value::none();
}
Value event_clear(const Value& self, Args args, KwArgs kwargs) {
  no_args("Event.clear", args, kwargs);
  self_event(self, "clear").clear();
  return Value::none();
}
Value event_wait(const Value& self, Args args, KwArgs kwargs) {
  no_args("Event.wait", args, kwargs);
  return Value(self_event(self, "wait").wait());
}

Value sem_locked(const Value& self, Args args, KwArgs kwargs) {
  no_args("Semaphore.locked", args, kwargs);
  return Value::from_bool(self_sem(self, "locked").locked());
}
Value sem_acquire(const Value& self, Args args, KwArgs kwargs) {
  no_args("Semaphore.acquire", args, kwargs);
  return Value(make<SemaphoreAcquire>(Ref<SemaphoreObject>(&self_sem(self, "acquire"))));
}
Value sem_release(const Value& self, Args args, KwArgs kwargs) {
  SemaphoreObject& sem = self_sem(self, "release");
  // BoundedSemaphore overrides release; acquire and locked are inherited.
  no_args(sem.type() == bounded_semaphore_type() ? "BoundedSemaphore.release" : "Semaphore.release", args,
          kwargs);
  sem.release();
  return Value::none();
}
Value sem_aenter(const Value& self, Args args, KwArgs kwargs) {
  no_args("_ContextManagerMixin.__aenter__", args, kwargs);
  Ref<SemaphoreObject> sem(&self_sem(self, "__aenter__"));
  return Value(make<AcquireOnEnter>(make<SemaphoreAcquire>(sem)));
}
Value sem_aexit(const Value& self, Args args, KwArgs kwargs) {
  check_aexit_args(args, kwargs);
  self_sem(self, "__aexit__");
  return Value(make<ReleaseOnExit>(self, [](const Value& s) { s.as<SemaphoreObject>()->release(); }));
}

Value cond_locked(const Value& self, Args args, KwArgs kwargs) {
  no_args("Lock.locked", args, kwargs);
  return Value::from_bool(self_cond(self, "locked").lock_->locked());
}
Value cond_acquire(const Value& self, Args args, KwArgs kwargs) {
  no_args("Lock.acquire", args, kwargs);
  return Value(self_cond(self, "acquire").lock_->acquire());
}
Value cond_release(const Value& self, Args args, KwArgs kwargs) {
  no_args("Lock.release", args, kwargs);
  self_cond(self, "release").lock_->release();
  return Value::none();
}
Value cond_aenter(const Value& self, Args args, KwArgs kwargs) {
  no_args("_ContextManagerMixin.__aenter__", args, kwargs);
  return Value(make<AcquireOnEnter>(self_cond(self, "__aenter__").lock_->acquire()));
}
Value cond_aexit(const Value& self, Args args, KwArgs kwargs) {
  check_aexit_args(args, kwargs);
  self_cond(self, "__aexit__");
  return Value(make<ReleaseOnExit>(self, [](const Value& s) { s.as<ConditionObject>()->lock_->release(); }));
}
Value cond_wait(const Value& self, Args args, KwArgs kwargs) {
  no_args("Condition.wait", args, kwargs);
  return Value(make<ConditionWait>(Ref<ConditionObject>(&self_cond(self, "wait"))));
}
Value cond_wait_for(const Value& self, Args args, KwArgs kwargs) {
  static constexpr native_args::Param kParams[] = {{"predicate"}};
  Value v[1];
  native_args::bind_method("Condition.wait_for", 1, args, kwargs, kParams, v);
  Value predicate = v[0];
  return Value(make<ConditionWaitFor>(Ref<ConditionObject>(&self_cond(self, "wait_for")),
                                      [predicate] { return call(predicate, {}); }));
}
// Mirrors Condition.notify(n=1).
Value cond_notify(const Value& self, Args args, KwArgs kwargs) {
  static constexpr native_args::Param kParams[] = {{"n"}};
  Value v[1];
  native_args::bind_method("Condition.notify", 0, args, kwargs, kParams, v);
  int64_t n = 1;
  if (!v[0].is_null()) {
    if (!v[0].is_int())
      raise_error(exception_types().type_error,
                  "'>=' not supported between instances of 'int' and '" + type_name(v[0]) + "'");
    n = v[0].as_int();
  }
  self_cond(self, "notify").notify(n);
  return Value::none();
}
// Mirrors Condition.notify_all: notify(len(self._waiters)).
Value cond_notify_all(const Value& self, Args args, KwArgs kwargs) {
  no_args("Condition.notify_all", args, kwargs);
  ConditionObject& cond = self_cond(self, "notify_all");
  cond.notify(static_cast<int64_t>(cond.waiters_.size()));
  return Value::none();
}

BarrierObject& self_barrier(const Value& self, const char* m) {
  return self_as<BarrierObject>(self, barrier_type(), m);
}
Value barrier_wait(const Value& self, Args args, KwArgs kwargs) {
  no_args("Barrier.wait", args, kwargs);
  return Value(make<BarrierWait>(Ref<BarrierObject>(&self_barrier(self, "wait"))));
}
Value barrier_reset(const Value& self, Args args, KwArgs kwargs) {
  no_args("Barrier.reset", args, kwargs);
  return Value(make<BarrierChange>(Ref<BarrierObject>(&self_barrier(self, "reset")), false));
}
Value barrier_abort(const Value& self, Args args, KwArgs kwargs) {
  no_args("Barrier.abort", args, kwargs);
  return Value(make<BarrierChange>(Ref<BarrierObject>(&self_barrier(self, "abort")), true));
}
// Barrier.__aenter__: `return await self.wait()`.
Value barrier_aenter(const Value& self, Args args, KwArgs kwargs) {
  no_args("Barrier.__aenter__", args, kwargs);
  return Value(make<BarrierWait>(Ref<BarrierObject>(&self_barrier(self, "__aenter__"))));
}
// Barrier.__aexit__(*args): does nothing.
Value barrier_aexit(const Value& self, Args, KwArgs kwargs) {
  if (!kwargs.empty())
    raise_error(exception_types().type_error, "Barrier.__aexit__() got an unexpected keyword argument '" +
                                                  std::string(kwargs[0].name) + "'");
  self_barrier(self, "__aexit__");
  return Value(make<ReleaseOnExit>(
      self, [](const Value&) {}, "Barrier.__aexit__"));
}
// The properties parties, n_waiting, broken.
Value barrier_attr(const Value& self, std::string_view name) {
  const BarrierObject& b = *self.as<BarrierObject>();
  if (name == "parties") return Value::from_int(b.parties_);
  if (name == "n_waiting") return Value::from_int(b.n_waiting());
  if (name == "broken") return Value::from_bool(b.state_ == BarrierObject::State::kBroken);
  return Value();
}

// ---- Constructors ------------------------------------------------------------

Value construct_lock(TypeObject*, Args args, KwArgs kwargs) {
  native_args::check_method_no_args("Lock.__init__", args, kwargs);
  return Value(make<LockObject>());
}
Value construct_event(TypeObject*, Args args, KwArgs kwargs) {
  native_args::check_method_no_args("Event.__init__", args, kwargs);
  return Value(make<EventObject>());
}

// Semaphore(value=1) / BoundedSemaphore(value=1).
Value construct_semaphore(TypeObject* type, Args args, KwArgs kwargs) {
  bool bounded = type == bounded_semaphore_type();
  std::string name = type->name();
  static constexpr native_args::Param kParams[] = {{"value"}};
  Value v[1];
  native_args::bind_method(name + ".__init__", 0, args, kwargs, kParams, v);
  int64_t value = 1;
  if (!v[0].is_null()) {
    if (!v[0].is_int() && !v[0].is_bool())
      raise_error(exception_types().type_error,
                  "Semaphore value must be an int (corosim), not " + type_name(v[0]));
    value = v[0].is_bool() ? v[0].as_bool() : v[0].as_int();
  }
  if (value < 0) raise_error(exception_types().value_error, "Semaphore initial value must be >= 0");
  return Value(make<SemaphoreObject>(type, value, bounded));
}

// Condition(lock=None).
Value construct_condition(TypeObject*, Args args, KwArgs kwargs) {
  static constexpr native_args::Param kParams[] = {{"lock"}};
  Value v[1];
  native_args::bind_method("Condition.__init__", 0, args, kwargs, kParams, v);
  Value lock = native_args::or_none(v[0]);
  if (lock.is_none()) return Value(make<ConditionObject>(make<LockObject>()));
  if (!lock.is_object() || lock.obj()->type() != lock_type())
    raise_error(exception_types().type_error,
                "Condition(lock): corosim supports an asyncio.Lock, not " + type_name(lock));
  return Value(make<ConditionObject>(Ref<LockObject>(lock.as<LockObject>())));
}

// Barrier(parties).
Value construct_barrier(TypeObject*, Args args, KwArgs kwargs) {
  static constexpr native_args::Param kParams[] = {{"parties"}};
  Value v[1];
  native_args::bind_method("Barrier.__init__", 1, args, kwargs, kParams, v);
  if (!v[0].is_int())
    raise_error(exception_types().type_error,
                "Barrier parties must be an int (corosim), not " + type_name(v[0]));
  if (v[0].as_int() < 1) raise_error(exception_types().value_error, "parties must be > 0");
  return Value(make<BarrierObject>(v[0].as_int()));
}

struct MethodEntry {
  const char* name;
  NativeFn fn;
};

constexpr MethodEntry kLockMethods[] = {{"locked", lock_locked},
                                        {"acquire", lock_acquire},
                                        {"release", lock_release},
                                        {"__aenter__", lock_aenter},
                                        {"__aexit__", lock_aexit}};
constexpr MethodEntry kEventMethods[] = {
    {"is_set", event_is_set}, {"set", event_set}, {"clear", event_clear}, {"wait", event_wait}};
constexpr MethodEntry kSemaphoreMethods[] = {{"locked", sem_locked},
                                             {"acquire", sem_acquire},
                                             {"release", sem_release},
                                             {"__aenter__", sem_aenter},
                                             {"__aexit__", sem_aexit}};
constexpr MethodEntry kConditionMethods[] = {{"locked", cond_locked},         {"acquire", cond_acquire},
                                             {"release", cond_release},       {"wait", cond_wait},
                                             {"wait_for", cond_wait_for},     {"notify", cond_notify},
                                             {"notify_all", cond_notify_all}, {"__aenter__", cond_aenter},
                                             {"__aexit__", cond_aexit}};

constexpr MethodEntry kBarrierMethods[] = {{"wait", barrier_wait},
                                           {"reset", barrier_reset},
                                           {"abort", barrier_abort},
                                           {"__aenter__", barrier_aenter},
                                           {"__aexit__", barrier_aexit}};

template <size_t N>
TypeObject* new_lock_type(const char* name, TypeObject* base, ConstructSlot construct,
                          const MethodEntry (&methods)[N]) {
  TypeObject* t = new_builtin_type(name, base, 0, "asyncio.locks");
  t->construct = construct;
  t->repr = repr_loop_bound;
  for (const MethodEntry& m : methods) add_method(t, m.name, m.fn);
  return t;
}

}  // namespace

TypeObject* lock_type() {
  static TypeObject* t = new_lock_type("Lock", builtin_types().object, construct_lock, kLockMethods);
  return t;
}
TypeObject* event_type() {
  static TypeObject* t = new_lock_type("Event", builtin_types().object, construct_event, kEventMethods);
  return t;
}
TypeObject* condition_type() {
  static TypeObject* t =
      new_lock_type("Condition", builtin_types().object, construct_condition, kConditionMethods);
  return t;
}
TypeObject* semaphore_type() {
  static TypeObject* t =
      new_lock_type("Semaphore", builtin_types().object, construct_semaphore, kSemaphoreMethods);
  return t;
}
TypeObject* barrier_type() {
  static TypeObject* t = [] {
    TypeObject* b = new_lock_type("Barrier", builtin_types().object, construct_barrier, kBarrierMethods);
    b->get_attr = barrier_attr;
    return b;
  }();
  return t;
}
TypeObject* broken_barrier_error_type() { return broken_barrier_error(); }
TypeObject* bounded_semaphore_type() {
  static constexpr MethodEntry kNone[] = {{"release", sem_release}};
  static TypeObject* t = new_lock_type("BoundedSemaphore", semaphore_type(), construct_semaphore, kNone);
  return t;
}

}  // namespace corosim
