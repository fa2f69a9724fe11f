#include "sim/front/parser.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

#include "sim/front/ast_dump.h"

using corosim::Diagnostic;
using corosim::ParseResult;
using corosim::SourceFile;

namespace {

ParseResult parse_text(const std::string& text) {
  return corosim::parse(SourceFile::from_string("prog.py", text));
}

// The tree as Python's ast.dump() prints it, or the whole error text.
std::string dump_of(const std::string& text) {
  ParseResult r = parse_text(text);
  return r.ok() ? corosim::ast::dump(*r.module) : r.error->format();
}

// The first line of the error ("prog.py:1:2: SyntaxError: ..."), or "(parsed)".
std::string error_of(const std::string& text) {
  ParseResult r = parse_text(text);
  if (r.ok()) return "(parsed)";
  std::string all = r.error->format();
  return all.substr(0, all.find('\n'));
}

std::string nested(const std::string& open, const std::string& middle, const std::string& close, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += open;
  out += middle;
  for (int i = 0; i < n; ++i) out += close;
  return out;
}

}  // namespace

// ---- trees (expected strings are CPython 3.11's ast.dump of the same source) ----

TEST_CASE("the seed program parses into the expected tree") {
  CHECK(dump_of("import asyncio\n\nasync def main():\n    await asyncio.sleep(2)\n    print(f\"took {time.strftime('%X')}\")\n    return await asyncio.gather(*[sleep() for _ in range(5)])\n\nasyncio.run(main())\n") ==
        "Module(body=[Import(names=[alias(name='asyncio')]), AsyncFunctionDef(name='main', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Expr(value=Await(value=Call(func=Attribute(value=Name(id='asyncio', ctx=Load()), attr='sleep', ctx=Load()), args=[Constant(value=2)], keywords=[]))), Expr(value=Call(func=Name(id='print', ctx=Load()), args=[JoinedStr(values=[Constant(value='took '), FormattedValue(value=Call(func=Attribute(value=Name(id='time', ctx=Load()), attr='strftime', ctx=Load()), args=[Constant(value='%X')], keywords=[]), conversion=-1)])], keywords=[])), Return(value=Await(value=Call(func=Attribute(value=Name(id='asyncio', ctx=Load()), attr='gather', ctx=Load()), args=[Starred(value=ListComp(elt=Call(func=Name(id='sleep', ctx=Load()), args=[], keywords=[]), generators=[comprehension(target=Name(id='_', ctx=Store()), iter=Call(func=Name(id='range', ctx=Load()), args=[Constant(value=5)], keywords=[]), ifs=[], is_async=0)]), ctx=Load())], keywords=[])))], decorator_list=[]), Expr(value=Call(func=Attribute(value=Name(id='asyncio', ctx=Load()), attr='run', ctx=Load()), args=[Call(func=Name(id='main', ctx=Load()), args=[], keywords=[])], keywords=[]))], type_ignores=[])");
}

TEST_CASE("arithmetic follows Python's precedence") {
  CHECK(dump_of("x = 1 + 2 * 3 ** -4 // 5 % 6 - 7 @ 8 | 9 ^ 10 & 11 << 12\n") ==
        "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=BinOp(left=BinOp(left=BinOp(left=Constant(value=1), op=Add(), right=BinOp(left=BinOp(left=BinOp(left=Constant(value=2), op=Mult(), right=BinOp(left=Constant(value=3), op=Pow(), right=UnaryOp(op=USub(), operand=Constant(value=4)))), op=FloorDiv(), right=Constant(value=5)), op=Mod(), right=Constant(value=6))), op=Sub(), right=BinOp(left=Constant(value=7), op=MatMult(), right=Constant(value=8))), op=BitOr(), right=BinOp(left=Constant(value=9), op=BitXor(), right=BinOp(left=Constant(value=10), op=BitAnd(), right=BinOp(left=Constant(value=11), op=LShift(), right=Constant(value=12))))))], type_ignores=[])");
}

TEST_CASE("unary minus binds looser than power and not looser than comparisons") {
  CHECK(dump_of("y = -2 ** 2\nz = not a == b\n") ==
        "Module(body=[Assign(targets=[Name(id='y', ctx=Store())], value=UnaryOp(op=USub(), operand=BinOp(left=Constant(value=2), op=Pow(), right=Constant(value=2)))), Assign(targets=[Name(id='z', ctx=Store())], value=UnaryOp(op=Not(), operand=Compare(left=Name(id='a', ctx=Load()), ops=[Eq()], comparators=[Name(id='b', ctx=Load())])))], type_ignores=[])");
}

TEST_CASE("and/or make one BoolOp per run of the same operator") {
  CHECK(dump_of("w = a or b and c or d\n") ==
        "Module(body=[Assign(targets=[Name(id='w', ctx=Store())], value=BoolOp(op=Or(), values=[Name(id='a', ctx=Load()), BoolOp(op=And(), values=[Name(id='b', ctx=Load()), Name(id='c', ctx=Load())]), Name(id='d', ctx=Load())]))], type_ignores=[])");
}

TEST_CASE("comparisons chain into one Compare") {
  CHECK(dump_of("a < b <= c == d != e > f >= g is h is not i in j not in k\n") ==
        "Module(body=[Expr(value=Compare(left=Name(id='a', ctx=Load()), ops=[Lt(), LtE(), Eq(), NotEq(), Gt(), GtE(), Is(), IsNot(), In(), NotIn()], comparators=[Name(id='b', ctx=Load()), Name(id='c', ctx=Load()), Name(id='d', ctx=Load()), Name(id='e', ctx=Load()), Name(id='f', ctx=Load()), Name(id='g', ctx=Load()), Name(id='h', ctx=Load()), Name(id='i', ctx=Load()), Name(id='j', ctx=Load()), Name(id='k', ctx=Load())]))], type_ignores=[])");
}

TEST_CASE("conditional expressions nest to the right") {
  CHECK(dump_of("x = a if b else c if d else e\n") ==
        "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=IfExp(test=Name(id='b', ctx=Load()), body=Name(id='a', ctx=Load()), orelse=IfExp(test=Name(id='d', ctx=Load()), body=Name(id='c', ctx=Load()), orelse=Name(id='e', ctx=Load()))))], type_ignores=[])");
}

TEST_CASE("await binds tighter than power") {
  CHECK(dump_of("async def f():\n    return await x ** 2\n") ==
        "Module(body=[AsyncFunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Return(value=BinOp(left=Await(value=Name(id='x', ctx=Load())), op=Pow(), right=Constant(value=2)))], decorator_list=[])], type_ignores=[])");
}

TEST_CASE("lambdas take defaults, star args and keyword-only parameters") {
  CHECK(dump_of("f = lambda a, b=1, *c, d, e=2, **g: a\n") ==
        "Module(body=[Assign(targets=[Name(id='f', ctx=Store())], value=Lambda(args=arguments(posonlyargs=[], args=[arg(arg='a'), arg(arg='b')], vararg=arg(arg='c'), kwonlyargs=[arg(arg='d'), arg(arg='e')], kw_defaults=[None, Constant(value=2)], kwarg=arg(arg='g'), defaults=[Constant(value=1)]), body=Name(id='a', ctx=Load())))], type_ignores=[])");
}

TEST_CASE("def keeps parameters, defaults and annotations") {
  CHECK(dump_of("def f(a: int, b=2, *args, c, d=4, **kw) -> int:\n    return a, b\n") ==
        "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[arg(arg='a', annotation=Name(id='int', ctx=Load())), arg(arg='b')], vararg=arg(arg='args'), kwonlyargs=[arg(arg='c'), arg(arg='d')], kw_defaults=[None, Constant(value=4)], kwarg=arg(arg='kw'), defaults=[Constant(value=2)]), body=[Return(value=Tuple(elts=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())], ctx=Load()))], decorator_list=[], returns=Name(id='int', ctx=Load()))], type_ignores=[])");
}

TEST_CASE("a bare star starts keyword-only parameters") {
  CHECK(dump_of("def f(a, *, b):\n    pass\n") ==
        "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[arg(arg='a')], kwonlyargs=[arg(arg='b')], kw_defaults=[None], defaults=[]), body=[Pass()], decorator_list=[])], type_ignores=[])");
}

TEST_CASE("for and while take else blocks; break and continue are inside loops") {
  CHECK(dump_of("for a, b in x.items():\n    continue\nelse:\n    pass\nwhile x:\n    break\nelse:\n    pass\n") ==
        "Module(body=[For(target=Tuple(elts=[Name(id='a', ctx=Store()), Name(id='b', ctx=Store())], ctx=Store()), iter=Call(func=Attribute(value=Name(id='x', ctx=Load()), attr='items', ctx=Load()), args=[], keywords=[]), body=[Continue()], orelse=[Pass()]), While(test=Name(id='x', ctx=Load()), body=[Break()], orelse=[Pass()])], type_ignores=[])");
}

TEST_CASE("elif becomes an If in orelse") {
  CHECK(dump_of("if a:\n    x\nelif b:\n    y\nelse:\n    z\n") ==
        "Module(body=[If(test=Name(id='a', ctx=Load()), body=[Expr(value=Name(id='x', ctx=Load()))], orelse=[If(test=Name(id='b', ctx=Load()), body=[Expr(value=Name(id='y', ctx=Load()))], orelse=[Expr(value=Name(id='z', ctx=Load()))])])], type_ignores=[])");
}

TEST_CASE("try has handlers, else and finally") {
  CHECK(dump_of("try:\n    pass\nexcept (A, B) as e:\n    raise X from e\nexcept C:\n    raise\nexcept:\n    pass\nelse:\n    x = 1\nfinally:\n    y = 2\n") ==
        "Module(body=[Try(body=[Pass()], handlers=[ExceptHandler(type=Tuple(elts=[Name(id='A', ctx=Load()), Name(id='B', ctx=Load())], ctx=Load()), name='e', body=[Raise(exc=Name(id='X', ctx=Load()), cause=Name(id='e', ctx=Load()))]), ExceptHandler(type=Name(id='C', ctx=Load()), body=[Raise()]), ExceptHandler(body=[Pass()])], orelse=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1))], finalbody=[Assign(targets=[Name(id='y', ctx=Store())], value=Constant(value=2))])], type_ignores=[])");
}

TEST_CASE("displays and comprehensions") {
  CHECK(dump_of("d = {1: 2, **e, 'a': [1, 2], (1,): {4, 5}}\ns = {x for x in y if x if z}\ndc = {k: v for k, v in d.items()}\ng = (x for x in y for z in x)\ne = {}; t = (); l = []; t1 = (1,); t2 = 1,\n") ==
        "Module(body=[Assign(targets=[Name(id='d', ctx=Store())], value=Dict(keys=[Constant(value=1), None, Constant(value='a'), Tuple(elts=[Constant(value=1)], ctx=Load())], values=[Constant(value=2), Name(id='e', ctx=Load()), List(elts=[Constant(value=1), Constant(value=2)], ctx=Load()), Set(elts=[Constant(value=4), Constant(value=5)])])), Assign(targets=[Name(id='s', ctx=Store())], value=SetComp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[Name(id='x', ctx=Load()), Name(id='z', ctx=Load())], is_async=0)])), Assign(targets=[Name(id='dc', ctx=Store())], value=DictComp(key=Name(id='k', ctx=Load()), value=Name(id='v', ctx=Load()), generators=[comprehension(target=Tuple(elts=[Name(id='k', ctx=Store()), Name(id='v', ctx=Store())], ctx=Store()), iter=Call(func=Attribute(value=Name(id='d', ctx=Load()), attr='items', ctx=Load()), args=[], keywords=[]), ifs=[], is_async=0)])), Assign(targets=[Name(id='g', ctx=Store())], value=GeneratorExp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[], is_async=0), comprehension(target=Name(id='z', ctx=Store()), iter=Name(id='x', ctx=Load()), ifs=[], is_async=0)])), Assign(targets=[Name(id='e', ctx=Store())], value=Dict(keys=[], values=[])), Assign(targets=[Name(id='t', ctx=Store())], value=Tuple(elts=[], ctx=Load())), Assign(targets=[Name(id='l', ctx=Store())], value=List(elts=[], ctx=Load())), Assign(targets=[Name(id='t1', ctx=Store())], value=Tuple(elts=[Constant(value=1)], ctx=Load())), Assign(targets=[Name(id='t2', ctx=Store())], value=Tuple(elts=[Constant(value=1)], ctx=Load()))], type_ignores=[])");
}

TEST_CASE("subscripts, slices and tuples in subscripts") {
  CHECK(dump_of("x[1:2], x[::3], x[1:2, 3], x[:], x[a, b], x[1:]\n") ==
        "Module(body=[Expr(value=Tuple(elts=[Subscript(value=Name(id='x', ctx=Load()), slice=Slice(lower=Constant(value=1), upper=Constant(value=2)), ctx=Load()), Subscript(value=Name(id='x', ctx=Load()), slice=Slice(step=Constant(value=3)), ctx=Load()), Subscript(value=Name(id='x', ctx=Load()), slice=Tuple(elts=[Slice(lower=Constant(value=1), upper=Constant(value=2)), Constant(value=3)], ctx=Load()), ctx=Load()), Subscript(value=Name(id='x', ctx=Load()), slice=Slice(), ctx=Load()), Subscript(value=Name(id='x', ctx=Load()), slice=Tuple(elts=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())], ctx=Load()), ctx=Load()), Subscript(value=Name(id='x', ctx=Load()), slice=Slice(lower=Constant(value=1)), ctx=Load())], ctx=Load()))], type_ignores=[])");
}

TEST_CASE("chained assignment and store contexts") {
  CHECK(dump_of("x[1] = y.z = 3\na, b = b, a\n[c, d] = e\n") ==
        "Module(body=[Assign(targets=[Subscript(value=Name(id='x', ctx=Load()), slice=Constant(value=1), ctx=Store()), Attribute(value=Name(id='y', ctx=Load()), attr='z', ctx=Store())], value=Constant(value=3)), Assign(targets=[Tuple(elts=[Name(id='a', ctx=Store()), Name(id='b', ctx=Store())], ctx=Store())], value=Tuple(elts=[Name(id='b', ctx=Load()), Name(id='a', ctx=Load())], ctx=Load())), Assign(targets=[List(elts=[Name(id='c', ctx=Store()), Name(id='d', ctx=Store())], ctx=Store())], value=Name(id='e', ctx=Load()))], type_ignores=[])");
}

TEST_CASE("del takes names, items and attributes") {
  CHECK(dump_of("del x[0], y.a, z\n") ==
        "Module(body=[Delete(targets=[Subscript(value=Name(id='x', ctx=Load()), slice=Constant(value=0), ctx=Del()), Attribute(value=Name(id='y', ctx=Load()), attr='a', ctx=Del()), Name(id='z', ctx=Del())])], type_ignores=[])");
}

TEST_CASE("augmented assignment has every operator") {
  CHECK(dump_of("x += 1; x -= 1; x *= 1; x /= 1; x //= 1; x %= 1; x **= 1; x @= 1; x >>= 1; x <<= 1; x &= 1; x |= 1; x ^= 1\n") ==
        "Module(body=[AugAssign(target=Name(id='x', ctx=Store()), op=Add(), value=Constant(value=1)), AugAssign(target=Name(id='x', ctx=Store()), op=Sub(), value=Constant(value=1)), AugAssign(target=Name(id='x', ctx=Store()), op=Mult(), value=Constant(value=1)), AugAssign(target=Name(id='x', ctx=Store()), op=Div(), value=Constant(value=1)), AugAssign(target=Name(id='x', ctx=Store()), op=FloorDiv(), value=Constant(value=1)), AugAssign(target=Name(id='x', ctx=Store()), op=Mod(), value=Constant(value=1)), AugAssign(target=Name(id='x', ctx=Store()), op=Pow(), value=Constant(value=1)), AugAssign(target=Name(id='x', ctx=Store()), op=MatMult(), value=Constant(value=1)), AugAssign(target=Name(id='x', ctx=Store()), op=RShift(), value=Constant(value=1)), AugAssign(target=Name(id='x', ctx=Store()), op=LShift(), value=Constant(value=1)), AugAssign(target=Name(id='x', ctx=Store()), op=BitAnd(), value=Constant(value=1)), AugAssign(target=Name(id='x', ctx=Store()), op=BitOr(), value=Constant(value=1)), AugAssign(target=Name(id='x', ctx=Store()), op=BitXor(), value=Constant(value=1))], type_ignores=[])");
}

TEST_CASE("adjacent strings concatenate and escapes are decoded") {
  CHECK(dump_of("s = 'a' \"b\" '''c''' r'\\n\\d' 'tab\\there\\x41\\u00e9\\101\\z'\n") ==
        "Module(body=[Assign(targets=[Name(id='s', ctx=Store())], value=Constant(value='abc\\\\n\\\\dtab\\thereAéA\\\\z'))], type_ignores=[])");
}

TEST_CASE("f-strings split into constants and formatted values") {
  CHECK(dump_of("f\"{x!r:>{width}} and {y:.2f} {{lit}} {z!s}\" 'tail'\n") ==
        "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=114, format_spec=JoinedStr(values=[Constant(value='>'), FormattedValue(value=Name(id='width', ctx=Load()), conversion=-1)])), Constant(value=' and '), FormattedValue(value=Name(id='y', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[Constant(value='.2f')])), Constant(value=' {lit} '), FormattedValue(value=Name(id='z', ctx=Load()), conversion=115), Constant(value='tail')]))], type_ignores=[])");
}

TEST_CASE("f-strings concatenate with f-strings and keep nested f-strings") {
  CHECK(dump_of("f'{a}' f'{b}'\nf''\nf\"{'n' + f'{q}'}\"\nf'{x:{y}.{z}}'\n") ==
        "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Name(id='a', ctx=Load()), conversion=-1), FormattedValue(value=Name(id='b', ctx=Load()), conversion=-1)])), Expr(value=JoinedStr(values=[])), Expr(value=JoinedStr(values=[FormattedValue(value=BinOp(left=Constant(value='n'), op=Add(), right=JoinedStr(values=[FormattedValue(value=Name(id='q', ctx=Load()), conversion=-1)])), conversion=-1)])), Expr(value=JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[FormattedValue(value=Name(id='y', ctx=Load()), conversion=-1), Constant(value='.'), FormattedValue(value=Name(id='z', ctx=Load()), conversion=-1)]))]))], type_ignores=[])");
}

TEST_CASE("a self-documenting f-string field puts its text before the value, repr by default") {
  // Expected: ast.dump(ast.parse(...)) of CPython 3.11.7.
  CHECK(dump_of("f\"a{x = }b{x=!s}{x=:>5}{x<=y=}{x!=y}{x==y=}{ y=}\"\n") ==
        "Module(body=[Expr(value=JoinedStr(values=[Constant(value='ax = '), FormattedValue(value=Name(id='x', ctx=Load()), conversion=114), Constant(value='bx='), FormattedValue(value=Name(id='x', ctx=Load()), conversion=115), Constant(value='x='), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[Constant(value='>5')])), Constant(value='x<=y='), FormattedValue(value=Compare(left=Name(id='x', ctx=Load()), ops=[LtE()], comparators=[Name(id='y', ctx=Load())]), conversion=114), FormattedValue(value=Compare(left=Name(id='x', ctx=Load()), ops=[NotEq()], comparators=[Name(id='y', ctx=Load())]), conversion=-1), Constant(value='x==y='), FormattedValue(value=Compare(left=Name(id='x', ctx=Load()), ops=[Eq()], comparators=[Name(id='y', ctx=Load())]), conversion=114), Constant(value=' y='), FormattedValue(value=Name(id='y', ctx=Load()), conversion=114)]))], type_ignores=[])");
}

TEST_CASE("global and nonlocal list names") {
  CHECK(dump_of("global a, b\ndef f():\n    def g():\n        nonlocal x\n    global y\n") ==
        "Module(body=[Global(names=['a', 'b']), FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[FunctionDef(name='g', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Nonlocal(names=['x'])], decorator_list=[]), Global(names=['y'])], decorator_list=[])], type_ignores=[])");
}

TEST_CASE("exception classes keep their base and body") {
  CHECK(dump_of("class E(Exception):\n    \"\"\"doc\"\"\"\n    def __init__(self, msg):\n        self.msg = msg\nclass F(asyncio.CancelledError): ...\n") ==
        "Module(body=[ClassDef(name='E', bases=[Name(id='Exception', ctx=Load())], keywords=[], body=[Expr(value=Constant(value='doc')), FunctionDef(name='__init__', args=arguments(posonlyargs=[], args=[arg(arg='self'), arg(arg='msg')], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Assign(targets=[Attribute(value=Name(id='self', ctx=Load()), attr='msg', ctx=Store())], value=Name(id='msg', ctx=Load()))], decorator_list=[])], decorator_list=[]), ClassDef(name='F', bases=[Attribute(value=Name(id='asyncio', ctx=Load()), attr='CancelledError', ctx=Load())], keywords=[], body=[Expr(value=Constant(value=Ellipsis))], decorator_list=[])], type_ignores=[])");
}

TEST_CASE("assert takes an optional message") {
  CHECK(dump_of("assert x, 'msg'\nassert y\n") ==
        "Module(body=[Assert(test=Name(id='x', ctx=Load()), msg=Constant(value='msg')), Assert(test=Name(id='y', ctx=Load()))], type_ignores=[])");
}

TEST_CASE("imports of the provided modules, with aliases") {
  CHECK(dump_of("import asyncio, time as t, random\nfrom asyncio import sleep, gather as g\nfrom time import (sleep,\n    monotonic,)\n") ==
        "Module(body=[Import(names=[alias(name='asyncio'), alias(name='time', asname='t'), alias(name='random')]), ImportFrom(module='asyncio', names=[alias(name='sleep'), alias(name='gather', asname='g')], level=0), ImportFrom(module='time', names=[alias(name='sleep'), alias(name='monotonic')], level=0)], type_ignores=[])");
}

TEST_CASE("calls take star args, keywords and double-star args") {
  CHECK(dump_of("print(*a, **k); f(a, *b, c=1, **d); f(x for x in y); f(a)(b)(c).d[e]\n") ==
        "Module(body=[Expr(value=Call(func=Name(id='print', ctx=Load()), args=[Starred(value=Name(id='a', ctx=Load()), ctx=Load())], keywords=[keyword(value=Name(id='k', ctx=Load()))])), Expr(value=Call(func=Name(id='f', ctx=Load()), args=[Name(id='a', ctx=Load()), Starred(value=Name(id='b', ctx=Load()), ctx=Load())], keywords=[keyword(arg='c', value=Constant(value=1)), keyword(value=Name(id='d', ctx=Load()))])), Expr(value=Call(func=Name(id='f', ctx=Load()), args=[GeneratorExp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[], is_async=0)])], keywords=[])), Expr(value=Subscript(value=Attribute(value=Call(func=Call(func=Call(func=Name(id='f', ctx=Load()), args=[Name(id='a', ctx=Load())], keywords=[]), args=[Name(id='b', ctx=Load())], keywords=[]), args=[Name(id='c', ctx=Load())], keywords=[]), attr='d', ctx=Load()), slice=Name(id='e', ctx=Load()), ctx=Load()))], type_ignores=[])");
}

TEST_CASE("numeric literals") {
  CHECK(dump_of("x = 0x_ff, 0o17, 0b101, 1_000, 1.5, 1e-3, .5, 1_000.5, 1., 1e10, 0.1, 1e16, 1e-5, 9223372036854775807\ny = True, False, None, ...\n") ==
        "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Tuple(elts=[Constant(value=255), Constant(value=15), Constant(value=5), Constant(value=1000), Constant(value=1.5), Constant(value=0.001), Constant(value=0.5), Constant(value=1000.5), Constant(value=1.0), Constant(value=10000000000.0), Constant(value=0.1), Constant(value=1e+16), Constant(value=1e-05), Constant(value=9223372036854775807)], ctx=Load())), Assign(targets=[Name(id='y', ctx=Store())], value=Tuple(elts=[Constant(value=True), Constant(value=False), Constant(value=None), Constant(value=Ellipsis)], ctx=Load()))], type_ignores=[])");
}

TEST_CASE("await is allowed at module level and in comprehensions there") {
  CHECK(dump_of("await main()\nx = [await f() for a in b]\n") ==
        "Module(body=[Expr(value=Await(value=Call(func=Name(id='main', ctx=Load()), args=[], keywords=[]))), Assign(targets=[Name(id='x', ctx=Store())], value=ListComp(elt=Await(value=Call(func=Name(id='f', ctx=Load()), args=[], keywords=[])), generators=[comprehension(target=Name(id='a', ctx=Store()), iter=Name(id='b', ctx=Load()), ifs=[], is_async=0)]))], type_ignores=[])");
}

TEST_CASE("parenthesized names are plain targets") {
  CHECK(dump_of("(a), (b) = 1, 2\n") ==
        "Module(body=[Assign(targets=[Tuple(elts=[Name(id='a', ctx=Store()), Name(id='b', ctx=Store())], ctx=Store())], value=Tuple(elts=[Constant(value=1), Constant(value=2)], ctx=Load()))], type_ignores=[])");
}

TEST_CASE("an empty file, a file of comments and a file without a final newline parse") {
  CHECK(dump_of("") == "Module(body=[], type_ignores=[])");
  CHECK(dump_of("# only\n  # comments\n\n") == "Module(body=[], type_ignores=[])");
  CHECK(dump_of("x") == "Module(body=[Expr(value=Name(id='x', ctx=Load()))], type_ignores=[])");
  CHECK(dump_of("x\r\ny\r\n") == "Module(body=[Expr(value=Name(id='x', ctx=Load())), Expr(value=Name(id='y', ctx=Load()))], type_ignores=[])");
}

TEST_CASE("nodes carry 1-based positions counted in characters") {
  ParseResult r = parse_text("if x:\n    é = f(a,\n      b)\n");
  REQUIRE(r.ok());
  const auto& s = corosim::ast::cast<corosim::ast::If>(*r.module->body[0]);
  CHECK(s.line == 1);
  CHECK(s.col == 1);
  const auto& assign = corosim::ast::cast<corosim::ast::Assign>(*s.body[0]);
  CHECK(assign.line == 2);
  CHECK(assign.col == 5);
  const corosim::ast::Expr& call = *assign.value;
  CHECK(call.kind == corosim::ast::ExprKind::Call);
  CHECK(call.line == 2);
  CHECK(call.col == 9);
  CHECK(call.end_line == 3);
  CHECK(call.end_col == 9);
  CHECK(s.end_line == 3);
  CHECK(s.end_col == 9);
}

TEST_CASE("async def is an AsyncFunctionDef sharing the FunctionDef struct") {
  ParseResult r = parse_text("async def f(): pass\n");
  REQUIRE(r.ok());
  CHECK(r.module->body[0]->kind == corosim::ast::StmtKind::AsyncFunctionDef);
  CHECK(corosim::ast::cast<corosim::ast::FunctionDef>(*r.module->body[0]).name == "f");
}

TEST_CASE("int literals are int64 and float literals double") {
  ParseResult r = parse_text("9223372036854775807, 1e400, 0.1\n");
  REQUIRE(r.ok());
  const auto& t = corosim::ast::cast<corosim::ast::Tuple>(*corosim::ast::cast<corosim::ast::ExprStmt>(*r.module->body[0]).value);
  CHECK(std::get<std::int64_t>(corosim::ast::cast<corosim::ast::Constant>(*t.elts[0]).value) == INT64_MAX);
  CHECK(std::get<double>(corosim::ast::cast<corosim::ast::Constant>(*t.elts[1]).value) == HUGE_VAL);
  CHECK(std::get<double>(corosim::ast::cast<corosim::ast::Constant>(*t.elts[2]).value) == 0.1);
}

// ---- syntax errors (CPython 3.11's messages) ----

TEST_CASE("invalid assignment targets get CPython's messages") {
  CHECK(error_of("f() = 1") == "prog.py:1:1: SyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?");
  CHECK(error_of("1 = x") == "prog.py:1:1: SyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='?");
  CHECK(error_of("a + b = 1") == "prog.py:1:1: SyntaxError: cannot assign to expression here. Maybe you meant '==' instead of '='?");
  CHECK(error_of("(a, f()) = 1") == "prog.py:1:5: SyntaxError: cannot assign to function call");
  CHECK(error_of("x, f() = 1") == "prog.py:1:4: SyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?");
  CHECK(error_of("[a, 1] = x") == "prog.py:1:5: SyntaxError: cannot assign to literal");
  CHECK(error_of("f() = x = 1") == "prog.py:1:1: SyntaxError: cannot assign to function call");
  CHECK(error_of("x = f() = 1") == "prog.py:1:5: SyntaxError: cannot assign to function call");
  CHECK(error_of("None = 1") == "prog.py:1:1: SyntaxError: cannot assign to None");
  CHECK(error_of("True = 1") == "prog.py:1:1: SyntaxError: cannot assign to True");
  CHECK(error_of("a if b else c = 1") == "prog.py:1:1: SyntaxError: cannot assign to conditional expression");
  CHECK(error_of("a < b = 1") == "prog.py:1:1: SyntaxError: cannot assign to comparison");
  CHECK(error_of("x and y = 1") == "prog.py:1:1: SyntaxError: cannot assign to expression");
  CHECK(error_of("lambda: 1 = 1") == "prog.py:1:1: SyntaxError: cannot assign to lambda");
  CHECK(error_of("[x for x in y] = 1") == "prog.py:1:1: SyntaxError: cannot assign to list comprehension here. Maybe you meant '==' instead of '='?");
  CHECK(error_of("(x for x in y) = 1") == "prog.py:1:1: SyntaxError: cannot assign to generator expression");
  CHECK(error_of("f'{x}' = 1") == "prog.py:1:1: SyntaxError: cannot assign to f-string expression here. Maybe you meant '==' instead of '='?");
  CHECK(error_of("await x = 1") == "prog.py:1:1: SyntaxError: cannot assign to await expression here. Maybe you meant '==' instead of '='?");
  CHECK(error_of("{} = 1") == "prog.py:1:1: SyntaxError: cannot assign to dict literal here. Maybe you meant '==' instead of '='?");
  CHECK(error_of("... = 1") == "prog.py:1:1: SyntaxError: cannot assign to ellipsis here. Maybe you meant '==' instead of '='?");
  CHECK(error_of("for f() in x: pass") == "prog.py:1:5: SyntaxError: cannot assign to function call");
  CHECK(error_of("[x for 1 in y]") == "prog.py:1:8: SyntaxError: cannot assign to literal");
  CHECK(error_of("f() += 1") == "prog.py:1:1: SyntaxError: 'function call' is an illegal expression for augmented assignment");
  CHECK(error_of("(a, b) += 1") == "prog.py:1:1: SyntaxError: 'tuple' is an illegal expression for augmented assignment");
  CHECK(error_of("del f()") == "prog.py:1:5: SyntaxError: cannot delete function call");
  CHECK(error_of("del x + 1") == "prog.py:1:5: SyntaxError: cannot delete expression");
  CHECK(error_of("del (a, f())") == "prog.py:1:9: SyntaxError: cannot delete function call");
  CHECK(error_of("del *a") == "prog.py:1:5: SyntaxError: cannot delete starred");
}

TEST_CASE("misplaced statements and expressions are SyntaxErrors") {
  CHECK(error_of("return 1") == "prog.py:1:1: SyntaxError: 'return' outside function");
  CHECK(error_of("break") == "prog.py:1:1: SyntaxError: 'break' outside loop");
  CHECK(error_of("continue") == "prog.py:1:1: SyntaxError: 'continue' not properly in loop");
  CHECK(error_of("for x in y:\n  def g():\n    break\n") == "prog.py:3:5: SyntaxError: 'break' outside loop");
  CHECK(error_of("nonlocal x") == "prog.py:1:1: SyntaxError: nonlocal declaration not allowed at module level");
  CHECK(error_of("def f():\n  await x\n") == "prog.py:2:3: SyntaxError: 'await' outside async function");
  CHECK(error_of("def f():\n  return [await x for x in y]\n") == "prog.py:2:11: SyntaxError: 'await' outside async function");
  CHECK(error_of("lambda: await x") == "prog.py:1:9: SyntaxError: 'await' outside async function");
  CHECK(error_of("async def f():\n  def g():\n    await x\n") == "prog.py:3:5: SyntaxError: 'await' outside async function");
  CHECK(error_of("x = *a") == "prog.py:1:5: SyntaxError: can't use starred expression here");
  CHECK(error_of("x = (*a)") == "prog.py:1:6: SyntaxError: cannot use starred expression here");
}

TEST_CASE("argument and parameter lists are checked") {
  CHECK(error_of("def f(a=1, b): pass") == "prog.py:1:12: SyntaxError: non-default argument follows default argument");
  CHECK(error_of("def f(*): pass") == "prog.py:1:7: SyntaxError: named arguments must follow bare *");
  CHECK(error_of("def f(*, **k): pass") == "prog.py:1:7: SyntaxError: named arguments must follow bare *");
  CHECK(error_of("def f(**k, a): pass") == "prog.py:1:12: SyntaxError: arguments cannot follow var-keyword argument");
  CHECK(error_of("f(a=1, b)") == "prog.py:1:8: SyntaxError: positional argument follows keyword argument");
  CHECK(error_of("f(**k, a)") == "prog.py:1:8: SyntaxError: positional argument follows keyword argument unpacking");
  CHECK(error_of("f(**k, *a)") == "prog.py:1:9: SyntaxError: iterable argument unpacking follows keyword argument unpacking");
  CHECK(error_of("f(x=1, x=2)") == "prog.py:1:8: SyntaxError: keyword argument repeated: x");
  CHECK(error_of("f(a for a in b, c)") == "prog.py:1:3: SyntaxError: Generator expression must be parenthesized");
  CHECK(error_of("f(a.b=1)") == "prog.py:1:3: SyntaxError: expression cannot contain assignment, perhaps you meant \"==\"?");
}

TEST_CASE("a duplicate parameter is reported where CPython's symtable finds it") {
  // Declared in the order args, keyword-only, *args, **kwargs; the later of the two is reported.
  CHECK(error_of("def f(a, a):\n    pass") == "prog.py:1:10: SyntaxError: duplicate argument 'a' in function definition");
  CHECK(error_of("def f(a, *, a): pass") == "prog.py:1:13: SyntaxError: duplicate argument 'a' in function definition");
  CHECK(error_of("def f(a, *a): pass") == "prog.py:1:11: SyntaxError: duplicate argument 'a' in function definition");
  CHECK(error_of("def f(a, **a): pass") == "prog.py:1:12: SyntaxError: duplicate argument 'a' in function definition");
  CHECK(error_of("def f(a, b, a, b): pass") == "prog.py:1:13: SyntaxError: duplicate argument 'a' in function definition");
  CHECK(error_of("def f(a: int, a: int): pass") == "prog.py:1:15: SyntaxError: duplicate argument 'a' in function definition");
  CHECK(error_of("def f(*a, a): pass") == "prog.py:1:8: SyntaxError: duplicate argument 'a' in function definition");
  CHECK(error_of("def f(*, a, **a): pass") == "prog.py:1:15: SyntaxError: duplicate argument 'a' in function definition");
  CHECK(error_of("lambda a, a: 0") == "prog.py:1:11: SyntaxError: duplicate argument 'a' in function definition");
}

TEST_CASE("malformed statements get CPython's messages") {
  CHECK(error_of("if x\n  pass\n") == "prog.py:1:5: SyntaxError: expected ':'");
  CHECK(error_of("x = 1 +\n") == "prog.py:1:8: SyntaxError: invalid syntax");
  CHECK(error_of("1 +* 2") == "prog.py:1:4: SyntaxError: invalid syntax");
  CHECK(error_of("x = 1 if y\n") == "prog.py:1:5: SyntaxError: expected 'else' after 'if' expression");
  CHECK(error_of("[a b]") == "prog.py:1:2: SyntaxError: invalid syntax. Perhaps you forgot a comma?");
  CHECK(error_of("f(a b)") == "prog.py:1:3: SyntaxError: invalid syntax. Perhaps you forgot a comma?");
  CHECK(error_of("try:\n  pass\nx = 1\n") == "prog.py:3:1: SyntaxError: expected 'except' or 'finally' block");
  CHECK(error_of("try:\n  pass\nexcept:\n  pass\nexcept E:\n  pass\n") == "prog.py:3:1: SyntaxError: default 'except:' must be last");
  CHECK(error_of("try:\n  pass\nexcept A, B:\n  pass\n") == "prog.py:3:8: SyntaxError: multiple exception types must be parenthesized");
  CHECK(error_of("print 'x'") == "prog.py:1:1: SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?");
  CHECK(error_of("x = (1,\n") == "prog.py:1:5: SyntaxError: '(' was never closed");
  CHECK(error_of("except\n") == "prog.py:1:1: SyntaxError: invalid syntax");
}

TEST_CASE("indentation errors name the block that needed a body") {
  CHECK(error_of("if x:\npass\n") == "prog.py:2:1: IndentationError: expected an indented block after 'if' statement on line 1");
  CHECK(error_of("def f():\nx\n") == "prog.py:2:1: IndentationError: expected an indented block after function definition on line 1");
  CHECK(error_of("class E(Exception):\nx\n") == "prog.py:2:1: IndentationError: expected an indented block after class definition on line 1");
  CHECK(error_of("if x:\n  a\nelse:\nx\n") == "prog.py:4:1: IndentationError: expected an indented block after 'else' statement on line 3");
  CHECK(error_of("try:\n  a\nexcept E:\nx\n") == "prog.py:4:1: IndentationError: expected an indented block after 'except' statement on line 3");
  CHECK(error_of("  x = 1\n") == "prog.py:1:3: IndentationError: unexpected indent");
  CHECK(error_of("x = 1\n  y = 2\n") == "prog.py:2:3: IndentationError: unexpected indent");
  CHECK(error_of("if x:\n  pass\n else:\n  pass\n") == "prog.py:3:2: IndentationError: unindent does not match any outer indentation level");
  CHECK(error_of("if x:\n\tpass\n        pass\n") == "prog.py:3:9: TabError: inconsistent use of tabs and spaces in indentation");
}

TEST_CASE("f-string errors get CPython's messages") {
  CHECK(error_of("f'{}'") == "prog.py:1:4: SyntaxError: f-string: empty expression not allowed");
  CHECK(error_of("f'{=}'") == "prog.py:1:4: SyntaxError: f-string: expression required before '='");
  CHECK(error_of("f'{ !r}'") == "prog.py:1:5: SyntaxError: f-string: expression required before '!'");
  CHECK(error_of("f'{x=!}'") == "prog.py:1:7: SyntaxError: f-string: invalid conversion character: expected 's', 'r', or 'a'");
  CHECK(error_of("f'{x!z}'") == "prog.py:1:6: SyntaxError: f-string: invalid conversion character: expected 's', 'r', or 'a'");
  CHECK(error_of("f'{x'") == "prog.py:1:5: SyntaxError: f-string: expecting '}'");
  CHECK(error_of("f'}'") == "prog.py:1:3: SyntaxError: f-string: single '}' is not allowed");
  CHECK(error_of("f'{a b}'") == "prog.py:1:4: SyntaxError: f-string: invalid syntax. Perhaps you forgot a comma?");
  CHECK(error_of("f'{a:{b:{c}}}'") == "prog.py:1:9: SyntaxError: f-string: expressions nested too deeply");
  CHECK(error_of("f'{)}'") == "prog.py:1:4: SyntaxError: f-string: unmatched ')'");
  CHECK(error_of("f'{x\\n}'") == "prog.py:1:5: SyntaxError: f-string expression part cannot include a backslash");
  CHECK(error_of("f'{#}'") == "prog.py:1:4: SyntaxError: f-string expression part cannot include '#'");
}

TEST_CASE("bad string escapes are reported at the escape") {
  CHECK(error_of("x = '\\x4'") == "prog.py:1:6: SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape");
  CHECK(error_of("x = '\\u12'") == "prog.py:1:6: SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-3: truncated \\uXXXX escape");
  CHECK(error_of("x = '\\N{DASH}'") == "prog.py:1:6: unsupported: '\\N{...}' escapes are not supported yet");
}

// ---- constructs outside the subset ----

TEST_CASE("constructs outside the subset are named as unsupported") {
  CHECK(error_of("async def f():\n  async for x in y: pass\n") == "prog.py:2:3: unsupported: 'async for' is not supported yet");
  CHECK(error_of("with x: pass") == "prog.py:1:1: unsupported: 'with' is not supported yet");
  CHECK(error_of("match x:\n  case 1: pass\n") == "prog.py:1:1: unsupported: 'match' is not supported yet");
  CHECK(error_of("@dec\nclass C: pass\n") == "prog.py:2:1: unsupported: class decorators are not supported yet");
  CHECK(error_of("x = (y := 1)") == "prog.py:1:8: unsupported: ':=' (assignment expression) is not supported yet");
  CHECK(error_of("x := 1") == "prog.py:1:3: unsupported: ':=' (assignment expression) is not supported yet");
  CHECK(error_of("a, *b = c") == "prog.py:1:4: unsupported: starred assignment targets ('a, *b = ...') are not supported yet");
  CHECK(error_of("for a, *b in c: pass") == "prog.py:1:8: unsupported: starred assignment targets ('a, *b = ...') are not supported yet");
  CHECK(error_of("x: int = 1") == "prog.py:1:1: unsupported: variable annotations ('x: int = ...') are not supported yet");
  CHECK(error_of("x = b'abc'") == "prog.py:1:5: unsupported: bytes literals (b'...') are not supported yet");
  CHECK(error_of("def f(a, /): pass") == "prog.py:1:10: unsupported: positional-only parameters ('/') are not supported yet");
  CHECK(error_of("try:\n  pass\nexcept* E:\n  pass\n") == "prog.py:3:1: unsupported: 'except*' is not supported yet");
  CHECK(error_of("x = [y async for y in z]") == "prog.py:1:8: unsupported: asynchronous comprehensions ('async for') are not supported yet");
  CHECK(error_of("x = 99999999999999999999") == "prog.py:1:5: unsupported: integer literal too large (corosim ints are 64-bit)");
}

TEST_CASE("yield and yield from are expressions: statements, assignment values, parenthesized") {
  CHECK(dump_of("def f():\n  yield\n  x = yield 1, 2\n  y += yield from g()\n  print((yield))\n") ==
        "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=["
        "Expr(value=Yield()), "
        "Assign(targets=[Name(id='x', ctx=Store())], value=Yield(value=Tuple(elts=[Constant(value=1), Constant(value=2)], ctx=Load()))), "
        "AugAssign(target=Name(id='y', ctx=Store()), op=Add(), value=YieldFrom(value=Call(func=Name(id='g', ctx=Load()), args=[], keywords=[]))), "
        "Expr(value=Call(func=Name(id='print', ctx=Load()), args=[Yield()], keywords=[]))], decorator_list=[])], type_ignores=[])");
  CHECK(error_of("def f():\n  x = 1 + yield 2\n") == "prog.py:2:11: SyntaxError: invalid syntax");
  CHECK(error_of("def f():\n  yield = 3\n") == "prog.py:2:3: SyntaxError: assignment to yield expression not possible");
  CHECK(error_of("def f():\n  yield 1 += 2\n") == "prog.py:2:11: SyntaxError: invalid syntax");
}

TEST_CASE("async with (items): parenthesized items when ':' follows the ')', else one expression") {
  CHECK(dump_of("async def f():\n    async with (a as x, b,):\n        pass\n") ==
        "Module(body=[AsyncFunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[AsyncWith(items=["
        "withitem(context_expr=Name(id='a', ctx=Load()), optional_vars=Name(id='x', ctx=Store())), "
        "withitem(context_expr=Name(id='b', ctx=Load()))], body=[Pass()])], decorator_list=[])], type_ignores=[])");
  CHECK(dump_of("async def f():\n    async with (a, b):\n        pass\n") ==
        "Module(body=[AsyncFunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[AsyncWith(items=["
        "withitem(context_expr=Name(id='a', ctx=Load())), withitem(context_expr=Name(id='b', ctx=Load()))], body=[Pass()])], decorator_list=[])], type_ignores=[])");
  CHECK(dump_of("async def f():\n    async with (a, b) as t, (c)[0]:\n        pass\n") ==
        "Module(body=[AsyncFunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[AsyncWith(items=["
        "withitem(context_expr=Tuple(elts=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())], ctx=Load()), optional_vars=Name(id='t', ctx=Store())), "
        "withitem(context_expr=Subscript(value=Name(id='c', ctx=Load()), slice=Constant(value=0), ctx=Load()))], body=[Pass()])], decorator_list=[])], type_ignores=[])");
}

TEST_CASE("async with (items): a bracket or parenthesis first, and a generator expression, scan the same way") {
  CHECK(dump_of("async def f():\n    async with ([c][0] as a, d as b):\n        pass\n") ==
        "Module(body=[AsyncFunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[AsyncWith(items=[withitem(context_expr=Subscript(value=List(elts=[Name(id='c', ctx=Load())], ctx=Load()), slice=Constant(value=0), ctx=Load()), optional_vars=Name(id='a', ctx=Store())), withitem(context_expr=Name(id='d', ctx=Load()), optional_vars=Name(id='b', ctx=Store()))], body=[Pass()])], decorator_list=[])], type_ignores=[])");
  CHECK(dump_of("async def f():\n    async with ((c), d):\n        pass\n") ==
        "Module(body=[AsyncFunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[AsyncWith(items=[withitem(context_expr=Name(id='c', ctx=Load())), withitem(context_expr=Name(id='d', ctx=Load()))], body=[Pass()])], decorator_list=[])], type_ignores=[])");
  CHECK(dump_of("async def f():\n    async with (a for a in x):\n        pass\n") ==
        "Module(body=[AsyncFunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[AsyncWith(items=[withitem(context_expr=GeneratorExp(elt=Name(id='a', ctx=Load()), generators=[comprehension(target=Name(id='a', ctx=Store()), iter=Name(id='x', ctx=Load()), ifs=[], is_async=0)]))], body=[Pass()])], decorator_list=[])], type_ignores=[])");
}

TEST_CASE("match as a name is not a match statement") {
  CHECK(dump_of("match = 1\nmatch(x)\n") ==
        "Module(body=[Assign(targets=[Name(id='match', ctx=Store())], value=Constant(value=1)), Expr(value=Call(func=Name(id='match', ctx=Load()), args=[Name(id='x', ctx=Load())], keywords=[]))], type_ignores=[])");
}

TEST_CASE("async with takes items with optional targets, in async functions only") {
  CHECK(dump_of("async def f():\n    async with a as (x, y), b:\n        pass\n") ==
        "Module(body=[AsyncFunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[AsyncWith(items=[withitem(context_expr=Name(id='a', ctx=Load()), optional_vars=Tuple(elts=[Name(id='x', ctx=Store()), Name(id='y', ctx=Store())], ctx=Store())), withitem(context_expr=Name(id='b', ctx=Load()))], body=[Pass()])], decorator_list=[])], type_ignores=[])");
  CHECK(error_of("def f():\n  async with x: pass\n") == "prog.py:2:3: SyntaxError: 'async with' outside async function");
  CHECK(error_of("async def f():\n  async with x as f(): pass\n") == "prog.py:2:19: SyntaxError: cannot assign to function call");
}

TEST_CASE("classes have at most one base and only the special methods corosim calls") {
  CHECK(dump_of("class A:\n    @staticmethod\n    def f(): pass\nclass B(A,): pass\nclass C(): pass\n") ==
        "Module(body=[ClassDef(name='A', bases=[], keywords=[], body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Pass()], decorator_list=[Name(id='staticmethod', ctx=Load())])], decorator_list=[]), ClassDef(name='B', bases=[Name(id='A', ctx=Load())], keywords=[], body=[Pass()], decorator_list=[]), ClassDef(name='C', bases=[], keywords=[], body=[Pass()], decorator_list=[])], type_ignores=[])");
  CHECK(dump_of("@a.b\n@c(1)\nasync def f(): pass\n") ==
        "Module(body=[AsyncFunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Pass()], decorator_list=[Attribute(value=Name(id='a', ctx=Load()), attr='b', ctx=Load()), Call(func=Name(id='c', ctx=Load()), args=[Constant(value=1)], keywords=[])])], type_ignores=[])");
  CHECK(error_of("class A(B, C): pass") == "prog.py:1:1: unsupported: 'class' with more than one base class or with keywords is not supported yet");
  CHECK(error_of("class A(metaclass=M): pass") == "prog.py:1:1: unsupported: 'class' with more than one base class or with keywords is not supported yet");
  CHECK(error_of("class A:\n  def __add__(self, o): pass\n") == "prog.py:2:3: unsupported: the special method '__add__' is not supported yet (user classes may define __init__, __repr__, __str__, __hash__, __aenter__, __aexit__ and the rich comparisons)");
  CHECK(error_of("@dec\nx = 1\n") == "prog.py:2:1: SyntaxError: invalid syntax");
}

TEST_CASE("only asyncio, time and random can be imported") {
  CHECK(error_of("import os") == "prog.py:1:8: unsupported: module 'os' is not available (corosim provides asyncio, time and random)");
  CHECK(error_of("import asyncio.tasks") == "prog.py:1:8: unsupported: module 'asyncio.tasks' is not available (corosim provides asyncio, time and random)");
  CHECK(error_of("from os import path") == "prog.py:1:6: unsupported: module 'os' is not available (corosim provides asyncio, time and random)");
  CHECK(error_of("from . import x") == "prog.py:1:1: unsupported: relative imports are not supported yet");
  CHECK(error_of("from asyncio import *") == "prog.py:1:1: unsupported: 'from asyncio import *' is not supported yet");
  CHECK(error_of("import random as r\nfrom time import sleep\n") == "(parsed)");
}

// ---- pathological input ----

TEST_CASE("a million open parentheses give an error, not a crash") {
  CHECK(error_of(std::string(1000000, '(')) == "prog.py:1:201: SyntaxError: too many nested parentheses");
}

TEST_CASE("a hundred thousand nested brackets give an error") {
  CHECK(error_of("x = " + std::string(100000, '[')) == "prog.py:1:205: SyntaxError: too many nested parentheses");
}

TEST_CASE("nesting just under the limits parses") {
  CHECK(error_of("x = " + nested("(", "1", ")", 199)) == "(parsed)");
  CHECK(error_of("x = " + nested("[(-(lambda: {", "1", "})())]", 49)) == "(parsed)");
  CHECK(error_of("x = " + nested("-", "1", "", 290)) == "(parsed)");
}

TEST_CASE("deep nesting without brackets is limited too") {
  std::string limit = "SyntaxError: too many nested expressions (corosim's limit is 300 levels)";
  auto fails_with_limit = [&](const std::string& text) { return error_of(text).find(limit) != std::string::npos; };
  CHECK(fails_with_limit("x = " + nested("-", "1", "", 100000)));
  CHECK(fails_with_limit("x = " + nested("not ", "1", "", 100000)));
  CHECK(fails_with_limit("x = " + nested("lambda: ", "1", "", 100000)));
  CHECK(fails_with_limit("x = " + nested("1 if 2 else ", "1", "", 100000)));
  CHECK(fails_with_limit("x = " + nested("2 ** ", "1", "", 100000)));
  std::string sum = "x = 1", attrs = "x = a", calls = "x = f", elifs = "if x:\n  pass\n";
  for (int i = 0; i < 100000; ++i) sum += "+1", attrs += ".b", calls += "()", elifs += "elif x:\n  pass\n";
  CHECK(fails_with_limit(sum));
  CHECK(fails_with_limit(attrs));
  CHECK(fails_with_limit(calls));
  CHECK(fails_with_limit(elifs));
}

TEST_CASE("long flat lists, boolean chains and comparison chains are not nesting") {
  std::string list = "x = [", ors = "x = a", cmps = "x = a";
  for (int i = 0; i < 100000; ++i) list += "1,", ors += " or a", cmps += " < a";
  CHECK(error_of(list + "]") == "(parsed)");
  CHECK(error_of(ors) == "(parsed)");
  CHECK(error_of(cmps) == "(parsed)");
}

TEST_CASE("binary garbage is refused as invalid UTF-8") {
  std::string garbage;
  unsigned state = 12345;
  for (int i = 0; i < 100000; ++i) {
    state = state * 1103515245u + 12345u;
    garbage += static_cast<char>(state >> 24);
  }
  ParseResult r = parse_text(garbage);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error->message.rfind("not valid UTF-8 at byte ", 0) == 0);
  CHECK(r.error->format() == "prog.py: " + r.error->message);
}

TEST_CASE("ASCII garbage gives a SyntaxError") {
  CHECK(error_of(")(*&^%$#@!~`") == "prog.py:1:1: SyntaxError: unmatched ')'");
  CHECK(error_of("?") == "prog.py:1:1: SyntaxError: invalid syntax");
}

// ---- SourceFile and Diagnostic ----

TEST_CASE("invalid UTF-8 is reported with the offset of the first bad byte") {
  CHECK(error_of("x = 1\n# \xff\n") == "prog.py: not valid UTF-8 at byte 8");
  CHECK(error_of("\xc3") == "prog.py: not valid UTF-8 at byte 0");
  CHECK(error_of("ok = '\xed\xa0\x80'") == "prog.py: not valid UTF-8 at byte 6");  // a UTF-16 surrogate
  CHECK(error_of("\xc0\x80") == "prog.py: not valid UTF-8 at byte 0");              // overlong NUL
}

TEST_CASE("a missing file is a file-level diagnostic") {
  corosim::LoadResult r = SourceFile::load("/nonexistent/prog.py");
  REQUIRE(r.error);
  CHECK_FALSE(r.file);
  CHECK(r.error->format() == "/nonexistent/prog.py: cannot open file: No such file or directory");
}

TEST_CASE("a file on disk is loaded byte for byte") {
  std::string path = "/tmp/corosim_parser_test_load.py";
  {
    std::ofstream out(path, std::ios::binary);
    out << "x = 1\r\ny = 2";
  }
  corosim::LoadResult r = SourceFile::load(path);
  std::remove(path.c_str());
  REQUIRE(r.file);
  CHECK(r.file->path() == path);
  CHECK(r.file->bytes() == "x = 1\r\ny = 2");
  CHECK(r.file->line_count() == 2);
  CHECK(r.file->line_text(2) == "y = 2");
}

TEST_CASE("offsets map to lines and character columns") {
  SourceFile f = SourceFile::from_string("p.py", "ab\né€x\r\nz\rw");
  CHECK(f.position(0).line == 1);
  CHECK(f.position(3).line == 2);
  CHECK(f.position(3).col == 1);
  CHECK(f.position(8).col == 3);  // 'x' after two multi-byte characters
  CHECK(f.position(11).line == 3);
  CHECK(f.position(13).line == 4);
  CHECK(f.line_text(2) == "é€x");
  CHECK(f.line_text(3) == "z");
  CHECK(f.line_text(4) == "w");
  CHECK(f.line_text(5) == "");
  CHECK(f.position(f.bytes().size()).line == 4);
}

TEST_CASE("a UTF-8 byte order mark is skipped as CPython skips it") {
  const std::string bom = "\xEF\xBB\xBF";
  SourceFile f = SourceFile::from_string("p.py", bom + "x = 1\ny");
  CHECK(f.bytes().size() == 10);  // the file's bytes are kept as read
  CHECK(f.text_begin() == 3);
  CHECK(f.line_text(1) == "x = 1");
  CHECK(f.position(3).col == 1);
  CHECK(f.position(7).col == 5);
  CHECK(f.position(0).col == 1);  // inside the mark: still column 1
  CHECK(SourceFile::from_string("p.py", "x").text_begin() == 0);
  CHECK(dump_of(bom + "print(1)\n") == dump_of("print(1)\n"));
  CHECK(dump_of(bom) == dump_of(""));
  // Columns and source lines as CPython's SyntaxError.offset and .text have them.
  CHECK(dump_of(bom + "x = (1 +\n") == "prog.py:1:5: SyntaxError: '(' was never closed\nx = (1 +\n    ^");
  CHECK(error_of(bom + "  x = 1\n") == "prog.py:1:3: IndentationError: unexpected indent");
  CHECK(error_of(bom + "y = 1\n\xff") == "prog.py: not valid UTF-8 at byte 9");  // offsets count the mark
  CHECK(error_of(bom + bom + "x = 1") == "prog.py:1:1: SyntaxError: invalid non-printable character U+FEFF");
}

TEST_CASE("a diagnostic shows the line and a caret under the column") {
  CHECK(dump_of("x = 1\nif x\n") == "prog.py:2:5: SyntaxError: expected ':'\nif x\n    ^");
  CHECK(dump_of("with x: pass") == "prog.py:1:1: unsupported: 'with' is not supported yet\nwith x: pass\n^");
  Diagnostic tabbed{"p.py", 1, 4, "SyntaxError", "invalid syntax", "\té x"};
  CHECK(tabbed.format() == "p.py:1:4: SyntaxError: invalid syntax\n\té x\n\t  ^");
}

TEST_CASE("a diagnostic on a very long line shows a window of the line around the column") {
  std::string digits;
  for (int i = 0; i < 30; ++i) digits += "0123456789";  // 300 characters
  auto format_at = [&](int col) {
    return Diagnostic{"p.py", 1, col, "SyntaxError", "invalid syntax", digits}.format();
  };
  std::string hundred = digits.substr(0, 100);
  // At the start: the first 100 characters, cut at the end.
  CHECK(format_at(1) == "p.py:1:1: SyntaxError: invalid syntax\n" + hundred + "...\n^");
  // In the middle: 50 characters each side of the column.
  CHECK(format_at(151) == "p.py:1:151: SyntaxError: invalid syntax\n..." + hundred + "...\n" +
                              std::string(53, ' ') + "^");
  // At the end and just past it: the last 100 characters.
  CHECK(format_at(300) == "p.py:1:300: SyntaxError: invalid syntax\n..." + hundred + "\n" +
                              std::string(102, ' ') + "^");
  CHECK(format_at(301) == "p.py:1:301: SyntaxError: invalid syntax\n..." + hundred + "\n" +
                              std::string(103, ' ') + "^");
  // Lines of up to 120 characters are shown whole.
  Diagnostic short_enough{"p.py", 1, 120, "SyntaxError", "invalid syntax", digits.substr(0, 120)};
  CHECK(short_enough.format() == "p.py:1:120: SyntaxError: invalid syntax\n" + digits.substr(0, 120) + "\n" +
                                     std::string(119, ' ') + "^");
  // The window counts characters, not bytes, and never cuts one in half.
  std::string accents;
  for (int i = 0; i < 200; ++i) accents += "é";
  Diagnostic wide{"p.py", 1, 101, "SyntaxError", "invalid syntax", accents};
  std::string fifty_each_side;
  for (int i = 0; i < 100; ++i) fifty_each_side += "é";
  CHECK(wide.format() == "p.py:1:101: SyntaxError: invalid syntax\n..." + fifty_each_side + "...\n" +
                             std::string(53, ' ') + "^");
}

TEST_CASE("a million open parentheses give a short diagnostic") {
  ParseResult r = parse_text(std::string(1000000, '('));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error->format() == "prog.py:1:201: SyntaxError: too many nested parentheses\n..." + std::string(100, '(') +
                                 "...\n" + std::string(53, ' ') + "^");
}
