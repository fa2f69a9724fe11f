#include "sim/compile/compiler.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include "sim/compile/symtable.h"
#include "sim/runtime/set_object.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/tuple_object.h"

namespace corosim {

namespace {

// ---- static tables ----

// ast::Operator -> BINARY_OP operand, in ast::Operator order.
constexpr BinaryOpArg kBinaryOps[] = {
    BinaryOpArg::kAdd,    BinaryOpArg::kSubtract, BinaryOpArg::kMultiply, BinaryOpArg::kMatrixMultiply,
    BinaryOpArg::kTrueDivide, BinaryOpArg::kRemainder, BinaryOpArg::kPower, BinaryOpArg::kLshift,
    BinaryOpArg::kRshift, BinaryOpArg::kOr, BinaryOpArg::kXor, BinaryOpArg::kAnd, BinaryOpArg::kFloorDivide,
};

BinaryOpArg binary_op(ast::Operator op, bool inplace) {
  BinaryOpArg b = kBinaryOps[static_cast<size_t>(op)];
  return inplace ? static_cast<BinaryOpArg>(static_cast<int>(b) + kInplaceOffset) : b;
}

// ast::CmpOperator -> the instruction that implements it, in ast::CmpOperator order.
struct CmpInstr {
  Opcode op;
  uint32_t arg;
};
constexpr CmpInstr kCmpInstrs[] = {
    {Opcode::COMPARE_OP, static_cast<uint32_t>(CompareOpArg::kEq)},
    {Opcode::COMPARE_OP, static_cast<uint32_t>(CompareOpArg::kNe)},
    {Opcode::COMPARE_OP, static_cast<uint32_t>(CompareOpArg::kLt)},
    {Opcode::COMPARE_OP, static_cast<uint32_t>(CompareOpArg::kLe)},
    {Opcode::COMPARE_OP, static_cast<uint32_t>(CompareOpArg::kGt)},
    {Opcode::COMPARE_OP, static_cast<uint32_t>(CompareOpArg::kGe)},
    {Opcode::IS_OP, 0},       {Opcode::IS_OP, 1},
    {Opcode::CONTAINS_OP, 0}, {Opcode::CONTAINS_OP, 1},
};

// ast::UnaryOperator -> opcode, in ast::UnaryOperator order.
constexpr Opcode kUnaryOps[] = {Opcode::UNARY_INVERT, Opcode::UNARY_NOT, Opcode::UNARY_POSITIVE,
                                Opcode::UNARY_NEGATIVE};

// A compile error on its way out to compile_module.
struct CompileError {
  Diagnostic diagnostic;
};

// What a `return`, `break` or `continue` must undo when it leaves a block
// (compile.c's fblockinfo).
enum class FBlockKind : uint8_t {
  kWhileLoop,
  kForLoop,        // the iterator is on the stack
  kTryExcept,      // the body of try/except
  kFinallyTry,     // the body of try/finally: leaving runs the finally body
  kFinallyEnd,     // the finally body on the exception path: (prev, exc) on the stack
  kHandlerCleanup, // an except body: (prev) on the stack, `as` name to clear
  kPopValue,       // a return value kept on the stack while a finally body runs
  kAsyncWith,      // the body of `async with`: the bound __aexit__ is on the stack
};

struct FBlock {
  explicit FBlock(FBlockKind k, int s = -1, int e = -1, const ast::StmtList* fin = nullptr)
      : kind(k), start(s), exit(e), finalbody(fin) {}
  FBlockKind kind;
  int start = -1;  // loops: the label `continue` jumps to
  int exit = -1;   // loops: the label `break` jumps to
  const ast::StmtList* finalbody = nullptr;
  const ast::Stmt* with = nullptr;  // kAsyncWith: the statement (its position)
  std::string name;            // kHandlerCleanup: the `as` name, or empty
  size_t handler_level = 0;    // handler-stack size outside this block
};

struct Handler {
  int label;
  int depth;
};

// Per code object being compiled (compile.c's compiler_unit).
struct Unit {
  Scope* scope = nullptr;
  Ref<CodeObject> co;
  std::string qualname;
  std::vector<Instr> code;
  std::vector<InstrPosition> positions;
  std::vector<Handler> instr_handler;  // label -1: none
  std::vector<size_t> jumps;           // instructions whose arg is still a label id
  std::vector<int> label_offset;
  std::vector<int> label_depth;        // -1: not reached yet
  std::vector<Handler> handlers;       // innermost last
  std::vector<FBlock> fblocks;
  int depth = 0;  // value-stack height; -1 while the code is unreachable
  int max_depth = 0;
  std::unordered_map<std::string, uint32_t> const_index;
  std::unordered_map<std::string, uint32_t> name_index;
  std::unordered_map<std::string, uint32_t> local_index;
  std::unordered_map<std::string, uint32_t> deref_index;
};

// Key under which equal constants share one consts slot.
std::string const_key(const ast::ConstantValue& v) {
  struct Visitor {
    std::string operator()(ast::NoneValue) const { return "N"; }
    std::string operator()(bool b) const { return b ? "T" : "F"; }
    std::string operator()(int64_t i) const { return "i" + std::to_string(i); }
    std::string operator()(double d) const {
      char buf[sizeof d];
      std::memcpy(buf, &d, sizeof d);
      return "f" + std::string(buf, sizeof d);
    }
    std::string operator()(const std::string& s) const { return "s" + s; }
    std::string operator()(ast::EllipsisValue) const { return "E"; }
  };
  return std::visit(Visitor{}, v);
}

// ---- constant folding (the part of CPython's ast_opt.c the compiler needs) ----
//
// CPython 3.11 folds constant sub-expressions in the AST before compiling,
// and that decides how a set display is built: when all its items are
// constants it becomes a frozenset constant (see frozenset_constant), whose
// iteration order is not the one of adding the items one by one. Only the
// folds that can turn a display item into a constant without running user
// code are done here: unary operators on numbers (-1, +2.5, ~3, not x) and
// tuples of constants. Binary operators (1 + 2) are not folded; a display
// using them is built item by item.

// CPython's _PyCode_ConstantKey in spirit: equal keys share one consts slot;
// 1, 1.0 and True differ. Nested keys are length-prefixed so that a tuple's
// key is unambiguous.
std::string value_key(const Value& v);

std::string joined_keys(std::vector<std::string> keys) {
  std::string out;
  for (const auto& k : keys) out += std::to_string(k.size()) + ":" + k;
  return out;
}

std::string value_key(const Value& v) {
  switch (v.tag()) {
    case Value::Tag::kNull: return "?";
    case Value::Tag::kNone: return "N";
    case Value::Tag::kBool: return v.as_bool() ? "T" : "F";
    case Value::Tag::kInt: return "i" + std::to_string(v.as_int());
    case Value::Tag::kFloat: {
      const double d = v.as_float();
      char buf[sizeof d];
      std::memcpy(buf, &d, sizeof d);
      return "f" + std::string(buf, sizeof d);
    }
    case Value::Tag::kObject: break;
  }
  if (v.is(ObjKind::kStr)) return "s" + v.as<StrObject>()->text();
  std::vector<std::string> keys;
  if (v.is(ObjKind::kTuple)) {
    for (const Value& item : v.as<TupleObject>()->items) keys.push_back(value_key(item));
    return "(" + joined_keys(std::move(keys));
  }
  // A frozenset constant: equal whatever the items' order, as CPython's key
  // is a frozenset of the items' keys.
  for (const Value& item : v.as<SetObject>()->items()) keys.push_back(value_key(item));
  std::sort(keys.begin(), keys.end());
  return "{" + joined_keys(std::move(keys));
}

bool value_truth(const Value& v) {
  switch (v.tag()) {
    case Value::Tag::kNull:
    case Value::Tag::kNone: return false;
    case Value::Tag::kBool: return v.as_bool();
    case Value::Tag::kInt: return v.as_int() != 0;
    case Value::Tag::kFloat: return v.as_float() != 0.0;
    case Value::Tag::kObject: break;
  }
  if (v.is(ObjKind::kStr)) return !v.as<StrObject>()->text().empty();
  return !v.as<TupleObject>()->items.empty();
}

std::optional<Value> fold_constant(const ast::Expr& e);

// Mirrors ast_opt.c fold_unaryop for the operand types constants have; an
// operation that would raise (~1.5, -"s") or overflow is left to run time.
std::optional<Value> fold_unary(ast::UnaryOperator op, const Value& v) {
  if (op == ast::UnaryOperator::Not) return Value::from_bool(!value_truth(v));
  const bool is_int = v.tag() == Value::Tag::kInt || v.tag() == Value::Tag::kBool;
  const int64_t i = v.tag() == Value::Tag::kBool ? (v.as_bool() ? 1 : 0)
                    : is_int                     ? v.as_int()
                                                 : 0;
  if (is_int) {
    switch (op) {
      case ast::UnaryOperator::UAdd: return Value::from_int(i);
      case ast::UnaryOperator::USub:
        if (i == INT64_MIN) return std::nullopt;
        return Value::from_int(-i);
      case ast::UnaryOperator::Invert: return Value::from_int(~i);
      case ast::UnaryOperator::Not: break;
    }
    return std::nullopt;
  }
  if (v.tag() != Value::Tag::kFloat) return std::nullopt;
  if (op == ast::UnaryOperator::UAdd) return Value::from_float(v.as_float());
  if (op == ast::UnaryOperator::USub) return Value::from_float(-v.as_float());
  return std::nullopt;
}

// Mirrors ast_opt.c make_const_tuple: every item must fold.
std::optional<std::vector<Value>> fold_items(const ast::ExprList& elts) {
  std::vector<Value> items;
  for (const auto& elt : elts) {
    std::optional<Value> v = fold_constant(*elt);
    if (!v) return std::nullopt;
    items.push_back(std::move(*v));
  }
  return items;
}

// The constant value CPython's AST optimizer turns `e` into, if any.
std::optional<Value> fold_constant(const ast::Expr& e) {
  switch (e.kind) {
    case ast::ExprKind::Constant: {
      const auto& value = ast::cast<ast::Constant>(e).value;
      struct ToValue {
        std::optional<Value> operator()(ast::NoneValue) const { return Value::none(); }
        std::optional<Value> operator()(bool b) const { return Value::from_bool(b); }
        std::optional<Value> operator()(int64_t i) const { return Value::from_int(i); }
        std::optional<Value> operator()(double d) const { return Value::from_float(d); }
        std::optional<Value> operator()(const std::string& s) const { return Value(new_str(s)); }
        std::optional<Value> operator()(ast::EllipsisValue) const { return std::nullopt; }
      };
      return std::visit(ToValue{}, value);
    }
    case ast::ExprKind::UnaryOp: {
      const auto& u = ast::cast<ast::UnaryOp>(e);
      std::optional<Value> operand = fold_constant(*u.operand);
      if (!operand) return std::nullopt;
      return fold_unary(u.op, *operand);
    }
    case ast::ExprKind::Tuple: {
      std::optional<std::vector<Value>> items = fold_items(ast::cast<ast::Tuple>(e).elts);
      if (!items) return std::nullopt;
      return Value(new_tuple(std::move(*items)));
    }
    default: return std::nullopt;
  }
}

// The frozenset constant of a set display whose items are all constants.
std::optional<Value> fold_frozenset(const ast::ExprList& elts) {
  std::optional<std::vector<Value>> items = fold_items(elts);
  if (!items) return std::nullopt;
  return Value(frozenset_constant(*items));
}

bool is_string_constant(const ast::Expr& e) {
  return e.kind == ast::ExprKind::Constant &&
         std::holds_alternative<std::string>(ast::cast<ast::Constant>(e).value);
}

// The docstring of a body, or null.
const std::string* docstring(const ast::StmtList& body) {
  if (body.empty() || body[0]->kind != ast::StmtKind::Expr) return nullptr;
  const ast::Expr& e = *ast::cast<ast::ExprStmt>(*body[0]).value;
  return is_string_constant(e) ? &std::get<std::string>(ast::cast<ast::Constant>(e).value)
                               : nullptr;
}

InstrPosition position_of(const ast::Node& n) {
  return InstrPosition{n.line, n.col, n.end_line, n.end_col};
}

class Compiler {
 public:
  Compiler(const SymbolTable& symbols, std::shared_ptr<const SourceFile> source)
      : symbols_(symbols), source_(std::move(source)) {}

  Ref<CodeObject> compile(const ast::Module& module) {
    Scope& scope = symbols_.module_scope();
    enter_unit(scope, "<module>", "<module>", 1);
    if (scope.has_await()) cur().co->flags |= CodeFlags::kCoroutine;
    loc_ = InstrPosition{1, 1, 1, 1};
    if (const std::string* doc = docstring(module.body)) {
      loc_ = position_of(*module.body[0]);
      emit(Opcode::LOAD_CONST, add_const(new_str(*doc), "s" + *doc));
      emit(Opcode::STORE_GLOBAL, add_name("__doc__"));
    }
    compile_body(module.body, docstring(module.body) ? 1 : 0);
    emit_implicit_return(module.body);
    return leave_unit();
  }

 private:
  // ---- units, labels, emission ----

  Unit& cur() { return *units_.back(); }

  void enter_unit(Scope& scope, std::string name, std::string qualname, int first_line) {
    auto unit = std::make_unique<Unit>();
    unit->scope = &scope;
    unit->qualname = qualname;
    unit->co = make<CodeObject>();
    CodeObject& co = *unit->co;
    co.name = std::move(name);
    co.qualname = std::move(qualname);
    co.filename = source_ ? source_->path() : std::string("<string>");
    co.source = source_;
    co.first_line = first_line;
    if (scope.is_nested()) co.flags |= CodeFlags::kNested;
    for (const std::string& p : scope.params()) add_local(*unit, p);
    std::vector<std::string> cells, frees;
    for (const Symbol& s : scope.symbols()) {
      if (scope.is_function_like() && s.scope == NameScope::kLocal) add_local(*unit, s.name);
      if (s.scope == NameScope::kCell) cells.push_back(s.name);
      if (s.scope == NameScope::kFree || (s.flags & SymbolFlags::kFreeClass)) frees.push_back(s.name);
    }
    if (scope.needs_class_cell()) cells.push_back("__class__");
    // Sorted as compile.c's dictbytype does, so the layout is deterministic.
    std::sort(cells.begin(), cells.end());
    std::sort(frees.begin(), frees.end());
    for (auto& c : cells) unit->deref_index.emplace(c, unit->deref_index.size());
    for (auto& f : frees) unit->deref_index.emplace(f, unit->deref_index.size());
    co.cellvars = std::move(cells);
    co.freevars = std::move(frees);
    units_.push_back(std::move(unit));
  }

  static void add_local(Unit& u, const std::string& name) {
    if (u.local_index.emplace(name, u.co->varnames.size()).second) u.co->varnames.push_back(name);
  }

  // Finishes the current unit: resolves jumps, builds the exception table.
  Ref<CodeObject> leave_unit() {
    Unit& u = cur();
    for (size_t i : u.jumps) {
      Instr& in = u.code[i];
      int target = u.label_offset[arg_of(in)];
      assert(target >= 0 && "jump to an unbound label");
      in = encode(opcode_of(in), static_cast<uint32_t>(target));
    }
    CodeObject& co = *u.co;
    co.exception_table = build_exception_table(u);
    co.code = std::move(u.code);
    co.positions = std::move(u.positions);
    co.stacksize = u.max_depth;
    Ref<CodeObject> result = u.co;
    units_.pop_back();
    return result;
  }

  static std::vector<ExceptionTableEntry> build_exception_table(const Unit& u) {
    std::vector<ExceptionTableEntry> table;
    for (size_t i = 0; i < u.code.size(); ++i) {
      const Handler& h = u.instr_handler[i];
      if (h.label < 0) continue;
      uint32_t target = static_cast<uint32_t>(u.label_offset[h.label]);
      uint32_t depth = static_cast<uint32_t>(h.depth);
      if (!table.empty() && table.back().end == i && table.back().handler == target &&
          table.back().depth == depth) {
        table.back().end = static_cast<uint32_t>(i + 1);
      } else {
        table.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1), target, depth});
      }
    }
    return table;
  }

  int new_label() {
    Unit& u = cur();
    u.label_offset.push_back(-1);
    u.label_depth.push_back(-1);
    return static_cast<int>(u.label_offset.size() - 1);
  }

  // Instructions emitted while the code is unreachable (after a return, a
  // raise or an unconditional jump, until a label that something jumps to)
  // are dropped: that is CPython's dead-code elimination, done on the fly.
  void bind(int label) {
    Unit& u = cur();
    u.label_offset[label] = static_cast<int>(u.code.size());
    int& known = u.label_depth[label];
    if (known >= 0) {
      assert((u.depth < 0 || u.depth == known) && "stack depth mismatch at label");
      u.depth = known;
    } else if (u.depth >= 0) {
      known = u.depth;
    }
    u.max_depth = std::max(u.max_depth, u.depth);
  }

  void emit(Opcode op, uint32_t arg = 0) {
    Unit& u = cur();
    if (u.depth < 0) return;
    assert(arg <= kMaxArg);
    if (is_jump(op)) {
      u.jumps.push_back(u.code.size());
      int target_depth = u.depth + stack_effect(op, arg, true);
      int& known = u.label_depth[arg];
      assert((known < 0 || known == target_depth) && "stack depth mismatch at jump");
      known = target_depth;
    }
    u.code.push_back(encode(op, arg));
    u.positions.push_back(loc_);
    if (!u.handlers.empty()) {
      // A handler becomes reachable once an instruction it protects exists.
      const Handler& h = u.handlers.back();
      int& known = u.label_depth[h.label];
      assert((known < 0 || known == h.depth + 1) && "stack depth mismatch at handler");
      known = h.depth + 1;
    }
    u.instr_handler.push_back(u.handlers.empty() ? Handler{-1, 0} : u.handlers.back());
    u.depth += stack_effect(op, arg, false);
    assert(u.depth >= 0 && "stack underflow");
    u.max_depth = std::max(u.max_depth, u.depth);
    if (is_terminator(op)) u.depth = -1;
  }

  void emit_jump(Opcode op, int label) { emit(op, static_cast<uint32_t>(label)); }

  // The `return None` at the end of a body carries the last statement's line, as in CPython.
  void emit_implicit_return(const ast::StmtList& body) {
    InstrPosition saved = loc_;
    if (!body.empty()) loc_ = position_of(*body.back());
    emit_return_none();
    loc_ = saved;
  }

  void emit_return_none() {
    emit(Opcode::LOAD_CONST, add_const(Value::none(), "N"));
    emit(Opcode::RETURN_VALUE);
  }

  // Exceptions raised by instructions emitted from now on go to `label`, with
  // the stack cut to its current height (plus the exception).
  void push_handler(int label) { cur().handlers.push_back(Handler{label, cur().depth}); }
  void pop_handler() { cur().handlers.pop_back(); }

  // ---- tables ----

  uint32_t add_const(Value v, const std::string& key) {
    Unit& u = cur();
    auto [it, inserted] = u.const_index.emplace(key, u.co->consts.size());
    if (inserted) u.co->consts.push_back(std::move(v));
    return it->second;
  }

  uint32_t add_code_const(Ref<CodeObject> code) {
    cur().co->consts.push_back(Value(code));
    return static_cast<uint32_t>(cur().co->consts.size() - 1);
  }

  uint32_t add_str_const(const std::string& s) { return add_const(new_str(s), "s" + s); }

  uint32_t add_constant(const ast::Constant& c) {
    struct ToValue {
      Value operator()(ast::NoneValue) const { return Value::none(); }
      Value operator()(bool b) const { return Value::from_bool(b); }
      Value operator()(int64_t i) const { return Value::from_int(i); }
      Value operator()(double d) const { return Value::from_float(d); }
      Value operator()(const std::string& s) const { return new_str(s); }
      Value operator()(ast::EllipsisValue) const { return Value(); }
    };
    if (std::holds_alternative<ast::EllipsisValue>(c.value)) {
      unsupported(c, "the Ellipsis value '...' is not supported yet");
    }
    return add_const(std::visit(ToValue{}, c.value), const_key(c.value));
  }

  // A tuple of str constants (keyword names of CALL_KW).
  uint32_t add_names_tuple(const std::vector<std::string>& names) {
    std::vector<Value> items;
    std::string key = "t";
    for (const auto& n : names) {
      items.push_back(Value(intern(n)));
      key += std::to_string(n.size()) + ":" + n;
    }
    return add_const(Value(new_tuple(std::move(items))), key);
  }

  uint32_t add_name(const std::string& name) {
    Unit& u = cur();
    auto [it, inserted] = u.name_index.emplace(name, u.co->names.size());
    if (inserted) u.co->names.push_back(name);
    return it->second;
  }

  // ---- errors ----

  [[noreturn]] void error_at(const ast::Node& n, const std::string& kind, const std::string& msg) {
    if (source_) throw CompileError{source_->error_at(SourcePosition{n.line, n.col}, kind, msg)};
    throw CompileError{Diagnostic{"<string>", n.line, n.col, kind, msg, ""}};
  }
  [[noreturn]] void syntax_error(const ast::Node& n, const std::string& msg) {
    error_at(n, "SyntaxError", msg);
  }
  [[noreturn]] void unsupported(const ast::Node& n, const std::string& msg) {
    error_at(n, "unsupported", msg);
  }

  // ---- names ----

  enum class Ctx { kLoad, kStore, kDel };

  // Mirrors compile.c compiler_nameop: picks FAST / DEREF / GLOBAL / NAME.
  void name_op(const std::string& name, Ctx ctx) {
    Unit& u = cur();
    const Scope& scope = *u.scope;
    NameScope ns = scope.scope_of(name);
    static constexpr Opcode kFast[] = {Opcode::LOAD_FAST, Opcode::STORE_FAST, Opcode::DELETE_FAST};
    static constexpr Opcode kDeref[] = {Opcode::LOAD_DEREF, Opcode::STORE_DEREF,
                                        Opcode::DELETE_DEREF};
    static constexpr Opcode kGlobal[] = {Opcode::LOAD_GLOBAL, Opcode::STORE_GLOBAL,
                                         Opcode::DELETE_GLOBAL};
    static constexpr Opcode kName[] = {Opcode::LOAD_NAME, Opcode::STORE_NAME, Opcode::DELETE_NAME};
    const int i = static_cast<int>(ctx);
    if (ns == NameScope::kFree || ns == NameScope::kCell) {
      Opcode op = kDeref[i];
      if (scope.kind() == ScopeKind::kClass && ctx == Ctx::kLoad) op = Opcode::LOAD_CLASSDEREF;
      return emit(op, u.deref_index.at(name));
    }
    if (ns == NameScope::kGlobalExplicit || scope.kind() == ScopeKind::kModule) {
      return emit(kGlobal[i], add_name(name));
    }
    if (scope.kind() == ScopeKind::kClass) return emit(kName[i], add_name(name));
    if (ns == NameScope::kLocal) return emit(kFast[i], u.local_index.at(name));
    emit(kGlobal[i], add_name(name));  // implicit global of a function
  }

  // Mirrors compile.c compiler_set_qualname.
  std::string qualname_for(const std::string& name, bool is_def_or_class) {
    if (units_.size() < 2) return name;  // only the module is open: a top-level definition
    const Unit& parent = cur();
    if (is_def_or_class && parent.scope->scope_of(name) == NameScope::kGlobalExplicit) return name;
    ScopeKind pk = parent.scope->kind();
    if (pk == ScopeKind::kFunction || pk == ScopeKind::kLambda) {
      return parent.qualname + ".<locals>." + name;
    }
    return parent.qualname + "." + name;
  }

  // ---- statements ----

  void compile_body(const ast::StmtList& body, size_t from = 0) {
    for (size_t i = from; i < body.size(); ++i) compile_stmt(*body[i]);
  }

  void compile_stmt(const ast::Stmt& s) {
    InstrPosition saved = loc_;
    loc_ = position_of(s);
    compile_stmt_inner(s);
    loc_ = saved;
  }

  void compile_stmt_inner(const ast::Stmt& s) {
    using K = ast::StmtKind;
    switch (s.kind) {
      case K::FunctionDef:
      case K::AsyncFunctionDef: return compile_function(ast::cast<ast::FunctionDef>(s));
      case K::ClassDef: return compile_class(ast::cast<ast::ClassDef>(s));
      case K::Return: return compile_return(ast::cast<ast::Return>(s));
      case K::Delete:
        for (const auto& t : ast::cast<ast::Delete>(s).targets) compile_delete(*t);
        return;
      case K::Assign: return compile_assign(ast::cast<ast::Assign>(s));
      case K::AugAssign: return compile_augassign(ast::cast<ast::AugAssign>(s));
      case K::For: return compile_for(ast::cast<ast::For>(s));
      case K::While: return compile_while(ast::cast<ast::While>(s));
      case K::AsyncWith: return compile_async_with(ast::cast<ast::AsyncWith>(s), 0);
      case K::If: return compile_if(ast::cast<ast::If>(s));
      case K::Raise: return compile_raise(ast::cast<ast::Raise>(s));
      case K::Try: return compile_try(ast::cast<ast::Try>(s));
      case K::Assert: return compile_assert(ast::cast<ast::Assert>(s));
      case K::Import: return compile_import(ast::cast<ast::Import>(s));
      case K::ImportFrom: return compile_import_from(ast::cast<ast::ImportFrom>(s));
      case K::Global:
      case K::Nonlocal:
      case K::Pass: return;
      case K::Expr: {
        const ast::Expr& e = *ast::cast<ast::ExprStmt>(s).value;
        if (e.kind == ast::ExprKind::Constant) return;  // compile.c drops constant statements
        compile_expr(e);
        return emit(Opcode::POP_TOP);
      }
      case K::Break: return compile_break(s);
      case K::Continue: return compile_continue(s);
    }
  }

  // Pushes the MAKE_FUNCTION operands that precede the code object and
  // returns the flags: defaults tuple, kw-only defaults dict.
  uint32_t compile_defaults(const ast::Arguments& args) {
    uint32_t flags = 0;
    if (!args.defaults.empty()) {
      for (const auto& d : args.defaults) compile_expr(*d);
      emit(Opcode::BUILD_TUPLE, static_cast<uint32_t>(args.defaults.size()));
      flags |= kMakeFunctionDefaults;
    }
    uint32_t nkw = 0;
    for (size_t i = 0; i < args.kwonlyargs.size(); ++i) {
      if (!args.kw_defaults[i]) continue;
      emit(Opcode::LOAD_CONST, add_str_const(args.kwonlyargs[i].arg));
      compile_expr(*args.kw_defaults[i]);
      ++nkw;
    }
    if (nkw > 0) {
      emit(Opcode::BUILD_MAP, nkw);
      flags |= kMakeFunctionKwDefaults;
    }
    return flags;
  }

  // Loads the closure cells `code` needs and the code itself, then MAKE_FUNCTION.
  void make_function(const Ref<CodeObject>& code, uint32_t flags) {
    if (!code->freevars.empty()) {
      for (const std::string& name : code->freevars) {
        emit(Opcode::LOAD_CLOSURE, cur().deref_index.at(name));
      }
      emit(Opcode::BUILD_TUPLE, static_cast<uint32_t>(code->freevars.size()));
      flags |= kMakeFunctionClosure;
    }
    emit(Opcode::LOAD_CONST, add_code_const(code));
    emit(Opcode::MAKE_FUNCTION, flags);
  }

  static void set_arg_counts(CodeObject& co, const ast::Arguments& args) {
    co.argcount = static_cast<int>(args.args.size());
    co.kwonlyargcount = static_cast<int>(args.kwonlyargs.size());
    if (args.vararg) co.flags |= CodeFlags::kVarargs;
    if (args.kwarg) co.flags |= CodeFlags::kVarkeywords;
  }

  // A parameter captured by a nested scope lives in a cell: copy it there
  // before the body runs (opcode.h, FRAME LAYOUT).
  void copy_params_to_cells() {
    Unit& u = cur();
    for (const std::string& p : u.scope->params()) {
      if (u.scope->scope_of(p) != NameScope::kCell) continue;
      emit(Opcode::LOAD_FAST, u.local_index.at(p));
      emit(Opcode::STORE_DEREF, u.deref_index.at(p));
    }
  }

  // Decorators are evaluated first, applied innermost first, each at its own
  // line (compile.c compiler_function, compiler_apply_decorators).
  void compile_function(const ast::FunctionDef& f) {
    const InstrPosition saved = loc_;
    for (const auto& d : f.decorator_list) {
      loc_ = position_of(*d);
      compile_expr(*d);
    }
    loc_ = saved;
    uint32_t flags = compile_defaults(f.args);
    Scope& scope = symbols_.scope_for(&f);
    enter_unit(scope, f.name, qualname_for(f.name, true), f.line);
    CodeObject& co = *cur().co;
    set_arg_counts(co, f.args);
    if (scope.is_async()) co.flags |= CodeFlags::kCoroutine;
    else if (scope.is_generator()) co.flags |= CodeFlags::kGenerator;
    const std::string* doc = docstring(f.body);
    if (doc) co.doc = new_str(*doc);
    copy_params_to_cells();
    compile_body(f.body, doc ? 1 : 0);
    emit_implicit_return(f.body);
    Ref<CodeObject> code = leave_unit();
    make_function(code, flags);
    for (size_t i = f.decorator_list.size(); i-- > 0;) {
      loc_ = position_of(*f.decorator_list[i]);
      emit(Opcode::CALL, 1);
    }
    loc_ = saved;
    name_op(f.name, Ctx::kStore);
  }

  // class Name(bases): body  ->  name, bases tuple, namespace = body(), BUILD_CLASS.
  void compile_class(const ast::ClassDef& c) {
    emit(Opcode::LOAD_CONST, add_str_const(c.name));
    for (const auto& b : c.bases) compile_expr(*b);
    emit(Opcode::BUILD_TUPLE, static_cast<uint32_t>(c.bases.size()));
    Scope& scope = symbols_.scope_for(&c);
    enter_unit(scope, c.name, qualname_for(c.name, true), c.line);
    Unit& u = cur();
    u.co->flags |= CodeFlags::kClassBody;
    emit(Opcode::LOAD_NAME, add_name("__name__"));
    emit(Opcode::STORE_NAME, add_name("__module__"));
    emit(Opcode::LOAD_CONST, add_str_const(u.qualname));
    emit(Opcode::STORE_NAME, add_name("__qualname__"));
    const std::string* doc = docstring(c.body);
    if (doc) {
      emit(Opcode::LOAD_CONST, add_str_const(*doc));
      emit(Opcode::STORE_NAME, add_name("__doc__"));
    }
    compile_body(c.body, doc ? 1 : 0);
    if (scope.needs_class_cell()) {
      emit(Opcode::LOAD_CLOSURE, cur().deref_index.at("__class__"));
      emit(Opcode::STORE_NAME, add_name("__classcell__"));
    }
    emit(Opcode::LOAD_LOCALS);
    emit(Opcode::RETURN_VALUE);
    Ref<CodeObject> code = leave_unit();
    make_function(code, 0);
    emit(Opcode::CALL, 0);
    emit(Opcode::BUILD_CLASS);
    name_op(c.name, Ctx::kStore);
  }

  // Mirrors compile.c compiler_return.
  void compile_return(const ast::Return& r) {
    if (!cur().scope->is_function_like()) syntax_error(r, "'return' outside function");
    const bool preserve_tos = r.value != nullptr;
    if (preserve_tos) compile_expr(*r.value);
    std::vector<Handler> saved = cur().handlers;
    unwind_fblock_stack(preserve_tos, nullptr);
    if (!preserve_tos) emit(Opcode::LOAD_CONST, add_const(Value::none(), "N"));
    emit(Opcode::RETURN_VALUE);
    cur().handlers = std::move(saved);
  }

  void compile_break(const ast::Stmt& s) {
    std::vector<Handler> saved = cur().handlers;
    int loop = -1;
    unwind_fblock_stack(false, &loop);
    if (loop < 0) syntax_error(s, "'break' outside loop");
    FBlock fb = cur().fblocks[loop];
    unwind_fblock(fb, false);
    emit_jump(Opcode::JUMP, fb.exit);
    cur().handlers = std::move(saved);
  }

  void compile_continue(const ast::Stmt& s) {
    std::vector<Handler> saved = cur().handlers;
    int loop = -1;
    unwind_fblock_stack(false, &loop);
    if (loop < 0) syntax_error(s, "'continue' not properly in loop");
    emit_jump(Opcode::JUMP, cur().fblocks[loop].start);
    cur().handlers = std::move(saved);
  }

  // Mirrors compile.c compiler_unwind_fblock_stack: undoes the blocks from the
  // innermost out, stopping at a loop when `loop` is given (its index is
  // stored there). Each block is popped while its cleanup is compiled, so a
  // return inside an inlined finally body only unwinds the blocks outside it.
  void unwind_fblock_stack(bool preserve_tos, int* loop) {
    Unit& u = cur();
    if (u.fblocks.empty()) return;
    FBlock top = u.fblocks.back();
    if (loop && (top.kind == FBlockKind::kWhileLoop || top.kind == FBlockKind::kForLoop)) {
      *loop = static_cast<int>(u.fblocks.size() - 1);
      return;
    }
    u.fblocks.pop_back();
    unwind_fblock(top, preserve_tos);
    unwind_fblock_stack(preserve_tos, loop);
    cur().fblocks.push_back(std::move(top));
  }

  // Mirrors compile.c compiler_unwind_fblock. The cleanup runs outside the
  // block's exception handlers (CPython's POP_BLOCK).
  void unwind_fblock(const FBlock& fb, bool preserve_tos) {
    Unit& u = cur();
    if (u.handlers.size() > fb.handler_level) u.handlers.resize(fb.handler_level);
    switch (fb.kind) {
      case FBlockKind::kWhileLoop:
      case FBlockKind::kTryExcept: return;
      case FBlockKind::kForLoop:
      case FBlockKind::kPopValue:
        if (preserve_tos) emit(Opcode::SWAP, 2);
        emit(Opcode::POP_TOP);
        return;
      case FBlockKind::kFinallyTry:
        if (preserve_tos) push_fblock(FBlock{FBlockKind::kPopValue});
        compile_body(*fb.finalbody);
        if (preserve_tos) cur().fblocks.pop_back();
        return;
      case FBlockKind::kFinallyEnd:
        if (preserve_tos) emit(Opcode::SWAP, 2);
        emit(Opcode::POP_TOP);  // the exception
        if (preserve_tos) emit(Opcode::SWAP, 2);
        emit(Opcode::POP_EXCEPT);
        return;
      case FBlockKind::kHandlerCleanup:
        if (preserve_tos) emit(Opcode::SWAP, 2);
        emit(Opcode::POP_EXCEPT);
        if (!fb.name.empty()) clear_handler_name(fb.name);
        return;
      case FBlockKind::kAsyncWith: {
        InstrPosition saved = loc_;
        loc_ = position_of(*fb.with);
        if (preserve_tos) emit(Opcode::SWAP, 2);
        emit_aexit_with_nones();
        loc_ = saved;
        return;
      }
    }
  }

  // (exit -- ) await exit(None, None, None): leaving an `async with` body
  // without an exception (compile.c compiler_call_exit_with_nones).
  void emit_aexit_with_nones() {
    for (int i = 0; i < 3; ++i) emit(Opcode::LOAD_CONST, add_const(Value::none(), "N"));
    emit(Opcode::CALL, 3);
    emit(Opcode::GET_AWAITABLE, 2);
    emit(Opcode::AWAIT);
    emit(Opcode::POP_TOP);
  }

  // Mirrors compile.c compiler_async_with; several items nest, one per call.
  //      <context_expr>
  //      BEFORE_ASYNC_WITH; GET_AWAITABLE 1; AWAIT     (exit, entered)
  //      STORE target | POP_TOP       handler: final   (exit)
  //      <body or the next item>
  //      exit(None, None, None); GET_AWAITABLE 2; AWAIT; POP_TOP; JUMP end
  //   final:                                           (exit, exc)
  //      PUSH_EXC_INFO                handler: cleanup (exit, prev, exc)
  //      WITH_EXCEPT_START; GET_AWAITABLE 2; AWAIT     (exit, prev, exc, res)
  //      POP_JUMP_IF_TRUE suppress
  //      RERAISE
  //   suppress:
  //      POP_TOP; POP_EXCEPT; POP_TOP; JUMP end
  //   cleanup:                                         (exit, prev, exc2)
  //      SWAP 2; POP_EXCEPT; RERAISE
  //   end:
  // The parser has checked that it is inside an async function (or the module).
  void compile_async_with(const ast::AsyncWith& w, size_t item) {
    int final_label = new_label(), cleanup = new_label(), suppress = new_label(), end = new_label();
    const ast::WithItem& it = w.items[item];
    compile_expr(*it.context_expr);
    emit(Opcode::BEFORE_ASYNC_WITH);
    emit(Opcode::GET_AWAITABLE, 1);
    emit(Opcode::AWAIT);
    FBlock block{FBlockKind::kAsyncWith};
    block.with = &w;
    push_fblock(block);  // before the handler: leaving the body calls __aexit__ outside it
    // The handler protects the target's store but sees only (exit): CPython's
    // SETUP_WITH counts the entered value as already consumed.
    cur().handlers.push_back(Handler{final_label, cur().depth - 1});
    if (it.optional_vars) {
      compile_store(*it.optional_vars);
    } else {
      emit(Opcode::POP_TOP);
    }
    if (item + 1 < w.items.size()) {
      compile_async_with(w, item + 1);
    } else {
      compile_body(w.body);
    }
    pop_handler();
    cur().fblocks.pop_back();
    InstrPosition saved = loc_;
    loc_ = position_of(w);
    emit_aexit_with_nones();
    emit_jump(Opcode::JUMP, end);

    bind(final_label);
    push_handler(cleanup);
    emit(Opcode::PUSH_EXC_INFO);
    emit(Opcode::WITH_EXCEPT_START);
    emit(Opcode::GET_AWAITABLE, 2);
    emit(Opcode::AWAIT);
    emit_jump(Opcode::POP_JUMP_IF_TRUE, suppress);
    emit(Opcode::RERAISE);
    bind(suppress);
    pop_handler();
    emit(Opcode::POP_TOP);
    emit(Opcode::POP_EXCEPT);
    emit(Opcode::POP_TOP);
    emit_jump(Opcode::JUMP, end);
    emit_cleanup(cleanup);
    bind(end);
    loc_ = saved;
  }

  void push_fblock(FBlock fb) {
    fb.handler_level = cur().handlers.size();
    cur().fblocks.push_back(std::move(fb));
  }

  // `except E as e` ends with `e = None; del e`, as Python does.
  void clear_handler_name(const std::string& name) {
    emit(Opcode::LOAD_CONST, add_const(Value::none(), "N"));
    name_op(name, Ctx::kStore);
    name_op(name, Ctx::kDel);
  }

  void compile_assign(const ast::Assign& a) {
    compile_expr(*a.value);
    for (size_t i = 0; i < a.targets.size(); ++i) {
      if (i + 1 < a.targets.size()) emit(Opcode::COPY, 1);
      compile_store(*a.targets[i]);
    }
  }

  // Stores the value on top of the stack into `target`.
  void compile_store(const ast::Expr& target) {
    InstrPosition saved = loc_;
    loc_ = position_of(target);
    switch (target.kind) {
      case ast::ExprKind::Name: name_op(ast::cast<ast::Name>(target).id, Ctx::kStore); break;
      case ast::ExprKind::Attribute: {
        const auto& a = ast::cast<ast::Attribute>(target);
        compile_expr(*a.value);
        emit(Opcode::STORE_ATTR, add_name(a.attr));
        break;
      }
      case ast::ExprKind::Subscript: {
        const auto& s = ast::cast<ast::Subscript>(target);
        compile_expr(*s.value);
        compile_slice_or_expr(*s.slice);
        emit(Opcode::STORE_SUBSCR);
        break;
      }
      case ast::ExprKind::Tuple: compile_unpack(ast::cast<ast::Tuple>(target).elts); break;
      case ast::ExprKind::List: compile_unpack(ast::cast<ast::List>(target).elts); break;
      case ast::ExprKind::Starred:
        syntax_error(target, "starred assignment target must be in a list or tuple");
      default: syntax_error(target, "cannot assign to expression");
    }
    loc_ = saved;
  }

  // Mirrors compile.c unpack_helper + assignment_helper.
  void compile_unpack(const ast::ExprList& elts) {
    size_t star = elts.size();
    for (size_t i = 0; i < elts.size(); ++i) {
      if (elts[i]->kind != ast::ExprKind::Starred) continue;
      if (star != elts.size()) syntax_error(*elts[i], "multiple starred expressions in assignment");
      star = i;
    }
    if (star == elts.size()) {
      emit(Opcode::UNPACK_SEQUENCE, static_cast<uint32_t>(elts.size()));
    } else {
      size_t after = elts.size() - star - 1;
      if (star >= 256 || after >= (1u << 16)) {
        syntax_error(*elts[star], "too many expressions in star-unpacking assignment");
      }
      emit(Opcode::UNPACK_EX, static_cast<uint32_t>(star | (after << 8)));
    }
    for (const auto& e : elts) {
      compile_store(e->kind == ast::ExprKind::Starred ? *ast::cast<ast::Starred>(*e).value : *e);
    }
  }

  // Mirrors compile.c compiler_augassign: the target's container and key are
  // evaluated once.
  void compile_augassign(const ast::AugAssign& a) {
    const ast::Expr& t = *a.target;
    const uint32_t op = static_cast<uint32_t>(binary_op(a.op, true));
    switch (t.kind) {
      case ast::ExprKind::Name:
        name_op(ast::cast<ast::Name>(t).id, Ctx::kLoad);
        compile_expr(*a.value);
        emit(Opcode::BINARY_OP, op);
        name_op(ast::cast<ast::Name>(t).id, Ctx::kStore);
        return;
      case ast::ExprKind::Attribute: {
        const auto& at = ast::cast<ast::Attribute>(t);
        compile_expr(*at.value);
        emit(Opcode::COPY, 1);
        emit(Opcode::LOAD_ATTR, add_name(at.attr));
        compile_expr(*a.value);
        emit(Opcode::BINARY_OP, op);
        emit(Opcode::SWAP, 2);
        emit(Opcode::STORE_ATTR, add_name(at.attr));
        return;
      }
      case ast::ExprKind::Subscript: {
        const auto& s = ast::cast<ast::Subscript>(t);
        compile_expr(*s.value);
        compile_slice_or_expr(*s.slice);
        emit(Opcode::COPY, 2);
        emit(Opcode::COPY, 2);
        emit(Opcode::BINARY_SUBSCR);
        compile_expr(*a.value);
        emit(Opcode::BINARY_OP, op);
        emit(Opcode::SWAP, 3);
        emit(Opcode::SWAP, 2);
        emit(Opcode::STORE_SUBSCR);
        return;
      }
      default: syntax_error(t, "'expression' is an illegal expression for augmented assignment");
    }
  }

  void compile_delete(const ast::Expr& target) {
    InstrPosition saved = loc_;
    loc_ = position_of(target);
    switch (target.kind) {
      case ast::ExprKind::Name: name_op(ast::cast<ast::Name>(target).id, Ctx::kDel); break;
      case ast::ExprKind::Attribute: {
        const auto& a = ast::cast<ast::Attribute>(target);
        compile_expr(*a.value);
        emit(Opcode::DELETE_ATTR, add_name(a.attr));
        break;
      }
      case ast::ExprKind::Subscript: {
        const auto& s = ast::cast<ast::Subscript>(target);
        compile_expr(*s.value);
        compile_slice_or_expr(*s.slice);
        emit(Opcode::DELETE_SUBSCR);
        break;
      }
      case ast::ExprKind::Tuple:
        for (const auto& e : ast::cast<ast::Tuple>(target).elts) compile_delete(*e);
        break;
      case ast::ExprKind::List:
        for (const auto& e : ast::cast<ast::List>(target).elts) compile_delete(*e);
        break;
      default: syntax_error(target, "cannot delete expression");
    }
    loc_ = saved;
  }

  // Mirrors compile.c compiler_for (3.11).
  void compile_for(const ast::For& f) {
    int start = new_label(), cleanup = new_label(), end = new_label();
    compile_iterable(*f.iter);
    emit(Opcode::GET_ITER);
    bind(start);
    push_fblock(FBlock{FBlockKind::kForLoop, start, end});
    emit_jump(Opcode::FOR_ITER, cleanup);
    compile_store(*f.target);
    compile_body(f.body);
    emit_jump(Opcode::JUMP, start);
    cur().fblocks.pop_back();
    bind(cleanup);
    compile_body(f.orelse);
    bind(end);
  }

  static bool constant_truth(const ast::Expr& e, bool& truth) {
    if (e.kind != ast::ExprKind::Constant) return false;
    const auto& v = ast::cast<ast::Constant>(e).value;
    if (auto* b = std::get_if<bool>(&v)) truth = *b;
    else if (auto* i = std::get_if<int64_t>(&v)) truth = *i != 0;
    else return false;
    return true;
  }

  // Mirrors compile.c compiler_while: `while True:` has no test.
  void compile_while(const ast::While& w) {
    int loop = new_label(), anchor = new_label(), end = new_label();
    bind(loop);
    push_fblock(FBlock{FBlockKind::kWhileLoop, loop, end});
    bool truth = false;
    if (!(constant_truth(*w.test, truth) && truth)) compile_jump_if(*w.test, anchor, false);
    compile_body(w.body);
    emit_jump(Opcode::JUMP, loop);
    cur().fblocks.pop_back();
    bind(anchor);
    compile_body(w.orelse);
    bind(end);
  }

  void compile_if(const ast::If& i) {
    int next = new_label(), end = new_label();
    compile_jump_if(*i.test, next, false);
    compile_body(i.body);
    if (!i.orelse.empty()) {
      emit_jump(Opcode::JUMP, end);
      bind(next);
      compile_body(i.orelse);
    } else {
      bind(next);
    }
    bind(end);
  }

  void compile_raise(const ast::Raise& r) {
    uint32_t n = 0;
    if (r.exc) {
      compile_expr(*r.exc);
      ++n;
      if (r.cause) {
        compile_expr(*r.cause);
        ++n;
      }
    }
    emit(Opcode::RAISE_VARARGS, n);
  }

  void compile_assert(const ast::Assert& a) {
    int end = new_label();
    compile_jump_if(*a.test, end, true);
    emit(Opcode::LOAD_ASSERTION_ERROR);
    if (a.msg) {
      compile_expr(*a.msg);
      emit(Opcode::CALL, 1);
    }
    emit(Opcode::RAISE_VARARGS, 1);
    bind(end);
  }

  void compile_import(const ast::Import& im) {
    for (const auto& alias : im.names) {
      InstrPosition saved = loc_;
      loc_ = position_of(alias);
      emit(Opcode::IMPORT_NAME, add_name(alias.name));
      size_t dot = alias.name.find('.');
      if (alias.asname.empty() && dot != std::string::npos) {
        // `import a.b` binds the top-level package `a`.
        std::string top = alias.name.substr(0, dot);
        emit(Opcode::POP_TOP);
        emit(Opcode::IMPORT_NAME, add_name(top));
        name_op(top, Ctx::kStore);
      } else {
        name_op(alias.asname.empty() ? alias.name : alias.asname, Ctx::kStore);
      }
      loc_ = saved;
    }
  }

  void compile_import_from(const ast::ImportFrom& im) {
    emit(Opcode::IMPORT_NAME, add_name(im.module));
    for (const auto& alias : im.names) {
      if (alias.name == "*") unsupported(alias, "'from ... import *' is not supported yet");
      emit(Opcode::IMPORT_FROM, add_name(alias.name));
      name_op(alias.asname.empty() ? alias.name : alias.asname, Ctx::kStore);
    }
    emit(Opcode::POP_TOP);
  }

  // ---- try statements (compile.c compiler_try_finally / compiler_try_except, 3.11) ----

  void compile_try(const ast::Try& t) {
    if (t.finalbody.empty()) return compile_try_except(t);
    compile_try_finally(t);
  }

  //      <body>                     handler: exc_path
  //      <finalbody>
  //      JUMP end
  //   exc_path:                     (.., exc)
  //      PUSH_EXC_INFO              handler: cleanup
  //      <finalbody>
  //      RERAISE
  //   cleanup:                      (.., prev, exc2)
  //      SWAP 2; POP_EXCEPT; RERAISE
  //   end:
  void compile_try_finally(const ast::Try& t) {
    int exc_path = new_label(), cleanup = new_label(), end = new_label();
    push_fblock(FBlock{FBlockKind::kFinallyTry, -1, -1, &t.finalbody});
    push_handler(exc_path);
    if (t.handlers.empty()) {
      compile_body(t.body);
    } else {
      compile_try_except(t);
    }
    pop_handler();
    cur().fblocks.pop_back();
    compile_body(t.finalbody);
    emit_jump(Opcode::JUMP, end);

    bind(exc_path);
    const size_t outer_level = cur().handlers.size();
    push_handler(cleanup);
    emit(Opcode::PUSH_EXC_INFO);
    FBlock fin_end{FBlockKind::kFinallyEnd};
    fin_end.handler_level = outer_level;
    cur().fblocks.push_back(fin_end);
    compile_body(t.finalbody);
    cur().fblocks.pop_back();
    emit(Opcode::RERAISE);
    pop_handler();
    emit_cleanup(cleanup);
    bind(end);
  }

  // The handler that restores the previous exception when an exception
  // escapes an except/finally block.
  void emit_cleanup(int cleanup) {
    bind(cleanup);
    emit(Opcode::SWAP, 2);
    emit(Opcode::POP_EXCEPT);
    emit(Opcode::RERAISE);
  }

  //      <body>                     handler: dispatch
  //      <orelse>
  //      JUMP end
  //   dispatch:                     (.., exc)
  //      PUSH_EXC_INFO              handler: cleanup   (.., prev, exc)
  //      <type>; CHECK_EXC_MATCH; POP_JUMP_IF_FALSE next
  //      STORE name | POP_TOP       (.., prev)
  //      <handler body>             handler: cleanup_name (named only)
  //      POP_EXCEPT; [name = None; del name]; JUMP end
  //   cleanup_name:                 (.., prev, exc2)
  //      name = None; del name; RERAISE
  //   next: ... more handlers ...
  //      RERAISE                    no handler matched
  //   cleanup:                      (.., prev, exc2)
  //      SWAP 2; POP_EXCEPT; RERAISE
  //   end:
  void compile_try_except(const ast::Try& t) {
    int dispatch = new_label(), cleanup = new_label(), end = new_label();
    const size_t outer_level = cur().handlers.size();
    push_handler(dispatch);
    push_fblock(FBlock{FBlockKind::kTryExcept});
    compile_body(t.body);
    cur().fblocks.pop_back();
    pop_handler();
    compile_body(t.orelse);
    emit_jump(Opcode::JUMP, end);

    bind(dispatch);
    push_handler(cleanup);
    emit(Opcode::PUSH_EXC_INFO);
    for (size_t i = 0; i < t.handlers.size(); ++i) {
      const ast::ExceptHandler& h = t.handlers[i];
      InstrPosition saved = loc_;
      loc_ = position_of(h);
      if (!h.type && i + 1 < t.handlers.size()) syntax_error(h, "default 'except:' must be last");
      int next = new_label();
      if (h.type) {
        compile_expr(*h.type);
        emit(Opcode::CHECK_EXC_MATCH);
        emit_jump(Opcode::POP_JUMP_IF_FALSE, next);
      }
      compile_handler_body(h, outer_level, end);
      bind(next);
      loc_ = saved;
    }
    emit(Opcode::RERAISE);
    pop_handler();
    emit_cleanup(cleanup);
    bind(end);
  }

  // The body of one except clause; the exception is on top of the stack.
  void compile_handler_body(const ast::ExceptHandler& h, size_t outer_level, int end) {
    FBlock fb{FBlockKind::kHandlerCleanup};
    fb.name = h.name;
    fb.handler_level = outer_level;
    if (h.name.empty()) {
      emit(Opcode::POP_TOP);
      cur().fblocks.push_back(fb);
      compile_body(h.body);
      cur().fblocks.pop_back();
      emit_handler_exit(outer_level, "", end);
      return;
    }
    int cleanup_name = new_label();
    name_op(h.name, Ctx::kStore);
    push_handler(cleanup_name);
    cur().fblocks.push_back(fb);
    compile_body(h.body);
    cur().fblocks.pop_back();
    pop_handler();
    emit_handler_exit(outer_level, h.name, end);
    bind(cleanup_name);
    clear_handler_name(h.name);
    emit(Opcode::RERAISE);
  }

  // Normal exit of an except body: outside the block's handlers, as CPython's POP_BLOCK.
  void emit_handler_exit(size_t outer_level, const std::string& name, int end) {
    std::vector<Handler> saved = cur().handlers;
    cur().handlers.resize(outer_level);
    emit(Opcode::POP_EXCEPT);
    if (!name.empty()) clear_handler_name(name);
    emit_jump(Opcode::JUMP, end);
    cur().handlers = std::move(saved);
  }

  // ---- expressions ----

  void compile_expr(const ast::Expr& e) {
    InstrPosition saved = loc_;
    loc_ = position_of(e);
    compile_expr_inner(e);
    loc_ = saved;
  }

  void compile_expr_inner(const ast::Expr& e) {
    using K = ast::ExprKind;
    switch (e.kind) {
      case K::BoolOp: return compile_boolop(ast::cast<ast::BoolOp>(e));
      case K::BinOp: {
        const auto& b = ast::cast<ast::BinOp>(e);
        compile_expr(*b.left);
        compile_expr(*b.right);
        return emit(Opcode::BINARY_OP, static_cast<uint32_t>(binary_op(b.op, false)));
      }
      case K::UnaryOp: {
        const auto& u = ast::cast<ast::UnaryOp>(e);
        compile_expr(*u.operand);
        return emit(kUnaryOps[static_cast<size_t>(u.op)]);
      }
      case K::Lambda: return compile_lambda(ast::cast<ast::Lambda>(e));
      case K::IfExp: {
        const auto& i = ast::cast<ast::IfExp>(e);
        int orelse = new_label(), end = new_label();
        compile_jump_if(*i.test, orelse, false);
        compile_expr(*i.body);
        emit_jump(Opcode::JUMP, end);
        bind(orelse);
        compile_expr(*i.orelse);
        return bind(end);
      }
      case K::Dict: return compile_dict(ast::cast<ast::Dict>(e));
      case K::Set: return compile_set(ast::cast<ast::Set>(e));
      case K::List:
        return compile_display(ast::cast<ast::List>(e).elts, Opcode::BUILD_LIST,
                               Opcode::LIST_APPEND, Opcode::LIST_EXTEND, false);
      case K::Tuple:
        return compile_display(ast::cast<ast::Tuple>(e).elts, Opcode::BUILD_TUPLE,
                               Opcode::LIST_APPEND, Opcode::LIST_EXTEND, true);
      case K::ListComp: {
        const auto& c = ast::cast<ast::ListComp>(e);
        return compile_comprehension(e, c.generators, c.elt.get(), nullptr);
      }
      case K::SetComp: {
        const auto& c = ast::cast<ast::SetComp>(e);
        return compile_comprehension(e, c.generators, c.elt.get(), nullptr);
      }
      case K::DictComp: {
        const auto& c = ast::cast<ast::DictComp>(e);
        return compile_comprehension(e, c.generators, c.key.get(), c.value.get());
      }
      case K::GeneratorExp: {
        const auto& c = ast::cast<ast::GeneratorExp>(e);
        return compile_comprehension(e, c.generators, c.elt.get(), nullptr);
      }
      case K::Await: return compile_await(ast::cast<ast::Await>(e));
      case K::Yield: return compile_yield(ast::cast<ast::Yield>(e));
      case K::YieldFrom: return compile_yield_from(ast::cast<ast::YieldFrom>(e));
      case K::Compare: return compile_compare(ast::cast<ast::Compare>(e));
      case K::Call: return compile_call(ast::cast<ast::Call>(e));
      case K::FormattedValue: return compile_formatted_value(ast::cast<ast::FormattedValue>(e));
      case K::JoinedStr: return compile_joined_str(ast::cast<ast::JoinedStr>(e));
      case K::Constant: return emit(Opcode::LOAD_CONST, add_constant(ast::cast<ast::Constant>(e)));
      case K::Attribute: {
        const auto& a = ast::cast<ast::Attribute>(e);
        compile_expr(*a.value);
        return emit(Opcode::LOAD_ATTR, add_name(a.attr));
      }
      case K::Subscript: {
        const auto& s = ast::cast<ast::Subscript>(e);
        compile_expr(*s.value);
        compile_slice_or_expr(*s.slice);
        return emit(Opcode::BINARY_SUBSCR);
      }
      case K::Starred: syntax_error(e, "can't use starred expression here");
      case K::Name: return name_op(ast::cast<ast::Name>(e).id, Ctx::kLoad);
      case K::Slice: syntax_error(e, "invalid syntax");  // the parser only puts slices in subscripts
    }
  }

  void compile_slice_or_expr(const ast::Expr& e) {
    if (e.kind != ast::ExprKind::Slice) return compile_expr(e);
    const auto& s = ast::cast<ast::Slice>(e);
    InstrPosition saved = loc_;
    loc_ = position_of(e);
    for (const ast::Expr* part : {s.lower.get(), s.upper.get()}) {
      if (part) {
        compile_expr(*part);
      } else {
        emit(Opcode::LOAD_CONST, add_const(Value::none(), "N"));
      }
    }
    if (s.step) compile_expr(*s.step);
    emit(Opcode::BUILD_SLICE, s.step ? 3 : 2);
    loc_ = saved;
  }

  // `a and b`: JUMP_IF_FALSE_OR_POP keeps the deciding operand as the value.
  void compile_boolop(const ast::BoolOp& b) {
    Opcode jump = b.op == ast::BoolOperator::And ? Opcode::JUMP_IF_FALSE_OR_POP
                                                 : Opcode::JUMP_IF_TRUE_OR_POP;
    int end = new_label();
    for (size_t i = 0; i + 1 < b.values.size(); ++i) {
      compile_expr(*b.values[i]);
      emit_jump(jump, end);
    }
    compile_expr(*b.values.back());
    bind(end);
  }

  // Jumps to `label` when truth(e) == cond, without building the value of
  // `not` / `and` / `or` (compile.c compiler_jump_if).
  void compile_jump_if(const ast::Expr& e, int label, bool cond) {
    if (e.kind == ast::ExprKind::UnaryOp) {
      const auto& u = ast::cast<ast::UnaryOp>(e);
      if (u.op == ast::UnaryOperator::Not) return compile_jump_if(*u.operand, label, !cond);
    }
    if (e.kind == ast::ExprKind::BoolOp) {
      const auto& b = ast::cast<ast::BoolOp>(e);
      const bool cond2 = b.op == ast::BoolOperator::Or;
      int next2 = cond == cond2 ? label : new_label();
      for (size_t i = 0; i + 1 < b.values.size(); ++i) compile_jump_if(*b.values[i], next2, cond2);
      compile_jump_if(*b.values.back(), label, cond);
      if (next2 != label) bind(next2);
      return;
    }
    compile_expr(e);
    InstrPosition saved = loc_;
    loc_ = position_of(e);
    emit_jump(cond ? Opcode::POP_JUMP_IF_TRUE : Opcode::POP_JUMP_IF_FALSE, label);
    loc_ = saved;
  }

  void emit_compare(ast::CmpOperator op) {
    const CmpInstr& ci = kCmpInstrs[static_cast<size_t>(op)];
    emit(ci.op, ci.arg);
  }

  // Mirrors compile.c compiler_compare: `a < b < c` evaluates b once.
  void compile_compare(const ast::Compare& c) {
    compile_expr(*c.left);
    const size_t n = c.ops.size();
    // ast_opt.c fold_compare: only the last operand, and only for in / not in.
    auto compile_last = [&] {
      const ast::Expr& last = *c.comparators[n - 1];
      const ast::CmpOperator op = c.ops[n - 1];
      if (op == ast::CmpOperator::In || op == ast::CmpOperator::NotIn) return compile_iterable(last);
      compile_expr(last);
    };
    if (n == 1) {
      compile_last();
      return emit_compare(c.ops[0]);
    }
    int cleanup = new_label(), end = new_label();
    for (size_t i = 0; i + 1 < n; ++i) {
      compile_expr(*c.comparators[i]);
      emit(Opcode::SWAP, 2);
      emit(Opcode::COPY, 2);
      emit_compare(c.ops[i]);
      emit_jump(Opcode::JUMP_IF_FALSE_OR_POP, cleanup);
    }
    compile_last();
    emit_compare(c.ops[n - 1]);
    emit_jump(Opcode::JUMP, end);
    bind(cleanup);
    emit(Opcode::SWAP, 2);
    emit(Opcode::POP_TOP);
    bind(end);
  }

  static bool has_starred(const ast::ExprList& elts) {
    return std::any_of(elts.begin(), elts.end(),
                       [](const ast::ExprPtr& e) { return e->kind == ast::ExprKind::Starred; });
  }

  // List/tuple/set displays (compile.c starunpack_helper). With a `*x` item
  // the value is built in a list (or set) and extended; a tuple is converted
  // at the end.
  void compile_display(const ast::ExprList& elts, Opcode build, Opcode add, Opcode extend,
                       bool tuple) {
    if (!has_starred(elts)) {
      for (const auto& e : elts) compile_expr(*e);
      return emit(build, static_cast<uint32_t>(elts.size()));
    }
    size_t i = 0;
    for (; i < elts.size() && elts[i]->kind != ast::ExprKind::Starred; ++i) compile_expr(*elts[i]);
    emit(build == Opcode::BUILD_SET ? Opcode::BUILD_SET : Opcode::BUILD_LIST,
         static_cast<uint32_t>(i));
    for (; i < elts.size(); ++i) {
      if (elts[i]->kind == ast::ExprKind::Starred) {
        compile_expr(*ast::cast<ast::Starred>(*elts[i]).value);
        emit(extend, 1);
      } else {
        compile_expr(*elts[i]);
        emit(add, 1);
      }
    }
    if (tuple) emit(Opcode::LIST_TO_TUPLE);
  }

  // Mirrors compile.c starunpack_helper for sets: more than two items, all
  // constants, build an empty set and update it from a frozenset constant.
  void compile_set(const ast::Set& set) {
    if (set.elts.size() > 2) {
      if (std::optional<Value> folded = fold_frozenset(set.elts)) {
        emit(Opcode::BUILD_SET, 0);
        emit_constant(std::move(*folded));
        return emit(Opcode::SET_UPDATE, 1);
      }
    }
    compile_display(set.elts, Opcode::BUILD_SET, Opcode::SET_ADD, Opcode::SET_UPDATE, false);
  }

  // What is iterated by `for` / a comprehension, or searched by the last
  // operand of `in`: ast_opt.c fold_iter makes a set display of constants a
  // frozenset constant, whatever its size. (Its list-to-tuple change does
  // not change what the program sees, so it is not done.)
  void compile_iterable(const ast::Expr& e) {
    if (e.kind == ast::ExprKind::Set) {
      if (std::optional<Value> folded = fold_frozenset(ast::cast<ast::Set>(e).elts)) {
        InstrPosition saved = loc_;
        loc_ = position_of(e);
        emit_constant(std::move(*folded));
        loc_ = saved;
        return;
      }
    }
    compile_expr(e);
  }

  void emit_constant(Value v) {
    std::string key = value_key(v);
    emit(Opcode::LOAD_CONST, add_const(std::move(v), key));
  }

  void compile_dict(const ast::Dict& d) {
    bool have_dict = false;
    uint32_t pending = 0;
    auto flush = [&] {
      if (pending == 0) return;
      emit(Opcode::BUILD_MAP, pending);
      if (have_dict) emit(Opcode::DICT_UPDATE, 1);
      have_dict = true;
      pending = 0;
    };
    for (size_t i = 0; i < d.keys.size(); ++i) {
      if (d.keys[i]) {
        compile_expr(*d.keys[i]);
        compile_expr(*d.values[i]);
        ++pending;
        continue;
      }
      flush();
      if (!have_dict) {
        emit(Opcode::BUILD_MAP, 0);
        have_dict = true;
      }
      compile_expr(*d.values[i]);
      emit(Opcode::DICT_UPDATE, 1);
    }
    flush();
    if (!have_dict) emit(Opcode::BUILD_MAP, 0);
  }

  void compile_call(const ast::Call& c) {
    compile_expr(*c.func);
    check_repeated_keywords(c);
    bool dstar = std::any_of(c.keywords.begin(), c.keywords.end(),
                             [](const ast::Keyword& k) { return k.arg.empty(); });
    if (dstar || has_starred(c.args)) return compile_call_ex(c);
    for (const auto& a : c.args) compile_expr(*a);
    if (c.keywords.empty()) return emit(Opcode::CALL, static_cast<uint32_t>(c.args.size()));
    std::vector<std::string> names;
    for (const auto& k : c.keywords) {
      compile_expr(*k.value);
      names.push_back(k.arg);
    }
    emit(Opcode::LOAD_CONST, add_names_tuple(names));
    emit(Opcode::CALL_KW, static_cast<uint32_t>(c.args.size() + c.keywords.size()));
  }

  // Mirrors compile.c validate_keywords.
  void check_repeated_keywords(const ast::Call& c) {
    std::unordered_set<std::string> seen;
    for (const auto& k : c.keywords) {
      if (!k.arg.empty() && !seen.insert(k.arg).second) {
        syntax_error(k, "keyword argument repeated: " + k.arg);
      }
    }
  }

  // f(*a, **k) shapes, as compile.c compiler_call_helper emits them.
  void compile_call_ex(const ast::Call& c) {
    if (c.args.size() == 1 && c.args[0]->kind == ast::ExprKind::Starred) {
      compile_expr(*ast::cast<ast::Starred>(*c.args[0]).value);
    } else if (c.args.empty()) {
      emit(Opcode::LOAD_CONST, add_const(Value(new_tuple()), "t"));
    } else {
      compile_display(c.args, Opcode::BUILD_TUPLE, Opcode::LIST_APPEND, Opcode::LIST_EXTEND, true);
    }
    if (c.keywords.empty()) return emit(Opcode::CALL_EX, 0);
    bool have_dict = false;
    uint32_t pending = 0;
    auto flush = [&] {
      if (pending == 0) return;
      emit(Opcode::BUILD_MAP, pending);
      if (have_dict) emit(Opcode::DICT_MERGE, 1);
      have_dict = true;
      pending = 0;
    };
    for (const auto& k : c.keywords) {
      if (!k.arg.empty()) {
        emit(Opcode::LOAD_CONST, add_str_const(k.arg));
        compile_expr(*k.value);
        ++pending;
        continue;
      }
      flush();
      if (!have_dict) {
        emit(Opcode::BUILD_MAP, 0);
        have_dict = true;
      }
      compile_expr(*k.value);
      emit(Opcode::DICT_MERGE, 1);
    }
    flush();
    emit(Opcode::CALL_EX, kCallExHasKwargs);
  }

  void compile_joined_str(const ast::JoinedStr& j) {
    if (j.values.empty()) return emit(Opcode::LOAD_CONST, add_str_const(""));
    for (const auto& v : j.values) compile_expr(*v);
    if (j.values.size() > 1) emit(Opcode::BUILD_STRING, static_cast<uint32_t>(j.values.size()));
  }

  void compile_formatted_value(const ast::FormattedValue& f) {
    compile_expr(*f.value);
    uint32_t flags = 0;
    switch (f.conversion) {
      case 's': flags = kFormatConvStr; break;
      case 'r': flags = kFormatConvRepr; break;
      case 'a': flags = kFormatConvAscii; break;
      default: flags = kFormatConvNone; break;
    }
    if (f.format_spec) {
      compile_expr(*f.format_spec);
      flags |= kFormatHasSpec;
    }
    emit(Opcode::FORMAT_VALUE, flags);
  }

  // Mirrors the checks of compile.c compiler_visit_expr1, case Await_kind.
  void compile_await(const ast::Await& a) {
    const Scope& scope = *cur().scope;
    switch (scope.kind()) {
      case ScopeKind::kModule: break;  // top-level await: the module is a coroutine
      case ScopeKind::kClass: syntax_error(a, "'await' outside function");
      case ScopeKind::kLambda: syntax_error(a, "'await' outside async function");
      case ScopeKind::kFunction:
        if (!scope.is_async()) syntax_error(a, "'await' outside async function");
        break;
      case ScopeKind::kComprehension: break;  // checked where the comprehension is compiled
    }
    compile_expr(*a.value);
    emit(Opcode::GET_AWAITABLE);
    emit(Opcode::AWAIT);
  }

  // Mirrors the yield checks of symtable.c (symtable_raise_if_comprehension_block)
  // and compile.c compiler_visit_expr1 (Yield_kind, YieldFrom_kind).
  void check_yield_allowed(const ast::Expr& e, bool from) {
    const Scope& scope = *cur().scope;
    switch (scope.kind()) {
      case ScopeKind::kModule:
      case ScopeKind::kClass: syntax_error(e, "'yield' outside function");
      case ScopeKind::kComprehension: {
        const std::string& name = scope.name();
        const char* what = name == "<listcomp>"  ? "list comprehension"
                           : name == "<setcomp>" ? "set comprehension"
                           : name == "<dictcomp>" ? "dict comprehension"
                                                  : "generator expression";
        syntax_error(e, std::string("'yield' inside ") + what);
      }
      case ScopeKind::kLambda: return;
      case ScopeKind::kFunction:
        if (!scope.is_async()) return;
        if (from) syntax_error(e, "'yield from' inside async function");
        unsupported(e, "asynchronous generators ('yield' inside 'async def') are not supported yet");
    }
  }

  void compile_yield(const ast::Yield& y) {
    check_yield_allowed(y, false);
    if (y.value) {
      compile_expr(*y.value);
    } else {
      emit(Opcode::LOAD_CONST, add_const(Value::none(), "N"));
    }
    emit(Opcode::YIELD_VALUE);
  }

  void compile_yield_from(const ast::YieldFrom& y) {
    check_yield_allowed(y, true);
    compile_expr(*y.value);
    emit(Opcode::GET_YIELD_FROM_ITER);
    emit(Opcode::YIELD_FROM);
  }

  void compile_lambda(const ast::Lambda& l) {
    uint32_t flags = compile_defaults(l.args);
    Scope& scope = symbols_.scope_for(&l);
    enter_unit(scope, "<lambda>", qualname_for("<lambda>", false), l.line);
    set_arg_counts(*cur().co, l.args);
    if (scope.is_generator()) cur().co->flags |= CodeFlags::kGenerator;
    copy_params_to_cells();
    compile_expr(*l.body);
    emit(Opcode::RETURN_VALUE);
    Ref<CodeObject> code = leave_unit();
    make_function(code, flags);
  }

  // Comprehensions are nested functions called at once with the iterator of
  // their first `for` (compile.c compiler_comprehension, 3.11). One with an
  // await is a coroutine function, and the call's result is awaited.
  void compile_comprehension(const ast::Expr& node, const std::vector<ast::Comprehension>& gens,
                             const ast::Expr* elt, const ast::Expr* value) {
    Scope& scope = symbols_.scope_for(&node);
    if (scope.has_await()) {
      if (scope.is_generator_exp()) {
        unsupported(node, "asynchronous generator expressions (an await inside a generator "
                          "expression) are not supported yet");
      }
      const Scope& outer = *cur().scope;
      bool allowed = outer.kind() == ScopeKind::kModule ||
                     outer.kind() == ScopeKind::kComprehension ||
                     (outer.kind() == ScopeKind::kFunction && outer.is_async());
      if (!allowed) syntax_error(node, "asynchronous comprehension outside of an asynchronous function");
    }
    enter_unit(scope, scope.name(), qualname_for(scope.name(), false), node.line);
    CodeObject& co = *cur().co;
    co.argcount = 1;
    if (scope.is_generator_exp()) co.flags |= CodeFlags::kGenerator;
    if (scope.has_await()) co.flags |= CodeFlags::kCoroutine;
    copy_params_to_cells();
    switch (node.kind) {
      case ast::ExprKind::ListComp: emit(Opcode::BUILD_LIST, 0); break;
      case ast::ExprKind::SetComp: emit(Opcode::BUILD_SET, 0); break;
      case ast::ExprKind::DictComp: emit(Opcode::BUILD_MAP, 0); break;
      default: break;
    }
    compile_comprehension_generator(node, gens, 0, elt, value);
    if (node.kind == ast::ExprKind::GeneratorExp) {
      emit_return_none();
    } else {
      emit(Opcode::RETURN_VALUE);
    }
    Ref<CodeObject> code = leave_unit();
    make_function(code, 0);
    compile_iterable(*gens[0].iter);
    emit(Opcode::GET_ITER);
    emit(Opcode::CALL, 1);
    if (scope.has_await()) {
      emit(Opcode::GET_AWAITABLE);
      emit(Opcode::AWAIT);
    }
  }

  // One `for ... in ... if ...` clause; the innermost one adds the element.
  void compile_comprehension_generator(const ast::Expr& node,
                                       const std::vector<ast::Comprehension>& gens, size_t i,
                                       const ast::Expr* elt, const ast::Expr* value) {
    const ast::Comprehension& gen = gens[i];
    int start = new_label(), anchor = new_label();
    if (i == 0) {
      emit(Opcode::LOAD_FAST, cur().local_index.at(".0"));
    } else {
      compile_iterable(*gen.iter);
      emit(Opcode::GET_ITER);
    }
    bind(start);
    emit_jump(Opcode::FOR_ITER, anchor);
    compile_store(*gen.target);
    for (const auto& cond : gen.ifs) compile_jump_if(*cond, start, false);
    if (i + 1 < gens.size()) {
      compile_comprehension_generator(node, gens, i + 1, elt, value);
    } else {
      compile_element(node, gens.size(), elt, value);
    }
    emit_jump(Opcode::JUMP, start);
    bind(anchor);
  }

  void compile_element(const ast::Expr& node, size_t ngens, const ast::Expr* elt,
                       const ast::Expr* value) {
    // The accumulator sits below one iterator per generator.
    const uint32_t acc = static_cast<uint32_t>(ngens + 1);
    switch (node.kind) {
      case ast::ExprKind::ListComp:
        compile_expr(*elt);
        return emit(Opcode::LIST_APPEND, acc);
      case ast::ExprKind::SetComp:
        compile_expr(*elt);
        return emit(Opcode::SET_ADD, acc);
      case ast::ExprKind::DictComp:
        compile_expr(*elt);
        compile_expr(*value);
        return emit(Opcode::MAP_ADD, acc);
      default:
        compile_expr(*elt);
        emit(Opcode::YIELD_VALUE);
        return emit(Opcode::POP_TOP);
    }
  }

  const SymbolTable& symbols_;
  std::shared_ptr<const SourceFile> source_;
  std::vector<std::unique_ptr<Unit>> units_;
  InstrPosition loc_;
};

}  // namespace

CompileResult compile_module(const ast::Module& module, std::shared_ptr<const SourceFile> source) {
  CompileResult result;
  auto table = source ? SymbolTable::build(module, *source)
                      : SymbolTable::build(module, SourceFile::from_string("<string>", ""));
  if (auto* d = std::get_if<Diagnostic>(&table)) {
    result.error = std::move(*d);
    return result;
  }
  Compiler compiler(*std::get<std::unique_ptr<SymbolTable>>(table), std::move(source));
  try {
    result.code = compiler.compile(module);
  } catch (const CompileError& e) {
    result.error = e.diagnostic;
  }
  return result;
}

}  // namespace corosim
