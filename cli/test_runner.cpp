#include "cli/test_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <set>

#include "cli/flag_table.h"
#include "sim/check/golden.h"

extern char** environ;

namespace corosim {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kProgramSuffix = ".py";
constexpr size_t kReadChunk = 64 * 1024;
// `corosim check`'s exit codes (cli/check_command.h).
constexpr int kCheckPassed = 0;
constexpr int kCheckFailed = 1;
constexpr int kCheckUnusable = 2;

std::string normal(const fs::path& path) { return path.lexically_normal().string(); }

bool is_program(const fs::path& path) { return path.filename().string().ends_with(kProgramSuffix); }

// Adds the programs with a golden under the directory `root`; returns an
// error line or "".
std::string find_in_directory(const std::string& root, std::set<std::string>& found) {
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    std::error_code ignored;
    if (entry.is_directory(ignored)) {
      // .git, .venv, editors' caches: never a project's scenarios.
      if (entry.path().filename().string().starts_with('.')) it.disable_recursion_pending();
      continue;
    }
    if (!is_program(entry.path()) || !entry.is_regular_file(ignored)) continue;
    std::string program = normal(entry.path());
    // Anything at the golden's path, even a directory: its check then says
    // why it cannot be used, rather than the program going unnoticed.
    if (fs::exists(golden_path_for(program), ignored)) found.insert(program);
  }
  if (ec) return root + ": cannot read directory: " + ec.message();
  return "";
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// "killed by signal 11 (SIGSEGV: Segmentation fault)".
std::string signal_text(int sig) {
  std::string text = "killed by signal " + std::to_string(sig);
  const char* abbrev = sigabbrev_np(sig);
  const char* description = sigdescr_np(sig);
  if (abbrev && description) text += std::string(" (SIG") + abbrev + ": " + description + ")";
  return text;
}

CheckResult unusable(const std::string& program, std::string reason) {
  CheckResult result;
  result.program = program;
  result.status = CheckResult::Status::kUnusable;
  result.summary = std::move(reason);
  return result;
}

// A result from how the child ended and what it printed. Only a check that
// says the traces differ has failed; a crash is no verdict on the program.
CheckResult classify(const std::string& program, int wait_status, std::string out, std::string err) {
  CheckResult result = unusable(program, "");
  if (WIFSIGNALED(wait_status)) {
    result.summary = signal_text(WTERMSIG(wait_status));
  } else {
    int code = WEXITSTATUS(wait_status);
    if (code == kCheckPassed) {
      result.status = CheckResult::Status::kPassed;
    } else if (code == kCheckFailed && !out.empty()) {
      // check prints "FAIL PROGRAM: FIRST DIVERGENCE" first.
      result.status = CheckResult::Status::kFailed;
      std::string line = first_line(out);
      std::string prefix = "FAIL " + program + ": ";
      result.summary = line.starts_with(prefix) ? line.substr(prefix.size()) : line;
    } else if (code == kCheckUnusable) {
      result.summary = first_line(err.empty() ? out : err);
    } else {
      result.summary = "exited with status " + std::to_string(code);
      if (!err.empty()) result.summary += ": " + first_line(err);
    }
  }
  result.output = std::move(out) + std::move(err);
  return result;
}

// One running check.
struct Child {
  size_t index = 0;  // into the program list
  pid_t pid = -1;
  int out_fd = -1;
  int err_fd = -1;
  std::string out, err;
  Clock::time_point start;

  bool reading() const { return out_fd >= 0 || err_fd >= 0; }
};

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

// The children running. However run_checks ends (an error, an exception
// from on_result), none is left behind: each still there is killed and
// reaped, and its pipes closed.
struct Children {
  Children() = default;
  Children(const Children&) = delete;
  Children& operator=(const Children&) = delete;
  ~Children() {
    for (Child& child : list) {
      close_fd(child.out_fd);
      close_fd(child.err_fd);
      ::kill(child.pid, SIGKILL);
      wait_for(child.pid);
    }
  }

  std::vector<Child> list;
};

// Starts `EXE check ARGS -- PROGRAM` with stdin on /dev/null and stdout,
// stderr on pipes. Returns "" or why it could not start.
std::string spawn_check(const RunnerOptions& options, const std::string& program, Child& child) {
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return std::strerror(errno);
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    int e = errno;
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return std::strerror(e);
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  // "--": a program named "-x.py" is not an option.
  std::vector<std::string> args{options.corosim, "check"};
  args.insert(args.end(), options.check_args.begin(), options.check_args.end());
  args.insert(args.end(), {"--", program});
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  int rc = ::posix_spawn(&child.pid, options.corosim.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (rc != 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    return std::strerror(rc);
  }
  child.out_fd = out_pipe[0];
  child.err_fd = err_pipe[0];
  return "";
}

// Reads what is there on `fd` into `into`; closes it at end of file.
void drain(int& fd, std::string& into) {
  char buffer[kReadChunk];
  ssize_t n = ::read(fd, buffer, sizeof buffer);
  if (n > 0) into.append(buffer, static_cast<size_t>(n));
  else if (n == 0 || (errno != EINTR && errno != EAGAIN)) close_fd(fd);
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

ProgramList find_programs(const std::vector<std::string>& paths) {
  std::set<std::string> found;
  for (const std::string& path : paths) {
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (fs::is_directory(status)) {
      if (std::string error = find_in_directory(path, found); !error.empty()) return {{}, error};
    } else if (fs::is_regular_file(status) && is_program(path)) {
      found.insert(normal(path));
    } else if (fs::exists(status)) {
      return {{}, path + ": not a directory or a .py program"};
    } else {
      return {{}, path + ": no such file or directory"};
    }
  }
  return {std::vector<std::string>(found.begin(), found.end()), ""};
}

std::optional<Shard> parse_shard(const std::string& text) {
  size_t slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  std::optional<uint64_t> index = parse_whole_number(text.substr(0, slash));
  std::optional<uint64_t> count = parse_whole_number(text.substr(slash + 1));
  if (!index || !count || *index < 1 || *index > *count) return std::nullopt;
  return Shard{*index, *count};
}

std::vector<std::string> shard_slice(const std::vector<std::string>& programs, Shard shard) {
  std::vector<std::string> slice;
  // Stop before a step past the end: `i + count` could wrap around.
  for (size_t i = shard.index - 1; i < programs.size(); i += shard.count) {
    slice.push_back(programs[i]);
    if (programs.size() - i <= shard.count) break;
  }
  return slice;
}

CheckRun run_checks(const std::vector<std::string>& programs, const RunnerOptions& options,
                    const std::function<void(const CheckResult&)>& on_result) {
  CheckRun run;
  run.results.resize(programs.size());
  std::vector<bool> ended(programs.size(), false);
  Children running;
  size_t next = 0;
  auto finish = [&](CheckResult result, size_t index) {
    run.results[index] = std::move(result);
    ended[index] = true;
    on_result(run.results[index]);
  };
  while (next < programs.size() || !running.list.empty()) {
    while (running.list.size() < std::max<size_t>(options.jobs, 1) && next < programs.size()) {
      Child child;
      child.index = next++;
      child.start = Clock::now();
      std::string error = spawn_check(options, programs[child.index], child);
      if (error.empty()) {
        running.list.push_back(std::move(child));
      } else {
        finish(unusable(programs[child.index], "cannot run " + options.corosim + ": " + error), child.index);
      }
    }
    if (running.list.empty()) continue;

    std::vector<pollfd> fds;
    for (const Child& child : running.list) {
      for (int fd : {child.out_fd, child.err_fd}) {
        if (fd >= 0) fds.push_back({fd, POLLIN, 0});
      }
    }
    if (!fds.empty() && options.poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      run.error = std::string("cannot wait for the checks: poll: ") + std::strerror(errno);
      for (size_t i = 0; i < programs.size(); ++i) {
        if (!ended[i]) run.results[i] = unusable(programs[i], run.error);
      }
      return run;  // `running` kills and reaps what is left
    }
    size_t f = 0;
    for (Child& child : running.list) {
      for (auto [fd, text] : {std::pair{&child.out_fd, &child.out}, std::pair{&child.err_fd, &child.err}}) {
        if (*fd < 0) continue;
        if (fds[f++].revents != 0) drain(*fd, *text);
      }
    }
    // A child whose pipes are both closed has exited or is about to.
    for (auto it = running.list.begin(); it != running.list.end();) {
      if (it->reading()) {
        ++it;
        continue;
      }
      int status = wait_for(it->pid);
      CheckResult result = classify(programs[it->index], status, std::move(it->out), std::move(it->err));
      result.seconds = seconds_since(it->start);
      size_t index = it->index;
      it = running.list.erase(it);
      finish(std::move(result), index);
    }
  }
  return run;
}

}  // namespace corosim
