#include "cli/commands.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "sim/program.h"
#include "tests/support/command_output.h"

namespace corosim {
namespace {

using testing::capture_output;
using testing::CommandOutput;

CommandOutput cli(std::vector<std::string> args) {
  args.insert(args.begin(), "corosim");
  return capture_output([&](std::ostream& out, std::ostream& err) { return corosim_main(args, out, err); });
}

TEST_CASE("corosim --version prints the version and exits 0") {
  CommandOutput r = cli({"--version"});
  CHECK(r.status == 0);
  CHECK(r.out == "corosim 0.1.0\n");
  CHECK(r.err == "");
}

TEST_CASE("corosim --help explains corosim, shows an example and lists commands and their exit codes") {
  CommandOutput r = cli({"--help"});
  CHECK(r.status == 0);
  CHECK(r.out == corosim_help());
  CHECK(r.out.rfind("corosim runs a Python asyncio program in virtual time", 0) == 0);
  CHECK(r.out.find("Usage: corosim [OPTIONS] SUBCOMMAND") != std::string::npos);
  CHECK(r.out.find("  run                         run a program in virtual time") != std::string::npos);
  CHECK(r.out.find("  corosim run scenarios/seed/notebook.py --trace notebook.json\n") != std::string::npos);
  CHECK(r.out.find("Exit codes:") != std::string::npos);
}

TEST_CASE("corosim --help is the whole manual: every command's help, exit codes included, in table order") {
  std::string help = corosim_help();
  std::size_t at = 0;
  for (const char* name : {"run", "view", "diff", "check", "test", "validate"}) {
    CAPTURE(name);
    CommandOutput r = cli({name, "--help"});
    REQUIRE(r.status == 0);
    // Minus the summary line, which the list of commands has.
    std::string part = r.out.substr(r.out.find("Usage: corosim "));
    CHECK(part.find("\nExit codes:\n  0  ") != std::string::npos);
    std::size_t found = help.find("\n" + part, at);
    REQUIRE(found != std::string::npos);
    at = found + part.size();
  }
  CHECK(help.find("Examples:\n", at) != std::string::npos);
}

TEST_CASE("run's exit codes are the outcomes of a program") {
  std::string run = run_help();
  for (const ExitCodeInfo& row : kExitCodes) {
    std::string line = "  " + std::to_string(static_cast<int>(row.code)) + "  " + row.meaning + "\n";
    CHECK(run.find(line) != std::string::npos);
  }
}

// The README's "Command line" section quotes `corosim --help` in a ``` block.
TEST_CASE("the README shows corosim --help as it is") {
  std::filesystem::path readme = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "README.md";
  std::ifstream in(readme);
  REQUIRE_MESSAGE(in, "cannot read " << readme.string());
  std::stringstream text;
  text << in.rdbuf();
  std::string readme_text = text.str();
  std::size_t intro = readme_text.find("`corosim --help` is the whole manual");
  REQUIRE(intro != std::string::npos);
  std::size_t begin = readme_text.find("```\n", intro) + 4;
  std::size_t end = readme_text.find("\n```\n", begin) + 1;
  CHECK(readme_text.substr(begin, end - begin) == corosim_help());
}

TEST_CASE("corosim run --help lists every flag with its default") {
  CommandOutput r = cli({"run", "--help"});
  CHECK(r.status == 0);
  CHECK(r.out == run_help());
  CHECK(r.out.find("Usage: corosim run [OPTIONS] PROGRAM.py") != std::string::npos);
  CHECK(r.out.find("  --trace OUT.json ") != std::string::npos);
  CHECK(r.out.find("(default: no trace)") != std::string::npos);
  CHECK(r.out.find("  --until SECONDS ") != std::string::npos);
  CHECK(r.out.find("(default: run to the end)") != std::string::npos);
  CHECK(r.out.find("  --max-steps N ") != std::string::npos);
  CHECK(r.out.find("(default: 200000000)") != std::string::npos);
  CHECK(r.out.find("  -q,--quiet ") != std::string::npos);
}

TEST_CASE("corosim view --help lists the same view flags as run --help, with their defaults") {
  CommandOutput r = cli({"view", "--help"});
  CHECK(r.status == 0);
  CHECK(r.out == view_help());
  CHECK(r.out.find("Usage: corosim view [OPTIONS] TRACE.json") != std::string::npos);
  std::string run = run_help();
  for (const char* flag : {"  --html OUT.html ", "  --chrome-trace OUT.json ", "  --gantt ", "  --width N ",
                           "  --all-tasks "}) {
    CAPTURE(flag);
    size_t at = r.out.find(flag);
    REQUIRE(at != std::string::npos);
    std::string line = r.out.substr(at, r.out.find('\n', at) - at);
    CHECK(run.find(line + "\n") != std::string::npos);
  }
  CHECK(r.out.find("(default: the terminal's width, else $COLUMNS, else 100)") != std::string::npos);
}

TEST_CASE("--width must be a whole number of columns the chart can use") {
  CHECK(cli({"view", "t.json", "--width", "10"}).err ==
        "corosim: --width: must be a whole number of columns from 40 to 1000, got '10'\n"
        "Run 'corosim view --help' for usage.\n");
  // The range is the one the chart is drawn in (kMinGanttWidth..kMaxGanttWidth).
  CHECK(cli({"view", "t.json", "--width", "1001"}).err ==
        "corosim: --width: must be a whole number of columns from 40 to 1000, got '1001'\n"
        "Run 'corosim view --help' for usage.\n");
  CHECK(cli({"view", "none.json", "--width", "1000"}).err == "none.json: cannot open file: No such file or directory\n");
  CHECK(cli({"run", "x.py", "--width", "-80"}).status == 2);
  CHECK(cli({"run", "x.py", "--width", "wide"}).status == 2);
}

TEST_CASE("a missing command is a usage error with exit 2 and a hint to --help") {
  CommandOutput r = cli({});
  CHECK(r.status == 2);
  CHECK(r.out == "");
  CHECK(r.err == "corosim: A subcommand is required\nRun 'corosim --help' for usage.\n");
}

TEST_CASE("an unknown command is named, with the known ones") {
  CommandOutput r = cli({"frob", "x.py"});
  CHECK(r.status == 2);
  CHECK(r.err == "corosim: unknown command 'frob' (commands: run, view, diff, check, test, validate)\nRun 'corosim --help' for usage.\n");
}

TEST_CASE("run without a program is a usage error pointing to run --help") {
  CommandOutput r = cli({"run"});
  CHECK(r.status == 2);
  CHECK(r.err == "corosim: PROGRAM.py is required\nRun 'corosim run --help' for usage.\n");
}

TEST_CASE("an unknown option before the command is named, not reported as a missing command") {
  CommandOutput r = cli({"--bogus"});
  CHECK(r.status == 2);
  CHECK(r.out == "");
  CHECK(r.err == "corosim: unknown option '--bogus'\nRun 'corosim --help' for usage.\n");
  CHECK(cli({"--bogus=1", "run", "x.py"}).err == "corosim: unknown option '--bogus'\nRun 'corosim --help' for usage.\n");
}

TEST_CASE("a run option before the command says where it belongs") {
  CommandOutput r = cli({"-q", "run", "x.py"});
  CHECK(r.status == 2);
  CHECK(r.err == "corosim: unknown option '-q' (an option of 'corosim run': put it after the command)\n"
                 "Run 'corosim --help' for usage.\n");
  CHECK(cli({"--gantt", "view", "t.json"}).err ==
        "corosim: unknown option '--gantt' (an option of 'corosim run' and 'corosim view': put it after the command)\n"
        "Run 'corosim --help' for usage.\n");
  CHECK(cli({"--trace=t.json", "run", "x.py"}).err ==
        "corosim: unknown option '--trace' (an option of 'corosim run': put it after the command)\n"
        "Run 'corosim --help' for usage.\n");
}

TEST_CASE("test --update points to check, which updates goldens") {
  for (auto args : {std::vector<std::string>{"test", "--update"}, std::vector<std::string>{"test", "s", "--update", "-j", "2"}}) {
    CommandOutput r = cli(args);
    CHECK(r.status == 2);
    CHECK(r.out == "");
    CHECK(r.err ==
          "corosim: test never updates goldens; record or refresh one with corosim check PROGRAM.py --update\n");
  }
  // After "--" it is a path.
  CHECK(cli({"test", "--", "--update"}).err == "corosim: --update: no such file or directory\n");
}

TEST_CASE("an unknown flag is a usage error") {
  CommandOutput r = cli({"run", "x.py", "--bogus"});
  CHECK(r.status == 2);
  CHECK(r.err == "corosim: The following argument was not expected: --bogus\n"
                 "Run 'corosim run --help' for usage.\n");
}

TEST_CASE("--until must be a finite number of seconds, at least 0") {
  CHECK(cli({"run", "x.py", "--until", "-1"}).err ==
        "corosim: --until: must be a number of seconds >= 0, got '-1'\n"
        "Run 'corosim run --help' for usage.\n");
  CHECK(cli({"run", "x.py", "--until", "nan"}).status == 2);
  CHECK(cli({"run", "x.py", "--until", "inf"}).status == 2);
  CHECK(cli({"run", "x.py", "--until", "soon"}).status == 2);
}

TEST_CASE("--max-steps must be a whole number that fits 64 bits") {
  CHECK(cli({"run", "x.py", "--max-steps", "-5"}).err ==
        "corosim: --max-steps: must be a whole number of steps >= 0 (0: no limit), got '-5'\n"
        "Run 'corosim run --help' for usage.\n");
  CHECK(cli({"run", "x.py", "--max-steps", "1e3"}).status == 2);
  CHECK(cli({"run", "x.py", "--max-steps", "99999999999999999999999"}).status == 2);
}

TEST_CASE("a missing program file is reported with exit 2") {
  CommandOutput r = cli({"run", "no-such-program.py"});
  CHECK(r.status == 2);
  CHECK(r.out == "");
  CHECK(r.err == "no-such-program.py: cannot open file: No such file or directory\n");
}

}  // namespace
}  // namespace corosim
