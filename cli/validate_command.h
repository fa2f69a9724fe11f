// `corosim validate`: check trace files against the JSON Schema of trace
// format v1 (schema/corosim-trace-v1.schema.json, built into corosim), e.g.
// traces written by another tool or edited by hand.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace corosim {

struct ValidateCommandOptions {
  std::vector<std::string> trace_paths;  ///< TRACE.json...
};

/// At most this many violations are listed per file, then "... and N more".
inline constexpr size_t kShownViolations = 20;

/// Checks every file; per file, `out` gets "FILE: valid trace (format v1,
/// N tasks, M events)", one "FILE: /POINTER: what is wrong" line per schema
/// violation, or, for a file the schema allows but corosim's reader refuses
/// (ids out of order, an id naming no task), the reader's one line; `err`
/// gets one line for a file that cannot be used (missing, empty, not JSON,
/// a number beyond a double). Returns 0 when all are valid, 1 when one is
/// invalid, 2 when one cannot be used.
int validate_command(const ValidateCommandOptions& options, std::ostream& out, std::ostream& err);

/// Adds validate's positional arguments to `command`, bound to `options`.
void add_validate_options(CLI::App& command, ValidateCommandOptions& options);

}  // namespace corosim
