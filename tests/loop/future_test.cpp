// Future: states, C messages, and callbacks scheduled through call_soon in
// registration order.
#include "sim/loop/future.h"

#include <doctest/doctest.h>

#include <string>

#include "sim/runtime/exception.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/str_object.h"
#include "tests/loop/loop_test_support.h"

namespace corosim {
namespace {

using testing::LoopWorld;

std::string* g_log = nullptr;

void record_done(const Value& label, const Value& fut) {
  *g_log += label.as<StrObject>()->text() + "(" + fut.as<FutureObject>()->repr() + ") ";
}
Callback rec(const char* label) { return Callback{record_done, new_str(label), Value()}; }

struct LogScope {
  std::string text;
  LogScope() { g_log = &text; }
  ~LogScope() { g_log = nullptr; }
};

// The repr of the exception a call raises, or "" if it returns.
template <class F>
std::string raised(F&& f) {
  try {
    f();
  } catch (PyException& e) {
    return exception_repr(e.exc);
  }
  return "";
}

}  // namespace

TEST_CASE("completing a future schedules its callbacks in registration order for the next iteration") {
  LoopWorld world;
  LogScope log;
  Ref<EventLoop> loop = make<EventLoop>();
  Ref<FutureObject> fut = loop->create_future();
  fut->add_done_callback(rec("first"));
  fut->add_done_callback(rec("second"));
  fut->add_done_callback(rec("third"));
  fut->set_result(Value::from_int(7));
  CHECK(log.text.empty());
  CHECK(loop->ready_count() == 3);
  loop->run_once();
  CHECK(log.text ==
        "first(<Future finished result=7>) second(<Future finished result=7>) "
        "third(<Future finished result=7>) ");
  loop->close();
}

TEST_CASE("a callback added to a done future is scheduled at once") {
  LoopWorld world;
  LogScope log;
  Ref<EventLoop> loop = make<EventLoop>();
  Ref<FutureObject> fut = loop->create_future();
  fut->set_result(Value::none());
  fut->add_done_callback(rec("late"));
  CHECK(loop->ready_count() == 1);
  loop->run_once();
  CHECK(log.text == "late(<Future finished result=None>) ");
  loop->close();
}

TEST_CASE("remove_done_callback removes every match and keeps the order of the rest") {
  LoopWorld world;
  LogScope log;
  Ref<EventLoop> loop = make<EventLoop>();
  Ref<FutureObject> fut = loop->create_future();
  Value a = new_str("a");
  fut->add_done_callback(Callback{record_done, a, Value()});
  fut->add_done_callback(rec("b"));
  fut->add_done_callback(Callback{record_done, a, Value()});
  fut->add_done_callback(rec("c"));
  CHECK(fut->remove_done_callback(record_done, a) == 2);
  fut->add_done_callback(rec("d"));
  fut->cancel();
  loop->run_once();
  CHECK(log.text == "b(<Future cancelled>) c(<Future cancelled>) d(<Future cancelled>) ");
  loop->close();
}

TEST_CASE("a pending future's result and exception raise the C implementation's messages") {
  LoopWorld world;
  Ref<EventLoop> loop = make<EventLoop>();
  Ref<FutureObject> fut = loop->create_future();
  CHECK(raised([&] { fut->result(); }) == "InvalidStateError('Result is not set.')");
  CHECK(raised([&] { fut->exception(); }) == "InvalidStateError('Exception is not set.')");
  fut->set_result(Value::from_int(1));
  CHECK(raised([&] { fut->set_result(Value::from_int(2)); }) == "InvalidStateError('invalid state')");
  CHECK(raised([&] { fut->set_exception(Value(exception_types().value_error)); }) ==
        "InvalidStateError('invalid state')");
  CHECK_FALSE(fut->cancel());
  CHECK(fut->result().as_int() == 1);
  CHECK(fut->exception().is_none());
  loop->close();
}

TEST_CASE("a cancelled future raises CancelledError carrying the message") {
  LoopWorld world;
  Ref<EventLoop> loop = make<EventLoop>();
  Ref<FutureObject> fut = loop->create_future();
  CHECK(fut->cancel(new_str("boo")));
  CHECK_FALSE(fut->cancel(new_str("again")));
  CHECK(fut->cancelled());
  CHECK(fut->done());
  CHECK(raised([&] { fut->result(); }) == "CancelledError('boo')");
  CHECK(raised([&] { fut->exception(); }) == "CancelledError('boo')");
  Ref<FutureObject> plain = loop->create_future();
  plain->cancel();
  CHECK(raised([&] { plain->result(); }) == "CancelledError()");
  CHECK(plain->repr() == "<Future cancelled>");
  loop->close();
}

TEST_CASE("set_exception instantiates a class and refuses StopIteration") {
  LoopWorld world;
  Ref<EventLoop> loop = make<EventLoop>();
  Ref<FutureObject> fut = loop->create_future();
  CHECK(raised([&] { fut->set_exception(Value(exception_types().stop_iteration)); }) ==
        "TypeError('StopIteration interacts badly with generators and cannot be raised into a "
        "Future')");
  CHECK_FALSE(fut->done());
  fut->set_exception(Value(exception_types().value_error));
  CHECK(raised([&] { fut->result(); }) == "ValueError()");
  CHECK(exception_repr(fut->exception()) == "ValueError()");
  CHECK(fut->repr() == "<Future finished exception=ValueError()>");
  loop->close();
}

TEST_CASE("a Python done callback is called with the future and removed by equality") {
  LoopWorld world;
  LogScope log;
  Ref<EventLoop> loop = make<EventLoop>();
  NativeFn fn = [](const Value&, std::span<const Value> args, std::span<const KwArg>) {
    *g_log += "called with " + args[0].as<FutureObject>()->repr() + " ";
    return Value::none();
  };
  Value py_cb = new_native_function("cb", fn);
  Value other = new_native_function("other", fn);
  Ref<FutureObject> fut = loop->create_future();
  fut->add_done_callback(make_python_done_callback(py_cb));
  fut->add_done_callback(make_python_done_callback(other));
  fut->add_done_callback(make_python_done_callback(py_cb));
  CHECK(fut->remove_done_callback(nullptr, other) == 1);
  fut->set_result(new_str("x"));
  loop->run_once();
  CHECK(log.text == "called with <Future finished result='x'> called with <Future finished result='x'> ");
  loop->close();
}

TEST_CASE("set_result_unless_cancelled leaves a cancelled future alone") {
  LoopWorld world;
  Ref<EventLoop> loop = make<EventLoop>();
  Ref<FutureObject> fut = loop->create_future();
  fut->cancel();
  set_result_unless_cancelled(Value(fut), Value::from_int(1));
  CHECK(fut->cancelled());
  loop->close();
}

}  // namespace corosim
