#include "sim/compile/disassembler.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "sim/runtime/float_repr.h"
#include "sim/runtime/set_object.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/tuple_object.h"

namespace corosim {

namespace {

// Python's repr of a str: single quotes unless the text has ' and no ".
std::string quote(const std::string& s) {
  const bool dq = s.find('\'') != std::string::npos && s.find('"') == std::string::npos;
  const char q = dq ? '"' : '\'';
  std::string out(1, q);
  for (unsigned char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c == q) {
          out += '\\';
          out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + q;
}

struct FlagName {
  uint32_t flag;
  const char* name;
};
constexpr FlagName kFlagNames[] = {
    {CodeFlags::kCoroutine, "coroutine"},   {CodeFlags::kGenerator, "generator"},
    {CodeFlags::kVarargs, "varargs"},       {CodeFlags::kVarkeywords, "varkeywords"},
    {CodeFlags::kClassBody, "class body"},
};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string header(const CodeObject& code) {
  std::vector<std::string> flags;
  for (const auto& f : kFlagNames) {
    if (code.flags & f.flag) flags.push_back(f.name);
  }
  std::string out = "Disassembly of " + code.qualname + " (line " + std::to_string(code.first_line);
  if (!flags.empty()) out += ", " + join(flags);
  out += "):\n";
  if (!code.varnames.empty()) out += "  locals: " + join(code.varnames) + "\n";
  if (!code.cellvars.empty()) out += "  cells: " + join(code.cellvars) + "\n";
  if (!code.freevars.empty()) out += "  free: " + join(code.freevars) + "\n";
  return out;
}

// The "(...)" part of an instruction line; empty when there is nothing to add.
std::string meaning(const CodeObject& code, Opcode op, uint32_t arg) {
  switch (opcode_info(op).operand) {
    case OperandKind::kNone:
    case OperandKind::kCount:
    case OperandKind::kRaise: return "";
    case OperandKind::kConst: return constant_repr(code.consts.at(arg));
    case OperandKind::kName: return code.names.at(arg);
    case OperandKind::kLocal: return code.varnames.at(arg);
    case OperandKind::kDeref: return code.deref_name(arg);
    case OperandKind::kJump: return "to " + std::to_string(arg);
    case OperandKind::kBinaryOp: return std::string(binary_op_arg_symbol(static_cast<BinaryOpArg>(arg)));
    case OperandKind::kCompareOp:
      return std::string(compare_op_arg_symbol(static_cast<CompareOpArg>(arg)));
    case OperandKind::kInvert:
      if (op == Opcode::IS_OP) return arg ? "is not" : "is";
      return arg ? "not in" : "in";
    case OperandKind::kFormat: {
      static constexpr const char* kConv[] = {"", "str", "repr", "ascii"};
      std::vector<std::string> parts;
      if (arg & kFormatConvMask) parts.push_back(kConv[arg & kFormatConvMask]);
      if (arg & kFormatHasSpec) parts.push_back("with format");
      return join(parts);
    }
    case OperandKind::kMakeFunction: {
      std::vector<std::string> parts;
      if (arg & kMakeFunctionDefaults) parts.push_back("defaults");
      if (arg & kMakeFunctionKwDefaults) parts.push_back("kwdefaults");
      if (arg & kMakeFunctionClosure) parts.push_back("closure");
      return join(parts);
    }
    case OperandKind::kCallEx: return (arg & kCallExHasKwargs) ? "kwargs" : "";
    case OperandKind::kUnpackEx:
      return std::to_string(arg & 0xFF) + " before, " + std::to_string(arg >> 8) + " after";
  }
  return "";
}

std::set<uint32_t> targets_of(const CodeObject& code) {
  std::set<uint32_t> targets;
  for (Instr in : code.code) {
    if (is_jump(opcode_of(in))) targets.insert(arg_of(in));
  }
  for (const auto& e : code.exception_table) targets.insert(e.handler);
  return targets;
}

std::string instruction_line(const CodeObject& code, size_t i, int& last_line,
                             const std::set<uint32_t>& targets) {
  const Opcode op = opcode_of(code.code[i]);
  const uint32_t arg = arg_of(code.code[i]);
  const int line = code.line_for(i);
  std::string line_col = line != last_line ? std::to_string(line) : "";
  last_line = line;
  char buf[96];
  std::snprintf(buf, sizeof buf, "%4s %2s %4zu %s", line_col.c_str(),
                targets.count(static_cast<uint32_t>(i)) ? ">>" : "", i,
                std::string(opcode_name(op)).c_str());
  std::string out = buf;
  if (opcode_info(op).operand != OperandKind::kNone) {
    out.resize(std::max<size_t>(out.size(), 33), ' ');
    out += " " + std::to_string(arg);
    std::string m = meaning(code, op, arg);
    if (!m.empty()) out += " (" + m + ")";
  }
  return out + "\n";
}

}  // namespace

std::string constant_repr(const Value& v) {
  switch (v.tag()) {
    case Value::Tag::kNull: return "<null>";
    case Value::Tag::kNone: return "None";
    case Value::Tag::kBool: return v.as_bool() ? "True" : "False";
    case Value::Tag::kInt: return std::to_string(v.as_int());
    case Value::Tag::kFloat: return float_repr(v.as_float());
    case Value::Tag::kObject: break;
  }
  if (v.is(ObjKind::kStr)) return quote(v.as<StrObject>()->text());
  if (v.is(ObjKind::kTuple)) {
    const auto& items = v.as<TupleObject>()->items;
    std::vector<std::string> parts;
    for (const auto& item : items) parts.push_back(constant_repr(item));
    return "(" + join(parts) + (items.size() == 1 ? ",)" : ")");
  }
  if (v.is(ObjKind::kSet)) {  // only frozenset constants are sets here
    std::vector<std::string> parts;
    for (const auto& item : v.as<SetObject>()->items()) parts.push_back(constant_repr(item));
    return parts.empty() ? "frozenset()" : "frozenset({" + join(parts) + "})";
  }
  if (v.is(ObjKind::kCode)) {
    const auto* c = v.as<CodeObject>();
    return "<code " + c->qualname + ", line " + std::to_string(c->first_line) + ">";
  }
  return "<object>";
}

std::string disassemble_one(const CodeObject& code) {
  std::string out = header(code);
  const std::set<uint32_t> targets = targets_of(code);
  int last_line = -1;
  for (size_t i = 0; i < code.code.size(); ++i) out += instruction_line(code, i, last_line, targets);
  if (!code.exception_table.empty()) {
    out += "ExceptionTable:\n";
    for (const auto& e : code.exception_table) {
      out += "  [" + std::to_string(e.start) + ", " + std::to_string(e.end) + ") -> " +
             std::to_string(e.handler) + " depth " + std::to_string(e.depth) + "\n";
    }
  }
  return out;
}

std::string disassemble(const CodeObject& code) {
  std::string out = disassemble_one(code);
  for (const auto& c : code.consts) {
    if (c.is(ObjKind::kCode)) out += "\n" + disassemble(*c.as<CodeObject>());
  }
  return out;
}

}  // namespace corosim
