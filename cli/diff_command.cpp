#include "cli/diff_command.h"

#include <CLI/CLI.hpp>

#include <exception>
#include <new>
#include <thread>

#include "cli/flag_table.h"
#include "sim/program.h"
#include "sim/trace/trace_reader.h"

namespace corosim {
namespace {

constexpr int kSame = 0;
constexpr int kDifferent = 1;
constexpr int kUnusable = static_cast<int>(ExitCode::kUnusable);
constexpr uint64_t kMaxContext = 100;  // trace_diff caps it there too

std::string check_context(const std::string& text) {
  std::optional<uint64_t> n = parse_whole_number(text);
  if (!n || *n > kMaxContext) {
    return "must be a whole number of events from 0 to " + std::to_string(kMaxContext) + ", got '" + text + "'";
  }
  return "";
}

using DiffFlag = FlagRow<DiffOptions>;

// What a comparison leaves out, the same for every program of a suite: `test`
// takes these too and hands them to each check (compare_flag_args).
constexpr DiffFlag kCompareFlags[] = {
    {"--ignore-times", "",
     "compare everything but virtual times (event times, sleep deadlines, when tasks were created and "
     "finished, the end time); the order of events still counts. Use it when only the order matters, e.g. "
     "after changing the length of a sleep on purpose",
     "",
     [](CLI::App& command, const std::string& names, const std::string& help, DiffOptions& options) {
       return command.add_flag(names, options.ignore_times, help);
     }},
    {"--ignore-print", "",
     "leave out print events and what the tasks printed. Use it when the messages may change but the "
     "scheduling must not",
     "",
     [](CLI::App& command, const std::string& names, const std::string& help, DiffOptions& options) {
       return command.add_flag(names, options.ignore_print, help);
     }},
    {"--ignore-lines", "",
     "compare everything but source positions (the program line each suspend waits at, waits_on.line). "
     "Use it for goldens that must survive edits that move code (a comment or an import added above); "
     "without it a moved await fails the check, as the golden pins where each task waits",
     "",
     [](CLI::App& command, const std::string& names, const std::string& help, DiffOptions& options) {
       return command.add_flag(names, options.ignore_lines, help);
     }},
    {"--per-task", "",
     "compare each task's own events in order (tasks matched by id), not how the tasks' events interleave. "
     "Use it when a change may reorder independent tasks at the same instant but each task must still do "
     "the same",
     "",
     [](CLI::App& command, const std::string& names, const std::string& help, DiffOptions& options) {
       return command.add_flag(names, options.per_task, help);
     }},
};

// The flags about one comparison of two traces.
constexpr DiffFlag kDiffFlags[] = {
    {"--tasks", "NAME",
     "compare only the events and the rows of the tasks with these names (a name of either trace; give "
     "several, or the flag again; put it after the other arguments); the end time is then not compared. Use it when a "
     "test is about some tasks and the others may change",
     "every task",
     [](CLI::App& command, const std::string& names, const std::string& help, DiffOptions& options) {
       return command.add_option(names, options.tasks, help);
     }},
    {"--context", "N", "how many events to show before and after the first difference", "3",
     [](CLI::App& command, const std::string& names, const std::string& help, DiffOptions& options) {
       return command.add_option(names, options.context, help)->check(CLI::Validator(check_context, ""));
     }},
};

static_assert(kDefaultDiffContext >= 0 && kDefaultDiffContext <= 9 &&
                  find_flag_row(kDiffFlags, "--context").default_value[0] == '0' + kDefaultDiffContext &&
                  find_flag_row(kDiffFlags, "--context").default_value[1] == '\0',
              "the help must show the real default of --context");

// read_trace's result, or why there is none even when reading threw (a file
// too large for memory).
TraceReadResult read_safely(const std::string& path) {
  try {
    return read_trace(path);
  } catch (const std::bad_alloc&) {
    TraceReadResult result;
    result.error = path + ": too large to read (out of memory)";
    return result;
  } catch (const std::exception& e) {
    TraceReadResult result;
    result.error = path + ": cannot read the trace: " + e.what();
    return result;
  }
}

}  // namespace

void add_compare_flags(CLI::App& command, DiffOptions& options) { add_flag_rows(command, kCompareFlags, options); }

void add_diff_flags(CLI::App& command, DiffOptions& options) {
  add_compare_flags(command, options);
  add_flag_rows(command, kDiffFlags, options);
}

std::vector<std::string> compare_flag_args(const DiffOptions& options) {
  // find_flag_row: a flag renamed in the table and not here does not compile.
  std::vector<std::string> args;
  if (options.ignore_times) args.emplace_back(find_flag_row(kCompareFlags, "--ignore-times").names);
  if (options.ignore_print) args.emplace_back(find_flag_row(kCompareFlags, "--ignore-print").names);
  if (options.ignore_lines) args.emplace_back(find_flag_row(kCompareFlags, "--ignore-lines").names);
  if (options.per_task) args.emplace_back(find_flag_row(kCompareFlags, "--per-task").names);
  return args;
}

void add_diff_options(CLI::App& command, DiffCommandOptions& options) {
  command.add_option("EXPECTED.json", options.expected_path, "the trace taken as right (e.g. a golden), marked -")
      ->required()
      ->type_name("");
  command.add_option("ACTUAL.json", options.actual_path, "the trace compared with it, marked +")
      ->required()
      ->type_name("");
  add_diff_flags(command, options.diff);
}

int diff_command(const DiffCommandOptions& options, std::ostream& out, std::ostream& err) {
  // Reading is most of the time a diff takes: the two files in parallel.
  TraceReadResult actual;
  std::thread reader([&] { actual = read_safely(options.actual_path); });
  TraceReadResult expected = read_safely(options.expected_path);
  reader.join();
  for (const TraceReadResult* read : {&expected, &actual}) {
    if (!read->ok()) {
      err << read->error << "\n";
      return kUnusable;
    }
  }
  std::vector<std::string> unknown = unknown_task_names(expected.trace, actual.trace, options.diff.tasks);
  if (!unknown.empty()) {
    err << "corosim: --tasks: no task is named '" << unknown.front() << "' in " << options.expected_path
        << " or " << options.actual_path << "\n";
    return kUnusable;
  }
  DiffResult diff = diff_traces(expected.trace, actual.trace, options.diff);
  if (diff.same) {
    out << "traces are the same\n";
    return kSame;
  }
  out << "- expected: " << options.expected_path << "\n+ actual:   " << options.actual_path << "\n" << diff.report;
  return kDifferent;
}

}  // namespace corosim
