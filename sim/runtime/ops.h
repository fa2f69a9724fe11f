// The protocols the VM and the library call on Values, with CPython's
// semantics and messages: arithmetic, comparison, truth, hashing,
// containment, length, subscripts and iteration. Attribute access is in
// attribute.h, repr/str in repr.h, calls in call.h.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/runtime/object.h"
#include "sim/runtime/operators.h"

namespace corosim {

/// a op b. Ints are int64: a result outside the range raises OverflowError
/// "integer overflow: result exceeds the 64-bit range of corosim ints".
Value binary_op(BinaryOp op, const Value& a, const Value& b);
/// a op= b (lists extend in place for +=, sets update for |= etc.).
Value inplace_op(BinaryOp op, const Value& a, const Value& b);
Value unary_op(UnaryOp op, const Value& v);
/// Raises MemoryError when a str of `bytes` bytes would pass corosim's size
/// cap, the one `'x' * n` obeys (so no input exhausts memory).
void check_str_size(int64_t bytes);
/// a op b for the six rich comparisons (may return a non-bool only for user
/// types; for built-ins it is a bool Value).
Value compare(CompareOp op, const Value& a, const Value& b);
/// compare() reduced to a C++ bool (ordering for sorted, min, max).
bool compare_bool(CompareOp op, const Value& a, const Value& b);

/// a == b.
bool equals(const Value& a, const Value& b);
/// bool(v).
bool is_truthy(const Value& v);
/// hash(v). TypeError "unhashable type: 'list'".
int64_t py_hash(const Value& v);
/// object.__hash__: from the serial, so that it is the same on every run.
int64_t identity_hash(const Object* o);
/// item in container. TypeError "argument of type 'int' is not iterable".
bool contains(const Value& container, const Value& item);
/// len(v). TypeError "object of type 'int' has no len()".
int64_t py_len(const Value& v);

/// obj[key], obj[key] = value, del obj[key].
Value get_item(const Value& obj, const Value& key);
void set_item(const Value& obj, const Value& key, Value value);
void del_item(const Value& obj, const Value& key);

/// iter(v). TypeError "'int' object is not iterable".
Value get_iter(const Value& v);
/// next(it): false when exhausted (no StopIteration is allocated).
bool iter_next(const Value& it, Value& out);
/// Drains an iterable into a vector (list(x), unpacking, *args).
std::vector<Value> to_vector(const Value& iterable);

/// An int index from an int or bool; false for other types.
inline bool as_index(const Value& v, int64_t& out) {
  if (v.is_int()) {
    out = v.as_int();
    return true;
  }
  if (v.is_bool()) {
    out = v.as_bool() ? 1 : 0;
    return true;
  }
  return false;
}

/// Raises OverflowError with the int64 limit message.
[[noreturn]] void raise_int_overflow();

}  // namespace corosim
