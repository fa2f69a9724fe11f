// The AST of a scenario file: data only, modelled on CPython's `ast` module.
//
// Node and field names are those of Python's `ast` (3.11), so `python3 -c
// "import ast; print(ast.dump(ast.parse(src)))"` shows what to expect. Departures:
//  - positions are 1-based: col = col_offset + 1, end_col = end_col_offset + 1
//    (end_col is exclusive), and columns count characters, not UTF-8 bytes;
//  - the expression statement is `ExprStmt` (C++ cannot have two `Expr`s);
//  - FunctionDef and AsyncFunctionDef share one struct, told apart by `kind`;
//  - optional identifiers (alias.asname, keyword.arg, ExceptHandler.name,
//    ImportFrom.module) are std::string, empty meaning None;
//  - optional children are null unique_ptrs (Return.value, Dict.keys[i] for `**d`,
//    Arguments.kw_defaults[i] without a default, ...).
// To walk a tree, switch on `kind` and static_cast to the struct of that name
// (the one struct per kind is listed in the enums' comments).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace corosim::ast {

/// Source span of a node. line/col: first character; end_line/end_col: just past
/// the last character (1-based, characters).
struct Node {
  int line = 0;
  int col = 0;
  int end_line = 0;
  int end_col = 0;
};

enum class ExprKind : std::uint8_t {
  BoolOp, BinOp, UnaryOp, Lambda, IfExp, Dict, Set, ListComp, SetComp, DictComp,
  GeneratorExp, Await, Yield, YieldFrom, Compare, Call, FormattedValue, JoinedStr, Constant,
  Attribute, Subscript, Starred, Name, List, Tuple, Slice,
};

enum class StmtKind : std::uint8_t {
  FunctionDef, AsyncFunctionDef,  // both: struct FunctionDef
  ClassDef, Return, Delete, Assign, AugAssign, For, While, If, AsyncWith, Raise, Try,
  Assert, Import, ImportFrom, Global, Nonlocal,
  Expr,                           // struct ExprStmt
  Pass, Break, Continue,
};

enum class ExprContext : std::uint8_t { Load, Store, Del };
enum class BoolOperator : std::uint8_t { And, Or };
enum class Operator : std::uint8_t {
  Add, Sub, Mult, MatMult, Div, Mod, Pow, LShift, RShift, BitOr, BitXor, BitAnd, FloorDiv,
};
enum class UnaryOperator : std::uint8_t { Invert, Not, UAdd, USub };
enum class CmpOperator : std::uint8_t { Eq, NotEq, Lt, LtE, Gt, GtE, Is, IsNot, In, NotIn };

/// Base of all expressions. `kind` names the derived struct.
struct Expr : Node {
  const ExprKind kind;
  explicit Expr(ExprKind k) : kind(k) {}
  virtual ~Expr() = default;
  Expr(const Expr&) = delete;
  Expr& operator=(const Expr&) = delete;
};

/// Base of all statements. `kind` names the derived struct.
struct Stmt : Node {
  const StmtKind kind;
  explicit Stmt(StmtKind k) : kind(k) {}
  virtual ~Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
};

using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;
using ExprList = std::vector<ExprPtr>;
using StmtList = std::vector<StmtPtr>;

// ---- helper records (not Expr/Stmt) ----

/// A function parameter (Python's `arg`). `annotation` is kept but unused.
struct Arg : Node {
  std::string arg;
  ExprPtr annotation;
};

/// Python's `arguments`. kw_defaults[i] belongs to kwonlyargs[i] (null: none);
/// defaults belong to the last defaults.size() entries of args.
/// Positional-only parameters ('/') are refused by the parser.
struct Arguments {
  std::vector<Arg> args;
  std::unique_ptr<Arg> vararg;  // *args, or null
  std::vector<Arg> kwonlyargs;
  ExprList kw_defaults;
  std::unique_ptr<Arg> kwarg;   // **kwargs, or null
  ExprList defaults;
};

/// `name=value` in a call; arg empty for `**value`.
struct Keyword : Node {
  std::string arg;
  ExprPtr value;
};

/// `name` or `name as asname` in an import.
struct Alias : Node {
  std::string name;
  std::string asname;
};

/// One `for target in iter if ...` clause. is_async is always false (refused).
struct Comprehension {
  ExprPtr target;
  ExprPtr iter;
  ExprList ifs;
  bool is_async = false;
};

/// One `context_expr as optional_vars` of a `with`; optional_vars may be null.
struct WithItem {
  ExprPtr context_expr;
  ExprPtr optional_vars;
};

/// `except type as name: body`; type null for a bare `except:`.
struct ExceptHandler : Node {
  ExprPtr type;
  std::string name;
  StmtList body;
};

// ---- expressions ----

/// Base of the concrete expressions: each knows its kind statically (T::kKind).
template <ExprKind K>
struct ExprOf : Expr {
  static constexpr ExprKind kKind = K;
  ExprOf() : Expr(K) {}
};

/// `a or b or c` is one BoolOp with three values.
struct BoolOp : ExprOf<ExprKind::BoolOp> { BoolOperator op{}; ExprList values; };
struct BinOp : ExprOf<ExprKind::BinOp> { ExprPtr left; Operator op{}; ExprPtr right; };
struct UnaryOp : ExprOf<ExprKind::UnaryOp> { UnaryOperator op{}; ExprPtr operand; };
struct Lambda : ExprOf<ExprKind::Lambda> { Arguments args; ExprPtr body; };
struct IfExp : ExprOf<ExprKind::IfExp> { ExprPtr test; ExprPtr body; ExprPtr orelse; };
/// keys[i] is null for `**values[i]`.
struct Dict : ExprOf<ExprKind::Dict> { ExprList keys; ExprList values; };
struct Set : ExprOf<ExprKind::Set> { ExprList elts; };
struct ListComp : ExprOf<ExprKind::ListComp> { ExprPtr elt; std::vector<Comprehension> generators; };
struct SetComp : ExprOf<ExprKind::SetComp> { ExprPtr elt; std::vector<Comprehension> generators; };
struct DictComp : ExprOf<ExprKind::DictComp> { ExprPtr key; ExprPtr value; std::vector<Comprehension> generators; };
struct GeneratorExp : ExprOf<ExprKind::GeneratorExp> { ExprPtr elt; std::vector<Comprehension> generators; };
struct Await : ExprOf<ExprKind::Await> { ExprPtr value; };
struct Yield : ExprOf<ExprKind::Yield> { ExprPtr value; };  // value may be null (a bare `yield`)
struct YieldFrom : ExprOf<ExprKind::YieldFrom> { ExprPtr value; };
/// `a < b < c`: left a, ops [Lt, Lt], comparators [b, c].
struct Compare : ExprOf<ExprKind::Compare> { ExprPtr left; std::vector<CmpOperator> ops; ExprList comparators; };
/// args may contain Starred (`*a`); keywords with empty arg are `**k`.
struct Call : ExprOf<ExprKind::Call> { ExprPtr func; ExprList args; std::vector<Keyword> keywords; };
/// conversion: -1 none, 's', 'r' or 'a' (as in Python). format_spec: JoinedStr or null.
struct FormattedValue : ExprOf<ExprKind::FormattedValue> { ExprPtr value; int conversion = -1; ExprPtr format_spec; };
/// An f-string (after implicit concatenation): Constant(str) and FormattedValue parts.
struct JoinedStr : ExprOf<ExprKind::JoinedStr> { ExprList values; };

/// Python's None and Ellipsis as value types of Constant.
struct NoneValue { bool operator==(const NoneValue&) const = default; };
struct EllipsisValue { bool operator==(const EllipsisValue&) const = default; };
/// The value of a literal. Strings are UTF-8.
using ConstantValue = std::variant<NoneValue, bool, std::int64_t, double, std::string, EllipsisValue>;
struct Constant : ExprOf<ExprKind::Constant> { ConstantValue value; };

struct Attribute : ExprOf<ExprKind::Attribute> { ExprPtr value; std::string attr; ExprContext ctx{}; };
/// `a[1, 2]` has a Tuple slice; `a[1:2]` a Slice.
struct Subscript : ExprOf<ExprKind::Subscript> { ExprPtr value; ExprPtr slice; ExprContext ctx{}; };
struct Starred : ExprOf<ExprKind::Starred> { ExprPtr value; ExprContext ctx{}; };
struct Name : ExprOf<ExprKind::Name> { std::string id; ExprContext ctx{}; };
struct List : ExprOf<ExprKind::List> { ExprList elts; ExprContext ctx{}; };
struct Tuple : ExprOf<ExprKind::Tuple> { ExprList elts; ExprContext ctx{}; };
/// Only as Subscript.slice. Each part may be null.
struct Slice : ExprOf<ExprKind::Slice> { ExprPtr lower; ExprPtr upper; ExprPtr step; };

// ---- statements ----

template <StmtKind K>
struct StmtOf : Stmt {
  static constexpr StmtKind kKind = K;
  StmtOf() : Stmt(K) {}
};

/// `def` (kind FunctionDef) or `async def` (kind AsyncFunctionDef), with its
/// decorators (outermost first); `returns` (the annotation) is kept but unused.
struct FunctionDef : Stmt {
  explicit FunctionDef(bool is_async) : Stmt(is_async ? StmtKind::AsyncFunctionDef : StmtKind::FunctionDef) {}
  std::string name;
  Arguments args;
  StmtList body;
  ExprList decorator_list;
  ExprPtr returns;
};
/// `class Name:` or `class Name(Base):` (at most one base, no keywords, no
/// decorators).
struct ClassDef : StmtOf<StmtKind::ClassDef> { std::string name; ExprList bases; StmtList body; };
struct Return : StmtOf<StmtKind::Return> { ExprPtr value; };
struct Delete : StmtOf<StmtKind::Delete> { ExprList targets; };
/// `a = b = value` has targets [a, b].
struct Assign : StmtOf<StmtKind::Assign> { ExprList targets; ExprPtr value; };
struct AugAssign : StmtOf<StmtKind::AugAssign> { ExprPtr target; Operator op{}; ExprPtr value; };
struct For : StmtOf<StmtKind::For> { ExprPtr target; ExprPtr iter; StmtList body; StmtList orelse; };
struct While : StmtOf<StmtKind::While> { ExprPtr test; StmtList body; StmtList orelse; };
/// `elif` is an If alone in the orelse of the previous If, as in Python.
struct If : StmtOf<StmtKind::If> { ExprPtr test; StmtList body; StmtList orelse; };
/// `async with a as x, b: body` (plain `with` is refused by the parser).
struct AsyncWith : StmtOf<StmtKind::AsyncWith> { std::vector<WithItem> items; StmtList body; };
struct Raise : StmtOf<StmtKind::Raise> { ExprPtr exc; ExprPtr cause; };
struct Try : StmtOf<StmtKind::Try> {
  StmtList body;
  std::vector<ExceptHandler> handlers;
  StmtList orelse;
  StmtList finalbody;
};
struct Assert : StmtOf<StmtKind::Assert> { ExprPtr test; ExprPtr msg; };
/// Modules are checked by the parser: asyncio, time, random.
struct Import : StmtOf<StmtKind::Import> { std::vector<Alias> names; };
/// level is always 0 (relative imports are refused); `*` is refused.
struct ImportFrom : StmtOf<StmtKind::ImportFrom> { std::string module; std::vector<Alias> names; int level = 0; };
struct Global : StmtOf<StmtKind::Global> { std::vector<std::string> names; };
struct Nonlocal : StmtOf<StmtKind::Nonlocal> { std::vector<std::string> names; };
struct ExprStmt : StmtOf<StmtKind::Expr> { ExprPtr value; };
struct Pass : StmtOf<StmtKind::Pass> {};
struct Break : StmtOf<StmtKind::Break> {};
struct Continue : StmtOf<StmtKind::Continue> {};

/// The whole file.
struct Module {
  StmtList body;
};

/// Checked downcast: `ast::cast<Call>(expr)`. The kind must match (asserted).
template <class T>
T& cast(Expr& e);
template <class T>
const T& cast(const Expr& e);
template <class T>
T& cast(Stmt& s);
template <class T>
const T& cast(const Stmt& s);

}  // namespace corosim::ast

// ---- implementation of cast ----
#include <cassert>
#include <type_traits>

namespace corosim::ast {
template <class T>
T& cast(Expr& e) { assert(e.kind == T::kKind); return static_cast<T&>(e); }
template <class T>
const T& cast(const Expr& e) { assert(e.kind == T::kKind); return static_cast<const T&>(e); }
template <class T>
T& cast(Stmt& s) {
  if constexpr (std::is_same_v<T, FunctionDef>) {
    assert(s.kind == StmtKind::FunctionDef || s.kind == StmtKind::AsyncFunctionDef);
  } else {
    assert(s.kind == T::kKind);
  }
  return static_cast<T&>(s);
}
template <class T>
const T& cast(const Stmt& s) { return cast<T>(const_cast<Stmt&>(s)); }
}  // namespace corosim::ast
