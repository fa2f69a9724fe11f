#include "sim/runtime/attribute.h"

#include "sim/runtime/bound_method.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/dict_object.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/exception_group.h"
#include "sim/runtime/module_object.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/range_object.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/second_base.h"
#include "sim/runtime/slice_object.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/super_object.h"
#include "sim/runtime/tuple_object.h"
#include "sim/runtime/user_class.h"

namespace corosim {
namespace {

TypeObject* attribute_error() { return exception_types().attribute_error; }

// A value found on a type, as seen through an instance: functions and the
// descriptors of user classes bind.
Value bind_to(const Value& found, const Value& self) {
  if (found.is(ObjKind::kFunction) || found.is(ObjKind::kOther)) {
    TypeObject* owner = self.is(ObjKind::kType) ? self.as<TypeObject>() : type_of(self);
    return bind_descriptor(found, self, owner);
  }
  if (found.is(ObjKind::kNativeFunction)) {
    auto* f = found.as<NativeFunctionObject>();
    if (f->is_method && f->self.is_null()) return Value(bind_native(*f, self));
  }
  return found;
}

Value type_attribute(const TypeObject& t, std::string_view name) {
  if (name == "__name__") return new_str(t.name());
  if (name == "__qualname__") return new_str(t.qualname());
  if (name == "__module__") return new_str(t.module());
  if (name == "__base__")
    return t.base() ? Value(const_cast<TypeObject*>(t.base())) : Value::none();
  if (name == "__bases__") {
    std::vector<Value> bases;
    for (const TypeObject* b : std::initializer_list<const TypeObject*>{t.base(), second_base(&t)})
      if (b) bases.push_back(Value(const_cast<TypeObject*>(b)));
    return Value(new_tuple(std::move(bases)));
  }
  if (name == "__mro__") {
    std::vector<Value> mro;
    for (const TypeObject* b : type_mro(&t)) mro.push_back(Value(const_cast<TypeObject*>(b)));
    return Value(new_tuple(std::move(mro)));
  }
  // A class without a docstring has __doc__ None in its own dict
  // (type_new_set_doc): it does not inherit its base's.
  if (name == "__doc__") {
    Value doc = t.lookup_own(name);
    return doc.is_null() ? Value::none() : doc;
  }
  Value found = type_lookup(&t, name);
  if (found.is_null() || !shows_object_slot_method(Value(const_cast<TypeObject*>(&t)), name, found)) return Value();
  return bind_descriptor(found, Value(), const_cast<TypeObject*>(&t));
}

Value exception_attribute(const Value& obj, std::string_view name) {
  auto* e = obj.as<ExceptionObject>();
  if (name == "args") return Value(e->args);
  if (name == "__cause__") return e->cause;
  if (name == "__context__") return e->context;
  if (name == "__suppress_context__") return Value::from_bool(e->suppress_context);
  // corosim has no traceback objects; the entries live in e->traceback.
  if (name == "__traceback__") return Value::none();
  if (e->attrs) {
    Value v = e->attrs->get_str(name);
    if (!v.is_null()) return v;
  }
  if (name == "__doc__") return type_attribute(*e->type(), name);
  // StopIteration.value and SystemExit.code are set from args by __init__;
  // SystemExit(1, 2).code is the whole args tuple (SystemExit_init).
  const ExceptionTypes& x = exception_types();
  if ((name == "value" && is_subtype(e->type(), x.stop_iteration)) ||
      (name == "code" && is_subtype(e->type(), x.system_exit))) {
    const auto& items = e->args->items;
    if (name == "code" && items.size() > 1) return Value(e->args);
    return items.empty() ? Value::none() : items[0];
  }
  return Value();
}

// Attributes that live on the instance or are computed for its kind; null if
// none matches.
Value instance_attribute(const Value& obj, std::string_view name) {
  Object* o = obj.obj();
  switch (o->kind()) {
    case ObjKind::kType:
      return type_attribute(*static_cast<TypeObject*>(o), name);
    case ObjKind::kModule: {
      auto* m = static_cast<ModuleObject*>(o);
      if (name == "__dict__") return Value(m->dict);
      return m->get(name);
    }
    case ObjKind::kException:
      return exception_attribute(obj, name);
    case ObjKind::kInstance:
      return instance_get_attr(obj, name);
    case ObjKind::kNativeFunction: {
      auto* f = static_cast<NativeFunctionObject*>(o);
      if (name == "__name__") return new_str(f->name);
      if (name == "__qualname__") return new_str(f->qualname());
      if (name == "__self__") return f->self.is_null() ? Value::none() : f->self;
      return Value();
    }
    case ObjKind::kBoundMethod: {
      auto* m = static_cast<BoundMethodObject*>(o);
      if (name == "__self__") return m->self;
      if (name == "__func__") return m->function;
      return get_attr_or_null(m->function, name);
    }
    case ObjKind::kRange: {
      auto* r = static_cast<RangeObject*>(o);
      if (name == "start") return Value::from_int(r->start());
      if (name == "stop") return Value::from_int(r->stop());
      if (name == "step") return Value::from_int(r->step());
      return Value();
    }
    case ObjKind::kSlice: {
      auto* s = static_cast<SliceObject*>(o);
      if (name == "start") return s->start;
      if (name == "stop") return s->stop;
      if (name == "step") return s->step;
      return Value();
    }
    case ObjKind::kOther:
      if (o->type() == builtin_types().super_) {
        auto* s = static_cast<SuperObject*>(o);
        Value v = type_lookup(s->start->base(), name);
        return v.is_null() ? v : bind_to(v, s->self);
      }
      return Value();
    default:
      return Value();
  }
}

[[noreturn]] void no_attribute(const Value& obj, std::string_view name) {
  std::string n(name);
  if (obj.is(ObjKind::kType))
    raise_error(attribute_error(),
                "type object '" + obj.as<TypeObject>()->name() + "' has no attribute '" + n + "'");
  if (obj.is(ObjKind::kModule))
    raise_error(attribute_error(),
                "module '" + obj.as<ModuleObject>()->name() + "' has no attribute '" + n + "'");
  if (obj.is(ObjKind::kOther) && obj.obj()->type() == builtin_types().super_)
    raise_error(attribute_error(), "'super' object has no attribute '" + n + "'");
  raise_error(attribute_error(), "'" + type_name(obj) + "' object has no attribute '" + n + "'");
}

void set_exception_attribute(ExceptionObject& e, std::string_view name, Value value) {
  TypeObject* type_error = exception_types().type_error;
  auto is_exc_or_none = [](const Value& v) { return v.is_none() || v.is(ObjKind::kException); };
  if (name == "args") {
    e.args = new_tuple(to_vector(value));
  } else if (name == "__cause__") {
    if (!is_exc_or_none(value))
      raise_error(type_error, "exception cause must be None or derive from BaseException");
    e.cause = std::move(value);
    e.suppress_context = true;
  } else if (name == "__context__") {
    if (!is_exc_or_none(value))
      raise_error(type_error, "exception context must be None or derive from BaseException");
    e.context = std::move(value);
  } else if (name == "__suppress_context__") {
    e.suppress_context = is_truthy(value);
  } else if (name == "__traceback__") {
    if (!value.is_none()) raise_error(type_error, "__traceback__ must be a traceback or None");
    e.traceback.clear();
  } else {
    if (!e.attrs) e.attrs = new_dict();
    e.attrs->set_str(name, std::move(value));
  }
}

}  // namespace

Value get_attr_or_null(const Value& obj, std::string_view name) {
  TypeObject* t = type_of(obj);
  if (GetAttrSlot slot = inherited_slot(t, &TypeObject::get_attr)) {
    Value v = slot(obj, name);
    if (!v.is_null()) return v;
  }
  if (name == "__class__") return Value(t);
  if (obj.is_object()) {
    Value v = instance_attribute(obj, name);
    if (!v.is_null() || obj.is(ObjKind::kType) || obj.is(ObjKind::kModule) ||
        obj.is(ObjKind::kInstance))
      return v;
  }
  Value found = type_lookup(t, name);
  if (found.is_null() || !shows_object_slot_method(obj, name, found)) return Value();
  return bind_to(found, obj);
}

Value get_attr(const Value& obj, std::string_view name) {
  Value v = get_attr_or_null(obj, name);
  if (v.is_null()) no_attribute(obj, name);
  return v;
}

bool has_attr(const Value& obj, std::string_view name) {
  try {
    return !get_attr_or_null(obj, name).is_null();
  } catch (const PyException& e) {
    if (is_subtype(type_of(e.exc), attribute_error())) return false;
    throw;
  }
}

// BaseExceptionGroup's `message` and `exceptions` are read-only members.
static void check_group_member_writable(const ExceptionObject& e, std::string_view name) {
  if (is_exception_group(e) && (name == "message" || name == "exceptions"))
    raise_error(attribute_error(), "readonly attribute");
}

void set_attr(const Value& obj, std::string_view name, Value value) {
  if (obj.is(ObjKind::kException)) {
    check_group_member_writable(*obj.as<ExceptionObject>(), name);
    return set_exception_attribute(*obj.as<ExceptionObject>(), name, std::move(value));
  }
  if (obj.is(ObjKind::kModule)) return obj.as<ModuleObject>()->set(name, std::move(value));
  if (obj.is(ObjKind::kInstance)) return instance_set_attr(obj, name, std::move(value));
  if (obj.is(ObjKind::kType)) {
    auto* t = obj.as<TypeObject>();
    if (!t->is_user())
      raise_error(
          exception_types().type_error,
          "cannot set '" + std::string(name) + "' attribute of immutable type '" + t->name() + "'");
    return t->set_attr(name, std::move(value));
  }
  if (!type_lookup(type_of(obj), name).is_null())
    raise_error(attribute_error(), "'" + type_name(obj) + "' object attribute '" +
                                       std::string(name) + "' is read-only");
  no_attribute(obj, name);
}

void del_attr(const Value& obj, std::string_view name) {
  if (obj.is(ObjKind::kException)) {
    auto* e = obj.as<ExceptionObject>();
    check_group_member_writable(*e, name);
    if (e->attrs && !e->attrs->pop(new_str(std::string(name))).is_null()) return;
    no_attribute(obj, name);
  }
  if (obj.is(ObjKind::kModule)) {
    if (!obj.as<ModuleObject>()->dict->pop(new_str(std::string(name))).is_null()) return;
    no_attribute(obj, name);
  }
  if (obj.is(ObjKind::kType)) {
    auto* t = obj.as<TypeObject>();
    if (!t->is_user())
      raise_error(exception_types().type_error, "cannot delete '" + std::string(name) +
                                                    "' attribute of immutable type '" + t->name() +
                                                    "'");
    if (t->del_attr(name)) return;
    no_attribute(obj, name);
  }
  if (obj.is(ObjKind::kInstance) && instance_del_attr(obj, name)) return;
  no_attribute(obj, name);
}

void get_method(const Value& obj, std::string_view name, Value& method, Value& self_out) {
  TypeObject* t = type_of(obj);
  bool plain_instance = !obj.is(ObjKind::kType) && !obj.is(ObjKind::kModule) &&
                        !obj.is(ObjKind::kException) && !inherited_slot(t, &TypeObject::get_attr);
  if (plain_instance || obj.is(ObjKind::kException)) {
    bool shadowed =
        (obj.is(ObjKind::kException) && !exception_attribute(obj, name).is_null()) ||
        (obj.is(ObjKind::kInstance) && !obj.as<InstanceObject>()->dict->get_str(name).is_null());
    if (!shadowed) {
      Value found = type_lookup(t, name);
      bool is_method =
          found.is(ObjKind::kFunction) ||
          (found.is(ObjKind::kNativeFunction) && found.as<NativeFunctionObject>()->is_method &&
           found.as<NativeFunctionObject>()->self.is_null() && shows_object_slot_method(obj, name, found));
      if (is_method) {
        method = std::move(found);
        self_out = obj;
        return;
      }
    }
  }
  method = get_attr(obj, name);
  self_out = Value();
}

}  // namespace corosim
