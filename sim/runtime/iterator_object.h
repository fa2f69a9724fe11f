// Built-in iterators (ObjKind::kIterator): over lists, tuples, str, ranges,
// dicts and sets (get_iter creates them), plus NativeIterator for the lazy
// builtins (zip, map, filter, enumerate, reversed) that the library builds.
// next() returns false when exhausted instead of allocating StopIteration.
#pragma once

#include <functional>

#include "sim/runtime/object.h"

namespace corosim {

class IteratorObject : public Object {
 public:
  explicit IteratorObject(TypeObject* type);
  /// The next item into out; false once exhausted (and on every later call).
  /// May throw PyException (e.g. "dictionary changed size during iteration").
  virtual bool next(Value& out) = 0;
  /// A lower bound of the remaining items if known cheaply, else -1
  /// (lets list(x) reserve).
  virtual int64_t length_hint() const { return -1; }
};

/// An iterator driven by a C++ callable. The callable holds whatever state it
/// needs (Values it captures are released with the iterator and by
/// clear_refs). Pass the Python-visible type, e.g. builtin_types().zip.
class NativeIterator : public IteratorObject {
 public:
  using Next = std::function<bool(Value& out)>;
  NativeIterator(TypeObject* type, Next next);
  bool next(Value& out) override;
  void clear_refs() override;

 private:
  Next next_;
  bool done_ = false;
};

Ref<NativeIterator> new_native_iterator(TypeObject* type, NativeIterator::Next next);

/// iter(v) for the built-in iterables (list, tuple, str, range, dict, dict
/// views, set); a null Value for anything else. get_iter() calls it.
Value builtin_iter(const Value& v);
/// reversed(list): walks the live list backwards (list_reverseiterator).
Value new_list_reverse_iterator(const Value& list);

}  // namespace corosim
