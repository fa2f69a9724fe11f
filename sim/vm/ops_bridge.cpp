#include "sim/vm/ops_bridge.h"

#include <array>

#include "sim/runtime/ops.h"

namespace corosim::vm {
namespace {

// CPython's NB_* order (opcode.h BinaryOpArg) -> the runtime's BinaryOp.
constexpr std::array<BinaryOp, 13> kFromNb = {
    BinaryOp::kAdd,    BinaryOp::kAnd, BinaryOp::kFloorDiv, BinaryOp::kLShift, BinaryOp::kMatMul,
    BinaryOp::kMul,    BinaryOp::kMod, BinaryOp::kOr,       BinaryOp::kPow,    BinaryOp::kRShift,
    BinaryOp::kSub,    BinaryOp::kTrueDiv, BinaryOp::kXor,
};
constexpr uint32_t kInplace = 13;

// Py_LT .. Py_GE -> the runtime's CompareOp.
constexpr std::array<CompareOp, 6> kFromPy = {
    CompareOp::kLt, CompareOp::kLe, CompareOp::kEq, CompareOp::kNe, CompareOp::kGt, CompareOp::kGe,
};

}  // namespace

Value binary_op(uint32_t nb_op, const Value& a, const Value& b) {
  if (nb_op >= kInplace) return corosim::inplace_op(kFromNb[nb_op - kInplace], a, b);
  return corosim::binary_op(kFromNb[nb_op], a, b);
}

Value compare(uint32_t py_cmp, const Value& a, const Value& b) {
  return corosim::compare(kFromPy[py_cmp], a, b);
}

Value negative(const Value& v) { return unary_op(UnaryOp::kNeg, v); }
Value positive(const Value& v) { return unary_op(UnaryOp::kPos, v); }
Value invert(const Value& v) { return unary_op(UnaryOp::kInvert, v); }

bool truthy(const Value& v) { return is_truthy(v); }
bool contains(const Value& container, const Value& item) { return corosim::contains(container, item); }
Value get_item(const Value& obj, const Value& key) { return corosim::get_item(obj, key); }
void set_item(const Value& obj, const Value& key, Value value) {
  corosim::set_item(obj, key, std::move(value));
}
void del_item(const Value& obj, const Value& key) { corosim::del_item(obj, key); }
Value get_iter(const Value& v) { return corosim::get_iter(v); }
bool iter_next(const Value& it, Value& out) { return corosim::iter_next(it, out); }
std::vector<Value> to_vector(const Value& iterable) { return corosim::to_vector(iterable); }

}  // namespace corosim::vm
