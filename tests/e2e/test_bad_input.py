"""Programs that cannot be used (exit 2, one clear message) and inputs that
must never crash or hang corosim, however large, deep or malformed."""

import ast
import os
import random
import re
import unittest

from e2e_support import (EXIT_EXCEPTION, EXIT_OK, EXIT_UNUSABLE, CorosimTestCase)

SCENARIOS = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                          "..", "..", "scenarios"))


def first_bad_utf8(data):
    """Offset of the first byte that is not part of valid UTF-8, or None."""
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as e:
        return e.start


def cpython_rejects(source_bytes):
    """True when CPython 3.11 refuses to compile the program (top-level
    await allowed, as corosim allows it)."""
    try:
        compile(source_bytes, "prog.py", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT,
                dont_inherit=True)
        return False
    except (SyntaxError, ValueError):
        return True
    except (RecursionError, MemoryError):
        return True  # too deep for CPython itself: corosim may refuse too


class SyntaxErrors(CorosimTestCase):
    """`PROGRAM.py:LINE:COL: SyntaxError: ...`, the source line and a caret
    (IndentationError and TabError are CPython's SyntaxError subclasses)."""

    # (source, whether corosim must give CPython's exact column too)
    SOURCES = (
        ("x = = 1\n", True),
        ("if True\n    pass\n", True),
        ('print("a"\n', True),
        ("x = [1, 2\n", True),
        ("return 1\n", True),
        ('x = "abc\n', True),
        ("if x:\npass\n", True),
        ("def f(a, a):\n    pass\n", True),
        # CPython's columns for these two point at no useful character
        # (2 and 1 where the offending text starts at 3 and 9): the line
        # and message must match, the column may differ.
        ("x = 1\n  y = 2\n", False),
        ("if x:\n\ta = 1\n        b = 2\n", False),
    )

    @staticmethod
    def cpython_error(source):
        """(class name, line, col, message) of CPython's SyntaxError."""
        try:
            compile(source, "prog.py", "exec", dont_inherit=True)
        except SyntaxError as e:
            return type(e).__name__, e.lineno, e.offset, e.msg
        raise AssertionError(f"CPython compiles {source!r}")

    def test_a_syntax_error_exits_2_with_file_line_col_the_source_line_and_a_caret(self):
        for source, _ in self.SOURCES:
            with self.subTest(source=source):
                _, line, _, _ = self.cpython_error(source)
                self.write("prog.py", source)
                run = self.run_corosim("run", "prog.py")
                self.assert_unusable(run, "prog.py")
                lines = run.stderr.rstrip("\n").split("\n")
                self.assertEqual(len(lines), 3, run.describe())
                m = re.fullmatch(r"prog\.py:(\d+):(\d+): (SyntaxError|IndentationError|TabError): (.+)",
                                 lines[0])
                self.assertIsNotNone(m, run.describe())
                self.assertEqual(int(m.group(1)), line, run.describe())
                self.assertEqual(lines[1], source.split("\n")[line - 1], run.describe())
                self.assertEqual(lines[2].expandtabs(1), " " * (int(m.group(2)) - 1) + "^", run.describe())

    def test_a_syntax_error_has_cpythons_type_message_and_position(self):
        for source, exact_column in self.SOURCES:
            with self.subTest(source=source):
                kind, line, col, message = self.cpython_error(source)
                self.write("prog.py", source)
                run = self.run_corosim("run", "prog.py")
                if not exact_column:
                    self.assertRegex(run.stderr, rf"\Aprog\.py:{line}:\d+: {kind}: {re.escape(message)}\n",
                                     run.describe())
                    continue
                text = source.split("\n")[line - 1]
                caret = "".join("\t" if c == "\t" else " " for c in text[:col - 1]) + "^"
                self.assertEqual(run.stderr, f"prog.py:{line}:{col}: {kind}: {message}\n{text}\n{caret}\n",
                                 run.describe())

    def test_a_syntax_error_names_the_program_path_as_given(self):
        self.write("sub/dir/bad.py", "x = = 1\n")
        run = self.run_corosim("run", "sub/dir/bad.py")
        self.assert_unusable(run, "sub/dir/bad.py")

    def test_a_syntax_error_late_in_the_file_runs_nothing_before_it(self):
        self.write("prog.py", 'print("first")\n' * 5 + "x = = 1\n")
        run = self.run_corosim("run", "prog.py")
        self.assert_unusable(run, "prog.py")
        self.assertTrue(run.stderr.startswith("prog.py:6:5: SyntaxError: "), run.describe())


class UnsupportedConstructs(CorosimTestCase):
    """Constructs outside the subset are refused before anything runs."""

    def test_async_for_is_refused_with_exit_2_and_the_exact_message(self):
        self.write("prog.py", "import asyncio\n\nasync def main():\n    async for x in y:\n        pass\n")
        run = self.run_corosim("run", "prog.py")
        self.assert_unusable(run, "prog.py")
        self.assertEqual(run.stderr,
                         "prog.py:4:5: unsupported: 'async for' is not supported yet\n"
                         "    async for x in y:\n"
                         "    ^\n")

    # (source, line, a word the message must contain)
    CASES = (
        ("with open('f') as f:\n    pass\n", 1, "'with'"),
        ("async def g():\n    yield 1\n", 2, "'yield' inside 'async def'"),
        ("@dec\nclass C:\n    pass\n", 2, "class decorators"),
        ("match x:\n    case 1:\n        pass\n", 1, "'match'"),
        ("if (n := 10) > 5:\n    pass\n", 1, ":="),
        ("class Point:\n    def __add__(self, other):\n        pass\n", 2, "__add__"),
        ("import os\n", 1, "os"),
        ("x = b'abc'\n", 1, "bytes"),
        ("async def main():\n    return [x async for x in y]\n", 2, "async"),
    )

    def test_each_construct_outside_the_subset_is_refused_with_exit_2_naming_it(self):
        for source, line, word in self.CASES:
            with self.subTest(source=source):
                self.write("prog.py", 'print("ran")\n' + source)
                run = self.run_corosim("run", "prog.py")
                self.assert_unusable(run, "prog.py")
                first = run.stderr.split("\n")[0]
                self.assertRegex(first, rf"\Aprog\.py:{line + 1}:\d+: unsupported: .+\Z", run.describe())
                self.assertIn(word, first, run.describe())


class NotUtf8(CorosimTestCase):

    def test_a_file_that_is_not_utf8_exits_2_naming_the_first_bad_byte(self):
        self.write("prog.py", b"x = 1\n\xff\n")
        run = self.run_corosim("run", "prog.py")
        self.assert_unusable(run, "prog.py", max_lines=1)
        self.assertEqual(run.stderr, "prog.py: not valid UTF-8 at byte 6\n")

    def test_a_latin1_string_literal_is_not_utf8(self):
        self.write("prog.py", b"print('caf\xe9')\n")
        run = self.run_corosim("run", "prog.py")
        self.assertEqual(run.stderr, "prog.py: not valid UTF-8 at byte 10\n", run.describe())
        self.assert_exit(run, EXIT_UNUSABLE)

    def test_a_truncated_multibyte_sequence_at_the_end_is_not_utf8(self):
        self.write("prog.py", b"x = 1\n# \xe2\x82")
        run = self.run_corosim("run", "prog.py")
        self.assertEqual(run.stderr, "prog.py: not valid UTF-8 at byte 8\n", run.describe())
        self.assert_exit(run, EXIT_UNUSABLE)

    def test_valid_multibyte_text_runs(self):
        self.write("prog.py", "print('café ☕ 日本')\n")
        run = self.run_corosim("run", "prog.py")
        self.assert_exit(run, EXIT_OK)
        self.assertEqual(run.stdout, "café ☕ 日本\n")

    def test_random_binary_files_exit_2_naming_the_first_bad_byte(self):
        for seed in range(10):
            with self.subTest(seed=seed):
                data = random.Random(seed).randbytes(64 * 1024)
                bad = first_bad_utf8(data)
                self.assertIsNotNone(bad)
                self.write("prog.py", data)
                run = self.run_corosim("run", "prog.py")
                self.assertEqual(run.stderr, f"prog.py: not valid UTF-8 at byte {bad}\n", run.describe())
                self.assert_exit(run, EXIT_UNUSABLE)


class NulBytes(CorosimTestCase):

    def test_a_nul_byte_in_the_source_exits_2_with_one_message(self):
        self.write("prog.py", b"x = 1\x00\nprint(x)\n")
        run = self.run_corosim("run", "prog.py")
        self.assert_unusable(run, "prog.py")

    def test_a_nul_byte_inside_a_string_literal_exits_2_with_one_message(self):
        self.write("prog.py", b"print('a\x00b')\n")
        run = self.run_corosim("run", "prog.py")
        self.assert_unusable(run, "prog.py")


class EmptyAndTrivialFiles(CorosimTestCase):

    def test_an_empty_file_exits_0_with_no_output(self):
        self.write("prog.py", "")
        run = self.run_corosim("run", "prog.py")
        self.assert_exit(run, EXIT_OK)
        self.assertEqual((run.stdout, run.stderr), ("", ""))

    def test_a_file_of_only_comments_exits_0_with_no_output(self):
        self.write("prog.py", "# one\n    # indented comment\n\n# last, no newline")
        run = self.run_corosim("run", "prog.py")
        self.assert_exit(run, EXIT_OK)
        self.assertEqual((run.stdout, run.stderr), ("", ""))

    def test_a_file_of_only_blank_lines_and_spaces_exits_0_with_no_output(self):
        self.write("prog.py", "\n\n   \n\t\n")
        run = self.run_corosim("run", "prog.py")
        self.assert_exit(run, EXIT_OK)
        self.assertEqual((run.stdout, run.stderr), ("", ""))

    def test_a_last_line_without_newline_runs(self):
        self.write("prog.py", "print(1)")
        run = self.run_corosim("run", "prog.py")
        self.assert_exit(run, EXIT_OK)
        self.assertEqual(run.stdout, "1\n")

    def test_crlf_line_endings_run(self):
        self.write("prog.py", b"x = 1\r\nif x:\r\n    print('yes')\r\n")
        run = self.run_corosim("run", "prog.py")
        self.assert_exit(run, EXIT_OK)
        self.assertEqual(run.stdout, "yes\n")

    def test_a_utf8_byte_order_mark_is_accepted_as_cpython_accepts_it(self):
        self.write("prog.py", "\ufeffprint(1)\n")
        run = self.run_corosim("run", "prog.py")
        self.assert_exit(run, EXIT_OK)
        self.assertEqual(run.stdout, "1\n")


class HugeAndDeepInput(CorosimTestCase):
    """Nothing may crash, hang or exhaust memory; a refusal is exit 2 with
    one message."""

    def assert_refused_or_ran(self, source, allowed=(EXIT_OK, EXIT_UNUSABLE), stdout=None):
        self.write("prog.py", source)
        run = self.run_corosim("run", "prog.py", "--max-steps", "50000000")
        self.assertIn(run.returncode, allowed, run.describe())
        if run.returncode == EXIT_UNUSABLE:
            self.assert_one_message(run, "prog.py")
            # The caret line repeats a huge source line: check the count only.
        elif run.returncode == EXIT_OK and stdout is not None:
            self.assertEqual(run.stdout, stdout, run.describe())
        elif run.returncode == EXIT_EXCEPTION:
            self.assertRegex(run.stderr.rstrip("\n").split("\n")[-1], r"^\w+(: .*)?$", run.describe())
        return run

    def test_a_million_nested_parentheses_exit_2_with_one_message(self):
        self.write("prog.py", "(" * 1_000_000)
        run = self.run_corosim("run", "prog.py")
        self.assert_unusable(run, "prog.py")

    def test_a_million_balanced_nested_parentheses_exit_2_with_one_message(self):
        self.write("prog.py", "x = " + "(" * 1_000_000 + "1" + ")" * 1_000_000 + "\n")
        run = self.run_corosim("run", "prog.py")
        self.assert_unusable(run, "prog.py")

    def test_a_hundred_thousand_nested_brackets_exit_2_with_one_message(self):
        self.write("prog.py", "[" * 100_000)
        run = self.run_corosim("run", "prog.py")
        self.assert_unusable(run, "prog.py")

    def test_a_hundred_thousand_nested_braces_exit_2_with_one_message(self):
        self.write("prog.py", "x = " + "{" * 100_000 + "}" * 100_000 + "\n")
        run = self.run_corosim("run", "prog.py")
        self.assert_unusable(run, "prog.py")

    def test_a_hundred_thousand_unary_minus_signs_do_not_crash(self):
        self.assert_refused_or_ran("print(" + "-" * 100_000 + "1)\n", stdout="1\n")

    def test_a_hundred_thousand_nots_do_not_crash(self):
        self.assert_refused_or_ran("print(" + "not " * 100_000 + "True)\n", stdout="True\n")

    def test_a_sum_of_two_hundred_thousand_terms_does_not_crash(self):
        self.assert_refused_or_ran("print(" + " + ".join(["1"] * 200_000) + ")\n", stdout="200000\n")

    def test_a_chain_of_a_hundred_thousand_comparisons_does_not_crash(self):
        self.assert_refused_or_ran("print(" + " < ".join(["1"] * 100_000) + ")\n", stdout="False\n")

    def test_a_hundred_thousand_nested_lambdas_do_not_crash(self):
        self.assert_refused_or_ran("f = " + "lambda: " * 100_000 + "1\nprint('ok')\n", stdout="ok\n")

    def test_a_hundred_thousand_chained_calls_do_not_crash(self):
        self.assert_refused_or_ran("def f():\n    return f\n\nf" + "()" * 100_000 + "\nprint('ok')\n",
                                   stdout="ok\n")

    def test_a_hundred_thousand_chained_attribute_lookups_do_not_crash(self):
        self.assert_refused_or_ran("x = 'a'\ny = x" + ".upper()" * 100_000 + "\nprint(y)\n",
                                   stdout="A\n")

    def test_ten_thousand_levels_of_indentation_do_not_crash(self):
        source = "".join("    " * i + "if True:\n" for i in range(10_000))
        source += "    " * 10_000 + "print('deep')\n"
        self.assert_refused_or_ran(source, stdout="deep\n")

    def test_a_hundred_thousand_elifs_do_not_crash(self):
        source = "x = 5\nif x == -1:\n    pass\n"
        source += "".join(f"elif x == {i}:\n    print({i})\n" for i in range(100_000))
        self.assert_refused_or_ran(source, stdout="5\n")

    def test_a_hundred_thousand_nested_f_string_fields_do_not_crash(self):
        self.assert_refused_or_ran("print(f'{" + "(" * 100_000 + "1" + ")" * 100_000 + "}')\n")

    def test_a_one_megabyte_file_of_valid_statements_runs(self):
        lines, size, i = [], 0, 0
        while size < 1_000_000:
            line = f"v{i % 1000} = {i} * 2 + len('abc') - (v{(i + 1) % 1000} if {i} > 1000 else 0)\n"
            lines.append(line)
            size += len(line)
            i += 1
        source = "".join(lines) + "print(v0, v999, len([v0, v1]))\n"
        self.write("prog.py", source)
        code, out, _ = self.run_python("prog.py")
        run = self.run_corosim("run", "prog.py")
        self.assert_exit(run, EXIT_OK)
        self.assertEqual(run.stdout, out)
        self.assertEqual(run.stderr, "")

    def test_a_one_megabyte_string_literal_runs(self):
        self.write("prog.py", "x = '" + "a" * 1_000_000 + "'\nprint(len(x))\n")
        run = self.run_corosim("run", "prog.py")
        self.assert_exit(run, EXIT_OK)
        self.assertEqual(run.stdout, "1000000\n")

    def test_a_very_long_line_with_a_syntax_error_gives_one_message(self):
        self.write("prog.py", "x = [" + "1, " * 300_000 + "= ]\n")
        run = self.run_corosim("run", "prog.py")
        self.assert_unusable(run, "prog.py")

    def test_a_64_megabyte_file_of_comments_is_run_or_refused_with_one_message(self):
        self.write("prog.py", "#" * (64 * 1024 * 1024) + "\n")
        run = self.run_corosim("run", "prog.py")
        self.assertIn(run.returncode, (EXIT_OK, EXIT_UNUSABLE), run.describe())
        if run.returncode == EXIT_UNUSABLE:
            self.assert_unusable(run, "prog.py", max_lines=1)
        else:
            self.assertEqual((run.stdout, run.stderr), ("", ""))


class DeepRecursionInTheProgram(CorosimTestCase):
    """Recursion deeper than CPython's limit is a catchable RecursionError,
    never a crash of corosim."""

    def assert_same_as_cpython(self, source, exit_code=EXIT_OK):
        self.write("prog.py", source)
        run = self.run_corosim("run", "prog.py")
        code, out, err = self.run_python("prog.py")
        self.assertEqual(code, exit_code, err)
        self.assertEqual(run.returncode, exit_code, run.describe())
        self.assertEqual(run.stdout, out, run.describe())
        return run, err

    def test_runaway_recursion_in_a_function_raises_a_catchable_recursion_error(self):
        self.assert_same_as_cpython("""\
def down(n):
    return down(n + 1)

try:
    down(0)
except RecursionError as e:
    print("caught", type(e).__name__, e)
print("still running")
""")

    def test_runaway_recursion_called_from_a_coroutine_is_catchable(self):
        self.assert_same_as_cpython("""\
import asyncio

def down(n):
    return down(n + 1)

async def main():
    try:
        down(0)
    except RecursionError:
        print("caught")
    await asyncio.sleep(1)
    print("after sleep")

asyncio.run(main())
""")

    def test_runaway_recursion_of_awaited_coroutines_is_catchable(self):
        self.assert_same_as_cpython("""\
import asyncio

async def down(n):
    return await down(n + 1)

async def main():
    try:
        await down(0)
    except RecursionError:
        print("caught")

asyncio.run(main())
""")

    def test_uncaught_runaway_recursion_exits_1_with_a_short_traceback(self):
        run, err = self.assert_same_as_cpython("def down(n):\n    return down(n + 1)\n\ndown(0)\n",
                                               exit_code=EXIT_EXCEPTION)
        self.assertEqual(run.stderr.splitlines()[-1], err.splitlines()[-1])
        self.assertIn("[Previous line repeated", run.stderr)
        self.assertLess(len(run.stderr), 10_000, "the repeated frames are folded as CPython folds them")

    def test_recursion_that_stays_within_the_limit_works(self):
        self.assert_same_as_cpython("""\
def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)

print(depth(900))
""")

    def test_repr_of_a_list_that_contains_itself_prints_an_ellipsis(self):
        self.assert_same_as_cpython("l = [1]\nl.append(l)\nd = {}\nd['me'] = d\nprint(l, d)\n")

    def test_repr_of_a_very_deeply_nested_list_does_not_crash(self):
        self.assert_same_as_cpython("""\
x = []
for i in range(100000):
    x = [x]
try:
    s = repr(x)
    print("repr", len(s))
except RecursionError:
    print("RecursionError")
""")

    def test_comparing_very_deeply_nested_lists_does_not_crash(self):
        self.assert_same_as_cpython("""\
x = []
y = []
for i in range(100000):
    x = [x]
    y = [y]
try:
    print(x == y)
except RecursionError:
    print("RecursionError")
""")


class MutatedPrograms(CorosimTestCase):
    """Seeded random mutations of the scenario programs: corosim never
    crashes or hangs, a program CPython refuses to compile is refused (exit
    2, one message), and one CPython compiles is at most "unsupported"."""

    # More cases or another seed: COROSIM_E2E_FUZZ_CASES=5000 COROSIM_E2E_SEED=7
    MUTATIONS = int(os.environ.get("COROSIM_E2E_FUZZ_CASES", "150"))
    SEED = int(os.environ.get("COROSIM_E2E_SEED", "20240611"))

    TOKENS = ("(", ")", "[", "]", "{", "}", ":", ",", "=", "+", "*", "**", "await ", "async ",
              "def ", "return ", "lambda ", "if ", "else ", "for ", " in ", "\n", "    ", "\t",
              "'", '"', '"""', "f'{", "}'", "\\", "#", "0", "1e", "x", "asyncio.sleep(1)",
              "raise ", "try:", "except", "yield ", "global x", "nonlocal x", ".", "...")

    def mutate(self, rnd, text):
        for _ in range(rnd.randint(1, 4)):
            op = rnd.randrange(5)
            pos = rnd.randrange(len(text) + 1)
            if op == 0:  # delete a span
                text = text[:pos] + text[pos + rnd.randint(1, 20):]
            elif op == 1:  # insert a token
                text = text[:pos] + rnd.choice(self.TOKENS) + text[pos:]
            elif op == 2:  # duplicate a line
                lines = text.split("\n")
                k = rnd.randrange(len(lines))
                lines.insert(k, lines[k])
                text = "\n".join(lines)
            elif op == 3:  # swap two lines
                lines = text.split("\n")
                a, b = rnd.randrange(len(lines)), rnd.randrange(len(lines))
                lines[a], lines[b] = lines[b], lines[a]
                text = "\n".join(lines)
            else:  # re-indent a line
                lines = text.split("\n")
                k = rnd.randrange(len(lines))
                lines[k] = rnd.choice(("", "  ", "    ", "        ", "\t")) + lines[k].lstrip()
                text = "\n".join(lines)
        return text

    def test_mutated_scenarios_never_crash_and_are_refused_when_cpython_refuses_them(self):
        sources = []
        for root, _, files in sorted(os.walk(SCENARIOS)):
            for name in sorted(files):
                if name.endswith(".py"):
                    with open(os.path.join(root, name), encoding="utf-8") as f:
                        sources.append(f.read())
        if not sources:
            self.skipTest(f"no scenarios under {SCENARIOS}")
        rnd = random.Random(self.SEED)
        for i in range(self.MUTATIONS):
            text = self.mutate(rnd, rnd.choice(sources))
            data = text.encode("utf-8")
            with self.subTest(seed=self.SEED, case=i, program=text):
                self.write("prog.py", data)
                run = self.run_corosim("run", "prog.py", "--max-steps", "1000000", timeout=30)
                if cpython_rejects(data):
                    self.assert_unusable(run, "prog.py")
                elif run.returncode == EXIT_UNUSABLE:
                    # Valid Python may be refused as unsupported, never
                    # called a syntax error.
                    self.assert_one_message(run, "prog.py")
                    self.assertRegex(run.stderr, r"\Aprog\.py:\d+:\d+: unsupported: ", run.describe())


if __name__ == "__main__":
    unittest.main()
