// `await` semantics, driven by hand as Task.__step drives a coroutine: with a
// scripted native coroutine (standing in for asyncio.sleep) and real Futures
// that the test completes itself. The behaviour mirrors CPython 3.11:
// Objects/genobject.c (send/throw/close), Python/ceval.c (SEND, GET_AWAITABLE)
// and Lib/asyncio/futures.py Future.__await__.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "sim/loop/event_loop.h"
#include "sim/loop/future.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/call.h"
#include "sim/runtime/dict_object.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/run_context.h"
#include "sim/runtime/str_object.h"
#include "sim/vm/coroutine.h"
#include "sim/vm/module_runner.h"
#include "sim/vm/traceback.h"
#include "tests/support/run_source.h"

namespace corosim {
namespace {

// A native coroutine that yields `yields` values in turn, then returns
// `result`. A throw is re-raised unless `swallow_throw`, in which case it
// returns "swallowed". Records what it was sent.
class ScriptedNative final : public CoroutineObject {
 public:
  ScriptedNative(std::vector<Value> yields, Value result)
      : CoroutineObject(ObjKind::kNativeCoroutine, builtin_types().coroutine),
        yields_(std::move(yields)),
        result_(std::move(result)) {}

  SendResult send(const Value& v) override {
    log.push_back("send " + repr(v));
    if (next_ < yields_.size()) return {SendResult::Kind::kYielded, yields_[next_++]};
    done_ = true;
    return {SendResult::Kind::kReturned, result_};
  }
  SendResult throw_exc(const Value& exc) override {
    log.push_back("throw " + repr(exc));
    done_ = true;
    if (swallow_throw) return {SendResult::Kind::kReturned, new_str("swallowed")};
    return {SendResult::Kind::kRaised, exc};
  }
  std::string qualname() const override { return "scripted"; }
  bool finished() const override { return done_; }

  std::vector<std::string> log;
  bool swallow_throw = false;

 private:
  std::vector<Value> yields_;
  Value result_;
  size_t next_ = 0;
  bool done_ = false;
};

// A compiled module whose functions a test can call, printing into `out`.
struct Module {
  explicit Module(const char* source) : globals(new_dict()) {
    run_context().out = &out;
    run_context().max_steps = 0;
    exec_module_in(testing::compile_source(source), globals);
  }
  ~Module() { run_context().out = nullptr; }
  Ref<CoroutineObject> call(const char* name, std::vector<Value> args = {}) {
    Value fn = globals->get_str(name);
    Value coro = corosim::call(fn, args);
    REQUIRE(coro.is(ObjKind::kCoroutine));
    return Ref<CoroutineObject>(coro.as<CoroutineObject>());
  }
  std::string printed() {
    std::string s = out.str();
    out.str("");
    return s;
  }
  std::ostringstream out;
  Ref<DictObject> globals;
};

std::string kind_of(const SendResult& r) {
  switch (r.kind) {
    case SendResult::Kind::kYielded: return "yielded " + repr(r.value);
    case SendResult::Kind::kReturned: return "returned " + repr(r.value);
    case SendResult::Kind::kRaised: return "raised " + repr(r.value);
  }
  return "";
}

Value exc(TypeObject* type, const char* msg) { return Value(new_exception(type, msg)); }

const char* kChain = R"~(
async def inner(aw):
    print("inner start")
    r = await aw
    print("inner got", r)
    return r
async def middle(aw):
    try:
        return await inner(aw)
    except ValueError as e:
        print("middle caught", e)
        return "recovered"
    finally:
        print("middle finally")
async def main(aw):
    r = await middle(aw)
    print("main got", r)
    return r
)~";

}  // namespace

TEST_CASE("calling an async function creates a coroutine without running it") {
  Module m("async def main():\n    print('running')\n    return 1\n");
  Ref<CoroutineObject> coro = m.call("main");
  CHECK(m.printed() == "");
  CHECK(coro->qualname() == "main");
  CHECK(!coro->finished());
  CHECK(kind_of(coro->send(Value::none())) == "returned 1");
  CHECK(m.printed() == "running\n");
  CHECK(coro->finished());
}

TEST_CASE("awaiting a compiled coroutine runs it inline without suspending") {
  Module m(R"~(
async def leaf(x):
    print("leaf", x)
    return x * 2
async def main():
    a = await leaf(1)
    b = await leaf(a)
    return a + b
)~");
  Ref<CoroutineObject> coro = m.call("main");
  CHECK(kind_of(coro->send(Value::none())) == "returned 6");
  CHECK(m.printed() == "leaf 1\nleaf 2\n");
}

TEST_CASE("a native coroutine's yields suspend the whole chain and each send reaches it") {
  Module m(kChain);
  auto native = make<ScriptedNative>(std::vector<Value>{new_str("a"), Value::none()}, Value::from_int(7));
  Ref<CoroutineObject> coro = m.call("main", {Value(native)});
  CHECK(kind_of(coro->send(Value::none())) == "yielded 'a'");
  CHECK(m.printed() == "inner start\n");
  CHECK(kind_of(coro->send(Value::none())) == "yielded None");
  CHECK(kind_of(coro->send(Value::from_int(5))) == "returned 7");
  CHECK(m.printed() == "inner got 7\nmiddle finally\nmain got 7\n");
  CHECK(native->log == std::vector<std::string>{"send None", "send None", "send 5"});
}

TEST_CASE("throw_exc raises at the innermost await, through a native coroutine") {
  Module m(kChain);
  auto native = make<ScriptedNative>(std::vector<Value>{new_str("a")}, Value::from_int(7));
  Ref<CoroutineObject> coro = m.call("main", {Value(native)});
  CHECK(kind_of(coro->send(Value::none())) == "yielded 'a'");
  SendResult r = coro->throw_exc(exc(exception_types().value_error, "boom"));
  CHECK(kind_of(r) == "returned 'recovered'");
  CHECK(native->log == std::vector<std::string>{"send None", "throw ValueError('boom')"});
  CHECK(m.printed() == "inner start\nmiddle caught boom\nmiddle finally\nmain got recovered\n");
}

TEST_CASE("a native coroutine that handles a throw lets the chain continue") {
  Module m(kChain);
  auto native = make<ScriptedNative>(std::vector<Value>{new_str("a")}, Value::none());
  native->swallow_throw = true;
  Ref<CoroutineObject> coro = m.call("main", {Value(native)});
  coro->send(Value::none());
  CHECK(kind_of(coro->throw_exc(exc(exception_types().key_error, "k"))) == "returned 'swallowed'");
}

TEST_CASE("an exception nobody catches finishes the coroutine with kRaised and a traceback") {
  Module m(kChain);
  auto native = make<ScriptedNative>(std::vector<Value>{new_str("a")}, Value::none());
  Ref<CoroutineObject> coro = m.call("main", {Value(native)});
  coro->send(Value::none());
  SendResult r = coro->throw_exc(exc(exception_types().key_error, "k"));
  CHECK(kind_of(r) == "raised KeyError('k')");
  CHECK(coro->finished());
  CHECK(format_exception(r.value) ==
        "Traceback (most recent call last):\n"
        "  File \"prog.py\", line 16, in main\n"
        "  File \"prog.py\", line 9, in middle\n"
        "  File \"prog.py\", line 4, in inner\n"
        "KeyError: 'k'\n");
}

TEST_CASE("a pending future is yielded with _asyncio_future_blocking and read when resumed") {
  Module m(kChain);
  auto loop = make<EventLoop>();
  auto fut = make<FutureObject>(loop);
  Ref<CoroutineObject> coro = m.call("main", {Value(fut)});
  SendResult r = coro->send(Value::none());
  CHECK(r.kind == SendResult::Kind::kYielded);
  CHECK(r.value.identical(Value(fut)));
  CHECK(fut->asyncio_future_blocking);
  fut->asyncio_future_blocking = false;  // what Task.__step does
  fut->set_result(Value::from_int(3));
  CHECK(kind_of(coro->send(Value::none())) == "returned 3");
  CHECK(m.printed() == "inner start\ninner got 3\nmiddle finally\nmain got 3\n");
}

TEST_CASE("awaiting a future that is already done does not suspend") {
  Module m(kChain);
  auto loop = make<EventLoop>();
  auto fut = make<FutureObject>(loop);
  fut->set_result(new_str("ready"));
  Ref<CoroutineObject> coro = m.call("main", {Value(fut)});
  CHECK(kind_of(coro->send(Value::none())) == "returned 'ready'");
  CHECK(!fut->asyncio_future_blocking);
}

TEST_CASE("a future's exception is raised at the await") {
  Module m(kChain);
  auto loop = make<EventLoop>();
  auto fut = make<FutureObject>(loop);
  fut->set_exception(exc(exception_types().value_error, "bad result"));
  Ref<CoroutineObject> coro = m.call("main", {Value(fut)});
  CHECK(kind_of(coro->send(Value::none())) == "returned 'recovered'");
  CHECK(m.printed() == "inner start\nmiddle caught bad result\nmiddle finally\nmain got recovered\n");
}

TEST_CASE("resuming an await whose future is still pending is a RuntimeError") {
  Module m("async def main(f):\n    return await f\n");
  auto loop = make<EventLoop>();
  auto fut = make<FutureObject>(loop);
  Ref<CoroutineObject> coro = m.call("main", {Value(fut)});
  coro->send(Value::none());
  CHECK(kind_of(coro->send(Value::none())) == "raised RuntimeError(\"await wasn't used with future\")");
}

TEST_CASE("throwing into a coroutine that waits on a future raises at the await") {
  Module m(R"~(
async def main(f):
    try:
        await f
    except BaseException as e:
        print("got", type(e).__name__)
        return "cancelled"
)~");
  auto loop = make<EventLoop>();
  auto fut = make<FutureObject>(loop);
  Ref<CoroutineObject> coro = m.call("main", {Value(fut)});
  coro->send(Value::none());
  CHECK(kind_of(coro->throw_exc(exc(exception_types().cancelled_error, ""))) == "returned 'cancelled'");
  CHECK(m.printed() == "got CancelledError\n");
}

TEST_CASE("awaiting a coroutine twice and awaiting a non-awaitable raise CPython's errors") {
  testing::SourceRun r = testing::run_source(R"~(
async def leaf():
    return 1
async def main():
    c = leaf()
    await c
    try:
        await c
    except RuntimeError as e:
        print(e)
    try:
        await 5
    except TypeError as e:
        print(e)
    try:
        await None
    except TypeError as e:
        print(e)
    return "done"
m = main()
try:
    m.send(None)
except StopIteration as e:
    print("returned", e.value)
)~");
  CHECK(r.out ==
        "cannot reuse already awaited coroutine\n"
        "object int can't be used in 'await' expression\n"
        "object NoneType can't be used in 'await' expression\n"
        "returned done\n");
  CHECK(r.error == "");
}

TEST_CASE("a finished coroutine cannot be resumed") {
  Module m("async def main():\n    return 1\n");
  Ref<CoroutineObject> coro = m.call("main");
  coro->send(Value::none());
  CHECK(kind_of(coro->send(Value::none())) ==
        "raised RuntimeError('cannot reuse already awaited coroutine')");
}

TEST_CASE("sending a value into a just-started coroutine is a TypeError") {
  Module m("async def main():\n    return 1\n");
  Ref<CoroutineObject> coro = m.call("main");
  CHECK(kind_of(coro->send(Value::from_int(1))) ==
        "raised TypeError(\"can't send non-None value to a just-started coroutine\")");
}

TEST_CASE("throwing into a coroutine that never started finishes it without running the body") {
  Module m("async def main():\n    print('body')\n");
  Ref<CoroutineObject> coro = m.call("main");
  CHECK(kind_of(coro->throw_exc(exc(exception_types().value_error, "early"))) ==
        "raised ValueError('early')");
  CHECK(coro->finished());
  CHECK(m.printed() == "");
}

TEST_CASE("close runs finally blocks; a coroutine that keeps awaiting ignored GeneratorExit") {
  Module m(R"~(
async def polite(aw):
    try:
        await aw
    finally:
        print("closing")
async def stubborn(aw, aw2):
    try:
        await aw
    except GeneratorExit:
        await aw2
)~");
  auto a = make<ScriptedNative>(std::vector<Value>{Value::none()}, Value::none());
  Ref<CoroutineObject> p = m.call("polite", {Value(a)});
  p->send(Value::none());
  static_cast<PyCoroObject*>(p.get())->close();
  CHECK(p->finished());
  CHECK(m.printed() == "closing\n");

  auto b = make<ScriptedNative>(std::vector<Value>{Value::none()}, Value::none());
  auto c = make<ScriptedNative>(std::vector<Value>{Value::none()}, Value::none());
  Ref<CoroutineObject> s = m.call("stubborn", {Value(b), Value(c)});
  s->send(Value::none());
  std::string message;
  try {
    static_cast<PyCoroObject*>(s.get())->close();
  } catch (const PyException& e) {
    message = repr(e.exc);
  }
  CHECK(message == "RuntimeError('coroutine ignored GeneratorExit')");
}

TEST_CASE("the exception being handled belongs to each coroutine") {
  Module m(R"~(
async def handler(aw):
    try:
        raise KeyError("outer")
    except KeyError:
        await aw
        try:
            raise TypeError("inside")
        except TypeError as e:
            print("handler context:", repr(e.__context__))
async def bystander():
    try:
        raise ValueError("v")
    except ValueError as e:
        print("bystander context:", repr(e.__context__))
)~");
  auto native = make<ScriptedNative>(std::vector<Value>{Value::none()}, Value::none());
  Ref<CoroutineObject> h = m.call("handler", {Value(native)});
  CHECK(kind_of(h->send(Value::none())) == "yielded None");
  Ref<CoroutineObject> b = m.call("bystander");
  CHECK(kind_of(b->send(Value::none())) == "returned None");
  CHECK(kind_of(h->send(Value::none())) == "returned None");
  CHECK(m.printed() ==
        "bystander context: None\n"
        "handler context: KeyError('outer')\n");
}

TEST_CASE("recursion through awaits raises RecursionError") {
  testing::SourceRun r = testing::run_source(R"~(
async def down(n):
    return await down(n + 1)
try:
    down(0).send(None)
except RecursionError as e:
    print("caught", e)
)~");
  CHECK(r.out == "caught maximum recursion depth exceeded\n");
  CHECK(r.error == "");
}

TEST_CASE("a module with top-level await is the coroutine <module>") {
  auto code = testing::compile_source("x = 1\nawait aw\nprint('after', x)\n");
  REQUIRE(code->is_coroutine());
  Ref<CoroutineObject> coro = module_coroutine(code);
  CHECK(coro->qualname() == "<module>");
}

// Expected values from CPython 3.11 driving the same coroutines by hand.
TEST_CASE("resuming a coroutine whose awaited coroutine was closed from outside reports it") {
  const char* source = R"~(
async def inner(aw):
    try:
        await aw
    finally:
        print("inner finally")
async def outer(c):
    try:
        return await c
    finally:
        print("outer finally")
)~";
  for (const char* how : {"send", "throw", "close"}) {
    CAPTURE(how);
    Module m(source);
    auto native = make<ScriptedNative>(std::vector<Value>{new_str("a")}, Value::none());
    Ref<CoroutineObject> c = m.call("inner", {Value(native)});
    Ref<CoroutineObject> o = m.call("outer", {Value(c)});
    CHECK(kind_of(o->send(Value::none())) == "yielded 'a'");
    static_cast<PyCoroObject*>(c.get())->close();
    CHECK(m.printed() == "inner finally\n");
    if (std::string(how) == "close") {
      static_cast<PyCoroObject*>(o.get())->close();
    } else {
      SendResult r = std::string(how) == "send" ? o->send(Value::none())
                                                : o->throw_exc(exc(exception_types().value_error, "v"));
      CHECK(kind_of(r) == "raised RuntimeError('cannot reuse already awaited coroutine')");
    }
    CHECK(m.printed() == "outer finally\n");
    CHECK(kind_of(o->send(Value::none())) ==
          "raised RuntimeError('cannot reuse already awaited coroutine')");
  }
}

}  // namespace corosim
