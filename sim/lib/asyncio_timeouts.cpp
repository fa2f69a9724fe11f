#include "sim/lib/asyncio_timeouts.h"

#include <string>
#include <utility>

#include "sim/lib/asyncio_tasks.h"
#include "sim/lib/asyncio_wait.h"
#include "sim/loop/event_loop.h"
#include "sim/loop/handle.h"
#include "sim/loop/native_args.h"
#include "sim/loop/native_coroutine.h"
#include "sim/loop/task.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/float_repr.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/operators.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/repr.h"

namespace corosim {
namespace {

using Args = std::span<const Value>;
using KwArgs = std::span<const KwArg>;

// Mirrors timeouts._State: the value of each member (what repr and the
// RuntimeError of reschedule show).
enum class State { kCreated, kEntered, kExpiring, kExpired, kExited };

const char* state_value(State s) {
  switch (s) {
    case State::kCreated: return "created";
    case State::kEntered: return "active";
    case State::kExpiring: return "expiring";
    case State::kExpired: return "expired";
    case State::kExited: return "finished";
  }
  return "";
}

// A failed `assert` of timeouts.py (AssertionError without a message).
[[noreturn]] void assertion_failed() {
  raise_exception(Value(new_exception(exception_types().assertion_error, std::vector<Value>{})));
}

void on_timeout_callback(const Value& timeout, const Value&);

// Mirrors Lib/asyncio/timeouts.py Timeout (3.11). `when_` is None or the
// number given (timeout() makes it a float; timeout_at keeps an int as is).
class TimeoutObject final : public Object {
 public:
  explicit TimeoutObject(Value when) : Object(ObjKind::kOther, timeout_type()), when_(std::move(when)) {}
  void clear_refs() override {
    timeout_handler_ = Ref<Handle>();
    task_ = Ref<TaskObject>();
    when_ = Value::none();
  }

  const Value& when() const { return when_; }

  // Mirrors Timeout.reschedule.
  void reschedule(const Value& when) {
    if (state_ != State::kEntered) {
      if (state_ == State::kCreated)
        raise_error(exception_types().runtime_error, "Timeout has not been entered");
      raise_error(exception_types().runtime_error,
                  std::string("Cannot change state of ") + state_value(state_) + " Timeout");
    }
    when_ = when;
    if (timeout_handler_) timeout_handler_->cancel();
    if (when.is_none()) {
      timeout_handler_ = Ref<Handle>();
      return;
    }
    EventLoop& loop = get_running_loop();
    Callback on_timeout{on_timeout_callback, Value(this), Value()};
    if (compare_bool(CompareOp::kLe, when, Value::from_float(loop.time())))
      timeout_handler_ = loop.call_soon_handle(on_timeout);
    else
      timeout_handler_ = loop.call_at(
          native_args::to_double(when, "must be real number, not " + type_name(when)), on_timeout);
  }

  // Mirrors Timeout.expired.
  bool expired() const { return state_ == State::kExpiring || state_ == State::kExpired; }

  // Mirrors Timeout.__repr__.
  std::string repr() const {
    std::string info;
    if (state_ == State::kEntered) {
      std::string when = "None";
      if (when_.is_float()) when = float_repr(double_round(when_.as_float(), 3));
      else if (!when_.is_none()) when = corosim::repr(when_);
      info = " when=" + when;
    }
    return std::string("<Timeout [") + state_value(state_) + "]" + info + ">";
  }

  // Mirrors Timeout.__aenter__ (the body of the `async def`).
  void enter() {
    if (state_ != State::kCreated)
      raise_error(exception_types().runtime_error, "Timeout has already been entered");
    TaskObject* task = TaskObject::current();
    if (task == nullptr) raise_error(exception_types().runtime_error, "Timeout should be used inside a task");
    state_ = State::kEntered;
    task_ = Ref<TaskObject>(task);
    cancelling_ = task_->cancelling();
    reschedule(when_);
    task_->enter_timeout(Value(this));  // the trace's `timeout` waits (observation only)
  }

  // Mirrors Timeout.__aexit__ (the body of the `async def`).
  void exit(const Value& exc_type, const Value& exc_val) {
    if (state_ != State::kEntered && state_ != State::kExpiring) assertion_failed();
    task_->leave_timeout(Value(this));
    if (timeout_handler_) {
      timeout_handler_->cancel();
      timeout_handler_ = Ref<Handle>();
    }
    if (state_ == State::kExpiring) {
      state_ = State::kExpired;
      if (task_->uncancel() <= cancelling_ && exc_type.is_object() &&
          exc_type.obj() == exception_types().cancelled_error) {
        // Since there are no new cancel requests, we're handling this.
        raise_timeout_from(exc_val);
      }
    } else if (state_ == State::kEntered) {
      state_ = State::kExited;
    }
  }

  // Mirrors Timeout._on_timeout.
  void on_timeout() {
    if (state_ != State::kEntered) assertion_failed();
    task_->cancel();
    state_ = State::kExpiring;
    timeout_handler_ = Ref<Handle>();  // drop the reference early
  }

 private:
  State state_ = State::kCreated;
  Ref<Handle> timeout_handler_;
  Ref<TaskObject> task_;
  int64_t cancelling_ = 0;  // the task's cancelling() on entry: older requests are not ours
  Value when_;
};

void on_timeout_callback(const Value& timeout, const Value&) { timeout.as<TimeoutObject>()->on_timeout(); }
const bool kOnTimeoutDescribed = register_callback_description(
    on_timeout_callback, "Timeout._on_timeout()");

TimeoutObject& self_timeout(const Value& self, const char* method) {
  if (!self.is_object() || self.obj()->type() != timeout_type())
    raise_error(exception_types().type_error, std::string("descriptor '") + method +
                                                  "' for 'Timeout' objects doesn't apply to a '" +
                                                  type_name(self) + "' object");
  return *self.as<TimeoutObject>();
}

void no_args(const char* name, Args args, KwArgs kwargs) {
  check_no_kwargs(name, kwargs);
  check_arg_count(name, args, 0, 0);
}

AsyncBody aenter_body(Value self) {
  self.as<TimeoutObject>()->enter();
  co_return self;
}

AsyncBody aexit_body(Value self, Value exc_type, Value exc_val) {
  self.as<TimeoutObject>()->exit(exc_type, exc_val);
  co_return Value::none();
}

Value py_when(const Value& self, Args args, KwArgs kwargs) {
  no_args("when", args, kwargs);
  return self_timeout(self, "when").when();
}

Value py_reschedule(const Value& self, Args args, KwArgs kwargs) {
  static constexpr native_args::Param params[] = {{"when"}};
  Value bound[1];
  native_args::bind("reschedule", args, kwargs, params, bound);
  native_args::require("reschedule", "when", bound[0]);
  self_timeout(self, "reschedule").reschedule(bound[0]);
  return Value::none();
}

Value py_expired(const Value& self, Args args, KwArgs kwargs) {
  no_args("expired", args, kwargs);
  return Value::from_bool(self_timeout(self, "expired").expired());
}

Value py_aenter(const Value& self, Args args, KwArgs kwargs) {
  no_args("__aenter__", args, kwargs);
  self_timeout(self, "__aenter__");
  return Value(make_native_coroutine("Timeout.__aenter__", aenter_body(self), self));
}

Value py_aexit(const Value& self, Args args, KwArgs kwargs) {
  static constexpr native_args::Param params[] = {{"exc_type"}, {"exc_val"}, {"exc_tb"}};
  Value bound[3];
  native_args::bind("__aexit__", args, kwargs, params, bound);
  for (int i = 0; i < 3; ++i) native_args::require("__aexit__", params[i].name, bound[i]);
  self_timeout(self, "__aexit__");
  return Value(make_native_coroutine("Timeout.__aexit__", aexit_body(self, bound[0], bound[1]), self));
}

Value construct_timeout(TypeObject*, Args args, KwArgs kwargs) {
  static constexpr native_args::Param params[] = {{"when"}};
  Value bound[1];
  native_args::bind("Timeout.__init__", args, kwargs, params, bound);
  native_args::require("Timeout.__init__", "when", bound[0]);
  return Value(make<TimeoutObject>(bound[0]));
}

std::string repr_timeout(const Value& self) { return self.as<TimeoutObject>()->repr(); }

}  // namespace

TypeObject* timeout_type() {
  static TypeObject* type = [] {
    TypeObject* t = new_builtin_type("Timeout", builtin_types().object, 0, "asyncio.timeouts");
    t->construct = construct_timeout;
    t->repr = repr_timeout;
    add_method(t, "when", py_when);
    add_method(t, "reschedule", py_reschedule);
    add_method(t, "expired", py_expired);
    add_method(t, "__aenter__", py_aenter);
    add_method(t, "__aexit__", py_aexit);
    return t;
  }();
  return type;
}

namespace asyncio_natives {

Value timeout(const Value&, Args args, KwArgs kwargs) {
  static constexpr native_args::Param params[] = {{"delay"}};
  Value bound[1];
  native_args::bind("timeout", args, kwargs, params, bound);
  native_args::require("timeout", "delay", bound[0]);
  EventLoop& loop = corosim::get_running_loop();
  Value when = bound[0].is_none() ? Value::none()
                                  : binary_op(BinaryOp::kAdd, Value::from_float(loop.time()), bound[0]);
  return Value(make<TimeoutObject>(when));
}

Value timeout_at(const Value&, Args args, KwArgs kwargs) {
  static constexpr native_args::Param params[] = {{"when"}};
  Value bound[1];
  native_args::bind("timeout_at", args, kwargs, params, bound);
  native_args::require("timeout_at", "when", bound[0]);
  return Value(make<TimeoutObject>(bound[0]));
}

}  // namespace asyncio_natives

}  // namespace corosim
