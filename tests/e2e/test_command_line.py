"""The `corosim` command line itself: help, version, and bad usage (exit 2)."""

import unittest

from e2e_support import EXIT_OK, EXIT_UNUSABLE, CorosimTestCase

RUN_FLAGS = ("--trace", "--until", "--max-steps", "-q")

HELLO = 'print("hello")\n'


class HelpAndVersion(CorosimTestCase):

    def test_corosim_help_exits_0_and_mentions_the_run_command_and_every_flag(self):
        run = self.run_corosim("--help")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        self.assertEqual(run.stderr, "", run.describe())
        for word in ("run", "--help", "--version", *RUN_FLAGS):
            with self.subTest(word=word):
                self.assertIn(word, run.stdout, run.describe())

    def test_corosim_run_help_exits_0_and_mentions_every_flag(self):
        run = self.run_corosim("run", "--help")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        self.assertEqual(run.stderr, "", run.describe())
        for word in ("PROGRAM.py", "--help", *RUN_FLAGS):
            with self.subTest(word=word):
                self.assertIn(word, run.stdout, run.describe())

    def test_corosim_version_exits_0_and_prints_corosim_and_a_version_number(self):
        run = self.run_corosim("--version")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        self.assertRegex(run.stdout, r"\Acorosim \d+\.\d+\.\d+\n\Z")
        self.assertEqual(run.stderr, "", run.describe())


class BadCommandLine(CorosimTestCase):
    """Every way of misusing the command line exits 2 with a message on
    stderr and nothing on stdout, and never runs the program."""

    def assert_bad_usage(self, *args):
        run = self.run_corosim(*args)
        self.assertEqual(run.returncode, EXIT_UNUSABLE, run.describe())
        self.assertEqual(run.stdout, "", run.describe())
        self.assertNotEqual(run.stderr.strip(), "", run.describe())
        return run

    def test_no_arguments_at_all_exits_2(self):
        self.assert_bad_usage()

    def test_an_unknown_flag_after_run_exits_2_and_names_the_flag(self):
        self.write("prog.py", HELLO)
        run = self.assert_bad_usage("run", "prog.py", "--bogus")
        self.assertIn("--bogus", run.stderr)

    def test_an_unknown_top_level_flag_exits_2_and_names_the_flag(self):
        run = self.assert_bad_usage("--bogus")
        self.assertIn("--bogus", run.stderr)

    def test_an_unknown_command_exits_2_and_names_the_command(self):
        self.write("prog.py", HELLO)
        run = self.assert_bad_usage("walk", "prog.py")
        self.assertIn("walk", run.stderr)

    def test_run_without_a_program_exits_2(self):
        self.assert_bad_usage("run")

    def test_trace_without_a_path_exits_2(self):
        self.write("prog.py", HELLO)
        self.assert_bad_usage("run", "prog.py", "--trace")

    def test_max_steps_that_is_not_a_number_exits_2(self):
        self.write("prog.py", HELLO)
        self.assert_bad_usage("run", "prog.py", "--max-steps", "lots")

    def test_negative_max_steps_exits_2(self):
        self.write("prog.py", HELLO)
        self.assert_bad_usage("run", "prog.py", "--max-steps", "-5")

    def test_until_that_is_not_a_number_exits_2(self):
        self.write("prog.py", HELLO)
        self.assert_bad_usage("run", "prog.py", "--until", "soon")

    def test_negative_until_exits_2(self):
        self.write("prog.py", HELLO)
        self.assert_bad_usage("run", "prog.py", "--until", "-1")

    def test_two_programs_exit_2(self):
        self.write("prog.py", HELLO)
        self.write("other.py", HELLO)
        self.assert_bad_usage("run", "prog.py", "other.py")


class ProgramThatCannotBeRead(CorosimTestCase):

    def test_a_missing_program_file_exits_2_with_one_line_naming_the_file(self):
        run = self.run_corosim("run", "missing.py")
        self.assert_unusable(run, "missing.py", max_lines=1)

    def test_a_directory_given_as_the_program_exits_2_with_one_line_naming_it(self):
        self.write("adir/x.py", HELLO)
        run = self.run_corosim("run", "adir")
        self.assert_unusable(run, "adir", max_lines=1)

    def test_quiet_flag_is_accepted_in_its_long_form_too(self):
        self.write("prog.py", HELLO)
        run = self.run_corosim("run", "prog.py", "--quiet")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        self.assertEqual(run.stdout, "", run.describe())

    def test_flags_may_come_before_the_program(self):
        self.write("prog.py", HELLO)
        run = self.run_corosim("run", "--max-steps", "100000", "prog.py")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        self.assertEqual(run.stdout, "hello\n", run.describe())


if __name__ == "__main__":
    unittest.main()
