// Python type objects (ObjKind::kType): the class of every value, with
// single inheritance (`object` at the root), an insertion-ordered attribute
// table (methods and class attributes) and a few C++ slots that let the
// owner of an object kind plug in its constructor, repr and attributes
// (CPython's tp_new/tp_init, tp_repr, tp_getattro, reduced to what corosim uses).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/runtime/object.h"
#include "sim/runtime/operators.h"

namespace corosim {

struct KwArg;

/// Slot signatures. Each slot is optional (nullptr): ops fall back to the
/// base type's slot, then to the generic behaviour.
using ConstructSlot = Value (*)(TypeObject* type, std::span<const Value> args,
                                std::span<const KwArg> kwargs);
using ReprSlot = std::string (*)(const Value& self);
/// Returns a null Value when `name` is not an attribute the slot provides;
/// get_attr then looks in the type's attribute table.
using GetAttrSlot = Value (*)(const Value& self, std::string_view name);
using CallSlot = Value (*)(const Value& self, std::span<const Value> args,
                           std::span<const KwArg> kwargs);
using HashSlot = int64_t (*)(const Value& self);
/// self op other, or NotImplemented (CPython's tp_richcompare).
using RichCompareSlot = Value (*)(CompareOp op, const Value& self, const Value& other);

enum TypeFlag : uint32_t {
  kTypeException = 1,  ///< BaseException or a subclass: instances are ExceptionObjects
  kTypeUser = 2,       ///< created by a `class` statement (mortal, __main__)
};

class TypeObject : public Object {
 public:
  /// A type whose base is `base` (nullptr only for `object`). Built-in types
  /// should be created through new_builtin_type(), which makes them immortal.
  TypeObject(std::string name, TypeObject* base, uint32_t flags = 0,
             std::string module = "builtins");
  void clear_refs() override;

  const std::string& name() const { return name_; }      ///< __name__
  /// __qualname__: the name for a built-in type, the dotted path the compiler
  /// gives a class statement ("Outer.Inner", "main.<locals>.Local").
  const std::string& qualname() const { return qualname_.empty() ? name_ : qualname_; }
  void set_qualname(std::string qualname) { qualname_ = std::move(qualname); }
  const std::string& module() const { return module_; }  ///< __module__
  TypeObject* base() const { return base_; }             ///< __base__ (nullptr for object)
  uint32_t flags() const { return flags_; }
  bool is_exception() const { return flags_ & kTypeException; }
  bool is_user() const { return flags_ & kTypeUser; }

  /// Own attribute (no base chain); null Value if absent.
  Value lookup_own(std::string_view name) const;
  /// Sets or replaces an own attribute; a new name goes last in the order.
  void set_attr(std::string_view name, Value value);
  /// Removes an own attribute; false if it was absent.
  bool del_attr(std::string_view name);
  /// Own attribute names in insertion order.
  const std::vector<std::string>& attr_names() const { return order_; }

  // Slots (see the using-declarations above); inherited along base().
  ConstructSlot construct = nullptr;  ///< calling the type: int(x), ValueError('m'), zip(a, b)
  ReprSlot repr = nullptr;            ///< repr() of instances of kinds runtime does not own
  ReprSlot str = nullptr;             ///< str() if it differs from repr
  GetAttrSlot get_attr = nullptr;     ///< extra instance attributes (func.__name__, ...)
  CallSlot call = nullptr;            ///< calling an instance of a kind runtime does not own
  HashSlot hash = nullptr;            ///< hash() of a kind runtime does not own, else identity
  RichCompareSlot richcompare = nullptr;  ///< comparisons of a kind runtime does not own

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::string name_;
  std::string qualname_;  // empty: the same as name_
  std::string module_;
  TypeObject* base_;
  Ref<TypeObject> base_hold_;  // user types own their base (it may be a user type)
  uint32_t flags_;
  std::unordered_map<std::string, Value, Hash, std::equal_to<>> attrs_;
  std::vector<std::string> order_;
};

/// True if t is base or derives from it (issubclass(t, base)).
bool is_subtype(const TypeObject* t, const TypeObject* base);

/// The attribute `name` on t or the first base that has it (the MRO of a
/// single-inheritance chain); null Value if none has it.
Value type_lookup(const TypeObject* t, std::string_view name);

/// Creates an immortal built-in type (module "builtins" unless given), e.g.
/// the loop's Future and Task types: new_builtin_type("Future", object,
/// 0, "_asyncio").
TypeObject* new_builtin_type(std::string name, TypeObject* base, uint32_t flags = 0,
                             std::string module = "builtins");

/// The slot found on t or its nearest base that sets it (nullptr if none).
template <class Slot>
Slot inherited_slot(const TypeObject* t, Slot TypeObject::*slot) {
  for (; t; t = t->base())
    if (t->*slot) return t->*slot;
  return nullptr;
}

/// The qualname for builtins and __main__, "module.qualname" otherwise: the
/// spelling of CPython's traceback's last line ("asyncio.exceptions.CancelledError",
/// "main.<locals>.E").
std::string qualified_type_name(const TypeObject* t);

}  // namespace corosim
