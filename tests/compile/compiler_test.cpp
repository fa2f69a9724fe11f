#include "sim/compile/compiler.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "sim/compile/disassembler.h"
#include "sim/front/parser.h"
#include "tests/support/run_source.h"

using namespace corosim;

namespace {

struct Compiled {
  std::unique_ptr<ast::Module> module;
  CompileResult result;
};

Compiled compile_text(const std::string& text) {
  auto source = std::make_shared<const SourceFile>(SourceFile::from_string("prog.py", text));
  ParseResult parsed = parse(*source);
  REQUIRE_MESSAGE(parsed.ok(), parsed.error->format());
  Compiled c{std::move(parsed.module), {}};
  c.result = compile_module(*c.module, source);
  return c;
}

// Follows every path through `code` (fall-through, jumps, exception handlers)
// and checks what the compiler promised: consistent stack depths, stacksize
// exact, no dead instruction, no path falling off the end, one position per
// instruction. Returns "" or the first problem.
std::string verify(const CodeObject& code) {
  const size_t n = code.code.size();
  if (code.positions.size() != n) return code.qualname + ": positions do not match the code";
  std::vector<int> depth(n, -1);
  std::vector<size_t> work;
  std::string problem;
  auto reach = [&](size_t at, int d, size_t from) {
    if (at >= n) {
      problem = code.qualname + ": falls off the end after " + std::to_string(from);
    } else if (d < 0) {
      problem = code.qualname + ": stack underflow at " + std::to_string(from);
    } else if (depth[at] < 0) {
      depth[at] = d;
      work.push_back(at);
    } else if (depth[at] != d) {
      problem = code.qualname + ": depths " + std::to_string(depth[at]) + " and " +
                std::to_string(d) + " meet at " + std::to_string(at);
    }
  };
  int max_depth = 0;
  if (n > 0) reach(0, 0, 0);
  while (!work.empty() && problem.empty()) {
    size_t i = work.back();
    work.pop_back();
    const Opcode op = opcode_of(code.code[i]);
    const uint32_t arg = arg_of(code.code[i]);
    const int d = depth[i];
    max_depth = std::max(max_depth, d);
    if (const ExceptionTableEntry* h = code.find_handler(static_cast<uint32_t>(i))) {
      if (static_cast<int>(h->depth) > d) problem = code.qualname + ": handler deeper than stack";
      reach(h->handler, static_cast<int>(h->depth) + 1, i);
    }
    if (is_jump(op)) reach(arg, d + stack_effect(op, arg, true), i);
    if (!is_terminator(op)) {
      int next = d + stack_effect(op, arg, false);
      max_depth = std::max(max_depth, next);
      reach(i + 1, next, i);
    }
  }
  if (!problem.empty()) return problem;
  for (size_t i = 0; i < n; ++i) {
    if (depth[i] < 0) return code.qualname + ": dead instruction at " + std::to_string(i);
  }
  if (max_depth != code.stacksize) {
    return code.qualname + ": stacksize " + std::to_string(code.stacksize) + ", needs " +
           std::to_string(max_depth);
  }
  for (const Value& c : code.consts) {
    if (c.is(ObjKind::kCode)) {
      std::string inner = verify(*c.as<CodeObject>());
      if (!inner.empty()) return inner;
    }
  }
  return "";
}

// The whole listing of a program (every code object), after verifying it.
std::string disassembly(const std::string& text) {
  Compiled c = compile_text(text);
  if (!c.result.ok()) return c.result.error->format();
  CHECK(verify(*c.result.code) == "");
  return disassemble(*c.result.code);
}

// The listing of the module's own code only.
std::string module_disassembly(const std::string& text) {
  Compiled c = compile_text(text);
  if (!c.result.ok()) return c.result.error->format();
  CHECK(verify(*c.result.code) == "");
  return disassemble_one(*c.result.code);
}

// The formatted Diagnostic of a program that must not compile.
std::string compile_error(const std::string& text) {
  Compiled c = compile_text(text);
  if (c.result.ok()) return "compiled";
  return c.result.error->format();
}

// The compile error for a module after `edit` changed its AST: for errors the
// parser would already catch in source form.
template <class Edit>
std::string compile_error_after(const std::string& text, Edit edit) {
  Compiled c = compile_text(text);
  REQUIRE(c.result.ok());
  edit(*c.module);
  auto source = std::make_shared<const SourceFile>(SourceFile::from_string("prog.py", text));
  CompileResult r = compile_module(*c.module, source);
  return r.ok() ? "compiled" : r.error->format();
}

// An `await NAME` node spanning the given columns of `line`.
ast::ExprPtr await_name(const std::string& name, int line, int col) {
  auto n = std::make_unique<ast::Name>();
  n->id = name;
  n->ctx = ast::ExprContext::Load;
  n->line = n->end_line = line;
  n->col = col + 6;
  n->end_col = col + 6 + static_cast<int>(name.size());
  auto a = std::make_unique<ast::Await>();
  a->line = a->end_line = line;
  a->col = col;
  a->end_col = n->end_col;
  a->value = std::move(n);
  return a;
}

}  // namespace

TEST_CASE("a function's parameters are fast locals in CPython's order, and captured ones become cells") {
  CHECK(disassembly(
            "def outer(a, b=2, *args, c, d=4, **kw):\n"
            "    x = 1\n"
            "    def inner():\n"
            "        nonlocal x\n"
            "        x += a\n"
            "        return x\n"
            "    return inner\n") ==
        "Disassembly of <module> (line 1):\n"
        "   1       0 LOAD_CONST           0 (2)\n"
        "           1 BUILD_TUPLE          1\n"
        "           2 LOAD_CONST           1 ('d')\n"
        "           3 LOAD_CONST           2 (4)\n"
        "           4 BUILD_MAP            1\n"
        "           5 LOAD_CONST           3 (<code outer, line 1>)\n"
        "           6 MAKE_FUNCTION        3 (defaults, kwdefaults)\n"
        "           7 STORE_GLOBAL         0 (outer)\n"
        "           8 LOAD_CONST           4 (None)\n"
        "           9 RETURN_VALUE\n"
        "\n"
        "Disassembly of outer (line 1, varargs, varkeywords):\n"
        "  locals: a, b, c, d, args, kw, inner\n"
        "  cells: a, x\n"
        "   1       0 LOAD_FAST            0 (a)\n"
        "           1 STORE_DEREF          0 (a)\n"
        "   2       2 LOAD_CONST           0 (1)\n"
        "           3 STORE_DEREF          1 (x)\n"
        "   3       4 LOAD_CLOSURE         0 (a)\n"
        "           5 LOAD_CLOSURE         1 (x)\n"
        "           6 BUILD_TUPLE          2\n"
        "           7 LOAD_CONST           1 (<code outer.<locals>.inner, line 3>)\n"
        "           8 MAKE_FUNCTION        8 (closure)\n"
        "           9 STORE_FAST           6 (inner)\n"
        "   7      10 LOAD_FAST            6 (inner)\n"
        "          11 RETURN_VALUE\n"
        "\n"
        "Disassembly of outer.<locals>.inner (line 3):\n"
        "  free: a, x\n"
        "   5       0 LOAD_DEREF           1 (x)\n"
        "           1 LOAD_DEREF           0 (a)\n"
        "           2 BINARY_OP            13 (+=)\n"
        "           3 STORE_DEREF          1 (x)\n"
        "   6       4 LOAD_DEREF           1 (x)\n"
        "           5 RETURN_VALUE\n");
}

TEST_CASE("a class body fills its namespace, and a method using super() closes over the __class__ cell") {
  CHECK(disassembly(
            "class MyError(Exception):\n"
            "    \"\"\"Doc.\"\"\"\n"
            "    def __init__(self, msg):\n"
            "        super().__init__(msg)\n"
            "        self.msg = msg\n") ==
        "Disassembly of <module> (line 1):\n"
        "   1       0 LOAD_CONST           0 ('MyError')\n"
        "           1 LOAD_GLOBAL          0 (Exception)\n"
        "           2 BUILD_TUPLE          1\n"
        "           3 LOAD_CONST           1 (<code MyError, line 1>)\n"
        "           4 MAKE_FUNCTION        0\n"
        "           5 CALL                 0\n"
        "           6 BUILD_CLASS\n"
        "           7 STORE_GLOBAL         1 (MyError)\n"
        "           8 LOAD_CONST           2 (None)\n"
        "           9 RETURN_VALUE\n"
        "\n"
        "Disassembly of MyError (line 1, class body):\n"
        "  cells: __class__\n"
        "   1       0 LOAD_NAME            0 (__name__)\n"
        "           1 STORE_NAME           1 (__module__)\n"
        "           2 LOAD_CONST           0 ('MyError')\n"
        "           3 STORE_NAME           2 (__qualname__)\n"
        "           4 LOAD_CONST           1 ('Doc.')\n"
        "           5 STORE_NAME           3 (__doc__)\n"
        "   3       6 LOAD_CLOSURE         0 (__class__)\n"
        "           7 BUILD_TUPLE          1\n"
        "           8 LOAD_CONST           2 (<code MyError.__init__, line 3>)\n"
        "           9 MAKE_FUNCTION        8 (closure)\n"
        "          10 STORE_NAME           4 (__init__)\n"
        "   1      11 LOAD_CLOSURE         0 (__class__)\n"
        "          12 STORE_NAME           5 (__classcell__)\n"
        "          13 LOAD_LOCALS\n"
        "          14 RETURN_VALUE\n"
        "\n"
        "Disassembly of MyError.__init__ (line 3):\n"
        "  locals: self, msg\n"
        "  free: __class__\n"
        "   4       0 LOAD_GLOBAL          0 (super)\n"
        "           1 CALL                 0\n"
        "           2 LOAD_ATTR            1 (__init__)\n"
        "           3 LOAD_FAST            1 (msg)\n"
        "           4 CALL                 1\n"
        "           5 POP_TOP\n"
        "   5       6 LOAD_FAST            1 (msg)\n"
        "           7 LOAD_FAST            0 (self)\n"
        "           8 STORE_ATTR           2 (msg)\n"
        "           9 LOAD_CONST           0 (None)\n"
        "          10 RETURN_VALUE\n");
}

TEST_CASE("comprehensions are functions called at once; one that awaits is a coroutine and is awaited") {
  CHECK(disassembly(
            "async def main(xs):\n"
            "    return [await x for x in xs if x]\n"
            "g = (y * 2 for y in range(3))\n"
            "await main([])\n") ==
        "Disassembly of <module> (line 1, coroutine):\n"
        "   1       0 LOAD_CONST           0 (<code main, line 1>)\n"
        "           1 MAKE_FUNCTION        0\n"
        "           2 STORE_GLOBAL         0 (main)\n"
        "   3       3 LOAD_CONST           1 (<code <genexpr>, line 3>)\n"
        "           4 MAKE_FUNCTION        0\n"
        "           5 LOAD_GLOBAL          1 (range)\n"
        "           6 LOAD_CONST           2 (3)\n"
        "           7 CALL                 1\n"
        "           8 GET_ITER\n"
        "           9 CALL                 1\n"
        "          10 STORE_GLOBAL         2 (g)\n"
        "   4      11 LOAD_GLOBAL          0 (main)\n"
        "          12 BUILD_LIST           0\n"
        "          13 CALL                 1\n"
        "          14 GET_AWAITABLE        0\n"
        "          15 AWAIT\n"
        "          16 POP_TOP\n"
        "          17 LOAD_CONST           3 (None)\n"
        "          18 RETURN_VALUE\n"
        "\n"
        "Disassembly of main (line 1, coroutine):\n"
        "  locals: xs\n"
        "   2       0 LOAD_CONST           0 (<code main.<locals>.<listcomp>, line 2>)\n"
        "           1 MAKE_FUNCTION        0\n"
        "           2 LOAD_FAST            0 (xs)\n"
        "           3 GET_ITER\n"
        "           4 CALL                 1\n"
        "           5 GET_AWAITABLE        0\n"
        "           6 AWAIT\n"
        "           7 RETURN_VALUE\n"
        "\n"
        "Disassembly of main.<locals>.<listcomp> (line 2, coroutine):\n"
        "  locals: .0, x\n"
        "   2       0 BUILD_LIST           0\n"
        "           1 LOAD_FAST            0 (.0)\n"
        "     >>    2 FOR_ITER             11 (to 11)\n"
        "           3 STORE_FAST           1 (x)\n"
        "           4 LOAD_FAST            1 (x)\n"
        "           5 POP_JUMP_IF_FALSE    2 (to 2)\n"
        "           6 LOAD_FAST            1 (x)\n"
        "           7 GET_AWAITABLE        0\n"
        "           8 AWAIT\n"
        "           9 LIST_APPEND          2\n"
        "          10 JUMP                 2 (to 2)\n"
        "     >>   11 RETURN_VALUE\n"
        "\n"
        "Disassembly of <genexpr> (line 3, generator):\n"
        "  locals: .0, y\n"
        "   3       0 LOAD_FAST            0 (.0)\n"
        "     >>    1 FOR_ITER             9 (to 9)\n"
        "           2 STORE_FAST           1 (y)\n"
        "           3 LOAD_FAST            1 (y)\n"
        "           4 LOAD_CONST           0 (2)\n"
        "           5 BINARY_OP            5 (*)\n"
        "           6 YIELD_VALUE\n"
        "           7 POP_TOP\n"
        "           8 JUMP                 1 (to 1)\n"
        "     >>    9 LOAD_CONST           1 (None)\n"
        "          10 RETURN_VALUE\n");
}

TEST_CASE("for/else and break unwind the iterator, and an endless while loop ends the code") {
  CHECK(module_disassembly(
            "for i in range(3):\n"
            "    if i == 1 and not done:\n"
            "        break\n"
            "else:\n"
            "    print(\"no break\")\n"
            "while True:\n"
            "    pass\n") ==
        "Disassembly of <module> (line 1):\n"
        "   1       0 LOAD_GLOBAL          0 (range)\n"
        "           1 LOAD_CONST           0 (3)\n"
        "           2 CALL                 1\n"
        "           3 GET_ITER\n"
        "     >>    4 FOR_ITER             15 (to 15)\n"
        "           5 STORE_GLOBAL         1 (i)\n"
        "   2       6 LOAD_GLOBAL          1 (i)\n"
        "           7 LOAD_CONST           1 (1)\n"
        "           8 COMPARE_OP           2 (==)\n"
        "           9 POP_JUMP_IF_FALSE    14 (to 14)\n"
        "          10 LOAD_GLOBAL          2 (done)\n"
        "          11 POP_JUMP_IF_TRUE     14 (to 14)\n"
        "   3      12 POP_TOP\n"
        "          13 JUMP                 19 (to 19)\n"
        "   1 >>   14 JUMP                 4 (to 4)\n"
        "   5 >>   15 LOAD_GLOBAL          3 (print)\n"
        "          16 LOAD_CONST           2 ('no break')\n"
        "          17 CALL                 1\n"
        "          18 POP_TOP\n"
        "   6 >>   19 JUMP                 19 (to 19)\n");
}

TEST_CASE("return inside try/finally runs the finally body inline before returning") {
  CHECK(disassembly(
            "def f():\n"
            "    for x in y:\n"
            "        try:\n"
            "            return x\n"
            "        finally:\n"
            "            print(x)\n") ==
        "Disassembly of <module> (line 1):\n"
        "   1       0 LOAD_CONST           0 (<code f, line 1>)\n"
        "           1 MAKE_FUNCTION        0\n"
        "           2 STORE_GLOBAL         0 (f)\n"
        "           3 LOAD_CONST           1 (None)\n"
        "           4 RETURN_VALUE\n"
        "\n"
        "Disassembly of f (line 1):\n"
        "  locals: x\n"
        "   2       0 LOAD_GLOBAL          0 (y)\n"
        "           1 GET_ITER\n"
        "           2 FOR_ITER             21 (to 21)\n"
        "           3 STORE_FAST           0 (x)\n"
        "   4       4 LOAD_FAST            0 (x)\n"
        "   6       5 LOAD_GLOBAL          1 (print)\n"
        "           6 LOAD_FAST            0 (x)\n"
        "           7 CALL                 1\n"
        "           8 POP_TOP\n"
        "   4       9 SWAP                 2\n"
        "          10 POP_TOP\n"
        "          11 RETURN_VALUE\n"
        "   3 >>   12 PUSH_EXC_INFO\n"
        "   6      13 LOAD_GLOBAL          1 (print)\n"
        "          14 LOAD_FAST            0 (x)\n"
        "          15 CALL                 1\n"
        "          16 POP_TOP\n"
        "   3      17 RERAISE\n"
        "     >>   18 SWAP                 2\n"
        "          19 POP_EXCEPT\n"
        "          20 RERAISE\n"
        "   2 >>   21 LOAD_CONST           0 (None)\n"
        "          22 RETURN_VALUE\n"
        "ExceptionTable:\n"
        "  [4, 5) -> 12 depth 1\n"
        "  [12, 18) -> 18 depth 2\n");
}

TEST_CASE("try/except matches, binds and deletes the name, and restores the handled exception") {
  CHECK(disassembly(
            "def f(x):\n"
            "    try:\n"
            "        return 1 / x\n"
            "    except ZeroDivisionError as e:\n"
            "        print(e)\n") ==
        "Disassembly of <module> (line 1):\n"
        "   1       0 LOAD_CONST           0 (<code f, line 1>)\n"
        "           1 MAKE_FUNCTION        0\n"
        "           2 STORE_GLOBAL         0 (f)\n"
        "           3 LOAD_CONST           1 (None)\n"
        "           4 RETURN_VALUE\n"
        "\n"
        "Disassembly of f (line 1):\n"
        "  locals: x, e\n"
        "   3       0 LOAD_CONST           0 (1)\n"
        "           1 LOAD_FAST            0 (x)\n"
        "           2 BINARY_OP            11 (/)\n"
        "           3 RETURN_VALUE\n"
        "   2 >>    4 PUSH_EXC_INFO\n"
        "   4       5 LOAD_GLOBAL          0 (ZeroDivisionError)\n"
        "           6 CHECK_EXC_MATCH\n"
        "           7 POP_JUMP_IF_FALSE    22 (to 22)\n"
        "           8 STORE_FAST           1 (e)\n"
        "   5       9 LOAD_GLOBAL          1 (print)\n"
        "          10 LOAD_FAST            1 (e)\n"
        "          11 CALL                 1\n"
        "          12 POP_TOP\n"
        "   4      13 POP_EXCEPT\n"
        "          14 LOAD_CONST           1 (None)\n"
        "          15 STORE_FAST           1 (e)\n"
        "          16 DELETE_FAST          1 (e)\n"
        "          17 JUMP                 26 (to 26)\n"
        "     >>   18 LOAD_CONST           1 (None)\n"
        "          19 STORE_FAST           1 (e)\n"
        "          20 DELETE_FAST          1 (e)\n"
        "          21 RERAISE\n"
        "   2 >>   22 RERAISE\n"
        "     >>   23 SWAP                 2\n"
        "          24 POP_EXCEPT\n"
        "          25 RERAISE\n"
        "     >>   26 LOAD_CONST           1 (None)\n"
        "          27 RETURN_VALUE\n"
        "ExceptionTable:\n"
        "  [0, 4) -> 4 depth 0\n"
        "  [4, 9) -> 23 depth 1\n"
        "  [9, 13) -> 18 depth 1\n"
        "  [18, 23) -> 23 depth 1\n");
}

TEST_CASE("chained comparisons evaluate the middle operand once; and/or keep the deciding operand") {
  CHECK(module_disassembly(
            "r = a < b < c\n"
            "s = p and q or t\n") ==
        "Disassembly of <module> (line 1):\n"
        "   1       0 LOAD_GLOBAL          0 (a)\n"
        "           1 LOAD_GLOBAL          1 (b)\n"
        "           2 SWAP                 2\n"
        "           3 COPY                 2\n"
        "           4 COMPARE_OP           0 (<)\n"
        "           5 JUMP_IF_FALSE_OR_POP 9 (to 9)\n"
        "           6 LOAD_GLOBAL          2 (c)\n"
        "           7 COMPARE_OP           0 (<)\n"
        "           8 JUMP                 11 (to 11)\n"
        "     >>    9 SWAP                 2\n"
        "          10 POP_TOP\n"
        "     >>   11 STORE_GLOBAL         3 (r)\n"
        "   2      12 LOAD_GLOBAL          4 (p)\n"
        "          13 JUMP_IF_FALSE_OR_POP 15 (to 15)\n"
        "          14 LOAD_GLOBAL          5 (q)\n"
        "     >>   15 JUMP_IF_TRUE_OR_POP  17 (to 17)\n"
        "          16 LOAD_GLOBAL          6 (t)\n"
        "     >>   17 STORE_GLOBAL         7 (s)\n"
        "          18 LOAD_CONST           0 (None)\n"
        "          19 RETURN_VALUE\n");
}

TEST_CASE("calls pass keywords by a names tuple, and *args/**kwargs through CALL_EX") {
  CHECK(module_disassembly(
            "f(1, k=2)\n"
            "f(*xs)\n"
            "f(0, *xs, k=1, **kw)\n"
            "f(**kw)\n") ==
        "Disassembly of <module> (line 1):\n"
        "   1       0 LOAD_GLOBAL          0 (f)\n"
        "           1 LOAD_CONST           0 (1)\n"
        "           2 LOAD_CONST           1 (2)\n"
        "           3 LOAD_CONST           2 (('k',))\n"
        "           4 CALL_KW              2\n"
        "           5 POP_TOP\n"
        "   2       6 LOAD_GLOBAL          0 (f)\n"
        "           7 LOAD_GLOBAL          1 (xs)\n"
        "           8 CALL_EX              0\n"
        "           9 POP_TOP\n"
        "   3      10 LOAD_GLOBAL          0 (f)\n"
        "          11 LOAD_CONST           3 (0)\n"
        "          12 BUILD_LIST           1\n"
        "          13 LOAD_GLOBAL          1 (xs)\n"
        "          14 LIST_EXTEND          1\n"
        "          15 LIST_TO_TUPLE\n"
        "          16 LOAD_CONST           4 ('k')\n"
        "          17 LOAD_CONST           0 (1)\n"
        "          18 BUILD_MAP            1\n"
        "          19 LOAD_GLOBAL          2 (kw)\n"
        "          20 DICT_MERGE           1\n"
        "          21 CALL_EX              1 (kwargs)\n"
        "          22 POP_TOP\n"
        "   4      23 LOAD_GLOBAL          0 (f)\n"
        "          24 LOAD_CONST           5 (())\n"
        "          25 BUILD_MAP            0\n"
        "          26 LOAD_GLOBAL          2 (kw)\n"
        "          27 DICT_MERGE           1\n"
        "          28 CALL_EX              1 (kwargs)\n"
        "          29 POP_TOP\n"
        "          30 LOAD_CONST           6 (None)\n"
        "          31 RETURN_VALUE\n");
}

TEST_CASE("f-strings format each field with its conversion and nested format spec") {
  CHECK(module_disassembly(
            "print(f\"{x!r:>{w}} {y:.2f} {z}\")\n") ==
        "Disassembly of <module> (line 1):\n"
        "   1       0 LOAD_GLOBAL          0 (print)\n"
        "           1 LOAD_GLOBAL          1 (x)\n"
        "           2 LOAD_CONST           0 ('>')\n"
        "           3 LOAD_GLOBAL          2 (w)\n"
        "           4 FORMAT_VALUE         0\n"
        "           5 BUILD_STRING         2\n"
        "           6 FORMAT_VALUE         6 (repr, with format)\n"
        "           7 LOAD_CONST           1 (' ')\n"
        "           8 LOAD_GLOBAL          3 (y)\n"
        "           9 LOAD_CONST           2 ('.2f')\n"
        "          10 FORMAT_VALUE         4 (with format)\n"
        "          11 LOAD_CONST           1 (' ')\n"
        "          12 LOAD_GLOBAL          4 (z)\n"
        "          13 FORMAT_VALUE         0\n"
        "          14 BUILD_STRING         5\n"
        "          15 CALL                 1\n"
        "          16 POP_TOP\n"
        "          17 LOAD_CONST           3 (None)\n"
        "          18 RETURN_VALUE\n");
}

TEST_CASE("a set display of more than two constants updates an empty set from a frozenset constant") {
  // As CPython 3.11's dis shows: BUILD_SET 0, LOAD_CONST frozenset({5, 13, 6, 7}),
  // SET_UPDATE 1; two items, or a non-constant item, are added one by one;
  // `for` and `in` use a frozenset constant of any size directly.
  CHECK(module_disassembly(
            "print({5, 6, 7, 13})\n"
            "s = {5, 13}\n"
            "t = {-1, (2, -3), y, 4}\n"
            "for x in {5, 13}:\n"
            "    pass\n"
            "z = x in {1, 2}\n") ==
        "Disassembly of <module> (line 1):\n"
        "   1       0 LOAD_GLOBAL          0 (print)\n"
        "           1 BUILD_SET            0\n"
        "           2 LOAD_CONST           0 (frozenset({5, 13, 6, 7}))\n"
        "           3 SET_UPDATE           1\n"
        "           4 CALL                 1\n"
        "           5 POP_TOP\n"
        "   2       6 LOAD_CONST           1 (5)\n"
        "           7 LOAD_CONST           2 (13)\n"
        "           8 BUILD_SET            2\n"
        "           9 STORE_GLOBAL         1 (s)\n"
        "   3      10 LOAD_CONST           3 (1)\n"
        "          11 UNARY_NEGATIVE\n"
        "          12 LOAD_CONST           4 (2)\n"
        "          13 LOAD_CONST           5 (3)\n"
        "          14 UNARY_NEGATIVE\n"
        "          15 BUILD_TUPLE          2\n"
        "          16 LOAD_GLOBAL          2 (y)\n"
        "          17 LOAD_CONST           6 (4)\n"
        "          18 BUILD_SET            4\n"
        "          19 STORE_GLOBAL         3 (t)\n"
        "   4      20 LOAD_CONST           7 (frozenset({5, 13}))\n"
        "          21 GET_ITER\n"
        "     >>   22 FOR_ITER             25 (to 25)\n"
        "          23 STORE_GLOBAL         4 (x)\n"
        "          24 JUMP                 22 (to 22)\n"
        "   6 >>   25 LOAD_GLOBAL          4 (x)\n"
        "          26 LOAD_CONST           8 (frozenset({1, 2}))\n"
        "          27 CONTAINS_OP          0 (in)\n"
        "          28 STORE_GLOBAL         5 (z)\n"
        "          29 LOAD_CONST           9 (None)\n"
        "          30 RETURN_VALUE\n");
}

TEST_CASE("set displays of constants, and for/in over them, iterate in CPython's order") {
  // Expected: python3 (CPython 3.11.7) running the same program.
  testing::SourceRun r = testing::run_source(
      "print({10, 20, 30, 8, 16, 32, 64})\n"
      "print({5, 6, 7, 13})\n"
      "print({5, 13})\n"
      "print({-1, 7, -9, 15})\n"
      "print({(1, 2), (3, 4), 5, 13, -3})\n"
      "for x in {5, 6, 7, 13}:\n"
      "    print(x, end=' ')\n"
      "print()\n"
      "print([x for x in {5, 6, 7, 13}])\n"
      "print(13 in {5, 6, 7, 13}, 4 not in {5, 13})\n"
      "print(sorted({3, 1, 2}), {1, True, 2.0, 9})\n"
      "a = {5, 6, 7, 13}\n"
      "a.add(21)\n"
      "print(a, {5, 6, 7, 13})\n");
  CHECK(r.error == "");
  CHECK(r.out ==
        "{32, 64, 16, 20, 8, 10, 30}\n"
        "{5, 13, 6, 7}\n"
        "{13, 5}\n"
        "{15, 7, -1, -9}\n"
        "{-3, (1, 2), 5, (3, 4), 13}\n"
        "5 13 6 7 \n"
        "[5, 13, 6, 7]\n"
        "True True\n"
        "[1, 2, 3] {1, 2.0, 9}\n"
        "{5, 6, 7, 13, 21} {5, 13, 6, 7}\n");
}

TEST_CASE("self-documenting f-string fields print the expression text and the value") {
  // Expected: python3 (CPython 3.11.7) running the same program.
  testing::SourceRun r = testing::run_source(
      "x = 1.5\n"
      "y = 'hi'\n"
      "print(f\"{x=}|{x = }|{x=!s}|{x=:>5}|{y=}|{y=!s:^6}|{x<=2=}|{x!=2}|{[x, y]=}|{x == 1.5 = }\")\n");
  CHECK(r.error == "");
  CHECK(r.out == "x=1.5|x = 1.5|x=1.5|x=  1.5|y='hi'|y=  hi  |x<=2=True|True|[x, y]=[1.5, 'hi']|x == 1.5 = True\n");
}

TEST_CASE("code after a return is not emitted") {
  CHECK(disassembly(
            "def f():\n"
            "    return 1\n"
            "    print(\"dead\")\n") ==
        "Disassembly of <module> (line 1):\n"
        "   1       0 LOAD_CONST           0 (<code f, line 1>)\n"
        "           1 MAKE_FUNCTION        0\n"
        "           2 STORE_GLOBAL         0 (f)\n"
        "           3 LOAD_CONST           1 (None)\n"
        "           4 RETURN_VALUE\n"
        "\n"
        "Disassembly of f (line 1):\n"
        "   2       0 LOAD_CONST           0 (1)\n"
        "           1 RETURN_VALUE\n");
}

TEST_CASE("an await at module level makes the module code a coroutine, and only then") {
  Compiled with = compile_text("import asyncio\nawait asyncio.sleep(1)\n");
  REQUIRE(with.result.ok());
  CHECK(with.result.code->is_coroutine());
  Compiled in_comprehension = compile_text("r = [await t for t in ts]\n");
  REQUIRE(in_comprehension.result.ok());
  CHECK(in_comprehension.result.code->is_coroutine());
  Compiled in_function = compile_text("async def main():\n    await g()\n");
  REQUIRE(in_function.result.ok());
  CHECK_FALSE(in_function.result.code->is_coroutine());
}

TEST_CASE("code objects carry names, qualnames, counts and the source") {
  Compiled c = compile_text("class E(Exception):\n"
                            "    def m(self, a, *r, k=1, **kw):\n"
                            "        return lambda: [x for x in a]\n");
  REQUIRE(c.result.ok());
  const CodeObject& module = *c.result.code;
  CHECK(module.name == "<module>");
  CHECK(module.filename == "prog.py");
  REQUIRE(module.source);
  CHECK(module.source->line_text(2) == "    def m(self, a, *r, k=1, **kw):");
  const CodeObject& cls = *module.consts.at(1).as<CodeObject>();
  CHECK(cls.qualname == "E");
  const CodeObject* m = nullptr;
  for (const Value& v : cls.consts) {
    if (v.is(ObjKind::kCode)) m = v.as<CodeObject>();
  }
  REQUIRE(m);
  CHECK(m->qualname == "E.m");
  CHECK(m->argcount == 2);
  CHECK(m->kwonlyargcount == 1);
  CHECK(m->nparams() == 5);
  CHECK(m->first_line == 2);
  const CodeObject* lam = nullptr;
  for (const Value& v : m->consts) {
    if (v.is(ObjKind::kCode)) lam = v.as<CodeObject>();
  }
  REQUIRE(lam);
  CHECK(lam->qualname == "E.m.<locals>.<lambda>");
  CHECK(lam->freevars == std::vector<std::string>{"a"});
  // As CPython: a lambda is a function scope for qualnames.
  CHECK(lam->consts.at(0).as<CodeObject>()->qualname == "E.m.<locals>.<lambda>.<locals>.<listcomp>");
}

TEST_CASE("every instruction maps to its expression's span, and handlers are found by offset") {
  Compiled c = compile_text("x = 1\n"
                            "try:\n"
                            "    y = x / 0\n"
                            "except E:\n"
                            "    pass\n");
  REQUIRE(c.result.ok());
  const CodeObject& code = *c.result.code;
  CHECK(code.line_for(0) == 1);
  // y = x / 0: LOAD_GLOBAL x, LOAD_CONST 0, BINARY_OP, STORE_GLOBAL y.
  CHECK(opcode_of(code.code[4]) == Opcode::BINARY_OP);
  CHECK(code.position_for(4) == InstrPosition{3, 9, 3, 14});
  CHECK(code.position_for(2) == InstrPosition{3, 9, 3, 10});
  CHECK(code.line_for(1000) == 0);
  const ExceptionTableEntry* h = code.find_handler(4);
  REQUIRE(h);
  CHECK(opcode_of(code.code[h->handler]) == Opcode::PUSH_EXC_INFO);
  CHECK(h->depth == 0);
  CHECK(code.find_handler(0) == nullptr);
}

TEST_CASE("nested try blocks and loops keep stack depths consistent on every path") {
  const char* program =
      "async def main(items):\n"
      "    total = 0\n"
      "    for i, item in enumerate(items):\n"
      "        try:\n"
      "            try:\n"
      "                total += await item\n"
      "            except (KeyError, IndexError) as e:\n"
      "                if i:\n"
      "                    continue\n"
      "                return e\n"
      "            finally:\n"
      "                if total > 3:\n"
      "                    break\n"
      "        except:\n"
      "            raise\n"
      "        else:\n"
      "            del item\n"
      "    while total:\n"
      "        try:\n"
      "            return [t for t in items if t]\n"
      "        finally:\n"
      "            total -= 1\n"
      "    return {k: v for k, v in zip(items, items)}, {*items}, (*items, 1)\n";
  Compiled c = compile_text(program);
  REQUIRE(c.result.ok());
  CHECK(verify(*c.result.code) == "");
}

TEST_CASE("compile errors use CPython's messages and positions") {
  CHECK(compile_error("def f():\n    class C(Exception):\n        return 1\n") ==
        "prog.py:3:9: SyntaxError: 'return' outside function\n"
        "        return 1\n"
        "        ^");
  CHECK(compile_error("async def f():\n    return (await x for x in y)\n") ==
        "prog.py:2:12: unsupported: asynchronous generator expressions (an await inside a "
        "generator expression) are not supported yet\n"
        "    return (await x for x in y)\n"
        "           ^");
  CHECK(compile_error("x = ...\n") ==
        "prog.py:1:5: unsupported: the Ellipsis value '...' is not supported yet\n"
        "x = ...\n"
        "    ^");
  CHECK(compile_error("class E(Exception):\n    ...\n") == "compiled");
}

TEST_CASE("yield is refused where CPython refuses it, and inside async def (an async generator)") {
  CHECK(compile_error("yield 1\n") == "prog.py:1:1: SyntaxError: 'yield' outside function\nyield 1\n^");
  CHECK(compile_error("class C:\n    x = yield from y\n") ==
        "prog.py:2:9: SyntaxError: 'yield' outside function\n    x = yield from y\n        ^");
  CHECK(compile_error("def f(y):\n    return [(yield x) for x in y]\n") ==
        "prog.py:2:14: SyntaxError: 'yield' inside list comprehension\n    return [(yield x) for x in y]\n             ^");
  CHECK(compile_error("def f(y):\n    return {x: (yield) for x in y}\n") ==
        "prog.py:2:17: SyntaxError: 'yield' inside dict comprehension\n    return {x: (yield) for x in y}\n                ^");
  CHECK(compile_error("def f(y):\n    return ((yield x) for x in y)\n") ==
        "prog.py:2:14: SyntaxError: 'yield' inside generator expression\n    return ((yield x) for x in y)\n             ^");
  CHECK(compile_error("async def f():\n    yield from g()\n") ==
        "prog.py:2:5: SyntaxError: 'yield from' inside async function\n    yield from g()\n    ^");
  CHECK(compile_error("async def f():\n    await g()\n    yield 1\n") ==
        "prog.py:3:5: unsupported: asynchronous generators ('yield' inside 'async def') are not "
        "supported yet\n    yield 1\n    ^");
  CHECK(compile_error("g = lambda: (yield)\n") == "compiled");
}

TEST_CASE("a def with yield is a generator; yield from keeps its delegate on the stack") {
  CHECK(disassembly("def gen(xs):\n    got = yield len(xs)\n    r = yield from xs\n    yield\n    return got\n") ==
        "Disassembly of <module> (line 1):\n"
        "   1       0 LOAD_CONST           0 (<code gen, line 1>)\n"
        "           1 MAKE_FUNCTION        0\n"
        "           2 STORE_GLOBAL         0 (gen)\n"
        "           3 LOAD_CONST           1 (None)\n"
        "           4 RETURN_VALUE\n"
        "\n"
        "Disassembly of gen (line 1, generator):\n"
        "  locals: xs, got, r\n"
        "   2       0 LOAD_GLOBAL          0 (len)\n"
        "           1 LOAD_FAST            0 (xs)\n"
        "           2 CALL                 1\n"
        "           3 YIELD_VALUE\n"
        "           4 STORE_FAST           1 (got)\n"
        "   3       5 LOAD_FAST            0 (xs)\n"
        "           6 GET_YIELD_FROM_ITER\n"
        "           7 YIELD_FROM\n"
        "           8 STORE_FAST           2 (r)\n"
        "   4       9 LOAD_CONST           0 (None)\n"
        "          10 YIELD_VALUE\n"
        "          11 POP_TOP\n"
        "   5      12 LOAD_FAST            1 (got)\n"
        "          13 RETURN_VALUE\n");
}

TEST_CASE("compile errors the parser leaves to the compiler") {
  // `await` in a class body, and an awaiting comprehension in a plain def:
  // built by editing the AST of a valid program.
  CHECK(compile_error_after("async def f():\n    class C(Exception):\n        pass\n",
                            [](ast::Module& m) {
                              auto& f = ast::cast<ast::FunctionDef>(*m.body[0]);
                              auto& c = ast::cast<ast::ClassDef>(*f.body[0]);
                              auto stmt = std::make_unique<ast::ExprStmt>();
                              stmt->line = stmt->end_line = 3;
                              stmt->col = 9;
                              stmt->value = await_name("x", 3, 9);
                              c.body[0] = std::move(stmt);
                            }) ==
        "prog.py:3:9: SyntaxError: 'await' outside function\n"
        "        pass\n"
        "        ^");
  CHECK(compile_error_after("def f():\n    return [x for x in y]\n",
                            [](ast::Module& m) {
                              auto& f = ast::cast<ast::FunctionDef>(*m.body[0]);
                              auto& r = ast::cast<ast::Return>(*f.body[0]);
                              ast::cast<ast::ListComp>(*r.value).elt = await_name("x", 2, 13);
                            }) ==
        "prog.py:2:12: SyntaxError: asynchronous comprehension outside of an asynchronous "
        "function\n"
        "    return [x for x in y]\n"
        "           ^");
  CHECK(compile_error_after("async def f():\n    return [[x for x in y] for y in z]\n",
                            [](ast::Module& m) {
                              // Turn `async def` into `def`: rebuild the node.
                              auto& old = ast::cast<ast::FunctionDef>(*m.body[0]);
                              auto f = std::make_unique<ast::FunctionDef>(false);
                              static_cast<ast::Node&>(*f) = static_cast<ast::Node&>(old);
                              f->name = old.name;
                              f->body = std::move(old.body);
                              auto& r = ast::cast<ast::Return>(*f->body[0]);
                              auto& outer = ast::cast<ast::ListComp>(*r.value);
                              auto& inner = ast::cast<ast::ListComp>(*outer.elt);
                              inner.elt = await_name("x", 2, 14);
                              m.body[0] = std::move(f);
                            }) ==
        "prog.py:2:12: SyntaxError: asynchronous comprehension outside of an asynchronous "
        "function\n"
        "    return [[x for x in y] for y in z]\n"
        "           ^");
  CHECK(compile_error_after("def f():\n    g(a=1, b=2)\n",
                            [](ast::Module& m) {
                              auto& f = ast::cast<ast::FunctionDef>(*m.body[0]);
                              auto& call = ast::cast<ast::Call>(
                                  *ast::cast<ast::ExprStmt>(*f.body[0]).value);
                              call.keywords[1].arg = "a";
                            }) ==
        "prog.py:2:12: SyntaxError: keyword argument repeated: a\n"
        "    g(a=1, b=2)\n"
        "           ^");
}

TEST_CASE("opcode table: names, operands and stack effects") {
  CHECK(opcode_name(Opcode::AWAIT) == "AWAIT");
  CHECK(kOpcodeCount == static_cast<size_t>(Opcode::IMPORT_FROM) + 1);
  CHECK(stack_effect(Opcode::FOR_ITER, 7, false) == 1);
  CHECK(stack_effect(Opcode::FOR_ITER, 7, true) == -1);
  CHECK(stack_effect(Opcode::CALL_KW, 3, false) == -4);
  CHECK(stack_effect(Opcode::UNPACK_EX, 1 | (2 << 8), false) == 3);
  CHECK(stack_effect(Opcode::MAKE_FUNCTION, kMakeFunctionDefaults | kMakeFunctionClosure, false) == -2);
  CHECK(binary_op_arg_symbol(BinaryOpArg::kInplaceFloorDivide) == "//=");
  CHECK(base_op(BinaryOpArg::kInplaceAdd) == BinaryOpArg::kAdd);
  CHECK(arg_of(encode(Opcode::JUMP, kMaxArg)) == kMaxArg);
  CHECK(opcode_of(encode(Opcode::JUMP, kMaxArg)) == Opcode::JUMP);
}

TEST_CASE("decorators are loaded before the function is made and applied innermost first, each at its line") {
  CHECK(module_disassembly(
            "@a\n"
            "@b(1)\n"
            "def f(x=2): pass\n") ==
        "Disassembly of <module> (line 1):\n"
        "   1       0 LOAD_GLOBAL          0 (a)\n"
        "   2       1 LOAD_GLOBAL          1 (b)\n"
        "           2 LOAD_CONST           0 (1)\n"
        "           3 CALL                 1\n"
        "   3       4 LOAD_CONST           1 (2)\n"
        "           5 BUILD_TUPLE          1\n"
        "           6 LOAD_CONST           2 (<code f, line 3>)\n"
        "           7 MAKE_FUNCTION        1 (defaults)\n"
        "   2       8 CALL                 1\n"
        "   1       9 CALL                 1\n"
        "   3      10 STORE_GLOBAL         2 (f)\n"
        "          11 LOAD_CONST           3 (None)\n"
        "          12 RETURN_VALUE\n");
}

TEST_CASE("async with awaits __aenter__, then __aexit__ with Nones or with the exception, which it may suppress") {
  CHECK(disassembly(
            "async def f(m):\n"
            "    async with m as x:\n"
            "        return x\n") ==
        "Disassembly of <module> (line 1):\n"
        "   1       0 LOAD_CONST           0 (<code f, line 1>)\n"
        "           1 MAKE_FUNCTION        0\n"
        "           2 STORE_GLOBAL         0 (f)\n"
        "           3 LOAD_CONST           1 (None)\n"
        "           4 RETURN_VALUE\n"
        "\n"
        "Disassembly of f (line 1, coroutine):\n"
        "  locals: m, x\n"
        "   2       0 LOAD_FAST            0 (m)\n"
        "           1 BEFORE_ASYNC_WITH\n"
        "           2 GET_AWAITABLE        1\n"
        "           3 AWAIT\n"
        "           4 STORE_FAST           1 (x)\n"
        "   3       5 LOAD_FAST            1 (x)\n"
        "   2       6 SWAP                 2\n"
        "           7 LOAD_CONST           0 (None)\n"
        "           8 LOAD_CONST           0 (None)\n"
        "           9 LOAD_CONST           0 (None)\n"
        "          10 CALL                 3\n"
        "          11 GET_AWAITABLE        2\n"
        "          12 AWAIT\n"
        "          13 POP_TOP\n"
        "   3      14 RETURN_VALUE\n"
        "   2 >>   15 PUSH_EXC_INFO\n"
        "          16 WITH_EXCEPT_START\n"
        "          17 GET_AWAITABLE        2\n"
        "          18 AWAIT\n"
        "          19 POP_JUMP_IF_TRUE     21 (to 21)\n"
        "          20 RERAISE\n"
        "     >>   21 POP_TOP\n"
        "          22 POP_EXCEPT\n"
        "          23 POP_TOP\n"
        "          24 JUMP                 28 (to 28)\n"
        "     >>   25 SWAP                 2\n"
        "          26 POP_EXCEPT\n"
        "          27 RERAISE\n"
        "     >>   28 LOAD_CONST           0 (None)\n"
        "          29 RETURN_VALUE\n"
        "ExceptionTable:\n"
        "  [4, 6) -> 15 depth 1\n"
        "  [15, 21) -> 25 depth 2\n");
}
