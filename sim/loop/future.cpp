#include "sim/loop/future.h"

#include <span>
#include <string>
#include <utility>

#include "sim/loop/native_args.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/call.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/repr.h"
#include "sim/loop/reprlib.h"

namespace corosim {

FutureObject::FutureObject(Ref<EventLoop> loop)
    : FutureObject(ObjKind::kFuture, future_type(), std::move(loop)) {}

FutureObject::FutureObject(ObjKind kind, TypeObject* type, Ref<EventLoop> loop)
    : Object(kind, type), loop_(std::move(loop)) {}

FutureObject::~FutureObject() = default;

void FutureObject::clear_refs() {
  result_ = Value();
  exception_ = Value();
  cancel_message_ = Value();
  cancelled_exc_ = Value();
  callback0_ = Callback();
  callbacks_.clear();
  loop_ = Ref<EventLoop>();
}

void FutureObject::finalize() {
  if (!needs_finalize()) return;
  log_traceback_ = false;
  loop_->call_exception_handler(
      {type()->name() + " exception was never retrieved", exception_, {{"future", Value(this)}}});
}

// Mirrors Lib/asyncio/futures.py Future.result (3.11), C messages.
Value FutureObject::result() {
  if (state_ == State::kCancelled) raise_exception(make_cancelled_error());
  if (state_ != State::kFinished)
    raise_error(exception_types().invalid_state_error, "Result is not set.");
  log_traceback_ = false;
  if (!exception_.is_null()) raise_exception(exception_);
  return result_;
}

// Mirrors Lib/asyncio/futures.py Future.exception (3.11), C messages.
Value FutureObject::exception() {
  if (state_ == State::kCancelled) raise_exception(make_cancelled_error());
  if (state_ != State::kFinished)
    raise_error(exception_types().invalid_state_error, "Exception is not set.");
  log_traceback_ = false;
  return exception_.is_null() ? Value::none() : exception_;
}

// Mirrors Lib/asyncio/futures.py Future.set_result (3.11), C message.
void FutureObject::set_result(Value result) {
  if (state_ != State::kPending)
    raise_error(exception_types().invalid_state_error, "invalid state");
  result_ = std::move(result);
  state_ = State::kFinished;
  schedule_callbacks();
}

// Mirrors Lib/asyncio/futures.py Future.set_exception (3.11), C message.
void FutureObject::set_exception(Value exc) {
  if (state_ != State::kPending)
    raise_error(exception_types().invalid_state_error, "invalid state");
  if (exc.is(ObjKind::kType)) exc = call(exc, {});
  if (!exc.is(ObjKind::kException))
    raise_error(exception_types().type_error, "invalid exception object");
  if (exc.obj()->type() == exception_types().stop_iteration)
    raise_error(exception_types().type_error,
                "StopIteration interacts badly with generators and cannot be raised into a Future");
  exception_ = std::move(exc);
  state_ = State::kFinished;
  schedule_callbacks();
  log_traceback_ = true;
}

// Mirrors Lib/asyncio/futures.py Future.cancel (3.11).
bool FutureObject::cancel(const Value& msg) {
  if (state_ != State::kPending) return false;
  state_ = State::kCancelled;
  cancel_message_ = msg;
  schedule_callbacks();
  return true;
}

// Mirrors Lib/asyncio/futures.py Future.__schedule_callbacks (3.11): every
// callback goes to call_soon, in registration order, with this future as
// its argument; the list is emptied first.
void FutureObject::schedule_callbacks() {
  Callback first = std::move(callback0_);
  callback0_ = Callback();
  std::vector<Callback> rest = std::move(callbacks_);
  callbacks_.clear();
  EventLoop* loop = loop_.get();
  if (first) loop->call_soon(Callback{first.fn, std::move(first.a), Value(this)});
  for (Callback& cb : rest) loop->call_soon(Callback{cb.fn, std::move(cb.a), Value(this)});
}

// Mirrors Lib/asyncio/futures.py Future.add_done_callback (3.11).
void FutureObject::add_done_callback(Callback callback) {
  if (state_ != State::kPending) {
    loop_->call_soon(Callback{callback.fn, std::move(callback.a), Value(this)});
    return;
  }
  // As the C Future: the first slot is used only while nothing follows it,
  // so registration order is always callback0_ then callbacks_.
  if (!callback0_ && callbacks_.empty()) callback0_ = std::move(callback);
  else callbacks_.push_back(std::move(callback));
}

// Mirrors Lib/asyncio/futures.py Future.remove_done_callback (3.11).
size_t FutureObject::remove_done_callback(Callback::Fn fn, const Value& a) {
  auto matches = [&](const Callback& c) {
    if (!c) return false;
    if (fn == nullptr) return is_python_done_callback_for(c, a);
    return c.fn == fn && c.a.identical(a);
  };
  size_t removed = 0;
  if (matches(callback0_)) {
    callback0_ = Callback();
    ++removed;
  }
  removed += std::erase_if(callbacks_, matches);
  return removed;
}

// Mirrors Lib/asyncio/futures.py Future._make_cancelled_error (3.11).
Value FutureObject::make_cancelled_error() {
  if (!cancelled_exc_.is_null()) return std::exchange(cancelled_exc_, Value());
  TypeObject* type = exception_types().cancelled_error;
  std::vector<Value> args;
  if (!cancel_message_.is_null() && !cancel_message_.is_none()) args.push_back(cancel_message_);
  return new_exception(type, std::move(args));
}

WaitsOn FutureObject::describe_as_waiter() const {
  WaitsOn w;
  if (is_sleep_) {
    w.what = WaitsOn::What::kSleep;
    w.until = sleep_until_;
  }
  return w;
}

// Mirrors Lib/asyncio/base_futures.py _future_repr_info (3.11):
// "pending cb=[Task.task_wakeup()]", "finished result=1", ...
std::string FutureObject::repr_info() const {
  std::string info;
  switch (state_) {
    case State::kPending: info = "pending"; break;
    case State::kCancelled: info = "cancelled"; break;
    case State::kFinished:
      if (!exception_.is_null()) info = "finished exception=" + corosim::repr(exception_);
      else info = "finished result=" + reprlib_repr(result_);
      break;
  }
  std::string cbs = format_callbacks();
  if (!cbs.empty()) info += " " + cbs;
  return info;
}

// Mirrors Lib/asyncio/base_futures.py _format_callbacks (3.11): one, two,
// or "first, <N more>, last".
std::string FutureObject::format_callbacks() const {
  std::vector<const Callback*> cbs;
  if (callback0_) cbs.push_back(&callback0_);
  for (const Callback& c : callbacks_) cbs.push_back(&c);
  if (cbs.empty()) return "";
  std::string text = describe_callback(*cbs.front());
  if (cbs.size() == 2) text += ", " + describe_callback(*cbs.back());
  if (cbs.size() > 2)
    text += ", <" + std::to_string(cbs.size() - 2) + " more>, " + describe_callback(*cbs.back());
  return "cb=[" + text + "]";
}

// Mirrors Lib/asyncio/base_futures.py _future_repr (3.11).
std::string FutureObject::repr() const { return "<" + type()->name() + " " + repr_info() + ">"; }

// Mirrors Lib/asyncio/futures.py _set_result_unless_cancelled (3.11).
void set_result_unless_cancelled(const Value& future, const Value& result) {
  FutureObject* fut = future.as<FutureObject>();
  if (fut->cancelled()) return;
  fut->set_result(result);
}

// ---- Python methods -----------------------------------------------------------

namespace {

FutureObject* self_future(const Value& self) { return self.as<FutureObject>(); }

void no_args(const char* name, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs(name, kwargs);
  check_arg_count(name, args, 0, 0);
}

Value py_done(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  no_args("done", args, kwargs);
  return Value::from_bool(self_future(self)->done());
}

Value py_cancelled(const Value& self, std::span<const Value> args,
                   std::span<const KwArg> kwargs) {
  no_args("cancelled", args, kwargs);
  return Value::from_bool(self_future(self)->cancelled());
}

Value py_result(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  no_args("result", args, kwargs);
  return self_future(self)->result();
}

Value py_exception(const Value& self, std::span<const Value> args,
                   std::span<const KwArg> kwargs) {
  no_args("exception", args, kwargs);
  return self_future(self)->exception();
}

Value py_cancel(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  static constexpr native_args::Param params[] = {{"msg"}};
  Value bound[1];
  native_args::bind("cancel", args, kwargs, params, bound);
  return Value::from_bool(self_future(self)->cancel(bound[0]));
}

Value py_add_done_callback(const Value& self, std::span<const Value> args,
                           std::span<const KwArg> kwargs) {
  static constexpr native_args::Param params[] = {{"fn"}, {"context", true}};
  Value bound[2];
  native_args::bind("add_done_callback", args, kwargs, params, bound);
  native_args::require("add_done_callback", "fn", bound[0]);
  self_future(self)->add_done_callback(make_python_done_callback(bound[0]));
  return Value::none();
}

Value py_remove_done_callback(const Value& self, std::span<const Value> args,
                              std::span<const KwArg> kwargs) {
  check_no_kwargs("remove_done_callback", kwargs);
  check_arg_count("remove_done_callback", args, 1, 1);
  size_t n = self_future(self)->remove_done_callback(nullptr, args[0]);
  return Value::from_int(static_cast<int64_t>(n));
}

Value py_set_result(const Value& self, std::span<const Value> args,
                    std::span<const KwArg> kwargs) {
  check_no_kwargs("set_result", kwargs);
  check_arg_count("set_result", args, 1, 1);
  self_future(self)->set_result(args[0]);
  return Value::none();
}

Value py_set_exception(const Value& self, std::span<const Value> args,
                       std::span<const KwArg> kwargs) {
  check_no_kwargs("set_exception", kwargs);
  check_arg_count("set_exception", args, 1, 1);
  self_future(self)->set_exception(args[0]);
  return Value::none();
}

Value py_get_loop(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  no_args("get_loop", args, kwargs);
  return Value(self_future(self)->get_loop());
}

std::string py_repr(const Value& self) { return self_future(self)->repr(); }

struct FutureMethod {
  const char* name;
  NativeFn fn;
};
constexpr FutureMethod kFutureMethods[] = {
    {"done", py_done},
    {"cancelled", py_cancelled},
    {"result", py_result},
    {"exception", py_exception},
    {"cancel", py_cancel},
    {"add_done_callback", py_add_done_callback},
    {"remove_done_callback", py_remove_done_callback},
    {"set_result", py_set_result},
    {"set_exception", py_set_exception},
    {"get_loop", py_get_loop},
};

}  // namespace

TypeObject* future_type() {
  static TypeObject* type = [] {
    TypeObject* t = new_builtin_type("Future", builtin_types().object, 0, "_asyncio");
    t->repr = py_repr;
    for (const FutureMethod& m : kFutureMethods) add_method(t, m.name, m.fn);
    return t;
  }();
  return type;
}

}  // namespace corosim
