#include "sim/runtime/operators.h"

namespace corosim {

std::string_view binary_op_symbol(BinaryOp op) {
  static constexpr std::string_view kSymbols[] = {"+",  "-",  "*", "/", "//", "%", "**",
                                                  "<<", ">>", "&", "|", "^",  "@"};
  return kSymbols[static_cast<int>(op)];
}

const char* compare_method_name(CompareOp op) {
  static constexpr const char* kNames[] = {"__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"};
  return kNames[static_cast<int>(op)];
}

std::string_view unary_op_symbol(UnaryOp op) {
  static constexpr std::string_view kSymbols[] = {"-", "+", "~", "not"};
  return kSymbols[static_cast<int>(op)];
}

std::string_view compare_op_symbol(CompareOp op) {
  static constexpr std::string_view kSymbols[] = {"<", "<=", "==", "!=", ">", ">="};
  return kSymbols[static_cast<int>(op)];
}

}  // namespace corosim
