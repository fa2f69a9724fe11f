#include "sim/loop/native_coroutine.h"

#include <utility>

#include "sim/loop/task.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/repr.h"

namespace corosim {
namespace {

SendResult returned(Value v) { return SendResult{SendResult::Kind::kReturned, std::move(v)}; }
SendResult raised(Value exc) { return SendResult{SendResult::Kind::kRaised, std::move(exc)}; }
SendResult yielded(Value v) { return SendResult{SendResult::Kind::kYielded, std::move(v)}; }

// fut.result() as an outcome: its result, or what result() raises.
SendResult outcome_of(FutureObject& fut) {
  try {
    return returned(fut.result());
  } catch (PyException& e) {
    return raised(std::move(e.exc));
  }
}

}  // namespace

// ---- AsyncBody ----------------------------------------------------------------

AsyncBody& AsyncBody::operator=(AsyncBody&& other) noexcept {
  if (this != &other) {
    if (handle_) handle_.destroy();
    handle_ = std::exchange(other.handle_, {});
  }
  return *this;
}

AsyncBody::~AsyncBody() {
  if (handle_) handle_.destroy();
}

void AsyncBody::promise_type::return_value(Value v) { owner->output_ = returned(std::move(v)); }

void AsyncBody::promise_type::unhandled_exception() {
  try {
    throw;
  } catch (PyException& e) {
    owner->output_ = raised(std::move(e.exc));
  } catch (...) {
    owner->cpp_error_ = std::current_exception();
  }
}

// The first half of `await v` (ceval's GET_AWAITABLE + the first SEND):
// false means the body suspends and output_ holds what to yield.
bool AsyncBody::Awaiter::await_ready() {
  NativeCoroutine& co = *promise.owner;
  if (is_future(awaitable)) {
    // Mirrors Lib/asyncio/futures.py Future.__await__ (3.11) up to `yield self`.
    auto* fut = awaitable.as<FutureObject>();
    if (!fut->done()) {
      fut->asyncio_future_blocking = true;
      co.awaited_ = Ref<FutureObject>(fut);
      co.output_ = yielded(awaitable);
      return false;
    }
    co.input_ = outcome_of(*fut);
    return true;
  }
  if (is_coroutine(awaitable)) {
    auto* inner = awaitable.as<CoroutineObject>();
    SendResult r = inner->send(Value::none());
    if (r.kind == SendResult::Kind::kYielded) {
      co.delegate_ = Ref<CoroutineObject>(inner);
      co.output_ = std::move(r);
      return false;
    }
    co.input_ = std::move(r);
    return true;
  }
  co.input_ = raised(new_exception(exception_types().type_error,
                                   "object " + type_name(awaitable) +
                                       " can't be used in 'await' expression"));
  return true;
}

Value AsyncBody::Awaiter::await_resume() {
  SendResult in = std::exchange(promise.owner->input_, returned(Value()));
  if (in.kind == SendResult::Kind::kRaised) raise_exception(std::move(in.value));
  return std::move(in.value);
}

// ---- NativeCoroutine ------------------------------------------------------------

NativeCoroutine::NativeCoroutine(std::string qualname, AsyncBody body, Value receiver)
    : CoroutineObject(ObjKind::kNativeCoroutine, builtin_types().coroutine),
      qualname_(std::move(qualname)),
      body_(std::move(body)),
      receiver_(std::move(receiver)) {
  body_.handle_.promise().owner = this;
}

NativeCoroutine::~NativeCoroutine() = default;

void NativeCoroutine::clear_refs() {
  body_ = AsyncBody(AsyncBody::Handle());  // the body's locals hold references
  delegate_ = Ref<CoroutineObject>();
  awaited_ = Ref<FutureObject>();
  receiver_ = Value();
  input_ = output_ = returned(Value());
}

Value NativeCoroutine::awaiting() const {
  if (delegate_) return Value(delegate_);
  return Value(awaited_);
}

SendResult NativeCoroutine::send(const Value& value) {
  if (finished_)
    return raised(new_exception(exception_types().runtime_error,
                                "cannot reuse already awaited coroutine"));
  if (!started_) {
    started_ = true;
    return resume_body();
  }
  if (delegate_) return forward_to_delegate(delegate_->send(value));
  // Future.__await__ after its `yield self`.
  Ref<FutureObject> fut = std::exchange(awaited_, Ref<FutureObject>());
  input_ = fut->done() ? outcome_of(*fut)
                       : raised(new_exception(exception_types().runtime_error,
                                              "await wasn't used with future"));
  return resume_body();
}

SendResult NativeCoroutine::throw_exc(const Value& exc) {
  if (finished_) return raised(exc);
  if (!started_) {  // raised at the top of the body: nothing of it runs
    finished_ = true;
    body_ = AsyncBody(AsyncBody::Handle());
    return raised(exc);
  }
  if (delegate_) return forward_to_delegate(delegate_->throw_exc(exc));
  awaited_ = Ref<FutureObject>();
  input_ = raised(exc);
  return resume_body();
}

// The awaited coroutine yielded again (pass it up) or finished (its outcome
// is what the body's `await` gives back).
SendResult NativeCoroutine::forward_to_delegate(const SendResult& result) {
  if (result.kind == SendResult::Kind::kYielded) return result;
  delegate_ = Ref<CoroutineObject>();
  input_ = result;
  return resume_body();
}

SendResult NativeCoroutine::resume_body() {
  Ref<CoroutineObject> keep_alive(this);  // the body may drop the last other reference
  body_.handle_.resume();
  if (cpp_error_) {
    finished_ = true;
    body_ = AsyncBody(AsyncBody::Handle());
    std::rethrow_exception(std::exchange(cpp_error_, nullptr));
  }
  SendResult out = std::exchange(output_, returned(Value()));
  if (body_.handle_.done()) {
    finished_ = true;
    body_ = AsyncBody(AsyncBody::Handle());  // free the body's locals now
  }
  return out;
}

Ref<CoroutineObject> make_native_coroutine(std::string qualname, AsyncBody body, Value receiver) {
  return Ref<CoroutineObject>(
      new NativeCoroutine(std::move(qualname), std::move(body), std::move(receiver)));
}

}  // namespace corosim
