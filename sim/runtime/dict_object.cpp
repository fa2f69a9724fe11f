#include "sim/runtime/dict_object.h"

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/str_object.h"

namespace corosim {
namespace {

constexpr int32_t kEmpty = -1;
constexpr int32_t kDeleted = -2;
constexpr size_t kMinIndexSize = 8;
constexpr int kPerturbShift = 5;

size_t usable_for(size_t index_size) { return index_size * 2 / 3; }

bool keys_equal(const Value& stored, const Value& key) {
  if (stored.identical(key)) return true;
  if (stored.is(ObjKind::kStr) && key.is(ObjKind::kStr))
    return stored.as<StrObject>()->text() == key.as<StrObject>()->text();
  return equals(stored, key);
}

}  // namespace

DictObject::DictObject() : Object(ObjKind::kDict, builtin_types().dict) {}

DictObject::~DictObject() { clear(); }

void DictObject::clear_refs() { clear(); }

void DictObject::clear() {
  std::vector<Value> dropped;
  dropped.reserve(entries_.size() * 2);
  for (Entry& e : entries_) {
    if (e.key.is_null()) continue;
    dropped.push_back(std::move(e.key));
    dropped.push_back(std::move(e.value));
  }
  if (used_) ++version_;
  entries_.clear();
  index_.clear();
  used_ = 0;
}

// Mirrors Objects/dictobject.c's probe sequence (i*5 + perturb + 1).
int64_t DictObject::find(const Value& key, int64_t hash) const {
  if (index_.empty()) return -1;
  size_t mask = index_.size() - 1;
  uint64_t perturb = uint64_t(hash);
  size_t i = size_t(hash) & mask;
  for (;;) {
    int32_t ix = index_[i];
    if (ix == kEmpty) return -1;
    if (ix >= 0) {
      const Entry& e = entries_[size_t(ix)];
      if (e.hash == hash && keys_equal(e.key, key)) return ix;
    }
    perturb >>= kPerturbShift;
    i = (i * 5 + perturb + 1) & mask;
  }
}

int64_t DictObject::find_str(std::string_view key, int64_t hash) const {
  if (index_.empty()) return -1;
  size_t mask = index_.size() - 1;
  uint64_t perturb = uint64_t(hash);
  size_t i = size_t(hash) & mask;
  for (;;) {
    int32_t ix = index_[i];
    if (ix == kEmpty) return -1;
    if (ix >= 0) {
      const Entry& e = entries_[size_t(ix)];
      if (e.hash == hash && e.key.is(ObjKind::kStr) && e.key.as<StrObject>()->view() == key)
        return ix;
    }
    perturb >>= kPerturbShift;
    i = (i * 5 + perturb + 1) & mask;
  }
}

void DictObject::rebuild(size_t min_used) {
  size_t size = kMinIndexSize;
  while (usable_for(size) <= min_used) size *= 2;
  // Compact the entries (dropping holes) and re-index them.
  std::vector<Entry> live;
  live.reserve(usable_for(size));
  for (Entry& e : entries_)
    if (!e.key.is_null()) live.push_back(std::move(e));
  entries_ = std::move(live);
  index_.assign(size, kEmpty);
  size_t mask = size - 1;
  for (size_t ix = 0; ix < entries_.size(); ++ix) {
    uint64_t perturb = uint64_t(entries_[ix].hash);
    size_t i = size_t(entries_[ix].hash) & mask;
    while (index_[i] != kEmpty) {
      perturb >>= kPerturbShift;
      i = (i * 5 + perturb + 1) & mask;
    }
    index_[i] = int32_t(ix);
  }
}

void DictObject::insert_new(int64_t hash, Value key, Value value) {
  if (index_.empty() || entries_.size() >= usable_for(index_.size()))
    rebuild(used_ * 3 > used_ + 1 ? used_ * 3 : used_ + 1);  // CPython's GROWTH_RATE
  size_t mask = index_.size() - 1;
  uint64_t perturb = uint64_t(hash);
  size_t i = size_t(hash) & mask;
  while (index_[i] >= 0) {
    perturb >>= kPerturbShift;
    i = (i * 5 + perturb + 1) & mask;
  }
  index_[i] = int32_t(entries_.size());
  entries_.push_back({hash, std::move(key), std::move(value)});
  ++used_;
  ++version_;
}

Value DictObject::get(const Value& key) const {
  int64_t ix = find(key, py_hash(key));
  return ix < 0 ? Value() : entries_[size_t(ix)].value;
}

Value DictObject::get_str(std::string_view key) const {
  int64_t ix = find_str(key, str_hash(key));
  return ix < 0 ? Value() : entries_[size_t(ix)].value;
}

void DictObject::set(const Value& key, Value value) {
  int64_t hash = py_hash(key);
  int64_t ix = find(key, hash);
  if (ix >= 0) {
    entries_[size_t(ix)].value = std::move(value);
    return;
  }
  insert_new(hash, key, std::move(value));
}

void DictObject::set_str(std::string_view key, Value value) {
  int64_t hash = str_hash(key);
  int64_t ix = find_str(key, hash);
  if (ix >= 0) {
    entries_[size_t(ix)].value = std::move(value);
    return;
  }
  insert_new(hash, new_str(std::string(key)), std::move(value));
}

Value DictObject::pop(const Value& key) {
  int64_t hash = py_hash(key);
  if (index_.empty()) return Value();
  size_t mask = index_.size() - 1;
  uint64_t perturb = uint64_t(hash);
  size_t i = size_t(hash) & mask;
  for (;;) {
    int32_t ix = index_[i];
    if (ix == kEmpty) return Value();
    if (ix >= 0) {
      Entry& e = entries_[size_t(ix)];
      if (e.hash == hash && keys_equal(e.key, key)) {
        index_[i] = kDeleted;
        Value old_key = std::move(e.key);
        Value old = std::move(e.value);
        e.key = Value();
        --used_;
        ++version_;
        return old;
      }
    }
    perturb >>= kPerturbShift;
    i = (i * 5 + perturb + 1) & mask;
  }
}

bool DictObject::entry_at(size_t i, Value& key, Value& value) const {
  const Entry& e = entries_[i];
  if (e.key.is_null()) return false;
  key = e.key;
  value = e.value;
  return true;
}

std::vector<Value> DictObject::keys() const {
  std::vector<Value> out;
  out.reserve(used_);
  for (const Entry& e : entries_)
    if (!e.key.is_null()) out.push_back(e.key);
  return out;
}

std::vector<Value> DictObject::values() const {
  std::vector<Value> out;
  out.reserve(used_);
  for (const Entry& e : entries_)
    if (!e.key.is_null()) out.push_back(e.value);
  return out;
}

Ref<DictObject> new_dict() { return make<DictObject>(); }

namespace {

TypeObject* view_type(DictViewObject::Which which) {
  const BuiltinTypes& b = builtin_types();
  switch (which) {
    case DictViewObject::Which::kKeys:
      return b.dict_keys;
    case DictViewObject::Which::kValues:
      return b.dict_values;
    case DictViewObject::Which::kItems:
      return b.dict_items;
  }
  return b.dict_keys;
}

}  // namespace

DictViewObject::DictViewObject(Ref<DictObject> dict_in, Which which_in)
    : Object(ObjKind::kDictView, view_type(which_in)), dict(std::move(dict_in)), which(which_in) {}

Ref<DictViewObject> new_dict_view(Ref<DictObject> dict, DictViewObject::Which which) {
  return make<DictViewObject>(std::move(dict), which);
}

}  // namespace corosim
