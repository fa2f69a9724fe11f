// User classes: `class C:` / `class C(Base):` (single inheritance), their
// instances (ObjKind::kInstance, attributes in a dict), the descriptors the
// subset has (staticmethod, classmethod, property) and the special methods a
// user class may define (__init__, __repr__, __str__, __eq__ and the other
// rich comparisons, __hash__). Mirrors Objects/typeobject.c (object_new,
// object_init, slot_tp_richcompare) and Objects/descrobject.c / funcobject.c
// for the descriptors, reduced to what corosim supports.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "sim/runtime/dict_object.h"
#include "sim/runtime/object.h"
#include "sim/runtime/operators.h"
#include "sim/runtime/type_object.h"

namespace corosim {

/// An instance of a user class that is not an exception.
class InstanceObject : public Object {
 public:
  explicit InstanceObject(TypeObject* type);
  void clear_refs() override { dict = Ref<DictObject>(); }

  Ref<DictObject> dict;  ///< __dict__
};

/// staticmethod(f), classmethod(f) and property(fget, fset) objects
/// (ObjKind::kOther; told apart by their type).
class DescriptorObject : public Object {
 public:
  DescriptorObject(TypeObject* type, Value function, Value setter = Value(), Value deleter = Value());
  void clear_refs() override {
    function = Value();
    setter = Value();
    deleter = Value();
  }

  Value function;  ///< the wrapped function; fget for a property
  Value setter;    ///< fset of a property (null: read-only)
  Value deleter;   ///< fdel of a property (null: `del` raises AttributeError)
};

/// The `class` statement: a new type named `name` with the namespace's
/// entries as attributes. No base means `object`; the one base may be
/// `object`, a user class or an exception class (then the instances are
/// exceptions). TypeError for anything else.
Ref<TypeObject> make_class(std::string name, std::span<const Value> bases, DictObject* ns,
                           std::string module = "__main__");

/// The NotImplemented singleton.
Value not_implemented();

/// The attribute `name` of a user instance (data descriptors, then the
/// instance dict, then the class chain, bound); null if absent.
Value instance_get_attr(const Value& obj, std::string_view name);
/// obj.name = value on a user instance (a property's setter, or the dict).
void instance_set_attr(const Value& obj, std::string_view name, Value value);
/// del obj.name on a user instance (a property runs its deleter, or raises
/// AttributeError "property 'x' of 'A' object has no deleter"); false if it
/// had no such attribute.
bool instance_del_attr(const Value& obj, std::string_view name);
/// A class attribute as seen through `owner` (the class itself, or `self`'s
/// class when `self` is given): functions bind to self, staticmethods unwrap,
/// classmethods bind to the class, properties run their getter on self.
Value bind_descriptor(const Value& found, const Value& self, TypeObject* owner);

/// a op b when either side is a user instance (its __eq__, __lt__, ...,
/// reflected as CPython does) or of a built-in type with a richcompare slot;
/// nullopt when neither is.
std::optional<Value> user_rich_compare(CompareOp op, const Value& a, const Value& b);
/// hash() of a user instance: its __hash__, identity, or TypeError when the
/// class defines __eq__ without __hash__.
int64_t instance_hash(const Value& obj, int64_t identity_hash);

/// Whether `found`, what a type lookup of `name` for `obj` gave, is an
/// attribute of obj: false for object's slot methods (__eq__, __repr__, ...)
/// seen from the built-in values whose comparisons, repr and format the
/// runtime implements itself (numbers, None, str, containers, methods) and
/// from built-in types other than object: object's versions would answer
/// wrongly for them ((1).__eq__(2) and int.__eq__(1, 2) are False, not
/// NotImplemented).
bool shows_object_slot_method(const Value& obj, std::string_view name, const Value& found);

/// Registers staticmethod, classmethod, property, NotImplementedType and
/// object's slot methods (called once by the builtins module).
void init_user_class_types();

}  // namespace corosim
