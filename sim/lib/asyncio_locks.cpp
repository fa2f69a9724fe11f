#include "sim/lib/asyncio_locks.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "sim/lib/asyncio_tasks.h"
#include "sim/loop/native_args.h"
#include "sim/loop/native_coroutine.h"
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

// Mirrors _ContextManagerMixin.__aexit__ (`self.release()`) of the locks,
// and Barrier.__aexit__ (`pass`): `release` runs at the first send.
AsyncBody release_on_exit_body(Value self, void (*release)(const Value&)) {
  release(self);
  co_return Value::none();
}

Value release_on_exit(Value self, void (*release)(const Value&),
                      std::string qualname = "_ContextManagerMixin.__aexit__") {
  return Value(make_native_coroutine(std::move(qualname), release_on_exit_body(self, release)));
}

// Mirrors _ContextManagerMixin.__aenter__: `await self.acquire(); return
// None` (the acquire coroutine is made when __aenter__ is called).
AsyncBody acquire_on_enter_body(Ref<CoroutineObject> acquire) {
  co_await Value(acquire);
  co_return Value::none();
}

Value acquire_on_enter(Ref<CoroutineObject> acquire) {
  return Value(make_native_coroutine("_ContextManagerMixin.__aenter__",
                                     acquire_on_enter_body(std::move(acquire))));
}

// _ContextManagerMixin.__aexit__(self, exc_type, exc, tb).
void check_aexit_args(Args args, KwArgs kwargs) {
  static constexpr native_args::Param kParams[] = {{"exc_type"}, {"exc"}, {"tb"}};
  Value v[3];
  native_args::bind_method("_ContextManagerMixin.__aexit__", 3, args, kwargs, kParams, v);
}

}  // namespace

// ---- Lock -------------------------------------------------------------------

// Mirrors asyncio/locks.py Lock.acquire (3.11.7).
AsyncBody LockObject::acquire_body(Ref<LockObject> self) {
  if (!self->locked_ && std::all_of(self->waiters_.begin(), self->waiters_.end(),
                                    [](const auto& w) { return w->cancelled(); })) {
    self->locked_ = true;
    co_return Value::from_bool(true);
  }

  Ref<FutureObject> fut = self->get_loop().create_future();
  self->waiters_.push_back(fut);

  // Finally block should be called before the CancelledError handling as
  // we don't want CancelledError to call _wake_up_first() and attempt to
  // wake up itself.
  Value exc;  // what `await fut` raised
  try {
    co_await Value(fut);
  } catch (PyException& e) {
    exc = e.exc;
  }
  remove_waiter(self->waiters_, fut.get());
  if (!exc.is_null()) {
    if (is_cancelled_error(exc) && !self->locked_) self->wake_up_first();
    raise_exception(exc);
  }

  self->locked_ = true;
  co_return Value::from_bool(true);
}

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

Ref<CoroutineObject> LockObject::acquire() {
  return make_native_coroutine("Lock.acquire", acquire_body(Ref<LockObject>(this)), Value(this));
}

// ---- Event ------------------------------------------------------------------

// Mirrors asyncio/locks.py Event.wait (3.11.7).
AsyncBody EventObject::wait_body(Ref<EventObject> self) {
  if (self->value_) co_return Value::from_bool(true);

  Ref<FutureObject> fut = self->get_loop().create_future();
  self->waiters_.push_back(fut);
  Value exc;  // what `await fut` raised
  try {
    co_await Value(fut);
  } catch (PyException& e) {
    exc = e.exc;
  }
  remove_waiter(self->waiters_, fut.get());  // finally
  if (!exc.is_null()) raise_exception(exc);
  co_return Value::from_bool(true);
}

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

Ref<CoroutineObject> EventObject::wait() {
  return make_native_coroutine("Event.wait", wait_body(Ref<EventObject>(this)), Value(this));
}

// ---- Semaphore and BoundedSemaphore -----------------------------------------

namespace {

// Mirrors asyncio/locks.py Semaphore (3.11.7) and BoundedSemaphore. The
// value is any Python number, as in CPython, which only compares it with 0
// and adds or subtracts 1 (Semaphore(1.5) admits two holders and reaches
// -0.5). A woken waiter has already taken its unit (_wake_up_next
// subtracts it).
class SemaphoreObject final : public LoopBoundObject {
 public:
  SemaphoreObject(TypeObject* type, Value value, bool bounded)
      : LoopBoundObject(ObjKind::kOther, type), value_(value), bound_value_(value), bounded_(bounded) {}
  void clear_refs() override {
    LoopBoundObject::clear_refs();
    waiters_.clear();
    value_ = Value::from_int(0);
    bound_value_ = Value::from_int(0);
  }

  // Mirrors Semaphore.__repr__.
  std::string repr() const override {
    return repr_with(locked() ? "locked" : "unlocked, value:" + str(value_), waiters_.size());
  }

  // Mirrors Semaphore.locked.
  bool locked() const {
    return equals(value_, Value::from_int(0)) ||
           std::any_of(waiters_.begin(), waiters_.end(), [](const auto& w) { return !w->cancelled(); });
  }

  // Mirrors BoundedSemaphore.release, then Semaphore.release.
  void release() {
    if (bounded_ && compare_bool(CompareOp::kGe, value_, bound_value_))
      raise_error(exception_types().value_error, "BoundedSemaphore released too many times");
    add_one(BinaryOp::kAdd);
    wake_up_next();
  }

  // Mirrors Semaphore._wake_up_next: the unit is reserved for the woken waiter.
  void wake_up_next() {
    for (const Ref<FutureObject>& fut : waiters_) {
      if (!fut->done()) {
        add_one(BinaryOp::kSub);
        fut->set_result(Value::from_bool(true));
        return;
      }
    }
  }

  // self._value += 1 (kAdd) or -= 1 (kSub), with Python's arithmetic.
  void add_one(BinaryOp op) { value_ = inplace_op(op, value_, Value::from_int(1)); }

  Waiters waiters_;
  Value value_;
  Value bound_value_;
  bool bounded_;
};

// Mirrors asyncio/locks.py Semaphore.acquire (3.11.7).
AsyncBody semaphore_acquire_body(Ref<SemaphoreObject> self) {
  if (!self->locked()) {
    self->add_one(BinaryOp::kSub);
    co_return Value::from_bool(true);
  }

  Ref<FutureObject> fut = self->get_loop().create_future();
  self->waiters_.push_back(fut);

  // Finally block should be called before the CancelledError handling as
  // we don't want CancelledError to call _wake_up_first() and attempt to
  // wake up itself.
  Value exc;  // what `await fut` raised
  try {
    co_await Value(fut);
  } catch (PyException& e) {
    exc = e.exc;
  }
  remove_waiter(self->waiters_, fut.get());
  if (!exc.is_null()) {
    // Woken (its unit reserved) and then cancelled: give the unit on.
    if (is_cancelled_error(exc) && !fut->cancelled()) {
      self->add_one(BinaryOp::kAdd);
      self->wake_up_next();
    }
    raise_exception(exc);
  }

  if (compare_bool(CompareOp::kGt, self->value_, Value::from_int(0))) self->wake_up_next();
  co_return Value::from_bool(true);
}

Ref<CoroutineObject> semaphore_acquire(Ref<SemaphoreObject> sem) {
  Value receiver(sem);
  return make_native_coroutine("Semaphore.acquire", semaphore_acquire_body(std::move(sem)), receiver);
}

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

// Mirrors asyncio/locks.py Condition.wait (3.11.7).
AsyncBody condition_wait_body(Ref<ConditionObject> self) {
  if (!self->lock_->locked()) raise_error(exception_types().runtime_error, "cannot wait on un-acquired lock");

  self->lock_->release();
  Value pending;  // what the outer try raised: re-raised once the lock is held again
  Ref<FutureObject> fut;
  try {
    fut = self->get_loop().create_future();
  } catch (PyException& e) {
    pending = e.exc;
  }
  if (fut) {
    self->waiters_.push_back(fut);
    try {
      co_await Value(fut);
    } catch (PyException& e) {
      pending = e.exc;
    }
    remove_waiter(self->waiters_, fut.get());  // the inner finally
  }

  // The finally: must reacquire lock even if wait is cancelled.
  bool cancelled = false;
  while (true) {
    try {
      co_await Value(self->lock_->acquire());
      break;
    } catch (PyException& e) {
      if (!is_cancelled_error(e.exc)) throw;
      cancelled = true;
    }
  }

  if (cancelled) raise_exception(Value(new_exception(exception_types().cancelled_error, std::vector<Value>{})));
  if (!pending.is_null()) raise_exception(pending);
  co_return Value::from_bool(true);
}

Ref<CoroutineObject> condition_wait(Ref<ConditionObject> cond) {
  Value receiver(cond);
  return make_native_coroutine("Condition.wait", condition_wait_body(std::move(cond)), receiver);
}

// A wait_for predicate: a Python callable, or one of Barrier's lambdas.
using Predicate = std::function<Value()>;

// Mirrors asyncio/locks.py Condition.wait_for (3.11.7).
AsyncBody condition_wait_for_body(Ref<ConditionObject> self, Predicate predicate) {
  Value result = predicate();
  while (!is_truthy(result)) {
    co_await Value(condition_wait(self));
    result = predicate();
  }
  co_return result;
}

Ref<CoroutineObject> condition_wait_for(Ref<ConditionObject> cond, Predicate predicate) {
  Value receiver(cond);
  return make_native_coroutine("Condition.wait_for",
                               condition_wait_for_body(std::move(cond), std::move(predicate)), receiver);
}

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
  Predicate state_is_not(State a, State b) {
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

// Mirrors asyncio/locks.py Barrier.wait (3.11.7) with its `async with
// self._cond` (the condition's lock), _block, _release and _wait inlined
// (they are only ever awaited here).
AsyncBody barrier_wait_body(Ref<BarrierObject> self) {
  using State = BarrierObject::State;
  co_await Value(self->cond_->lock_->acquire());  // async with self._cond:
  Value exc;  // what the body of the `async with` raised
  int64_t index = 0;
  try {
    // _block: block while the barrier drains or resets.
    co_await Value(condition_wait_for(self->cond_, self->state_is_not(State::kDraining, State::kResetting)));
    if (self->state_ == State::kBroken) raise_exception(broken_barrier("Barrier aborted"));
    Value wait_exc;  // what the try raised: re-raised after the finally
    try {
      index = self->count_;
      self->count_ += 1;
      if (index + 1 == self->parties_) {
        // _release: we release the barrier.
        self->state_ = State::kDraining;
        self->cond_->notify(static_cast<int64_t>(self->cond_->waiters_.size()));
      } else {
        // _wait: wait for the end of filling.
        co_await Value(condition_wait_for(self->cond_, self->state_is_not(State::kFilling, State::kFilling)));
        if (self->state_ == State::kBroken || self->state_ == State::kResetting)
          raise_exception(broken_barrier("Abort or reset of barrier"));
      }
    } catch (PyException& e) {
      wait_exc = e.exc;
    }
    // finally
    self->count_ -= 1;
    self->exit();  // wake up any tasks waiting for barrier to drain
    if (!wait_exc.is_null()) raise_exception(wait_exc);
  } catch (PyException& e) {
    exc = e.exc;
  }
  self->cond_->lock_->release();  // the end of `async with self._cond`
  if (!exc.is_null()) raise_exception(exc);
  co_return Value::from_int(index);
}

Value barrier_wait(Ref<BarrierObject> barrier) {
  Value receiver(barrier);
  return Value(make_native_coroutine("Barrier.wait", barrier_wait_body(std::move(barrier)), receiver));
}

// Mirrors Barrier.reset and Barrier.abort (3.11.7): `async with
// self._cond:` a state change and notify_all().
AsyncBody barrier_change_body(Ref<BarrierObject> self, bool abort) {
  using State = BarrierObject::State;
  co_await Value(self->cond_->lock_->acquire());
  if (abort)
    self->state_ = State::kBroken;
  else if (self->count_ > 0)
    self->state_ = State::kResetting;  // reset the barrier, waking up tasks
  else
    self->state_ = State::kFilling;
  self->cond_->notify(static_cast<int64_t>(self->cond_->waiters_.size()));
  self->cond_->lock_->release();
  co_return Value::none();
}

Value barrier_change(Ref<BarrierObject> barrier, bool abort) {
  return Value(make_native_coroutine(abort ? "Barrier.abort" : "Barrier.reset",
                                     barrier_change_body(std::move(barrier), abort)));
}

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
  return acquire_on_enter(self_lock(self, "__aenter__").acquire());
}
Value lock_aexit(const Value& self, Args args, KwArgs kwargs) {
  check_aexit_args(args, kwargs);
  self_lock(self, "__aexit__");
  return release_on_exit(self, [](const Value& s) { s.as<LockObject>()->release(); });
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
  return Value(semaphore_acquire(Ref<SemaphoreObject>(&self_sem(self, "acquire"))));
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
  return acquire_on_enter(semaphore_acquire(sem));
}
Value sem_aexit(const Value& self, Args args, KwArgs kwargs) {
  check_aexit_args(args, kwargs);
  self_sem(self, "__aexit__");
  return release_on_exit(self, [](const Value& s) { s.as<SemaphoreObject>()->release(); });
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
  return acquire_on_enter(self_cond(self, "__aenter__").lock_->acquire());
}
Value cond_aexit(const Value& self, Args args, KwArgs kwargs) {
  check_aexit_args(args, kwargs);
  self_cond(self, "__aexit__");
  return release_on_exit(self, [](const Value& s) { s.as<ConditionObject>()->lock_->release(); });
}
Value cond_wait(const Value& self, Args args, KwArgs kwargs) {
  no_args("Condition.wait", args, kwargs);
  return Value(condition_wait(Ref<ConditionObject>(&self_cond(self, "wait"))));
}
Value cond_wait_for(const Value& self, Args args, KwArgs kwargs) {
  static constexpr native_args::Param kParams[] = {{"predicate"}};
  Value v[1];
  native_args::bind_method("Condition.wait_for", 1, args, kwargs, kParams, v);
  Value predicate = v[0];
  return Value(condition_wait_for(Ref<ConditionObject>(&self_cond(self, "wait_for")),
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
  return barrier_wait(Ref<BarrierObject>(&self_barrier(self, "wait")));
}
Value barrier_reset(const Value& self, Args args, KwArgs kwargs) {
  no_args("Barrier.reset", args, kwargs);
  return barrier_change(Ref<BarrierObject>(&self_barrier(self, "reset")), false);
}
Value barrier_abort(const Value& self, Args args, KwArgs kwargs) {
  no_args("Barrier.abort", args, kwargs);
  return barrier_change(Ref<BarrierObject>(&self_barrier(self, "abort")), true);
}
// Barrier.__aenter__: `return await self.wait()`.
Value barrier_aenter(const Value& self, Args args, KwArgs kwargs) {
  no_args("Barrier.__aenter__", args, kwargs);
  return barrier_wait(Ref<BarrierObject>(&self_barrier(self, "__aenter__")));
}
// Barrier.__aexit__(*args): does nothing.
Value barrier_aexit(const Value& self, Args, KwArgs kwargs) {
  if (!kwargs.empty())
    raise_error(exception_types().type_error, "Barrier.__aexit__() got an unexpected keyword argument '" +
                                                  std::string(kwargs[0].name) + "'");
  self_barrier(self, "__aexit__");
  return release_on_exit(self, [](const Value&) {}, "Barrier.__aexit__");
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
  Value value = v[0].is_null() ? Value::from_int(1) : v[0];
  if (compare_bool(CompareOp::kLt, value, Value::from_int(0)))
    raise_error(exception_types().value_error, "Semaphore initial value must be >= 0");
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
