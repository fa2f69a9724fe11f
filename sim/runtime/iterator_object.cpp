#include "sim/runtime/iterator_object.h"

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/dict_object.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/list_object.h"
#include "sim/runtime/range_object.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/set_object.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/tuple_object.h"

namespace corosim {

IteratorObject::IteratorObject(TypeObject* type) : Object(ObjKind::kIterator, type) {}

NativeIterator::NativeIterator(TypeObject* type, Next next)
    : IteratorObject(type), next_(std::move(next)) {}

bool NativeIterator::next(Value& out) {
  if (done_) return false;
  // map(f, map(f, ...)) a million deep recurses here once per level; CPython
  // 3.11 crashes on it, 3.12 raises RecursionError, as this does.
  RecursionGuard guard("");
  if (next_(out)) return true;
  done_ = true;
  next_ = nullptr;  // release what the callable holds
  return false;
}

void NativeIterator::clear_refs() {
  done_ = true;
  next_ = nullptr;
}

Ref<NativeIterator> new_native_iterator(TypeObject* type, NativeIterator::Next next) {
  return make<NativeIterator>(type, std::move(next));
}

namespace {

// list_iterator / tuple_iterator: re-reads the live sequence each step, as
// CPython does, so appending while iterating a list sees the new items.
class SeqIterator : public IteratorObject {
 public:
  SeqIterator(TypeObject* type, Value seq, const std::vector<Value>* items)
      : IteratorObject(type), seq_(std::move(seq)), items_(items) {}
  bool next(Value& out) override {
    if (!items_ || index_ >= items_->size()) {
      release();
      return false;
    }
    out = (*items_)[index_++];
    return true;
  }
  int64_t length_hint() const override {
    return items_ ? int64_t(items_->size() - std::min(index_, items_->size())) : 0;
  }
  void clear_refs() override { release(); }

 private:
  void release() {
    items_ = nullptr;
    seq_ = Value();
  }
  Value seq_;
  const std::vector<Value>* items_;  // points into seq_'s object
  size_t index_ = 0;
};

class ListReverseIterator : public IteratorObject {
 public:
  explicit ListReverseIterator(Ref<ListObject> list)
      : IteratorObject(builtin_types().list_reverseiterator),
        list_(std::move(list)),
        index_(int64_t(list_->items.size()) - 1) {}
  bool next(Value& out) override {
    if (!list_ || index_ < 0 || index_ >= int64_t(list_->items.size())) {
      list_ = Ref<ListObject>();
      return false;
    }
    out = list_->items[size_t(index_--)];
    return true;
  }
  void clear_refs() override { list_ = Ref<ListObject>(); }

 private:
  Ref<ListObject> list_;
  int64_t index_;
};

class StrIterator : public IteratorObject {
 public:
  explicit StrIterator(Ref<StrObject> s)
      : IteratorObject(s->is_ascii() ? builtin_types().str_ascii_iterator
                                     : builtin_types().str_iterator),
        str_(std::move(s)) {}
  bool next(Value& out) override {
    if (!str_ || pos_ >= str_->text().size()) {
      str_ = Ref<StrObject>();
      return false;
    }
    size_t start = pos_;
    decode_utf8(str_->view(), pos_);
    std::string_view ch = str_->view().substr(start, pos_ - start);
    out = ch.size() == 1 ? Value(intern(ch)) : new_str(std::string(ch));
    return true;
  }
  void clear_refs() override { str_ = Ref<StrObject>(); }

 private:
  Ref<StrObject> str_;
  size_t pos_ = 0;
};

class RangeIterator : public IteratorObject {
 public:
  RangeIterator(int64_t start, int64_t step, int64_t count)
      : IteratorObject(builtin_types().range_iterator), next_(start), step_(step), left_(count) {}
  bool next(Value& out) override {
    if (left_ <= 0) return false;
    out = Value::from_int(next_);
    if (--left_ > 0) next_ += step_;  // never steps past the last value (no overflow)
    return true;
  }
  int64_t length_hint() const override { return left_; }

 private:
  int64_t next_, step_, left_;
};

class DictIterator : public IteratorObject {
 public:
  DictIterator(Ref<DictObject> d, DictViewObject::Which which)
      : IteratorObject(type_for(which)), dict_(std::move(d)), which_(which), size_(dict_->size()) {}
  bool next(Value& out) override {
    if (!dict_) return false;
    if (dict_->size() != size_) {
      size_ = size_t(-1);  // sticky, as CPython's di_used = -1
      raise_error(exception_types().runtime_error, "dictionary changed size during iteration");
    }
    Value k, v;
    while (pos_ < dict_->entry_end()) {
      if (!dict_->entry_at(pos_++, k, v)) continue;
      switch (which_) {
        case DictViewObject::Which::kKeys:
          out = k;
          break;
        case DictViewObject::Which::kValues:
          out = v;
          break;
        case DictViewObject::Which::kItems:
          out = new_tuple({k, v});
          break;
      }
      return true;
    }
    dict_ = Ref<DictObject>();
    return false;
  }
  void clear_refs() override { dict_ = Ref<DictObject>(); }

 private:
  static TypeObject* type_for(DictViewObject::Which which) {
    const BuiltinTypes& b = builtin_types();
    switch (which) {
      case DictViewObject::Which::kKeys:
        return b.dict_keyiterator;
      case DictViewObject::Which::kValues:
        return b.dict_valueiterator;
      case DictViewObject::Which::kItems:
        return b.dict_itemiterator;
    }
    return b.dict_keyiterator;
  }
  Ref<DictObject> dict_;
  DictViewObject::Which which_;
  size_t size_;
  size_t pos_ = 0;
};

class SetIterator : public IteratorObject {
 public:
  explicit SetIterator(Ref<SetObject> s)
      : IteratorObject(builtin_types().set_iterator), set_(std::move(s)), size_(set_->size()) {}
  bool next(Value& out) override {
    if (!set_) return false;
    if (set_->size() != size_) {
      size_ = size_t(-1);
      raise_error(exception_types().runtime_error, "Set changed size during iteration");
    }
    while (pos_ < set_->slot_end())
      if (set_->slot_at(pos_++, out)) return true;
    set_ = Ref<SetObject>();
    return false;
  }
  void clear_refs() override { set_ = Ref<SetObject>(); }

 private:
  Ref<SetObject> set_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace

Value builtin_iter(const Value& v) {
  if (!v.is_object()) return Value();
  const BuiltinTypes& b = builtin_types();
  switch (v.obj()->kind()) {
    case ObjKind::kList:
      return Value(new SeqIterator(b.list_iterator, v, &v.as<ListObject>()->items));
    case ObjKind::kTuple:
      return Value(new SeqIterator(b.tuple_iterator, v, &v.as<TupleObject>()->items));
    case ObjKind::kStr:
      return Value(new StrIterator(Ref<StrObject>(v.as<StrObject>())));
    case ObjKind::kRange: {
      auto* r = v.as<RangeObject>();
      return Value(new RangeIterator(r->start(), r->step(), r->length()));
    }
    case ObjKind::kDict:
      return Value(
          new DictIterator(Ref<DictObject>(v.as<DictObject>()), DictViewObject::Which::kKeys));
    case ObjKind::kDictView: {
      auto* view = v.as<DictViewObject>();
      return Value(new DictIterator(view->dict, view->which));
    }
    case ObjKind::kSet:
      return Value(new SetIterator(Ref<SetObject>(v.as<SetObject>())));
    case ObjKind::kIterator:
      return v;
    default:
      return Value();
  }
}

Value new_list_reverse_iterator(const Value& list) {
  return Value(new ListReverseIterator(Ref<ListObject>(list.as<ListObject>())));
}

}  // namespace corosim
