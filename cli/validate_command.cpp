#include "cli/validate_command.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <stdexcept>

#include "sim/check/trace_schema.h"
#include "sim/program.h"

namespace corosim {
namespace {

constexpr int kValid = 0;
constexpr int kInvalid = 1;
constexpr int kUnusable = static_cast<int>(ExitCode::kUnusable);

// The root's JSON pointer is "", which would read as a missing location.
std::string location(const std::string& pointer) { return pointer.empty() ? "(top level)" : pointer; }

int report(const std::string& path, const TraceValidation& result, std::ostream& out, std::ostream& err) {
  switch (result.verdict) {
    case TraceValidation::Verdict::kValid:
      out << path << ": valid trace (format v1, " << result.tasks << (result.tasks == 1 ? " task, " : " tasks, ")
          << result.events << (result.events == 1 ? " event)" : " events)") << "\n";
      return kValid;
    case TraceValidation::Verdict::kInvalid: {
      if (!result.rejected.empty()) {
        out << result.rejected << "\n";
        return kInvalid;
      }
      const SchemaViolations& violations = result.violations;
      for (const SchemaViolation& v : violations.first()) {
        out << path << ": " << location(v.pointer) << ": " << v.message << "\n";
      }
      if (violations.total() > violations.first().size()) {
        out << path << ": ... and " << violations.total() - violations.first().size() << " more\n";
      }
      return kInvalid;
    }
    case TraceValidation::Verdict::kUnusable:
      err << result.error << "\n";
      return kUnusable;
  }
  return kUnusable;
}

}  // namespace

void add_validate_options(CLI::App& command, ValidateCommandOptions& options) {
  command.add_option("TRACE.json", options.trace_paths, "trace files (format v1, or gzipped) to check")
      ->required()
      ->type_name("");
}

int validate_command(const ValidateCommandOptions& options, std::ostream& out, std::ostream& err) {
  try {
    trace_schema();
  } catch (const std::invalid_argument& e) {
    err << "corosim: internal error: the built-in trace schema cannot be used: " << e.what() << "\n";
    return kUnusable;
  }
  int status = kValid;
  for (const std::string& path : options.trace_paths) {
    status = std::max(status, report(path, validate_trace_file(path, kShownViolations), out, err));
  }
  return status;
}

}  // namespace corosim
