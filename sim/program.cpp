#include "sim/program.h"

#include <map>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "sim/compile/code.h"
#include "sim/compile/compiler.h"
#include "sim/front/parser.h"
#include "sim/front/source.h"
#include "sim/lib/asyncio_runners.h"
#include "sim/loop/event_loop.h"
#include "sim/loop/task.h"
#include "sim/runtime/attribute.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/finalizer.h"
#include "sim/runtime/run_context.h"
#include "sim/vm/import.h"
#include "sim/vm/interpreter.h"
#include "sim/vm/module_runner.h"
#include "sim/vm/traceback.h"

namespace corosim {
namespace {

// Forwards every event to the user's sink and remembers, for outcome
// `error.task`, which task first ended with each exception object (the rule
// of tests/conformance/reftrace.py: the first task that ended, failed or
// cancelled, with the very exception object that escaped the program), and
// the tasks' names for the deadlock report.
class RunRecorder final : public TraceSink {
 public:
  explicit RunRecorder(TraceSink& next) : next_(next) {}

  void on_create(double t, const TaskInfo& task) override {
    names_[task.id] = task.name;
    next_.on_create(t, task);
  }
  void on_rename(TaskId task, const std::string& name) override {
    names_[task] = name;
    next_.on_rename(task, name);
  }
  void on_resume(double t, TaskId task) override { next_.on_resume(t, task); }
  void on_suspend(double t, TaskId task, const WaitsOn& w) override { next_.on_suspend(t, task, w); }
  void on_done(double t, TaskId task, const TaskEnd& end) override {
    remember_exception(task, end);
    next_.on_done(t, task, end);
  }
  void on_cancel(double t, TaskId task, TaskId by, const std::optional<std::string>& msg) override {
    next_.on_cancel(t, task, by, msg);
  }
  void on_print(double t, TaskId task, const std::string& text) override {
    next_.on_print(t, task, text);
  }
  void on_end(double end_time, const Outcome& outcome) override { next_.on_end(end_time, outcome); }

  // The task that first ended with `exc`, or 0.
  TaskId task_that_raised(const Value& exc) const {
    if (!exc.is_object()) return 0;
    auto it = first_task_with_.find(exc.obj());
    return it == first_task_with_.end() ? 0 : it->second.task;
  }

  // The current name of task `id`, for the deadlock report.
  std::string task_name(TaskId id) const {
    auto it = names_.find(id);
    return it == names_.end() ? "" : it->second;
  }

  void clear() { first_task_with_.clear(); }

 private:
  struct Entry {
    Value exc;  // held, so the address cannot be reused by another object
    TaskId task;
  };

  void remember_exception(TaskId task, const TaskEnd& end) {
    if (!end.exception_object) return;
    // TaskEnd's contract: the pointer is the exception Object itself.
    auto* exc = static_cast<Object*>(const_cast<void*>(end.exception_object));
    first_task_with_.try_emplace(exc, Entry{Value(exc), task});
  }

  TraceSink& next_;
  std::map<const Object*, Entry> first_task_with_;
  std::map<TaskId, std::string> names_;
};

ExitCode exit_code_for(Outcome::Status status) {
  switch (status) {
    case Outcome::Status::kOk:
    case Outcome::Status::kUntil: return ExitCode::kOk;
    case Outcome::Status::kError: return ExitCode::kException;
    case Outcome::Status::kDeadlock: return ExitCode::kDeadlock;
    case Outcome::Status::kLimit: return ExitCode::kLimit;
  }
  return ExitCode::kOk;
}

// Everything the program printed comes before the report about how it ended.
void report(const RunOptions& options, const std::string& text) {
  if (options.out) options.out->flush();
  if (options.err) *options.err << text << std::flush;
}

std::string limit_message(const char* which, uint64_t max_steps) {
  std::string limit = which ? which : "max-steps";
  if (limit == "max-steps") {
    return "corosim: stopped: the program exceeded --max-steps=" + std::to_string(max_steps) +
           " (interpreter steps); raise the limit with --max-steps\n";
  }
  return "corosim: stopped: the program hit the " + limit + " limit\n";
}

// Runs the module: as the main task of asyncio.run when it awaits at top
// level (CPython's PyCF_ALLOW_TOP_LEVEL_AWAIT), else as plain code.
void execute(const Ref<CodeObject>& code) {
  if (code->is_coroutine()) {
    asyncio_run(module_coroutine(code));
  } else {
    exec_module(code);
  }
}

std::string source_line(const SourceFile* source, const std::string& file, int line) {
  if (!source || file != source->path()) return "";
  return source->line_text(line);
}

// What CPython's traceback prints when str(exc) itself raises.
constexpr const char* kStrFailed = "<exception str() failed>";

// The trace's {type, message} of an exception: type(exc).__name__ and
// str(exc), as reftrace.py's exception_info.
Outcome error_outcome(const Value& exc, const RunRecorder& recorder) {
  Outcome outcome;
  outcome.status = Outcome::Status::kError;
  outcome.error_type = type_name(exc);
  try {
    outcome.error_message = exception_str(exc);
  } catch (const PyException&) {
    outcome.error_message = kStrFailed;
  } catch (const LimitExceeded&) {  // a user __str__ that loops forever
    outcome.error_message = kStrFailed;
  }
  outcome.error_task = recorder.task_that_raised(exc);
  return outcome;
}

std::string traceback_text(const Value& exc, const SourceFile* source) {
  try {
    return format_exception(exc, [source](const std::string& file, int line) {
      return source_line(source, file, line);
    });
  } catch (const PyException&) {
  } catch (const LimitExceeded&) {
  }
  return "Traceback (most recent call last):\n" + type_name(exc) + ": " + kStrFailed + "\n";
}

// How an uncaught SystemExit ends the run. CPython (pythonrun.c
// handle_system_exit) prints nothing and exits with exc.code when it is None
// (0) or an int, and otherwise prints str(code) on stderr and exits 1.
// corosim's exit codes 2..4 have their own meanings, so it keeps CPython's
// silence but folds every code other than None/0 into exit 1 with outcome
// `error` (type SystemExit); None/0 is a normal end (`ok`).
struct SystemExitEnd {
  bool clean = false;      // code None or 0: outcome ok
  std::string stderr_text;  // what CPython prints: "" for None and ints
};

std::optional<SystemExitEnd> system_exit_end(const Value& exc) {
  if (!exception_matches(exc, Value(exception_types().system_exit))) return std::nullopt;
  SystemExitEnd end;
  try {
    Value code = get_attr(exc, "code");
    if (code.is_none()) {
      end.clean = true;
    } else if (code.tag() == Value::Tag::kInt || code.tag() == Value::Tag::kBool) {
      end.clean = code.tag() == Value::Tag::kInt ? code.as_int() == 0 : !code.as_bool();
    } else {
      end.stderr_text = str(code) + "\n";
    }
  } catch (const PyException&) {
    end.stderr_text = std::string(kStrFailed) + "\n";
  } catch (const LimitExceeded&) {
    end.stderr_text = std::string(kStrFailed) + "\n";
  }
  return end;
}

// The outcome of a run that exhausted memory (or asked for an impossible size).
Outcome memory_limit(const RunOptions& options) {
  Outcome outcome;
  outcome.status = Outcome::Status::kLimit;
  outcome.limit = "memory";
  report(options, "corosim: stopped: the program ran out of memory\n");
  return outcome;
}

}  // namespace

LoadedProgram load_program(const std::string& path) {
  LoadedProgram program;
  program.path = path;
  LoadResult loaded = SourceFile::load(path);
  if (!loaded.file) {
    program.error = std::move(loaded.error);
    return program;
  }
  auto source = std::make_shared<const SourceFile>(std::move(*loaded.file));
  program.source = source;
  ParseResult parsed = parse(*source);  // checks UTF-8 first
  if (!parsed.ok()) {
    program.error = std::move(parsed.error);
    return program;
  }
  CompileResult compiled = compile_module(*parsed.module, source);
  if (!compiled.ok()) {
    program.error = std::move(compiled.error);
    return program;
  }
  program.code = Value(compiled.code);
  return program;
}

RunResult run_program(const LoadedProgram& program, const RunOptions& options) {
  if (!program.ok() || !program.code.is(ObjKind::kCode)) {  // nothing to run
    RunResult unusable;
    unusable.exit_code = ExitCode::kUnusable;
    return unusable;
  }
  NullTraceSink no_trace;
  RunRecorder recorder(options.trace ? *options.trace : no_trace);
  RunContext& ctx = run_context();
  ctx = RunContext{};
  ctx.out = options.out;
  ctx.err = options.err;
  ctx.source_line = [source = program.source.get()](const std::string& file, int line) {
    return source_line(source, file, line);
  };
  ctx.trace = &recorder;
  ctx.until = options.until;
  ctx.max_steps = options.max_steps;
  reset_task_counter();
  reset_imports();  // each run imports fresh modules (the last run's were released)
  reset_interpreter_state();  // nothing handled yet: a bare `raise` has nothing to re-raise

  Outcome outcome;
  try {
    // Finalizers stop with the program: the teardown below runs no Python
    // code, as CPython's own finalizers at interpreter exit come after the
    // program's end, which the reference tracer does not record either.
    run_with_finalizers([&] { execute(Ref<CodeObject>(program.code.as<CodeObject>())); });
  } catch (const PyException& e) {
    if (std::optional<SystemExitEnd> system_exit = system_exit_end(e.exc)) {
      if (!system_exit->clean) outcome = error_outcome(e.exc, recorder);
      report(options, system_exit->stderr_text);
    } else {
      outcome = error_outcome(e.exc, recorder);
      report(options, traceback_text(e.exc, program.source.get()));
    }
  } catch (const LimitExceeded& e) {
    outcome.status = Outcome::Status::kLimit;
    outcome.limit = e.which ? e.which : "max-steps";
    report(options, limit_message(e.which, options.max_steps));
  } catch (const Deadlock& d) {
    outcome.status = Outcome::Status::kDeadlock;
    outcome.waiting = d.ids();
    report(options, d.format([&recorder](TaskId id) { return recorder.task_name(id); }));
  } catch (const UntilReached&) {
    outcome.status = Outcome::Status::kUntil;
  } catch (const std::bad_alloc&) {
    outcome = memory_limit(options);
  } catch (const std::length_error&) {  // a size past what std::string/vector can hold
    outcome = memory_limit(options);
  }
  if (options.out) options.out->flush();

  RunResult result;
  result.outcome = outcome;
  result.end_time = ctx.clock;
  result.exit_code = exit_code_for(outcome.status);
  recorder.on_end(ctx.clock, outcome);
  recorder.clear();
  ctx = RunContext{};
  reset_imports();
  reset_interpreter_state();  // drops a handled exception left by an abandoned run
  Heap::release_all();
  return result;
}

}  // namespace corosim
