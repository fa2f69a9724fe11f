#include "sim/runtime/call.h"

#include <doctest/doctest.h>

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/native_function.h"
#include "tests/support/values.h"

namespace corosim {
namespace {

using namespace test;

Value count_args(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  return S(repr(self) + " " + std::to_string(args.size()) + " " + std::to_string(kwargs.size()));
}

TEST_CASE("calling a native function passes its data, args and kwargs") {
  Value f(new_native_function("f", &count_args, I(7)));
  KwArg kw{"k", I(1)};
  CHECK(str(call(f, std::vector<Value>{I(1), I(2)}, std::span<const KwArg>(&kw, 1))) == "7 2 1");
}

TEST_CASE("calling something that is not callable raises TypeError") {
  CHECK(error_of([] { call(I(5), {}); }) == "TypeError: 'int' object is not callable");
  CHECK(error_of([] { call(S("f"), {}); }) == "TypeError: 'str' object is not callable");
  CHECK(!is_callable(I(5)));
  CHECK(is_callable(Value(builtin_types().int_)));
}

TEST_CASE("a type without a constructor cannot be instantiated") {
  TypeObject* t = new_builtin_type("Opaque", builtin_types().object);
  CHECK(error_of([&] { call(Value(t), {}); }) == "TypeError: cannot create 'Opaque' instances");
}

TEST_CASE("argument count checks use CPython's wording") {
  std::vector<Value> two{I(1), I(2)};
  CHECK(error_of([&] { check_arg_count("len", two, 1, 1); }) ==
        "TypeError: len() takes exactly one argument (2 given)");
  CHECK(error_of([&] { check_arg_count("pop", two, 0, 1); }) ==
        "TypeError: pop expected at most 1 argument, got 2");
  CHECK(error_of([&] { check_arg_count("insert", std::vector<Value>{I(1)}, 2, 2); }) ==
        "TypeError: insert expected 2 arguments, got 1");
}

}  // namespace
}  // namespace corosim
