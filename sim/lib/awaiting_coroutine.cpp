#include "sim/lib/awaiting_coroutine.h"

#include <utility>

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/exception.h"

namespace corosim {
namespace {

SendResult raised(Value exc) { return SendResult{SendResult::Kind::kRaised, std::move(exc)}; }

}  // namespace

AwaitingCoroutine::AwaitingCoroutine(std::string qualname)
    : CoroutineObject(ObjKind::kNativeCoroutine, builtin_types().coroutine), qualname_(std::move(qualname)) {}

void AwaitingCoroutine::clear_refs() {
  awaiting_ = Ref<FutureObject>();
  delegate_ = Ref<CoroutineObject>();
}

SendResult AwaitingCoroutine::send(const Value& value) {
  switch (state_) {
    case State::kCreated:
      return run(0, Value::none(), Value());
    case State::kAwaiting: {
      // Future.__await__ after its `yield self`.
      Ref<FutureObject> fut = std::move(awaiting_);
      if (!fut->done())
        return run(pc_, Value(),
                   new_exception(exception_types().runtime_error, "await wasn't used with future"));
      try {
        Value result = fut->result();
        return run(pc_, std::move(result), Value());
      } catch (PyException& e) {
        return run(pc_, Value(), e.exc);
      }
    }
    case State::kDelegating:
      return after_delegate(delegate_->send(value));
    case State::kFinished:
      break;
  }
  return raised(new_exception(exception_types().runtime_error, "cannot reuse already awaited coroutine"));
}

SendResult AwaitingCoroutine::throw_exc(const Value& exc) {
  switch (state_) {
    case State::kCreated:  // raised before the first line of the body
      return finish(raised(exc));
    case State::kAwaiting:
      awaiting_ = Ref<FutureObject>();
      return run(pc_, Value(), exc);
    case State::kDelegating:
      return after_delegate(delegate_->throw_exc(exc));
    case State::kFinished:
      break;
  }
  return raised(exc);
}

Value AwaitingCoroutine::awaiting() const {
  if (state_ == State::kDelegating) return Value(delegate_);
  if (state_ == State::kAwaiting) return Value(awaiting_);
  return Value();
}

SendResult AwaitingCoroutine::after_delegate(SendResult r) {
  if (r.kind == SendResult::Kind::kYielded) return r;
  delegate_ = Ref<CoroutineObject>();
  if (r.kind == SendResult::Kind::kReturned) return run(pc_, std::move(r.value), Value());
  return run(pc_, Value(), std::move(r.value));
}

SendResult AwaitingCoroutine::run(int pc, Value result, Value exc) {
  for (;;) {
    Next next;
    try {
      next = resume(pc, result, exc);
    } catch (PyException& e) {
      return finish(raised(e.exc));
    }
    if (next.coro) {
      state_ = State::kDelegating;
      pc_ = next.pc;
      delegate_ = next.coro;
      return after_delegate(delegate_->send(Value::none()));
    }
    if (!next.future) return finish(SendResult{SendResult::Kind::kReturned, std::move(next.value)});
    // Future.__await__: suspend only while the future is pending.
    if (!next.future->done()) {
      next.future->asyncio_future_blocking = true;
      state_ = State::kAwaiting;
      pc_ = next.pc;
      awaiting_ = next.future;
      return SendResult{SendResult::Kind::kYielded, Value(next.future)};
    }
    pc = next.pc;
    result = exc = Value();
    try {
      result = next.future->result();
    } catch (PyException& e) {
      exc = e.exc;
    }
  }
}

SendResult AwaitingCoroutine::finish(SendResult outcome) {
  state_ = State::kFinished;
  awaiting_ = Ref<FutureObject>();
  delegate_ = Ref<CoroutineObject>();
  return outcome;
}

void reraise(const Value& exc) { throw PyException{exc}; }

}  // namespace corosim
