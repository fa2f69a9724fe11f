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

Value deliver(SendResult r) {
  switch (r.kind) {
    case SendResult::Kind::kYielded: return std::move(r.value);
    case SendResult::Kind::kReturned: {
      std::vector<Value> args;
      if (!r.value.is_none()) args.push_back(r.value);
      Ref<ExceptionObject> stop = new_exception(exception_types().stop_iteration, std::move(args));
      stop->attrs = new_dict();
      stop->attrs->set_str("value", r.value);
      raise_exception(Value(stop));
    }
    case SendResult::Kind::kRaised: raise_exception(std::move(r.value));
  }
  return Value();
}

namespace {

PyCoroObject* self_coro(const Value& self) {
  if (!self.is(ObjKind::kCoroutine))
    raise_error(exception_types().type_error, "descriptor requires a 'coroutine' object");
  return self.as<PyCoroObject>();
}

Value coro_send(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs("send", kwargs);
  check_arg_count("send", args, 1, 1);
  return deliver(self_coro(self)->send(args[0]));
}

Value coro_throw(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs("throw", kwargs);
  check_arg_count("throw", args, 1, 1);
  return deliver(self_coro(self)->throw_exc(exception_instance_for_raise(args[0])));
}

Value coro_close(const Value& self, std::span<const Value>, std::span<const KwArg> kwargs) {
  check_no_kwargs("close", kwargs);
  self_coro(self)->close();
  return Value::none();
}

PyGenObject* self_gen(const Value& self) {
  if (!self.is(ObjKind::kGenerator))
    raise_error(exception_types().type_error, "descriptor requires a 'generator' object");
  return self.as<PyGenObject>();
}

Value gen_send(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs("send", kwargs);
  check_arg_count("send", args, 1, 1);
  return deliver(self_gen(self)->send(args[0]));
}

Value gen_throw(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs("throw", kwargs);
  check_arg_count("throw", args, 1, 1);
  return deliver(self_gen(self)->throw_exc(exception_instance_for_raise(args[0])));
}

Value gen_close(const Value& self, std::span<const Value>, std::span<const KwArg> kwargs) {
  check_no_kwargs("close", kwargs);
  self_gen(self)->close();
  return Value::none();
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
  add_method(t.coroutine, "send", coro_send);
  add_method(t.coroutine, "throw", coro_throw);
  add_method(t.coroutine, "close", coro_close);
  add_method(t.generator, "send", gen_send);
  add_method(t.generator, "throw", gen_throw);
  add_method(t.generator, "close", gen_close);
  return true;
}

}  // namespace

void register_vm_types() {
  static const bool installed = install();
  (void)installed;
}

}  // namespace corosim
