// The views of a trace that `corosim run` and `corosim view` both write:
// --html, --chrome-trace, --gantt (with --width and --all-tasks). One flag
// table and one writer, so the two commands cannot drift apart.
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/console.h"
#include "cli/file_clash.h"
#include "sim/trace/atomic_file.h"
#include "sim/trace/trace_model.h"

namespace CLI {
class App;
}

namespace corosim {

struct ViewOutputOptions {
  std::optional<std::string> html_path;          ///< --html OUT.html
  std::optional<std::string> chrome_trace_path;  ///< --chrome-trace OUT.json
  bool gantt = false;                            ///< --gantt
  std::optional<int> width;                      ///< --width N
  bool all_tasks = false;                        ///< --all-tasks

  bool any() const { return html_path || chrome_trace_path || gantt; }
  /// The files these options write, named by their flags.
  std::vector<FileUse> files() const;
};

/// Adds the view flags to `command`, bound to `options`.
void add_view_output_options(CLI::App& command, ViewOutputOptions& options);

/// The requested views of one trace. The files are opened (as temporaries
/// next to their paths) on construction, so a command can refuse an
/// unwritable path before doing any work; write() fills and commits them.
class ViewOutputs {
 public:
  ViewOutputs(const ViewOutputOptions& options, const Console& console);

  /// The first file that cannot be written ("cannot write 'PATH': REASON"),
  /// or "".
  std::string open_error() const;

  /// Writes the files and, for --gantt, prints the chart on `out`. Returns
  /// the problems ("cannot write ..."), empty when all went well; a file that
  /// failed is left untouched.
  std::vector<std::string> write(const Trace& trace, std::ostream& out);

 private:
  ViewOutputOptions options_;
  Console console_;
  std::unique_ptr<AtomicFile> html_;
  std::unique_ptr<AtomicFile> chrome_trace_;
};

}  // namespace corosim
