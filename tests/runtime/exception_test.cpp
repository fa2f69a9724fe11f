// Expected texts come from CPython 3.11.
#include "sim/runtime/exception.h"
#include "sim/runtime/user_class.h"

#include <doctest/doctest.h>

#include "sim/runtime/attribute.h"
#include "sim/runtime/call.h"
#include "sim/runtime/native_function.h"
#include "tests/support/values.h"

namespace corosim {
namespace {

using namespace test;

Value exc(TypeObject* t, std::vector<Value> args) {
  return Value(new_exception(t, std::move(args)));
}

TEST_CASE("str and repr of exceptions follow the number of args") {
  const ExceptionTypes& x = exception_types();
  CHECK(repr(exc(x.value_error, {S("x")})) == "ValueError('x')");
  CHECK(str(exc(x.value_error, {S("x")})) == "x");
  CHECK(repr(exc(x.value_error, {S("a"), I(1)})) == "ValueError('a', 1)");
  CHECK(str(exc(x.value_error, {S("a"), I(1)})) == "('a', 1)");
  CHECK(repr(exc(x.value_error, {})) == "ValueError()");
  CHECK(str(exc(x.value_error, {})) == "");
  CHECK(str(exc(x.exception, {None()})) == "None");
  CHECK(str(exc(x.exception, {L({I(1)})})) == "[1]");
}

TEST_CASE("KeyError's str is the repr of its one argument") {
  const ExceptionTypes& x = exception_types();
  CHECK(repr(exc(x.key_error, {S("k")})) == "KeyError('k')");
  CHECK(str(exc(x.key_error, {S("k")})) == "'k'");
  CHECK(str(exc(x.key_error, {S("a"), S("b")})) == "('a', 'b')");
  CHECK(str(exc(x.key_error, {})) == "");
}

TEST_CASE("the built-in hierarchy matches CPython's") {
  const ExceptionTypes& x = exception_types();
  CHECK(is_subtype(x.zero_division_error, x.arithmetic_error));
  CHECK(is_subtype(x.key_error, x.lookup_error));
  CHECK(is_subtype(x.unbound_local_error, x.name_error));
  CHECK(is_subtype(x.recursion_error, x.runtime_error));
  CHECK(is_subtype(x.timeout_error, x.os_error));
  CHECK(is_subtype(x.cancelled_error, x.base_exception));
  CHECK(!is_subtype(x.cancelled_error, x.exception));
  CHECK(!is_subtype(x.system_exit, x.exception));
  CHECK(is_subtype(x.invalid_state_error, x.exception));
  CHECK(builtin_exception_type("ZeroDivisionError") == x.zero_division_error);
  CHECK(builtin_exception_type("CancelledError") == nullptr);  // asyncio's, not a builtin
  CHECK(qualified_type_name(x.cancelled_error) == "asyncio.exceptions.CancelledError");
  CHECK(qualified_type_name(x.value_error) == "ValueError");
}

TEST_CASE("calling an exception class sets args and refuses keywords") {
  Value cls(exception_types().value_error);
  Value e = call(cls, std::vector<Value>{S("bad"), I(2)});
  CHECK(repr(e) == "ValueError('bad', 2)");
  KwArg kw{"x", I(1)};
  CHECK(error_of([&] { call(cls, {}, std::span<const KwArg>(&kw, 1)); }) ==
        "TypeError: ValueError() takes no keyword arguments");
}

TEST_CASE("StopIteration.value and SystemExit.code come from args") {
  const ExceptionTypes& x = exception_types();
  CHECK(repr(get_attr(exc(x.stop_iteration, {I(5)}), "value")) == "5");
  CHECK(repr(get_attr(exc(x.stop_iteration, {}), "value")) == "None");
  CHECK(repr(get_attr(exc(x.system_exit, {I(3)}), "code")) == "3");
  CHECK(repr(get_attr(exc(x.system_exit, {I(1), I(2)}), "code")) == "(1, 2)");
}

TEST_CASE("exception attributes: args, cause, context and user attributes") {
  Value e = exc(exception_types().value_error, {S("a")});
  set_attr(e, "code", I(5));
  CHECK(repr(get_attr(e, "code")) == "5");
  CHECK(repr(get_attr(e, "args")) == "('a',)");
  CHECK(repr(get_attr(e, "__cause__")) == "None");
  CHECK(repr(get_attr(e, "__context__")) == "None");
  CHECK(repr(get_attr(e, "__suppress_context__")) == "False");
  CHECK(error_of([&] { set_attr(e, "__cause__", I(5)); }) ==
        "TypeError: exception cause must be None or derive from BaseException");
  CHECK(error_of([] { get_attr(exc(exception_types().value_error, {}), "foo"); }) ==
        "AttributeError: 'ValueError' object has no attribute 'foo'");
}

TEST_CASE("a class statement on an exception base makes exception subclasses") {
  Value base(exception_types().exception);
  Ref<TypeObject> e = make_class("AppError", std::span<const Value>(&base, 1), nullptr);
  CHECK(repr(Value(e)) == "<class '__main__.AppError'>");
  CHECK(qualified_type_name(e.get()) == "AppError");
  CHECK(repr(call(Value(e), std::vector<Value>{S("x")})) == "AppError('x')");
  CHECK(repr(get_attr(Value(e), "__mro__")) ==
        "(<class '__main__.AppError'>, <class 'Exception'>, <class 'BaseException'>, <class "
        "'object'>)");
  CHECK(e->is_exception());
}

Value describe(const Value&, std::span<const Value> args, std::span<const KwArg>) {
  return S("custom " + repr(get_attr(args[0], "args")));
}

TEST_CASE("a user __str__ replaces the default str but not the repr") {
  Value base(exception_types().value_error);
  Ref<DictObject> ns = new_dict();
  ns->set_str("__str__", Value(new_native_function("__str__", &describe)));
  Ref<TypeObject> e = make_class("Custom", std::span<const Value>(&base, 1), ns.get());
  Value instance = call(Value(e), std::vector<Value>{I(1)});
  CHECK(str(instance) == "custom (1,)");
  CHECK(repr(instance) == "Custom(1)");
}

TEST_CASE("raise normalizes classes and refuses non-exceptions") {
  Value cls(exception_types().runtime_error);
  CHECK(repr(exception_instance_for_raise(cls)) == "RuntimeError()");
  CHECK(error_of([] { exception_instance_for_raise(I(5)); }) ==
        "TypeError: exceptions must derive from BaseException");
}

TEST_CASE("except clauses match subclasses and tuples") {
  const ExceptionTypes& x = exception_types();
  Value e = exc(x.key_error, {});
  CHECK(exception_matches(e, Value(x.lookup_error)));
  CHECK(!exception_matches(e, Value(x.value_error)));
  CHECK(exception_matches(e, T({Value(x.value_error), Value(x.key_error)})));
  CHECK(error_of([&] { exception_matches(e, I(5)); }) ==
        "TypeError: catching classes that do not inherit from BaseException is not allowed");
}

TEST_CASE("BaseException.__init__ through super() resets args") {
  Value e = exc(exception_types().value_error, {S("a")});
  Value init = get_attr(e, "__init__");
  call(init, std::vector<Value>{S("b"), S("c")});
  CHECK(repr(e) == "ValueError('b', 'c')");
}

TEST_CASE("a very long __context__ chain is freed without deep recursion") {
  exc(exception_types().value_error, {});  // the exception types are made on first use
  size_t before = Heap::live_count();
  {
    Value last = None();
    for (int i = 0; i < 1000000; ++i) {
      Value e = exc(exception_types().value_error, {});
      e.as<ExceptionObject>()->context = last;
      last = e;
    }
  }
  CHECK(Heap::live_count() == before);
}

}  // namespace
}  // namespace corosim
