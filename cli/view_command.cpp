#include "cli/view_command.h"

#include <CLI/CLI.hpp>

#include "sim/program.h"
#include "sim/trace/trace_reader.h"

namespace corosim {

void add_view_options(CLI::App& command, ViewCommandOptions& options) {
  command
      .add_option("TRACE.json", options.trace_path,
                  "a trace written by corosim run --trace (format v1), or that file gzipped")
      ->required()
      ->type_name("");
  add_view_output_options(command, options.views);
}

int view_command(const ViewCommandOptions& options, std::ostream& out, std::ostream& err,
                 const Console& console) {
  constexpr int kUnusable = static_cast<int>(ExitCode::kUnusable);
  ViewOutputOptions views = options.views;
  if (!views.any()) views.gantt = true;
  std::vector<FileUse> files = views.files();
  files.push_back({"the trace being read", options.trace_path, false});
  if (std::string clash = file_clash(files); !clash.empty()) {
    err << "corosim: " << clash << "\n";
    return kUnusable;
  }
  ViewOutputs outputs(views, console);
  if (std::string error = outputs.open_error(); !error.empty()) {
    err << "corosim: " << error << "\n";
    return kUnusable;
  }
  TraceReadResult read = read_trace(options.trace_path);
  if (!read.ok()) {
    err << read.error << "\n";
    return kUnusable;
  }
  std::vector<std::string> errors = outputs.write(read.trace, out);
  for (const std::string& error : errors) err << "corosim: " << error << "\n";
  return errors.empty() ? static_cast<int>(ExitCode::kOk) : kUnusable;
}

}  // namespace corosim
