#include "sim/runtime/type_object.h"

#include <algorithm>
#include <vector>

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/second_base.h"

namespace corosim {

// The `type` type, set by builtin_types() right after creating it; the two
// types created before it (object, type) get their type fixed there.
TypeObject* g_type_type = nullptr;

TypeObject::TypeObject(std::string name, TypeObject* base, uint32_t flags, std::string module)
    : Object(ObjKind::kType, g_type_type),
      name_(std::move(name)),
      module_(std::move(module)),
      base_(base),
      flags_(flags) {
  if (is_user() && base_) base_hold_ = Ref<TypeObject>(base_);
}

void TypeObject::clear_refs() {
  // The base stays: it cannot refer back to this type except through
  // attributes, which are dropped here.
  attrs_.clear();
  order_.clear();
}

Value TypeObject::lookup_own(std::string_view name) const {
  auto it = attrs_.find(name);
  return it == attrs_.end() ? Value() : it->second;
}

void TypeObject::set_attr(std::string_view name, Value value) {
  auto it = attrs_.find(name);
  if (it != attrs_.end()) {
    it->second = std::move(value);
    return;
  }
  attrs_.emplace(std::string(name), std::move(value));
  order_.emplace_back(name);
}

bool TypeObject::del_attr(std::string_view name) {
  auto it = attrs_.find(name);
  if (it == attrs_.end()) return false;
  attrs_.erase(it);
  std::erase(order_, name);
  return true;
}

namespace {

struct SecondBase {
  const TypeObject* type;
  const TypeObject* second;
};

std::vector<SecondBase>& second_bases() {
  static std::vector<SecondBase> table;
  return table;
}

}  // namespace

void add_second_base(TypeObject* t, TypeObject* second) { second_bases().push_back({t, second}); }

const TypeObject* second_base(const TypeObject* t) {
  for (const SecondBase& sb : second_bases())
    if (sb.type == t) return sb.second;
  return nullptr;
}

// Mirrors Objects/typeobject.c mro_implementation (C3): the bases are
// t->base() and, if any, its second base.
std::vector<const TypeObject*> type_mro(const TypeObject* t) {
  std::vector<std::vector<const TypeObject*>> seqs;
  if (t->base()) seqs.push_back(type_mro(t->base()));
  if (const TypeObject* second = second_base(t)) {
    seqs.push_back(type_mro(second));
    seqs.push_back({t->base(), second});
  }
  std::vector<const TypeObject*> mro{t};
  auto in_tail = [&](const TypeObject* c) {
    for (const auto& s : seqs)
      if (std::find(s.begin() + (s.empty() ? 0 : 1), s.end(), c) != s.end()) return true;
    return false;
  };
  for (;;) {
    const TypeObject* next = nullptr;
    for (const auto& s : seqs)
      if (!s.empty() && !in_tail(s.front())) {
        next = s.front();
        break;
      }
    if (!next) return mro;  // every sequence is empty: the built-in bases are consistent
    mro.push_back(next);
    for (auto& s : seqs)
      if (!s.empty() && s.front() == next) s.erase(s.begin());
  }
}

bool is_subtype(const TypeObject* t, const TypeObject* base) {
  for (; t; t = t->base()) {
    if (t == base) return true;
    for (const SecondBase& sb : second_bases())
      if (sb.type == t && is_subtype(sb.second, base)) return true;
  }
  return false;
}

Value type_lookup(const TypeObject* t, std::string_view name) {
  for (; t; t = t->base()) {
    Value v = t->lookup_own(name);
    if (!v.is_null()) return v;
  }
  return Value();
}

TypeObject* new_builtin_type(std::string name, TypeObject* base, uint32_t flags,
                             std::string module) {
  auto* t = new TypeObject(std::move(name), base, flags, std::move(module));
  t->make_immortal();
  return t;
}

std::string qualified_type_name(const TypeObject* t) {
  if (t->module() == "builtins" || t->module() == "__main__") return t->qualname();
  return t->module() + "." + t->qualname();
}

}  // namespace corosim
