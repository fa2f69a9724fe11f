#include "sim/vm/vm_types.h"

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/dict_object.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/tuple_object.h"
#include "sim/vm/coroutine.h"
#include "sim/vm/function.h"
#include "sim/vm/generator.h"

namespace corosim {
namespace {

Value function_attr(const Value& self, std::string_view name) {
  const auto* fn = self.as<FunctionObject>();
  if (name == "__name__") return new_str(fn->name);
  if (name == "__qualname__") return new_str(fn->qualname);
  if (name == "__doc__") return fn->doc.is_null() ? Value::none() : fn->doc;
  if (name == "__module__") return new_str("__main__");
  if (name == "__defaults__")
    return fn->defaults.empty() ? Value::none() : Value(new_tuple(fn->defaults));
  return Value();
}

Value coroutine_attr(const Value& self, std::string_view name) {
  const auto* coro = self.as<PyCoroObject>();
  if (name == "__name__") return new_str(coro->name());
  if (name == "__qualname__") return new_str(coro->qualname());
  if (name == "cr_running") return Value::from_bool(coro->state() == PyCoroObject::State::kRunning);
  return Value();
}

Value generator_attr(const Value& self, std::string_view name) {
  const auto* gen = self.as<PyGenObject>();
  if (name == "__name__") return new_str(gen->name());
  if (name == "__qualname__") return new_str(gen->qualname());
  if (name == "gi_running") return Value::from_bool(gen->running());
  return Value();
}

}  // namespace

Value stop_iteration(const Value& value) {
  std::vector<Value> args;
  if (!value.is_none()) args.push_back(value);
  Ref<ExceptionObject> stop = new_exception(exception_types().stop_iteration, std::move(args));
  stop->attrs = new_dict();
  stop->attrs->set_str("value", value);
  return Value(stop);
}

Value deliver(SendResult r) {
  switch (r.kind) {
    case SendResult::Kind::kYielded: return std::move(r.value);
    case SendResult::Kind::kReturned: raise_exception(stop_iteration(r.value));
    case SendResult::Kind::kRaised: raise_exception(std::move(r.value));
  }
  return Value();
}

namespace {

// Generators and coroutines share their methods, as in Objects/genobject.c
// (gen_send, gen_throw and gen_close serve both); GenTraits names the one.
template <class T>
struct GenTraits;
template <>
struct GenTraits<PyGenObject> {
  static constexpr ObjKind kKind = ObjKind::kGenerator;
  static constexpr const char* kName = "generator";
};
template <>
struct GenTraits<PyCoroObject> {
  static constexpr ObjKind kKind = ObjKind::kCoroutine;
  static constexpr const char* kName = "coroutine";
};

// The checks of a method descriptor call (Objects/descrobject.c), then the
// method's own keyword check with CPython's "generator.send()" naming.
template <class T>
T* self_for(const Value& self, const char* method, std::span<const KwArg> kwargs) {
  const std::string name = GenTraits<T>::kName;
  if (!self.is(GenTraits<T>::kKind))
    raise_error(exception_types().type_error, std::string("descriptor '") + method + "' for '" + name +
                                                  "' objects doesn't apply to a '" + type_name(self) +
                                                  "' object");
  check_no_kwargs(name + "." + method, kwargs);
  return self.as<T>();
}

NativeResult outcome(SendResult r) {
  if (r.kind == SendResult::Kind::kYielded) return {std::move(r.value), false};
  return {r.kind == SendResult::Kind::kRaised ? std::move(r.value) : stop_iteration(r.value), true};
}

// Mirrors Objects/genobject.c gen_send (3.11).
template <class T>
NativeResult gen_send(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  T* gen = self_for<T>(self, "send", kwargs);
  check_arg_count(std::string(GenTraits<T>::kName) + ".send", args, 1, 1);
  return outcome(gen->send(args[0]));
}

// Mirrors the checks of Objects/genobject.c _gen_throw at throw_here (3.11):
// the exception that throw(typ[, val[, tb]]) raises in the generator. There
// are no traceback objects, so any tb but None is refused.
Value thrown_exception(std::span<const Value> args) {
  const Value& typ = args[0];
  const Value val = args.size() > 1 ? args[1] : Value::none();
  if (args.size() > 2 && !args[2].is_none())
    raise_error(exception_types().type_error, "throw() third argument must be a traceback object");
  if (typ.is(ObjKind::kType) && typ.as<TypeObject>()->is_exception()) {
    // PyErr_NormalizeException: an instance of typ (or a subclass) is kept.
    if (val.is(ObjKind::kException) && is_subtype(type_of(val), typ.as<TypeObject>())) return val;
    try {
      return create_exception(typ, val);
    } catch (PyException& e) {  // normalizing fails into the exception thrown in
      return std::move(e.exc);
    }
  }
  if (typ.is(ObjKind::kException)) {
    if (!val.is_none())
      raise_error(exception_types().type_error, "instance exception may not have a separate value");
    return typ;
  }
  raise_error(exception_types().type_error,
              "exceptions must be classes or instances deriving from BaseException, not " + type_name(typ));
}

// Mirrors Objects/genobject.c gen_throw (3.11): the (typ, val, tb) signature
// is deprecated only from 3.12.
template <class T>
NativeResult gen_throw(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  T* gen = self_for<T>(self, "throw", kwargs);
  check_arg_count("throw", args, 1, 3);
  return outcome(gen->throw_exc(thrown_exception(args)));
}

template <class T>
Value gen_close(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  T* gen = self_for<T>(self, "close", kwargs);
  check_arg_count(std::string(GenTraits<T>::kName) + ".close", args, 0, 0);
  gen->close();
  return Value::none();
}

template <class T>
void add_gen_methods(TypeObject* t) {
  add_method(t, "send", gen_send<T>);
  add_method(t, "throw", gen_throw<T>);
  add_method(t, "close", gen_close<T>);
}

std::string function_repr(const Value& self) {
  return "<function " + self.as<FunctionObject>()->qualname + " at " + object_address(self.obj()) + ">";
}

std::string generator_repr(const Value& self) {
  return "<generator object " + self.as<PyGenObject>()->qualname() + " at " +
         object_address(self.obj()) + ">";
}

bool install() {
  const BuiltinTypes& t = builtin_types();
  t.function->get_attr = function_attr;
  t.function->repr = function_repr;
  t.generator->repr = generator_repr;
  t.coroutine->get_attr = coroutine_attr;
  t.generator->get_attr = generator_attr;
  add_gen_methods<PyCoroObject>(t.coroutine);
  add_gen_methods<PyGenObject>(t.generator);
  return true;
}

}  // namespace

void register_vm_types() {
  static const bool installed = install();
  (void)installed;
}

}  // namespace corosim
