#include "cli/view_outputs.h"

#include "cli/flag_table.h"
#include "sim/view/chrome_trace.h"
#include "sim/view/gantt_text.h"
#include "sim/view/html_page.h"

namespace corosim {
namespace {

std::string check_width(const std::string& text) {
  std::optional<uint64_t> n = parse_whole_number(text);
  if (!n || *n < uint64_t(kMinGanttWidth) || *n > uint64_t(kMaxGanttWidth)) {
    return "must be a whole number of columns from " + std::to_string(kMinGanttWidth) + " to " +
           std::to_string(kMaxGanttWidth) + ", got '" + text + "'";
  }
  return "";
}

using ViewFlag = FlagRow<ViewOutputOptions>;

constexpr ViewFlag kViewFlags[] = {
    {"--html", "OUT.html",
     "write the timeline viewer with the trace inside to OUT.html: one self-contained page that opens offline in "
     "any browser",
     "",
     [](CLI::App& command, const std::string& names, const std::string& help, ViewOutputOptions& options) {
       return command.add_option(names, options.html_path, help);
     }},
    {"--chrome-trace", "OUT.json",
     "write the trace in the Chrome Trace Event Format to OUT.json, for Perfetto (ui.perfetto.dev) and "
     "chrome://tracing: one track per task",
     "",
     [](CLI::App& command, const std::string& names, const std::string& help, ViewOutputOptions& options) {
       return command.add_option(names, options.chrome_trace_path, help);
     }},
    {"--gantt", "",
     "print the tasks as a Gantt chart over virtual time on stdout (run: after the program's output), in "
     "colour when stdout is a terminal",
     "",
     [](CLI::App& command, const std::string& names, const std::string& help, ViewOutputOptions& options) {
       return command.add_flag(names, options.gantt, help);
     }},
    {"--width", "N", "the Gantt chart's width in columns", "the terminal's width, else $COLUMNS, else 100",
     [](CLI::App& command, const std::string& names, const std::string& help, ViewOutputOptions& options) {
       return command.add_option(names, options.width, help)->check(CLI::Validator(check_width, ""));
     }},
    {"--all-tasks", "", "also show asyncio.run's internal tasks in the Gantt chart (hidden by default)", "",
     [](CLI::App& command, const std::string& names, const std::string& help, ViewOutputOptions& options) {
       return command.add_flag(names, options.all_tasks, help);
     }},
};

std::unique_ptr<AtomicFile> open_output(const std::optional<std::string>& path) {
  return path ? std::make_unique<AtomicFile>(*path) : nullptr;
}

// Writes `text` to `file` and commits it; the error, or "".
std::string fill(AtomicFile& file, const std::string& text) {
  file.write(text);
  file.commit();
  return file.error();
}

}  // namespace

std::vector<FileUse> ViewOutputOptions::files() const {
  std::vector<FileUse> files;
  if (html_path) files.push_back({"--html", *html_path, true});
  if (chrome_trace_path) files.push_back({"--chrome-trace", *chrome_trace_path, true});
  return files;
}

void add_view_output_options(CLI::App& command, ViewOutputOptions& options) {
  add_flag_rows(command, kViewFlags, options);
}

ViewOutputs::ViewOutputs(const ViewOutputOptions& options, const Console& console)
    : options_(options),
      console_(console),
      html_(open_output(options.html_path)),
      chrome_trace_(open_output(options.chrome_trace_path)) {}

std::string ViewOutputs::open_error() const {
  for (const auto* file : {html_.get(), chrome_trace_.get()}) {
    if (file && !file->ok()) return file->error();
  }
  return "";
}

std::vector<std::string> ViewOutputs::write(const Trace& trace, std::ostream& out) {
  std::vector<std::string> errors;
  if (html_) {
    HtmlPage page = html_page(trace);
    std::string error = page.ok() ? fill(*html_, page.html) : "cannot write '" + html_->path() + "': " + page.error;
    if (!error.empty()) errors.push_back(error);
  }
  if (chrome_trace_) {
    if (std::string error = fill(*chrome_trace_, chrome_trace_json(trace)); !error.empty()) errors.push_back(error);
  }
  if (options_.gantt) {
    GanttOptions gantt;
    gantt.width = options_.width.value_or(console_.default_width());
    gantt.color = console_.stdout_is_terminal;
    gantt.all_tasks = options_.all_tasks;
    out << render_gantt(trace, gantt);
    out.flush();
  }
  return errors;
}

}  // namespace corosim
