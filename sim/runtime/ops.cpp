#include "sim/runtime/ops.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/call.h"
#include "sim/runtime/dict_object.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/iterator_object.h"
#include "sim/runtime/list_object.h"
#include "sim/runtime/number.h"
#include "sim/runtime/percent_format.h"
#include "sim/runtime/range_object.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/set_object.h"
#include "sim/runtime/slice_object.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/tuple_object.h"
#include "sim/runtime/user_class.h"

namespace corosim {
namespace {

// Sizes past these raise MemoryError instead of exhausting the machine.
constexpr int64_t kMaxItems = int64_t(1) << 26;
constexpr int64_t kMaxStrBytes = int64_t(1) << 30;

TypeObject* type_error() { return exception_types().type_error; }

bool is_number(const Value& v) { return v.is_int() || v.is_bool() || v.is_float(); }
double to_double(const Value& v) {
  if (v.is_float()) return v.as_float();
  return double(v.is_int() ? v.as_int() : int64_t(v.as_bool()));
}
int64_t to_int(const Value& v) { return v.is_int() ? v.as_int() : int64_t(v.as_bool()); }

const std::vector<Value>* sequence_items(const Value& v) {
  if (v.is(ObjKind::kList)) return &v.as<ListObject>()->items;
  if (v.is(ObjKind::kTuple)) return &v.as<TupleObject>()->items;
  return nullptr;
}

[[noreturn]] void unsupported_operands(BinaryOp op, const Value& a, const Value& b,
                                       bool inplace = false) {
  // CPython's binary ** names pow() too (ternary_op's "** or pow()"); "**=" does not.
  std::string symbol(binary_op_symbol(op));
  symbol += inplace ? "=" : op == BinaryOp::kPow ? " or pow()" : "";
  raise_error(type_error(), "unsupported operand type(s) for " + symbol + ": '" + type_name(a) +
                                "' and '" + type_name(b) + "'");
}

void check_size(int64_t n, int64_t limit) {
  if (n > limit)
    raise_error(exception_types().memory_error,
                "corosim limits a sequence to " + std::to_string(limit) + " items");
}

Value concat(const Value& a, const Value& b) {
  ObjKind k = a.obj()->kind();
  if (!b.is(k)) {
    const char* what = k == ObjKind::kStr ? "str" : k == ObjKind::kList ? "list" : "tuple";
    raise_error(type_error(), std::string("can only concatenate ") + what + " (not \"" +
                                  type_name(b) + "\") to " + what);
  }
  if (k == ObjKind::kStr) {
    const std::string& x = a.as<StrObject>()->text();
    const std::string& y = b.as<StrObject>()->text();
    check_size(int64_t(x.size() + y.size()), kMaxStrBytes);
    return new_str(x + y);
  }
  const auto& x = *sequence_items(a);
  const auto& y = *sequence_items(b);
  check_size(int64_t(x.size() + y.size()), kMaxItems);
  std::vector<Value> items;
  items.reserve(x.size() + y.size());
  items.insert(items.end(), x.begin(), x.end());
  items.insert(items.end(), y.begin(), y.end());
  if (k == ObjKind::kList) return Value(new_list(std::move(items)));
  return Value(new_tuple(std::move(items)));
}

Value repeat(const Value& seq, const Value& count) {
  int64_t n;
  if (!as_index(count, n))
    raise_error(type_error(),
                "can't multiply sequence by non-int of type '" + type_name(count) + "'");
  if (n < 0) n = 0;
  if (seq.is(ObjKind::kStr)) {
    const std::string& s = seq.as<StrObject>()->text();
    if (s.empty()) n = 0;  // '' * 10**18 is '' at once
    else check_size(n, kMaxStrBytes / int64_t(s.size()));
    std::string out;
    out.reserve(s.size() * size_t(n));
    for (int64_t i = 0; i < n; ++i) out += s;
    return new_str(std::move(out));
  }
  const auto& items = *sequence_items(seq);
  if (items.empty()) n = 0;  // [] * 10**18 is [] at once
  else check_size(n, kMaxItems / int64_t(items.size()));
  std::vector<Value> out;
  out.reserve(items.size() * size_t(n));
  for (int64_t i = 0; i < n; ++i) out.insert(out.end(), items.begin(), items.end());
  if (seq.is(ObjKind::kList)) return Value(new_list(std::move(out)));
  return Value(new_tuple(std::move(out)));
}

bool is_sequence(const Value& v) {
  return v.is(ObjKind::kStr) || v.is(ObjKind::kList) || v.is(ObjKind::kTuple);
}

Value set_op(BinaryOp op, const SetObject& a, const SetObject& b) {
  switch (op) {
    case BinaryOp::kOr:
      return Value(set_union(a, b));
    case BinaryOp::kAnd:
      return Value(set_intersection(a, b));
    case BinaryOp::kSub:
      return Value(set_difference(a, b));
    case BinaryOp::kXor:
      return Value(set_symmetric_difference(a, b));
    default:
      return Value();
  }
}

void dict_update(DictObject& d, const DictObject& other) {
  Value k, v;
  for (size_t i = 0; i < other.entry_end(); ++i)
    if (other.entry_at(i, k, v)) d.set(k, v);
}

Ref<DictObject> dict_copy(const DictObject& d) {
  Ref<DictObject> r = new_dict();
  dict_update(*r, d);
  return r;
}

// The non-numeric binary operators; null if the operands do not support op.
Value object_binary_op(BinaryOp op, const Value& a, const Value& b) {
  if (op == BinaryOp::kAdd && is_sequence(a)) return concat(a, b);
  if (op == BinaryOp::kMul) {
    if (is_sequence(a)) return repeat(a, b);  // raises "can't multiply ..." for a non-int
    if (is_sequence(b)) return repeat(b, a);
  }
  if (a.is(ObjKind::kSet) && b.is(ObjKind::kSet))
    return set_op(op, *a.as<SetObject>(), *b.as<SetObject>());
  if (op == BinaryOp::kOr && a.is(ObjKind::kDict) && b.is(ObjKind::kDict)) {
    Ref<DictObject> r = dict_copy(*a.as<DictObject>());
    dict_update(*r, *b.as<DictObject>());
    return Value(r);
  }
  if (op == BinaryOp::kMod && a.is(ObjKind::kStr))
    return new_str(percent_format(a.as<StrObject>()->view(), b));
  return Value();
}

bool tuple_or_list_equal(const std::vector<Value>& x, const std::vector<Value>& y) {
  if (x.size() != y.size()) return false;
  RecursionGuard guard(" in comparison");
  for (size_t i = 0; i < x.size(); ++i)
    if (!x[i].identical(y[i]) && !equals(x[i], y[i])) return false;
  return true;
}

bool dict_equal(const DictObject& x, const DictObject& y) {
  if (x.size() != y.size()) return false;
  RecursionGuard guard(" in comparison");
  Value k, v;
  for (size_t i = 0; i < x.entry_end(); ++i) {
    if (!x.entry_at(i, k, v)) continue;
    Value other = y.get(k);
    if (other.is_null() || !(other.identical(v) || equals(v, other))) return false;
  }
  return true;
}

bool range_equal(const RangeObject& x, const RangeObject& y) {
  // Mirrors range_equals: equal as sequences.
  if (x.exact_length() != y.exact_length()) return false;
  if (x.length() == 0) return true;
  if (x.start() != y.start()) return false;
  if (x.length() == 1) return true;
  return x.step() == y.step();
}

bool object_equals(const Value& a, const Value& b) {
  if (a.obj() == b.obj()) return true;
  ObjKind k = a.obj()->kind();
  if (b.obj()->kind() != k) return false;
  switch (k) {
    case ObjKind::kStr:
      return a.as<StrObject>()->text() == b.as<StrObject>()->text();
    case ObjKind::kList:
    case ObjKind::kTuple:
      return tuple_or_list_equal(*sequence_items(a), *sequence_items(b));
    case ObjKind::kDict:
      return dict_equal(*a.as<DictObject>(), *b.as<DictObject>());
    case ObjKind::kSet: {
      const auto& x = *a.as<SetObject>();
      const auto& y = *b.as<SetObject>();
      return x.size() == y.size() && set_is_subset(x, y);
    }
    case ObjKind::kRange:
      return range_equal(*a.as<RangeObject>(), *b.as<RangeObject>());
    case ObjKind::kSlice: {
      const auto& x = *a.as<SliceObject>();
      const auto& y = *b.as<SliceObject>();
      return equals(x.start, y.start) && equals(x.stop, y.stop) && equals(x.step, y.step);
    }
    default:
      return false;
  }
}

bool numeric_compare(CompareOp op, const Value& a, const Value& b) {
  int c;  // -1, 0, 1; 2 = unordered (NaN)
  if (a.is_float() || b.is_float()) {
    if (a.is_float() && b.is_float()) {
      double x = a.as_float(), y = b.as_float();
      c = x < y ? -1 : x > y ? 1 : x == y ? 0 : 2;
    } else if (a.is_float()) {
      c = compare_int_float(to_int(b), a.as_float());
      if (c != 2) c = -c;
    } else {
      c = compare_int_float(to_int(a), b.as_float());
    }
  } else {
    int64_t x = to_int(a), y = to_int(b);
    c = x < y ? -1 : x > y ? 1 : 0;
  }
  if (c == 2) return op == CompareOp::kNe;
  switch (op) {
    case CompareOp::kLt:
      return c < 0;
    case CompareOp::kLe:
      return c <= 0;
    case CompareOp::kEq:
      return c == 0;
    case CompareOp::kNe:
      return c != 0;
    case CompareOp::kGt:
      return c > 0;
    case CompareOp::kGe:
      return c >= 0;
  }
  return false;
}

bool ordering_from(CompareOp op, int c) {
  switch (op) {
    case CompareOp::kLt:
      return c < 0;
    case CompareOp::kLe:
      return c <= 0;
    case CompareOp::kGt:
      return c > 0;
    case CompareOp::kGe:
      return c >= 0;
    case CompareOp::kEq:
      return c == 0;
    case CompareOp::kNe:
      return c != 0;
  }
  return false;
}

// Mirrors list_richcompare / tuplerichcompare: the first differing items
// decide; otherwise the lengths do.
bool sequence_compare(CompareOp op, const std::vector<Value>& x, const std::vector<Value>& y) {
  RecursionGuard guard(" in comparison");
  size_t i = 0;
  for (; i < x.size() && i < y.size(); ++i)
    if (!x[i].identical(y[i]) && !equals(x[i], y[i])) break;
  if (i >= x.size() || i >= y.size()) {
    int c = x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
    return ordering_from(op, c);
  }
  return compare_bool(op, x[i], y[i]);
}

bool set_compare(CompareOp op, const SetObject& x, const SetObject& y) {
  switch (op) {
    case CompareOp::kLe:
      return set_is_subset(x, y);
    case CompareOp::kGe:
      return set_is_subset(y, x);
    case CompareOp::kLt:
      return x.size() < y.size() && set_is_subset(x, y);
    case CompareOp::kGt:
      return x.size() > y.size() && set_is_subset(y, x);
    default:
      return false;
  }
}

// Mirrors Objects/tupleobject.c tuplehash (xxHash-based, 3.8+).
int64_t tuple_hash(const std::vector<Value>& items) {
  constexpr uint64_t kPrime1 = 11400714785074694791ull;
  constexpr uint64_t kPrime2 = 14029467366897019727ull;
  constexpr uint64_t kPrime5 = 2870177450012600261ull;
  RecursionGuard guard(" while calling a Python object");
  uint64_t acc = kPrime5;
  for (const Value& item : items) {
    auto lane = uint64_t(py_hash(item));
    acc += lane * kPrime2;
    acc = (acc << 31) | (acc >> 33);
    acc *= kPrime1;
  }
  acc += uint64_t(items.size()) ^ (kPrime5 ^ 3527539ull);
  if (acc == uint64_t(-1)) return 1546275796;
  return int64_t(acc);
}

[[noreturn]] void index_error(const char* what) {
  raise_error(exception_types().index_error, std::string(what) + " index out of range");
}

int64_t normalize_index(int64_t i, int64_t len, const char* what) {
  if (i < 0) i += len;
  if (i < 0 || i >= len) index_error(what);
  return i;
}

std::vector<Value> slice_items(const std::vector<Value>& items, const SliceObject& s) {
  SliceIndices ix = slice_indices(s, int64_t(items.size()));
  std::vector<Value> out;
  out.reserve(size_t(ix.count));
  for (int64_t i = 0, j = ix.start; i < ix.count; ++i, j += ix.step)
    out.push_back(items[size_t(j)]);
  return out;
}

Value str_item(const StrObject& s, const Value& key) {
  int64_t i;
  if (as_index(key, i)) {
    i = normalize_index(i, s.length(), "string");
    size_t start = s.byte_offset(i);
    size_t end = start;
    decode_utf8(s.view(), end);
    return new_str(std::string(s.view().substr(start, end - start)));
  }
  if (!key.is(ObjKind::kSlice))
    raise_error(type_error(), "string indices must be integers, not '" + type_name(key) + "'");
  SliceIndices ix = slice_indices(*key.as<SliceObject>(), s.length());
  if (s.is_ascii() && ix.step == 1)
    return new_str(s.text().substr(size_t(ix.start), size_t(ix.count)));
  std::vector<uint32_t> cps;
  cps.reserve(size_t(s.length()));
  for (size_t pos = 0; pos < s.text().size();) cps.push_back(decode_utf8(s.view(), pos));
  std::string out;
  for (int64_t k = 0, j = ix.start; k < ix.count; ++k, j += ix.step)
    append_utf8(out, cps[size_t(j)]);
  return new_str(std::move(out));
}

Value sequence_item(const Value& obj, const std::vector<Value>& items, const Value& key,
                    const char* what) {
  int64_t i;
  if (as_index(key, i)) return items[size_t(normalize_index(i, int64_t(items.size()), what))];
  if (!key.is(ObjKind::kSlice))
    raise_error(type_error(),
                std::string(what) + " indices must be integers or slices, not " + type_name(key));
  std::vector<Value> out = slice_items(items, *key.as<SliceObject>());
  if (obj.is(ObjKind::kList)) return Value(new_list(std::move(out)));
  return Value(new_tuple(std::move(out)));
}

Value range_item(const RangeObject& r, const Value& key) {
  int64_t i;
  if (as_index(key, i)) {
    if (i < 0) i += r.length();
    if (i < 0 || i >= r.length()) index_error("range object");
    return Value::from_int(r.at(i));
  }
  if (!key.is(ObjKind::kSlice))
    raise_error(type_error(), "range indices must be integers or slices, not " + type_name(key));
  SliceIndices ix = slice_indices(*key.as<SliceObject>(), r.length());
  int64_t start = r.start() + ix.start * r.step();
  int64_t step = r.step() * ix.step;
  return Value(new_range(start, start + ix.count * step, step));
}

void list_assign_slice(ListObject& list, const SliceObject& s, const Value& value) {
  std::vector<Value> repl;
  if (value.is(ObjKind::kList) || value.is(ObjKind::kTuple)) {
    repl = *sequence_items(value);
  } else {
    Value it;
    try {
      it = get_iter(value);
    } catch (const PyException&) {
      raise_error(type_error(), "can only assign an iterable");
    }
    Value item;
    while (iter_next(it, item)) repl.push_back(item);
  }
  auto& items = list.items;
  SliceIndices ix = slice_indices(s, int64_t(items.size()));
  if (ix.step == 1) {
    int64_t stop = std::max(ix.stop, ix.start);
    items.erase(items.begin() + ix.start, items.begin() + stop);
    items.insert(items.begin() + ix.start, repl.begin(), repl.end());
    return;
  }
  if (int64_t(repl.size()) != ix.count)
    raise_error(exception_types().value_error,
                "attempt to assign sequence of size " + std::to_string(repl.size()) +
                    " to extended slice of size " + std::to_string(ix.count));
  for (int64_t k = 0, j = ix.start; k < ix.count; ++k, j += ix.step)
    items[size_t(j)] = repl[size_t(k)];
}

void list_delete_slice(ListObject& list, const SliceObject& s) {
  auto& items = list.items;
  SliceIndices ix = slice_indices(s, int64_t(items.size()));
  if (ix.count == 0) return;
  if (ix.step < 0) {  // delete the same items walking forwards
    ix.start = ix.start + (ix.count - 1) * ix.step;
    ix.step = -ix.step;
  }
  std::vector<Value> kept;
  kept.reserve(items.size() - size_t(ix.count));
  int64_t next = ix.start, left = ix.count;
  for (int64_t i = 0; i < int64_t(items.size()); ++i) {
    if (left > 0 && i == next) {
      next += ix.step;
      --left;
      continue;
    }
    kept.push_back(std::move(items[size_t(i)]));
  }
  items = std::move(kept);
}

bool str_contains(const StrObject& s, const Value& item) {
  if (!item.is(ObjKind::kStr))
    raise_error(type_error(),
                "'in <string>' requires string as left operand, not " + type_name(item));
  return s.view().find(item.as<StrObject>()->view()) != std::string_view::npos;
}

bool range_contains(const RangeObject& r, const Value& item) {
  int64_t v;
  if (!as_index(item, v)) {  // 1.0 in range(3): compare one by one, as CPython
    for (int64_t i = 0; i < r.length(); ++i)
      if (equals(Value::from_int(r.at(i)), item)) return true;
    return false;
  }
  if (r.length() == 0) return false;
  if (r.step() > 0 ? (v < r.start() || v >= r.stop()) : (v > r.start() || v <= r.stop()))
    return false;
  uint64_t diff =
      r.step() > 0 ? uint64_t(v) - uint64_t(r.start()) : uint64_t(r.start()) - uint64_t(v);
  uint64_t step = r.step() > 0 ? uint64_t(r.step()) : 0 - uint64_t(r.step());
  return diff % step == 0;
}

bool iterate_contains(const Value& container, const Value& item) {
  Value it = get_iter(container);
  Value x;
  while (iter_next(it, x))
    if (x.identical(item) || equals(x, item)) return true;
  return false;
}

// Mirrors Objects/listobject.c list_inplace_repeat (3.11): `l *= n` mutates l.
void list_inplace_repeat(std::vector<Value>& items, int64_t n) {
  if (n <= 0 || items.empty()) {
    items.clear();
    return;
  }
  check_size(n, kMaxItems / int64_t(items.size()));
  std::vector<Value> copy = items;
  items.reserve(copy.size() * size_t(n));
  for (int64_t i = 1; i < n; ++i) items.insert(items.end(), copy.begin(), copy.end());
}

}  // namespace

void check_str_size(int64_t bytes) { check_size(bytes, kMaxStrBytes); }

Value binary_op(BinaryOp op, const Value& a, const Value& b) {
  if (a.is_int() && b.is_int()) {  // NOTE: the hot path, kept first
    Value r = int_binary_op(op, a.as_int(), b.as_int());
    if (!r.is_null()) return r;
    unsupported_operands(op, a, b);
  }
  if (is_number(a) && is_number(b)) {
    if (a.is_float() || b.is_float()) {
      Value r = float_binary_op(op, to_double(a), to_double(b));
      if (!r.is_null()) return r;
      unsupported_operands(op, a, b);
    }
    if (a.is_bool() && b.is_bool()) {  // True & False is a bool
      if (op == BinaryOp::kAnd) return Value::from_bool(a.as_bool() && b.as_bool());
      if (op == BinaryOp::kOr) return Value::from_bool(a.as_bool() || b.as_bool());
      if (op == BinaryOp::kXor) return Value::from_bool(a.as_bool() != b.as_bool());
    }
    Value r = int_binary_op(op, to_int(a), to_int(b));
    if (!r.is_null()) return r;
    unsupported_operands(op, a, b);
  }
  if (a.is_object() || b.is_object()) {
    Value r = object_binary_op(op, a, b);
    if (!r.is_null()) return r;
  }
  unsupported_operands(op, a, b);
}

Value inplace_op(BinaryOp op, const Value& a, const Value& b) {
  int64_t n;
  if (a.is(ObjKind::kList) && op == BinaryOp::kMul && as_index(b, n)) {
    list_inplace_repeat(a.as<ListObject>()->items, n);
    return a;
  }
  if (a.is(ObjKind::kList) && op == BinaryOp::kAdd) {
    auto& items = a.as<ListObject>()->items;
    if (b.obj() == a.obj()) {
      check_size(int64_t(2 * items.size()), kMaxItems);
      std::vector<Value> copy = items;
      items.insert(items.end(), copy.begin(), copy.end());
    } else {
      std::vector<Value> more = to_vector(b);
      check_size(int64_t(items.size() + more.size()), kMaxItems);
      items.insert(items.end(), more.begin(), more.end());
    }
    return a;
  }
  if (a.is(ObjKind::kSet) && b.is(ObjKind::kSet)) {
    auto& s = *a.as<SetObject>();
    const auto& o = *b.as<SetObject>();
    switch (op) {
      case BinaryOp::kOr:
        s.update(b);
        return a;
      case BinaryOp::kSub:
        s.difference_update(o);
        return a;
      case BinaryOp::kAnd:
        s.intersection_update(o);
        return a;
      case BinaryOp::kXor:
        s.symmetric_difference_update(o);
        return a;
      default:
        break;
    }
  }
  if (a.is(ObjKind::kDict) && op == BinaryOp::kOr && b.is(ObjKind::kDict)) {
    dict_update(*a.as<DictObject>(), *b.as<DictObject>());
    return a;
  }
  try {
    return binary_op(op, a, b);
  } catch (const PyException& e) {
    // CPython names the augmented operator ("+=") in the unsupported message.
    std::string prefix = "unsupported operand type(s) for ";
    const auto& exc = *e.exc.as<ExceptionObject>();
    if (exc.type() == type_error() && exc.args && exc.args->items.size() == 1 &&
        exc.args->items[0].is(ObjKind::kStr) &&
        exc.args->items[0].as<StrObject>()->view().starts_with(prefix))
      unsupported_operands(op, a, b, true);
    throw;
  }
}

Value unary_op(UnaryOp op, const Value& v) {
  if (op == UnaryOp::kNot) return Value::from_bool(!is_truthy(v));
  if (v.is_int() || v.is_bool()) {
    int64_t i = to_int(v);
    switch (op) {
      case UnaryOp::kNeg:
        if (i == std::numeric_limits<int64_t>::min()) raise_int_overflow();
        return Value::from_int(-i);
      case UnaryOp::kPos:
        return Value::from_int(i);
      case UnaryOp::kInvert:
        return Value::from_int(~i);
      case UnaryOp::kNot:
        break;
    }
  }
  if (v.is_float()) {
    if (op == UnaryOp::kNeg) return Value::from_float(-v.as_float());
    if (op == UnaryOp::kPos) return v;
  }
  raise_error(type_error(), "bad operand type for unary " + std::string(unary_op_symbol(op)) +
                                ": '" + type_name(v) + "'");
}

bool compare_bool(CompareOp op, const Value& a, const Value& b) {
  if (a.is_int() && b.is_int()) {  // NOTE: the hot path, kept first
    int64_t x = a.as_int(), y = b.as_int();
    return ordering_from(op, x < y ? -1 : x > y ? 1 : 0);
  }
  if (is_number(a) && is_number(b)) return numeric_compare(op, a, b);
  if (std::optional<Value> r = user_rich_compare(op, a, b)) return is_truthy(*r);
  if (op == CompareOp::kEq) return equals(a, b);
  if (op == CompareOp::kNe) return !equals(a, b);
  if (a.is(ObjKind::kStr) && b.is(ObjKind::kStr)) {
    int c = a.as<StrObject>()->view().compare(b.as<StrObject>()->view());
    return ordering_from(op, c);
  }
  if ((a.is(ObjKind::kList) && b.is(ObjKind::kList)) ||
      (a.is(ObjKind::kTuple) && b.is(ObjKind::kTuple)))
    return sequence_compare(op, *sequence_items(a), *sequence_items(b));
  if (a.is(ObjKind::kSet) && b.is(ObjKind::kSet))
    return set_compare(op, *a.as<SetObject>(), *b.as<SetObject>());
  raise_error(type_error(), "'" + std::string(compare_op_symbol(op)) +
                                "' not supported between instances of '" + type_name(a) +
                                "' and '" + type_name(b) + "'");
}

Value compare(CompareOp op, const Value& a, const Value& b) {
  if (std::optional<Value> r = user_rich_compare(op, a, b)) return *r;
  return Value::from_bool(compare_bool(op, a, b));
}

bool equals(const Value& a, const Value& b) {
  if (a.is_int() && b.is_int()) return a.as_int() == b.as_int();
  if (is_number(a) && is_number(b)) return numeric_compare(CompareOp::kEq, a, b);
  // PyObject_RichCompareBool: identity implies equality, before any __eq__.
  if (a.is_object() && b.is_object() && a.obj() == b.obj()) return true;
  if (std::optional<Value> r = user_rich_compare(CompareOp::kEq, a, b)) return is_truthy(*r);
  if (a.is_object() && b.is_object()) return object_equals(a, b);
  return a.is_none() && b.is_none();
}

bool is_truthy(const Value& v) {
  switch (v.tag()) {
    case Value::Tag::kNull:
    case Value::Tag::kNone:
      return false;
    case Value::Tag::kBool:
      return v.as_bool();
    case Value::Tag::kInt:
      return v.as_int() != 0;
    case Value::Tag::kFloat:
      return v.as_float() != 0.0;
    case Value::Tag::kObject:
      break;
  }
  switch (v.obj()->kind()) {
    case ObjKind::kStr:
      return v.as<StrObject>()->length() != 0;
    case ObjKind::kList:
    case ObjKind::kTuple:
    case ObjKind::kDict:
    case ObjKind::kSet:
    case ObjKind::kRange:
    case ObjKind::kDictView:
      return py_len(v) != 0;
    default:
      return true;
  }
}

int64_t py_hash(const Value& v) {
  switch (v.tag()) {
    case Value::Tag::kNull:
    case Value::Tag::kNone:
      return 0x5f3759df;  // CPython 3.11 hashes None by address
    case Value::Tag::kBool:
      return v.as_bool() ? 1 : 0;
    case Value::Tag::kInt:
      return hash_int(v.as_int());
    case Value::Tag::kFloat:
      return hash_float(v.as_float());
    case Value::Tag::kObject:
      break;
  }
  Object* o = v.obj();
  switch (o->kind()) {
    case ObjKind::kStr:
      return static_cast<StrObject*>(o)->hash();
    case ObjKind::kTuple:
      return tuple_hash(static_cast<TupleObject*>(o)->items);
    case ObjKind::kRange: {
      auto* r = static_cast<RangeObject*>(o);
      return tuple_hash(
          {Value::from_int(r->length()), Value::from_int(r->start()), Value::from_int(r->step())});
    }
    case ObjKind::kList:
    case ObjKind::kDict:
    case ObjKind::kSet:
    case ObjKind::kSlice:
    case ObjKind::kDictView:
      raise_error(type_error(), "unhashable type: '" + type_name(v) + "'");
    case ObjKind::kInstance:
      return instance_hash(v, identity_hash(o));
    default:
      if (HashSlot slot = inherited_slot(o->type(), &TypeObject::hash)) return slot(v);
      return identity_hash(o);
  }
}

int64_t identity_hash(const Object* o) { return int64_t(o->serial()) * 16 + 0x7f0000000; }

int64_t py_len(const Value& v) {
  if (v.is_object()) {
    Object* o = v.obj();
    switch (o->kind()) {
      case ObjKind::kStr:
        return static_cast<StrObject*>(o)->length();
      case ObjKind::kList:
        return int64_t(static_cast<ListObject*>(o)->items.size());
      case ObjKind::kTuple:
        return int64_t(static_cast<TupleObject*>(o)->items.size());
      case ObjKind::kDict:
        return int64_t(static_cast<DictObject*>(o)->size());
      case ObjKind::kSet:
        return int64_t(static_cast<SetObject*>(o)->size());
      case ObjKind::kRange: {
        auto* r = static_cast<RangeObject*>(o);
        if (r->exact_length() > uint64_t(INT64_MAX))  // CPython's range_length
          raise_error(exception_types().overflow_error, "Python int too large to convert to C ssize_t");
        return r->length();
      }
      case ObjKind::kDictView:
        return int64_t(static_cast<DictViewObject*>(o)->dict->size());
      default:
        break;
    }
  }
  raise_error(type_error(), "object of type '" + type_name(v) + "' has no len()");
}

bool contains(const Value& container, const Value& item) {
  if (container.is_object()) {
    Object* o = container.obj();
    switch (o->kind()) {
      case ObjKind::kList:
      case ObjKind::kTuple:
        for (const Value& x : *sequence_items(container))
          if (x.identical(item) || equals(x, item)) return true;
        return false;
      case ObjKind::kStr:
        return str_contains(*static_cast<StrObject*>(o), item);
      case ObjKind::kDict:
        return static_cast<DictObject*>(o)->contains(item);
      case ObjKind::kSet:
        return static_cast<SetObject*>(o)->contains(item);
      case ObjKind::kRange:
        return range_contains(*static_cast<RangeObject*>(o), item);
      case ObjKind::kDictView: {
        auto* view = static_cast<DictViewObject*>(o);
        if (view->which == DictViewObject::Which::kKeys) return view->dict->contains(item);
        if (view->which == DictViewObject::Which::kItems) {
          if (!item.is(ObjKind::kTuple) || item.as<TupleObject>()->items.size() != 2) return false;
          Value v = view->dict->get(item.as<TupleObject>()->items[0]);
          return !v.is_null() && equals(v, item.as<TupleObject>()->items[1]);
        }
        return iterate_contains(container, item);
      }
      case ObjKind::kIterator:
      case ObjKind::kGenerator:
        return iterate_contains(container, item);
      default:
        break;
    }
  }
  raise_error(type_error(), "argument of type '" + type_name(container) + "' is not iterable");
}

Value get_item(const Value& obj, const Value& key) {
  if (obj.is_object()) {
    Object* o = obj.obj();
    switch (o->kind()) {
      case ObjKind::kList:
        return sequence_item(obj, static_cast<ListObject*>(o)->items, key, "list");
      case ObjKind::kTuple:
        return sequence_item(obj, static_cast<TupleObject*>(o)->items, key, "tuple");
      case ObjKind::kStr:
        return str_item(*static_cast<StrObject*>(o), key);
      case ObjKind::kDict: {
        Value v = static_cast<DictObject*>(o)->get(key);
        if (v.is_null()) raise_exception(Value(new_exception(exception_types().key_error, {key})));
        return v;
      }
      case ObjKind::kRange:
        return range_item(*static_cast<RangeObject*>(o), key);
      default:
        break;
    }
  }
  if (obj.is(ObjKind::kType))
    raise_error(type_error(), "type '" + obj.as<TypeObject>()->name() + "' is not subscriptable");
  raise_error(type_error(), "'" + type_name(obj) + "' object is not subscriptable");
}

void set_item(const Value& obj, const Value& key, Value value) {
  if (obj.is(ObjKind::kList)) {
    auto& items = obj.as<ListObject>()->items;
    int64_t i;
    if (as_index(key, i)) {
      if (i < 0) i += int64_t(items.size());
      if (i < 0 || i >= int64_t(items.size())) index_error("list assignment");
      items[size_t(i)] = std::move(value);
      return;
    }
    if (key.is(ObjKind::kSlice))
      return list_assign_slice(*obj.as<ListObject>(), *key.as<SliceObject>(), value);
    raise_error(type_error(), "list indices must be integers or slices, not " + type_name(key));
  }
  if (obj.is(ObjKind::kDict)) return obj.as<DictObject>()->set(key, std::move(value));
  raise_error(type_error(), "'" + type_name(obj) + "' object does not support item assignment");
}

void del_item(const Value& obj, const Value& key) {
  if (obj.is(ObjKind::kList)) {
    auto& items = obj.as<ListObject>()->items;
    int64_t i;
    if (as_index(key, i)) {
      if (i < 0) i += int64_t(items.size());
      if (i < 0 || i >= int64_t(items.size())) index_error("list assignment");
      Value removed = std::move(items[size_t(i)]);
      items.erase(items.begin() + i);
      return;
    }
    if (key.is(ObjKind::kSlice))
      return list_delete_slice(*obj.as<ListObject>(), *key.as<SliceObject>());
    raise_error(type_error(), "list indices must be integers or slices, not " + type_name(key));
  }
  if (obj.is(ObjKind::kDict)) {
    if (obj.as<DictObject>()->pop(key).is_null())
      raise_exception(Value(new_exception(exception_types().key_error, {key})));
    return;
  }
  raise_error(type_error(), "'" + type_name(obj) + "' object doesn't support item deletion");
}

Value get_iter(const Value& v) {
  Value it = builtin_iter(v);
  if (!it.is_null()) return it;
  if (v.is(ObjKind::kGenerator)) return v;
  raise_error(type_error(), "'" + type_name(v) + "' object is not iterable");
}

bool iter_next(const Value& it, Value& out) {
  if (it.is(ObjKind::kIterator)) return it.as<IteratorObject>()->next(out);
  if (it.is(ObjKind::kGenerator)) return generator_next(it.obj(), out);
  raise_error(type_error(), "'" + type_name(it) + "' object is not an iterator");
}

std::vector<Value> to_vector(const Value& iterable) {
  if (const auto* items = sequence_items(iterable)) return *items;
  Value it = get_iter(iterable);
  std::vector<Value> out;
  if (it.is(ObjKind::kIterator)) {
    int64_t hint = it.as<IteratorObject>()->length_hint();
    if (hint > 0) out.reserve(size_t(std::min(hint, kMaxItems)));
  }
  Value item;
  while (iter_next(it, item)) {
    out.push_back(std::move(item));
    if (int64_t(out.size()) > kMaxItems) check_size(int64_t(out.size()), kMaxItems);
  }
  return out;
}

}  // namespace corosim
