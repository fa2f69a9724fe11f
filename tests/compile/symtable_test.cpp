#include "sim/compile/symtable.h"

#include <doctest/doctest.h>

#include <string>

#include "sim/front/parser.h"

using namespace corosim;

namespace {

const char* kind_name(ScopeKind k) {
  switch (k) {
    case ScopeKind::kModule: return "module";
    case ScopeKind::kFunction: return "function";
    case ScopeKind::kLambda: return "lambda";
    case ScopeKind::kComprehension: return "comprehension";
    case ScopeKind::kClass: return "class";
  }
  return "?";
}

void dump_scope(const Scope& s, int indent, std::string& out) {
  out += std::string(indent * 2, ' ') + kind_name(s.kind()) + " " + s.name();
  if (s.is_async()) out += " async";
  if (s.has_await()) out += " awaits";
  if (s.needs_class_cell()) out += " class_cell";
  out += ":";
  for (const Symbol& sym : s.symbols()) out += " " + sym.name + "=" + name_scope_name(sym.scope);
  out += "\n";
  for (const Scope* child : s.children()) dump_scope(*child, indent + 1, out);
}

// Every scope with its symbols as "name=scope", nested by indentation; or the
// formatted Diagnostic.
std::string scopes(const std::string& text) {
  SourceFile source = SourceFile::from_string("prog.py", text);
  ParseResult parsed = parse(source);
  REQUIRE_MESSAGE(parsed.ok(), parsed.error->format());
  auto built = SymbolTable::build(*parsed.module, source);
  if (auto* d = std::get_if<Diagnostic>(&built)) return d->format();
  std::string out;
  dump_scope(std::get<std::unique_ptr<SymbolTable>>(built)->module_scope(), 0, out);
  return out;
}

}  // namespace

TEST_CASE("module names are local to the module and unknown names are implicit globals") {
  CHECK(scopes("x = 1\nprint(x)\n") == "module <module>: x=local print=global_implicit\n");
}

TEST_CASE("a local captured by a nested function is a cell there and free in the child") {
  CHECK(scopes("def outer(a):\n"
               "    x = 1\n"
               "    def inner():\n"
               "        nonlocal x\n"
               "        x += a\n"
               "        return len(x)\n"
               "    return inner\n") ==
        "module <module>: outer=local\n"
        "  function outer: a=cell x=cell inner=local\n"
        "    function inner: x=free a=free len=global_implicit\n");
}

TEST_CASE("a free variable passes through an intermediate function as free") {
  CHECK(scopes("def a():\n"
               "    v = 1\n"
               "    def b():\n"
               "        def c():\n"
               "            return v\n") ==
        "module <module>: a=local\n"
        "  function a: v=cell b=local\n"
        "    function b: c=local v=free\n"
        "      function c: v=free\n");
}

TEST_CASE("global declarations make names explicit globals in that function only") {
  CHECK(scopes("def f():\n"
               "    global g\n"
               "    g = 1\n"
               "    def h():\n"
               "        return g\n") ==
        "module <module>: f=local\n"
        "  function f: g=global_explicit h=local\n"
        "    function h: g=global_implicit\n");
}

TEST_CASE("class variables are not visible to methods, and super() asks for the __class__ cell") {
  CHECK(scopes("class C(Exception):\n"
               "    n = 1\n"
               "    def m(self):\n"
               "        super().m()\n"
               "        return n\n") ==
        "module <module>: C=local Exception=global_implicit\n"
        "  class C class_cell: n=local m=local\n"
        "    function m: self=local super=global_implicit __class__=free n=global_implicit\n");
}

TEST_CASE("comprehension variables stay in the comprehension; the first iterable belongs outside") {
  CHECK(scopes("async def main(xs):\n"
               "    return [await f(x) for x in xs if x]\n") ==
        "module <module>: main=local\n"
        "  function main async awaits: xs=local\n"
        "    comprehension <listcomp> awaits: .0=local x=local f=global_implicit\n");
}

TEST_CASE("a comprehension that awaits makes the module await; a lambda gets its own scope") {
  CHECK(scopes("r = [await t for t in ts]\nk = lambda a, b=2: a + b\n") ==
        "module <module> awaits: r=local ts=global_implicit k=local\n"
        "  comprehension <listcomp> awaits: .0=local t=local\n"
        "  lambda <lambda>: a=local b=local\n");
}

TEST_CASE("the symtable reports CPython's declaration errors") {
  CHECK(scopes("def f():\n  x\n  global x\n") ==
        "prog.py:3:3: SyntaxError: name 'x' is used prior to global declaration\n"
        "  global x\n"
        "  ^");
  CHECK(scopes("def f():\n  x = 1\n  global x\n") ==
        "prog.py:3:3: SyntaxError: name 'x' is assigned to before global declaration\n"
        "  global x\n"
        "  ^");
  CHECK(scopes("def f(x):\n  global x\n") ==
        "prog.py:2:3: SyntaxError: name 'x' is parameter and global\n"
        "  global x\n"
        "  ^");
  CHECK(scopes("def f(x):\n  nonlocal x\n") ==
        "prog.py:2:3: SyntaxError: name 'x' is parameter and nonlocal\n"
        "  nonlocal x\n"
        "  ^");
  CHECK(scopes("def f():\n  nonlocal x\n") ==
        "prog.py:2:3: SyntaxError: no binding for nonlocal 'x' found\n"
        "  nonlocal x\n"
        "  ^");
  CHECK(scopes("def f():\n  print(x)\n  nonlocal x\n") ==
        "prog.py:3:3: SyntaxError: name 'x' is used prior to nonlocal declaration\n"
        "  nonlocal x\n"
        "  ^");
  CHECK(scopes("def f():\n  x = 1\n  nonlocal x\n") ==
        "prog.py:3:3: SyntaxError: name 'x' is assigned to before nonlocal declaration\n"
        "  nonlocal x\n"
        "  ^");
  CHECK(scopes("def g():\n x = 1\n def f():\n  nonlocal x\n  global x\n") ==
        "prog.py:4:3: SyntaxError: name 'x' is nonlocal and global\n"
        "  nonlocal x\n"
        "  ^");
  CHECK(scopes("class C(Exception):\n  nonlocal x\n") ==
        "prog.py:2:3: SyntaxError: no binding for nonlocal 'x' found\n"
        "  nonlocal x\n"
        "  ^");
}
