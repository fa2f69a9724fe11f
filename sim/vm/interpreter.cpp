#include "sim/vm/interpreter.h"

#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "sim/compile/code.h"
#include "sim/compile/opcode.h"
#include "sim/loop/future.h"
#include "sim/runtime/attribute.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/call.h"
#include "sim/runtime/dict_object.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/list_object.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/finalizer.h"
#include "sim/runtime/run_context.h"
#include "sim/runtime/set_object.h"
#include "sim/runtime/slice_object.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/super_object.h"
#include "sim/runtime/tuple_object.h"
#include "sim/runtime/user_class.h"
#include "sim/runtime/bound_method.h"
#include "sim/runtime/native_function.h"
#include "sim/vm/coroutine.h"
#include "sim/vm/builtins.h"
#include "sim/vm/frame.h"
#include "sim/vm/function.h"
#include "sim/vm/generator.h"
#include "sim/vm/import.h"
#include "sim/vm/ops_bridge.h"

namespace corosim {
namespace {

// Native re-entry (a builtin calling back into Python) nests dispatch loops on
// the C++ stack. Their number is bounded by the recursion limit, but a frame
// of this loop plus the native code between two loops is large under
// AddressSanitizer, so the C++ stack actually used is measured too: past this
// budget a nested loop raises RecursionError instead of growing further.
constexpr uintptr_t kCppStackBudget = 4u << 20;

// The interpreter's per-thread state (CPython's PyThreadState, reduced).
struct ThreadState {
  int depth = 0;       // Python frames on the running chains (recursion limit)
  int loops = 0;       // nested dispatch loops on the C++ stack
  ExcInfo base_exc;    // the exception handled outside any coroutine
  ExcInfo* exc_info = &base_exc;
  uintptr_t stack_floor = 0;  // lowest C++ stack address a loop may start at
};

ThreadState g_ts;

const ExceptionTypes& exc_types() { return exception_types(); }

[[noreturn]] void raise_recursion_error() {
  raise_error(exc_types().recursion_error, "maximum recursion depth exceeded");
}

// ---- the exc_info chain (Python/errors.c) ----

void push_exc_info(ExcInfo& info) {
  info.previous = g_ts.exc_info;
  g_ts.exc_info = &info;
}

void pop_exc_info(ExcInfo& info) {
  g_ts.exc_info = info.previous;
  info.previous = nullptr;
}

// Mirrors Python/errors.c _PyErr_GetTopmostException.
Value topmost_exception() {
  for (ExcInfo* e = g_ts.exc_info; e; e = e->previous)
    if (!e->exc.is_null() && !e->exc.is_none()) return e->exc;
  return Value();
}

ExceptionObject* as_exc(const Value& v) { return v.as<ExceptionObject>(); }

// Mirrors the __context__ part of Python/errors.c _PyErr_SetObject: the
// exception being handled becomes the new one's context, without creating a
// cycle through the context chain (Floyd's algorithm guards existing ones).
void chain_context(const Value& exc) {
  Value handled = topmost_exception();
  if (handled.is_null() || handled.identical(exc) || !exc.is(ObjKind::kException)) return;
  Value o = handled, slow = handled;
  bool toggle = false;
  for (;;) {
    Value ctx = as_exc(o)->context;
    if (ctx.is_null() || ctx.is_none()) break;
    if (ctx.identical(exc)) {
      as_exc(o)->context = Value::none();
      break;
    }
    o = ctx;
    if (o.identical(slow)) break;
    if (toggle) slow = as_exc(slow)->context;
    toggle = !toggle;
  }
  as_exc(exc)->context = handled;
}

void add_traceback(const Value& exc, Frame* f) {
  if (!exc.is(ObjKind::kException)) return;
  const CodeObject& code = *f->code;
  auto& tb = as_exc(exc)->traceback;  // outermost first: the unwinding frame goes in front
  tb.push_front(TracebackEntry{code.filename, f->current_line(), code.name});
}

// ---- frames ----

std::unique_ptr<Frame> new_frame_for(const FunctionObject& fn) {
  const CodeObject& code = *fn.code;
  Frame::Kind kind = code.is_coroutine()  ? Frame::Kind::kCoroutine
                     : code.is_generator() ? Frame::Kind::kGenerator
                                           : Frame::Kind::kFunction;
  auto frame = std::make_unique<Frame>(fn.code, fn.globals, kind);
  Value* cells = frame->cells() + code.ncellvars();
  for (int i = 0; i < code.nfreevars(); ++i) cells[i] = fn.closure[i];
  if (code.flags & CodeFlags::kClassBody) frame->locals_dict = Value(new_dict());
  return frame;
}

void enter_frame_depth() {
  if (g_ts.depth >= kRecursionLimit) raise_recursion_error();
  ++g_ts.depth;
}

// Leaves a frame that ran on this loop (returned or raised). Coroutine and
// generator frames also leave the exc_info chain; their owner finishes.
void leave_frame(Frame* f) {
  --g_ts.depth;
  if (f->kind == Frame::Kind::kCoroutine || f->kind == Frame::Kind::kGenerator)
    pop_exc_info(f->exc_state);
}

// Disposes of a frame that finished, once nothing refers to it any more.
void dispose_frame(Frame* f) {
  if (f->is_entry) {
    if (f->kind == Frame::Kind::kCoroutine && f->owner)
      static_cast<PyCoroObject*>(f->owner)->finish();
    return;  // other entry frames belong to whoever started the loop
  }
  switch (f->kind) {
    case Frame::Kind::kFunction:
    case Frame::Kind::kModule: delete f; break;
    case Frame::Kind::kCoroutine: static_cast<PyCoroObject*>(f->owner)->finish(); break;
    case Frame::Kind::kGenerator: break;  // generator frames are always entry frames
  }
}

// ---- names ----

[[noreturn]] void name_error(std::string_view name) {
  raise_error(exc_types().name_error, "name '" + std::string(name) + "' is not defined");
}

[[noreturn]] void unbound_local(std::string_view name) {
  raise_error(exc_types().unbound_local_error,
              "cannot access local variable '" + std::string(name) +
                  "' where it is not associated with a value");
}

[[noreturn]] void unbound_deref(const CodeObject& code, uint32_t index) {
  if (index < static_cast<uint32_t>(code.ncellvars())) unbound_local(code.deref_name(index));
  raise_error(exc_types().name_error, "cannot access free variable '" + code.deref_name(index) +
                                          "' where it is not associated with a value in "
                                          "enclosing scope");
}

Value load_global(Frame* f, const std::string& name) {
  Value v = f->globals.as<DictObject>()->get_str(name);
  if (!v.is_null()) return v;
  v = lookup_builtin(name);
  if (v.is_null()) name_error(name);
  return v;
}

Value load_name(Frame* f, const std::string& name) {
  Value v = f->locals_dict.as<DictObject>()->get_str(name);
  if (!v.is_null()) return v;
  return load_global(f, name);
}

CellObject* cell_at(Frame* f, uint32_t index) { return f->cells()[index].as<CellObject>(); }

// ---- building values ----

std::vector<Value> take_n(Frame* f, uint32_t n) {
  std::vector<Value> items(n);
  for (uint32_t i = n; i > 0; --i) items[i - 1] = f->pop();
  return items;
}

Value build_map(Frame* f, uint32_t n) {
  Ref<DictObject> d = new_dict();
  Value* base = f->sp - 2 * n;
  for (uint32_t i = 0; i < n; ++i) d->set(base[2 * i], base[2 * i + 1]);
  f->drop(static_cast<int>(2 * n));
  return Value(d);
}

Value build_set(Frame* f, uint32_t n) {
  Ref<SetObject> s = new_set();
  Value* base = f->sp - n;
  for (uint32_t i = 0; i < n; ++i) s->add(base[i]);
  f->drop(static_cast<int>(n));
  return Value(s);
}

Value build_string(Frame* f, uint32_t n) {
  std::string out;
  Value* base = f->sp - n;
  for (uint32_t i = 0; i < n; ++i) out += base[i].as<StrObject>()->text();
  f->drop(static_cast<int>(n));
  return new_str(std::move(out));
}

// CPython's _PyObject_FunctionStr: "__main__.f()", "print()", "int object".
std::string function_str(const Value& fn) {
  if (fn.is(ObjKind::kFunction)) return "__main__." + fn.as<FunctionObject>()->qualname + "()";
  if (fn.is(ObjKind::kNativeFunction)) return fn.as<NativeFunctionObject>()->name + "()";
  if (fn.is(ObjKind::kType)) return fn.as<TypeObject>()->name() + "()";
  if (fn.is(ObjKind::kBoundMethod)) return function_str(fn.as<BoundMethodObject>()->function);
  return type_name(fn) + " object";
}

void list_extend(Frame* f, uint32_t i) {
  Value iterable = f->pop();
  ListObject* list = f->peek(static_cast<int>(i) - 1).as<ListObject>();
  if (iterable.is(ObjKind::kList) || iterable.is(ObjKind::kTuple)) {
    const auto& src = iterable.is(ObjKind::kList) ? iterable.as<ListObject>()->items
                                                  : iterable.as<TupleObject>()->items;
    list->items.insert(list->items.end(), src.begin(), src.end());
    return;
  }
  Value it;
  try {
    it = vm::get_iter(iterable);
  } catch (PyException& e) {
    if (!is_subtype(type_of(e.exc), exc_types().type_error)) throw;
    raise_error(exc_types().type_error, "Value after * must be an iterable, not " + type_name(iterable));
  }
  Value item;
  while (vm::iter_next(it, item)) list->items.push_back(std::move(item));
}

void dict_update(Frame* f, uint32_t i, bool merge) {
  Value mapping = f->pop();
  DictObject* d = f->peek(static_cast<int>(i) - 1).as<DictObject>();
  if (!mapping.is(ObjKind::kDict)) {
    if (merge)
      raise_error(exc_types().type_error, function_str(f->peek(static_cast<int>(i) + 1)) +
                                              " argument after ** must be a mapping, not " +
                                              type_name(mapping));
    raise_error(exc_types().type_error, "'" + type_name(mapping) + "' object is not a mapping");
  }
  DictObject* src = mapping.as<DictObject>();
  Value key, value;
  for (size_t k = 0; k < src->entry_end(); ++k) {
    if (!src->entry_at(k, key, value)) continue;
    if (merge && d->contains(key))
      raise_error(exc_types().type_error, function_str(f->peek(static_cast<int>(i) + 1)) +
                                              " got multiple values for keyword argument '" +
                                              str(key) + "'");
    d->set(key, value);
  }
}

// ---- unpacking ----

[[noreturn]] void not_enough_values(size_t expected, size_t got, bool at_least) {
  raise_error(exc_types().value_error, std::string("not enough values to unpack (expected ") +
                                           (at_least ? "at least " : "") + std::to_string(expected) +
                                           ", got " + std::to_string(got) + ")");
}

Value iter_for_unpack(const Value& seq) {
  try {
    return vm::get_iter(seq);
  } catch (PyException& e) {
    if (!is_subtype(type_of(e.exc), exc_types().type_error)) throw;
    raise_error(exc_types().type_error, "cannot unpack non-iterable " + type_name(seq) + " object");
  }
}

// Mirrors Python/ceval.c unpack_iterable (3.11) for `a, b = seq` (argcntafter < 0)
// and `a, *b, c = seq`. Pushes the values so that the first one is on top.
void unpack(Frame* f, uint32_t before, int after) {
  Value seq = f->pop();
  if (after < 0 && (seq.is(ObjKind::kTuple) || seq.is(ObjKind::kList))) {
    const auto& items = seq.is(ObjKind::kTuple) ? seq.as<TupleObject>()->items
                                                : seq.as<ListObject>()->items;
    if (items.size() == before) {
      for (size_t i = items.size(); i > 0; --i) f->push(items[i - 1]);
      return;
    }
  }
  Value it = iter_for_unpack(seq);
  std::vector<Value> got;
  Value item;
  for (uint32_t i = 0; i < before; ++i) {
    if (!vm::iter_next(it, item)) {
      if (after < 0) not_enough_values(before, i, false);
      not_enough_values(before + after, i, true);
    }
    got.push_back(std::move(item));
  }
  if (after < 0) {
    if (vm::iter_next(it, item))
      raise_error(exc_types().value_error,
                  "too many values to unpack (expected " + std::to_string(before) + ")");
    for (size_t i = got.size(); i > 0; --i) f->push(std::move(got[i - 1]));
    return;
  }
  Ref<ListObject> rest = new_list();
  while (vm::iter_next(it, item)) rest->items.push_back(std::move(item));
  if (rest->items.size() < static_cast<size_t>(after))
    not_enough_values(before + after, before + rest->items.size(), true);
  std::vector<Value> tail(rest->items.end() - after, rest->items.end());
  rest->items.resize(rest->items.size() - after);
  for (size_t i = tail.size(); i > 0; --i) f->push(std::move(tail[i - 1]));
  f->push(Value(rest));
  for (size_t i = got.size(); i > 0; --i) f->push(std::move(got[i - 1]));
}

// ---- functions and calls ----

Value make_function(Frame* f, uint32_t flags) {
  Value code = f->pop();
  auto fn = make<FunctionObject>(Ref<CodeObject>(code.as<CodeObject>()), f->globals);
  if (flags & kMakeFunctionClosure) fn->closure = f->pop().as<TupleObject>()->items;
  if (flags & kMakeFunctionKwDefaults) {
    Value kwdefaults = f->pop();
    const CodeObject& co = *fn->code;
    fn->kw_defaults.resize(co.kwonlyargcount);
    for (int i = 0; i < co.kwonlyargcount; ++i)
      fn->kw_defaults[i] = kwdefaults.as<DictObject>()->get_str(co.varnames[co.argcount + i]);
  }
  if (flags & kMakeFunctionDefaults) fn->defaults = f->pop().as<TupleObject>()->items;
  return Value(fn);
}

// Zero-argument super(): the __class__ cell of the running method and its
// first argument (Objects/typeobject.c super_init_without_args).
Value zero_arg_super(Frame* f) {
  const CodeObject& code = *f->code;
  if (code.argcount == 0) raise_error(exc_types().runtime_error, "super(): no arguments");
  Value self = f->locals()[0];
  if (self.is_null()) raise_error(exc_types().runtime_error, "super(): arg[0] deleted");
  for (int i = 0; i < code.nfreevars(); ++i) {
    if (code.freevars[i] != "__class__") continue;
    Value cls = cell_at(f, code.ncellvars() + i)->value;
    if (!cls.is(ObjKind::kType)) raise_error(exc_types().runtime_error, "super(): empty __class__ cell");
    return Value(new_super(cls.as<TypeObject>(), self));
  }
  raise_error(exc_types().runtime_error, "super(): __class__ cell not found");
}

// BUILD_CLASS. The __class__ cell (zero-argument super()) is taken out of
// the namespace and filled here, as CPython's __build_class__ does, so the
// class never sees '__classcell__' whatever make_class does with it.
Value build_class(const Value& name, const Value& bases, const Value& ns) {
  Value cell = ns.as<DictObject>()->pop(Value(intern("__classcell__")));
  Ref<TypeObject> cls = make_class(name.as<StrObject>()->text(), bases.as<TupleObject>()->items,
                                   ns.as<DictObject>());
  if (cell.is(ObjKind::kCell)) cell.as<CellObject>()->value = Value(cls);
  return Value(cls);
}

Value new_coroutine_or_generator(const FunctionObject& fn, std::unique_ptr<Frame> frame) {
  if (fn.code->is_coroutine()) {
    auto coro = make<PyCoroObject>(std::move(frame), fn.name, fn.qualname);
    return Value(coro);
  }
  auto gen = make<PyGenObject>(std::move(frame), fn.name, fn.qualname);
  return Value(gen);
}

bool is_plain_python(const Value& v) {
  return v.is(ObjKind::kFunction) &&
         !(v.as<FunctionObject>()->code->flags & (CodeFlags::kCoroutine | CodeFlags::kGenerator));
}

// The keyword arguments of a call: the last len(names) stack values, paired
// with the names. Only calls with keywords pay for the vector.
std::span<const KwArg> keyword_args(const TupleObject* names, const Value* values,
                                    std::vector<KwArg>& storage) {
  if (!names) return {};
  storage.reserve(names->items.size());
  for (size_t i = 0; i < names->items.size(); ++i)
    storage.push_back(KwArg{names->items[i].as<StrObject>()->view(), values[i]});
  return storage;
}

// Calls stack[-(n+1)] with the n values above it (the last len(kwnames) of
// them keywords). A plain Python function gets a new frame, returned for the
// loop to run; anything else is called through the runtime and its result
// replaces the callable and arguments (nullptr returned). A native function
// with a NativeResultFn hands its exception back in `raised` (the stack left
// as a throw would leave it), so that raising costs no C++ throw.
Frame* call_from_stack(Frame* f, uint32_t n, const TupleObject* kwnames, Value& raised) {
  Value* args = f->sp - n;
  Value callable = args[-1];
  const size_t nkw = kwnames ? kwnames->items.size() : 0;
  const size_t npos = n - nkw;
  std::vector<KwArg> kw_storage;
  std::span<const KwArg> kw = keyword_args(kwnames, args + npos, kw_storage);
  const FunctionObject* fn = nullptr;
  std::span<const Value> pos(args, npos);
  if (is_plain_python(callable)) {
    fn = callable.as<FunctionObject>();
  } else if (callable.is(ObjKind::kBoundMethod) &&
             is_plain_python(callable.as<BoundMethodObject>()->function)) {
    // CPython's method-call trick: self takes the callable's slot, so the
    // arguments stay one contiguous span.
    fn = callable.as<BoundMethodObject>()->function.as<FunctionObject>();
    args[-1] = callable.as<BoundMethodObject>()->self;
    pos = std::span<const Value>(args - 1, npos + 1);
  }
  if (fn) {
    std::unique_ptr<Frame> frame = new_frame_for(*fn);
    bind_arguments(*fn, pos, kw, frame->locals());
    enter_frame_depth();
    f->drop(static_cast<int>(n) + 1);
    frame->back = f;
    return frame.release();
  }
  Value result;
  if (callable.is(ObjKind::kNativeFunction) && callable.as<NativeFunctionObject>()->result_fn &&
      !callable.as<NativeFunctionObject>()->self.is_null()) {
    const auto& native = *callable.as<NativeFunctionObject>();
    NativeResult r = native.result_fn(native.self, pos, kw);
    if (r.raised) {
      raised = std::move(r.value);
      return nullptr;
    }
    result = std::move(r.value);
  } else if (n == 0 && callable.is_object() && callable.obj() == builtin_types().super_) {
    result = zero_arg_super(f);
  } else {
    result = call(callable, pos, kw);
  }
  f->drop(static_cast<int>(n) + 1);
  f->push(std::move(result));
  return nullptr;
}

// CALL_EX: (f, args_tuple[, kwargs_dict] -- result).
Frame* call_ex(Frame* f, uint32_t flags) {
  Value kwargs = (flags & kCallExHasKwargs) ? f->pop() : Value();
  Value args = f->pop();
  Value callable = f->pop();
  std::vector<KwArg> kw;
  if (!kwargs.is_null()) {
    if (!kwargs.is(ObjKind::kDict))
      raise_error(exc_types().type_error, function_str(callable) +
                                              " argument after ** must be a mapping, not " +
                                              type_name(kwargs));
    DictObject* d = kwargs.as<DictObject>();
    Value key, value;
    for (size_t i = 0; i < d->entry_end(); ++i) {
      if (!d->entry_at(i, key, value)) continue;
      if (!key.is(ObjKind::kStr)) raise_error(exc_types().type_error, "keywords must be strings");
      kw.push_back(KwArg{key.as<StrObject>()->view(), value});
    }
  }
  // f(*x) passes x itself (CPython's CALL_FUNCTION_EX): any iterable.
  std::vector<Value> converted;
  const std::vector<Value>* items_ptr = &converted;
  if (args.is(ObjKind::kTuple)) {
    items_ptr = &args.as<TupleObject>()->items;
  } else if (args.is(ObjKind::kList)) {
    converted = args.as<ListObject>()->items;  // a copy: the callee may mutate the list
  } else {
    try {
      converted = vm::to_vector(args);
    } catch (PyException& e) {
      if (!is_subtype(type_of(e.exc), exc_types().type_error)) throw;
      raise_error(exc_types().type_error, function_str(callable) +
                                              " argument after * must be an iterable, not " +
                                              type_name(args));
    }
  }
  const std::vector<Value>& items = *items_ptr;
  if (is_plain_python(callable)) {
    const FunctionObject& fn = *callable.as<FunctionObject>();
    std::unique_ptr<Frame> frame = new_frame_for(fn);
    bind_arguments(fn, items, kw, frame->locals());
    enter_frame_depth();
    frame->back = f;
    return frame.release();
  }
  f->push(call(callable, items, kw));
  return nullptr;
}

// ---- await ----

// kRaise: an exception passing through (thrown in, or re-raised by the
// awaited object); kRaiseNew: raised by the await itself, so it is chained
// to the exception being handled (as _PyErr_SetObject does).
enum class AwaitStep { kDone, kSuspend, kEnter, kRaise, kRaiseNew };

// GET_AWAITABLE: what `await v` may await (Python/ceval.c _PyCoro_GetAwaitableIter).
// `where`: GET_AWAITABLE's operand (1: the result of __aenter__, 2: of __aexit__).
void check_awaitable(const Value& v, uint32_t where = 0) {
  if (v.is(ObjKind::kCoroutine)) {
    if (v.as<PyCoroObject>()->state() == PyCoroObject::State::kSuspended)
      raise_error(exc_types().runtime_error, "coroutine is being awaited already");
    return;
  }
  if (v.is(ObjKind::kNativeCoroutine) || v.is(ObjKind::kFuture) || v.is(ObjKind::kTask)) return;
  if (where != 0)
    raise_error(exc_types().type_error,
                std::string("'async with' received an object from ") +
                    (where == 1 ? "__aenter__" : "__aexit__") +
                    " that does not implement __await__: " + type_name(v));
  raise_error(exc_types().type_error,
              "object " + type_name(v) + " can't be used in 'await' expression");
}

// _PyObject_LookupSpecial: `name` looked up on obj's type (never the
// instance), bound to obj; null if the type has no such attribute.
Value lookup_special(const Value& obj, std::string_view name) {
  Value found = type_lookup(type_of(obj), name);
  if (found.is(ObjKind::kNativeFunction)) {
    const auto& f = *found.as<NativeFunctionObject>();
    return f.is_method && f.self.is_null() ? Value(bind_native(f, obj)) : found;
  }
  return found.is_null() ? found : bind_descriptor(found, obj, type_of(obj));
}

// BEFORE_ASYNC_WITH: replaces the manager with its bound __aexit__ and pushes
// the result of calling its __aenter__ (ceval.c).
void before_async_with(Frame* f) {
  Value mgr = f->top();
  const std::string protocol =
      "'" + type_name(mgr) + "' object does not support the asynchronous context manager protocol";
  Value enter = lookup_special(mgr, "__aenter__");
  if (enter.is_null()) raise_error(exc_types().type_error, protocol);
  Value exit = lookup_special(mgr, "__aexit__");
  if (exit.is_null()) raise_error(exc_types().type_error, protocol + " (missed __aexit__ method)");
  f->top() = std::move(exit);
  f->push(call(enter, {}));
}

// WITH_EXCEPT_START: (exit, prev, exc -- exit, prev, exc, exit(type(exc), exc, None)).
void with_except_start(Frame* f) {
  Value exc = f->top();
  Value exit = f->sp[-3];
  std::array<Value, 3> args{Value(type_of(exc)), exc, Value::none()};
  f->push(call(exit, args));
}

// One execution of AWAIT (see opcode.h): the awaitable is at the top of f's
// stack, f->pc is just past the AWAIT. `resumed` is false on the first
// execution. kDone: the result replaced the awaitable. kSuspend: `out` is the
// value to yield up the chain. kEnter: `entered` is the awaited coroutine's
// frame, linked above f. kRaise: `out` is an exception to raise at the AWAIT
// without re-chaining it (it comes from the awaited object).
AwaitStep await_step(Frame* f, const Value& in, bool is_throw, bool resumed, Value& out,
                     Frame*& entered) {
  Value aw = f->top();
  switch (aw.is_object() ? aw.obj()->kind() : ObjKind::kOther) {
    case ObjKind::kCoroutine: {
      auto* coro = aw.as<PyCoroObject>();
      if (coro->state() == PyCoroObject::State::kCreated && !is_throw) {
        Frame* callee = coro->frame();
        enter_frame_depth();
        push_exc_info(callee->exc_state);
        coro->set_state(PyCoroObject::State::kRunning);
        callee->back = f;
        callee->is_entry = false;
        f->awaiting_inline = true;
        entered = callee;
        return AwaitStep::kEnter;
      }
      if (is_throw && is_subtype(type_of(in), exc_types().generator_exit)) {
        // Mirrors Objects/genobject.c _gen_throw (3.11): GeneratorExit closes
        // the delegate (silent when it is done) and is raised in f itself.
        coro->close();
        out = in;
        return AwaitStep::kRaise;
      }
      [[fallthrough]];  // finished, running or thrown into: let send/throw report it
    }
    case ObjKind::kNativeCoroutine: {
      auto* coro = static_cast<CoroutineObject*>(aw.obj());
      SendResult r = is_throw ? coro->throw_exc(in) : coro->send(in);
      out = std::move(r.value);
      switch (r.kind) {
        case SendResult::Kind::kYielded: return AwaitStep::kSuspend;
        case SendResult::Kind::kReturned: f->top() = std::move(out); return AwaitStep::kDone;
        case SendResult::Kind::kRaised: break;
      }
      const bool fresh = out.is(ObjKind::kException) && as_exc(out)->traceback.empty();
      return fresh && !out.identical(in) ? AwaitStep::kRaiseNew : AwaitStep::kRaise;
    }
    case ObjKind::kFuture:
    case ObjKind::kTask: {
      // Mirrors Lib/asyncio/futures.py Future.__await__ (3.11).
      auto* fut = aw.as<FutureObject>();
      if (is_throw) {
        out = in;
        return AwaitStep::kRaise;
      }
      if (!fut->done()) {
        if (resumed) raise_error(exc_types().runtime_error, "await wasn't used with future");
        fut->asyncio_future_blocking = true;
        out = aw;
        return AwaitStep::kSuspend;
      }
      try {
        f->top() = fut->result();
      } catch (PyException& e) {  // the C Future raises with PyErr_SetObject: chained
        out = std::move(e.exc);
        return AwaitStep::kRaiseNew;
      }
      return AwaitStep::kDone;
    }
    default:
      check_awaitable(aw);
      raise_error(exc_types().type_error, "object " + type_name(aw) + " can't be used in 'await' expression");
  }
}

// GET_YIELD_FROM_ITER (Python/ceval.c, 3.11).
Value yield_from_iter(const Value& v) {
  if (v.is(ObjKind::kCoroutine) || v.is(ObjKind::kNativeCoroutine))
    raise_error(exc_types().type_error, "cannot 'yield from' a coroutine object in a non-coroutine generator");
  if (v.is(ObjKind::kGenerator)) return v;
  return vm::get_iter(v);
}

// One execution of YIELD_FROM (see opcode.h): the delegate is at the top of
// f's stack. Answers like await_step, never kEnter: a delegate generator is
// resumed through send/throw (a nested loop), like a native coroutine.
AwaitStep yield_from_step(Frame* f, const Value& in, bool is_throw, Value& out) {
  Value it = f->top();
  SendResult r{SendResult::Kind::kReturned, Value::none()};
  if (it.is(ObjKind::kGenerator)) {
    auto* gen = it.as<PyGenObject>();
    if (is_throw && is_subtype(type_of(in), exc_types().generator_exit)) {
      // Mirrors Objects/genobject.c _gen_throw (3.11): GeneratorExit closes
      // the delegate and is raised in f itself.
      gen->close();
      out = in;
      return AwaitStep::kRaise;
    }
    r = is_throw ? gen->throw_exc(in) : gen->send(in);
  } else if (is_throw) {  // a builtin iterator has no throw() or close()
    out = in;
    return AwaitStep::kRaise;
  } else if (!in.is_none() && !in.is_null()) {
    r.value = call(get_attr(it, "send"), std::span<const Value>(&in, 1));
    r.kind = SendResult::Kind::kYielded;
  } else if (vm::iter_next(it, r.value)) {
    r.kind = SendResult::Kind::kYielded;
  }
  out = std::move(r.value);
  switch (r.kind) {
    case SendResult::Kind::kYielded: return AwaitStep::kSuspend;
    case SendResult::Kind::kReturned: f->top() = std::move(out); return AwaitStep::kDone;
    case SendResult::Kind::kRaised: break;
  }
  return AwaitStep::kRaise;
}

// The chain from the innermost frame f down to the loop's entry frame
// suspends: every coroutine on it leaves the running state.
void suspend_chain(Frame* f) {
  for (;;) {
    --g_ts.depth;
    pop_exc_info(f->exc_state);
    if (f->owner && f->kind == Frame::Kind::kCoroutine)
      static_cast<PyCoroObject*>(f->owner)->set_state(PyCoroObject::State::kSuspended);
    if (f->is_entry) return;
    f = f->back;
  }
}

// A C++ exception that is not a Python exception (LimitExceeded, bad_alloc)
// abandons the chain: every frame on it is finished so nothing can resume a
// half-run frame, and the thread state is restored.
void abandon_chain(Frame* f) {
  for (;;) {
    Frame* back = f->back;
    const bool entry = f->is_entry;
    leave_frame(f);
    f->awaiting_inline = false;
    dispose_frame(f);
    if (entry) return;
    f = back;
  }
}

// ---- formatting ----

// ascii(v): repr(v) with every non-ASCII code point escaped (\xhh, \uhhhh, \Uhhhhhhhh).
std::string ascii_repr(const Value& v) {
  const std::string text = repr(v);
  std::string out;
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < text.size();) {
    const uint32_t cp = decode_utf8(text, i);
    if (cp < 0x80) {
      out += static_cast<char>(cp);
      continue;
    }
    const int digits = cp <= 0xFF ? 2 : cp <= 0xFFFF ? 4 : 8;
    out += digits == 2 ? "\\x" : digits == 4 ? "\\u" : "\\U";
    for (int d = digits - 1; d >= 0; --d) out += kHex[(cp >> (4 * d)) & 0xF];
  }
  return out;
}

Value format_value_op(Frame* f, uint32_t flags) {
  Value spec = (flags & kFormatHasSpec) ? f->pop() : Value();
  Value v = f->pop();
  switch (flags & kFormatConvMask) {
    case kFormatConvStr: v = new_str(str(v)); break;
    case kFormatConvRepr: v = new_str(repr(v)); break;
    case kFormatConvAscii: v = new_str(ascii_repr(v)); break;
    default: break;
  }
  std::string_view spec_text = spec.is_null() ? std::string_view() : spec.as<StrObject>()->view();
  if (spec_text.empty() && v.is(ObjKind::kStr)) return v;
  return new_str(format_value(v, spec_text));
}

// ---- the loop ----

enum class ResumeMode { kRun, kAwaitSend, kAwaitThrow, kYieldSend, kYieldThrow, kYieldFromSend, kYieldFromThrow };

// Called before a new dispatch loop is entered: past the C++ stack budget,
// a nested loop raises RecursionError (see kCppStackBudget).
void check_cpp_stack() {
  const auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  if (g_ts.loops == 0) g_ts.stack_floor = here > kCppStackBudget ? here - kCppStackBudget : 0;
  else if (here < g_ts.stack_floor) raise_recursion_error();
}

// Counts the dispatch loops nested on the C++ stack.
struct LoopGuard {
  LoopGuard() { ++g_ts.loops; }
  ~LoopGuard() { --g_ts.loops; }
  LoopGuard(const LoopGuard&) = delete;
  LoopGuard& operator=(const LoopGuard&) = delete;
};

// Labels as values (a GCC/Clang extension) give threaded dispatch.
#if defined(__GNUC__) && !defined(COROSIM_NO_COMPUTED_GOTO)
#define COROSIM_COMPUTED_GOTO 1
#else
#define COROSIM_COMPUTED_GOTO 0
#endif

// The rare work between two instructions: the step budget ran out, or
// objects dropped by the last instruction wait for their finalizers (run
// here, where no C++ is in the middle of changing a container).
[[gnu::noinline]] void between_instructions(bool over_budget) {
  if (over_budget) end_run(LimitExceeded{"max-steps"});
  run_pending_finalizers();
}

// How the dispatch loop stopped.
enum class Exit { kReturned, kYielded, kException };

// Runs instructions from f (the innermost frame) until the entry frame
// returns (kReturned, value in `out`), the chain suspends (kYielded) or an
// exception must be unwound (kException: `out` holds it; `add_tb` says whether
// the raising frame gets a traceback entry). C++ exceptions thrown by helpers
// (PyException) leave it too; the caller unwinds those the same way.
#if COROSIM_COMPUTED_GOTO
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"  // computed goto is the documented extension
#endif
Exit dispatch(Frame*& f, Value& out, bool& add_tb) {
  RunContext& rc = run_context();
  const uint64_t step_limit = rc.max_steps ? rc.max_steps : UINT64_MAX;
  const Instr* code = f->code->code.data();
  const Value* consts = f->code->consts.data();
#define COROSIM_RELOAD()             \
  do {                               \
    code = f->code->code.data();     \
    consts = f->code->consts.data(); \
  } while (0)

  Instr instr;
  uint32_t arg;
#if COROSIM_COMPUTED_GOTO
  // NOTE: a computed goto at the loop head (no bounds check of a switch);
  // the switch below is the portable fallback and the same handlers serve
  // both.
  static const void* const kTargets[] = {
#define COROSIM_OPCODE_TARGET(name, kind, effect, jump_effect) &&L_##name,
      COROSIM_OPCODES(COROSIM_OPCODE_TARGET)
#undef COROSIM_OPCODE_TARGET
  };
#define TARGET(name) \
  case Opcode::name: \
  L_##name:
#else
#define TARGET(name) case Opcode::name:
#endif
// NOTE: not `goto* kTargets[...]` inside the handler: GCC does not run the
// destructors of a handler's block-scope locals (Value obj = f->pop(); ...)
// when a computed goto leaves their scope, so each such handler leaked the
// references it held (STORE_ATTR's obj, STORE_SUBSCR's container, ...).
// `continue` destroys them; the loop head then does the computed goto.
#define DISPATCH() continue

  for (;;) {
    // NOTE: the budget counts every instruction; a single increment and
    // compare keeps `while True: pass` stoppable at little cost.
    if ((++rc.steps > step_limit) | finalizers_pending()) [[unlikely]]
      between_instructions(rc.steps > step_limit);
    instr = code[f->pc++];
    arg = arg_of(instr);
#if COROSIM_COMPUTED_GOTO
    goto* kTargets[instr & 0xFF];
#endif
    switch (opcode_of(instr)) {
      TARGET(NOP) DISPATCH();
      TARGET(POP_TOP) f->drop(1); DISPATCH();
      TARGET(COPY) f->push(f->peek(static_cast<int>(arg) - 1)); DISPATCH();
      TARGET(SWAP) std::swap(f->top(), f->peek(static_cast<int>(arg) - 1)); DISPATCH();

      TARGET(LOAD_CONST) f->push(consts[arg]); DISPATCH();
      TARGET(LOAD_FAST) {
        const Value& v = f->locals()[arg];
        if (v.is_null()) [[unlikely]] unbound_local(f->code->varnames[arg]);
        f->push(v);
        DISPATCH();
      }
      TARGET(STORE_FAST) f->locals()[arg] = f->pop(); DISPATCH();
      TARGET(DELETE_FAST)
        if (f->locals()[arg].is_null()) unbound_local(f->code->varnames[arg]);
        f->locals()[arg] = Value();
        DISPATCH();
      TARGET(LOAD_DEREF) {
        const Value& v = cell_at(f, arg)->value;
        if (v.is_null()) unbound_deref(*f->code, arg);
        f->push(v);
        DISPATCH();
      }
      TARGET(STORE_DEREF) cell_at(f, arg)->value = f->pop(); DISPATCH();
      TARGET(DELETE_DEREF)
        if (cell_at(f, arg)->value.is_null()) unbound_deref(*f->code, arg);
        cell_at(f, arg)->value = Value();
        DISPATCH();
      TARGET(LOAD_CLOSURE) f->push(f->cells()[arg]); DISPATCH();
      TARGET(LOAD_CLASSDEREF) {
        Value v = f->locals_dict.as<DictObject>()->get_str(f->code->deref_name(arg));
        if (v.is_null()) {
          v = cell_at(f, arg)->value;
          if (v.is_null()) unbound_deref(*f->code, arg);
        }
        f->push(std::move(v));
        DISPATCH();
      }
      TARGET(LOAD_GLOBAL) f->push(load_global(f, f->code->names[arg])); DISPATCH();
      TARGET(STORE_GLOBAL) f->globals.as<DictObject>()->set_str(f->code->names[arg], f->pop()); DISPATCH();
      TARGET(DELETE_GLOBAL)
        if (f->globals.as<DictObject>()->pop(new_str(f->code->names[arg])).is_null())
          name_error(f->code->names[arg]);
        DISPATCH();
      TARGET(LOAD_NAME) f->push(load_name(f, f->code->names[arg])); DISPATCH();
      TARGET(STORE_NAME) f->locals_dict.as<DictObject>()->set_str(f->code->names[arg], f->pop()); DISPATCH();
      TARGET(DELETE_NAME)
        if (f->locals_dict.as<DictObject>()->pop(new_str(f->code->names[arg])).is_null())
          name_error(f->code->names[arg]);
        DISPATCH();
      TARGET(LOAD_LOCALS) f->push(f->locals_dict); DISPATCH();
      TARGET(LOAD_ASSERTION_ERROR) f->push(Value(exc_types().assertion_error)); DISPATCH();

      TARGET(LOAD_ATTR) f->top() = get_attr(f->top(), f->code->names[arg]); DISPATCH();
      TARGET(STORE_ATTR) {
        Value obj = f->pop();
        Value v = f->pop();
        set_attr(obj, f->code->names[arg], std::move(v));
        DISPATCH();
      }
      TARGET(DELETE_ATTR) {
        Value obj = f->pop();
        del_attr(obj, f->code->names[arg]);
        DISPATCH();
      }
      TARGET(BINARY_SUBSCR) {
        Value key = f->pop();
        f->top() = vm::get_item(f->top(), key);
        DISPATCH();
      }
      TARGET(STORE_SUBSCR) {
        Value key = f->pop();
        Value container = f->pop();
        Value v = f->pop();
        vm::set_item(container, key, std::move(v));
        DISPATCH();
      }
      TARGET(DELETE_SUBSCR) {
        Value key = f->pop();
        Value container = f->pop();
        vm::del_item(container, key);
        DISPATCH();
      }
      TARGET(BUILD_SLICE) {
        Value step = arg == 3 ? f->pop() : Value::none();
        Value stop = f->pop();
        Value start = f->pop();
        f->push(Value(new_slice(std::move(start), std::move(stop), std::move(step))));
        DISPATCH();
      }

      TARGET(UNARY_POSITIVE) f->top() = vm::positive(f->top()); DISPATCH();
      TARGET(UNARY_NEGATIVE) f->top() = vm::negative(f->top()); DISPATCH();
      TARGET(UNARY_NOT) f->top() = Value::from_bool(!vm::truthy(f->top())); DISPATCH();
      TARGET(UNARY_INVERT) f->top() = vm::invert(f->top()); DISPATCH();
      TARGET(BINARY_OP) {
        Value& lhs = f->peek(1);
        const Value& rhs = f->top();
        int64_t r;
        // NOTE: int fast paths inlined for speed; overflow falls back to the
        // runtime, which raises OverflowError.
        if (lhs.is_int() && rhs.is_int()) {
          const auto op = static_cast<BinaryOpArg>(arg);
          const auto base = base_op(op);
          if (base == BinaryOpArg::kAdd && !__builtin_add_overflow(lhs.as_int(), rhs.as_int(), &r)) {
            lhs = Value::from_int(r);
            f->drop(1);
            break;
          }
          if (base == BinaryOpArg::kSubtract && !__builtin_sub_overflow(lhs.as_int(), rhs.as_int(), &r)) {
            lhs = Value::from_int(r);
            f->drop(1);
            break;
          }
          if (base == BinaryOpArg::kMultiply && !__builtin_mul_overflow(lhs.as_int(), rhs.as_int(), &r)) {
            lhs = Value::from_int(r);
            f->drop(1);
            break;
          }
        }
        Value result = vm::binary_op(arg, lhs, rhs);
        f->drop(1);
        f->top() = std::move(result);
        DISPATCH();
      }
      TARGET(COMPARE_OP) {
        Value& lhs = f->peek(1);
        const Value& rhs = f->top();
        if (lhs.is_int() && rhs.is_int()) {
          const int64_t a = lhs.as_int(), b = rhs.as_int();
          bool r = false;
          switch (static_cast<CompareOpArg>(arg)) {
            case CompareOpArg::kLt: r = a < b; break;
            case CompareOpArg::kLe: r = a <= b; break;
            case CompareOpArg::kEq: r = a == b; break;
            case CompareOpArg::kNe: r = a != b; break;
            case CompareOpArg::kGt: r = a > b; break;
            case CompareOpArg::kGe: r = a >= b; break;
          }
          lhs = Value::from_bool(r);
          f->drop(1);
          break;
        }
        Value result = vm::compare(arg, lhs, rhs);
        f->drop(1);
        f->top() = std::move(result);
        DISPATCH();
      }
      TARGET(IS_OP) {
        Value rhs = f->pop();
        f->top() = Value::from_bool(f->top().identical(rhs) != (arg == 1));
        DISPATCH();
      }
      TARGET(CONTAINS_OP) {
        Value container = f->pop();
        f->top() = Value::from_bool(vm::contains(container, f->top()) != (arg == 1));
        DISPATCH();
      }

      TARGET(JUMP) f->pc = arg; DISPATCH();
      TARGET(POP_JUMP_IF_FALSE) {
        Value v = f->pop();
        if (!(v.is_bool() ? v.as_bool() : vm::truthy(v))) f->pc = arg;
        DISPATCH();
      }
      TARGET(POP_JUMP_IF_TRUE) {
        Value v = f->pop();
        if (v.is_bool() ? v.as_bool() : vm::truthy(v)) f->pc = arg;
        DISPATCH();
      }
      TARGET(JUMP_IF_FALSE_OR_POP)
        if (!vm::truthy(f->top())) f->pc = arg;
        else f->drop(1);
        DISPATCH();
      TARGET(JUMP_IF_TRUE_OR_POP)
        if (vm::truthy(f->top())) f->pc = arg;
        else f->drop(1);
        DISPATCH();

      TARGET(GET_ITER) f->top() = vm::get_iter(f->top()); DISPATCH();
      TARGET(FOR_ITER) {
        Value item;
        if (vm::iter_next(f->top(), item)) {
          f->push(std::move(item));
        } else {
          f->drop(1);
          f->pc = arg;
        }
        DISPATCH();
      }
      TARGET(UNPACK_SEQUENCE) unpack(f, arg, -1); DISPATCH();
      TARGET(UNPACK_EX) unpack(f, arg & 0xFF, static_cast<int>(arg >> 8)); DISPATCH();

      TARGET(BUILD_TUPLE) f->push(Value(new_tuple(take_n(f, arg)))); DISPATCH();
      TARGET(BUILD_LIST) f->push(Value(new_list(take_n(f, arg)))); DISPATCH();
      TARGET(BUILD_SET) f->push(build_set(f, arg)); DISPATCH();
      TARGET(BUILD_MAP) f->push(build_map(f, arg)); DISPATCH();
      TARGET(BUILD_STRING) f->push(build_string(f, arg)); DISPATCH();
      TARGET(LIST_TO_TUPLE) f->top() = Value(new_tuple(f->top().as<ListObject>()->items)); DISPATCH();
      TARGET(LIST_APPEND) {
        Value v = f->pop();
        f->peek(static_cast<int>(arg) - 1).as<ListObject>()->items.push_back(std::move(v));
        DISPATCH();
      }
      TARGET(SET_ADD) {
        Value v = f->pop();
        f->peek(static_cast<int>(arg) - 1).as<SetObject>()->add(v);
        DISPATCH();
      }
      TARGET(MAP_ADD) {
        Value v = f->pop();
        Value k = f->pop();
        f->peek(static_cast<int>(arg) - 1).as<DictObject>()->set(k, std::move(v));
        DISPATCH();
      }
      TARGET(LIST_EXTEND) list_extend(f, arg); DISPATCH();
      TARGET(SET_UPDATE) {
        Value iterable = f->pop();
        f->peek(static_cast<int>(arg) - 1).as<SetObject>()->update(iterable);
        DISPATCH();
      }
      TARGET(DICT_UPDATE) dict_update(f, arg, false); DISPATCH();
      TARGET(DICT_MERGE) dict_update(f, arg, true); DISPATCH();
      TARGET(FORMAT_VALUE) f->push(format_value_op(f, arg)); DISPATCH();

      TARGET(CALL)
      TARGET(CALL_KW) {
        Value kwnames = opcode_of(instr) == Opcode::CALL_KW ? f->pop() : Value();
        Value raised;
        Frame* callee = call_from_stack(f, arg, kwnames.is_null() ? nullptr : kwnames.as<TupleObject>(), raised);
        if (!raised.is_null()) {
          // As run() treats a thrown one: a fresh exception gets __context__.
          if (raised.is(ObjKind::kException) && as_exc(raised)->traceback.empty()) chain_context(raised);
          out = std::move(raised);
          add_tb = true;
          return Exit::kException;
        }
        if (callee) {
          f = callee;
          COROSIM_RELOAD();
        }
        DISPATCH();
      }
      TARGET(CALL_EX)
        if (Frame* callee = call_ex(f, arg)) {
          f = callee;
          COROSIM_RELOAD();
        }
        DISPATCH();
      TARGET(MAKE_FUNCTION) f->push(make_function(f, arg)); DISPATCH();
      TARGET(RETURN_VALUE) {
        Value result = f->pop();
        Frame* done = f;
        leave_frame(done);
        if (done->is_entry) {
          dispose_frame(done);
          out = std::move(result);
          return Exit::kReturned;
        }
        f = done->back;
        dispose_frame(done);  // first: an awaited coroutine is still held by f's stack
        if (f->awaiting_inline) {
          f->awaiting_inline = false;
          f->top() = std::move(result);  // replaces the awaited coroutine
        } else {
          f->push(std::move(result));
        }
        COROSIM_RELOAD();
        DISPATCH();
      }
      TARGET(BUILD_CLASS) {
        Value ns = f->pop();
        Value bases = f->pop();
        Value name = f->pop();
        f->push(build_class(name, bases, ns));
        DISPATCH();
      }

      TARGET(YIELD_VALUE) {
        out = f->pop();
        suspend_chain(f);
        return Exit::kYielded;
      }
      TARGET(GET_YIELD_FROM_ITER) f->top() = yield_from_iter(f->top()); DISPATCH();
      TARGET(YIELD_FROM) {
        switch (yield_from_step(f, Value::none(), false, out)) {
          case AwaitStep::kDone: break;
          case AwaitStep::kSuspend:
            suspend_chain(f);
            return Exit::kYielded;
          default:
            add_tb = true;
            return Exit::kException;
        }
        DISPATCH();
      }
      TARGET(GET_AWAITABLE) check_awaitable(f->top(), arg); DISPATCH();
      TARGET(BEFORE_ASYNC_WITH) before_async_with(f); DISPATCH();
      TARGET(WITH_EXCEPT_START) with_except_start(f); DISPATCH();
      TARGET(AWAIT) {
        Frame* entered = nullptr;
        switch (await_step(f, Value::none(), false, false, out, entered)) {
          case AwaitStep::kDone: break;
          case AwaitStep::kEnter:
            f = entered;
            COROSIM_RELOAD();
            break;
          case AwaitStep::kSuspend:
            suspend_chain(f);
            return Exit::kYielded;
          case AwaitStep::kRaiseNew: chain_context(out); [[fallthrough]];
          case AwaitStep::kRaise:
            add_tb = true;
            return Exit::kException;
        }
        DISPATCH();
      }

      TARGET(PUSH_EXC_INFO) {
        Value exc = f->pop();
        Value& current = g_ts.exc_info->exc;
        f->push(current.is_null() ? Value::none() : current);
        current = exc;
        f->push(std::move(exc));
        DISPATCH();
      }
      TARGET(POP_EXCEPT) g_ts.exc_info->exc = f->pop(); DISPATCH();
      TARGET(CHECK_EXC_MATCH) {
        Value match = f->pop();
        f->push(Value::from_bool(exception_matches(f->top(), match)));
        DISPATCH();
      }
      TARGET(RERAISE)
        out = f->pop();
        add_tb = false;
        return Exit::kException;
      TARGET(RAISE_VARARGS) {
        if (arg == 0) {
          out = topmost_exception();
          if (out.is_null()) raise_error(exc_types().runtime_error, "No active exception to reraise");
          add_tb = true;
          return Exit::kException;
        }
        Value cause = arg == 2 ? f->pop() : Value();
        Value exc = exception_instance_for_raise(f->pop());
        if (arg == 2) {
          if (cause.is_none()) {
            as_exc(exc)->cause = Value::none();
          } else if (cause.is(ObjKind::kException)) {
            as_exc(exc)->cause = cause;
          } else if (cause.is(ObjKind::kType) && cause.as<TypeObject>()->is_exception()) {
            as_exc(exc)->cause = exception_instance_for_raise(cause);
          } else {
            raise_error(exc_types().type_error, "exception causes must derive from BaseException");
          }
          as_exc(exc)->suppress_context = true;
        }
        chain_context(exc);
        out = std::move(exc);
        add_tb = true;
        return Exit::kException;
      }

      TARGET(IMPORT_NAME) f->push(import_module(f->code->names[arg])); DISPATCH();
      TARGET(IMPORT_FROM) {
        const std::string& name = f->code->names[arg];
        Value v = get_attr_or_null(f->top(), name);
        if (v.is_null()) {
          std::string module = f->top().is(ObjKind::kModule) ? str(get_attr(f->top(), "__name__")) : "?";
          raise_error(exc_types().import_error,
                      "cannot import name '" + name + "' from '" + module + "' (unknown location)");
        }
        f->push(std::move(v));
        DISPATCH();
      }
    }
  }
#undef TARGET
#undef DISPATCH
#undef COROSIM_RELOAD
}
#if COROSIM_COMPUTED_GOTO
#pragma GCC diagnostic pop
#endif

// Unwinds `exc` from frame f (Python/ceval.c exception_unwind): to a handler
// in f or a frame below it on this loop. Returns false when it leaves the
// entry frame (the loop's caller gets kRaised).
bool unwind(Frame*& f, const Value& exc, bool add_tb) {
  if (add_tb) add_traceback(exc, f);
  for (;;) {
    if (const ExceptionTableEntry* h = f->code->find_handler(f->pc - 1)) {
      f->drop(f->stack_depth() - static_cast<int>(h->depth));
      f->push(exc);
      f->pc = h->handler;
      return true;
    }
    Frame* done = f;
    leave_frame(done);
    if (done->is_entry) {
      done->drop(done->stack_depth());
      dispose_frame(done);
      return false;
    }
    f = done->back;
    f->awaiting_inline = false;
    dispose_frame(done);
    add_traceback(exc, f);
  }
}

// Runs the chain whose innermost frame is f. `mode` says how f continues:
// from its pc, or resumed at its AWAIT / YIELD_VALUE with `input`.
// What the frames that just returned, yielded or raised dropped is
// finalized before the native caller goes on, as CPython does while the
// frame is cleared: a generator a coroutine held closes within its step.
SendResult back_to_native(SendResult r) {
  run_pending_finalizers();
  return r;
}

SendResult run(Frame* f, ResumeMode mode, Value input) {
  LoopGuard guard;
  Value out;
  for (;;) {
    bool add_tb = true;
    bool chain = false;
    Exit exit;
    try {
      try {
        exit = Exit::kException;
        bool ready = true;
        if (mode == ResumeMode::kAwaitSend || mode == ResumeMode::kAwaitThrow) {
          Frame* entered = nullptr;
          switch (await_step(f, input, mode == ResumeMode::kAwaitThrow, true, out, entered)) {
            case AwaitStep::kDone: break;
            case AwaitStep::kEnter: f = entered; break;
            case AwaitStep::kSuspend:
              suspend_chain(f);
              return back_to_native({SendResult::Kind::kYielded, std::move(out)});
            case AwaitStep::kRaiseNew: chain = true; ready = false; break;
            case AwaitStep::kRaise: ready = false; break;
          }
        } else if (mode == ResumeMode::kYieldFromSend || mode == ResumeMode::kYieldFromThrow) {
          switch (yield_from_step(f, input, mode == ResumeMode::kYieldFromThrow, out)) {
            case AwaitStep::kDone: break;
            case AwaitStep::kSuspend:
              suspend_chain(f);
              return back_to_native({SendResult::Kind::kYielded, std::move(out)});
            default: ready = false; break;
          }
        } else if (mode == ResumeMode::kYieldSend) {
          f->push(std::move(input));
        } else if (mode == ResumeMode::kYieldThrow) {
          out = std::move(input);
          ready = false;
        }
        mode = ResumeMode::kRun;
        if (ready) exit = dispatch(f, out, add_tb);
      } catch (PyException& e) {
        out = std::move(e.exc);
        // A fresh exception (no traceback yet) was raised by this
        // instruction: it gets the handled exception as __context__.
        chain = out.is(ObjKind::kException) && as_exc(out)->traceback.empty();
        exit = Exit::kException;
        add_tb = true;
        mode = ResumeMode::kRun;
      }
    } catch (...) {
      abandon_chain(f);
      throw;
    }
    switch (exit) {
      case Exit::kReturned: return back_to_native({SendResult::Kind::kReturned, std::move(out)});
      case Exit::kYielded: return back_to_native({SendResult::Kind::kYielded, std::move(out)});
      case Exit::kException: break;
    }
    if (chain) chain_context(out);
    if (!unwind(f, out, add_tb)) return back_to_native({SendResult::Kind::kRaised, std::move(out)});
  }
}

// Makes f the entry frame of a new run and counts it.
void start_entry(Frame* f) {
  enter_frame_depth();
  f->is_entry = true;
  f->back = nullptr;
  if (f->kind == Frame::Kind::kCoroutine || f->kind == Frame::Kind::kGenerator)
    push_exc_info(f->exc_state);
}

}  // namespace

std::unique_ptr<Frame> make_frame(const FunctionObject& fn, std::span<const Value> args,
                                  std::span<const KwArg> kwargs) {
  std::unique_ptr<Frame> frame = new_frame_for(fn);
  bind_arguments(fn, args, kwargs, frame->locals());
  return frame;
}

Value run_frame_to_completion(std::unique_ptr<Frame> frame) {
  check_cpp_stack();
  start_entry(frame.get());
  SendResult r = run(frame.get(), ResumeMode::kRun, Value());
  if (r.kind == SendResult::Kind::kRaised) throw PyException{std::move(r.value)};
  return std::move(r.value);
}

SendResult resume_coroutine(PyCoroObject& coro, Resumption how) {
  using State = PyCoroObject::State;
  try {
    check_cpp_stack();
  } catch (PyException& e) {
    return {SendResult::Kind::kRaised, std::move(e.exc)};
  }
  switch (coro.state()) {
    case State::kRunning:
      return {SendResult::Kind::kRaised,
              Value(new_exception(exc_types().value_error, "coroutine already executing"))};
    case State::kFinished:  // genobject.c gen_send_ex2: send and throw alike
      return {SendResult::Kind::kRaised,
              Value(new_exception(exc_types().runtime_error, "cannot reuse already awaited coroutine"))};
    case State::kCreated: {
      if (how.is_throw) {
        // Thrown into before it ran: the body never starts (genobject.c gen_send_ex).
        coro.finish();
        return {SendResult::Kind::kRaised, how.value};
      }
      if (!how.value.is_none() && !how.value.is_null())
        return {SendResult::Kind::kRaised,
                Value(new_exception(exc_types().type_error,
                                    "can't send non-None value to a just-started coroutine"))};
      Frame* f = coro.frame();
      try {
        start_entry(f);
      } catch (PyException& e) {
        return {SendResult::Kind::kRaised, std::move(e.exc)};
      }
      coro.set_state(State::kRunning);
      return run(f, ResumeMode::kRun, Value());
    }
    case State::kSuspended: break;
  }
  // Relink the suspended chain, outermost first, down to the innermost frame.
  Frame* f = coro.frame();
  try {
    start_entry(f);
  } catch (PyException& e) {
    return {SendResult::Kind::kRaised, std::move(e.exc)};
  }
  coro.set_state(State::kRunning);
  while (f->awaiting_inline) {
    auto* inner = f->top().as<PyCoroObject>();
    if (inner->state() != State::kSuspended) {
      // Finished (or closed) from outside since f suspended: f resumes at its
      // AWAIT and await_step's send/throw path reports it, as CPython's SEND does.
      f->awaiting_inline = false;
      break;
    }
    Frame* callee = inner->frame();
    ++g_ts.depth;
    push_exc_info(callee->exc_state);
    inner->set_state(State::kRunning);
    callee->back = f;
    callee->is_entry = false;
    f = callee;
  }
  return run(f, how.is_throw ? ResumeMode::kAwaitThrow : ResumeMode::kAwaitSend, std::move(how.value));
}

SendResult resume_generator_frame(Frame& frame, Resumption how) {
  try {
    check_cpp_stack();
    start_entry(&frame);
  } catch (PyException& e) {
    return {SendResult::Kind::kRaised, std::move(e.exc)};
  }
  if (frame.pc == 0) return run(&frame, ResumeMode::kRun, Value());
  // Suspended at a YIELD_VALUE or inside a YIELD_FROM (genobject.c _PyGen_yf).
  const bool in_yield_from = opcode_of(frame.code->code[frame.pc - 1]) == Opcode::YIELD_FROM;
  const ResumeMode mode = in_yield_from ? (how.is_throw ? ResumeMode::kYieldFromThrow : ResumeMode::kYieldFromSend)
                                        : (how.is_throw ? ResumeMode::kYieldThrow : ResumeMode::kYieldSend);
  return run(&frame, mode, std::move(how.value));
}

Value current_handled_exception() { return topmost_exception(); }

void reset_interpreter_state() {
  g_ts.base_exc.exc = Value();
  g_ts.base_exc.previous = nullptr;
  g_ts.exc_info = &g_ts.base_exc;
  g_ts.depth = 0;
  g_ts.loops = 0;
}

Value call_python_function(Object* callable, std::span<const Value> args,
                           std::span<const KwArg> kwargs) {
  const auto& fn = *static_cast<FunctionObject*>(callable);
  std::unique_ptr<Frame> frame = make_frame(fn, args, kwargs);
  if (fn.code->flags & (CodeFlags::kCoroutine | CodeFlags::kGenerator))
    return new_coroutine_or_generator(fn, std::move(frame));
  return run_frame_to_completion(std::move(frame));
}

}  // namespace corosim
