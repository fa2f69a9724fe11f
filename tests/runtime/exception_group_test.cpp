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

}  // namespace corosim
