#include "sim/runtime/native_function.h"

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/type_object.h"

namespace corosim {

NativeFunctionObject::NativeFunctionObject(std::string name_in, NativeFn fn_in, Value self_in,
                                           bool is_method_in)
    : Object(ObjKind::kNativeFunction, builtin_types().builtin_function),
      name(std::move(name_in)),
      fn(fn_in),
      self(std::move(self_in)),
      is_method(is_method_in) {}

std::string NativeFunctionObject::qualname() const { return owner ? owner->name() + "." + name : name; }

Ref<NativeFunctionObject> new_native_function(std::string name, NativeFn fn, Value data) {
  return make<NativeFunctionObject>(std::move(name), fn, std::move(data), false);
}

Value NativeFunctionObject::invoke(const Value& self_arg, std::span<const Value> args,
                                  std::span<const KwArg> kwargs) const {
  if (!result_fn) return fn(self_arg, args, kwargs);
  NativeResult r = result_fn(self_arg, args, kwargs);
  if (r.raised) raise_exception(std::move(r.value));
  return std::move(r.value);
}

namespace {

NativeFunctionObject* new_method(TypeObject* t, std::string_view name, NativeFn fn) {
  auto* m = new NativeFunctionObject(std::string(name), fn, Value(), true);
  m->owner = t;
  m->make_immortal();
  t->set_attr(name, Value(m));
  return m;
}

}  // namespace

void add_method(TypeObject* t, std::string_view name, NativeFn fn) { new_method(t, name, fn); }

void add_method(TypeObject* t, std::string_view name, NativeResultFn fn) {
  new_method(t, name, nullptr)->result_fn = fn;
}

Ref<NativeFunctionObject> bind_native(const NativeFunctionObject& method, Value self) {
  auto bound = make<NativeFunctionObject>(method.name, method.fn, std::move(self), true);
  bound->result_fn = method.result_fn;
  bound->owner = method.owner;
  return bound;
}

void check_no_kwargs(std::string_view fname, std::span<const KwArg> kwargs) {
  if (!kwargs.empty())
    raise_error(exception_types().type_error, std::string(fname) + "() takes no keyword arguments");
}

// Mirrors Python/getargs.c _PyArg_CheckPositional's messages.
void check_arg_count(std::string_view fname, std::span<const Value> args, size_t min, size_t max) {
  size_t n = args.size();
  if (n >= min && n <= max) return;
  std::string f(fname);
  auto plural = [](size_t k) { return k == 1 ? " argument" : " arguments"; };
  std::string msg;
  if (min == max) {
    if (min == 0)
      msg = f + "() takes no arguments (" + std::to_string(n) + " given)";
    else if (min == 1)
      msg = f + "() takes exactly one argument (" + std::to_string(n) + " given)";
    else
      msg = f + " expected " + std::to_string(min) + plural(min) + ", got " + std::to_string(n);
  } else if (n < min) {
    msg = f + " expected at least " + std::to_string(min) + plural(min) + ", got " +
          std::to_string(n);
  } else {
    msg =
        f + " expected at most " + std::to_string(max) + plural(max) + ", got " + std::to_string(n);
  }
  raise_error(exception_types().type_error, msg);
}

}  // namespace corosim
