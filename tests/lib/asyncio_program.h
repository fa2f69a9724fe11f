// Test helper for the asyncio library tests: runs a Python program given as
// text through load_program/run_program (as `corosim run` does) and returns
// what it printed, so a test compares it with what python3 printed.
#pragma once

#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "sim/program.h"
#include "tests/support/temp_dir.h"

namespace corosim::testing {

struct ProgramRun {
  std::string out;  ///< stdout
  std::string err;  ///< tracebacks and deadlock reports
  ExitCode exit_code = ExitCode::kOk;
};

inline ProgramRun run_asyncio_program(const std::string& source) {
  TempDir dir;
  LoadedProgram program = load_program(dir.write("prog.py", source));
  REQUIRE(program.ok());
  std::ostringstream out, err;
  RunOptions options;
  options.out = &out;
  options.err = &err;
  RunResult result = run_program(program, options);
  return {out.str(), err.str(), result.exit_code};
}

}  // namespace corosim::testing
