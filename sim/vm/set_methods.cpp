// Mirrors Objects/setobject.c (3.11): the set methods and their messages.
#include "sim/vm/set_methods.h"

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/set_object.h"
#include "sim/runtime/str_object.h"
#include "sim/vm/native_args.h"

namespace corosim {

using namespace lib;  // this file's argument helpers (native_args.h)

namespace {

using Args = std::span<const Value>;
using KwArgs = std::span<const KwArg>;

SetObject& set_of(const Value& self) { return *self.as<SetObject>(); }

// A set with the items of any iterable (the set itself when it is one).
Ref<SetObject> as_set(const Value& v) {
  if (v.is(ObjKind::kSet)) return Ref<SetObject>(v.as<SetObject>());
  Ref<SetObject> s = new_set();
  s->update(v);
  return s;
}

Ref<SetObject> copy_of(const SetObject& s) {
  Ref<SetObject> out = new_set();
  out->update(Value(const_cast<SetObject*>(&s)));
  return out;
}

Value set_add(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("set.add", kwargs);
  expect_one_arg("set.add", args);
  set_of(self).add(args[0]);
  return Value::none();
}

Value set_discard(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("set.discard", kwargs);
  expect_one_arg("set.discard", args);
  set_of(self).discard(args[0]);
  return Value::none();
}

Value set_remove(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("set.remove", kwargs);
  expect_one_arg("set.remove", args);
  if (!set_of(self).discard(args[0]))
    raise_exception(new_exception(exception_types().key_error, std::vector<Value>{args[0]}));
  return Value::none();
}

Value set_pop(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("set.pop", kwargs);
  expect_no_args("set.pop", args);
  Value v = set_of(self).pop();
  if (v.is_null()) {
    raise_exception(new_exception(exception_types().key_error, std::vector<Value>{new_str("pop from an empty set")}));
  }
  return v;
}

Value set_union_method(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("set.union", kwargs);
  Ref<SetObject> result = copy_of(set_of(self));
  for (const Value& other : args) result->update(other);
  return result;
}

Value set_update_method(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("set.update", kwargs);
  for (const Value& other : args) set_of(self).update(other);
  return Value::none();
}

Value set_intersection_method(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("set.intersection", kwargs);
  Ref<SetObject> result = copy_of(set_of(self));
  for (const Value& other : args) result = set_intersection(*result, *as_set(other));
  return result;
}

Value set_difference_method(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("set.difference", kwargs);
  Ref<SetObject> result = copy_of(set_of(self));
  for (const Value& other : args) result = set_difference(*result, *as_set(other));
  return result;
}

Value set_symmetric_difference_method(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("set.symmetric_difference", kwargs);
  expect_one_arg("set.symmetric_difference", args);
  return set_symmetric_difference(set_of(self), *as_set(args[0]));
}

Value set_issubset(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("set.issubset", kwargs);
  expect_one_arg("set.issubset", args);
  return Value::from_bool(set_is_subset(set_of(self), *as_set(args[0])));
}

Value set_issuperset(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("set.issuperset", kwargs);
  expect_one_arg("set.issuperset", args);
  return Value::from_bool(set_is_subset(*as_set(args[0]), set_of(self)));
}

Value set_copy(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("set.copy", kwargs);
  expect_no_args("set.copy", args);
  return copy_of(set_of(self));
}

Value set_clear(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("set.clear", kwargs);
  expect_no_args("set.clear", args);
  set_of(self).clear();
  return Value::none();
}

struct Method {
  std::string_view name;
  NativeFn fn;
};

constexpr Method kSetMethods[] = {
    {"add", set_add},
    {"clear", set_clear},
    {"copy", set_copy},
    {"difference", set_difference_method},
    {"discard", set_discard},
    {"intersection", set_intersection_method},
    {"issubset", set_issubset},
    {"issuperset", set_issuperset},
    {"pop", set_pop},
    {"remove", set_remove},
    {"symmetric_difference", set_symmetric_difference_method},
    {"union", set_union_method},
    {"update", set_update_method},
};

}  // namespace

void add_set_methods() {
  for (const Method& m : kSetMethods) add_method(builtin_types().set, m.name, m.fn);
}

}  // namespace corosim
