// dict (ObjKind::kDict): an insertion-ordered hash table keyed by Python
// hash/equality, laid out like CPython's compact dict (an entries array in
// insertion order plus an index table; deleting leaves a hole so the order of
// the rest is kept). Also the key/value/item views (ObjKind::kDictView).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "sim/runtime/object.h"

namespace corosim {

class DictObject : public Object {
 public:
  DictObject();
  ~DictObject() override;
  void clear_refs() override;

  /// len(d).
  size_t size() const { return used_; }
  /// d[key] or a null Value if absent. TypeError for an unhashable key.
  Value get(const Value& key) const;
  /// Lookup by str key without building a str Value (globals, attributes).
  Value get_str(std::string_view key) const;
  /// d[key] = value (an existing key keeps its position).
  void set(const Value& key, Value value);
  void set_str(std::string_view key, Value value);
  /// Removes key and returns its value; null Value if it was absent.
  Value pop(const Value& key);
  bool contains(const Value& key) const { return !get(key).is_null(); }
  void clear();

  // Iteration in insertion order. Slots 0..entry_end() may hold holes (a
  // deleted entry): entry_at returns false for them.
  size_t entry_end() const { return entries_.size(); }
  bool entry_at(size_t i, Value& key, Value& value) const;
  /// Bumped by every insertion or deletion (iterators detect a size change).
  uint64_t version() const { return version_; }

  /// Keys/values/items in order, e.g. for list(d.items()).
  std::vector<Value> keys() const;
  std::vector<Value> values() const;

 private:
  struct Entry {
    int64_t hash;
    Value key;  // null: deleted
    Value value;
  };
  int64_t find(const Value& key, int64_t hash) const;  // entry index or -1
  int64_t find_str(std::string_view key, int64_t hash) const;
  void insert_new(int64_t hash, Value key, Value value);
  void rebuild(size_t min_capacity);

  std::vector<Entry> entries_;
  std::vector<int32_t> index_;  // -1 empty, -2 deleted, else entry index
  size_t used_ = 0;
  uint64_t version_ = 0;
};

Ref<DictObject> new_dict();

/// d.keys() / d.values() / d.items() (ObjKind::kDictView): live views whose
/// repr is "dict_keys(['a'])" and which are iterable, sized and (keys/items)
/// support `in`.
class DictViewObject : public Object {
 public:
  enum class Which : uint8_t { kKeys, kValues, kItems };
  DictViewObject(Ref<DictObject> dict, Which which);
  void clear_refs() override { dict = Ref<DictObject>(); }

  Ref<DictObject> dict;
  Which which;
};

Ref<DictViewObject> new_dict_view(Ref<DictObject> dict, DictViewObject::Which which);

}  // namespace corosim
