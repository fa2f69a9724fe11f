// `corosim view`: show a saved trace (format v1) as the run would have shown
// it: the terminal Gantt chart, or --html / --chrome-trace files.
#pragma once

#include <ostream>
#include <string>

#include "cli/console.h"
#include "cli/view_outputs.h"

namespace CLI {
class App;
}

namespace corosim {

struct ViewCommandOptions {
  std::string trace_path;   ///< TRACE.json
  ViewOutputOptions views;  ///< none given: --gantt
};

/// Reads the trace and writes its views; exit 0, or 2 (with one message on
/// `err`) when the trace cannot be read or an output cannot be written.
int view_command(const ViewCommandOptions& options, std::ostream& out, std::ostream& err,
                 const Console& console = {});

/// Adds view's positional argument and flags to `command`, bound to `options`.
void add_view_options(CLI::App& command, ViewCommandOptions& options);

}  // namespace corosim
