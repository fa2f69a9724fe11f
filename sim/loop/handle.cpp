#include "sim/loop/handle.h"

#include <span>
#include <string>
#include <vector>

#include "sim/loop/event_loop.h"
#include "sim/loop/reprlib.h"
#include "sim/runtime/attribute.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/call.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/number.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/tuple_object.h"
#include "sim/runtime/user_class.h"
#include "sim/compile/code.h"
#include "sim/vm/function.h"

namespace corosim {
namespace {

// callable(*args): `args` is a tuple or null.
void call_python_with_args(const Value& callable, const Value& args) {
  if (args.is_null()) {
    call(callable, {});
    return;
  }
  const auto& items = args.as<TupleObject>()->items;
  call(callable, std::span<const Value>(items.data(), items.size()));
}

// callable(future): a Python done callback.
void call_python_with_future(const Value& callable, const Value& future) {
  Value arg[1] = {future};
  call(callable, arg);
}

Value handle_cancel(const Value& self, std::span<const Value> args,
                    std::span<const KwArg> kwargs) {
  check_no_kwargs("cancel", kwargs);
  check_arg_count("cancel", args, 0, 0);
  self.as<Handle>()->cancel();
  return Value::none();
}

Value handle_cancelled(const Value& self, std::span<const Value> args,
                       std::span<const KwArg> kwargs) {
  check_no_kwargs("cancelled", kwargs);
  check_arg_count("cancelled", args, 0, 0);
  return Value::from_bool(self.as<Handle>()->cancelled());
}

Value timer_handle_when(const Value& self, std::span<const Value> args,
                        std::span<const KwArg> kwargs) {
  check_no_kwargs("when", kwargs);
  check_arg_count("when", args, 0, 0);
  return self.as<TimerHandle>()->when_value();
}

// Mirrors Lib/asyncio/events.py TimerHandle.__lt__, __le__, __gt__, __ge__
// and __eq__ (3.11); __ne__ is object's, the negation of __eq__.
Value timer_handle_richcompare(CompareOp op, const Value& self, const Value& other) {
  if (!(other.is(ObjKind::kHandle) && is_subtype(other.obj()->type(), timer_handle_type()))) return not_implemented();
  const auto& a = *self.as<TimerHandle>();
  const auto& b = *other.as<TimerHandle>();
  switch (op) {
    case CompareOp::kLt: return Value::from_bool(a.when() < b.when());
    case CompareOp::kLe: return Value::from_bool(a.when() < b.when() || a.same_call(b));
    case CompareOp::kGt: return Value::from_bool(a.when() > b.when());
    case CompareOp::kGe: return Value::from_bool(a.when() > b.when() || a.same_call(b));
    case CompareOp::kEq: return Value::from_bool(a.same_call(b));
    case CompareOp::kNe: return Value::from_bool(!a.same_call(b));
  }
  return not_implemented();
}

// Mirrors TimerHandle.__hash__: hash(self._when).
int64_t timer_handle_hash(const Value& self) { return hash_float(self.as<TimerHandle>()->when()); }

// The same comparisons and hash as Python methods, as TimerHandle has them.
template <CompareOp op>
Value timer_handle_compare_method(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs(compare_method_name(op), kwargs);
  check_arg_count(compare_method_name(op), args, 1, 1);
  return timer_handle_richcompare(op, self, args[0]);
}

Value timer_handle_hash_method(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs("__hash__", kwargs);
  check_arg_count("__hash__", args, 0, 0);
  return Value::from_int(timer_handle_hash(self));
}

// Mirrors Lib/asyncio/events.py Handle.__repr__ and TimerHandle._repr_info
// (3.11): the class, "cancelled", the deadline, then the callback with its
// arguments and source (a cancelled handle has dropped its callback).
std::string handle_repr(const Value& self) {
  const Handle* h = self.as<Handle>();
  std::string text = "<" + h->type()->name();
  if (h->cancelled()) text += " cancelled";
  if (h->type() == timer_handle_type())
    text += " when=" + repr(static_cast<const TimerHandle*>(h)->when_value());
  if (h->callback()) text += " " + describe_callback(h->callback());
  return text + ">";
}

}  // namespace

namespace {

struct CallbackDescription {
  Callback::Fn fn;
  const char* text;
};

std::vector<CallbackDescription>& callback_descriptions() {
  static std::vector<CallbackDescription> table;  // a handful of entries
  return table;
}

// Mirrors format_helpers._format_callback's name (3.11): __qualname__, else
// __name__, else the repr.
std::string callback_name(const Value& callable) {
  for (const char* attr : {"__qualname__", "__name__"}) {
    Value name = get_attr_or_null(callable, attr);
    if (name.is(ObjKind::kStr) && !name.as<StrObject>()->text().empty())
      return name.as<StrObject>()->text();
  }
  return repr(callable);
}

// Mirrors format_helpers._format_callback_source (3.11) with
// _format_args_and_kwargs: "cb(1, 'x') at prog.py:12"; only a plain Python
// function has a source (inspect.isfunction), not a bound method.
std::string describe_python_callable(const Value& callable, const Value& args) {
  std::string text = callback_name(callable) + "(";
  if (!args.is_null()) {
    const auto& items = args.as<TupleObject>()->items;
    for (size_t i = 0; i < items.size(); ++i) text += (i ? ", " : "") + reprlib_repr(items[i]);
  }
  text += ")";
  if (callable.is(ObjKind::kFunction)) {
    const FunctionObject* f = callable.as<FunctionObject>();
    text += " at " + f->code->filename + ":" + std::to_string(f->code->first_line);
  }
  return text;
}

}  // namespace

bool register_callback_description(Callback::Fn fn, const char* text) {
  callback_descriptions().push_back({fn, text});
  return true;
}

std::string describe_callback(const Callback& c) {
  // Once scheduled, a done callback carries its future (CPython's
  // call_soon(callback, self) makes it the handle's one argument).
  if (c.fn == call_python_with_future)
    return describe_python_callable(c.a, c.b.is_null() ? Value() : Value(new_tuple({c.b})));
  if (c.fn == call_python_with_args) return describe_python_callable(c.a, c.b);
  for (const CallbackDescription& d : callback_descriptions())
    if (d.fn == c.fn) return d.text;
  return "<callback>";
}

Callback make_python_callback(Value callable, Value args) {
  return Callback{call_python_with_args, std::move(callable), std::move(args)};
}

Callback make_python_done_callback(Value callable) {
  return Callback{call_python_with_future, std::move(callable), Value()};
}

bool is_python_done_callback_for(const Callback& c, const Value& callable) {
  if (c.fn != call_python_with_future) return false;
  return c.a.identical(callable) || equals(c.a, callable);
}

Handle::Handle(Callback callback) : Handle(ObjKind::kHandle, std::move(callback)) {}

Handle::Handle(ObjKind kind, Callback callback)
    : Object(kind, handle_type()), callback_(std::move(callback)) {}

Handle::~Handle() = default;

void Handle::clear_refs() { callback_ = Callback(); }

// Mirrors Lib/asyncio/events.py Handle.cancel (3.11).
void Handle::cancel() {
  if (cancelled_) return;
  cancelled_ = true;
  callback_ = Callback();  // drop the callback and its arguments at once
}

TimerHandle::TimerHandle(double when, Callback callback, Ref<EventLoop> loop)
    : Handle(ObjKind::kHandle, std::move(callback)), when_(when), loop_(std::move(loop)) {
  set_type(timer_handle_type());
}

TimerHandle::~TimerHandle() = default;

void TimerHandle::clear_refs() {
  Handle::clear_refs();
  loop_ = Ref<EventLoop>();
}

// `x == y` on CPython's _callback and _args: both None after a cancel (null
// here), and a call without arguments has null args on both sides.
static bool same_part(const Value& x, const Value& y) {
  if (x.is_null() || y.is_null()) return x.is_null() && y.is_null();
  return equals(x, y);
}

bool TimerHandle::same_call(const TimerHandle& other) const {
  return when_ == other.when_ && callback_.fn == other.callback_.fn && same_part(callback_.a, other.callback_.a) &&
         same_part(callback_.b, other.callback_.b) && cancelled_ == other.cancelled_;
}

// Mirrors Lib/asyncio/events.py TimerHandle.cancel (3.11).
void TimerHandle::cancel() {
  if (!cancelled_ && loop_) loop_->timer_handle_cancelled(*this);
  Handle::cancel();
}

TypeObject* handle_type() {
  static TypeObject* type = [] {
    TypeObject* t = new_builtin_type("Handle", builtin_types().object, 0, "asyncio.events");
    t->repr = handle_repr;
    add_method(t, "cancel", handle_cancel);
    add_method(t, "cancelled", handle_cancelled);
    return t;
  }();
  return type;
}

TypeObject* timer_handle_type() {
  static TypeObject* type = [] {
    TypeObject* t = new_builtin_type("TimerHandle", handle_type(), 0, "asyncio.events");
    add_method(t, "when", timer_handle_when);
    t->richcompare = timer_handle_richcompare;
    t->hash = timer_handle_hash;
    add_method(t, "__hash__", timer_handle_hash_method);
    add_method(t, "__lt__", timer_handle_compare_method<CompareOp::kLt>);
    add_method(t, "__le__", timer_handle_compare_method<CompareOp::kLe>);
    add_method(t, "__gt__", timer_handle_compare_method<CompareOp::kGt>);
    add_method(t, "__ge__", timer_handle_compare_method<CompareOp::kGe>);
    add_method(t, "__eq__", timer_handle_compare_method<CompareOp::kEq>);
    return t;
  }();
  return type;
}

}  // namespace corosim
