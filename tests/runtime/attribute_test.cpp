// Messages come from CPython 3.11.
#include "sim/runtime/attribute.h"

#include <doctest/doctest.h>

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/call.h"
#include "sim/runtime/module_object.h"
#include "sim/runtime/native_function.h"
#include "tests/support/values.h"

namespace corosim {
namespace {

using namespace test;

Value list_size(const Value& self, std::span<const Value>, std::span<const KwArg>) {
  return I(int64_t(self.as<ListObject>()->items.size()));
}

TEST_CASE("missing attributes raise CPython's AttributeErrors") {
  CHECK(error_of([] { get_attr(I(1), "foo"); }) ==
        "AttributeError: 'int' object has no attribute 'foo'");
  CHECK(error_of([] { get_attr(None(), "foo"); }) ==
        "AttributeError: 'NoneType' object has no attribute 'foo'");
  CHECK(error_of([] { get_attr(Value(builtin_types().int_), "foo"); }) ==
        "AttributeError: type object 'int' has no attribute 'foo'");
  CHECK(error_of([] { get_attr(Value(new_module("asyncio")), "foo"); }) ==
        "AttributeError: module 'asyncio' has no attribute 'foo'");
  CHECK(error_of([] { set_attr(I(1), "x", I(2)); }) ==
        "AttributeError: 'int' object has no attribute 'x'");
  CHECK(error_of([] { set_attr(Value(builtin_types().int_), "x", I(2)); }) ==
        "TypeError: cannot set 'x' attribute of immutable type 'int'");
}

TEST_CASE("type(x).__name__ and friends") {
  CHECK(repr(get_attr(get_attr(I(1), "__class__"), "__name__")) == "'int'");
  CHECK(repr(get_attr(Value(exception_types().key_error), "__name__")) == "'KeyError'");
  CHECK(repr(get_attr(Value(exception_types().cancelled_error), "__module__")) ==
        "'asyncio.exceptions'");
}

TEST_CASE("a class without a docstring has __doc__ None instead of its base's") {
  TypeObject* exception = exception_types().exception;
  Ref<TypeObject> base = make<TypeObject>("Base", exception, kTypeException | kTypeUser, "__main__");
  base->set_attr("__doc__", S("Base doc."));
  Ref<TypeObject> child = make<TypeObject>("Child", base.get(), kTypeException | kTypeUser, "__main__");
  CHECK(repr(get_attr(Value(base), "__doc__")) == "'Base doc.'");
  CHECK(repr(get_attr(Value(child), "__doc__")) == "None");
  CHECK(repr(get_attr(call(Value(child), {}), "__doc__")) == "None");
  CHECK(repr(get_attr(call(Value(base), {}), "__doc__")) == "'Base doc.'");
}

TEST_CASE("modules hold attributes in their dict") {
  Value m(new_module("asyncio"));
  set_attr(m, "x", I(1));
  CHECK(repr(get_attr(m, "x")) == "1");
  CHECK(repr(get_attr(m, "__name__")) == "'asyncio'");
  del_attr(m, "x");
  CHECK(!has_attr(m, "x"));
}

TEST_CASE("native methods bind to their instance") {
  TypeObject* list = builtin_types().list;
  if (list->lookup_own("__test_size").is_null()) add_method(list, "__test_size", &list_size);
  Value l = L({I(1), I(2)});
  CHECK(repr(call(get_attr(l, "__test_size"), {})) == "2");
  CHECK(repr(call_method(l, "__test_size", {})) == "2");
  Value method, self;
  get_method(l, "__test_size", method, self);
  CHECK(self.obj() == l.obj());
  CHECK(repr(call(method, std::vector<Value>{l})) == "2");
  CHECK(error_of([&] { set_attr(l, "__test_size", I(1)); }) ==
        "AttributeError: 'list' object attribute '__test_size' is read-only");
}

}  // namespace
}  // namespace corosim
