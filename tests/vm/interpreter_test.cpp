// Language behaviour of the dispatch loop, checked program by program: each
// expected stdout/traceback below is what python3 (CPython 3.11) prints for
// the same source (tracebacks without caret lines, as corosim prints them).
// Generated from snippets run on python3; never edited by hand.
#include <doctest/doctest.h>

#include "tests/support/run_source.h"

using corosim::testing::run_source;
using corosim::testing::SourceRun;

TEST_CASE("arithmetic follows Python's rules") {
  SourceRun r = run_source(R"~(print(7 // 2, -7 // 2, 7 % -3, -7 % 3, 7 / 2, 2 ** 10, 2 ** -1)
print(1 + 2 * 3 - 4, (1 + 2) * 3, 10 - 2 - 3, 2 ** 3 ** 2)
print(1 < 2 < 3, 1 < 3 < 2, 1 == 1.0, "a" < "b", not 0, 0 or "x", 3 and 4)
x = 5
x += 2; x *= 3; x -= 1; x //= 4; x %= 3
print(x, -x, +x, ~x, 1e300 * 10, 0.1 + 0.2)
print(9223372036854775807 + 0, abs(-3), divmod(7, -2))
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.out == R"~(3 -4 -2 2 3.5 1024 0.5
3 9 5 512
True False True True True x 4
2 -2 2 -3 1e+301 0.30000000000000004
9223372036854775807 3 (-4, -1)
)~");
  CHECK(r.error == R"~()~");
}

TEST_CASE("closures capture variables and nonlocal rebinds them") {
  SourceRun r = run_source(R"~(def counter():
    n = 0
    def inc(step=1):
        nonlocal n
        n += step
        return n
    return inc
c = counter()
c(); c(5)
print(c())
def make_adders():
    return [lambda x, i=i: x + i for i in range(3)]
print([f(10) for f in make_adders()])
def late():
    fs = [lambda: i for i in range(3)]
    return [f() for f in fs]
print(late())
def outer():
    x = "outer"
    def middle():
        def inner():
            return x
        return inner()
    return middle()
print(outer())
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.out == R"~(7
[10, 11, 12]
[2, 2, 2]
outer
)~");
  CHECK(r.error == R"~()~");
}

TEST_CASE("global declarations write module variables") {
  SourceRun r = run_source(R"~(count = 0
def bump():
    global count
    count += 1
bump(); bump()
print(count)
def reads():
    return count * 10
print(reads())
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.out == R"~(2
20
)~");
  CHECK(r.error == R"~()~");
}

TEST_CASE("defaults, *args and **kwargs bind like CPython") {
  SourceRun r = run_source(R"~(def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, kw)
print(f(1, c=3))
print(f(1, 2, 3, 4, c=5, z=6, d=7, y=8))
print(f(*[1, 2, 3], **{"c": 0, "e": 1}))
def g(x, items=[]):
    items.append(x)
    return items
g(1)
print(g(2))
print((lambda *a, **k: (a, k))(1, 2, x=3))
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.out == R"~((1, 2, (), 3, 4, {})
(1, 2, (3, 4), 5, 7, {'z': 6, 'y': 8})
(1, 2, (3,), 0, 4, {'e': 1})
[1, 2]
((1, 2), {'x': 3})
)~");
  CHECK(r.error == R"~()~");
}

TEST_CASE("argument binding errors have CPython's messages") {
  SourceRun r = run_source(R"~(def f(a, b, c=1, *, k, m=2): pass
def h(a, b=2): pass
def p(a, *, k): pass
def one(x): pass
def outer():
    def inner(x): pass
    return inner
calls = [lambda: f(), lambda: f(1), lambda: f(1, 2), lambda: f(1, 2, 3, 4, k=1),
         lambda: f(1, 2, k=1, z=3), lambda: f(1, 2, a=3, k=1), lambda: h(1, 2, 3),
         lambda: p(1, 2), lambda: p(1, 2, k=1), lambda: outer()(), lambda: one(1, 2),
         lambda: (lambda *, a, b, c: 0)(), lambda: one(**{"x": 1, "y": 2}),
         lambda: one(*[1], **{"x": 2}), lambda: f(1, 2, **{"k": 1}, **{"k": 2}),
         lambda: one(**5), lambda: one(*5)]
for call in calls:
    try:
        call()
    except TypeError as e:
        print(e)
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.out == R"~(f() missing 2 required positional arguments: 'a' and 'b'
f() missing 1 required positional argument: 'b'
f() missing 1 required keyword-only argument: 'k'
f() takes from 2 to 3 positional arguments but 4 positional arguments (and 1 keyword-only argument) were given
f() got an unexpected keyword argument 'z'
f() got multiple values for argument 'a'
h() takes from 1 to 2 positional arguments but 3 were given
p() takes 1 positional argument but 2 were given
p() takes 1 positional argument but 2 positional arguments (and 1 keyword-only argument) were given
outer.<locals>.inner() missing 1 required positional argument: 'x'
one() takes 1 positional argument but 2 were given
<lambda>.<locals>.<lambda>() missing 3 required keyword-only arguments: 'a', 'b', and 'c'
one() got an unexpected keyword argument 'y'
one() got multiple values for argument 'x'
__main__.f() got multiple values for keyword argument 'k'
__main__.one() argument after ** must be a mapping, not int
__main__.one() argument after * must be an iterable, not int
)~");
  CHECK(r.error == R"~()~");
}

TEST_CASE("try/except/else/finally run in CPython's order") {
  SourceRun r = run_source(R"~(def t(x):
    try:
        print("try", x)
        if x == 1:
            raise ValueError("one")
        if x == 2:
            raise KeyError("two")
    except ValueError as e:
        print("except", e)
    except (KeyError, TypeError) as e:
        print("tuple except", repr(e))
    else:
        print("else")
    finally:
        print("finally")
for i in range(3):
    t(i)
try:
    e
except NameError as err:
    print(err)
try:
    try:
        raise ValueError("inner")
    finally:
        print("cleanup")
except ValueError as e:
    print("outer got", e)
try:
    raise TypeError
except:
    print("bare except")
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.out == R"~(try 0
else
finally
try 1
except one
finally
try 2
tuple except KeyError('two')
finally
name 'e' is not defined
cleanup
outer got inner
bare except
)~");
  CHECK(r.error == R"~()~");
}

TEST_CASE("return inside finally overrides and swallows") {
  SourceRun r = run_source(R"~(def f():
    try:
        return "try"
    finally:
        return "finally"
def g():
    try:
        raise ValueError("lost")
    finally:
        return "swallowed"
def h():
    x = 1
    try:
        return x
    finally:
        x = 2
        print("finally sees", x)
print(f(), g(), h())
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.out == R"~(finally sees 2
finally swallowed 1
)~");
  CHECK(r.error == R"~()~");
}

TEST_CASE("break and continue run enclosing finally blocks") {
  SourceRun r = run_source(R"~(for i in range(4):
    try:
        if i == 1:
            continue
        if i == 3:
            break
        print("body", i)
    finally:
        print("finally", i)
else:
    print("no break")
n = 0
while n < 3:
    n += 1
    try:
        try:
            if n == 2:
                continue
        finally:
            print("inner", n)
    finally:
        print("outer", n)
else:
    print("while else")
def loop_return():
    for i in range(3):
        try:
            return i
        finally:
            print("leaving", i)
print(loop_return())
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.out == R"~(body 0
finally 0
finally 1
body 2
finally 2
finally 3
inner 1
outer 1
inner 2
outer 2
inner 3
outer 3
while else
leaving 0
0
)~");
  CHECK(r.error == R"~()~");
}

TEST_CASE("exception chaining sets __cause__ and __context__") {
  SourceRun r = run_source(R"~(try:
    try:
        {}["k"]
    except KeyError as e:
        raise RuntimeError("wrapped") from e
except RuntimeError as e:
    print(repr(e.__cause__), repr(e.__context__), e.__suppress_context__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        int("x")
except ValueError as e:
    print(repr(e.__context__), e.__cause__)
try:
    try:
        raise KeyError(1)
    except KeyError:
        raise ValueError("v") from None
except ValueError as e:
    print(repr(e.__context__), e.__cause__, e.__suppress_context__)
def helper():
    raise TypeError("in helper")
try:
    try:
        raise KeyError("outer")
    except KeyError:
        helper()
except TypeError as e:
    print("context through a call:", repr(e.__context__))
try:
    raise
except RuntimeError as e:
    print(e)
try:
    raise ValueError("a")
except ValueError:
    try:
        raise
    except ValueError as e:
        print("bare raise:", e)
try:
    raise 5
except TypeError as e:
    print(e)
try:
    raise ValueError from 5
except TypeError as e:
    print(e)
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.out == R"~(KeyError('k') KeyError('k') True
ZeroDivisionError('division by zero') None
KeyError(1) None True
context through a call: KeyError('outer')
No active exception to reraise
bare raise: a
exceptions must derive from BaseException
exception causes must derive from BaseException
)~");
  CHECK(r.error == R"~()~");
}

TEST_CASE("uncaught chained exceptions print both tracebacks") {
  SourceRun r = run_source(R"~(def load(d):
    return d["key"]
def run():
    try:
        load({})
    except KeyError as e:
        raise ValueError("bad config") from e
run()
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.out == R"~()~");
  CHECK(r.error == R"~(Traceback (most recent call last):
  File "prog.py", line 5, in run
    load({})
  File "prog.py", line 2, in load
    return d["key"]
KeyError: 'key'

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "prog.py", line 8, in <module>
    run()
  File "prog.py", line 7, in run
    raise ValueError("bad config") from e
ValueError: bad config
)~");
}

TEST_CASE("an exception while handling another prints the context") {
  SourceRun r = run_source(R"~(try:
    1 / 0
except ZeroDivisionError:
    print(missing)
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.out == R"~()~");
  CHECK(r.error == R"~(Traceback (most recent call last):
  File "prog.py", line 2, in <module>
    1 / 0
ZeroDivisionError: division by zero

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "prog.py", line 4, in <module>
    print(missing)
NameError: name 'missing' is not defined
)~");
}

TEST_CASE("deep recursion raises a catchable RecursionError") {
  SourceRun r = run_source(R"~(def deep(n):
    return deep(n + 1)
try:
    deep(0)
except RecursionError as e:
    print("caught:", e)
def count(n):
    try:
        return count(n + 1)
    except RecursionError:
        return n
print(count(0))
def down(n):
    if n == 0:
        return 0
    return down(n - 1) + 1
try:
    down(100000)
except RecursionError:
    print("100000 is too deep")
print(down(900))
def via_native(n):
    return sorted([2, 1], key=lambda v: via_native(n + 1))
try:
    via_native(0)
except RecursionError as e:
    print("through sorted:", e)
print("still running")
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.out == R"~(caught: maximum recursion depth exceeded
998
100000 is too deep
900
through sorted: maximum recursion depth exceeded
still running
)~");
  CHECK(r.error == R"~()~");
}

TEST_CASE("uncaught RecursionError collapses repeated traceback lines") {
  SourceRun r = run_source(R"~(def deep(n):
    return deep(n + 1)
deep(0)
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.out == R"~()~");
  CHECK(r.error == R"~(Traceback (most recent call last):
  File "prog.py", line 3, in <module>
    deep(0)
  File "prog.py", line 2, in deep
    return deep(n + 1)
  File "prog.py", line 2, in deep
    return deep(n + 1)
  File "prog.py", line 2, in deep
    return deep(n + 1)
  [Previous line repeated 996 more times]
RecursionError: maximum recursion depth exceeded
)~");
}

TEST_CASE("comprehensions have their own scope") {
  SourceRun r = run_source(R"~(x = "module"
squares = [x * x for x in range(4)]
print(x, squares)
print({k: v for k, v in zip("abc", range(3))})
print(sorted({c for c in "hello"}))
print([(i, j) for i in range(3) for j in range(i) if j % 2 == 0])
def f():
    y = 10
    return [y + i for i in range(3)]
print(f())
print([[c for c in w] for w in ["ab", "c"]])
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.out == R"~(module [0, 1, 4, 9]
{'a': 0, 'b': 1, 'c': 2}
['e', 'h', 'l', 'o']
[(1, 0), (2, 0)]
[10, 11, 12]
[['a', 'b'], ['c']]
)~");
  CHECK(r.error == R"~()~");
}

TEST_CASE("generator expressions are lazy and feed builtins") {
  SourceRun r = run_source(R"~(print(sum(i * i for i in range(5)))
print(any(x > 2 for x in [1, 2, 3]), all(x > 0 for x in [1, 0]))
g = (c.upper() for c in "ab")
print(next(g), list(g), list(g))
def squares(n):
    return (i * i for i in range(n))
print(list(squares(4)), max(x % 5 for x in range(12)))
print(", ".join(str(n) for n in range(3)))
gen = (1 / x for x in [1, 0])
print(next(gen))
try:
    next(gen)
except ZeroDivisionError as e:
    print("raised inside:", e)
print(list(gen))
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.out == R"~(30
True False
A ['B'] []
[0, 1, 4, 9] 4
0, 1, 2
1.0
raised inside: division by zero
[]
)~");
  CHECK(r.error == R"~()~");
}

TEST_CASE("unpacking checks the number of values") {
  SourceRun r = run_source(R"~(a, b = 1, 2
a, b = b, a
print(a, b)
(x, y), z = [1, 2], 3
print(x, y, z)
for k, v in {"a": 1}.items():
    print(k, v)
for src in ["p, q = [1, 2, 3]", "p, q, r = [1]", "p, q = 7", "p, q = iter([1, 2, 3])"]:
    try:
        exec_like = src
        if src == "p, q = [1, 2, 3]":
            p, q = [1, 2, 3]
        elif src == "p, q, r = [1]":
            p, q, r = [1]
        elif src == "p, q = 7":
            p, q = 7
        else:
            p, q = iter([1, 2, 3])
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.out == R"~(2 1
1 2 3
a 1
ValueError too many values to unpack (expected 2)
ValueError not enough values to unpack (expected 3, got 1)
TypeError cannot unpack non-iterable int object
ValueError too many values to unpack (expected 2)
)~");
  CHECK(r.error == R"~()~");
}

TEST_CASE("user exception classes run __init__, super() and __str__") {
  SourceRun r = run_source(R"~(class AppError(Exception):
    """An application error."""
class CodeError(AppError):
    def __init__(self, msg, code):
        super().__init__(msg)
        self.code = code
    def __str__(self):
        return f"{super().__str__()} [code {self.code}]"
    def describe(self):
        return "CodeError " + str(self.code)
try:
    raise CodeError("disk full", 28)
except AppError as e:
    print(e, "|", repr(e), "|", e.args, e.code, e.describe())
    print(isinstance(e, Exception), type(e).__name__)
try:
    raise AppError
except AppError as e:
    print(repr(e), str(e) == "")
raise CodeError("fatal", 1)
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.out == R"~(disk full [code 28] | CodeError('disk full') | ('disk full',) 28 CodeError 28
True CodeError
AppError() True
)~");
  CHECK(r.error == R"~(Traceback (most recent call last):
  File "prog.py", line 20, in <module>
    raise CodeError("fatal", 1)
CodeError: fatal [code 1]
)~");
}

TEST_CASE("names that are not defined raise NameError and UnboundLocalError") {
  SourceRun r = run_source(R"~(def f():
    print(x)
    x = 1
try:
    f()
except UnboundLocalError as e:
    print(e)
try:
    undefined_thing
except NameError as e:
    print(e)
def g():
    del_me = 1
    del del_me
    return del_me
try:
    g()
except UnboundLocalError as e:
    print(e)
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.out == R"~(cannot access local variable 'x' where it is not associated with a value
name 'undefined_thing' is not defined
cannot access local variable 'del_me' where it is not associated with a value
)~");
  CHECK(r.error == R"~()~");
}

TEST_CASE("f-strings format values with conversions and specs") {
  SourceRun r = run_source(R"~(name = "corosim"
x = 3.14159
n = 42
print(f"{name!r:>10}|{x:.2f}|{n:05d}|{n:x}|{name:^11}|{x!s}|{'é'!a}")
print(f"{n} + {n} = {n + n}", f"{{literal}}", f"{[1, 2]}", f"{None}")
width = 6
print(f"{n:>{width}}|")
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.out == R"~( 'corosim'|3.14|00042|2a|  corosim  |3.14159|'\xe9'
42 + 42 = 84 {literal} [1, 2] None
    42|
)~");
  CHECK(r.error == R"~()~");
}

TEST_CASE("assert raises AssertionError with the message") {
  SourceRun r = run_source(R"~(assert 1 + 1 == 2
try:
    assert 1 > 2, "math is broken"
except AssertionError as e:
    print("assert:", e)
try:
    assert False
except AssertionError as e:
    print(repr(e))
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.out == R"~(assert: math is broken
AssertionError()
)~");
  CHECK(r.error == R"~()~");
}

TEST_CASE("del removes names and items") {
  SourceRun r = run_source(R"~(x = 1
del x
try:
    x
except NameError as e:
    print(e)
d = {"a": 1, "b": 2}
del d["a"]
l = [1, 2, 3]
del l[0]
print(d, l)
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.out == R"~(name 'x' is not defined
{'b': 2} [2, 3]
)~");
  CHECK(r.error == R"~()~");
}

TEST_CASE("conditional expressions, chained comparisons and boolean operands") {
  SourceRun r = run_source(R"~(def check(v):
    return "small" if v < 10 else "big"
print(check(3), check(30))
print(1 < 2 <= 2 < 3, 3 > 2 > 2, "" or [] or "last", [] and 1)
one = 1
print(1 in [1, 2], 3 not in (1, 2), None is None, one is not None)
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.out == R"~(small big
True False last []
True True True True
)~");
  CHECK(r.error == R"~()~");
}

// ---- corosim-specific behaviour (no python3 oracle) ----

TEST_CASE("int overflow raises OverflowError naming the limit instead of wrapping") {
  SourceRun r = run_source(R"~(x = 9223372036854775807
try:
    x + 1
except OverflowError as e:
    print("overflow:", e)
print(x * 1)
)~");
  CHECK(r.out ==
        "overflow: integer overflow: result exceeds the 64-bit range of corosim ints "
        "(-9223372036854775808 to 9223372036854775807)\n"
        "9223372036854775807\n");
  CHECK(r.error == "");
}

TEST_CASE("max-steps stops an endless loop with a limit, not a hang") {
  SourceRun r = run_source("print('start')\nwhile True:\n    pass\n", {.max_steps = 100000});
  CHECK(r.out == "start\n");
  CHECK(r.limit == "max-steps");
  CHECK(r.error == "");
}

TEST_CASE("max-steps counts steps inside functions called from native code") {
  SourceRun r = run_source("def spin(x):\n    while True:\n        pass\nsorted([1, 2], key=spin)\n",
                           {.max_steps = 100000});
  CHECK(r.limit == "max-steps");
}

TEST_CASE("a run after a limit starts with a clean interpreter state") {
  SourceRun limited = run_source("def f():\n    while True:\n        pass\nf()\n", {.max_steps = 1000});
  CHECK(limited.limit == "max-steps");
  SourceRun r = run_source(R"~(def count(n):
    try:
        return count(n + 1)
    except RecursionError:
        return n
print(count(0))
)~");
  CHECK(r.out == "998\n");
}

