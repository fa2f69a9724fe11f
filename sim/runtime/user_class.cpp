#include "sim/runtime/user_class.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <vector>

#include "sim/runtime/bound_method.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/call.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/str_object.h"

namespace corosim {
namespace {

TypeObject* type_error() { return exception_types().type_error; }

bool is_descriptor(const Value& v, TypeObject* type) {
  return v.is(ObjKind::kOther) && v.obj()->type() == type;
}

bool is_property(const Value& v) { return is_descriptor(v, builtin_types().property); }

// Calls fn(self, *args) (a user special method).
Value call_special(const Value& fn, const Value& self, std::span<const Value> args = {},
                   std::span<const KwArg> kwargs = {}) {
  std::vector<Value> full;
  full.reserve(args.size() + 1);
  full.push_back(self);
  full.insert(full.end(), args.begin(), args.end());
  return call(fn, full, kwargs);
}

// A special method defined by a user class on obj's type chain (the methods
// of `object` are not Python functions); null if none.
Value user_special(const Value& obj, std::string_view name) {
  Value fn = type_lookup(obj.obj()->type(), name);
  return fn.is(ObjKind::kFunction) ? fn : Value();
}

std::string text_result(const Value& result, const char* name) {
  if (!result.is(ObjKind::kStr))
    raise_error(type_error(),
                std::string(name) + " returned non-string (type " + type_name(result) + ")");
  return result.as<StrObject>()->text();
}

// Mirrors object_repr: "<__main__.C object at 0x...>" (the address is
// corosim's deterministic one, see object_address).
std::string object_repr(const Value& self) {
  const TypeObject* t = self.obj()->type();
  return "<" + t->module() + "." + t->qualname() + " object at " + object_address(self.obj()) + ">";
}

std::string instance_repr(const Value& self) {
  Value fn = user_special(self, "__repr__");
  if (!fn.is_null()) return text_result(call_special(fn, self), "__repr__");
  return object_repr(self);
}

std::string instance_str(const Value& self) {
  Value fn = user_special(self, "__str__");
  if (!fn.is_null()) return text_result(call_special(fn, self), "__str__");
  return instance_repr(self);
}

// Mirrors object_new + object_init: __init__ runs on the new instance; a
// class without one takes no arguments.
Value construct_instance(TypeObject* type, std::span<const Value> args,
                         std::span<const KwArg> kwargs) {
  Value self(new InstanceObject(type));
  Value init = type_lookup(type, "__init__");
  if (!init.is(ObjKind::kFunction)) {
    if (!args.empty() || !kwargs.empty())
      raise_error(type_error(), type->name() + "() takes no arguments");
    return self;
  }
  Value result = call_special(init, self, args, kwargs);
  if (!result.is_none())
    raise_error(type_error(), "__init__() should return None, not '" + type_name(result) + "'");
  return self;
}

Value object_init(const Value&, std::span<const Value> args, std::span<const KwArg> kwargs) {
  if (!args.empty() || !kwargs.empty())
    raise_error(type_error(),
                "object.__init__() takes exactly one argument (the instance to initialize)");
  return Value::none();
}

// staticmethod(f) and classmethod(f).
Value construct_wrapper(TypeObject* type, std::span<const Value> args,
                        std::span<const KwArg> kwargs) {
  check_no_kwargs(type->name() + "()", kwargs);
  if (args.size() != 1)
    raise_error(type_error(), type->name() + " expected 1 argument, got " + std::to_string(args.size()));
  return Value(new DescriptorObject(type, args[0]));
}

// property(fget=None, fset=None, fdel=None)
Value construct_property(TypeObject* type, std::span<const Value> args,
                         std::span<const KwArg> kwargs) {
  std::array<Value, 3> slots;
  if (args.size() > 3)
    raise_error(type_error(), "corosim's property() takes at most 3 arguments (fget, fset, fdel)");
  for (size_t i = 0; i < args.size(); ++i) slots[i] = args[i];
  for (const KwArg& kw : kwargs) {
    if (kw.name == "fget") slots[0] = kw.value;
    else if (kw.name == "fset") slots[1] = kw.value;
    else if (kw.name == "fdel") slots[2] = kw.value;
    else
      raise_error(type_error(), "property() got an unexpected keyword argument '" +
                                    std::string(kw.name) + "'");
  }
  for (Value& v : slots)
    if (v.is_none()) v = Value();
  return Value(new DescriptorObject(type, slots[0], slots[1], slots[2]));
}

// property.setter(fset): a copy of the property with fset replaced.
Value property_setter(const Value& self, std::span<const Value> args,
                      std::span<const KwArg> kwargs) {
  check_no_kwargs("setter", kwargs);
  check_arg_count("setter", args, 1, 1);
  auto* p = self.as<DescriptorObject>();
  return Value(new DescriptorObject(p->type(), p->function, args[0], p->deleter));
}

// property.deleter(fdel): a copy of the property with fdel replaced.
Value property_deleter(const Value& self, std::span<const Value> args,
                       std::span<const KwArg> kwargs) {
  check_no_kwargs("deleter", kwargs);
  check_arg_count("deleter", args, 1, 1);
  auto* p = self.as<DescriptorObject>();
  return Value(new DescriptorObject(p->type(), p->function, p->setter, args[0]));
}

std::string not_implemented_repr(const Value&) { return "NotImplemented"; }

CompareOp reflected(CompareOp op) {
  switch (op) {
    case CompareOp::kLt: return CompareOp::kGt;
    case CompareOp::kLe: return CompareOp::kGe;
    case CompareOp::kGt: return CompareOp::kLt;
    case CompareOp::kGe: return CompareOp::kLe;
    default: return op;
  }
}

bool is_not_implemented(const Value& v) { return v.identical(not_implemented()); }

RichCompareSlot compare_slot(const Value& v) {
  return v.is_object() ? inherited_slot(v.obj()->type(), &TypeObject::richcompare) : nullptr;
}

// One side of do_richcompare: self's slot_tp_richcompare, or
// object_richcompare when its class defines no such method (== by identity,
// != as the negation of __eq__); a built-in kind's richcompare slot (a
// TimerHandle). Other built-in values do not compare with these:
// NotImplemented.
Value side_compare(CompareOp op, const Value& self, const Value& other) {
  if (!self.is(ObjKind::kInstance)) {
    RichCompareSlot slot = compare_slot(self);
    return slot ? slot(op, self, other) : not_implemented();
  }
  Value fn = user_special(self, compare_method_name(op));
  if (!fn.is_null()) return call_special(fn, self, std::span<const Value>(&other, 1));
  if (op == CompareOp::kEq) return self.identical(other) ? Value::from_bool(true) : not_implemented();
  if (op == CompareOp::kNe) {
    Value eq = side_compare(CompareOp::kEq, self, other);
    return is_not_implemented(eq) ? eq : Value::from_bool(!is_truthy(eq));
  }
  return not_implemented();
}

bool has_own_compare(const Value& v, CompareOp op) {
  return (v.is(ObjKind::kInstance) && !user_special(v, compare_method_name(op)).is_null()) || compare_slot(v);
}

// Whether v's comparisons are the Python-level protocol's, not the runtime's.
bool has_rich_compare(const Value& v) { return v.is(ObjKind::kInstance) || compare_slot(v); }

// Whether v is a built-in value whose comparisons the runtime implements
// itself (numbers, None, str, containers, methods).
bool has_runtime_compare(const Value& v) {
  if (!v.is_object()) return true;
  switch (v.obj()->kind()) {
    case ObjKind::kStr:
    case ObjKind::kList:
    case ObjKind::kTuple:
    case ObjKind::kDict:
    case ObjKind::kSet:
    case ObjKind::kRange:
    case ObjKind::kSlice:
    case ObjKind::kDictView:
    case ObjKind::kNativeFunction:
    case ObjKind::kBoundMethod:
      return true;
    default:
      return false;
  }
}

// type(self)'s own ==, which object.__ne__ negates: a class's __eq__ or a
// kind's richcompare slot; for a value the runtime compares, its == with a
// value of the same type (NotImplemented otherwise, as int's and str's
// give); identity for the rest.
Value own_eq(const Value& self, const Value& other) {
  if (has_rich_compare(self)) return side_compare(CompareOp::kEq, self, other);
  if (has_runtime_compare(self))
    return type_of(self) == type_of(other) ? Value::from_bool(equals(self, other)) : not_implemented();
  return self.identical(other) ? Value::from_bool(true) : not_implemented();
}

// object's own slot methods, as attributes (object.__eq__(a, b),
// super().__lt__(other), hasattr(x, "__hash__")). Comparisons themselves do
// not call them: side_compare does object_richcompare's part directly.

// A slot wrapper's arguments: "expected 1 argument, got 0".
void check_wrapper_args(const char* name, std::span<const Value> args, std::span<const KwArg> kwargs,
                        size_t count) {
  check_no_kwargs(std::string("wrapper ") + name, kwargs);
  if (args.size() != count)
    raise_error(type_error(), "expected " + std::to_string(count) + (count == 1 ? " argument" : " arguments") +
                                  ", got " + std::to_string(args.size()));
}

// Mirrors Objects/typeobject.c object_richcompare: == by identity, != as the
// negation of the type's own ==, orderings NotImplemented.
template <CompareOp op>
Value object_compare_method(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_wrapper_args(compare_method_name(op), args, kwargs, 1);
  const Value& other = args[0];
  if (op == CompareOp::kEq) return self.identical(other) ? Value::from_bool(true) : not_implemented();
  if (op == CompareOp::kNe) {
    Value eq = own_eq(self, other);
    return is_not_implemented(eq) ? eq : Value::from_bool(!is_truthy(eq));
  }
  return not_implemented();
}

// object.__repr__ on a class instance is object_repr; a built-in object
// reaching it (a Future) has its own repr.
Value object_repr_method(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_wrapper_args("__repr__", args, kwargs, 0);
  return new_str(self.is(ObjKind::kInstance) ? object_repr(self) : repr(self));
}

// Mirrors object_str: the type's repr (a class's own __repr__ included).
Value object_str_method(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_wrapper_args("__str__", args, kwargs, 0);
  return new_str(repr(self));
}

Value object_hash_method(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_wrapper_args("__hash__", args, kwargs, 0);
  return Value::from_int(self.is_object() ? identity_hash(self.obj()) : py_hash(self));
}

// Mirrors object___format___impl: only the empty spec, which is str(self).
Value object_format_method(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs("object.__format__", kwargs);
  if (args.size() != 1)
    raise_error(type_error(), "object.__format__() takes exactly one argument (" + std::to_string(args.size()) +
                                  " given)");
  if (!args[0].is(ObjKind::kStr))
    raise_error(type_error(), "__format__() argument must be str, not " + type_name(args[0]));
  if (args[0].as<StrObject>()->length() != 0)
    raise_error(type_error(), "unsupported format string passed to " + type_name(self) + ".__format__");
  return new_str(str(self));
}

constexpr std::string_view kObjectSlotMethods[] = {"__eq__", "__ne__", "__lt__", "__le__", "__gt__",
                                                   "__ge__", "__repr__", "__str__", "__hash__", "__format__"};

}  // namespace

InstanceObject::InstanceObject(TypeObject* type)
    : Object(ObjKind::kInstance, type), dict(new_dict()) {}

DescriptorObject::DescriptorObject(TypeObject* type, Value fn, Value set, Value del)
    : Object(ObjKind::kOther, type), function(std::move(fn)), setter(std::move(set)), deleter(std::move(del)) {}

Ref<TypeObject> make_class(std::string name, std::span<const Value> bases, DictObject* ns,
                           std::string module) {
  if (bases.size() > 1)
    raise_error(type_error(), "corosim supports only one base class (single inheritance)");
  TypeObject* base = builtin_types().object;
  if (bases.size() == 1) {
    if (!bases[0].is(ObjKind::kType)) raise_error(type_error(), "bases must be types");
    base = bases[0].as<TypeObject>();
  }
  if (base != builtin_types().object && !base->is_user() && !base->is_exception())
    raise_error(type_error(), "corosim supports classes deriving from object, another class of "
                              "the program or an exception class, not '" + base->name() + "'");
  std::string qualname;
  if (ns) {
    Value m = ns->get_str("__module__");
    if (m.is(ObjKind::kStr)) module = m.as<StrObject>()->text();
    // Mirrors type_new_set_names: the compiler stores the class's qualname.
    Value q = ns->get_str("__qualname__");
    if (!q.is_null() && !q.is(ObjKind::kStr))
      raise_error(type_error(), "type __qualname__ must be a str, not " + type_name(q));
    if (!q.is_null()) qualname = q.as<StrObject>()->text();
  }
  const uint32_t flags = kTypeUser | (base->is_exception() ? uint32_t(kTypeException) : 0u);
  Ref<TypeObject> t(new TypeObject(std::move(name), base, flags, std::move(module)));
  t->set_qualname(std::move(qualname));
  if (!base->is_exception()) {
    t->construct = construct_instance;
    t->repr = instance_repr;
    t->str = instance_str;
  }
  if (!ns) return t;
  Value k, v;
  for (size_t i = 0; i < ns->entry_end(); ++i) {
    if (!ns->entry_at(i, k, v) || !k.is(ObjKind::kStr)) continue;
    std::string_view key = k.as<StrObject>()->view();
    if (key == "__module__" || key == "__qualname__") continue;
    t->set_attr(key, v);
  }
  // type_new: a class that defines __eq__ but not __hash__ is unhashable.
  if (!t->lookup_own("__eq__").is_null() && t->lookup_own("__hash__").is_null())
    t->set_attr("__hash__", Value::none());
  return t;
}

Value not_implemented() {
  static Object* singleton = [] {
    auto* o = new DescriptorObject(builtin_types().not_implemented_type, Value());
    o->make_immortal();
    return o;
  }();
  return Value(singleton);
}

Value bind_descriptor(const Value& found, const Value& self, TypeObject* owner) {
  const BuiltinTypes& bt = builtin_types();
  if (found.is(ObjKind::kFunction))
    return self.is_null() ? found : Value(new_bound_method(self, found));
  if (found.is(ObjKind::kNativeFunction)) {
    const auto& f = *found.as<NativeFunctionObject>();
    return f.is_method && f.self.is_null() && !self.is_null() ? Value(bind_native(f, self)) : found;
  }
  if (!found.is(ObjKind::kOther)) return found;
  TypeObject* t = found.obj()->type();
  auto* d = found.as<DescriptorObject>();
  if (t == bt.staticmethod) return d->function;
  if (t == bt.classmethod) return Value(new_bound_method(Value(owner), d->function));
  if (t == bt.property && !self.is_null() && !d->function.is_null())
    return call(d->function, std::span<const Value>(&self, 1));
  return found;
}

Value instance_get_attr(const Value& obj, std::string_view name) {
  auto* inst = obj.as<InstanceObject>();
  if (name == "__dict__") return Value(inst->dict);
  Value found = type_lookup(inst->type(), name);
  if (is_property(found)) {
    if (found.as<DescriptorObject>()->function.is_null())
      raise_error(exception_types().attribute_error, "property '" + std::string(name) + "' of '" +
                                                         inst->type()->name() +
                                                         "' object has no getter");
    return bind_descriptor(found, obj, inst->type());
  }
  Value own = inst->dict->get_str(name);
  if (!own.is_null()) return own;
  return found.is_null() ? found : bind_descriptor(found, obj, inst->type());
}

void instance_set_attr(const Value& obj, std::string_view name, Value value) {
  auto* inst = obj.as<InstanceObject>();
  Value found = type_lookup(inst->type(), name);
  if (is_property(found)) {
    auto* p = found.as<DescriptorObject>();
    if (p->setter.is_null())
      raise_error(exception_types().attribute_error, "property '" + std::string(name) + "' of '" +
                                                         inst->type()->name() +
                                                         "' object has no setter");
    std::array<Value, 2> args{obj, std::move(value)};
    call(p->setter, args);
    return;
  }
  inst->dict->set_str(name, std::move(value));
}

// Mirrors Objects/descrobject.c property_descr_set with a NULL value.
bool instance_del_attr(const Value& obj, std::string_view name) {
  auto* inst = obj.as<InstanceObject>();
  Value found = type_lookup(inst->type(), name);
  if (is_property(found)) {
    auto* p = found.as<DescriptorObject>();
    if (p->deleter.is_null())
      raise_error(exception_types().attribute_error,
                  "property '" + std::string(name) + "' of '" + inst->type()->name() + "' object has no deleter");
    call(p->deleter, std::span<const Value>(&obj, 1));
    return true;
  }
  return !inst->dict->pop(new_str(std::string(name))).is_null();
}

// Mirrors Objects/object.c do_richcompare.
std::optional<Value> user_rich_compare(CompareOp op, const Value& a, const Value& b) {
  if (!has_rich_compare(a) && !has_rich_compare(b)) return std::nullopt;
  bool reversed_done = false;
  const CompareOp rop = reflected(op);
  if (has_rich_compare(b) && type_of(a) != type_of(b) && is_subtype(type_of(b), type_of(a)) &&
      has_own_compare(b, rop)) {
    reversed_done = true;
    Value r = side_compare(rop, b, a);
    if (!is_not_implemented(r)) return r;
  }
  Value r = side_compare(op, a, b);
  if (!is_not_implemented(r)) return r;
  if (!reversed_done) {
    r = side_compare(rop, b, a);
    if (!is_not_implemented(r)) return r;
  }
  if (op == CompareOp::kEq) return Value::from_bool(a.identical(b));
  if (op == CompareOp::kNe) return Value::from_bool(!a.identical(b));
  raise_error(type_error(), "'" + std::string(compare_op_symbol(op)) +
                                "' not supported between instances of '" + type_name(a) +
                                "' and '" + type_name(b) + "'");
}

int64_t instance_hash(const Value& obj, int64_t identity_hash) {
  Value fn = type_lookup(obj.obj()->type(), "__hash__");
  if (fn.is_none()) raise_error(type_error(), "unhashable type: '" + type_name(obj) + "'");
  if (!fn.is(ObjKind::kFunction)) return identity_hash;
  Value h = call_special(fn, obj);
  int64_t out = 0;
  if (!as_index(h, out))
    raise_error(type_error(), "__hash__ method should return an integer");
  return out == -1 ? -2 : out;
}

bool shows_object_slot_method(const Value& obj, std::string_view name, const Value& found) {
  if (!found.is(ObjKind::kNativeFunction) || found.as<NativeFunctionObject>()->owner != builtin_types().object ||
      std::find(std::begin(kObjectSlotMethods), std::end(kObjectSlotMethods), name) == std::end(kObjectSlotMethods))
    return true;
  if (obj.is(ObjKind::kType)) {
    const auto* t = obj.as<TypeObject>();
    return t->is_user() || t == builtin_types().object;
  }
  return !has_runtime_compare(obj);
}

void init_user_class_types() {
  const BuiltinTypes& bt = builtin_types();
  add_method(bt.object, "__init__", object_init);
  add_method(bt.object, "__eq__", object_compare_method<CompareOp::kEq>);
  add_method(bt.object, "__ne__", object_compare_method<CompareOp::kNe>);
  add_method(bt.object, "__lt__", object_compare_method<CompareOp::kLt>);
  add_method(bt.object, "__le__", object_compare_method<CompareOp::kLe>);
  add_method(bt.object, "__gt__", object_compare_method<CompareOp::kGt>);
  add_method(bt.object, "__ge__", object_compare_method<CompareOp::kGe>);
  add_method(bt.object, "__repr__", object_repr_method);
  add_method(bt.object, "__str__", object_str_method);
  add_method(bt.object, "__hash__", object_hash_method);
  add_method(bt.object, "__format__", object_format_method);
  bt.staticmethod->construct = construct_wrapper;
  bt.classmethod->construct = construct_wrapper;
  bt.property->construct = construct_property;
  add_method(bt.property, "setter", property_setter);
  add_method(bt.property, "deleter", property_deleter);
  bt.not_implemented_type->repr = not_implemented_repr;
}

}  // namespace corosim
