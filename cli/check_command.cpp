#include "cli/check_command.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <memory>
#include <string_view>

#include "cli/diff_command.h"
#include "cli/flag_table.h"
#include "sim/check/golden.h"
#include "sim/program.h"
#include "sim/trace/trace_recorder.h"

namespace corosim {
namespace {

constexpr int kPass = 0;
constexpr int kFail = 1;
constexpr int kUnusable = static_cast<int>(ExitCode::kUnusable);

using CheckFlag = FlagRow<CheckCommandOptions>;

constexpr CheckFlag kCheckFlags[] = {
    {"--golden", "FILE", "the golden trace to compare with (or to write, with --update)",
     "PROGRAM.trace.json beside the program",
     [](CLI::App& command, const std::string& names, const std::string& help, CheckCommandOptions& options) {
       return command.add_option(names, options.golden, help);
     }},
    {"--update", "",
     "record the run as the golden instead of comparing: writes it (atomically) when it is missing or "
     "differs, and leaves an identical golden untouched; prints 'updated GOLDEN' or 'unchanged GOLDEN'. "
     "A golden recorded from another program is refused, not replaced. Without --update the golden is "
     "never written",
     "",
     [](CLI::App& command, const std::string& names, const std::string& help, CheckCommandOptions& options) {
       return command.add_flag(names, options.update, help);
     }},
};

}  // namespace

void add_check_options(CLI::App& command, CheckCommandOptions& options) {
  command.add_option("PROGRAM.py", options.program, "the Python program to check")->required()->type_name("");
  add_flag_rows(command, kCheckFlags, options);
  add_diff_flags(command, options.diff);
}

int check_command(const CheckCommandOptions& options, std::ostream& out, std::ostream& err) {
  LoadedProgram program = load_program(options.program);
  if (!program.ok()) {
    err << program.error->format() << "\n";
    return kUnusable;
  }
  std::string golden_path = options.golden.value_or(golden_path_for(options.program));
  // Everything that can make the check unusable is found before the run.
  GoldenRead golden;
  std::unique_ptr<GoldenWriter> writer;
  if (options.update) {
    // A mistyped --golden must not overwrite another program's golden.
    if (GoldenRead existing = read_golden(golden_path, options.program); existing.other_program) {
      err << existing.error << "; delete it, or pass --golden FILE to record " << options.program
          << "'s golden elsewhere\n";
      return kUnusable;
    }
    writer = std::make_unique<GoldenWriter>(golden_path, options.program);
    if (!writer->ok()) {
      err << "corosim: " << writer->error() << "\n";
      return kUnusable;
    }
  } else {
    golden = read_golden(golden_path, options.program);
    if (golden.missing) {
      std::string update = "corosim check " + options.program +
                           (options.golden ? " --golden " + golden_path : "") + " --update";
      err << golden.error << "; run " << update << " to record it\n";
      return kUnusable;
    }
    if (!golden.ok()) {
      err << golden.error << "\n";
      return kUnusable;
    }
  }

  // The program's output and reports are not echoed: they are in the trace.
  TraceRecorder recorder(golden_program_field(options.program));
  RunOptions run;
  run.trace = writer ? &writer->sink() : static_cast<TraceSink*>(&recorder);
  run_program(program, run);

  if (writer) {
    GoldenWriter::Result result = writer->finish();
    if (result == GoldenWriter::Result::kFailed) {
      err << "corosim: " << writer->error() << "\n";
      return kUnusable;
    }
    out << (result == GoldenWriter::Result::kUpdated ? "updated " : "unchanged ") << golden_path << "\n";
    return kPass;
  }
  if (std::vector<std::string> unknown = unknown_task_names(golden.trace, recorder.trace(), options.diff.tasks);
      !unknown.empty()) {
    err << "corosim: --tasks: no task is named '" << unknown.front() << "' in " << golden_path << " or in the run\n";
    return kUnusable;
  }
  DiffResult diff = diff_traces(golden.trace, recorder.trace(), options.diff);
  if (diff.same) {
    out << "PASS " << options.program << "\n";
    return kPass;
  }
  // The report opens with the first difference, which the FAIL line already
  // gives (and `corosim test` shows alone).
  std::string_view report = diff.report;
  size_t first_end = report.find('\n');
  if (report.substr(0, first_end).find(diff.first_difference) != std::string_view::npos) {
    report.remove_prefix(std::min(first_end + 1, report.size()));
  }
  out << "FAIL " << options.program << ": " << diff.first_difference << "\n" << report;
  return kFail;
}

}  // namespace corosim
