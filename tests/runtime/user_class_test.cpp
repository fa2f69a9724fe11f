// User classes at the runtime level (no interpreter): classes built by
// make_class from a namespace of native functions. Messages are CPython 3.11's.
#include "sim/runtime/user_class.h"

#include <doctest/doctest.h>

#include "sim/runtime/attribute.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/call.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/repr.h"
#include "sim/vm/builtins.h"
#include "tests/support/values.h"

namespace corosim {
namespace {

using namespace test;

Ref<TypeObject> class_of(const char* name, Ref<DictObject> ns = new_dict(),
                         std::vector<Value> bases = {}) {
  builtins_dict();  // registers object.__init__ and the descriptor types
  return make_class(name, bases, ns.get());
}

TEST_CASE("a class without __init__ takes no arguments and reprs with its module") {
  Ref<TypeObject> c = class_of("Plain");
  Value p = call(Value(c), {});
  CHECK(repr(p).starts_with("<__main__.Plain object at 0x"));
  CHECK(str(p) == repr(p));
  CHECK(error_of([&] { call(Value(c), std::vector<Value>{I(1)}); }) ==
        "TypeError: Plain() takes no arguments");
  CHECK(repr(get_attr(Value(c), "__mro__")) == "(<class '__main__.Plain'>, <class 'object'>)");
}

TEST_CASE("instance attributes live in the instance dict and shadow class attributes") {
  Ref<DictObject> ns = new_dict();
  ns->set_str("size", I(1));
  Ref<TypeObject> c = class_of("Box", ns);
  Value b = call(Value(c), {});
  CHECK(repr(get_attr(b, "size")) == "1");
  set_attr(b, "size", I(2));
  CHECK(repr(get_attr(b, "size")) == "2");
  CHECK(repr(get_attr(Value(c), "size")) == "1");
  CHECK(repr(get_attr(b, "__dict__")) == "{'size': 2}");
  del_attr(b, "size");
  CHECK(repr(get_attr(b, "size")) == "1");
  CHECK(error_of([&] { del_attr(b, "size"); }) == "AttributeError: 'Box' object has no attribute 'size'");
  CHECK(error_of([&] { get_attr(b, "nope"); }) == "AttributeError: 'Box' object has no attribute 'nope'");
}

TEST_CASE("without comparison methods == is identity and ordering is a TypeError") {
  Ref<TypeObject> c = class_of("Thing");
  Value a = call(Value(c), {});
  Value b = call(Value(c), {});
  CHECK(equals(a, a));
  CHECK_FALSE(equals(a, b));
  CHECK(repr(compare(CompareOp::kNe, a, b)) == "True");
  CHECK(error_of([&] { compare(CompareOp::kLt, a, b); }) ==
        "TypeError: '<' not supported between instances of 'Thing' and 'Thing'");
  CHECK(error_of([&] { compare(CompareOp::kGe, a, I(1)); }) ==
        "TypeError: '>=' not supported between instances of 'Thing' and 'int'");
  CHECK(py_hash(a) == py_hash(a));
  CHECK(py_hash(a) != py_hash(b));
}

Value always_equal(const Value&, std::span<const Value>, std::span<const KwArg>) { return B(true); }

TEST_CASE("defining __eq__ without __hash__ makes instances unhashable") {
  Ref<DictObject> ns = new_dict();
  ns->set_str("__eq__", Value(new_native_function("__eq__", &always_equal)));
  Ref<TypeObject> c = class_of("Eq", ns);
  CHECK(get_attr(Value(c), "__hash__").is_none());
  Value a = call(Value(c), {});
  CHECK(error_of([&] { py_hash(a); }) == "TypeError: unhashable type: 'Eq'");
}

TEST_CASE("a base must be object, a class of the program or an exception class") {
  Value base(builtin_types().int_);
  CHECK(error_of([&] { class_of("A", new_dict(), {base}); }) ==
        "TypeError: corosim supports classes deriving from object, another class of the program "
        "or an exception class, not 'int'");
  Value c(class_of("B"));
  Ref<TypeObject> d = class_of("D", new_dict(), {c});
  CHECK(is_subtype(d.get(), c.as<TypeObject>()));
  CHECK(repr(not_implemented()) == "NotImplemented");
}

}  // namespace
}  // namespace corosim
