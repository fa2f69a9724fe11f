// A Python coroutine whose body is a C++20 coroutine: how corosim writes the
// `async def` functions of Lib/asyncio (wait_for, the methods of locks.py,
// queues.py, timeouts.py and taskgroups.py, ...) line for line, with
// `co_await` where CPython has `await`. The body is a
// heap-allocated C++ coroutine frame, so suspension stays data (nothing of a
// suspended body lives on the C++ stack) and the Task drives it through the
// same send()/throw() protocol as an `async def` compiled by corosim.
#pragma once

#include <coroutine>
#include <exception>
#include <utility>
#include <string>

#include "sim/loop/future.h"
#include "sim/runtime/coroutine_object.h"
#include "sim/runtime/object.h"

namespace corosim {

class NativeCoroutine;

/// The return type of a body function: `AsyncBody my_body(...) { ...
/// co_await v; ... co_return result; }`. A body may raise Python exceptions
/// with raise_error/raise_exception (they become the coroutine's raised
/// outcome); `co_await v` is Python's `await v` for a Future, a Task or a
/// coroutine, and raises what the awaited object raises.
/// Restriction of C++: no co_await inside a catch block (catch, remember,
/// then await after it).
class AsyncBody {
 public:
  struct promise_type;
  using Handle = std::coroutine_handle<promise_type>;

  /// Python's `await v` inside a body.
  struct Awaiter {
    promise_type& promise;
    Value awaitable;
    bool await_ready();
    void await_suspend(Handle) const noexcept {}
    Value await_resume();
  };

  struct promise_type {
    NativeCoroutine* owner = nullptr;
    AsyncBody get_return_object() { return AsyncBody(Handle::from_promise(*this)); }
    std::suspend_always initial_suspend() noexcept { return {}; }  // nothing runs before send()
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(Value v);
    void unhandled_exception();
    Awaiter await_transform(Value awaitable) { return Awaiter{*this, std::move(awaitable)}; }
  };

  AsyncBody(AsyncBody&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  AsyncBody& operator=(AsyncBody&& other) noexcept;
  AsyncBody(const AsyncBody&) = delete;
  AsyncBody& operator=(const AsyncBody&) = delete;
  ~AsyncBody();

 private:
  friend class NativeCoroutine;
  explicit AsyncBody(Handle h) : handle_(h) {}
  Handle handle_;
};

/// A coroutine object (qualname as CPython's `async def`) running an
/// AsyncBody. Mirrors the yield-from machinery of Objects/genobject.c: while
/// the body awaits a coroutine, send()/throw() go to that coroutine first
/// (gi_yieldfrom); while it awaits a Future, a send() resumes the body with
/// the Future's result (Future.__await__ after its `yield self`).
class NativeCoroutine final : public CoroutineObject {
 public:
  NativeCoroutine(std::string qualname, AsyncBody body, Value receiver);
  ~NativeCoroutine() override;
  void clear_refs() override;

  SendResult send(const Value& value) override;
  SendResult throw_exc(const Value& exc) override;
  std::string qualname() const override { return qualname_; }
  bool finished() const override { return finished_; }
  Value awaiting() const override;
  Value receiver() const override { return receiver_; }

 private:
  friend struct AsyncBody::promise_type;
  friend struct AsyncBody::Awaiter;
  SendResult resume_body();
  SendResult forward_to_delegate(const SendResult& result);

  std::string qualname_;
  AsyncBody body_;
  Value receiver_;                 // the method's `self`, null for a function
  bool started_ = false;
  bool finished_ = false;
  Ref<CoroutineObject> delegate_;  // the coroutine being awaited (gi_yieldfrom)
  Ref<FutureObject> awaited_;      // the Future being awaited, after its `yield self`
  SendResult input_{SendResult::Kind::kReturned, Value()};  // what the pending await gives back
  SendResult output_{SendResult::Kind::kReturned, Value()};  // what this send/throw produced
  std::exception_ptr cpp_error_;   // a non-Python C++ exception (LimitExceeded...) to rethrow
};

/// A new coroutine object that runs `body`; `receiver` is the `self` of a
/// method's coroutine (TaskGroup.__aexit__'s group), null for a function.
Ref<CoroutineObject> make_native_coroutine(std::string qualname, AsyncBody body,
                                           Value receiver = Value());

}  // namespace corosim
