// NativeCoroutine: the send()/throw() protocol of a coroutine whose body is a
// C++20 coroutine, as a Task drives it (what Future.__await__ and yield-from
// do in CPython).
#include "sim/loop/native_coroutine.h"

#include <doctest/doctest.h>

#include <string>

#include "sim/loop/event_loop.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/str_object.h"
#include "tests/loop/loop_test_support.h"

namespace corosim {
namespace {

using testing::LoopWorld;

// `try: r = await fut except KeyError as e: r = "caught " + str(e)`, then
// `return "got " + r`.
AsyncBody await_and_report(Ref<FutureObject> fut) {
  std::string text;
  try {
    Value r = co_await Value(fut);
    text = r.as<StrObject>()->text();
  } catch (PyException& e) {
    if (!is_subtype(e.exc.obj()->type(), exception_types().key_error)) throw;
    text = "caught " + exception_str(e.exc);
  }
  co_return new_str("got " + text);
}

// `return await inner` (delegation to another coroutine).
AsyncBody delegate_to(Ref<CoroutineObject> inner) { co_return co_await Value(inner); }

AsyncBody raise_at_once() {
  raise_error(exception_types().value_error, "at once");
  co_return Value::none();
}

bool is_yield_of(const SendResult& r, const Ref<FutureObject>& fut) {
  return r.kind == SendResult::Kind::kYielded && r.value.identical(Value(fut));
}

std::string outcome(const SendResult& r) {
  switch (r.kind) {
    case SendResult::Kind::kYielded: return "yielded";
    case SendResult::Kind::kReturned: return "returned " + r.value.as<StrObject>()->text();
    case SendResult::Kind::kRaised: break;
  }
  return "raised " + exception_repr(r.value);
}

}  // namespace

TEST_CASE("a body yields a pending future and resumes with its result") {
  LoopWorld world;
  Ref<EventLoop> loop = make<EventLoop>();
  Ref<FutureObject> fut = loop->create_future();
  Ref<CoroutineObject> co = make_native_coroutine("report", await_and_report(fut));
  SendResult first = co->send(Value::none());
  CHECK(is_yield_of(first, fut));
  CHECK(fut->asyncio_future_blocking);
  fut->set_result(new_str("value"));
  CHECK(outcome(co->send(Value::none())) == "returned got value");
  CHECK(co->finished());
  CHECK(outcome(co->send(Value::none())) ==
        "raised RuntimeError('cannot reuse already awaited coroutine')");
  loop->close();
}

TEST_CASE("a resumed await of a future that is still pending raises RuntimeError") {
  LoopWorld world;
  Ref<EventLoop> loop = make<EventLoop>();
  Ref<FutureObject> fut = loop->create_future();
  Ref<CoroutineObject> co = make_native_coroutine("report", await_and_report(fut));
  co->send(Value::none());
  CHECK(outcome(co->send(Value::none())) == "raised RuntimeError(\"await wasn't used with future\")");
  loop->close();
}

TEST_CASE("an exception thrown in is raised at the await, where the body may catch it") {
  LoopWorld world;
  Ref<EventLoop> loop = make<EventLoop>();
  Ref<FutureObject> fut = loop->create_future();
  Ref<CoroutineObject> co = make_native_coroutine("report", await_and_report(fut));
  co->send(Value::none());
  CHECK(outcome(co->throw_exc(new_exception(exception_types().key_error, "k"))) ==
        "returned got caught 'k'");

  Ref<CoroutineObject> other = make_native_coroutine("report", await_and_report(fut));
  other->send(Value::none());
  CHECK(outcome(other->throw_exc(new_exception(exception_types().value_error, "v"))) ==
        "raised ValueError('v')");
  loop->close();
}

TEST_CASE("a done future's result or exception comes back without suspending") {
  LoopWorld world;
  Ref<EventLoop> loop = make<EventLoop>();
  Ref<FutureObject> ok = loop->create_future();
  ok->set_result(new_str("ready"));
  CHECK(outcome(make_native_coroutine("r", await_and_report(ok))->send(Value::none())) ==
        "returned got ready");
  Ref<FutureObject> bad = loop->create_future();
  bad->set_exception(Value(new_exception(exception_types().key_error, "gone")));
  CHECK(outcome(make_native_coroutine("r", await_and_report(bad))->send(Value::none())) ==
        "returned got caught 'gone'");
  loop->close();
}

TEST_CASE("awaiting a coroutine passes its yields up and sends and throws down") {
  LoopWorld world;
  Ref<EventLoop> loop = make<EventLoop>();
  Ref<FutureObject> fut = loop->create_future();
  Ref<CoroutineObject> inner = make_native_coroutine("report", await_and_report(fut));
  Ref<CoroutineObject> outer = make_native_coroutine("outer", delegate_to(inner));
  CHECK(is_yield_of(outer->send(Value::none()), fut));
  CHECK(outcome(outer->throw_exc(new_exception(exception_types().key_error, "k"))) ==
        "returned got caught 'k'");
  CHECK(inner->finished());
  loop->close();
}

TEST_CASE("an exception thrown in before the first send finishes the coroutine unrun") {
  LoopWorld world;
  Ref<CoroutineObject> co = make_native_coroutine("r", raise_at_once());
  CHECK(outcome(co->throw_exc(new_exception(exception_types().key_error, "first"))) ==
        "raised KeyError('first')");
  CHECK(co->finished());
  CHECK(outcome(make_native_coroutine("r", raise_at_once())->send(Value::none())) ==
        "raised ValueError('at once')");
}

TEST_CASE("awaiting something that is not awaitable raises CPython's TypeError") {
  LoopWorld world;
  auto await_it = [](Value v) -> AsyncBody { co_return co_await v; };
  Ref<CoroutineObject> co = make_native_coroutine("outer", await_it(Value::from_int(5)));
  CHECK(outcome(co->send(Value::none())) ==
        "raised TypeError(\"object int can't be used in 'await' expression\")");
}

}  // namespace corosim
