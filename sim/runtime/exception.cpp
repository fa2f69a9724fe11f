#include "sim/runtime/exception.h"

#include <array>

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

// The built-in hierarchy, parents before children (CPython's
// Lib/test/exception_hierarchy.txt, reduced to the classes corosim raises or
// exposes). `parent` indexes this table.
struct ExceptionRow {
  const char* name;
  int parent;
  const char* module;
};

constexpr ExceptionRow kExceptionTable[] = {
    {"BaseException", -1, "builtins"},        // 0
    {"GeneratorExit", 0, "builtins"},         // 1
    {"KeyboardInterrupt", 0, "builtins"},     // 2
    {"SystemExit", 0, "builtins"},            // 3
    {"Exception", 0, "builtins"},             // 4
    {"ArithmeticError", 4, "builtins"},       // 5
    {"ZeroDivisionError", 5, "builtins"},     // 6
    {"OverflowError", 5, "builtins"},         // 7
    {"AssertionError", 4, "builtins"},        // 8
    {"AttributeError", 4, "builtins"},        // 9
    {"ImportError", 4, "builtins"},           // 10
    {"ModuleNotFoundError", 10, "builtins"},  // 11
    {"LookupError", 4, "builtins"},           // 12
    {"IndexError", 12, "builtins"},           // 13
    {"KeyError", 12, "builtins"},             // 14
    {"MemoryError", 4, "builtins"},           // 15
    {"NameError", 4, "builtins"},             // 16
    {"UnboundLocalError", 16, "builtins"},    // 17
    {"OSError", 4, "builtins"},               // 18
    {"TimeoutError", 18, "builtins"},         // 19
    {"RuntimeError", 4, "builtins"},          // 20
    {"NotImplementedError", 20, "builtins"},  // 21
    {"RecursionError", 20, "builtins"},       // 22
    {"StopIteration", 4, "builtins"},         // 23
    {"StopAsyncIteration", 4, "builtins"},    // 24
    {"TypeError", 4, "builtins"},             // 25
    {"ValueError", 4, "builtins"},            // 26
    {"BaseExceptionGroup", 0, "builtins"},    // 27
    {"ExceptionGroup", 27, "builtins"},       // 28 (and Exception: see exception_group.h)
    // asyncio.exceptions (3.11): CancelledError derives from BaseException
    // since 3.8; asyncio.TimeoutError is builtins.TimeoutError.
    {"CancelledError", 0, "asyncio.exceptions"},     // 29
    {"InvalidStateError", 4, "asyncio.exceptions"},  // 30
};
constexpr size_t kExceptionCount = std::size(kExceptionTable);
constexpr size_t kBuiltinsExceptionCount = 29;  // rows exposed by `builtins`

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
};

Registry make_registry() {
  Registry r;
  for (size_t i = 0; i < kExceptionCount; ++i) {
    const ExceptionRow& row = kExceptionTable[i];
    TypeObject* base = row.parent < 0 ? builtin_types().object : r.types[size_t(row.parent)];
    r.types[i] = new_builtin_type(row.name, base, kTypeException, row.module);
  }
  TypeObject* base = r.types[0];
  base->construct = &construct_exception;
  add_method(base, "__init__", &base_exception_init);
  add_method(base, "__str__", &base_exception_str);
  add_method(base, "__repr__", &base_exception_repr);
  add_method(base, "with_traceback", &base_exception_with_traceback);
  auto& n = r.named;
  auto* t = r.types.data();
  n = ExceptionTypes{t[0],  t[1],  t[2],  t[3],  t[4],  t[5],  t[6],  t[7],  t[8],  t[9],
                     t[10], t[11], t[12], t[13], t[14], t[15], t[16], t[17], t[18], t[19],
                     t[20], t[21], t[22], t[23], t[24], t[25], t[26], t[29], t[30]};
  init_exception_group_types(t[27], t[28], t[4]);
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
  for (size_t i = 0; i < kBuiltinsExceptionCount; ++i)
    if (name == kExceptionTable[i].name) return registry().types[i];
  return nullptr;
}

std::span<TypeObject* const> builtin_exception_list() {
  return std::span<TypeObject* const>(registry().types.data(), kBuiltinsExceptionCount);
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
