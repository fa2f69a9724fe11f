// BaseExceptionGroup and ExceptionGroup run as a Python program; the expected
// output is what python3 (CPython 3.11.7) printed for the same program.
#include "sim/runtime/exception_group.h"

#include <doctest/doctest.h>

#include "tests/lib/asyncio_program.h"

namespace corosim {

using testing::ProgramRun;
using testing::run_asyncio_program;

TEST_CASE("ExceptionGroup: class choice, checks, message, exceptions, str, derive, catching") {
  ProgramRun r = run_asyncio_program(R"~(import asyncio
e = BaseExceptionGroup("msg", [ValueError("a"), TypeError("b")])
print(type(e).__name__, repr(e), str(e), e.message, e.exceptions, e.args)
b = BaseExceptionGroup("m2", (KeyboardInterrupt(),))
print(type(b).__name__, repr(b), str(b), isinstance(b, Exception), isinstance(e, Exception), isinstance(e, BaseExceptionGroup))
print(issubclass(ExceptionGroup, Exception), issubclass(ExceptionGroup, BaseExceptionGroup), issubclass(BaseExceptionGroup, Exception), ExceptionGroup.__mro__ if False else ExceptionGroup.__name__)
for args in [("x", []), (1, [ValueError()]), ("x", 5), ("x", [1]), ("x",)]:
    try:
        BaseExceptionGroup(*args)
    except (TypeError, ValueError) as err:
        print(type(err).__name__, err)
try:
    ExceptionGroup("x", [KeyboardInterrupt()])
except TypeError as err:
    print(err)
try:
    raise ExceptionGroup("boom", [ValueError(1)])
except Exception as eg:
    print("caught as Exception", eg)
try:
    raise ExceptionGroup("boom", [ValueError(1)])
except ExceptionGroup as eg:
    print("caught", eg, eg.exceptions)
d = e.derive([KeyError("k")])
print(repr(d), d.message)
try:
    e.message = "x"
except AttributeError as err:
    print("AttributeError", err)
)~");
  CHECK(r.err == "");
  CHECK(r.out ==
        "ExceptionGroup ExceptionGroup('msg', [ValueError('a'), TypeError('b')]) msg (2 sub-exceptions) msg (ValueError('a'), TypeError('b')) ('msg', [ValueError('a'), TypeError('b')])\n"
        "BaseExceptionGroup BaseExceptionGroup('m2', (KeyboardInterrupt(),)) m2 (1 sub-exception) False True True\n"
        "True True False ExceptionGroup\n"
        "ValueError second argument (exceptions) must be a non-empty sequence\n"
        "TypeError BaseExceptionGroup.__new__() argument 1 must be str, not int\n"
        "TypeError second argument (exceptions) must be a sequence\n"
        "ValueError Item 0 of second argument (exceptions) is not an exception\n"
        "TypeError BaseExceptionGroup.__new__() takes exactly 2 arguments (1 given)\n"
        "Cannot nest BaseExceptions in an ExceptionGroup\n"
        "caught as Exception boom (1 sub-exception)\n"
        "caught boom (1 sub-exception) (ValueError(1),)\n"
        "ExceptionGroup('msg', [KeyError('k')]) msg\n"
        "AttributeError readonly attribute\n");
}

TEST_CASE("ExceptionGroup.split and subgroup: nested groups, predicates, matcher errors") {
  ProgramRun r = run_asyncio_program(R"~(eg = ExceptionGroup("outer", [ValueError(1), TypeError(2), ExceptionGroup("inner", [ValueError(3), KeyError(4)])])
try:
    raise eg
except ExceptionGroup as caught:
    pass
print(eg.split(ValueError))
print(eg.split((TypeError, KeyError)))
print(eg.subgroup(lambda e: isinstance(e, ValueError) and e.args[0] > 1))
print(eg.subgroup(ExceptionGroup) is eg, eg.subgroup(OSError))
m, r = eg.split(ValueError)
print(m.__suppress_context__, m.__cause__, type(m).__name__, m.message, m.args)
for bad in (1, (ValueError, 1), "x"):
    try:
        eg.split(bad)
    except TypeError as e:
        print("TypeError", e)
b = BaseExceptionGroup("b", [KeyboardInterrupt(), ValueError(0)])
print(b.split(Exception), b.subgroup(BaseException) is b)
)~");
  CHECK(r.err == "");
  CHECK(r.out ==
        "(ExceptionGroup('outer', [ValueError(1), ExceptionGroup('inner', [ValueError(3)])]), ExceptionGroup('outer', [TypeError(2), ExceptionGroup('inner', [KeyError(4)])]))\n"
        "(ExceptionGroup('outer', [TypeError(2), ExceptionGroup('inner', [KeyError(4)])]), ExceptionGroup('outer', [ValueError(1), ExceptionGroup('inner', [ValueError(3)])]))\n"
        "outer (1 sub-exception)\n"
        "True None\n"
        "True None ExceptionGroup outer ('outer', [ValueError(1), ExceptionGroup('inner', [ValueError(3)])])\n"
        "TypeError expected a function, exception type or tuple of exception types\n"
        "TypeError expected a function, exception type or tuple of exception types\n"
        "TypeError expected a function, exception type or tuple of exception types\n"
        "(ExceptionGroup('b', [ValueError(0)]), BaseExceptionGroup('b', [KeyboardInterrupt()])) True\n");
}

}  // namespace corosim
