#include "cli/commands.h"

#include <doctest/doctest.h>

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

TEST_CASE("a missing command is a usage error with exit 2 and a hint to --help") {
  CliRun r = cli({});
  CHECK(r.status == 2);
  CHECK(r.out == "");
  CHECK(r.err == "corosim: A subcommand is required\nRun 'corosim --help' for usage.\n");
}

TEST_CASE("an unknown command is named, with the known ones") {
  CliRun r = cli({"frob", "x.py"});
  CHECK(r.status == 2);
  CHECK(r.err == "corosim: unknown command 'frob' (commands: run)\nRun 'corosim --help' for usage.\n");
}

TEST_CASE("run without a program is a usage error pointing to run --help") {
  CliRun r = cli({"run"});
  CHECK(r.status == 2);
  CHECK(r.err == "corosim: PROGRAM.py is required\nRun 'corosim run --help' for usage.\n");
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
