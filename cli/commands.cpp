#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>

#include "cli/run_command.h"
#include "cli/view_command.h"
#include "sim/program.h"

namespace corosim {
namespace {

// What runs a subcommand once the command line has been parsed.
using ToolRun = std::function<int(std::ostream& out, std::ostream& err, const Console& console)>;

// One subcommand (Ninja's kTools): later issues add diff, check, test,
// validate as rows here; --help lists them from this table.
struct Tool {
  const char* name;
  const char* summary;
  // Adds the subcommand's options to `command` and returns what runs it.
  ToolRun (*install)(CLI::App& command);
};

ToolRun install_run(CLI::App& command) {
  auto options = std::make_shared<RunCommandOptions>();
  add_run_options(command, *options);
  return [options](std::ostream& out, std::ostream& err, const Console& console) {
    return run_command(*options, out, err, console);
  };
}

ToolRun install_view(CLI::App& command) {
  auto options = std::make_shared<ViewCommandOptions>();
  add_view_options(command, *options);
  return [options](std::ostream& out, std::ostream& err, const Console& console) {
    return view_command(*options, out, err, console);
  };
}

constexpr Tool kTools[] = {
    {"run",
     "run a program in virtual time and print what it prints; --trace records its trace, --html, --gantt "
     "and --chrome-trace show it",
     install_run},
    {"view", "show a saved trace: a Gantt chart on the terminal (the default), or --html and --chrome-trace files",
     install_view},
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
    "Example:\n"
    "  corosim run scenarios/seed/notebook.py --trace notebook.json\n"
    "  corosim run scenarios/seed/notebook.py --html notebook.html --gantt\n"
    "  corosim view notebook.json --width 120\n";

std::string exit_code_text() {
  std::string text = "Exit codes:\n";
  for (const ExitCodeInfo& row : kExitCodes) {
    text += "  " + std::to_string(static_cast<int>(row.code)) + "  " + row.meaning + "\n";
  }
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
    // commands comes each command's own help (its usage and every flag).
    std::string manual;
    for (const Tool& tool : kTools) {
      CLI::App* command = app.add_subcommand(tool.name, tool.summary);
      runs.emplace_back(command, tool.install(*command));
      manual += command_manual(*command);
      command->footer(exit_code_text());
    }
    app.footer(manual + kExample + "\n" + exit_code_text());
  }

  // `corosim NAME --help` without the summary line (the list of commands has
  // it) and without the footer (the top-level help has its own).
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

}  // namespace

int corosim_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                 const Console& console) {
  if (auto message = unknown_command(args)) {
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
