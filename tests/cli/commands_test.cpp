#include "cli/commands.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/program.h"

namespace corosim {
namespace {

struct CliRun {
  int status;
  std::string out;
  std::string err;
};

CliRun cli(std::vector<std::string> args) {
  args.insert(args.begin(), "corosim");
  std::ostringstream out, err;
  int status = corosim_main(args, out, err);
  return {status, out.str(), err.str()};
}

TEST_CASE("corosim --version prints the version and exits 0") {
  CliRun r = cli({"--version"});
  CHECK(r.status == 0);
  CHECK(r.out == "corosim 0.1.0\n");
  CHECK(r.err == "");
}

TEST_CASE("corosim --help explains corosim, shows an example and lists commands and exit codes") {
  CliRun r = cli({"--help"});
  CHECK(r.status == 0);
  CHECK(r.out == corosim_help());
  CHECK(r.out.rfind("corosim runs a Python asyncio program in virtual time", 0) == 0);
  CHECK(r.out.find("Usage: corosim [OPTIONS] SUBCOMMAND") != std::string::npos);
  CHECK(r.out.find("  run                         run a program in virtual time") != std::string::npos);
  CHECK(r.out.find("  corosim run scenarios/seed/notebook.py --trace notebook.json\n") != std::string::npos);
  for (const ExitCodeInfo& row : kExitCodes) {
    std::string line = "  " + std::to_string(static_cast<int>(row.code)) + "  " + row.meaning + "\n";
    CHECK(r.out.find(line) != std::string::npos);
  }
}

TEST_CASE("corosim --help is the whole manual: it includes run's usage and every flag as run --help shows them, then view's") {
  std::string help = corosim_help();
  std::string run = run_help();
  // run --help minus its summary line (listed under Subcommands) and its exit codes (printed once, at the end).
  std::string run_part = run.substr(run.find("Usage: corosim run"));
  run_part = run_part.substr(0, run_part.find("\nExit codes:\n") + 1);
  CHECK(run_part.rfind("Usage: corosim run [OPTIONS] PROGRAM.py\n", 0) == 0);
  CHECK(run_part.find("  -q,--quiet ") != std::string::npos);
  CHECK(help.find("\n" + run_part + "Usage: corosim view") != std::string::npos);
  CHECK(help.find("Exit codes:") == help.rfind("Exit codes:"));
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
  CliRun r = cli({"run", "--help"});
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
  CliRun r = cli({"view", "--help"});
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
  std::string view_part = r.out.substr(r.out.find("Usage: corosim view"));
  view_part = view_part.substr(0, view_part.find("\nExit codes:\n") + 1);
  CHECK(corosim_help().find("\n" + view_part + "Example:\n") != std::string::npos);
}

TEST_CASE("--width must be a whole number of columns the chart can use") {
  CHECK(cli({"view", "t.json", "--width", "10"}).err ==
        "corosim: --width: must be a whole number of columns from 40 to 10000, got '10'\n"
        "Run 'corosim view --help' for usage.\n");
  CHECK(cli({"run", "x.py", "--width", "-80"}).status == 2);
  CHECK(cli({"run", "x.py", "--width", "wide"}).status == 2);
}

TEST_CASE("a missing command is a usage error with exit 2 and a hint to --help") {
  CliRun r = cli({});
  CHECK(r.status == 2);
  CHECK(r.out == "");
  CHECK(r.err == "corosim: A subcommand is required\nRun 'corosim --help' for usage.\n");
}

TEST_CASE("an unknown command is named, with the known ones") {
  CliRun r = cli({"frob", "x.py"});
  CHECK(r.status == 2);
  CHECK(r.err == "corosim: unknown command 'frob' (commands: run, view)\nRun 'corosim --help' for usage.\n");
}

TEST_CASE("run without a program is a usage error pointing to run --help") {
  CliRun r = cli({"run"});
  CHECK(r.status == 2);
  CHECK(r.err == "corosim: PROGRAM.py is required\nRun 'corosim run --help' for usage.\n");
}

TEST_CASE("an unknown option before the command is named, not reported as a missing command") {
  CliRun r = cli({"--bogus"});
  CHECK(r.status == 2);
  CHECK(r.out == "");
  CHECK(r.err == "corosim: unknown option '--bogus'\nRun 'corosim --help' for usage.\n");
  CHECK(cli({"--bogus=1", "run", "x.py"}).err == "corosim: unknown option '--bogus'\nRun 'corosim --help' for usage.\n");
}

TEST_CASE("a run option before the command says where it belongs") {
  CliRun r = cli({"-q", "run", "x.py"});
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

TEST_CASE("an unknown flag is a usage error") {
  CliRun r = cli({"run", "x.py", "--bogus"});
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
  CliRun r = cli({"run", "no-such-program.py"});
  CHECK(r.status == 2);
  CHECK(r.out == "");
  CHECK(r.err == "no-such-program.py: cannot open file: No such file or directory\n");
}

}  // namespace
}  // namespace corosim
