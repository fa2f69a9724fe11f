#include "sim/runtime/exception.h"

#include <array>
#include <string_view>
#include <utility>

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/call.h"
#include "sim/runtime/dict_object.h"
#include "sim/runtime/exception_group.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/tuple_object.h"

namespace corosim {

ExceptionObject::ExceptionObject(TypeObject* type, Ref<TupleObject> args_in)
    : Object(ObjKind::kException, type),
      args(std::move(args_in)),
      cause(Value::none()),
      context(Value::none()) {}

ExceptionObject::~ExceptionObject() = default;  // long chains: Object::dealloc's trashcan

void ExceptionObject::clear_refs() {
  args = Ref<TupleObject>();  // only Heap::release_all calls this; nothing reads args after
  attrs = Ref<DictObject>();
  cause = Value::none();
  context = Value::none();
}

namespace {

// The built-in hierarchy, parents before children: CPython 3.11's
// Lib/test/exception_hierarchy.txt, every builtins class, then asyncio's two.
// `field` names the ExceptionTypes slot the C++ code raises through.
struct ExceptionRow {
  const char* name;
  const char* parent;  // nullptr: object
  const char* module;
  TypeObject* ExceptionTypes::*field;
};

using ET = ExceptionTypes;
constexpr const char* kB = "builtins";

constexpr ExceptionRow kExceptionTable[] = {
    {"BaseException", nullptr, kB, &ET::base_exception},
    {"BaseExceptionGroup", "BaseException", kB, nullptr},
    {"ExceptionGroup", "BaseExceptionGroup", kB, nullptr},  // and Exception: see exception_group.h
    {"GeneratorExit", "BaseException", kB, &ET::generator_exit},
    {"KeyboardInterrupt", "BaseException", kB, &ET::keyboard_interrupt},
    {"SystemExit", "BaseException", kB, &ET::system_exit},
    {"Exception", "BaseException", kB, &ET::exception},
    {"ArithmeticError", "Exception", kB, &ET::arithmetic_error},
    {"FloatingPointError", "ArithmeticError", kB, nullptr},
    {"OverflowError", "ArithmeticError", kB, &ET::overflow_error},
    {"ZeroDivisionError", "ArithmeticError", kB, &ET::zero_division_error},
    {"AssertionError", "Exception", kB, &ET::assertion_error},
    {"AttributeError", "Exception", kB, &ET::attribute_error},
    {"BufferError", "Exception", kB, nullptr},
    {"EOFError", "Exception", kB, nullptr},
    {"ImportError", "Exception", kB, &ET::import_error},
    {"ModuleNotFoundError", "ImportError", kB, &ET::module_not_found_error},
    {"LookupError", "Exception", kB, &ET::lookup_error},
    {"IndexError", "LookupError", kB, &ET::index_error},
    {"KeyError", "LookupError", kB, &ET::key_error},
    {"MemoryError", "Exception", kB, &ET::memory_error},
    {"NameError", "Exception", kB, &ET::name_error},
    {"UnboundLocalError", "NameError", kB, &ET::unbound_local_error},
    {"OSError", "Exception", kB, &ET::os_error},
    {"BlockingIOError", "OSError", kB, nullptr},
    {"ChildProcessError", "OSError", kB, nullptr},
    {"ConnectionError", "OSError", kB, nullptr},
    {"BrokenPipeError", "ConnectionError", kB, nullptr},
    {"ConnectionAbortedError", "ConnectionError", kB, nullptr},
    {"ConnectionRefusedError", "ConnectionError", kB, nullptr},
    {"ConnectionResetError", "ConnectionError", kB, nullptr},
    {"FileExistsError", "OSError", kB, nullptr},
    {"FileNotFoundError", "OSError", kB, nullptr},
    {"InterruptedError", "OSError", kB, nullptr},
    {"IsADirectoryError", "OSError", kB, nullptr},
    {"NotADirectoryError", "OSError", kB, nullptr},
    {"PermissionError", "OSError", kB, nullptr},
    {"ProcessLookupError", "OSError", kB, nullptr},
    {"TimeoutError", "OSError", kB, &ET::timeout_error},
    {"ReferenceError", "Exception", kB, nullptr},
    {"RuntimeError", "Exception", kB, &ET::runtime_error},
    {"NotImplementedError", "RuntimeError", kB, &ET::not_implemented_error},
    {"RecursionError", "RuntimeError", kB, &ET::recursion_error},
    {"StopAsyncIteration", "Exception", kB, &ET::stop_async_iteration},
    {"StopIteration", "Exception", kB, &ET::stop_iteration},
    {"SyntaxError", "Exception", kB, nullptr},
    {"IndentationError", "SyntaxError", kB, nullptr},
    {"TabError", "IndentationError", kB, nullptr},
    {"SystemError", "Exception", kB, nullptr},
    {"TypeError", "Exception", kB, &ET::type_error},
    {"ValueError", "Exception", kB, &ET::value_error},
    {"UnicodeError", "ValueError", kB, nullptr},
    {"UnicodeDecodeError", "UnicodeError", kB, nullptr},
    {"UnicodeEncodeError", "UnicodeError", kB, nullptr},
    {"UnicodeTranslateError", "UnicodeError", kB, nullptr},
    {"Warning", "Exception", kB, nullptr},
    {"BytesWarning", "Warning", kB, nullptr},
    {"DeprecationWarning", "Warning", kB, nullptr},
    {"EncodingWarning", "Warning", kB, nullptr},
    {"FutureWarning", "Warning", kB, nullptr},
    {"ImportWarning", "Warning", kB, nullptr},
    {"PendingDeprecationWarning", "Warning", kB, nullptr},
    {"ResourceWarning", "Warning", kB, nullptr},
    {"RuntimeWarning", "Warning", kB, nullptr},
    {"SyntaxWarning", "Warning", kB, nullptr},
    {"UnicodeWarning", "Warning", kB, nullptr},
    {"UserWarning", "Warning", kB, nullptr},
    // asyncio.exceptions (3.11): CancelledError derives from BaseException
    // since 3.8; asyncio.TimeoutError is builtins.TimeoutError.
    {"CancelledError", "BaseException", "asyncio.exceptions", &ET::cancelled_error},
    {"InvalidStateError", "Exception", "asyncio.exceptions", &ET::invalid_state_error},
};
constexpr size_t kExceptionCount = std::size(kExceptionTable);

// Other builtins names bound to a class of the table (OSError's aliases since 3.3).
constexpr std::pair<const char*, const char*> kExceptionAliases[] = {
    {"EnvironmentError", "OSError"},
    {"IOError", "OSError"},
};

constexpr size_t row_index(std::string_view name) {
  for (size_t i = 0; i < kExceptionCount; ++i)
    if (name == kExceptionTable[i].name) return i;
  return kExceptionCount;
}

std::string default_str(const ExceptionObject& e);
std::string default_repr(const ExceptionObject& e);

ExceptionObject& self_exception(const Value& self, const char* method) {
  if (!self.is(ObjKind::kException))
    raise_error(exception_types().type_error,
                std::string("descriptor '") + method +
                    "' requires a 'BaseException' object but received a '" + type_name(self) + "'");
  return *self.as<ExceptionObject>();
}

// BaseException.__init__: what super().__init__(*args) reaches.
Value base_exception_init(const Value& self, std::span<const Value> args,
                          std::span<const KwArg> kwargs) {
  check_no_kwargs("BaseException.__init__", kwargs);
  self_exception(self, "__init__").args = new_tuple({args.begin(), args.end()});
  return Value::none();
}

Value base_exception_str(const Value& self, std::span<const Value>, std::span<const KwArg>) {
  return new_str(default_str(self_exception(self, "__str__")));
}

Value base_exception_repr(const Value& self, std::span<const Value>, std::span<const KwArg>) {
  return new_str(default_repr(self_exception(self, "__repr__")));
}

Value base_exception_with_traceback(const Value& self, std::span<const Value> args,
                                    std::span<const KwArg> kwargs) {
  check_no_kwargs("with_traceback", kwargs);
  check_arg_count("with_traceback", args, 1, 1);
  return self;
}

struct Registry {
  std::array<TypeObject*, kExceptionCount> types{};
  ExceptionTypes named{};
  std::vector<std::pair<std::string_view, TypeObject*>> builtins;
};

Registry make_registry() {
  Registry r;
  for (size_t i = 0; i < kExceptionCount; ++i) {
    const ExceptionRow& row = kExceptionTable[i];
    TypeObject* base = row.parent ? r.types[row_index(row.parent)] : builtin_types().object;
    r.types[i] = new_builtin_type(row.name, base, kTypeException, row.module);
    if (row.field) r.named.*row.field = r.types[i];
    if (std::string_view(row.module) == kB) r.builtins.emplace_back(row.name, r.types[i]);
  }
  for (const auto& [alias, target] : kExceptionAliases)
    r.builtins.emplace_back(alias, r.types[row_index(target)]);
  TypeObject* base = r.named.base_exception;
  base->construct = &construct_exception;
  add_method(base, "__init__", &base_exception_init);
  add_method(base, "__str__", &base_exception_str);
  add_method(base, "__repr__", &base_exception_repr);
  add_method(base, "with_traceback", &base_exception_with_traceback);
  init_exception_group_types(r.types[row_index("BaseExceptionGroup")], r.types[row_index("ExceptionGroup")],
                             r.named.exception);
  return r;
}

const Registry& registry() {
  static const Registry r = make_registry();
  return r;
}

// A Python-level override (a function from a user class) of `name`, or null.
Value user_override(const ExceptionObject& e, std::string_view name) {
  for (const TypeObject* t = e.type(); t && t->is_user(); t = t->base()) {
    Value v = t->lookup_own(name);
    if (!v.is_null()) return v;
  }
  return Value();
}

std::string call_text_method(const Value& fn, const Value& self, const char* name) {
  Value result = call(fn, std::span<const Value>(&self, 1));
  if (!result.is(ObjKind::kStr))
    raise_error(exception_types().type_error,
                std::string(name) + " returned non-string (type " + type_name(result) + ")");
  return result.as<StrObject>()->text();
}

// Mirrors Objects/exceptions.c BaseException_str and KeyError_str.
std::string default_str(const ExceptionObject& e) {
  if (is_exception_group(e)) return exception_group_str(e);
  const std::vector<Value>& args = e.args->items;
  if (args.empty()) return "";
  if (args.size() == 1) {
    if (is_subtype(e.type(), exception_types().key_error)) return repr(args[0]);
    return str(args[0]);
  }
  return repr(Value(e.args));
}

// Mirrors BaseException_repr.
std::string default_repr(const ExceptionObject& e) {
  const std::vector<Value>& args = e.args->items;
  if (args.size() == 1) return e.type()->name() + "(" + repr(args[0]) + ")";
  return e.type()->name() + repr(Value(e.args));
}

}  // namespace

const ExceptionTypes& exception_types() { return registry().named; }

TypeObject* builtin_exception_type(std::string_view name) {
  for (const auto& [bound, type] : registry().builtins)
    if (name == bound) return type;
  return nullptr;
}

std::span<const std::pair<std::string_view, TypeObject*>> builtin_exception_bindings() {
  return registry().builtins;
}

Ref<ExceptionObject> new_exception(TypeObject* type, std::vector<Value> args) {
  return make<ExceptionObject>(type, new_tuple(std::move(args)));
}

Ref<ExceptionObject> new_exception(TypeObject* type, std::string message) {
  return new_exception(type, std::vector<Value>{new_str(std::move(message))});
}

void raise_error(TypeObject* type, std::string message) {
  throw PyException{Value(new_exception(type, std::move(message)))};
}

void raise_exception(Value exc) { throw PyException{std::move(exc)}; }

// Mirrors BaseException_new + BaseException_init, with a user __init__ run
// through call().
Value construct_exception(TypeObject* type, std::span<const Value> args,
                          std::span<const KwArg> kwargs) {
  Value exc(new_exception(type, std::vector<Value>(args.begin(), args.end())));
  Value init = user_override(*exc.as<ExceptionObject>(), "__init__");
  if (init.is_null()) {
    if (!kwargs.empty())
      raise_error(exception_types().type_error, type->name() + "() takes no keyword arguments");
    return exc;
  }
  std::vector<Value> full;
  full.reserve(args.size() + 1);
  full.push_back(exc);
  full.insert(full.end(), args.begin(), args.end());
  Value result = call(init, full, kwargs);
  if (!result.is_none())
    raise_error(exception_types().type_error,
                "__init__() should return None, not '" + type_name(result) + "'");
  return exc;
}

std::string exception_str(const Value& exc) {
  const auto& e = *exc.as<ExceptionObject>();
  Value fn = user_override(e, "__str__");
  if (!fn.is_null()) return call_text_method(fn, exc, "__str__");
  return default_str(e);
}

std::string exception_repr(const Value& exc) {
  const auto& e = *exc.as<ExceptionObject>();
  Value fn = user_override(e, "__repr__");
  if (!fn.is_null()) return call_text_method(fn, exc, "__repr__");
  return default_repr(e);
}

// Mirrors Python/errors.c _PyErr_CreateException (3.11).
Value create_exception(const Value& type, const Value& value) {
  Value exc;
  if (value.is_null() || value.is_none()) exc = call(type, {});
  else if (value.is(ObjKind::kTuple)) exc = call(type, value.as<TupleObject>()->items);
  else exc = call(type, std::span<const Value>(&value, 1));
  if (!exc.is(ObjKind::kException))
    raise_error(exception_types().type_error,
                "calling " + repr(type) + " should have returned an instance of BaseException, not " +
                    type_name(exc));
  return exc;
}

Value exception_instance_for_raise(const Value& v) {
  if (v.is(ObjKind::kException)) return v;
  if (v.is(ObjKind::kType) && v.as<TypeObject>()->is_exception()) return create_exception(v, Value());
  raise_error(exception_types().type_error, "exceptions must derive from BaseException");
}

namespace {

bool matches_one(TypeObject* exc_type, const Value& m) {
  if (!m.is(ObjKind::kType) || !m.as<TypeObject>()->is_exception())
    raise_error(exception_types().type_error,
                "catching classes that do not inherit from BaseException is not allowed");
  return is_subtype(exc_type, m.as<TypeObject>());
}

}  // namespace

bool exception_matches(const Value& exc, const Value& match) {
  TypeObject* t = type_of(exc);
  if (match.is(ObjKind::kTuple)) {
    bool any = false;
    for (const Value& m : match.as<TupleObject>()->items) any = matches_one(t, m) || any;
    return any;
  }
  return matches_one(t, match);
}

}  // namespace corosim
