// set (ObjKind::kSet): a reproduction of CPython 3.11's set table
// (Objects/setobject.c): open addressing with linear probes then
// perturbation, the same table sizes, fill/resize rules and dummy entries, so
// that iteration order matches CPython wherever hashes do: print({3, 1, 2})
// gives {1, 2, 3}. Ints, floats, bools and tuples of them hash as in CPython,
// so their sets iterate as in CPython. CPython randomizes str hashes per
// process, so no program can rely on the order of a set of strings; corosim
// uses a stable str hash (its order is deterministic but not CPython's).
// None and other objects hash by identity in CPython (address-based), so
// their order in sets cannot be matched either.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/runtime/object.h"

namespace corosim {

class SetObject : public Object {
 public:
  SetObject();
  ~SetObject() override;
  void clear_refs() override;

  size_t size() const { return used_; }
  /// Mirrors set_add_entry. TypeError for an unhashable key.
  void add(const Value& key);
  bool contains(const Value& key) const;
  /// Mirrors set_discard_entry; false if absent.
  bool discard(const Value& key);
  /// Mirrors set_pop (the "finger" search); null Value if empty.
  Value pop();
  void clear();
  /// Mirrors set_update_internal: from a set (table merge), a dict, or any
  /// iterable.
  void update(const Value& iterable);
  /// Mirrors set_difference_update_internal (s -= other).
  void difference_update(const SetObject& other);
  /// Mirrors set_symmetric_difference_update (s ^= other).
  void symmetric_difference_update(const SetObject& other);
  /// Mirrors set_intersection_update (s &= other): s takes the table of
  /// set_intersection(s, other), as set_swap_bodies does.
  void intersection_update(const SetObject& other);

  // Iteration in table order; slots without a live key return false.
  size_t slot_end() const { return table_.size(); }
  bool slot_at(size_t i, Value& key) const;
  /// Live keys in iteration order.
  std::vector<Value> items() const;

 private:
  friend class SetAccess;
  struct Entry {
    Value key;  // null: never used; a dummy has hash -1 and a null key
    int64_t hash = 0;
    bool dummy = false;
  };
  void add_entry(Value key, int64_t hash);
  void insert_clean(std::vector<Entry>& table, size_t mask, Value key, int64_t hash);
  void resize(size_t minused);
  void merge(const SetObject& other);

  std::vector<Entry> table_;  // size is a power of two >= 8
  size_t fill_ = 0;           // active + dummy
  size_t used_ = 0;           // active
  size_t finger_ = 0;         // set_pop's search start
};

Ref<SetObject> new_set();

/// The frozenset constant CPython 3.11's compiler makes for a display of
/// more than two constants ({3, 1, 2}, also `for x in {..}`): built from the
/// items in order, then rebuilt from its own iteration order
/// (compile.c merge_consts_recursive). The display's value is then
/// BUILD_SET 0 + SET_UPDATE: new_set() followed by update(constant), which
/// is what makes print({5, 6, 7, 13}) show {5, 13, 6, 7} as CPython does,
/// while adding 5, 6, 7, 13 one by one gives {13, 5, 6, 7}.
Ref<SetObject> frozenset_constant(std::span<const Value> items);

/// The results of the set operators, each mirroring its setobject.c
/// algorithm so the result's order matches CPython's.
Ref<SetObject> set_union(const SetObject& a, const SetObject& b);                 // a | b
Ref<SetObject> set_intersection(const SetObject& a, const SetObject& b);          // a & b
Ref<SetObject> set_difference(const SetObject& a, const SetObject& b);            // a - b
Ref<SetObject> set_symmetric_difference(const SetObject& a, const SetObject& b);  // a ^ b
bool set_is_subset(const SetObject& a, const SetObject& b);                       // a <= b

}  // namespace corosim
