// CommandOutput: what a command called in-process (run_command, view_command,
// corosim_main) returned and printed, for tests to check.
#pragma once

#include <ostream>
#include <sstream>
#include <string>

namespace corosim::testing {

struct CommandOutput {
  int status;
  std::string out;
  std::string err;
};

/// Calls `command(out, err)` with string streams and returns its status and
/// everything it wrote to each.
template <typename Command>
CommandOutput capture_output(Command&& command) {
  std::ostringstream out, err;
  int status = command(out, err);
  return {status, out.str(), err.str()};
}

}  // namespace corosim::testing
