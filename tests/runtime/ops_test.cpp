// Expected values and messages come from CPython 3.11.
#include "sim/runtime/ops.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>

#include "sim/runtime/range_object.h"
#include "sim/runtime/slice_object.h"
#include "tests/support/values.h"

namespace corosim {
namespace {

using namespace test;

Value slice(Value a, Value b, Value c = Value::none()) {
  return Value(new_slice(std::move(a), std::move(b), std::move(c)));
}

TEST_CASE("sequence operators concatenate and repeat") {
  CHECK(repr(binary_op(BinaryOp::kAdd, S("ab"), S("cd"))) == "'abcd'");
  CHECK(repr(binary_op(BinaryOp::kMul, S("ab"), I(3))) == "'ababab'");
  CHECK(repr(binary_op(BinaryOp::kMul, I(2), L({I(1)}))) == "[1, 1]");
  CHECK(repr(binary_op(BinaryOp::kMul, L({I(1), I(2)}), I(-1))) == "[]");
  CHECK(repr(binary_op(BinaryOp::kAdd, T({I(1)}), T({I(2)}))) == "(1, 2)");
  CHECK(repr(binary_op(BinaryOp::kOr, D({{S("a"), I(1)}}), D({{S("b"), I(2)}, {S("a"), I(3)}}))) ==
        "{'a': 3, 'b': 2}");
}

TEST_CASE("unsupported operands raise CPython's TypeErrors") {
  CHECK(error_of([] { binary_op(BinaryOp::kAdd, I(1), S("a")); }) ==
        "TypeError: unsupported operand type(s) for +: 'int' and 'str'");
  CHECK(error_of([] { binary_op(BinaryOp::kAdd, S("a"), I(1)); }) ==
        "TypeError: can only concatenate str (not \"int\") to str");
  CHECK(error_of([] { binary_op(BinaryOp::kAdd, L({I(1)}), T({I(1)})); }) ==
        "TypeError: can only concatenate list (not \"tuple\") to list");
  CHECK(error_of([] { binary_op(BinaryOp::kMul, S("a"), S("b")); }) ==
        "TypeError: can't multiply sequence by non-int of type 'str'");
  CHECK(error_of([] { binary_op(BinaryOp::kMul, L({I(1)}), F(1.5)); }) ==
        "TypeError: can't multiply sequence by non-int of type 'float'");
  CHECK(error_of([] { binary_op(BinaryOp::kLShift, F(1.5), I(1)); }) ==
        "TypeError: unsupported operand type(s) for <<: 'float' and 'int'");
  CHECK(error_of([] { binary_op(BinaryOp::kAdd, None(), I(1)); }) ==
        "TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'");
  CHECK(error_of([] { binary_op(BinaryOp::kPow, I(1), S("a")); }) ==
        "TypeError: unsupported operand type(s) for ** or pow(): 'int' and 'str'");
  CHECK(error_of([] { inplace_op(BinaryOp::kPow, I(1), S("a")); }) ==
        "TypeError: unsupported operand type(s) for **=: 'int' and 'str'");
  CHECK(error_of([] { binary_op(BinaryOp::kMatMul, I(1), I(2)); }) ==
        "TypeError: unsupported operand type(s) for @: 'int' and 'int'");
  CHECK(error_of([] { binary_op(BinaryOp::kOr, Set({I(1)}), L({I(1)})); }) ==
        "TypeError: unsupported operand type(s) for |: 'set' and 'list'");
  CHECK(error_of([] { binary_op(BinaryOp::kAdd, Set({I(1)}), Set({I(2)})); }) ==
        "TypeError: unsupported operand type(s) for +: 'set' and 'set'");
  CHECK(error_of([] { unary_op(UnaryOp::kNeg, S("a")); }) ==
        "TypeError: bad operand type for unary -: 'str'");
  CHECK(error_of([] { unary_op(UnaryOp::kInvert, F(1.5)); }) ==
        "TypeError: bad operand type for unary ~: 'float'");
  CHECK(error_of([] { inplace_op(BinaryOp::kAdd, I(1), S("a")); }) ==
        "TypeError: unsupported operand type(s) for +=: 'int' and 'str'");
}

TEST_CASE("augmented assignment extends a list in place") {
  Value l = L({I(1)});
  Value r = inplace_op(BinaryOp::kAdd, l, T({I(2), I(3)}));
  CHECK(r.obj() == l.obj());
  CHECK(repr(l) == "[1, 2, 3]");
  CHECK(repr(inplace_op(BinaryOp::kAdd, I(1), I(2))) == "3");
}

TEST_CASE("comparisons mix ints floats and bools exactly") {
  CHECK(compare_bool(CompareOp::kLt, I(1), F(1.5)));
  CHECK(compare_bool(CompareOp::kEq, I(1), F(1.0)));
  CHECK(compare_bool(CompareOp::kEq, B(true), I(1)));
  CHECK(!compare_bool(CompareOp::kEq, I(9007199254740993), F(9007199254740992.0)));
  CHECK(compare_bool(CompareOp::kGt, I(9007199254740993), F(9007199254740992.0)));
  CHECK(!compare_bool(CompareOp::kLt, F(NAN), I(1)));
  CHECK(compare_bool(CompareOp::kNe, F(NAN), F(NAN)));
  CHECK(!compare_bool(CompareOp::kEq, I(1), S("1")));
  CHECK(compare_bool(CompareOp::kNe, None(), I(0)));
}

TEST_CASE("strings lists and tuples compare lexicographically") {
  CHECK(compare_bool(CompareOp::kLt, S("abc"), S("abd")));
  CHECK(compare_bool(CompareOp::kLt, S("ab"), S("abc")));
  CHECK(compare_bool(CompareOp::kLt, S("Z"), S("a")));
  CHECK(compare_bool(CompareOp::kLt, L({I(1), I(2)}), L({I(1), I(3)})));
  CHECK(compare_bool(CompareOp::kLe, T({I(1)}), T({I(1)})));
  CHECK(compare_bool(CompareOp::kGt, T({I(1), I(2)}), T({I(1)})));
  CHECK(compare_bool(CompareOp::kEq, L({I(1), S("a")}), L({F(1.0), S("a")})));
  CHECK(compare_bool(CompareOp::kLt, Set({I(1)}), Set({I(1), I(2)})));
  CHECK(!compare_bool(CompareOp::kLt, Set({I(1)}), Set({I(1)})));
  CHECK(compare_bool(CompareOp::kEq, D({{S("a"), I(1)}}), D({{S("a"), F(1.0)}})));
}

TEST_CASE("ordering unrelated types raises TypeError") {
  CHECK(error_of([] { compare_bool(CompareOp::kLt, I(1), S("a")); }) ==
        "TypeError: '<' not supported between instances of 'int' and 'str'");
  CHECK(error_of([] { compare_bool(CompareOp::kLt, Set({I(1)}), L({I(1)})); }) ==
        "TypeError: '<' not supported between instances of 'set' and 'list'");
  CHECK(error_of([] { compare_bool(CompareOp::kLt, None(), None()); }) ==
        "TypeError: '<' not supported between instances of 'NoneType' and 'NoneType'");
  CHECK(error_of([] {
          compare_bool(CompareOp::kLt, T({I(1), I(2)}), T({I(1), S("a")}));
        }) == "TypeError: '<' not supported between instances of 'int' and 'str'");
}

TEST_CASE("hashes of equal values are equal and match CPython") {
  CHECK(py_hash(I(1)) == py_hash(F(1.0)));
  CHECK(py_hash(B(true)) == 1);
  CHECK(py_hash(F(-1.0)) == -2);
  CHECK(py_hash(T({I(1), I(2)})) == -3550055125485641917);
  CHECK(py_hash(T()) == 5740354900026072187);
  CHECK(py_hash(S("abc")) == py_hash(S(std::string("ab") + "c")));
  CHECK(error_of([] { py_hash(L()); }) == "TypeError: unhashable type: 'list'");
  CHECK(error_of([] { py_hash(D()); }) == "TypeError: unhashable type: 'dict'");
  CHECK(error_of([] { py_hash(T({L()})); }) == "TypeError: unhashable type: 'list'");
}

TEST_CASE("truthiness follows Python") {
  CHECK(!is_truthy(None()));
  CHECK(!is_truthy(I(0)));
  CHECK(!is_truthy(F(0.0)));
  CHECK(!is_truthy(S("")));
  CHECK(!is_truthy(L()));
  CHECK(!is_truthy(D()));
  CHECK(!is_truthy(Value(new_range(0, 0))));
  CHECK(is_truthy(S("0")));
  CHECK(is_truthy(T({None()})));
  CHECK(is_truthy(F(NAN)));
}

TEST_CASE("membership tests") {
  CHECK(contains(L({I(1), S("a")}), S("a")));
  CHECK(contains(T({F(2.0)}), I(2)));
  CHECK(contains(S("hello"), S("ell")));
  CHECK(contains(S("hello"), S("")));
  CHECK(contains(D({{S("k"), I(1)}}), S("k")));
  CHECK(contains(Value(new_range(0, 10, 3)), I(9)));
  CHECK(!contains(Value(new_range(0, 10, 3)), I(8)));
  CHECK(contains(Value(new_range(0, 10, 3)), F(3.0)));
  CHECK(contains(Value(new_range(10, 0, -2)), I(4)));
  CHECK(error_of([] { contains(I(5), I(1)); }) ==
        "TypeError: argument of type 'int' is not iterable");
  CHECK(error_of([] { contains(S("abc"), I(1)); }) ==
        "TypeError: 'in <string>' requires string as left operand, not int");
  CHECK(error_of([] { contains(D(), L()); }) == "TypeError: unhashable type: 'list'");
}

TEST_CASE("indexing accepts negative indexes and reports CPython's errors") {
  Value l = L({I(1), I(2), I(3)});
  CHECK(repr(get_item(l, I(-1))) == "3");
  CHECK(repr(get_item(S("abc"), I(-3))) == "'a'");
  CHECK(repr(get_item(S("caf\xc3\xa9"), I(3))) == "'\xc3\xa9'");
  CHECK(repr(get_item(Value(new_range(0, 10, 2)), I(-1))) == "8");
  CHECK(repr(get_item(l, B(true))) == "2");
  CHECK(error_of([&] { get_item(l, I(5)); }) == "IndexError: list index out of range");
  CHECK(error_of([] { get_item(T({I(1)}), I(5)); }) == "IndexError: tuple index out of range");
  CHECK(error_of([] { get_item(S("a"), I(5)); }) == "IndexError: string index out of range");
  CHECK(error_of([] { get_item(Value(new_range(0, 3)), I(5)); }) ==
        "IndexError: range object index out of range");
  CHECK(error_of([&] { get_item(l, S("a")); }) ==
        "TypeError: list indices must be integers or slices, not str");
  CHECK(error_of([&] { get_item(l, F(1.5)); }) ==
        "TypeError: list indices must be integers or slices, not float");
  CHECK(error_of([] { get_item(T({I(1)}), S("a")); }) ==
        "TypeError: tuple indices must be integers or slices, not str");
  CHECK(error_of([] { get_item(S("a"), S("a")); }) ==
        "TypeError: string indices must be integers, not 'str'");
  CHECK(error_of([] { get_item(I(5), I(0)); }) == "TypeError: 'int' object is not subscriptable");
  CHECK(error_of([] { get_item(D(), I(1)); }) == "KeyError: 1");
  CHECK(error_of([] { get_item(D(), S("k")); }) == "KeyError: 'k'");
}

TEST_CASE("slicing lists strings tuples and ranges") {
  Value l = L({I(1), I(2), I(3), I(4)});
  CHECK(repr(get_item(l, slice(I(1), I(3)))) == "[2, 3]");
  CHECK(repr(get_item(l, slice(None(), None(), I(-1)))) == "[4, 3, 2, 1]");
  CHECK(repr(get_item(l, slice(I(-100), I(100), I(2)))) == "[1, 3]");
  CHECK(repr(get_item(S("abcdef"), slice(None(), None(), I(-2)))) == "'fdb'");
  CHECK(repr(get_item(S("h\xc3\xa9llo"), slice(I(1), I(3)))) == "'\xc3\xa9l'");
  CHECK(repr(get_item(T({I(1), I(2)}), slice(I(1), None()))) == "(2,)");
  CHECK(repr(get_item(Value(new_range(0, 10)), slice(I(2), I(8), I(3)))) == "range(2, 8, 3)");
  CHECK(error_of([&] { get_item(l, slice(I(1), I(2), I(0))); }) ==
        "ValueError: slice step cannot be zero");
  CHECK(error_of([&] { get_item(l, slice(None(), S("a"))); }) ==
        "TypeError: slice indices must be integers or None or have an __index__ method");
}

TEST_CASE("item assignment and deletion") {
  Value l = L({I(1), I(2), I(3)});
  set_item(l, I(-1), I(30));
  CHECK(repr(l) == "[1, 2, 30]");
  set_item(l, slice(I(0), I(1)), L({I(7), I(8)}));
  CHECK(repr(l) == "[7, 8, 2, 30]");
  del_item(l, slice(None(), None(), I(2)));
  CHECK(repr(l) == "[8, 30]");
  del_item(l, I(0));
  CHECK(repr(l) == "[30]");
  Value d = D({{S("a"), I(1)}});
  set_item(d, S("b"), I(2));
  del_item(d, S("a"));
  CHECK(repr(d) == "{'b': 2}");
  CHECK(error_of([&] { set_item(l, I(5), I(1)); }) ==
        "IndexError: list assignment index out of range");
  CHECK(error_of([&] { del_item(l, I(5)); }) == "IndexError: list assignment index out of range");
  CHECK(error_of([&] { set_item(l, slice(I(1), I(1)), I(5)); }) ==
        "TypeError: can only assign an iterable");
  Value three = L({I(1), I(2), I(3)});
  CHECK(error_of([&] { set_item(three, slice(None(), None(), I(2)), L({I(1)})); }) ==
        "ValueError: attempt to assign sequence of size 1 to extended slice of size 2");
  CHECK(error_of([] { set_item(T({I(1)}), I(0), I(1)); }) ==
        "TypeError: 'tuple' object does not support item assignment");
  CHECK(error_of([] { set_item(S("a"), I(0), S("b")); }) ==
        "TypeError: 'str' object does not support item assignment");
  CHECK(error_of([] { del_item(T({I(1)}), I(0)); }) ==
        "TypeError: 'tuple' object doesn't support item deletion");
  CHECK(error_of([&] { del_item(d, S("zz")); }) == "KeyError: 'zz'");
  CHECK(error_of([&] { set_item(d, L(), I(1)); }) == "TypeError: unhashable type: 'list'");
}

TEST_CASE("len and iteration of the built-in containers") {
  CHECK(py_len(S("caf\xc3\xa9")) == 4);
  CHECK(py_len(Value(new_range(0, 10, 3))) == 4);
  CHECK(py_len(Value(new_range(10, 0))) == 0);
  CHECK(repr(L(to_vector(S("ab")))) == "['a', 'b']");
  CHECK(repr(L(to_vector(Value(new_range(5, 0, -2))))) == "[5, 3, 1]");
  CHECK(repr(L(to_vector(D({{S("x"), I(1)}, {S("y"), I(2)}})))) == "['x', 'y']");
  CHECK(error_of([] { py_len(I(5)); }) == "TypeError: object of type 'int' has no len()");
  CHECK(error_of([] { get_iter(I(5)); }) == "TypeError: 'int' object is not iterable");
  Value it;
  CHECK(error_of([&] { iter_next(I(5), it); }) == "TypeError: 'int' object is not an iterator");
}

TEST_CASE("a dict that changes size while iterated raises RuntimeError") {
  Value d = D({{S("a"), I(1)}});
  Value it = get_iter(d);
  Value k;
  CHECK(iter_next(it, k));
  d.as<DictObject>()->set(S("b"), I(2));
  CHECK(error_of([&] { iter_next(it, k); }) ==
        "RuntimeError: dictionary changed size during iteration");
}

TEST_CASE("iterating a list sees items appended during the loop") {
  Value l = L({I(1)});
  Value it = get_iter(l);
  Value x;
  std::string seen;
  while (iter_next(it, x)) {
    seen += repr(x);
    if (l.as<ListObject>()->items.size() < 3) l.as<ListObject>()->items.push_back(I(9));
  }
  CHECK(seen == "199");
}

TEST_CASE("huge repetitions raise MemoryError instead of exhausting memory") {
  CHECK(error_of([] { binary_op(BinaryOp::kMul, L({I(1)}), I(int64_t(1) << 40)); }) ==
        "MemoryError: corosim limits a sequence to 67108864 items");
  CHECK(error_of([] { inplace_op(BinaryOp::kMul, L({I(1)}), I(int64_t(1) << 40)); }) ==
        "MemoryError: corosim limits a sequence to 67108864 items");
  CHECK(error_of([] { check_str_size(int64_t(1) << 40); }) ==
        "MemoryError: corosim limits a sequence to 1073741824 items");
}

TEST_CASE("repeating an empty sequence any number of times is empty at once") {
  const int64_t huge = 1'000'000'000'000'000'000;  // 10**18
  CHECK(repr(binary_op(BinaryOp::kMul, L(), I(huge))) == "[]");
  CHECK(repr(binary_op(BinaryOp::kMul, T(), I(huge))) == "()");
  CHECK(repr(binary_op(BinaryOp::kMul, S(""), I(huge))) == "''");
  CHECK(repr(binary_op(BinaryOp::kMul, I(huge), S(""))) == "''");
  CHECK(repr(inplace_op(BinaryOp::kMul, L(), I(huge))) == "[]");
}

TEST_CASE("l *= n repeats the list in place, as CPython's list_inplace_repeat") {
  Value a = L({I(1), I(2)});
  Value r = inplace_op(BinaryOp::kMul, a, I(2));
  CHECK(r.obj() == a.obj());
  CHECK(repr(a) == "[1, 2, 1, 2]");
  CHECK(inplace_op(BinaryOp::kMul, a, I(0)).obj() == a.obj());
  CHECK(repr(a) == "[]");
  Value c = L({I(1)});
  inplace_op(BinaryOp::kMul, c, I(-3));
  CHECK(repr(c) == "[]");
  Value d = L({I(3)});
  inplace_op(BinaryOp::kMul, d, B(true));
  CHECK(repr(d) == "[3]");
  CHECK(error_of([] { inplace_op(BinaryOp::kMul, L({I(1)}), F(1.5)); }) ==
        "TypeError: can't multiply sequence by non-int of type 'float'");
}

TEST_CASE("len of a range longer than 2**63-1 is CPython's OverflowError") {
  const int64_t min = INT64_MIN, max = INT64_MAX;
  CHECK(error_of([&] { py_len(Value(new_range(min, max))); }) ==
        "OverflowError: Python int too large to convert to C ssize_t");
  CHECK(py_len(Value(new_range(-1, max - 1))) == max);
  CHECK(!equals(Value(new_range(min, max)), Value(new_range(min, max - 1))));
}

}  // namespace
}  // namespace corosim
