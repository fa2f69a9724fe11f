// The operator families the compiler emits and the runtime evaluates
// (ops.h). Shared by sim/compile (as instruction arguments) and sim/runtime.
#pragma once

#include <cstdint>
#include <string_view>

namespace corosim {

/// Binary operators, also used for augmented assignment (`x += 1` is Add).
enum class BinaryOp : uint8_t {
  kAdd,
  kSub,
  kMul,
  kTrueDiv,
  kFloorDiv,
  kMod,
  kPow,
  kLShift,
  kRShift,
  kAnd,
  kOr,
  kXor,
  kMatMul,
};

/// Unary operators: -x, +x, ~x, not x.
enum class UnaryOp : uint8_t { kNeg, kPos, kInvert, kNot };

/// Rich comparisons. `in`, `not in`, `is`, `is not` are not here: they are
/// contains() and Value::identical().
enum class CompareOp : uint8_t { kLt, kLe, kEq, kNe, kGt, kGe };

/// The operator's source spelling as CPython's messages show it: "+", "//",
/// "**", "@", "<=", ... (for augmented assignment messages use
/// binary_op_symbol(op) + "=").
std::string_view binary_op_symbol(BinaryOp op);
std::string_view unary_op_symbol(UnaryOp op);  // "-", "+", "~", "not"
std::string_view compare_op_symbol(CompareOp op);
/// The special method of a comparison: "__lt__", "__eq__", ...
const char* compare_method_name(CompareOp op);

}  // namespace corosim
