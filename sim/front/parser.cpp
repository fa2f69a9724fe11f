// Recursive descent over Python's grammar (Grammar/python.gram, 3.11), one
// function per production, binary operators by a precedence table (clox's
// rules[]). The first error ends the parse: helpers record a Diagnostic and
// throw ParseFailure, which parse() catches (Lua's luaX_syntaxerror longjmps).
#include "sim/front/parser.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <string_view>

namespace corosim {

namespace {

using namespace ast;

struct ParseFailure {};

// ---- static knowledge ----

// Binding power of binary operators, lowest first (Python's precedence).
enum class Prec : int {
  Lowest, Or, And, Not, Comparison, BitOr, BitXor, BitAnd, Shift, Sum, Term, Factor, Power,
};

Prec next_higher(Prec p) { return static_cast<Prec>(static_cast<int>(p) + 1); }

struct BinaryRule {
  TokenKind token;
  Prec prec;
  Operator op;
};

// Tokens that are binary arithmetic operators (comparisons and and/or are apart).
constexpr std::array kBinaryRules = {
    BinaryRule{TokenKind::VBar, Prec::BitOr, Operator::BitOr},
    BinaryRule{TokenKind::Circumflex, Prec::BitXor, Operator::BitXor},
    BinaryRule{TokenKind::Amper, Prec::BitAnd, Operator::BitAnd},
    BinaryRule{TokenKind::LeftShift, Prec::Shift, Operator::LShift},
    BinaryRule{TokenKind::RightShift, Prec::Shift, Operator::RShift},
    BinaryRule{TokenKind::Plus, Prec::Sum, Operator::Add},
    BinaryRule{TokenKind::Minus, Prec::Sum, Operator::Sub},
    BinaryRule{TokenKind::Star, Prec::Term, Operator::Mult},
    BinaryRule{TokenKind::Slash, Prec::Term, Operator::Div},
    BinaryRule{TokenKind::DoubleSlash, Prec::Term, Operator::FloorDiv},
    BinaryRule{TokenKind::Percent, Prec::Term, Operator::Mod},
    BinaryRule{TokenKind::At, Prec::Term, Operator::MatMult},
    BinaryRule{TokenKind::DoubleStar, Prec::Power, Operator::Pow},
};

struct AugRule {
  TokenKind token;
  Operator op;
};

constexpr std::array kAugAssignRules = {
    AugRule{TokenKind::PlusEqual, Operator::Add},        AugRule{TokenKind::MinEqual, Operator::Sub},
    AugRule{TokenKind::StarEqual, Operator::Mult},       AugRule{TokenKind::AtEqual, Operator::MatMult},
    AugRule{TokenKind::SlashEqual, Operator::Div},       AugRule{TokenKind::PercentEqual, Operator::Mod},
    AugRule{TokenKind::AmperEqual, Operator::BitAnd},    AugRule{TokenKind::VBarEqual, Operator::BitOr},
    AugRule{TokenKind::CircumflexEqual, Operator::BitXor}, AugRule{TokenKind::LeftShiftEqual, Operator::LShift},
    AugRule{TokenKind::RightShiftEqual, Operator::RShift}, AugRule{TokenKind::DoubleStarEqual, Operator::Pow},
    AugRule{TokenKind::DoubleSlashEqual, Operator::FloorDiv},
};

struct CmpRule {
  TokenKind token;
  CmpOperator op;
};

constexpr std::array kCompareRules = {
    CmpRule{TokenKind::EqEqual, CmpOperator::Eq},   CmpRule{TokenKind::NotEqual, CmpOperator::NotEq},
    CmpRule{TokenKind::Less, CmpOperator::Lt},      CmpRule{TokenKind::LessEqual, CmpOperator::LtE},
    CmpRule{TokenKind::Greater, CmpOperator::Gt},   CmpRule{TokenKind::GreaterEqual, CmpOperator::GtE},
    CmpRule{TokenKind::In, CmpOperator::In},        CmpRule{TokenKind::Is, CmpOperator::Is},
};

// Modules a scenario may import (the runtime provides them).
constexpr std::array<std::string_view, 3> kAvailableModules = {"asyncio", "time", "random"};

// What CPython calls an expression kind in "cannot assign to ..." messages.
std::string expr_name(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Attribute: return "attribute";
    case ExprKind::Subscript: return "subscript";
    case ExprKind::Starred: return "starred";
    case ExprKind::Name: return "name";
    case ExprKind::List: return "list";
    case ExprKind::Tuple: return "tuple";
    case ExprKind::Lambda: return "lambda";
    case ExprKind::Call: return "function call";
    case ExprKind::BoolOp: case ExprKind::BinOp: case ExprKind::UnaryOp: return "expression";
    case ExprKind::GeneratorExp: return "generator expression";
    case ExprKind::Await: return "await expression";
    case ExprKind::Yield: case ExprKind::YieldFrom: return "yield expression";
    case ExprKind::ListComp: return "list comprehension";
    case ExprKind::SetComp: return "set comprehension";
    case ExprKind::DictComp: return "dict comprehension";
    case ExprKind::Dict: return "dict literal";
    case ExprKind::Set: return "set display";
    case ExprKind::JoinedStr: case ExprKind::FormattedValue: return "f-string expression";
    case ExprKind::Compare: return "comparison";
    case ExprKind::IfExp: return "conditional expression";
    case ExprKind::Slice: return "slice";
    case ExprKind::Constant: {
      const ConstantValue& v = cast<Constant>(e).value;
      if (std::holds_alternative<NoneValue>(v)) return "None";
      if (const bool* b = std::get_if<bool>(&v)) return *b ? "True" : "False";
      if (std::holds_alternative<EllipsisValue>(v)) return "ellipsis";
      return "literal";
    }
  }
  return "expression";
}

// Whether CPython's invalid_named_expression rule (a bitwise_or followed by '=')
// would match: it adds "here. Maybe you meant '==' instead of '='?".
bool is_bitwise_or_level(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Compare: case ExprKind::BoolOp: case ExprKind::IfExp: case ExprKind::Lambda:
    case ExprKind::GeneratorExp: case ExprKind::Starred:
      return false;
    case ExprKind::UnaryOp: return cast<UnaryOp>(e).op != UnaryOperator::Not;
    case ExprKind::Constant: {
      const ConstantValue& v = cast<Constant>(e).value;
      return !std::holds_alternative<NoneValue>(v) && !std::holds_alternative<bool>(v);
    }
    default: return true;
  }
}

bool starts_expression(TokenKind k) {
  switch (k) {
    case TokenKind::Name: case TokenKind::Int: case TokenKind::Float: case TokenKind::String:
    case TokenKind::LParen: case TokenKind::LSqb: case TokenKind::LBrace: case TokenKind::Minus:
    case TokenKind::Plus: case TokenKind::Tilde: case TokenKind::Not: case TokenKind::Await:
    case TokenKind::Lambda: case TokenKind::True: case TokenKind::False: case TokenKind::None:
    case TokenKind::Ellipsis: case TokenKind::Star:
      return true;
    default:
      return false;
  }
}

// Tokens that can only start an atom: two such in a row inside brackets mean a missing comma.
bool starts_atom(TokenKind k) {
  switch (k) {
    case TokenKind::Name: case TokenKind::Int: case TokenKind::Float: case TokenKind::String:
    case TokenKind::True: case TokenKind::False: case TokenKind::None: case TokenKind::Ellipsis:
    case TokenKind::LBrace: case TokenKind::Lambda:
      return true;
    default:
      return false;
  }
}

// Where `await`, `return` and loop statements are allowed.
enum class Scope { Module, Function, AsyncFunction, Lambda };

struct FunctionContext {
  Scope scope;
  int loop_depth = 0;
};

class Parser {
 public:
  explicit Parser(const SourceFile& source)
      : source_(source), lexer_(std::make_unique<Lexer>(source)) {
    functions_.push_back(FunctionContext{Scope::Module});
  }

  std::unique_ptr<Module> module();
  std::optional<Diagnostic> error_;

 private:
  // Counts one level of recursion; fails beyond kMaxNestingDepth.
  class DepthGuard {
   public:
    explicit DepthGuard(Parser& p, int levels = 1) : p_(p), levels_(levels) { p_.enter(levels_); }
    ~DepthGuard() { p_.depth_ -= levels_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    Parser& p_;
    int levels_;
  };

  // ---- tokens ----
  void advance();
  const Token& peek_next();
  bool check(TokenKind k) const { return current_.kind == k; }
  bool match(TokenKind k);
  void expect(TokenKind k, const char* message);
  void expect_colon() { expect(TokenKind::Colon, "expected ':'"); }
  std::string expect_name();
  bool at_statement_end() const;
  bool starts_comprehension() const { return check(TokenKind::For) || check(TokenKind::Async); }
  void enter(int levels);

  // ---- errors ----
  [[noreturn]] void fail(SourcePosition pos, const char* kind, std::string message);
  [[noreturn]] void syntax_error(const Token& t, std::string message);
  [[noreturn]] void syntax_error(const Node& n, std::string message);
  [[noreturn]] void unsupported(const Token& t, const std::string& what);
  [[noreturn]] void invalid_syntax();
  [[noreturn]] void missing_comma_or_invalid(const Node& before);

  // ---- positions ----
  template <class T>
  std::unique_ptr<T> node_at(const Token& t);
  template <class T>
  std::unique_ptr<T> node_at(const Node& n);
  template <class T>
  T&& finish(T&& node);

  // ---- statements ----
  StmtList statements_until(TokenKind end);
  void statement(StmtList& out);
  void simple_statements(StmtList& out);
  StmtPtr simple_statement();
  StmtList block(const std::string& what, int line);
  StmtPtr if_statement();
  StmtPtr while_statement();
  StmtPtr for_statement();
  StmtPtr try_statement();
  void except_clause(Try& node);
  StmtPtr function_def(Token start, bool is_async);
  StmtPtr class_def();
  StmtPtr async_statement();
  StmtPtr async_with_statement(const Token& start);
  StmtPtr decorated();
  StmtPtr match_statement_or_expression();
  bool is_match_statement();
  bool parenthesis_closes_before_colon();
  StmtPtr return_statement();
  StmtPtr raise_statement();
  StmtPtr global_statement(bool nonlocal);
  StmtPtr del_statement();
  StmtPtr assert_statement();
  StmtPtr import_statement();
  StmtPtr from_import_statement();
  void check_module(const Token& at, const std::string& module);
  Alias import_alias(bool dotted);
  StmtPtr expression_statement();
  StmtPtr assignment(ExprPtr first);
  StmtPtr augmented_assignment(ExprPtr target, Operator op);
  void loop_body(StmtList& body, const std::string& what, int line);
  StmtList loop_else();
  Arguments parameters(TokenKind close, bool annotations);
  void check_duplicate_parameters(const Arguments& args);
  Arg parameter(bool annotations);

  // ---- targets ----
  Expr* invalid_target(Expr& e, ExprContext ctx);
  void check_target(Expr& e, ExprContext ctx, bool suggest_equality);
  ExprPtr target_list();

  // ---- expressions ----
  ExprPtr star_expressions();
  ExprPtr star_expression();
  ExprPtr expression();
  ExprPtr lambda();
  ExprPtr binary(Prec min);
  ExprPtr unary(Prec min);
  ExprPtr bool_op(ExprPtr left, BoolOperator op, Prec prec);
  ExprPtr comparison(ExprPtr left);
  bool comparison_operator(CmpOperator& op);
  ExprPtr await_expression();
  ExprPtr yield_expression();
  ExprPtr primary();
  ExprPtr attribute(ExprPtr value);
  ExprPtr call(ExprPtr func);
  void call_argument(Call& call, bool& seen_keyword, bool& seen_double_star);
  ExprPtr subscript(ExprPtr value);
  ExprPtr slice_item();
  ExprPtr atom();
  ExprPtr number();
  ExprPtr paren();
  ExprPtr list_display();
  ExprPtr brace_display();
  ExprPtr dict_rest(const Token& open, ExprPtr first_key);
  std::vector<Comprehension> comprehension_clauses();
  template <class Display>
  ExprPtr element_list(const Token& open, ExprPtr first, TokenKind close);

  // ---- strings ----
  ExprPtr strings();
  void fstring_parts(std::size_t& i, std::size_t end, bool raw, int spec_level, std::string& pending,
                     ExprList& values, const Token& token);
  void fstring_field(std::size_t& i, std::size_t end, bool raw, int spec_level, std::string& pending,
                     ExprList& values, const Token& token);
  std::size_t fstring_expression_end(std::size_t i, std::size_t end);
  ExprPtr fstring_expression(std::size_t begin, std::size_t end);
  std::string decode_string_part(std::string_view body, std::size_t body_offset, bool raw);
  void flush_literal(std::string& pending, ExprList& values, const Token& token);

  FunctionContext& function() { return functions_.back(); }

  const SourceFile& source_;
  std::unique_ptr<Lexer> lexer_;
  Token current_;
  Token previous_;
  std::optional<Token> lookahead_;
  SourcePosition last_end_;  // end of the last consumed token that is not NEWLINE/INDENT/DEDENT
  int depth_ = 0;
  int fstring_depth_ = 0;  // > 0 while parsing an expression inside an f-string
  std::vector<FunctionContext> functions_;
};

// ==== tokens ====

void Parser::advance() {
  previous_ = current_;
  if (previous_.kind != TokenKind::Newline && previous_.kind != TokenKind::Indent &&
      previous_.kind != TokenKind::Dedent) {
    last_end_ = SourcePosition{previous_.end_line, previous_.end_col};
  }
  if (lookahead_) {
    current_ = *lookahead_;
    lookahead_.reset();
  } else {
    current_ = lexer_->next();
  }
  if (current_.kind == TokenKind::Error) {
    Diagnostic d = *lexer_->error();
    if (fstring_depth_ > 0 && d.kind == "SyntaxError") d.message = "f-string: " + d.message;
    error_ = d;
    throw ParseFailure{};
  }
}

const Token& Parser::peek_next() {
  if (!lookahead_) lookahead_ = lexer_->next();  // an Error token is reported when advanced to
  return *lookahead_;
}

bool Parser::match(TokenKind k) {
  if (!check(k)) return false;
  advance();
  return true;
}

void Parser::expect(TokenKind k, const char* message) {
  if (check(k)) {
    advance();
    return;
  }
  if (check(TokenKind::ColonEqual)) unsupported(current_, "':=' (assignment expression)");
  if (message[0] == '\0') invalid_syntax();
  syntax_error(current_, message);
}

std::string Parser::expect_name() {
  if (!check(TokenKind::Name)) invalid_syntax();
  std::string name(current_.text);
  advance();
  return name;
}

bool Parser::at_statement_end() const {
  return check(TokenKind::Newline) || check(TokenKind::Semi) || check(TokenKind::EndOfFile);
}

void Parser::enter(int levels) {
  depth_ += levels;
  if (depth_ > kMaxNestingDepth) {
    depth_ -= levels;
    fail(SourcePosition{current_.line, current_.col}, "SyntaxError",
         "too many nested expressions (corosim's limit is " + std::to_string(kMaxNestingDepth) + " levels)");
  }
}

// ==== errors ====

void Parser::fail(SourcePosition pos, const char* kind, std::string message) {
  if (fstring_depth_ > 0 && std::string_view(kind) == "SyntaxError" && message.rfind("f-string", 0) != 0) {
    message = "f-string: " + message;
  }
  error_ = source_.error_at(pos, kind, std::move(message));
  throw ParseFailure{};
}

void Parser::syntax_error(const Token& t, std::string message) {
  fail(SourcePosition{t.line, t.col}, "SyntaxError", std::move(message));
}

void Parser::syntax_error(const Node& n, std::string message) {
  fail(SourcePosition{n.line, n.col}, "SyntaxError", std::move(message));
}

void Parser::unsupported(const Token& t, const std::string& what) {
  bool quoted = !what.empty() && what[0] == '\'';  // "'with' is", "decorators are"
  fail(SourcePosition{t.line, t.col}, "unsupported", what + (quoted ? " is" : " are") + " not supported yet");
}

void Parser::invalid_syntax() {
  if (check(TokenKind::ColonEqual)) unsupported(current_, "':=' (assignment expression)");
  if (check(TokenKind::Indent)) {
    fail(SourcePosition{current_.line, current_.col}, "IndentationError", "unexpected indent");
  }
  syntax_error(current_, "invalid syntax");
}

// After an element inside brackets: a following atom means a forgotten comma.
void Parser::missing_comma_or_invalid(const Node& before) {
  if (starts_atom(current_.kind)) syntax_error(before, "invalid syntax. Perhaps you forgot a comma?");
  invalid_syntax();
}

// ==== positions ====

template <class T>
std::unique_ptr<T> Parser::node_at(const Token& t) {
  auto n = std::make_unique<T>();
  n->line = t.line;
  n->col = t.col;
  return n;
}

template <class T>
std::unique_ptr<T> Parser::node_at(const Node& start) {
  auto n = std::make_unique<T>();
  n->line = start.line;
  n->col = start.col;
  return n;
}

// Ends a node at the last consumed token.
template <class T>
T&& Parser::finish(T&& node) {
  node->end_line = last_end_.line;
  node->end_col = last_end_.col;
  return std::forward<T>(node);
}

// ==== statements ====

// file -> statements ENDMARKER
std::unique_ptr<Module> Parser::module() {
  advance();
  auto m = std::make_unique<Module>();
  m->body = statements_until(TokenKind::EndOfFile);
  return m;
}

// statements -> statement+   (up to `end`: DEDENT or ENDMARKER)
StmtList Parser::statements_until(TokenKind end) {
  StmtList body;
  while (!check(end) && !check(TokenKind::EndOfFile)) statement(body);
  return body;
}

// statement -> compound_stmt | simple_stmts
void Parser::statement(StmtList& out) {
  switch (current_.kind) {
    case TokenKind::If: out.push_back(if_statement()); return;
    case TokenKind::While: out.push_back(while_statement()); return;
    case TokenKind::For: out.push_back(for_statement()); return;
    case TokenKind::Try: out.push_back(try_statement()); return;
    case TokenKind::Def: out.push_back(function_def(current_, false)); return;
    case TokenKind::Class: out.push_back(class_def()); return;
    case TokenKind::Async: out.push_back(async_statement()); return;
    case TokenKind::At: out.push_back(decorated()); return;
    case TokenKind::With: unsupported(current_, "'with'");
    case TokenKind::Indent:
      fail(SourcePosition{current_.line, current_.col}, "IndentationError", "unexpected indent");
    case TokenKind::Name:
      if (current_.text == "match" && is_match_statement()) unsupported(current_, "'match'");
      [[fallthrough]];
    default: simple_statements(out); return;
  }
}

// simple_stmts -> simple_stmt (';' simple_stmt)* [';'] NEWLINE
void Parser::simple_statements(StmtList& out) {
  for (;;) {
    out.push_back(simple_statement());
    if (!match(TokenKind::Semi) || check(TokenKind::Newline) || check(TokenKind::EndOfFile)) break;
  }
  if (check(TokenKind::EndOfFile)) return;
  if (!check(TokenKind::Newline)) invalid_syntax();
  advance();
}

// simple_stmt -> assignment | star_expressions | return | import | raise | pass | del | assert | break | continue | global | nonlocal
StmtPtr Parser::simple_statement() {
  Token start = current_;
  switch (current_.kind) {
    case TokenKind::Pass: advance(); return finish(node_at<Pass>(start));
    case TokenKind::Break:
      if (function().loop_depth == 0) syntax_error(start, "'break' outside loop");
      advance();
      return finish(node_at<Break>(start));
    case TokenKind::Continue:
      if (function().loop_depth == 0) syntax_error(start, "'continue' not properly in loop");
      advance();
      return finish(node_at<Continue>(start));
    case TokenKind::Return: return return_statement();
    case TokenKind::Raise: return raise_statement();
    case TokenKind::Global: return global_statement(false);
    case TokenKind::Nonlocal: return global_statement(true);
    case TokenKind::Del: return del_statement();
    case TokenKind::Assert: return assert_statement();
    case TokenKind::Import: return import_statement();
    case TokenKind::From: return from_import_statement();
    default: return expression_statement();
  }
}

// block -> NEWLINE INDENT statements DEDENT | simple_stmts
StmtList Parser::block(const std::string& what, int line) {
  StmtList body;
  if (!check(TokenKind::Newline)) {
    if (check(TokenKind::EndOfFile)) invalid_syntax();
    simple_statements(body);
    return body;
  }
  advance();
  if (!check(TokenKind::Indent)) {
    fail(SourcePosition{current_.line, current_.col}, "IndentationError",
         "expected an indented block after " + what + " on line " + std::to_string(line));
  }
  advance();
  body = statements_until(TokenKind::Dedent);
  if (check(TokenKind::Dedent)) advance();
  return body;
}

// if_stmt -> 'if' expression ':' block ('elif' expression ':' block)* ['else' ':' block]
// The elif chain is built in a loop; each kChainLinksPerLevel links count one
// nesting level, since every elif nests one If deeper in the tree.
StmtPtr Parser::if_statement() {
  Token start = current_;
  advance();  // skip IF
  auto node = node_at<If>(start);
  node->test = expression();
  expect_colon();
  node->body = block("'if' statement", start.line);
  std::vector<If*> chain{node.get()};
  int saved_depth = depth_;
  while (check(TokenKind::Elif)) {
    Token elif = current_;
    if (chain.size() % kChainLinksPerLevel == 0) enter(1);
    advance();
    auto branch = node_at<If>(elif);
    branch->test = expression();
    expect_colon();
    branch->body = block("'elif' statement", elif.line);
    If* raw = branch.get();
    chain.back()->orelse.push_back(std::move(branch));
    chain.push_back(raw);
  }
  depth_ = saved_depth;
  if (check(TokenKind::Else)) {
    Token else_token = current_;
    advance();
    expect_colon();
    chain.back()->orelse = block("'else' statement", else_token.line);
  }
  for (If* link : chain) finish(link);
  return node;
}

void Parser::loop_body(StmtList& body, const std::string& what, int line) {
  ++function().loop_depth;
  body = block(what, line);
  --function().loop_depth;
}

// loop_else -> ['else' ':' block]   (of while and for)
StmtList Parser::loop_else() {
  if (!check(TokenKind::Else)) return {};
  Token else_token = current_;
  advance();
  expect_colon();
  return block("'else' statement", else_token.line);
}

// while_stmt -> 'while' expression ':' block ['else' ':' block]
StmtPtr Parser::while_statement() {
  Token start = current_;
  advance();  // skip WHILE
  auto node = node_at<While>(start);
  node->test = expression();
  expect_colon();
  loop_body(node->body, "'while' statement", start.line);
  node->orelse = loop_else();
  return finish(std::move(node));
}

// for_stmt -> 'for' star_targets 'in' star_expressions ':' block ['else' ':' block]
StmtPtr Parser::for_statement() {
  Token start = current_;
  advance();  // skip FOR
  auto node = node_at<For>(start);
  node->target = target_list();
  expect(TokenKind::In, "");
  node->iter = star_expressions();
  expect_colon();
  loop_body(node->body, "'for' statement", start.line);
  node->orelse = loop_else();
  return finish(std::move(node));
}

// try_stmt -> 'try' ':' block (except_block+ ['else' ':' block] ['finally' ':' block] | 'finally' ':' block)
StmtPtr Parser::try_statement() {
  Token start = current_;
  advance();  // skip TRY
  auto node = node_at<Try>(start);
  expect_colon();
  node->body = block("'try' statement", start.line);
  while (check(TokenKind::Except)) except_clause(*node);
  if (!node->handlers.empty() && check(TokenKind::Else)) {
    Token else_token = current_;
    advance();
    expect_colon();
    node->orelse = block("'else' statement", else_token.line);
  }
  if (check(TokenKind::Finally)) {
    Token finally_token = current_;
    advance();
    expect_colon();
    node->finalbody = block("'finally' statement", finally_token.line);
  }
  if (node->handlers.empty() && node->finalbody.empty()) syntax_error(current_, "expected 'except' or 'finally' block");
  return finish(std::move(node));
}

// except_block -> 'except' [expression ['as' NAME]] ':' block
void Parser::except_clause(Try& node) {
  Token start = current_;
  if (!node.handlers.empty() && !node.handlers.back().type) {
    const ExceptHandler& bare = node.handlers.back();
    fail(SourcePosition{bare.line, bare.col}, "SyntaxError", "default 'except:' must be last");
  }
  advance();  // skip EXCEPT
  if (check(TokenKind::Star)) unsupported(start, "'except*'");
  ExceptHandler handler;
  handler.line = start.line;
  handler.col = start.col;
  if (!check(TokenKind::Colon)) {
    handler.type = expression();
    if (check(TokenKind::Comma)) syntax_error(*handler.type, "multiple exception types must be parenthesized");
    if (match(TokenKind::As)) handler.name = expect_name();
  }
  expect_colon();
  handler.body = block("'except' statement", start.line);
  handler.end_line = last_end_.line;
  handler.end_col = last_end_.col;
  node.handlers.push_back(std::move(handler));
}

// function_def -> ['async'] 'def' NAME '(' [params] ')' ['->' expression] ':' block
StmtPtr Parser::function_def(Token start, bool is_async) {  // by value: `start` may be current_
  advance();  // skip DEF
  auto node = std::make_unique<FunctionDef>(is_async);
  node->line = start.line;
  node->col = start.col;
  node->name = expect_name();
  expect(TokenKind::LParen, "expected '('");
  node->args = parameters(TokenKind::RParen, true);
  if (match(TokenKind::Rarrow)) node->returns = expression();
  expect_colon();
  functions_.push_back(FunctionContext{is_async ? Scope::AsyncFunction : Scope::Function});
  node->body = block("function definition", start.line);
  functions_.pop_back();
  return finish(std::move(node));
}

// params -> param (',' param)* [',']  where param -> NAME [':' expression] ['=' expression] | '*' [NAME] | '**' NAME
// Used for `def` (close ')', annotations allowed) and `lambda` (close ':').
Arguments Parser::parameters(TokenKind close, bool annotations) {
  Arguments args;
  bool seen_star = false;
  std::optional<Token> bare_star;  // `*` without a name: keyword-only parameters must follow
  while (!check(close)) {
    if (args.kwarg) syntax_error(current_, "arguments cannot follow var-keyword argument");
    Token start = current_;
    if (match(TokenKind::Star)) {
      if (seen_star) syntax_error(start, "* argument may appear only once");
      seen_star = true;
      if (check(TokenKind::Comma) || check(close)) {
        bare_star = start;
      } else {
        args.vararg = std::make_unique<Arg>(parameter(annotations));
      }
    } else if (match(TokenKind::DoubleStar)) {
      args.kwarg = std::make_unique<Arg>(parameter(annotations));
    } else if (check(TokenKind::Slash)) {
      unsupported(current_, "positional-only parameters ('/')");
    } else {
      Arg arg = parameter(annotations);
      ExprPtr default_value;
      if (match(TokenKind::Equal)) default_value = expression();
      if (seen_star) {
        args.kwonlyargs.push_back(std::move(arg));
        args.kw_defaults.push_back(std::move(default_value));
      } else {
        if (!default_value && !args.defaults.empty()) {
          syntax_error(start, "non-default argument follows default argument");
        }
        args.args.push_back(std::move(arg));
        if (default_value) args.defaults.push_back(std::move(default_value));
      }
    }
    if (!match(TokenKind::Comma)) break;
  }
  if (bare_star && args.kwonlyargs.empty()) syntax_error(*bare_star, "named arguments must follow bare *");
  if (close == TokenKind::RParen) {
    expect(TokenKind::RParen, "");
  } else {
    expect(TokenKind::Colon, "expected ':'");
  }
  check_duplicate_parameters(args);
  return args;
}

// CPython's symtable declares parameters in this order (args, keyword-only,
// *args, **kwargs) and reports the first one whose name was already declared,
// at that parameter: `def f(*a, a)` points at `*a`'s name.
void Parser::check_duplicate_parameters(const Arguments& args) {
  std::vector<const Arg*> declared;
  for (const Arg& arg : args.args) declared.push_back(&arg);
  for (const Arg& arg : args.kwonlyargs) declared.push_back(&arg);
  if (args.vararg) declared.push_back(args.vararg.get());
  if (args.kwarg) declared.push_back(args.kwarg.get());
  for (std::size_t i = 0; i < declared.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (declared[i]->arg == declared[j]->arg) {
        syntax_error(*declared[i], "duplicate argument '" + declared[i]->arg + "' in function definition");
      }
    }
  }
}

// param -> NAME [':' expression]
Arg Parser::parameter(bool annotations) {
  Arg arg;
  arg.line = current_.line;
  arg.col = current_.col;
  arg.arg = expect_name();
  if (annotations && match(TokenKind::Colon)) arg.annotation = expression();
  arg.end_line = last_end_.line;
  arg.end_col = last_end_.col;
  return arg;
}

// decorators -> ('@' named_expression NEWLINE)+   then a function definition
StmtPtr Parser::decorated() {
  ExprList decorators;
  while (check(TokenKind::At)) {
    advance();
    decorators.push_back(expression());
    if (!check(TokenKind::Newline)) invalid_syntax();
    advance();
  }
  Token start = current_;
  if (check(TokenKind::Class)) unsupported(start, "class decorators");
  StmtPtr def;
  if (check(TokenKind::Def)) {
    def = function_def(start, false);
  } else if (check(TokenKind::Async) && peek_next().kind == TokenKind::Def) {
    advance();
    def = function_def(start, true);
  } else {
    invalid_syntax();
  }
  cast<FunctionDef>(*def).decorator_list = std::move(decorators);
  return def;
}

// The special methods corosim calls on instances of user classes; a class
// defining another one (__add__, __len__, __iter__, ...) is refused rather
// than silently behaving differently from CPython.
bool is_supported_special_method(std::string_view name) {
  static constexpr std::string_view kSupported[] = {
      "__init__", "__repr__", "__str__", "__eq__", "__ne__", "__lt__", "__le__",
      "__gt__", "__ge__", "__hash__", "__aenter__", "__aexit__",
  };
  const bool special = name.size() > 4 && name.substr(0, 2) == "__" && name.substr(name.size() - 2) == "__";
  return !special || std::find(std::begin(kSupported), std::end(kSupported), name) != std::end(kSupported);
}

// class_def -> 'class' NAME ['(' [expression [',']] ')'] ':' block   (at most one base)
StmtPtr Parser::class_def() {
  Token start = current_;
  advance();  // skip CLASS
  auto node = node_at<ClassDef>(start);
  node->name = expect_name();
  const char* what = "'class' with more than one base class or with keywords";
  if (match(TokenKind::LParen)) {
    if (check(TokenKind::Star) || check(TokenKind::DoubleStar) ||
        (check(TokenKind::Name) && peek_next().kind == TokenKind::Equal)) {
      unsupported(start, what);
    }
    if (!check(TokenKind::RParen)) {
      node->bases.push_back(expression());
      match(TokenKind::Comma);
    }
    if (!check(TokenKind::RParen)) {
      if (starts_expression(current_.kind)) unsupported(start, what);
      invalid_syntax();
    }
    advance();
  }
  expect_colon();
  functions_.push_back(FunctionContext{Scope::Function});  // a class body is not a loop or async scope
  node->body = block("class definition", start.line);
  functions_.pop_back();
  for (const StmtPtr& s : node->body) {
    if (s->kind != StmtKind::FunctionDef && s->kind != StmtKind::AsyncFunctionDef) continue;
    const auto& f = cast<FunctionDef>(*s);
    if (!is_supported_special_method(f.name))
      fail(SourcePosition{f.line, f.col}, "unsupported",
           "the special method '" + f.name + "' is not supported yet (user classes may define "
           "__init__, __repr__, __str__, __hash__, __aenter__, __aexit__ and the rich comparisons)");
  }
  return finish(std::move(node));
}

// async_stmt -> 'async' (function_def | for_stmt | with_stmt)
StmtPtr Parser::async_statement() {
  Token start = current_;
  advance();  // skip ASYNC
  if (check(TokenKind::Def)) return function_def(start, true);
  if (check(TokenKind::For)) unsupported(start, "'async for'");
  if (check(TokenKind::With)) return async_with_statement(start);
  invalid_syntax();
}

// async_with_stmt -> 'async' 'with' '(' with_item (',' with_item)* [','] ')' ':' block
//                  | 'async' 'with' with_item (',' with_item)* ':' block
// with_item -> expression ['as' star_target]
StmtPtr Parser::async_with_statement(const Token& start) {
  if (functions_.back().scope != Scope::AsyncFunction && functions_.back().scope != Scope::Module)
    syntax_error(start, "'async with' outside async function");
  advance();  // skip WITH
  auto node = node_at<AsyncWith>(start);
  const bool parenthesized = check(TokenKind::LParen) && parenthesis_closes_before_colon();
  if (parenthesized) advance();
  do {
    if (parenthesized && check(TokenKind::RParen)) break;  // the trailing comma
    WithItem item;
    item.context_expr = expression();
    if (match(TokenKind::As)) {
      item.optional_vars = binary(Prec::BitOr);
      check_target(*item.optional_vars, ExprContext::Store, false);
    }
    node->items.push_back(std::move(item));
  } while (match(TokenKind::Comma));
  if (parenthesized) expect(TokenKind::RParen, "");
  expect_colon();
  node->body = block("'with' statement", start.line);
  return finish(std::move(node));
}

// At '(' after `with`: whether the matching ')' is directly followed by ':'.
// CPython's PEG parser tries the parenthesized with_item list first, so
// `(a, b):` is two context managers while `(a, b) as t:` and `(a)[0]:` are
// one expression.
bool Parser::parenthesis_closes_before_colon() {
  TokenKind k = peek_next().kind;
  Lexer scan = *lexer_;  // the rest of the statement after the lookahead, on a copy
  int depth = 1;
  auto step = [&depth](TokenKind k) {
    if (k == TokenKind::LParen || k == TokenKind::LSqb || k == TokenKind::LBrace) ++depth;
    if (k == TokenKind::RParen || k == TokenKind::RSqb || k == TokenKind::RBrace) --depth;
  };
  for (;;) {
    if (k == TokenKind::Newline || k == TokenKind::EndOfFile || k == TokenKind::Error) return false;
    // `(x for x in xs)` is a generator expression, never a list of items.
    if (k == TokenKind::For && depth == 1) return false;
    step(k);
    if (depth == 0) break;
    k = scan.next().kind;
  }
  return scan.next().kind == TokenKind::Colon;
}

// `match` is a soft keyword: a statement when the logical line has the shape
// `match subject:` (CPython decides by trying the match grammar first).
bool Parser::is_match_statement() {
  TokenKind next = peek_next().kind;
  if (!starts_expression(next) || next == TokenKind::Star) return false;
  Lexer scan = *lexer_;  // scan the rest of the line on a copy
  TokenKind last = next;
  for (Token t = scan.next(); t.kind != TokenKind::Newline && t.kind != TokenKind::EndOfFile &&
                              t.kind != TokenKind::Error;
       t = scan.next()) {
    last = t.kind;
  }
  return last == TokenKind::Colon;
}

// return_stmt -> 'return' [star_expressions]
StmtPtr Parser::return_statement() {
  Token start = current_;
  if (function().scope == Scope::Module) syntax_error(start, "'return' outside function");
  advance();  // skip RETURN
  auto node = node_at<Return>(start);
  if (!at_statement_end()) node->value = star_expressions();
  return finish(std::move(node));
}

// raise_stmt -> 'raise' [expression ['from' expression]]
StmtPtr Parser::raise_statement() {
  Token start = current_;
  advance();  // skip RAISE
  auto node = node_at<Raise>(start);
  if (!at_statement_end()) {
    node->exc = expression();
    if (match(TokenKind::From)) node->cause = expression();
  }
  return finish(std::move(node));
}

// global_stmt -> 'global' NAME (',' NAME)*   (and the same for 'nonlocal')
StmtPtr Parser::global_statement(bool nonlocal) {
  Token start = current_;
  if (nonlocal && function().scope == Scope::Module) {
    syntax_error(start, "nonlocal declaration not allowed at module level");
  }
  advance();  // skip GLOBAL / NONLOCAL
  std::vector<std::string> names;
  do {
    names.push_back(expect_name());
  } while (match(TokenKind::Comma));
  if (nonlocal) {
    auto node = node_at<Nonlocal>(start);
    node->names = std::move(names);
    return finish(std::move(node));
  }
  auto node = node_at<Global>(start);
  node->names = std::move(names);
  return finish(std::move(node));
}

// del_stmt -> 'del' del_target (',' del_target)* [',']
StmtPtr Parser::del_statement() {
  Token start = current_;
  advance();  // skip DEL
  auto node = node_at<Delete>(start);
  do {
    if (at_statement_end()) break;
    ExprPtr target = star_expression();
    check_target(*target, ExprContext::Del, false);
    node->targets.push_back(std::move(target));
  } while (match(TokenKind::Comma));
  if (node->targets.empty()) invalid_syntax();
  return finish(std::move(node));
}

// assert_stmt -> 'assert' expression [',' expression]
StmtPtr Parser::assert_statement() {
  Token start = current_;
  advance();  // skip ASSERT
  auto node = node_at<Assert>(start);
  node->test = expression();
  if (match(TokenKind::Comma)) node->msg = expression();
  return finish(std::move(node));
}

void Parser::check_module(const Token& at, const std::string& module) {
  for (std::string_view m : kAvailableModules) {
    if (m == module) return;
  }
  fail(SourcePosition{at.line, at.col}, "unsupported",
       "module '" + module + "' is not available (corosim provides asyncio, time and random)");
}

// dotted_as_name -> dotted_name ['as' NAME]   (import_as_name when !dotted)
Alias Parser::import_alias(bool dotted) {
  Alias alias;
  alias.line = current_.line;
  alias.col = current_.col;
  alias.name = expect_name();
  while (dotted && match(TokenKind::Dot)) alias.name += "." + expect_name();
  if (match(TokenKind::As)) alias.asname = expect_name();
  alias.end_line = last_end_.line;
  alias.end_col = last_end_.col;
  return alias;
}

// import_name -> 'import' dotted_as_name (',' dotted_as_name)*
StmtPtr Parser::import_statement() {
  Token start = current_;
  advance();  // skip IMPORT
  auto node = node_at<Import>(start);
  do {
    Token name_token = current_;
    node->names.push_back(import_alias(true));
    check_module(name_token, node->names.back().name);
  } while (match(TokenKind::Comma));
  return finish(std::move(node));
}

// import_from -> 'from' dotted_name 'import' ('(' import_as_names [','] ')' | import_as_names)
StmtPtr Parser::from_import_statement() {
  Token start = current_;
  advance();  // skip FROM
  if (check(TokenKind::Dot) || check(TokenKind::Ellipsis)) unsupported(start, "relative imports");
  auto node = node_at<ImportFrom>(start);
  Token module_token = current_;
  node->module = expect_name();
  while (match(TokenKind::Dot)) node->module += "." + expect_name();
  check_module(module_token, node->module);
  expect(TokenKind::Import, "");
  if (check(TokenKind::Star)) unsupported(start, "'from " + node->module + " import *'");
  bool parenthesized = match(TokenKind::LParen);
  do {
    if (parenthesized && check(TokenKind::RParen)) break;
    node->names.push_back(import_alias(false));
  } while (match(TokenKind::Comma));
  if (parenthesized) expect(TokenKind::RParen, "");
  if (!parenthesized && previous_.kind == TokenKind::Comma) {
    syntax_error(previous_, "trailing comma not allowed without surrounding parentheses");
  }
  return finish(std::move(node));
}

// expr_stmt -> star_expressions ('=' star_expressions)* | star_expressions augassign star_expressions
StmtPtr Parser::expression_statement() {
  Token start = current_;
  if (check(TokenKind::Yield)) {  // yield_stmt
    auto node = node_at<ExprStmt>(start);
    node->value = yield_expression();
    if (check(TokenKind::Equal)) syntax_error(*node->value, "assignment to yield expression not possible");
    return finish(std::move(node));
  }
  ExprPtr first = star_expressions();
  if (check(TokenKind::Equal)) return assignment(std::move(first));
  for (const AugRule& rule : kAugAssignRules) {
    if (check(rule.token)) return augmented_assignment(std::move(first), rule.op);
  }
  if (check(TokenKind::Colon)) unsupported(start, "variable annotations ('x: int = ...')");
  if (first->kind == ExprKind::Starred) syntax_error(*first, "can't use starred expression here");
  if (first->kind == ExprKind::Name && cast<Name>(*first).id == "print" && starts_expression(current_.kind) &&
      !check(TokenKind::Minus) && !check(TokenKind::Plus) && !check(TokenKind::Star) && !check(TokenKind::LParen)) {
    syntax_error(start, "Missing parentheses in call to 'print'. Did you mean print(...)?");
  }
  auto node = node_at<ExprStmt>(*first);
  node->value = std::move(first);
  return finish(std::move(node));
}

// assignment -> (star_targets '=')+ (yield_expr | star_expressions)
StmtPtr Parser::assignment(ExprPtr first) {
  auto node = node_at<Assign>(*first);
  node->targets.push_back(std::move(first));
  ExprPtr value;
  while (match(TokenKind::Equal)) {
    if (value) node->targets.push_back(std::move(value));
    value = check(TokenKind::Yield) ? yield_expression() : star_expressions();
  }
  bool single = node->targets.size() == 1;
  for (ExprPtr& target : node->targets) check_target(*target, ExprContext::Store, single);
  if (value->kind == ExprKind::Starred) syntax_error(*value, "can't use starred expression here");
  node->value = std::move(value);
  return finish(std::move(node));
}

// augassign -> single_target ('+=' | '-=' | ...) (yield_expr | star_expressions)
StmtPtr Parser::augmented_assignment(ExprPtr target, Operator op) {
  ExprKind k = target->kind;
  if (k != ExprKind::Name && k != ExprKind::Attribute && k != ExprKind::Subscript) {
    syntax_error(*target, "'" + expr_name(*target) + "' is an illegal expression for augmented assignment");
  }
  check_target(*target, ExprContext::Store, false);
  advance();  // skip the operator
  auto node = node_at<AugAssign>(*target);
  node->target = std::move(target);
  node->op = op;
  node->value = check(TokenKind::Yield) ? yield_expression() : star_expressions();
  return finish(std::move(node));
}

// ==== targets ====

// Sets `ctx` on a valid target; returns the first part that cannot be one.
Expr* Parser::invalid_target(Expr& e, ExprContext ctx) {
  switch (e.kind) {
    case ExprKind::Name: cast<Name>(e).ctx = ctx; return nullptr;
    case ExprKind::Attribute: cast<Attribute>(e).ctx = ctx; return nullptr;
    case ExprKind::Subscript: cast<Subscript>(e).ctx = ctx; return nullptr;
    case ExprKind::Starred:
      if (ctx == ExprContext::Del) return &e;
      fail(SourcePosition{e.line, e.col}, "unsupported", "starred assignment targets ('a, *b = ...') are not supported yet");
    case ExprKind::Tuple:
    case ExprKind::List: {
      ExprList& elts = e.kind == ExprKind::Tuple ? cast<Tuple>(e).elts : cast<List>(e).elts;
      if (e.kind == ExprKind::Tuple) cast<Tuple>(e).ctx = ctx; else cast<List>(e).ctx = ctx;
      for (ExprPtr& elt : elts) {
        if (Expr* bad = invalid_target(*elt, ctx)) return bad;
      }
      return nullptr;
    }
    default:
      return &e;
  }
}

// Validates a target with CPython's messages. suggest_equality: the statement
// is `target = value` with one '=', where CPython suggests '=='.
void Parser::check_target(Expr& e, ExprContext ctx, bool suggest_equality) {
  Expr* bad = invalid_target(e, ctx);
  if (!bad) return;
  if (ctx == ExprContext::Del) syntax_error(*bad, "cannot delete " + expr_name(*bad));
  bool whole = bad == &e;
  if (e.kind == ExprKind::Tuple && !cast<Tuple>(e).elts.empty() && e.col == cast<Tuple>(e).elts.front()->col &&
      e.line == cast<Tuple>(e).elts.front()->line) {
    whole = bad == cast<Tuple>(e).elts.back().get();  // unparenthesized: `x, f() = 1`
  }
  std::string message = "cannot assign to " + expr_name(*bad);
  if (suggest_equality && whole && is_bitwise_or_level(*bad)) {
    message += " here. Maybe you meant '==' instead of '='?";
  }
  syntax_error(*bad, message);
}

// star_targets -> star_target (',' star_target)* [',']   (stops before 'in')
ExprPtr Parser::target_list() {
  Token start = current_;
  ExprList elts;
  bool tuple = false;
  do {
    if (!elts.empty() && check(TokenKind::In)) break;
    if (check(TokenKind::Star)) {
      fail(SourcePosition{current_.line, current_.col}, "unsupported",
           "starred assignment targets ('a, *b = ...') are not supported yet");
    }
    elts.push_back(binary(Prec::BitOr));
    tuple = tuple || check(TokenKind::Comma);
  } while (match(TokenKind::Comma));
  ExprPtr target;
  if (!tuple) {
    target = std::move(elts.front());
  } else {
    auto t = node_at<Tuple>(start);
    t->elts = std::move(elts);
    target = finish(std::move(t));
  }
  check_target(*target, ExprContext::Store, false);
  return target;
}

// ==== expressions ====

// star_expressions -> star_expression (',' star_expression)* [',']
ExprPtr Parser::star_expressions() {
  ExprPtr first = star_expression();
  if (!check(TokenKind::Comma)) return first;
  auto tuple = node_at<Tuple>(*first);
  tuple->elts.push_back(std::move(first));
  while (match(TokenKind::Comma)) {
    if (!starts_expression(current_.kind)) break;
    tuple->elts.push_back(star_expression());
  }
  return finish(std::move(tuple));
}

// star_expression -> '*' bitwise_or | expression
ExprPtr Parser::star_expression() {
  if (!check(TokenKind::Star)) return expression();
  Token start = current_;
  advance();
  auto node = node_at<Starred>(start);
  node->value = binary(Prec::BitOr);
  return finish(std::move(node));
}

// expression -> disjunction ['if' disjunction 'else' expression] | lambdef
ExprPtr Parser::expression() {
  if (check(TokenKind::Lambda)) return lambda();
  ExprPtr body = binary(Prec::Or);
  if (!check(TokenKind::If)) return body;
  advance();
  auto node = node_at<IfExp>(*body);
  node->body = std::move(body);
  node->test = binary(Prec::Or);
  if (!match(TokenKind::Else)) syntax_error(*node, "expected 'else' after 'if' expression");
  DepthGuard guard(*this);  // `a if b else c if d else ...` recurses here
  node->orelse = expression();
  return finish(std::move(node));
}

// lambdef -> 'lambda' [params] ':' expression
ExprPtr Parser::lambda() {
  DepthGuard guard(*this);  // `lambda: lambda: ...` recurses without passing binary()
  Token start = current_;
  advance();  // skip LAMBDA
  auto node = node_at<Lambda>(start);
  node->args = parameters(TokenKind::Colon, false);
  functions_.push_back(FunctionContext{Scope::Lambda});
  node->body = expression();
  functions_.pop_back();
  return finish(std::move(node));
}

// Precedence climbing over kBinaryRules, 'and', 'or' and comparisons:
// binary(p) -> unary(p) (op binary(prec(op)+1))*  for ops with prec >= p.
// '**' is right-associative (its right side is binary(Factor)). Long chains
// count one nesting level per kChainLinksPerLevel links: each link nests the
// tree one level deeper.
ExprPtr Parser::binary(Prec min) {
  DepthGuard guard(*this);  // every recursive path of the expression grammar passes here
  ExprPtr left = unary(min);
  int saved_depth = depth_;
  for (int links = 1;; ++links) {
    if (links % kChainLinksPerLevel == 0) enter(1);
    if (check(TokenKind::Or) && min <= Prec::Or) {
      left = bool_op(std::move(left), BoolOperator::Or, Prec::Or);
      continue;
    }
    if (check(TokenKind::And) && min <= Prec::And) {
      left = bool_op(std::move(left), BoolOperator::And, Prec::And);
      continue;
    }
    CmpOperator cmp;
    if (min <= Prec::Comparison && comparison_operator(cmp)) {
      left = comparison(std::move(left));
      continue;
    }
    const BinaryRule* rule = nullptr;
    for (const BinaryRule& r : kBinaryRules) {
      if (check(r.token)) rule = &r;
    }
    if (!rule || rule->prec < min) break;
    advance();
    auto node = node_at<BinOp>(*left);
    node->left = std::move(left);
    node->op = rule->op;
    node->right = binary(rule->prec == Prec::Power ? Prec::Factor : next_higher(rule->prec));
    left = finish(std::move(node));
  }
  depth_ = saved_depth;
  return left;
}

// unary -> 'not' binary(Not) | ('-' | '+' | '~') binary(Factor) | await_primary
ExprPtr Parser::unary(Prec min) {
  Token start = current_;
  UnaryOperator op;
  Prec operand_prec;
  if (check(TokenKind::Not) && min <= Prec::Not) {
    op = UnaryOperator::Not, operand_prec = Prec::Not;
  } else if (check(TokenKind::Minus)) {
    op = UnaryOperator::USub, operand_prec = Prec::Factor;
  } else if (check(TokenKind::Plus)) {
    op = UnaryOperator::UAdd, operand_prec = Prec::Factor;
  } else if (check(TokenKind::Tilde)) {
    op = UnaryOperator::Invert, operand_prec = Prec::Factor;
  } else {
    return await_expression();
  }
  advance();
  auto node = node_at<UnaryOp>(start);
  node->op = op;
  node->operand = binary(operand_prec);
  return finish(std::move(node));
}

// 'a or b or c' is one BoolOp: operands parsed one level tighter.
ExprPtr Parser::bool_op(ExprPtr left, BoolOperator op, Prec prec) {
  auto node = node_at<BoolOp>(*left);
  node->op = op;
  node->values.push_back(std::move(left));
  TokenKind token = op == BoolOperator::Or ? TokenKind::Or : TokenKind::And;
  while (match(token)) node->values.push_back(binary(next_higher(prec)));
  return finish(std::move(node));
}

// Recognizes a comparison operator at current_ ('not in' and 'is not' included) without consuming it.
bool Parser::comparison_operator(CmpOperator& op) {
  if (check(TokenKind::Not)) {
    if (peek_next().kind != TokenKind::In) return false;
    op = CmpOperator::NotIn;
    return true;
  }
  for (const CmpRule& rule : kCompareRules) {
    if (!check(rule.token)) continue;
    op = rule.op;
    if (rule.op == CmpOperator::Is && peek_next().kind == TokenKind::Not) op = CmpOperator::IsNot;
    return true;
  }
  return false;
}

// comparison -> bitwise_or (compare_op bitwise_or)+   (one Compare node for a chain)
ExprPtr Parser::comparison(ExprPtr left) {
  auto node = node_at<Compare>(*left);
  node->left = std::move(left);
  CmpOperator op;
  while (comparison_operator(op)) {
    advance();
    if (op == CmpOperator::NotIn || op == CmpOperator::IsNot) advance();  // two-token operators
    node->ops.push_back(op);
    node->comparators.push_back(binary(Prec::BitOr));
  }
  return finish(std::move(node));
}

// await_primary -> 'await' primary | primary
ExprPtr Parser::await_expression() {
  if (!check(TokenKind::Await)) return primary();
  Token start = current_;
  Scope scope = function().scope;
  if (scope == Scope::Function || scope == Scope::Lambda) syntax_error(start, "'await' outside async function");
  advance();
  auto node = node_at<Await>(start);
  node->value = primary();
  return finish(std::move(node));
}

// yield_expr -> 'yield' 'from' expression | 'yield' [star_expressions]
// (where a yield may appear is checked by the compiler, as CPython's symtable does)
ExprPtr Parser::yield_expression() {
  Token start = current_;
  advance();  // skip YIELD
  if (match(TokenKind::From)) {
    auto node = node_at<YieldFrom>(start);
    node->value = expression();
    return finish(std::move(node));
  }
  auto node = node_at<Yield>(start);
  if (starts_expression(current_.kind)) node->value = star_expressions();
  return finish(std::move(node));
}

// primary -> atom ('.' NAME | '(' [arguments] ')' | '[' slices ']')*
ExprPtr Parser::primary() {
  ExprPtr e = atom();
  int saved_depth = depth_;
  for (int links = 1;; ++links) {
    if (links % kChainLinksPerLevel == 0) enter(1);
    if (check(TokenKind::Dot)) {
      e = attribute(std::move(e));
    } else if (check(TokenKind::LParen)) {
      e = call(std::move(e));
    } else if (check(TokenKind::LSqb)) {
      e = subscript(std::move(e));
    } else {
      break;
    }
  }
  depth_ = saved_depth;
  return e;
}

ExprPtr Parser::attribute(ExprPtr value) {
  advance();  // skip '.'
  auto node = node_at<Attribute>(*value);
  node->value = std::move(value);
  node->attr = expect_name();
  return finish(std::move(node));
}

// call -> primary '(' [args] ')'   args -> arg (',' arg)* [',']
ExprPtr Parser::call(ExprPtr func) {
  advance();  // skip '('
  auto node = node_at<Call>(*func);
  node->func = std::move(func);
  bool seen_keyword = false, seen_double_star = false;
  Node last;  // span of the last argument, for "Perhaps you forgot a comma?"
  while (!check(TokenKind::RParen)) {
    last.line = current_.line, last.col = current_.col;
    call_argument(*node, seen_keyword, seen_double_star);
    if (!match(TokenKind::Comma)) break;
  }
  if (!check(TokenKind::RParen)) missing_comma_or_invalid(last);
  advance();
  return finish(std::move(node));
}

// arg -> '*' expression | '**' expression | NAME '=' expression | expression [for_if_clauses]
void Parser::call_argument(Call& call, bool& seen_keyword, bool& seen_double_star) {
  Token start = current_;
  if (match(TokenKind::Star)) {
    auto starred = node_at<Starred>(start);
    starred->value = expression();
    if (seen_double_star) syntax_error(*starred->value, "iterable argument unpacking follows keyword argument unpacking");
    call.args.push_back(finish(std::move(starred)));
    return;
  }
  if (match(TokenKind::DoubleStar)) {
    Keyword kw;
    kw.line = start.line, kw.col = start.col;
    kw.value = expression();
    kw.end_line = last_end_.line, kw.end_col = last_end_.col;
    call.keywords.push_back(std::move(kw));
    seen_double_star = true;
    return;
  }
  if (check(TokenKind::Name) && peek_next().kind == TokenKind::Equal) {
    Keyword kw;
    kw.line = start.line, kw.col = start.col;
    kw.arg = std::string(start.text);
    for (const Keyword& other : call.keywords) {
      if (other.arg == kw.arg) syntax_error(start, "keyword argument repeated: " + kw.arg);
    }
    advance();
    advance();  // skip NAME '='
    kw.value = expression();
    kw.end_line = last_end_.line, kw.end_col = last_end_.col;
    call.keywords.push_back(std::move(kw));
    seen_keyword = true;
    return;
  }
  ExprPtr value = expression();
  if (check(TokenKind::Equal)) syntax_error(*value, "expression cannot contain assignment, perhaps you meant \"==\"?");
  if (starts_comprehension()) {
    auto gen = node_at<GeneratorExp>(*value);
    gen->elt = std::move(value);
    gen->generators = comprehension_clauses();
    bool alone = call.args.empty() && call.keywords.empty() && check(TokenKind::RParen);
    if (!alone) syntax_error(*gen, "Generator expression must be parenthesized");
    value = finish(std::move(gen));
  }
  if (seen_double_star) syntax_error(*value, "positional argument follows keyword argument unpacking");
  if (seen_keyword) syntax_error(*value, "positional argument follows keyword argument");
  call.args.push_back(std::move(value));
}

// subscript -> primary '[' slices ']'   slices -> slice (',' slice)* [',']
ExprPtr Parser::subscript(ExprPtr value) {
  advance();  // skip '['
  auto node = node_at<Subscript>(*value);
  node->value = std::move(value);
  ExprPtr first = slice_item();
  if (check(TokenKind::Comma)) {
    auto tuple = node_at<Tuple>(*first);
    tuple->elts.push_back(std::move(first));
    while (match(TokenKind::Comma) && !check(TokenKind::RSqb)) tuple->elts.push_back(slice_item());
    first = finish(std::move(tuple));
  }
  node->slice = std::move(first);
  if (!check(TokenKind::RSqb)) missing_comma_or_invalid(*node->slice);
  advance();
  return finish(std::move(node));
}

// slice -> [expression] ':' [expression] [':' [expression]] | star_expression
ExprPtr Parser::slice_item() {
  Token start = current_;
  ExprPtr lower;
  if (!check(TokenKind::Colon)) {
    lower = star_expression();
    if (!check(TokenKind::Colon)) return lower;
  }
  auto node = node_at<Slice>(start);
  node->lower = std::move(lower);
  advance();  // skip ':'
  if (!check(TokenKind::Colon) && !check(TokenKind::Comma) && !check(TokenKind::RSqb)) node->upper = expression();
  if (match(TokenKind::Colon) && !check(TokenKind::Comma) && !check(TokenKind::RSqb)) node->step = expression();
  return finish(std::move(node));
}

// atom -> NAME | 'True' | 'False' | 'None' | '...' | strings | NUMBER | tuple | group | genexp | list | listcomp | dict | set | dictcomp | setcomp
ExprPtr Parser::atom() {
  Token t = current_;
  switch (t.kind) {
    case TokenKind::Name: {
      advance();
      auto node = node_at<Name>(t);
      node->id = std::string(t.text);
      return finish(std::move(node));
    }
    case TokenKind::True: case TokenKind::False: case TokenKind::None: case TokenKind::Ellipsis: {
      advance();
      auto node = node_at<Constant>(t);
      if (t.kind == TokenKind::None) node->value = NoneValue{};
      else if (t.kind == TokenKind::Ellipsis) node->value = EllipsisValue{};
      else node->value = t.kind == TokenKind::True;
      return finish(std::move(node));
    }
    case TokenKind::Int: case TokenKind::Float: return number();
    case TokenKind::String: return strings();
    case TokenKind::LParen: return paren();
    case TokenKind::LSqb: return list_display();
    case TokenKind::LBrace: return brace_display();
    default: invalid_syntax();
  }
}

// NUMBER: int64 or double; '_' separators dropped.
ExprPtr Parser::number() {
  Token t = current_;
  advance();
  std::string digits;
  for (char c : t.text) if (c != '_') digits += c;
  auto node = node_at<Constant>(t);
  if (t.kind == TokenKind::Float) {
    node->value = std::strtod(digits.c_str(), nullptr);  // overflow gives inf, as in Python
    return finish(std::move(node));
  }
  int base = 10;
  std::size_t skip = 0;
  if (digits.size() > 1 && digits[0] == '0' && std::isalpha(static_cast<unsigned char>(digits[1]))) {
    char b = static_cast<char>(digits[1] | 0x20);
    base = b == 'x' ? 16 : b == 'o' ? 8 : 2;
    skip = 2;
  }
  errno = 0;
  char* end = nullptr;
  unsigned long long value = std::strtoull(digits.c_str() + skip, &end, base);
  if (errno == ERANGE || value > static_cast<unsigned long long>(INT64_MAX)) {
    fail(SourcePosition{t.line, t.col}, "unsupported", "integer literal too large (corosim ints are 64-bit)");
  }
  node->value = static_cast<std::int64_t>(value);
  return finish(std::move(node));
}

// group -> '(' (yield_expr | star_named_expression) ')' | tuple -> '(' [elts] ')' | genexp -> '(' expression for_if_clauses ')'
ExprPtr Parser::paren() {
  Token open = current_;
  advance();  // skip '('
  if (match(TokenKind::RParen)) return finish(node_at<Tuple>(open));
  if (check(TokenKind::Yield)) {
    ExprPtr value = yield_expression();
    if (!match(TokenKind::RParen)) invalid_syntax();
    return value;
  }
  ExprPtr first = star_expression();
  if (check(TokenKind::ColonEqual)) unsupported(current_, "':=' (assignment expression)");
  if (starts_comprehension()) {
    auto gen = node_at<GeneratorExp>(open);
    gen->elt = std::move(first);
    gen->generators = comprehension_clauses();
    if (!check(TokenKind::RParen)) invalid_syntax();
    advance();
    return finish(std::move(gen));
  }
  if (match(TokenKind::RParen)) {
    if (first->kind == ExprKind::Starred) syntax_error(*first, "cannot use starred expression here");
    return first;  // a group: the node keeps its own span, as in Python
  }
  return element_list<Tuple>(open, std::move(first), TokenKind::RParen);
}

// Rest of a tuple/list/set display after its first element: (',' elt)* [','] close
template <class Display>
ExprPtr Parser::element_list(const Token& open, ExprPtr first, TokenKind close) {
  auto node = node_at<Display>(open);
  node->elts.push_back(std::move(first));
  while (match(TokenKind::Comma)) {
    if (check(close)) break;
    node->elts.push_back(star_expression());
  }
  if (!check(close)) missing_comma_or_invalid(*node->elts.back());
  advance();
  return finish(std::move(node));
}

// list -> '[' [elts] ']' | listcomp -> '[' expression for_if_clauses ']'
ExprPtr Parser::list_display() {
  Token open = current_;
  advance();  // skip '['
  if (match(TokenKind::RSqb)) return finish(node_at<List>(open));
  ExprPtr first = star_expression();
  if (starts_comprehension()) {
    auto comp = node_at<ListComp>(open);
    comp->elt = std::move(first);
    comp->generators = comprehension_clauses();
    if (!check(TokenKind::RSqb)) invalid_syntax();
    advance();
    return finish(std::move(comp));
  }
  return element_list<List>(open, std::move(first), TokenKind::RSqb);
}

// dict -> '{' [kvpairs] '}' | set -> '{' elts '}' | dictcomp | setcomp
ExprPtr Parser::brace_display() {
  Token open = current_;
  advance();  // skip '{'
  if (match(TokenKind::RBrace)) return finish(node_at<Dict>(open));
  if (check(TokenKind::DoubleStar)) return dict_rest(open, nullptr);
  ExprPtr first = star_expression();
  if (check(TokenKind::Colon)) return dict_rest(open, std::move(first));
  if (starts_comprehension()) {
    auto comp = node_at<SetComp>(open);
    comp->elt = std::move(first);
    comp->generators = comprehension_clauses();
    if (!check(TokenKind::RBrace)) invalid_syntax();
    advance();
    return finish(std::move(comp));
  }
  return element_list<ast::Set>(open, std::move(first), TokenKind::RBrace);
}

// kvpairs -> (expression ':' expression | '**' bitwise_or) (',' ...)* [',']
// dictcomp -> '{' expression ':' expression for_if_clauses '}'
// `first_key` is parsed already (null when the display starts with '**').
ExprPtr Parser::dict_rest(const Token& open, ExprPtr first_key) {
  auto dict = node_at<Dict>(open);
  ExprPtr key = std::move(first_key);
  for (bool first = true;; first = false) {
    if (!first) {
      if (check(TokenKind::DoubleStar)) {
        key = nullptr;
      } else {
        key = expression();
      }
    }
    if (key) {
      expect_colon();
      ExprPtr value = expression();
      if (first && starts_comprehension()) {
        auto comp = node_at<DictComp>(open);
        comp->key = std::move(key);
        comp->value = std::move(value);
        comp->generators = comprehension_clauses();
        if (!check(TokenKind::RBrace)) invalid_syntax();
        advance();
        return finish(std::move(comp));
      }
      dict->keys.push_back(std::move(key));
      dict->values.push_back(std::move(value));
    } else {
      advance();  // skip '**'
      dict->keys.push_back(nullptr);
      dict->values.push_back(binary(Prec::BitOr));
    }
    if (!match(TokenKind::Comma) || check(TokenKind::RBrace)) break;
  }
  if (!check(TokenKind::RBrace)) missing_comma_or_invalid(*dict->values.back());
  advance();
  return finish(std::move(dict));
}

// for_if_clauses -> ('for' star_targets 'in' disjunction ('if' disjunction)*)+
std::vector<Comprehension> Parser::comprehension_clauses() {
  std::vector<Comprehension> generators;
  while (check(TokenKind::For) || check(TokenKind::Async)) {
    if (check(TokenKind::Async)) unsupported(current_, "asynchronous comprehensions ('async for')");
    advance();  // skip FOR
    Comprehension c;
    c.target = target_list();
    expect(TokenKind::In, "");
    c.iter = binary(Prec::Or);
    while (match(TokenKind::If)) c.ifs.push_back(binary(Prec::Or));
    generators.push_back(std::move(c));
  }
  return generators;
}

// ==== strings ====

// strings -> STRING+   (adjacent literals concatenate; any f-string makes a JoinedStr)
ExprPtr Parser::strings() {
  Token first = current_;
  bool any_fstring = false;
  std::string pending;
  ExprList values;
  while (check(TokenKind::String)) {
    Token t = current_;
    StringLiteral lit = split_string_token(t);
    if (lit.bytes) unsupported(t, "bytes literals (b'...')");
    advance();
    if (!lit.fstring) {
      pending += decode_string_part(lit.body, lit.body_offset, lit.raw);
      continue;
    }
    any_fstring = true;
    std::size_t i = lit.body_offset;
    fstring_parts(i, lit.body_offset + lit.body.size(), lit.raw, 0, pending, values, first);
  }
  if (!any_fstring) {
    auto node = node_at<Constant>(first);
    node->value = std::move(pending);
    return finish(std::move(node));
  }
  flush_literal(pending, values, first);
  auto node = node_at<JoinedStr>(first);
  node->values = std::move(values);
  finish(node);
  for (ExprPtr& v : node->values) {
    if (v->kind == ExprKind::Constant) v->end_line = node->end_line, v->end_col = node->end_col;
  }
  return node;
}

std::string Parser::decode_string_part(std::string_view body, std::size_t body_offset, bool raw) {
  if (raw) return std::string(body);
  std::string out, message;
  std::size_t error_at = 0;
  if (!decode_escapes(body, out, message, error_at)) {
    bool syntax = message.rfind("(unicode error)", 0) == 0;
    fail(source_.position(body_offset + error_at), syntax ? "SyntaxError" : "unsupported", message);
  }
  return out;
}

void Parser::flush_literal(std::string& pending, ExprList& values, const Token& token) {
  if (pending.empty()) return;
  auto c = node_at<Constant>(token);
  c->value = std::move(pending);
  pending.clear();
  values.push_back(std::move(c));
}

// fstring_body -> (literal | '{{' | '}}' | field)*   over bytes [i, end) of the source.
// spec_level > 0 inside a format spec, which ends at its closing '}' (left to the caller).
void Parser::fstring_parts(std::size_t& i, std::size_t end, bool raw, int spec_level, std::string& pending,
                           ExprList& values, const Token& token) {
  const std::string& s = source_.bytes();
  while (i < end) {
    char c = s[i];
    if (c == '{' && i + 1 < end && s[i + 1] == '{') {
      pending += '{';
      i += 2;
    } else if (c == '{') {
      fstring_field(i, end, raw, spec_level, pending, values, token);
    } else if (c == '}' && spec_level > 0) {
      return;
    } else if (c == '}' && i + 1 < end && s[i + 1] == '}') {
      pending += '}';
      i += 2;
    } else if (c == '}') {
      fail(source_.position(i), "SyntaxError", "f-string: single '}' is not allowed");
    } else {
      std::size_t j = i;
      while (j < end && s[j] != '{' && s[j] != '}') ++j;
      pending += decode_string_part(std::string_view(s).substr(i, j - i), i, raw);
      i = j;
    }
  }
}

// field -> '{' expression ['=' space*] ['!' ('s'|'r'|'a')] [':' fstring_body] '}'
// With '=' (self-documenting, f"{x = }") the source text up to the end of the
// spaces after '=' joins the literal before the field, and the conversion
// defaults to repr unless a conversion or a format spec is given
// (string_parser.c fstring_find_expr).
void Parser::fstring_field(std::size_t& i, std::size_t end, bool raw, int spec_level, std::string& pending,
                           ExprList& values, const Token& token) {
  const std::string& s = source_.bytes();
  if (spec_level >= 2) fail(source_.position(i), "SyntaxError", "f-string: expressions nested too deeply");
  std::size_t expr_begin = i + 1;
  std::size_t k = fstring_expression_end(expr_begin, end);
  auto node = node_at<FormattedValue>(token);
  node->value = fstring_expression(expr_begin, k);
  const bool self_documenting = k < end && s[k] == '=';
  if (self_documenting) {
    ++k;
    while (k < end && std::string_view(" \t\n\r\v\f").find(s[k]) != std::string_view::npos) ++k;
    pending.append(s, expr_begin, k - expr_begin);
  }
  if (k < end && s[k] == '!') {
    ++k;
    if (k + 1 >= end || std::string_view("sra").find(s[k]) == std::string_view::npos || (s[k + 1] != ':' && s[k + 1] != '}')) {
      fail(source_.position(k), "SyntaxError", "f-string: invalid conversion character: expected 's', 'r', or 'a'");
    }
    node->conversion = s[k];
    ++k;
  }
  if (k < end && s[k] == ':') {
    ++k;
    std::string spec_text;
    ExprList spec_values;
    fstring_parts(k, end, raw, spec_level + 1, spec_text, spec_values, token);
    flush_literal(spec_text, spec_values, token);
    auto spec = node_at<JoinedStr>(token);
    spec->values = std::move(spec_values);
    spec->end_line = token.end_line, spec->end_col = token.end_col;
    node->format_spec = std::move(spec);
  }
  if (k >= end || s[k] != '}') fail(source_.position(k), "SyntaxError", "f-string: expecting '}'");
  if (self_documenting && node->conversion == -1 && !node->format_spec) node->conversion = 'r';
  i = k + 1;
  flush_literal(pending, values, token);
  node->end_line = token.end_line, node->end_col = token.end_col;
  values.push_back(std::move(node));
}

// The end of a field's expression: the first '}', ':', '!' or '=' (not part of
// '!=', '==', '<=', '>=') outside brackets and strings. Backslashes and comments are refused, as in 3.11.
std::size_t Parser::fstring_expression_end(std::size_t i, std::size_t end) {
  const std::string& s = source_.bytes();
  int depth = 0;
  while (i < end) {
    char c = s[i];
    if (c == '\\') fail(source_.position(i), "SyntaxError", "f-string expression part cannot include a backslash");
    if (c == '#') fail(source_.position(i), "SyntaxError", "f-string expression part cannot include '#'");
    if (c == '\'' || c == '"') {
      bool triple = i + 2 < end && s[i + 1] == c && s[i + 2] == c;
      std::size_t q = i + (triple ? 3 : 1);
      while (q < end && !(s[q] == c && (!triple || (q + 2 < end && s[q + 1] == c && s[q + 2] == c)))) ++q;
      if (q >= end) fail(source_.position(i), "SyntaxError", "f-string: unterminated string");
      i = q + (triple ? 3 : 1);
      continue;
    }
    if (c == '(' || c == '[' || c == '{') ++depth;
    if ((c == ')' || c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (depth == 0 && (c == '!' || c == '=' || c == '<' || c == '>') && i + 1 < end && s[i + 1] == '=') {
      ++i;  // != == <= >= are operators, not the end (string_parser.c fstring_find_expr)
    } else if (depth == 0 && (c == '}' || c == ':' || c == '!' || c == '=')) {
      return i;
    }
    ++i;
  }
  fail(source_.position(end), "SyntaxError", "f-string: expecting '}'");
}

// Parses bytes [begin, end) as star_expressions with a sub-lexer, then resumes the outer token stream.
ExprPtr Parser::fstring_expression(std::size_t begin, std::size_t end) {
  const std::string& s = source_.bytes();
  std::size_t first = begin;
  while (first < end && (s[first] == ' ' || s[first] == '\t' || s[first] == '\n' || s[first] == '\r')) ++first;
  if (first == end) {
    if (end < s.size() && (s[end] == '!' || s[end] == ':' || s[end] == '=')) {
      fail(source_.position(end), "SyntaxError", std::string("f-string: expression required before '") + s[end] + "'");
    }
    fail(source_.position(end), "SyntaxError", "f-string: empty expression not allowed");
  }
  std::unique_ptr<Lexer> outer = std::move(lexer_);
  Token saved_current = current_, saved_previous = previous_;
  std::optional<Token> saved_lookahead = lookahead_;
  SourcePosition saved_end = last_end_;
  lexer_ = std::make_unique<Lexer>(source_, begin, end);
  lookahead_.reset();
  ++fstring_depth_;
  advance();
  ExprPtr value = star_expressions();
  if (!check(TokenKind::EndOfFile)) {
    if (value->kind != ExprKind::Tuple) missing_comma_or_invalid(*value);
    invalid_syntax();
  }
  --fstring_depth_;
  lexer_ = std::move(outer);
  current_ = saved_current, previous_ = saved_previous, lookahead_ = saved_lookahead, last_end_ = saved_end;
  return value;
}

}  // namespace

ParseResult parse(const SourceFile& source) {
  ParseResult result;
  if (std::optional<Diagnostic> bad = source.check_utf8()) {
    result.error = std::move(bad);
    return result;
  }
  std::size_t nul = source.bytes().find('\0');
  if (nul != std::string::npos) {
    result.error = source.error_at(source.position(nul), "SyntaxError", "source code cannot contain null bytes");
    return result;
  }
  Parser parser(source);
  try {
    result.module = parser.module();
  } catch (const ParseFailure&) {
    result.error = parser.error_;
  }
  return result;
}

}  // namespace corosim
