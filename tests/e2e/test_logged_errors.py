"""stderr carries what CPython's asyncio logs about errors nobody receives:
an exception escaping a loop callback ("Exception in callback ...") and a
task or future whose exception was never retrieved, at the moment the last
reference goes. The expected text is python3's own stderr, made comparable:
paths as given, asyncio's own frames and caret lines dropped, and a timer
handle's deadline (CPython's monotonic clock, corosim's virtual one) masked."""

import os
import re
import unittest

from e2e_support import EXIT_OK, CorosimTestCase

CALLBACK_ERRORS = """\
import asyncio

def bad(x):
    raise ValueError("boom %d" % x)

async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(bad, 1)
    loop.call_later(0.5, bad, 2)
    fut = loop.create_future()
    fut.add_done_callback(lambda f: 1 / 0)
    fut.set_result(3)
    await asyncio.sleep(1)
    print("done")

asyncio.run(main())
"""

NEVER_RETRIEVED = """\
import asyncio

async def fail(n):
    await asyncio.sleep(n)
    raise ValueError(f"lost {n}")

async def main():
    asyncio.create_task(fail(0.1))
    t = asyncio.create_task(fail(0.2))
    await asyncio.sleep(0.5)
    print("before drop")
    del t
    print("after drop")
    fut = asyncio.get_running_loop().create_future()
    fut.set_exception(KeyError("k"))
    fut = None
    retrieved = asyncio.create_task(fail(0.1))
    await asyncio.sleep(0.2)
    print(repr(retrieved.exception()))
    del retrieved
    print("end")

asyncio.run(main())
"""

WHEN = re.compile(r"when=[0-9.]+")


def comparable(stderr, directory):
    """stderr with paths as given, without asyncio's frames and caret lines,
    and with every TimerHandle deadline masked."""
    lines = stderr.replace(directory + os.sep, "").split("\n")
    kept, skip_source = [], False
    for line in lines:
        if skip_source:
            skip_source = False
            continue
        if line.startswith('  File "') and "/asyncio/" in line:
            skip_source = True  # and the source line under it
            continue
        if line.strip() and set(line.strip()) <= set("^~"):
            continue
        kept.append(line)
    return WHEN.sub("when=<t>", "\n".join(kept))


class LoggedErrorsMatchCPython(CorosimTestCase):

    def check_program(self, source):
        self.write("prog.py", source)
        code, out, err = self.run_python("prog.py")
        self.assertEqual(code, 0, err)
        run = self.run_corosim("run", "prog.py")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        self.assertEqual(run.stdout, out)
        self.assertEqual(comparable(run.stderr, self.dir), comparable(err, self.dir))
        return run

    def test_an_exception_in_a_callback_is_logged_with_its_handle(self):
        run = self.check_program(CALLBACK_ERRORS)
        self.assertIn("Exception in callback bad(1) at prog.py:3\nhandle: <Handle bad(1) at prog.py:3>\n",
                      run.stderr)

    def test_an_exception_never_retrieved_is_logged_when_its_task_is_freed(self):
        run = self.check_program(NEVER_RETRIEVED)
        self.assertEqual(run.stderr.count("exception was never retrieved"), 3)


if __name__ == "__main__":
    unittest.main()
