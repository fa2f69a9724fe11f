#include "sim/front/ast_dump.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace corosim::ast {

namespace {

// Python's names of the operator classes, indexed by the enums' values.
constexpr std::array<std::string_view, 13> kOperatorNames = {
    "Add", "Sub", "Mult", "MatMult", "Div", "Mod", "Pow", "LShift", "RShift", "BitOr", "BitXor", "BitAnd", "FloorDiv"};
constexpr std::array<std::string_view, 4> kUnaryNames = {"Invert", "Not", "UAdd", "USub"};
constexpr std::array<std::string_view, 2> kBoolNames = {"And", "Or"};
constexpr std::array<std::string_view, 10> kCmpNames = {"Eq", "NotEq", "Lt", "LtE", "Gt", "GtE", "Is", "IsNot", "In", "NotIn"};
constexpr std::array<std::string_view, 3> kContextNames = {"Load", "Store", "Del"};

template <class E, std::size_t N>
std::string op_name(const std::array<std::string_view, N>& names, E e) {
  return std::string(names[static_cast<std::size_t>(e)]) + "()";
}

// Python's repr of a str (quote choice and escapes for the ASCII range).
std::string str_repr(const std::string& s) {
  bool has_single = s.find('\'') != std::string::npos;
  bool has_double = s.find('"') != std::string::npos;
  char quote = (has_single && !has_double) ? '"' : '\'';
  std::string out(1, quote);
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (ch == quote || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\r') {
      out += "\\r";
    } else if (ch == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out + quote;
}

// Python's repr of a float: the shortest digits that round-trip.
std::string float_repr(double d) {
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  if (std::isnan(d)) return "nan";
  char buf[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*e", precision - 1, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  // buf is d.ddde[+-]XX; Python writes fixed notation for exponents -4..15.
  std::string sci = buf;
  std::size_t e = sci.find('e');
  int exponent = std::atoi(sci.c_str() + e + 1);
  std::string mantissa = sci.substr(0, e);
  bool negative = mantissa[0] == '-';
  if (negative) mantissa.erase(0, 1);
  std::string digits;
  for (char c : mantissa) if (c != '.') digits += c;
  std::string out;
  if (exponent < -4 || exponent >= 16) {
    out = digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char exp[16];
    std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    out += exp;
  } else if (exponent < 0) {
    out = "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
  } else {
    std::size_t int_len = static_cast<std::size_t>(exponent) + 1;
    if (digits.size() <= int_len) {
      out = digits + std::string(int_len - digits.size(), '0') + ".0";
    } else {
      out = digits.substr(0, int_len) + "." + digits.substr(int_len);
    }
  }
  return negative ? "-" + out : out;
}

std::string constant_repr(const ConstantValue& v) {
  if (std::holds_alternative<NoneValue>(v)) return "None";
  if (std::holds_alternative<EllipsisValue>(v)) return "Ellipsis";
  if (const bool* b = std::get_if<bool>(&v)) return *b ? "True" : "False";
  if (const std::int64_t* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const double* d = std::get_if<double>(&v)) return float_repr(*d);
  return str_repr(std::get<std::string>(v));
}

// Builds "Name(field=value, ...)", omitting absent optional fields as ast.dump does.
class Fields {
 public:
  explicit Fields(std::string_view name) : out_(name) { out_ += '('; }
  Fields& add(std::string_view field, const std::string& value) {
    if (!first_) out_ += ", ";
    first_ = false;
    out_ += field;
    out_ += '=';
    out_ += value;
    return *this;
  }
  Fields& optional(std::string_view field, const Expr* e);
  Fields& name(std::string_view field, const std::string& id) {
    return id.empty() ? *this : add(field, str_repr(id));
  }
  std::string str() const { return out_ + ')'; }

 private:
  std::string out_;
  bool first_ = true;
};

std::string list(const ExprList& items, bool none_for_null = false);
std::string list(const StmtList& items);
std::string arguments(const Arguments& a);
std::string generators(const std::vector<Comprehension>& gens);

Fields& Fields::optional(std::string_view field, const Expr* e) {
  return e ? add(field, dump(*e)) : *this;
}

std::string ctx(ExprContext c) { return op_name(kContextNames, c); }

std::string list(const ExprList& items, bool none_for_null) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += items[i] ? dump(*items[i]) : (none_for_null ? "None" : "");
  }
  return out + "]";
}

std::string list(const StmtList& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += dump(*items[i]);
  }
  return out + "]";
}

std::string arg(const Arg& a) {
  return Fields("arg").add("arg", str_repr(a.arg)).optional("annotation", a.annotation.get()).str();
}

std::string arg_list(const std::vector<Arg>& args) {
  std::string out = "[";
  for (std::size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + arg(args[i]);
  return out + "]";
}

std::string arguments(const Arguments& a) {
  Fields f("arguments");
  f.add("posonlyargs", "[]").add("args", arg_list(a.args));
  if (a.vararg) f.add("vararg", arg(*a.vararg));
  f.add("kwonlyargs", arg_list(a.kwonlyargs)).add("kw_defaults", list(a.kw_defaults, true));
  if (a.kwarg) f.add("kwarg", arg(*a.kwarg));
  return f.add("defaults", list(a.defaults)).str();
}

std::string generators(const std::vector<Comprehension>& gens) {
  std::string out = "[";
  for (std::size_t i = 0; i < gens.size(); ++i) {
    const Comprehension& c = gens[i];
    out += (i ? ", " : "") + Fields("comprehension")
                                 .add("target", dump(*c.target))
                                 .add("iter", dump(*c.iter))
                                 .add("ifs", list(c.ifs))
                                 .add("is_async", c.is_async ? "1" : "0")
                                 .str();
  }
  return out + "]";
}

std::string keywords(const std::vector<Keyword>& kws) {
  std::string out = "[";
  for (std::size_t i = 0; i < kws.size(); ++i) {
    out += (i ? ", " : "") + Fields("keyword").name("arg", kws[i].arg).add("value", dump(*kws[i].value)).str();
  }
  return out + "]";
}

std::string aliases(const std::vector<Alias>& names) {
  std::string out = "[";
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += (i ? ", " : "") + Fields("alias").add("name", str_repr(names[i].name)).name("asname", names[i].asname).str();
  }
  return out + "]";
}

std::string identifiers(const std::vector<std::string>& names) {
  std::string out = "[";
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + str_repr(names[i]);
  return out + "]";
}

std::string handlers(const std::vector<ExceptHandler>& hs) {
  std::string out = "[";
  for (std::size_t i = 0; i < hs.size(); ++i) {
    out += (i ? ", " : "") + Fields("ExceptHandler")
                                 .optional("type", hs[i].type.get())
                                 .name("name", hs[i].name)
                                 .add("body", list(hs[i].body))
                                 .str();
  }
  return out + "]";
}

}  // namespace

std::string dump(const Module& module) {
  return Fields("Module").add("body", list(module.body)).add("type_ignores", "[]").str();
}

std::string dump(const Expr& e) {
  switch (e.kind) {
    case ExprKind::BoolOp: {
      const auto& n = cast<BoolOp>(e);
      return Fields("BoolOp").add("op", op_name(kBoolNames, n.op)).add("values", list(n.values)).str();
    }
    case ExprKind::BinOp: {
      const auto& n = cast<BinOp>(e);
      return Fields("BinOp").add("left", dump(*n.left)).add("op", op_name(kOperatorNames, n.op)).add("right", dump(*n.right)).str();
    }
    case ExprKind::UnaryOp: {
      const auto& n = cast<UnaryOp>(e);
      return Fields("UnaryOp").add("op", op_name(kUnaryNames, n.op)).add("operand", dump(*n.operand)).str();
    }
    case ExprKind::Lambda: {
      const auto& n = cast<Lambda>(e);
      return Fields("Lambda").add("args", arguments(n.args)).add("body", dump(*n.body)).str();
    }
    case ExprKind::IfExp: {
      const auto& n = cast<IfExp>(e);
      return Fields("IfExp").add("test", dump(*n.test)).add("body", dump(*n.body)).add("orelse", dump(*n.orelse)).str();
    }
    case ExprKind::Dict: {
      const auto& n = cast<Dict>(e);
      return Fields("Dict").add("keys", list(n.keys, true)).add("values", list(n.values)).str();
    }
    case ExprKind::Set: return Fields("Set").add("elts", list(cast<Set>(e).elts)).str();
    case ExprKind::ListComp: {
      const auto& n = cast<ListComp>(e);
      return Fields("ListComp").add("elt", dump(*n.elt)).add("generators", generators(n.generators)).str();
    }
    case ExprKind::SetComp: {
      const auto& n = cast<SetComp>(e);
      return Fields("SetComp").add("elt", dump(*n.elt)).add("generators", generators(n.generators)).str();
    }
    case ExprKind::GeneratorExp: {
      const auto& n = cast<GeneratorExp>(e);
      return Fields("GeneratorExp").add("elt", dump(*n.elt)).add("generators", generators(n.generators)).str();
    }
    case ExprKind::DictComp: {
      const auto& n = cast<DictComp>(e);
      return Fields("DictComp").add("key", dump(*n.key)).add("value", dump(*n.value)).add("generators", generators(n.generators)).str();
    }
    case ExprKind::Await: return Fields("Await").add("value", dump(*cast<Await>(e).value)).str();
    case ExprKind::Yield: return Fields("Yield").optional("value", cast<Yield>(e).value.get()).str();
    case ExprKind::YieldFrom: return Fields("YieldFrom").add("value", dump(*cast<YieldFrom>(e).value)).str();
    case ExprKind::Compare: {
      const auto& n = cast<Compare>(e);
      std::string ops = "[";
      for (std::size_t i = 0; i < n.ops.size(); ++i) ops += (i ? ", " : "") + op_name(kCmpNames, n.ops[i]);
      return Fields("Compare").add("left", dump(*n.left)).add("ops", ops + "]").add("comparators", list(n.comparators)).str();
    }
    case ExprKind::Call: {
      const auto& n = cast<Call>(e);
      return Fields("Call").add("func", dump(*n.func)).add("args", list(n.args)).add("keywords", keywords(n.keywords)).str();
    }
    case ExprKind::FormattedValue: {
      const auto& n = cast<FormattedValue>(e);
      return Fields("FormattedValue")
          .add("value", dump(*n.value))
          .add("conversion", std::to_string(n.conversion))
          .optional("format_spec", n.format_spec.get())
          .str();
    }
    case ExprKind::JoinedStr: return Fields("JoinedStr").add("values", list(cast<JoinedStr>(e).values)).str();
    case ExprKind::Constant: return Fields("Constant").add("value", constant_repr(cast<Constant>(e).value)).str();
    case ExprKind::Attribute: {
      const auto& n = cast<Attribute>(e);
      return Fields("Attribute").add("value", dump(*n.value)).add("attr", str_repr(n.attr)).add("ctx", ctx(n.ctx)).str();
    }
    case ExprKind::Subscript: {
      const auto& n = cast<Subscript>(e);
      return Fields("Subscript").add("value", dump(*n.value)).add("slice", dump(*n.slice)).add("ctx", ctx(n.ctx)).str();
    }
    case ExprKind::Starred: {
      const auto& n = cast<Starred>(e);
      return Fields("Starred").add("value", dump(*n.value)).add("ctx", ctx(n.ctx)).str();
    }
    case ExprKind::Name: {
      const auto& n = cast<Name>(e);
      return Fields("Name").add("id", str_repr(n.id)).add("ctx", ctx(n.ctx)).str();
    }
    case ExprKind::List: {
      const auto& n = cast<List>(e);
      return Fields("List").add("elts", list(n.elts)).add("ctx", ctx(n.ctx)).str();
    }
    case ExprKind::Tuple: {
      const auto& n = cast<Tuple>(e);
      return Fields("Tuple").add("elts", list(n.elts)).add("ctx", ctx(n.ctx)).str();
    }
    case ExprKind::Slice: {
      const auto& n = cast<Slice>(e);
      return Fields("Slice").optional("lower", n.lower.get()).optional("upper", n.upper.get()).optional("step", n.step.get()).str();
    }
  }
  return "?";
}

std::string dump(const Stmt& s) {
  switch (s.kind) {
    case StmtKind::FunctionDef:
    case StmtKind::AsyncFunctionDef: {
      const auto& n = cast<FunctionDef>(s);
      return Fields(s.kind == StmtKind::FunctionDef ? "FunctionDef" : "AsyncFunctionDef")
          .add("name", str_repr(n.name))
          .add("args", arguments(n.args))
          .add("body", list(n.body))
          .add("decorator_list", list(n.decorator_list))
          .optional("returns", n.returns.get())
          .str();
    }
    case StmtKind::ClassDef: {
      const auto& n = cast<ClassDef>(s);
      return Fields("ClassDef").add("name", str_repr(n.name)).add("bases", list(n.bases)).add("keywords", "[]")
          .add("body", list(n.body)).add("decorator_list", "[]").str();
    }
    case StmtKind::Return: return Fields("Return").optional("value", cast<Return>(s).value.get()).str();
    case StmtKind::Delete: return Fields("Delete").add("targets", list(cast<Delete>(s).targets)).str();
    case StmtKind::Assign: {
      const auto& n = cast<Assign>(s);
      return Fields("Assign").add("targets", list(n.targets)).add("value", dump(*n.value)).str();
    }
    case StmtKind::AugAssign: {
      const auto& n = cast<AugAssign>(s);
      return Fields("AugAssign").add("target", dump(*n.target)).add("op", op_name(kOperatorNames, n.op)).add("value", dump(*n.value)).str();
    }
    case StmtKind::For: {
      const auto& n = cast<For>(s);
      return Fields("For").add("target", dump(*n.target)).add("iter", dump(*n.iter)).add("body", list(n.body))
          .add("orelse", list(n.orelse)).str();
    }
    case StmtKind::AsyncWith: {
      const auto& n = cast<AsyncWith>(s);
      std::string items = "[";
      for (std::size_t i = 0; i < n.items.size(); ++i) {
        const WithItem& item = n.items[i];
        items += (i ? ", " : "") + Fields("withitem")
                                       .add("context_expr", dump(*item.context_expr))
                                       .optional("optional_vars", item.optional_vars.get())
                                       .str();
      }
      return Fields("AsyncWith").add("items", items + "]").add("body", list(n.body)).str();
    }
    case StmtKind::While: {
      const auto& n = cast<While>(s);
      return Fields("While").add("test", dump(*n.test)).add("body", list(n.body)).add("orelse", list(n.orelse)).str();
    }
    case StmtKind::If: {
      const auto& n = cast<If>(s);
      return Fields("If").add("test", dump(*n.test)).add("body", list(n.body)).add("orelse", list(n.orelse)).str();
    }
    case StmtKind::Raise: {
      const auto& n = cast<Raise>(s);
      return Fields("Raise").optional("exc", n.exc.get()).optional("cause", n.cause.get()).str();
    }
    case StmtKind::Try: {
      const auto& n = cast<Try>(s);
      return Fields("Try").add("body", list(n.body)).add("handlers", handlers(n.handlers)).add("orelse", list(n.orelse))
          .add("finalbody", list(n.finalbody)).str();
    }
    case StmtKind::Assert: {
      const auto& n = cast<Assert>(s);
      return Fields("Assert").add("test", dump(*n.test)).optional("msg", n.msg.get()).str();
    }
    case StmtKind::Import: return Fields("Import").add("names", aliases(cast<Import>(s).names)).str();
    case StmtKind::ImportFrom: {
      const auto& n = cast<ImportFrom>(s);
      return Fields("ImportFrom").name("module", n.module).add("names", aliases(n.names)).add("level", std::to_string(n.level)).str();
    }
    case StmtKind::Global: return Fields("Global").add("names", identifiers(cast<Global>(s).names)).str();
    case StmtKind::Nonlocal: return Fields("Nonlocal").add("names", identifiers(cast<Nonlocal>(s).names)).str();
    case StmtKind::Expr: return Fields("Expr").add("value", dump(*cast<ExprStmt>(s).value)).str();
    case StmtKind::Pass: return "Pass()";
    case StmtKind::Break: return "Break()";
    case StmtKind::Continue: return "Continue()";
  }
  return "?";
}

}  // namespace corosim::ast
