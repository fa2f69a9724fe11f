// The corosim command line: the table of subcommands and the entry point
// that main() calls. Everything testable lives here, main.cpp stays tiny.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cli/console.h"

namespace corosim {

/// Keep equal to project(VERSION) in CMakeLists.txt.
inline constexpr const char* kCorosimVersion = "0.1.0";

/// Parses `args` (args[0] is the program name), runs the chosen subcommand
/// and returns the process exit code (program.h ExitCode; 2 for bad usage).
/// Never exits the process. `console` says where `out` goes (a terminal or
/// not, its width); the default is "not a terminal".
int corosim_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                 const Console& console = {});

/// The text of `corosim --help` (also the README's CLI reference).
std::string corosim_help();
/// The text of `corosim run --help`.
std::string run_help();
/// The text of `corosim view --help`.
std::string view_help();

}  // namespace corosim
