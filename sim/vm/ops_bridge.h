// The runtime's value protocols (sim/runtime/ops.h) as the interpreter calls
// them with instruction operands: BINARY_OP carries CPython's NB_* numbering
// (sim/compile/opcode.h BinaryOpArg) and COMPARE_OP Py_LT..Py_GE, which this
// file maps to the runtime's BinaryOp/CompareOp. The enum names no longer
// clash, so the interpreter could map them itself and call ops.h directly;
// that saves a call on the hottest opcodes and is left for the speed work.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "sim/runtime/object.h"

namespace corosim::vm {

/// BINARY_OP operand (CPython's NB_* numbering, in-place variants + 13).
Value binary_op(uint32_t nb_op, const Value& a, const Value& b);
/// COMPARE_OP operand (Py_LT=0 .. Py_GE=5).
Value compare(uint32_t py_cmp, const Value& a, const Value& b);
Value negative(const Value& v);
Value positive(const Value& v);
Value invert(const Value& v);

bool truthy(const Value& v);
bool contains(const Value& container, const Value& item);
Value get_item(const Value& obj, const Value& key);
void set_item(const Value& obj, const Value& key, Value value);
void del_item(const Value& obj, const Value& key);
Value get_iter(const Value& v);
bool iter_next(const Value& it, Value& out);
std::vector<Value> to_vector(const Value& iterable);

}  // namespace corosim::vm
