#include "sim/runtime/set_object.h"

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/dict_object.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/str_object.h"

namespace corosim {
namespace {

constexpr size_t kMinSize = 8;       // PySet_MINSIZE
constexpr size_t kLinearProbes = 9;  // LINEAR_PROBES
constexpr int kPerturbShift = 5;     // PERTURB_SHIFT

bool keys_equal(const Value& stored, const Value& key) {
  if (stored.identical(key)) return true;
  if (stored.is(ObjKind::kStr) && key.is(ObjKind::kStr))
    return stored.as<StrObject>()->text() == key.as<StrObject>()->text();
  return equals(stored, key);
}

}  // namespace

SetObject::SetObject() : Object(ObjKind::kSet, builtin_types().set), table_(kMinSize) {}

SetObject::~SetObject() { clear(); }

void SetObject::clear_refs() { clear(); }

// Mirrors set_clear_internal: back to the minimum table.
void SetObject::clear() {
  std::vector<Value> dropped;
  dropped.reserve(used_);
  for (Entry& e : table_)
    if (!e.key.is_null()) dropped.push_back(std::move(e.key));
  table_.assign(kMinSize, Entry{});
  fill_ = used_ = 0;
}

// Mirrors set_add_entry (3.11).
void SetObject::add_entry(Value key, int64_t hash) {
  size_t mask = table_.size() - 1;
  size_t i = size_t(hash) & mask;
  uint64_t perturb = uint64_t(hash);
  Entry* freeslot = nullptr;
  Entry* entry = nullptr;
  for (;;) {
    entry = &table_[i];
    size_t probes = (i + kLinearProbes <= mask) ? kLinearProbes : 0;
    for (;;) {
      if (entry->hash == 0 && entry->key.is_null() && !entry->dummy) goto found_unused_or_dummy;
      if (entry->hash == hash && !entry->dummy) {
        if (keys_equal(entry->key, key)) return;  // found_active: keep the stored key
      } else if (entry->dummy) {
        freeslot = entry;
      }
      if (probes-- == 0) break;
      ++entry;
    }
    perturb >>= kPerturbShift;
    i = (i * 5 + 1 + perturb) & mask;
  }
found_unused_or_dummy:
  if (freeslot) {
    ++used_;
    freeslot->key = std::move(key);
    freeslot->hash = hash;
    freeslot->dummy = false;
    return;
  }
  ++fill_;
  ++used_;
  entry->key = std::move(key);
  entry->hash = hash;
  if (fill_ * 5 < mask * 3) return;
  resize(used_ > 50000 ? used_ * 2 : used_ * 4);
}

// Mirrors set_insert_clean: the key is known to be absent and the table has
// no dummies.
void SetObject::insert_clean(std::vector<Entry>& table, size_t mask, Value key, int64_t hash) {
  uint64_t perturb = uint64_t(hash);
  size_t i = size_t(hash) & mask;
  for (;;) {
    Entry* entry = &table[i];
    if (entry->key.is_null()) {
      entry->key = std::move(key);
      entry->hash = hash;
      return;
    }
    if (i + kLinearProbes <= mask) {
      for (size_t j = 0; j < kLinearProbes; ++j) {
        ++entry;
        if (entry->key.is_null()) {
          entry->key = std::move(key);
          entry->hash = hash;
          return;
        }
      }
    }
    perturb >>= kPerturbShift;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

// Mirrors set_table_resize: the smallest power of two > minused; dummies go.
void SetObject::resize(size_t minused) {
  size_t newsize = kMinSize;
  while (newsize <= minused) newsize <<= 1;
  if (newsize == table_.size() && fill_ == used_) return;  // no dummies, nothing to do
  std::vector<Entry> old = std::move(table_);
  table_.assign(newsize, Entry{});
  fill_ = used_;
  for (Entry& e : old)
    if (!e.key.is_null()) insert_clean(table_, newsize - 1, std::move(e.key), e.hash);
}

// Mirrors set_lookkey + set_contains_entry.
bool SetObject::contains(const Value& key) const {
  int64_t hash = py_hash(key);
  size_t mask = table_.size() - 1;
  size_t i = size_t(hash) & mask;
  uint64_t perturb = uint64_t(hash);
  for (;;) {
    const Entry* entry = &table_[i];
    size_t probes = (i + kLinearProbes <= mask) ? kLinearProbes : 0;
    for (;;) {
      if (entry->key.is_null() && !entry->dummy) return false;
      if (entry->hash == hash && !entry->dummy && keys_equal(entry->key, key)) return true;
      if (probes-- == 0) break;
      ++entry;
    }
    perturb >>= kPerturbShift;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

void SetObject::add(const Value& key) { add_entry(key, py_hash(key)); }

// Mirrors set_discard_entry: the slot becomes a dummy (hash -1).
bool SetObject::discard(const Value& key) {
  int64_t hash = py_hash(key);
  size_t mask = table_.size() - 1;
  size_t i = size_t(hash) & mask;
  uint64_t perturb = uint64_t(hash);
  for (;;) {
    Entry* entry = &table_[i];
    size_t probes = (i + kLinearProbes <= mask) ? kLinearProbes : 0;
    for (;;) {
      if (entry->key.is_null() && !entry->dummy) return false;
      if (entry->hash == hash && !entry->dummy && keys_equal(entry->key, key)) {
        Value old = std::move(entry->key);
        entry->key = Value();
        entry->hash = -1;
        entry->dummy = true;
        --used_;
        return true;
      }
      if (probes-- == 0) break;
      ++entry;
    }
    perturb >>= kPerturbShift;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

// Mirrors set_pop.
Value SetObject::pop() {
  if (used_ == 0) return Value();
  size_t mask = table_.size() - 1;
  size_t i = finger_ & mask;
  while (table_[i].key.is_null()) i = (i + 1) & mask;  // (i > limit wraps to 0)
  Value key = std::move(table_[i].key);
  table_[i].key = Value();
  table_[i].hash = -1;
  table_[i].dummy = true;
  --used_;
  finger_ = i + 1;
  return key;
}

// Mirrors set_merge.
void SetObject::merge(const SetObject& other) {
  if (&other == this || other.used_ == 0) return;
  if ((fill_ + other.used_) * 5 >= (table_.size() - 1) * 3) resize((used_ + other.used_) * 2);
  if (fill_ == 0 && table_.size() == other.table_.size() && other.fill_ == other.used_) {
    for (size_t i = 0; i < table_.size(); ++i) {
      if (other.table_[i].key.is_null()) continue;
      table_[i].key = other.table_[i].key;
      table_[i].hash = other.table_[i].hash;
    }
    fill_ = other.fill_;
    used_ = other.used_;
    return;
  }
  if (fill_ == 0) {
    fill_ = used_ = other.used_;
    for (const Entry& e : other.table_)
      if (!e.key.is_null()) insert_clean(table_, table_.size() - 1, e.key, e.hash);
    return;
  }
  for (size_t i = 0; i < other.table_.size(); ++i) {
    const Entry& e = other.table_[i];
    if (!e.key.is_null()) add_entry(e.key, e.hash);
  }
}

// Mirrors set_update_internal.
void SetObject::update(const Value& iterable) {
  if (iterable.is(ObjKind::kSet)) {
    merge(*iterable.as<SetObject>());
    return;
  }
  if (iterable.is(ObjKind::kDict)) {
    const DictObject& d = *iterable.as<DictObject>();
    if ((fill_ + d.size()) * 5 >= (table_.size() - 1) * 3) resize((used_ + d.size()) * 2);
    Value k, v;
    for (size_t i = 0; i < d.entry_end(); ++i)
      if (d.entry_at(i, k, v)) add_entry(k, py_hash(k));
    return;
  }
  Value it = get_iter(iterable);
  Value item;
  while (iter_next(it, item)) add(item);
}

bool SetObject::slot_at(size_t i, Value& key) const {
  if (table_[i].key.is_null()) return false;
  key = table_[i].key;
  return true;
}

std::vector<Value> SetObject::items() const {
  std::vector<Value> out;
  out.reserve(used_);
  for (const Entry& e : table_)
    if (!e.key.is_null()) out.push_back(e.key);
  return out;
}

Ref<SetObject> new_set() { return make<SetObject>(); }

Ref<SetObject> frozenset_constant(std::span<const Value> items) {
  Ref<SetObject> first = new_set();
  for (const Value& v : items) first->add(v);
  Ref<SetObject> rebuilt = new_set();
  for (const Value& v : first->items()) rebuilt->add(v);
  return rebuilt;
}

// The operators below mirror set_or, set_intersection, set_difference and
// set_symmetric_difference of Objects/setobject.c (3.11) for two sets.

// Helper so the free functions can reach the private table (friend).
class SetAccess {
 public:
  static const std::vector<SetObject::Entry>& table(const SetObject& s) { return s.table_; }
  static void add_entry(SetObject& s, const Value& key, int64_t hash) { s.add_entry(key, hash); }
};

namespace {

Ref<SetObject> set_copy(const SetObject& s) {
  Ref<SetObject> r = new_set();
  r->update(Value(const_cast<SetObject*>(&s)));
  return r;
}

}  // namespace

Ref<SetObject> set_union(const SetObject& a, const SetObject& b) {
  Ref<SetObject> r = set_copy(a);
  if (&a != &b) r->update(Value(const_cast<SetObject*>(&b)));
  return r;
}

Ref<SetObject> set_intersection(const SetObject& a_in, const SetObject& b_in) {
  if (&a_in == &b_in) return set_copy(a_in);
  const SetObject* so = &a_in;
  const SetObject* other = &b_in;
  if (other->size() > so->size()) std::swap(so, other);
  Ref<SetObject> r = new_set();
  for (const auto& e : SetAccess::table(*other))
    if (!e.key.is_null() && so->contains(e.key)) SetAccess::add_entry(*r, e.key, e.hash);
  return r;
}

Ref<SetObject> set_difference(const SetObject& a, const SetObject& b) {
  if ((a.size() >> 2) > b.size()) {  // set_copy_and_difference
    Ref<SetObject> r = set_copy(a);
    if (&a == &b) {
      r->clear();
      return r;
    }
    if ((b.size() >> 3) > r->size()) {
      Ref<SetObject> common = set_intersection(*r, b);
      r->difference_update(*common);
    } else {
      r->difference_update(b);
    }
    return r;
  }
  Ref<SetObject> r = new_set();
  for (const auto& e : SetAccess::table(a))
    if (!e.key.is_null() && !b.contains(e.key)) SetAccess::add_entry(*r, e.key, e.hash);
  return r;
}

Ref<SetObject> set_symmetric_difference(const SetObject& a, const SetObject& b) {
  // set_symmetric_difference copies the *other* operand, then runs
  // set_symmetric_difference_update(copy, a).
  Ref<SetObject> r = set_copy(b);
  if (&a == &b) {
    r->clear();
    return r;
  }
  r->symmetric_difference_update(a);
  return r;
}

void SetObject::difference_update(const SetObject& other) {
  if (&other == this) return clear();
  for (const Entry& e : other.table_)
    if (!e.key.is_null()) discard(e.key);
  // "If more than 1/4th are dummies, then resize them away."
  if (fill_ - used_ <= (table_.size() - 1) / 4) return;
  resize(used_ > 50000 ? used_ * 2 : used_ * 4);
}

void SetObject::symmetric_difference_update(const SetObject& other) {
  if (&other == this) return clear();
  for (const Entry& e : other.table_) {
    if (e.key.is_null()) continue;
    if (!discard(e.key)) add_entry(e.key, e.hash);
  }
}

void SetObject::intersection_update(const SetObject& other) {
  Ref<SetObject> r = set_intersection(*this, other);
  std::swap(table_, r->table_);
  std::swap(fill_, r->fill_);
  std::swap(used_, r->used_);
}

bool set_is_subset(const SetObject& a, const SetObject& b) {
  if (a.size() > b.size()) return false;
  for (const auto& e : SetAccess::table(a))
    if (!e.key.is_null() && !b.contains(e.key)) return false;
  return true;
}

}  // namespace corosim
