#include "sim/runtime/exception_group.h"

#include <vector>

#include "sim/runtime/call.h"
#include "sim/runtime/dict_object.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/second_base.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/tuple_object.h"

namespace corosim {
namespace {

TypeObject* g_base_group = nullptr;
TypeObject* g_group = nullptr;

// PySequence_Check for the kinds corosim has.
bool is_sequence(const Value& v) {
  return v.is(ObjKind::kList) || v.is(ObjKind::kTuple) || v.is(ObjKind::kRange) || v.is(ObjKind::kStr);
}

// Mirrors Objects/exceptions.c BaseExceptionGroup_new (3.11).
Value construct_group(TypeObject* cls, std::span<const Value> args, std::span<const KwArg> kwargs) {
  TypeObject* type_error = exception_types().type_error;
  TypeObject* value_error = exception_types().value_error;
  if (cls != g_base_group && cls != g_group)
    raise_error(type_error, "corosim does not support subclasses of BaseExceptionGroup");
  if (!kwargs.empty()) raise_error(type_error, cls->name() + "() takes no keyword arguments");
  if (args.size() != 2)
    raise_error(type_error, "BaseExceptionGroup.__new__() takes exactly 2 arguments (" +
                                std::to_string(args.size()) + " given)");
  const Value& message = args[0];
  if (!message.is(ObjKind::kStr))
    raise_error(type_error,
                "BaseExceptionGroup.__new__() argument 1 must be str, not " + type_name(message));
  if (!is_sequence(args[1])) raise_error(type_error, "second argument (exceptions) must be a sequence");
  std::vector<Value> excs = to_vector(args[1]);
  if (excs.empty()) raise_error(value_error, "second argument (exceptions) must be a non-empty sequence");
  bool nested_base_exceptions = false;
  for (size_t i = 0; i < excs.size(); ++i) {
    if (!excs[i].is(ObjKind::kException))
      raise_error(value_error,
                  "Item " + std::to_string(i) + " of second argument (exceptions) is not an exception");
    if (!is_subtype(excs[i].obj()->type(), exception_types().exception)) nested_base_exceptions = true;
  }
  if (cls == g_group) {
    if (nested_base_exceptions) raise_error(type_error, "Cannot nest BaseExceptions in an ExceptionGroup");
  } else if (!nested_base_exceptions) {
    cls = g_group;
  }
  Ref<ExceptionObject> group = new_exception(cls, std::vector<Value>(args.begin(), args.end()));
  group->attrs = new_dict();
  group->attrs->set_str("message", message);
  group->attrs->set_str("exceptions", Value(new_tuple(std::move(excs))));
  return Value(group);
}

ExceptionObject& self_group(const Value& self, const char* method) {
  if (!self.is(ObjKind::kException) || !is_exception_group(*self.as<ExceptionObject>()))
    raise_error(exception_types().type_error,
                std::string("descriptor '") + method +
                    "' requires a 'BaseExceptionGroup' object but received a '" + type_name(self) + "'");
  return *self.as<ExceptionObject>();
}

// Mirrors BaseExceptionGroup.derive(excs): BaseExceptionGroup(self.message, excs).
Value group_derive(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs("derive", kwargs);
  check_arg_count("derive", args, 1, 1);
  const ExceptionObject& e = self_group(self, "derive");
  return new_exception_group(e.attrs->get_str("message"), args[0]);
}

}  // namespace

void init_exception_group_types(TypeObject* base_group, TypeObject* group, TypeObject* exception) {
  g_base_group = base_group;
  g_group = group;
  add_second_base(group, exception);
  base_group->construct = &construct_group;
  add_method(base_group, "derive", &group_derive);
}

bool is_exception_group(const ExceptionObject& e) { return is_subtype(e.type(), g_base_group); }

std::string exception_group_str(const ExceptionObject& e) {
  size_t n = e.attrs->get_str("exceptions").as<TupleObject>()->items.size();
  return str(e.attrs->get_str("message")) + " (" + std::to_string(n) + " sub-exception" + (n > 1 ? "s" : "") +
         ")";
}

Value new_exception_group(const Value& message, const Value& exceptions) {
  Value args[] = {message, exceptions};
  return construct_group(g_base_group, args, {});
}

}  // namespace corosim
