// A coroutine written in C++ whose body awaits futures, the shape of the
// `async def` methods of Lib/asyncio/locks.py and queues.py: the body is a
// resumable function that runs until it awaits a future, returns or raises.
// Between steps everything lives in the object (suspension is data).
#pragma once

#include <string>

#include "sim/loop/future.h"
#include "sim/runtime/coroutine_object.h"
#include "sim/runtime/object.h"

namespace corosim {

/// Invariant: awaiting_ is set exactly while suspended in `await fut`
/// (Future.__await__'s `yield self`), delegate_ exactly while suspended in
/// `await coro`; a finished coroutine holds neither.
class AwaitingCoroutine : public CoroutineObject {
 public:
  /// `qualname` is the Python method's __qualname__ ("Lock.acquire").
  explicit AwaitingCoroutine(std::string qualname);
  void clear_refs() override;

  SendResult send(const Value& value) override;
  SendResult throw_exc(const Value& exc) override;
  std::string qualname() const override { return qualname_; }
  bool finished() const override { return state_ == State::kFinished; }
  Value awaiting() const override;

 protected:
  /// What the body does after a step: await `future` or `coro` and continue
  /// at `pc`, or return `value`. Raising is throwing PyException.
  struct Next {
    Ref<FutureObject> future;
    Ref<CoroutineObject> coro;  // awaited by delegation (yield from)
    int pc = 0;
    Value value;
  };
  static Next await_future(Ref<FutureObject> future, int pc) {
    return Next{std::move(future), Ref<CoroutineObject>(), pc, Value()};
  }
  static Next await_coroutine(Ref<CoroutineObject> coro, int pc) {
    return Next{Ref<FutureObject>(), std::move(coro), pc, Value()};
  }
  static Next return_value(Value value) {
    return Next{Ref<FutureObject>(), Ref<CoroutineObject>(), 0, std::move(value)};
  }

  /// The body from `pc` (0 at the start). After an await: `exc` is null and
  /// `result` the future's result, or `exc` is what `await` raised there
  /// (the future's exception, a CancelledError, or what was thrown in).
  virtual Next resume(int pc, const Value& result, const Value& exc) = 0;

 private:
  enum class State : uint8_t { kCreated, kAwaiting, kDelegating, kFinished };
  SendResult run(int pc, Value result, Value exc);
  /// Continues after the delegate's send/throw produced `r`.
  SendResult after_delegate(SendResult r);
  SendResult finish(SendResult outcome);

  std::string qualname_;
  State state_ = State::kCreated;
  Ref<FutureObject> awaiting_;
  Ref<CoroutineObject> delegate_;
  int pc_ = 0;
};

/// Re-raises `exc` (a bare `raise` in an except/finally block).
[[noreturn]] void reraise(const Value& exc);

}  // namespace corosim
