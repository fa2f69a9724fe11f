#include "cli/test_command.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <thread>
#include <unordered_map>
#include <utility>

#include "cli/diff_command.h"
#include "cli/flag_table.h"
#include "cli/junit_report.h"
#include "cli/test_runner.h"
#include "sim/program.h"
#include "sim/trace/atomic_file.h"

namespace corosim {
namespace {

constexpr int kPassed = 0;
constexpr int kFailed = 1;
constexpr int kUnusable = static_cast<int>(ExitCode::kUnusable);
constexpr size_t kBarWidth = 30;
constexpr size_t kMinBarWidth = 5;

std::string check_jobs(const std::string& text) {
  std::optional<uint64_t> n = parse_whole_number(text);
  if (!n || *n < 1) return "must be a whole number of programs run at once >= 1, got '" + text + "'";
  return "";
}

std::string check_shard(const std::string& text) {
  if (!parse_shard(text)) return "must be I/N with whole numbers 1 <= I <= N, got '" + text + "'";
  return "";
}

using TestFlag = FlagRow<TestCommandOptions>;

constexpr TestFlag kTestFlags[] = {
    {"-j,--jobs", "N", "run N checks at once, each in its own process", "the number of cores",
     [](CLI::App& command, const std::string& names, const std::string& help, TestCommandOptions& options) {
       return command.add_option(names, options.jobs, help)->check(CLI::Validator(check_jobs, ""));
     }},
    {"--junit", "FILE",
     "also write a JUnit XML report to FILE (atomically), for CI systems: one testcase per program, "
     "classname = its directory (for a program in the current directory, that directory's name)",
     "no report",
     [](CLI::App& command, const std::string& names, const std::string& help, TestCommandOptions& options) {
       return command.add_option(names, options.junit, help);
     }},
    {"--shard", "I/N",
     "run only the I-th of N slices of the sorted list of programs (every N-th, from the I-th), so N "
     "machines or the jobs of a job array split a suite with no coordinator; together the N shards run "
     "every program exactly once",
     "all programs",
     [](CLI::App& command, const std::string& names, const std::string& help, TestCommandOptions& options) {
       return command.add_option(names, options.shard, help)->check(CLI::Validator(check_shard, ""));
     }},
    {"-v,--verbose", "",
     "also print passed programs on a terminal, and under each failure the rest of its report (the diff "
     "with context and the tasks that differ)",
     "",
     [](CLI::App& command, const std::string& names, const std::string& help, TestCommandOptions& options) {
       return command.add_flag(names, options.verbose, help);
     }},
};

// The current directory's name ("." for the root, or when it cannot be known).
std::string current_directory_name() {
  std::error_code ec;
  std::string name = std::filesystem::current_path(ec).filename().string();
  return ec || name.empty() ? "." : name;
}

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : " ") + item;
  return text;
}

// What the user sees while the checks run: a line per result (failures
// always, passes with -v or when not on a terminal) and, on a terminal, a
// progress bar redrawn in place under them. Off a terminal (a CI log) the
// lines come in the programs' sorted order, each as soon as those before it
// are done, so two runs of one suite print the same log.
class Progress {
 public:
  Progress(std::ostream& out, const std::vector<std::string>& programs, const Console& console, bool verbose)
      : out_(out),
        total_(programs.size()),
        terminal_(console.stdout_is_terminal),
        columns_(console.terminal_columns),
        verbose_(verbose),
        waiting_(programs.size()) {
    for (size_t i = 0; i < programs.size(); ++i) index_[programs[i]] = i;
    draw_bar();
  }

  void add(const CheckResult& result) {
    ++done_;
    std::string text;
    switch (result.status) {
      case CheckResult::Status::kPassed:
        ++passed_;
        if (verbose_ || !terminal_) text = "PASS " + result.program + "\n";
        break;
      case CheckResult::Status::kFailed:
        ++failed_;
        text = "FAIL " + result.program + ": " + result.summary + "\n" + details(result);
        break;
      case CheckResult::Status::kUnusable:
        ++unusable_;
        // The reason usually names the program itself ("x.py:3:1: ...").
        text = "ERROR " + (result.summary.starts_with(result.program + ":") ? "" : result.program + ": ") +
               result.summary + "\n" + details(result);
        break;
    }
    if (terminal_) {
      print(text);
    } else {
      waiting_[index_.at(result.program)] = std::move(text);
      for (; next_ < waiting_.size() && waiting_[next_]; ++next_) print(*std::exchange(waiting_[next_], ""));
    }
    draw_bar();
    out_.flush();  // CI logs show each result as it comes
  }

  // Replaces the bar with the counts: "N passed, N failed" alone on the
  // last line, the checks that gave no verdict counted among the failed
  // (a CI script can grep " 0 failed"), and said on the line before.
  void finish() {
    clear_bar();
    // After a runner error, the results that came in after a gap.
    for (; next_ < waiting_.size(); ++next_) {
      if (waiting_[next_]) print(*waiting_[next_]);
    }
    if (unusable_) {
      out_ << "(" << unusable_ << " of the failures could not be checked: ERROR lines above)\n";
    }
    out_ << passed_ << " passed, " << failed_ + unusable_ << " failed\n";
    out_.flush();
  }

 private:
  // With -v, what the check printed beyond the line already shown.
  std::string details(const CheckResult& result) const {
    if (!verbose_) return "";
    std::string text = result.output;
    size_t end = std::min(text.find('\n'), text.size());
    std::string first = text.substr(0, end);
    if (first.starts_with("FAIL " + result.program) || first == result.summary) {
      text.erase(0, std::min(end + 1, text.size()));
    }
    if (!text.empty() && !text.ends_with('\n')) text += '\n';
    return text;
  }

  void print(const std::string& text) {
    if (text.empty()) return;
    clear_bar();
    out_ << text;
  }

  void clear_bar() {
    if (terminal_) out_ << "\r\033[K";
  }

  // "[=========>          ] 37/54  2 failed", narrowed to fit the
  // terminal's width: a line that wraps would leave a copy behind at each
  // redraw. The last column stays free (writing it wraps on some terminals).
  void draw_bar() {
    if (!terminal_) return;
    std::string counts = std::to_string(done_) + "/" + std::to_string(total_);
    if (failed_ + unusable_) counts += "  " + std::to_string(failed_ + unusable_) + " failed";
    size_t room = columns_ > 0 ? static_cast<size_t>(columns_) - 1 : SIZE_MAX;
    // "[", the bar, "] ": worth drawing only with a few cells.
    size_t width = room > counts.size() + 3 ? std::min(kBarWidth, room - counts.size() - 3) : 0;
    clear_bar();
    if (width >= kMinBarWidth) {
      size_t filled = total_ == 0 ? width : done_ * width / total_;
      std::string bar(width, ' ');
      for (size_t i = 0; i < filled; ++i) bar[i] = '=';
      if (filled > 0 && filled < width) bar[filled - 1] = '>';
      out_ << "[" << bar << "] ";
    }
    out_ << counts.substr(0, room);
    out_.flush();
  }

  std::ostream& out_;
  size_t total_;
  bool terminal_;
  int columns_;  // 0: unknown
  bool verbose_;
  std::unordered_map<std::string, size_t> index_;   // program -> its place in the sorted list
  std::vector<std::optional<std::string>> waiting_;  // off a terminal: lines not yet printed, by place
  size_t next_ = 0;                                  // the first place not yet printed
  size_t done_ = 0, passed_ = 0, failed_ = 0, unusable_ = 0;
};

}  // namespace

void add_test_options(CLI::App& command, TestCommandOptions& options) {
  command
      .add_option("PATHS", options.paths,
                  "directories to search recursively for programs NAME.py with a golden NAME.trace.json "
                  "beside them, or single .py programs (default: the current directory)")
      ->type_name("");
  add_flag_rows(command, kTestFlags, options);
  add_compare_flags(command, options.compare);
}

int test_command(const TestCommandOptions& options, std::ostream& out, std::ostream& err,
                 const Console& console) {
  using Clock = std::chrono::steady_clock;
  Clock::time_point start = Clock::now();
  std::vector<std::string> paths = options.paths.empty() ? std::vector<std::string>{"."} : options.paths;
  ProgramList found = find_programs(paths);
  if (!found.ok()) {
    err << "corosim: " << found.error << "\n";
    return kUnusable;
  }
  if (found.programs.empty()) {
    err << "corosim: no programs with goldens under " << join(paths) << "\n";
    return kUnusable;
  }
  std::vector<std::string> programs = found.programs;
  if (options.shard) programs = shard_slice(programs, *parse_shard(*options.shard));

  // Opened first, so an unwritable report costs no run.
  std::unique_ptr<AtomicFile> junit;
  if (options.junit) {
    junit = std::make_unique<AtomicFile>(*options.junit);
    if (!junit->ok()) {
      err << "corosim: " << junit->error() << "\n";
      return kUnusable;
    }
  }

  RunnerOptions runner;
  runner.corosim = options.corosim;
  runner.check_args = compare_flag_args(options.compare);
  runner.jobs = options.jobs.value_or(std::max(1u, std::thread::hardware_concurrency()));
  Progress progress(out, programs, console, options.verbose);
  CheckRun run = run_checks(programs, runner, [&](const CheckResult& result) { progress.add(result); });
  progress.finish();
  if (!run.ok()) {
    err << "corosim: " << run.error << "\n";
    return kUnusable;
  }
  const std::vector<CheckResult>& results = run.results;

  if (junit) {
    junit->write(junit_xml(results, std::chrono::duration<double>(Clock::now() - start).count(),
                           current_directory_name()));
    if (!junit->commit()) {
      err << "corosim: " << junit->error() << "\n";
      return kUnusable;
    }
  }
  for (const CheckResult& result : results) {
    if (result.status != CheckResult::Status::kPassed) return kFailed;
  }
  return kPassed;
}

}  // namespace corosim
