#include "sim/runtime/exception_group.h"

#include <vector>

#include "sim/runtime/call.h"
#include "sim/runtime/dict_object.h"
#include "sim/runtime/list_object.h"
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

// Mirrors exceptions.c's _exceptiongroup_split_matcher_type: a predicate
// function, or an exception class / tuple of them matched with isinstance.
struct Matcher {
  Value value;
  bool predicate;

  bool matches(const Value& exc) const {
    if (!predicate) return exception_matches(exc, value);
    return is_truthy(call(value, std::span<const Value>(&exc, 1)));
  }
};

Matcher make_matcher(const Value& value) {
  auto is_exception_class = [](const Value& v) {
    return v.is(ObjKind::kType) && v.as<TypeObject>()->is_exception();
  };
  if (is_callable(value) && !value.is(ObjKind::kType)) return Matcher{value, true};
  bool ok = is_exception_class(value);
  if (value.is(ObjKind::kTuple)) {
    ok = true;
    for (const Value& item : value.as<TupleObject>()->items) ok = ok && is_exception_class(item);
  }
  if (!ok)
    raise_error(exception_types().type_error,
                "expected a function, exception type or tuple of exception types");
  return Matcher{value, false};
}

// Mirrors exceptiongroup_subset: orig.derive(excs) carrying orig's
// traceback, context and cause; null when excs is empty.
Value subset(const ExceptionObject& orig, std::vector<Value> excs) {
  if (excs.empty()) return Value();
  Value eg = new_exception_group(orig.attrs->get_str("message"), Value(new_list(std::move(excs))));
  ExceptionObject& derived = *eg.as<ExceptionObject>();
  derived.traceback = orig.traceback;
  derived.context = orig.context;
  derived.cause = orig.cause;  // PyException_SetCause also sets __suppress_context__
  derived.suppress_context = true;
  return eg;
}

struct SplitResult {
  Value match;  // null for None
  Value rest;
};

// Mirrors exceptiongroup_split_recursive.
SplitResult split_recursive(const Value& exc, const Matcher& matcher, bool construct_rest) {
  if (matcher.matches(exc)) return SplitResult{exc, Value()};  // full match
  const ExceptionObject& e = *exc.as<ExceptionObject>();
  if (!is_exception_group(e)) return SplitResult{Value(), construct_rest ? exc : Value()};
  std::vector<Value> match_list;
  std::vector<Value> rest_list;
  for (const Value& sub : e.attrs->get_str("exceptions").as<TupleObject>()->items) {
    SplitResult r = split_recursive(sub, matcher, construct_rest);
    if (!r.match.is_null()) match_list.push_back(r.match);
    if (!r.rest.is_null()) rest_list.push_back(r.rest);
  }
  SplitResult result{subset(e, std::move(match_list)), Value()};
  if (construct_rest) result.rest = subset(e, std::move(rest_list));
  return result;
}

Value or_none(const Value& v) { return v.is_null() ? Value::none() : v; }

// Mirrors BaseExceptionGroup.split(condition): (match, rest).
Value group_split(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs("split", kwargs);
  check_arg_count("split", args, 1, 1);
  self_group(self, "split");
  SplitResult r = split_recursive(self, make_matcher(args[0]), true);
  return Value(new_tuple({or_none(r.match), or_none(r.rest)}));
}

// Mirrors BaseExceptionGroup.subgroup(condition): the matching part or None.
Value group_subgroup(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs("subgroup", kwargs);
  check_arg_count("subgroup", args, 1, 1);
  self_group(self, "subgroup");
  return or_none(split_recursive(self, make_matcher(args[0]), false).match);
}

}  // namespace

void init_exception_group_types(TypeObject* base_group, TypeObject* group, TypeObject* exception) {
  g_base_group = base_group;
  g_group = group;
  add_second_base(group, exception);
  base_group->construct = &construct_group;
  add_method(base_group, "derive", &group_derive);
  add_method(base_group, "split", &group_split);
  add_method(base_group, "subgroup", &group_subgroup);
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
