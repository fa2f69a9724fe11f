#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include <array>
#include <functional>
#include <span>
#include <memory>
#include <optional>
#include <type_traits>

#include "cli/check_command.h"
#include "cli/diff_command.h"
#include "cli/run_command.h"
#include "cli/test_command.h"
#include "cli/validate_command.h"
#include "cli/view_command.h"
#include "sim/program.h"

namespace corosim {
namespace {

// What runs a subcommand once the command line has been parsed.
using ToolRun = std::function<int(std::ostream& out, std::ostream& err, const Console& console)>;

// One line of a command's "Exit codes:" list.
struct ExitCodeRow {
  int code;
  const char* meaning;
};

// One subcommand (Ninja's kTools); --help lists them from this table.
struct Tool {
  const char* name;
  const char* summary;
  // Adds the subcommand's options to `command` and returns what runs it.
  ToolRun (*install)(CLI::App& command);
  std::span<const ExitCodeRow> exit_codes;
};

// run's codes are the outcomes of a program (sim/program.h).
constexpr auto kRunExitCodes = [] {
  std::array<ExitCodeRow, std::size(kExitCodes)> rows{};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rows[i] = {static_cast<int>(kExitCodes[i].code), kExitCodes[i].meaning};
  }
  return rows;
}();

constexpr ExitCodeRow kViewExitCodes[] = {
    {0, "the chart was printed and the outputs written"},
    {2, "the trace could not be read (missing, not JSON, not a corosim trace, another version) or an "
        "output file could not be written"},
};

constexpr ExitCodeRow kDiffExitCodes[] = {
    {0, "the traces are the same (in what the flags compare)"},
    {1, "they differ: the first difference and a summary per task on stdout"},
    {2, "a trace could not be read (missing, not JSON, not a corosim trace, another version)"},
};

constexpr ExitCodeRow kCheckExitCodes[] = {
    {0, "the program's trace matches its golden (with --update: the golden was written or is unchanged)"},
    {1, "it differs: the first difference and a summary per task on stdout"},
    {2, "the program or the golden could not be used (no golden yet, a golden of another program, a "
        "syntax error)"},
};

constexpr ExitCodeRow kTestExitCodes[] = {
    {0, "every program matched its golden"},
    {1, "some program differed from its golden or could not be used"},
    {2, "nothing to run (a missing path, no program with a golden), the --junit file cannot be written, or "
        "the checks could not be waited for"},
};

constexpr ExitCodeRow kValidateExitCodes[] = {
    {0, "every file is a valid trace"},
    {1, "some file breaks the schema, or a rule it cannot state that every corosim command checks (task ids "
        "1, 2, ... in order, each id used naming a task): one line per error"},
    {2, "some file could not be read (missing, not JSON)"},
};

// Adds a subcommand's options (`add`) and returns what runs it (`run`, with
// or without the console).
template <typename Options, void (*add)(CLI::App&, Options&), auto run>
ToolRun install(CLI::App& command) {
  auto options = std::make_shared<Options>();
  add(command, *options);
  return [options](std::ostream& out, std::ostream& err, const Console& console) {
    if constexpr (std::is_invocable_v<decltype(run), const Options&, std::ostream&, std::ostream&, const Console&>) {
      return run(*options, out, err, console);
    } else {
      return run(*options, out, err);
    }
  };
}

constexpr Tool kTools[] = {
    {"run",
     "run a program in virtual time and print what it prints; --trace records its trace, --html, --gantt "
     "and --chrome-trace show it",
     install<RunCommandOptions, add_run_options, run_command>, kRunExitCodes},
    {"view", "show a saved trace: a Gantt chart on the terminal (the default), or --html and --chrome-trace files",
     install<ViewCommandOptions, add_view_options, view_command>, kViewExitCodes},
    {"diff",
     "compare two traces and show where the runs part and what differs per task; exit 0 same, 1 different",
     install<DiffCommandOptions, add_diff_options, diff_command>, kDiffExitCodes},
    {"check",
     "run a program and compare its trace with its golden (PROGRAM.trace.json beside it); --update records "
     "the golden",
     install<CheckCommandOptions, add_check_options, check_command>, kCheckExitCodes},
    {"test",
     "check every program that has a golden under some directories, in parallel; --junit writes a report, "
     "--shard runs a slice",
     install<TestCommandOptions, add_test_options, test_command>, kTestExitCodes},
    {"validate", "check trace files against the JSON Schema of trace format v1 (schema/corosim-trace-v1.schema.json)",
     install<ValidateCommandOptions, add_validate_options, validate_command>, kValidateExitCodes},
};

constexpr const char* kAbout =
    "corosim runs a Python asyncio program in virtual time, exactly as CPython 3.11's\n"
    "asyncio would schedule it: asyncio.sleep(10) takes no real time, every task step\n"
    "runs in CPython's order, and the program prints what python3 would print. With\n"
    "--trace it records when every task was created, resumed, suspended and finished\n"
    "(trace format v1, JSON), for the timeline viewer and for regression checks;\n"
    "--html writes that viewer, a page that shows the tasks as a Gantt chart.\n"
    "Programs are plain .py files in a subset of Python 3.11 (see README).";

constexpr const char* kExample =
    "Examples:\n"
    "  corosim run scenarios/seed/notebook.py --trace notebook.json\n"
    "  corosim run scenarios/seed/notebook.py --html notebook.html --gantt\n"
    "  corosim view notebook.json --width 120\n"
    "  corosim check scenarios/seed/02_create_task.py            # against 02_create_task.trace.json\n"
    "  corosim test scenarios -j 4 --junit report.xml\n";

std::string exit_code_text(std::span<const ExitCodeRow> rows) {
  std::string text = "Exit codes:\n";
  for (const ExitCodeRow& row : rows) text += "  " + std::to_string(row.code) + "  " + row.meaning + "\n";
  return text;
}

int code(ExitCode c) { return static_cast<int>(c); }

// CLI11's message, then where to read the usage.
std::string usage_error(const CLI::App* app, const CLI::Error& e) {
  std::string where = "corosim --help";
  for (const CLI::App* sub : app->get_subcommands()) where = "corosim " + sub->get_name() + " --help";
  return "corosim: " + std::string(e.what()) + "\nRun '" + where + "' for usage.\n";
}

// The whole command line; `runs[i]` runs kTools[i].
struct Cli {
  CLI::App app;
  std::vector<std::pair<CLI::App*, ToolRun>> runs;

  Cli() : app(std::string(kAbout) + "\n", "corosim") {
    app.set_version_flag("--version", std::string("corosim ") + kCorosimVersion,
                         "print corosim's version and exit");
    app.require_subcommand(1);
    app.failure_message(usage_error);
    // Ninja-style, the top-level help is the whole manual: after the list of
    // commands comes each command's own help (its usage, every flag and its
    // exit codes).
    std::string manual;
    for (const Tool& tool : kTools) {
      CLI::App* command = app.add_subcommand(tool.name, tool.summary);
      runs.emplace_back(command, tool.install(*command));
      command->footer(exit_code_text(tool.exit_codes));
      manual += command_manual(*command);
    }
    app.footer(manual + kExample);
  }

  // `corosim NAME --help` without the summary line (the list of commands has
  // it).
  static std::string command_manual(const CLI::App& command) {
    std::string text = command.help("corosim");
    std::size_t usage = text.find("Usage:");
    if (usage != std::string::npos) text.erase(0, usage);
    while (text.size() >= 2 && text.ends_with("\n\n")) text.pop_back();
    return text + "\n";
  }
};

// A top-level option CLI11 does not know would only get "A subcommand is
// required": name it, and point at the command it may belong to.
std::optional<std::string> unknown_option(const Cli& cli, const std::vector<std::string>& args) {
  if (args.size() < 2 || args[1].size() < 2 || args[1][0] != '-' || args[1] == "--") return std::nullopt;
  const std::string& arg = args[1];
  std::string name = arg.substr(0, arg.find('='));  // --flag=value
  if (cli.app.get_option_no_throw(name) != nullptr) return std::nullopt;
  std::string owners;  // "'corosim run' and 'corosim view'"
  for (const auto& [command, run] : cli.runs) {
    if (command->get_option_no_throw(name) != nullptr) {
      owners += (owners.empty() ? "'corosim " : " and 'corosim ") + command->get_name() + "'";
    }
  }
  std::string message = "corosim: unknown option '" + name + "'";
  if (!owners.empty()) message += " (an option of " + owners + ": put it after the command)";
  return message + "\nRun 'corosim --help' for usage.\n";
}

// Ninja's "unknown tool": CLI11 would only say that a subcommand is required.
std::optional<std::string> unknown_command(const std::vector<std::string>& args) {
  if (args.size() < 2 || args[1].empty() || args[1][0] == '-') return std::nullopt;
  std::string known;
  for (const Tool& tool : kTools) {
    if (args[1] == tool.name) return std::nullopt;
    known += known.empty() ? tool.name : std::string(", ") + tool.name;
  }
  return "corosim: unknown command '" + args[1] + "' (commands: " + known +
         ")\nRun 'corosim --help' for usage.\n";
}

// An option one command lacks that a user may look for there, and what to do
// instead: more use than CLI11's "The following argument was not expected".
struct MisplacedOption {
  const char* command;
  const char* option;
  const char* instead;
};

constexpr MisplacedOption kMisplacedOptions[] = {
    {"test", "--update", "test never updates goldens; record or refresh one with corosim check PROGRAM.py --update"},
};

std::optional<std::string> misplaced_option(const std::vector<std::string>& args) {
  if (args.size() < 3) return std::nullopt;
  for (const MisplacedOption& misplaced : kMisplacedOptions) {
    if (args[1] != misplaced.command) continue;
    for (size_t i = 2; i < args.size() && args[i] != "--"; ++i) {
      if (args[i] == misplaced.option) return "corosim: " + std::string(misplaced.instead) + "\n";
    }
  }
  return std::nullopt;
}

}  // namespace

int corosim_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                 const Console& console) {
  if (auto message = unknown_command(args)) {
    err << *message;
    return code(ExitCode::kUnusable);
  }
  if (auto message = misplaced_option(args)) {
    err << *message;
    return code(ExitCode::kUnusable);
  }
  Cli cli;
  if (auto message = unknown_option(cli, args)) {
    err << *message;
    return code(ExitCode::kUnusable);
  }
  // CLI11 wants the arguments after the program name, last first.
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  if (!reversed.empty()) reversed.pop_back();
  try {
    cli.app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    int status = cli.app.exit(e, out, err);
    return status == 0 ? code(ExitCode::kOk) : code(ExitCode::kUnusable);
  }
  for (auto& [command, run] : cli.runs) {
    if (command->parsed()) return run(out, err, console);
  }
  return code(ExitCode::kUnusable);  // unreachable: require_subcommand(1)
}

std::string corosim_help() { return Cli().app.help(); }

namespace {

// As `corosim NAME --help` prints it.
std::string command_help(const std::string& name) {
  Cli cli;
  for (const auto& [command, run] : cli.runs) {
    if (command->get_name() == name) return command->help("corosim");
  }
  return "";
}

}  // namespace

std::string run_help() { return command_help("run"); }

std::string view_help() { return command_help("view"); }

}  // namespace corosim
