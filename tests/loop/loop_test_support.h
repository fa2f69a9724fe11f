// Tiny worlds for the loop's tests, without the compiler or the VM:
// ScriptCoroutine, a native coroutine written as a list of C++ segments
// (what an `async def` body does between two awaits), and RecordingTrace, a
// TraceSink that writes one line per event.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "sim/loop/event_loop.h"
#include "sim/loop/future.h"
#include "sim/loop/task.h"
#include "sim/runtime/coroutine_object.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/object.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/run_context.h"
#include "sim/trace/trace_sink.h"

namespace corosim::testing {

/// What a segment of a ScriptCoroutine does when it ends.
struct Step {
  enum class Kind { kAwait, kReturn, kRaise, kYield };
  Kind kind;
  Value value;
};
inline Step await_(Value awaitable) { return {Step::Kind::kAwait, std::move(awaitable)}; }
inline Step return_(Value v = Value::none()) { return {Step::Kind::kReturn, std::move(v)}; }
inline Step raise_(Value exc) { return {Step::Kind::kRaise, std::move(exc)}; }
inline Step yield_() { return {Step::Kind::kYield, Value::none()}; }

/// A coroutine whose body is a list of segments. Each segment receives what
/// the previous await produced: its value, or the exception it raised (then
/// `value` is null); the first segment gets None. `await` follows Python:
/// a coroutine is delegated to (yield from), a Future suspends with
/// Future.__await__'s protocol, a done Future does not suspend.
class ScriptCoroutine final : public CoroutineObject {
 public:
  using Segment = std::function<Step(const Value& value, const Value& exc)>;

  ScriptCoroutine(std::string qualname, std::vector<Segment> segments)
      : CoroutineObject(ObjKind::kCoroutine, builtin_types().coroutine),
        qualname_(std::move(qualname)),
        segments_(std::move(segments)) {}

  std::string qualname() const override { return qualname_; }
  bool finished() const override { return finished_; }
  SendResult send(const Value&) override { return resume(Value::none(), Value()); }
  SendResult throw_exc(const Value& exc) override { return resume(Value(), exc); }
  void clear_refs() override {
    delegate_ = Ref<CoroutineObject>();
    future_ = Ref<FutureObject>();
  }

 private:
  SendResult resume(Value value, Value exc) {
    if (finished_)
      return {SendResult::Kind::kRaised,
              new_exception(exception_types().runtime_error, "cannot reuse already awaited coroutine")};
    if (next_ == 0 && !exc.is_null()) return finish(raise_(exc));  // thrown in before the body starts
    for (;;) {
      if (delegate_) {
        SendResult r = exc.is_null() ? delegate_->send(value) : delegate_->throw_exc(exc);
        if (r.kind == SendResult::Kind::kYielded) return r;
        delegate_ = Ref<CoroutineObject>();
        if (r.kind == SendResult::Kind::kReturned) value = r.value, exc = Value();
        else exc = r.value, value = Value();
      } else if (future_) {
        Ref<FutureObject> fut = std::move(future_);
        future_ = Ref<FutureObject>();
        if (exc.is_null()) take_result(*fut, value, exc);
      }
      if (next_ == segments_.size()) return finish(exc.is_null() ? return_() : raise_(exc));
      Step step;
      try {
        step = segments_[next_++](value, exc);
      } catch (PyException& e) {
        step = raise_(e.exc);
      }
      value = Value::none();
      exc = Value();
      switch (step.kind) {
        case Step::Kind::kReturn:
        case Step::Kind::kRaise: return finish(step);
        case Step::Kind::kYield: return {SendResult::Kind::kYielded, step.value};
        case Step::Kind::kAwait:
          if (step.value.is(ObjKind::kFuture) || step.value.is(ObjKind::kTask)) {
            FutureObject* fut = step.value.as<FutureObject>();
            if (!fut->done()) {  // Future.__await__
              fut->asyncio_future_blocking = true;
              future_ = Ref<FutureObject>(fut);
              return {SendResult::Kind::kYielded, step.value};
            }
            take_result(*fut, value, exc);
          } else {
            delegate_ = Ref<CoroutineObject>(step.value.as<CoroutineObject>());
          }
          break;
      }
    }
  }

  static void take_result(FutureObject& fut, Value& value, Value& exc) {
    try {
      value = fut.result();
    } catch (PyException& e) {
      exc = e.exc;
      value = Value();
    }
  }

  SendResult finish(const Step& step) {
    finished_ = true;
    if (step.kind == Step::Kind::kReturn) return {SendResult::Kind::kReturned, step.value};
    return {SendResult::Kind::kRaised, step.value};
  }

  std::string qualname_;
  std::vector<Segment> segments_;
  size_t next_ = 0;
  bool finished_ = false;
  Ref<CoroutineObject> delegate_;
  Ref<FutureObject> future_;
};

inline Ref<CoroutineObject> script(std::string qualname, std::vector<ScriptCoroutine::Segment> segments) {
  return Ref<CoroutineObject>(new ScriptCoroutine(std::move(qualname), std::move(segments)));
}

/// Rethrows the exception a segment received (the default when a segment
/// does not handle it).
#define RERAISE_IF(exc) \
  if (!(exc).is_null()) return ::corosim::testing::raise_(exc)

inline std::string fmt_time(double t) { return repr(Value::from_float(t)); }

/// One line per trace event, e.g. "1.0 resume 2", "0.0 create 2 parent=1 coro=w".
class RecordingTrace final : public TraceSink {
 public:
  std::vector<std::string> lines;

  void on_create(double t, const TaskInfo& task) override {
    add(t, "create " + std::to_string(task.id) + " " + task.name + " parent=" +
               std::to_string(task.parent) + " coro=" + task.coro +
               (task.internal ? " internal" : ""));
  }
  void on_rename(TaskId task, const std::string& name) override {
    lines.push_back("rename " + std::to_string(task) + " " + name);
  }
  void on_resume(double t, TaskId task) override { add(t, "resume " + std::to_string(task)); }
  void on_suspend(double t, TaskId task, const WaitsOn& w) override {
    add(t, "suspend " + std::to_string(task) + " " + describe(w));
  }
  void on_done(double t, TaskId task, const TaskEnd& end) override {
    std::string what;
    switch (end.state) {
      case TaskEnd::State::kDone: what = "done " + end.result; break;
      case TaskEnd::State::kFailed: what = "failed " + end.exc_type + ": " + end.exc_message; break;
      case TaskEnd::State::kCancelled: what = "cancelled"; break;
    }
    add(t, what.substr(0, what.find(' ')) + " " + std::to_string(task) +
               (what.find(' ') == std::string::npos ? "" : what.substr(what.find(' '))));
  }
  void on_cancel(double t, TaskId task, TaskId by, const std::optional<std::string>& msg) override {
    add(t, "cancel " + std::to_string(task) + " by=" + std::to_string(by) + (msg ? " msg=" + *msg : ""));
  }
  void on_print(double t, TaskId task, const std::string& text) override {
    std::string line = text;
    if (!line.empty() && line.back() == '\n') line.pop_back();
    add(t, "print " + std::to_string(task) + " " + line);
  }
  void on_end(double t, const Outcome&) override { add(t, "end"); }

  /// The lines joined with '\n' (one trailing newline per line).
  std::string text() const {
    std::string out;
    for (const std::string& l : lines) out += l + "\n";
    return out;
  }

 private:
  void add(double t, std::string s) { lines.push_back(fmt_time(t) + " " + s); }
  static std::string describe(const WaitsOn& w) {
    switch (w.what) {
      case WaitsOn::What::kSleep: return "sleep@" + fmt_time(w.until);
      case WaitsOn::What::kTask: return "task " + std::to_string(w.task);
      case WaitsOn::What::kGather: {
        std::string ids;
        for (TaskId id : w.tasks) ids += (ids.empty() ? "" : ",") + std::to_string(id);
        return "gather " + ids;
      }
      case WaitsOn::What::kYield: return "yield";
      case WaitsOn::What::kFuture: break;
    }
    return "future";
  }
};

/// Sets up run_context() for one test (clock 0, a recording trace, task
/// numbering from 1) and restores it afterwards.
class LoopWorld {
 public:
  LoopWorld() {
    RunContext& ctx = run_context();
    ctx.clock = 0.0;
    ctx.current_task = 0;
    ctx.until.reset();
    ctx.trace = &trace;
    ctx.wait_objects = ObjectNumbering();
    reset_task_counter();
  }
  ~LoopWorld() {
    RunContext& ctx = run_context();
    ctx.trace = nullptr;
    ctx.clock = 0.0;
    ctx.until.reset();
    ctx.wait_objects = ObjectNumbering();  // drops its holds on this test's objects
  }
  LoopWorld(const LoopWorld&) = delete;
  LoopWorld& operator=(const LoopWorld&) = delete;

  RecordingTrace trace;

  /// What print(text) records: a print event of the current task.
  void say(const std::string& text) {
    trace.on_print(run_context().clock, run_context().current_task, text + "\n");
  }
};

}  // namespace corosim::testing
