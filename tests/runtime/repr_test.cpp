// Expected strings come from CPython 3.11 (python3 -c "print(repr(...))").
#include "sim/runtime/repr.h"

#include <doctest/doctest.h>

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/dict_object.h"
#include "sim/runtime/module_object.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/range_object.h"
#include "sim/runtime/slice_object.h"
#include "tests/support/values.h"

namespace corosim {
namespace {

using namespace test;

TEST_CASE("repr of a str picks the quote CPython picks") {
  CHECK(str_repr("abc") == R"('abc')");
  CHECK(str_repr("it's") == R"("it's")");
  CHECK(str_repr("say \"hi\"") == R"('say "hi"')");
  CHECK(str_repr("both ' and \"") == R"('both \' and "')");
  CHECK(str_repr("") == R"('')");
}

TEST_CASE("repr of a str escapes control characters like CPython") {
  CHECK(str_repr("tab\tnl\nret\r") == R"('tab\tnl\nret\r')");
  CHECK(str_repr(std::string("\x00\x1f\x7f", 3)) == R"('\x00\x1f\x7f')");
  CHECK(str_repr("back\\slash") == R"('back\\slash')");
}

TEST_CASE("repr of a str keeps printable non-ASCII text and escapes the rest") {
  CHECK(str_repr("caf\xc3\xa9") == "'caf\xc3\xa9'");            // 'café'
  CHECK(str_repr("\xf0\x9f\x98\x80") == "'\xf0\x9f\x98\x80'");  // an emoji
  CHECK(str_repr("\xc2\xa0\xc2\xad") == R"('\xa0\xad')");       // NBSP, soft hyphen
  CHECK(str_repr("\xc2\x85") == R"('\x85')");                   // C1 control
  CHECK(str_repr("\xe2\x80\xa8") == R"('\u2028')");             // line separator
  CHECK(str_repr("\xee\x80\x80") == R"('\ue000')");             // private use
  CHECK(str_repr("\xcd\xb8") == R"('\u0378')");                 // unassigned
  CHECK(str_repr("\xf3\xa0\x80\x81") == R"('\U000e0001')");     // language tag
}

TEST_CASE("repr and str of the scalar values") {
  CHECK(repr(None()) == "None");
  CHECK(repr(B(true)) == "True");
  CHECK(repr(B(false)) == "False");
  CHECK(repr(I(-5)) == "-5");
  CHECK(repr(I(INT64_MIN)) == "-9223372036854775808");
  CHECK(repr(F(0.1)) == "0.1");
  CHECK(repr(F(1e16)) == "1e+16");
  CHECK(repr(S("a")) == "'a'");
  CHECK(str(S("a")) == "a");
  CHECK(str(None()) == "None");
}

TEST_CASE("repr of tuples lists and dicts") {
  CHECK(repr(T()) == "()");
  CHECK(repr(T({I(1)})) == "(1,)");
  CHECK(repr(T({I(1), I(2)})) == "(1, 2)");
  CHECK(repr(L()) == "[]");
  CHECK(repr(L({I(1), L({I(2), I(3)})})) == "[1, [2, 3]]");
  CHECK(repr(D()) == "{}");
  CHECK(repr(D({{S("a"), I(1)}})) == "{'a': 1}");
  CHECK(repr(D({{I(1), L({I(1), I(2)})}, {T({I(1)}), None()}})) == "{1: [1, 2], (1,): None}");
  CHECK(str(L({S("x")})) == "['x']");
}

TEST_CASE("repr of a container that contains itself shows an ellipsis") {
  Value l = L({I(1)});
  l.as<ListObject>()->items.push_back(l);
  CHECK(repr(l) == "[1, [...]]");
  Value d = D();
  d.as<DictObject>()->set(S("self"), d);
  CHECK(repr(d) == "{'self': {...}}");
  Value outer = L();
  outer.as<ListObject>()->items.push_back(T({outer}));
  CHECK(repr(outer) == "[([...],)]");
  l.as<ListObject>()->items.clear();
  d.as<DictObject>()->clear();
  outer.as<ListObject>()->items.clear();
}

TEST_CASE("repr of deeply nested lists raises RecursionError instead of crashing") {
  Value v = L();
  for (int i = 0; i < 5000; ++i) v = L({v});
  CHECK(error_of([&] { repr(v); }) ==
        "RecursionError: maximum recursion depth exceeded while getting the repr of an object");
}

TEST_CASE("repr of sets") {
  CHECK(repr(Set()) == "set()");
  CHECK(repr(Set({I(1), I(2)})) == "{1, 2}");
  CHECK(repr(Set({S("a")})) == "{'a'}");
}

TEST_CASE("repr of ranges slices types and modules") {
  CHECK(repr(Value(new_range(0, 5))) == "range(0, 5)");
  CHECK(repr(Value(new_range(1, 10, 2))) == "range(1, 10, 2)");
  CHECK(repr(Value(new_slice(I(1), I(2), None()))) == "slice(1, 2, None)");
  CHECK(repr(Value(builtin_types().int_)) == "<class 'int'>");
  CHECK(repr(Value(exception_types().value_error)) == "<class 'ValueError'>");
  CHECK(repr(Value(exception_types().cancelled_error)) ==
        "<class 'asyncio.exceptions.CancelledError'>");
  CHECK(repr(Value(new_module("asyncio"))) == "<module 'asyncio'>");
  CHECK(repr(Value(new_module("time", " (built-in)"))) == "<module 'time' (built-in)>");
}

TEST_CASE("repr of dict views") {
  Value d = D({{S("a"), I(1)}});
  auto* dict = d.as<DictObject>();
  CHECK(repr(Value(new_dict_view(dict, DictViewObject::Which::kKeys))) == "dict_keys(['a'])");
  CHECK(repr(Value(new_dict_view(dict, DictViewObject::Which::kValues))) == "dict_values([1])");
  CHECK(repr(Value(new_dict_view(dict, DictViewObject::Which::kItems))) ==
        "dict_items([('a', 1)])");
}

TEST_CASE("repr of builtin functions and methods") {
  auto fn = [](const Value&, std::span<const Value>, std::span<const KwArg>) {
    return Value::none();
  };
  CHECK(repr(Value(new_native_function("len", fn))) == "<built-in function len>");
  TypeObject* list = builtin_types().list;
  if (list->lookup_own("append").is_null()) add_method(list, "append", fn);
  Value unbound = list->lookup_own("append");
  CHECK(repr(unbound) == "<method 'append' of 'list' objects>");
  Value l = L();
  std::string bound = repr(Value(bind_native(*unbound.as<NativeFunctionObject>(), l)));
  CHECK(bound.starts_with("<built-in method append of list object at 0x7f"));
  CHECK(bound.size() ==
        std::string("<built-in method append of list object at 0x7f0000000000>").size());
}

TEST_CASE("the fake address of an object is stable and looks like CPython's") {
  Value l = L();
  std::string a = object_address(l.obj());
  CHECK(a == object_address(l.obj()));
  CHECK(a.size() == 14);
  CHECK(a.starts_with("0x7f"));
}

TEST_CASE("type_name names every kind of value as type(x).__name__ does") {
  CHECK(type_name(None()) == "NoneType");
  CHECK(type_name(B(true)) == "bool");
  CHECK(type_name(I(1)) == "int");
  CHECK(type_name(F(1)) == "float");
  CHECK(type_name(S("")) == "str");
  CHECK(type_name(Value(builtin_types().int_)) == "type");
  auto fn = [](const Value&, std::span<const Value>, std::span<const KwArg>) {
    return Value::none();
  };
  CHECK(type_name(Value(new_native_function("len", fn))) == "builtin_function_or_method");
  CHECK(type_name(Value(new_exception(exception_types().key_error, "k"))) == "KeyError");
}

}  // namespace
}  // namespace corosim
