// Test helper: run a program given as a string, the way `corosim run` runs a
// script without top-level await, and collect what a test asserts on.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/compile/code.h"
#include "sim/runtime/object.h"

namespace corosim::testing {

struct SourceRun {
  std::string out;         ///< everything the program printed
  std::string error;       ///< the uncaught exception as CPython prints it; "" if none
  std::string diagnostic;  ///< a syntax/compile error (Diagnostic::format()); "" if none
  std::string limit;       ///< the run limit that stopped it ("max-steps"); "" if none
};

struct RunSourceOptions {
  uint64_t max_steps = 0;  ///< 0: unlimited
};

/// Parses, compiles and runs `source` as "prog.py" with exec_module. A module
/// with top-level await is driven by send(None) while it only yields None
/// (no event loop); a yielded future ends the run with error "needs a loop".
/// Frees every object of the run afterwards (Heap::release_all), as Program does.
SourceRun run_source(std::string_view source, RunSourceOptions options = {});

/// Parses and compiles `source` ("prog.py"); throws std::runtime_error with
/// the diagnostic if it cannot be compiled.
Ref<CodeObject> compile_source(std::string_view source);

}  // namespace corosim::testing
