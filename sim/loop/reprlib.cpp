#include "sim/loop/reprlib.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "sim/runtime/dict_object.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/list_object.h"
#include "sim/runtime/operators.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/set_object.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/tuple_object.h"
#include "sim/runtime/type_object.h"

namespace corosim {
namespace {

// Lib/reprlib.py Repr.__init__ defaults (3.11).
constexpr int kMaxLevel = 6;
constexpr size_t kMaxTuple = 6;
constexpr size_t kMaxList = 6;
constexpr size_t kMaxSet = 6;
constexpr size_t kMaxDict = 4;
constexpr int64_t kMaxString = 30;
constexpr size_t kMaxLong = 40;
constexpr size_t kMaxOther = 30;
constexpr std::string_view kFill = "...";

std::string repr1(const Value& x, int level);

// s[:i] + '...' + s[len(s)-j:], with i, j as reprlib computes them from
// `limit`; `s` is ASCII-safe here only in length terms (byte slicing of a
// repr that may hold non-ASCII is refined by the caller for str).
std::string cut_middle(const std::string& s, size_t limit) {
  if (s.size() <= limit) return s;
  size_t i = (limit - 3) / 2;
  size_t j = limit - 3 - i;
  return s.substr(0, i) + std::string(kFill) + s.substr(s.size() - j);
}

// Code points [from, to) of a str object, as UTF-8.
std::string code_points(const StrObject& s, int64_t from, int64_t to) {
  return s.text().substr(s.byte_offset(from), s.byte_offset(to) - s.byte_offset(from));
}

// Mirrors Repr.repr_str: the repr of the first maxstring characters, else
// the head and tail of the repr of a shortened string.
std::string repr_str(const StrObject& x) {
  int64_t n = x.length();
  std::string s = str_repr(code_points(x, 0, std::min(n, kMaxString)));
  if (static_cast<int64_t>(s.size()) <= kMaxString) return s;
  int64_t i = (kMaxString - 3) / 2;
  int64_t j = kMaxString - 3 - i;
  std::string shortened = code_points(x, 0, std::min(i, n)) + code_points(x, std::max<int64_t>(0, n - j), n);
  s = str_repr(shortened);
  return s.substr(0, static_cast<size_t>(i)) + std::string(kFill) +
         s.substr(s.size() - static_cast<size_t>(j));
}

// Mirrors reprlib._possibly_sorted: sorted(x) if the items are orderable.
std::vector<Value> possibly_sorted(std::vector<Value> items) {
  std::vector<Value> sorted = items;
  try {
    std::stable_sort(sorted.begin(), sorted.end(), [](const Value& a, const Value& b) {
      return compare_bool(CompareOp::kLt, a, b);
    });
  } catch (PyException&) {
    return items;
  }
  return sorted;
}

// Mirrors Repr._repr_iterable.
std::string repr_iterable(const std::vector<Value>& x, int level, const char* left,
                          std::string right, size_t maxiter, const char* trail = "") {
  std::string s;
  if (level <= 0 && !x.empty()) {
    s = kFill;
  } else {
    for (size_t k = 0; k < x.size() && k < maxiter; ++k)
      s += (k ? ", " : "") + repr1(x[k], level - 1);
    if (x.size() > maxiter) s += ", " + std::string(kFill);
    if (x.size() == 1) right = trail + right;
  }
  return left + s + right;
}

// Mirrors Repr.repr_dict.
std::string repr_dict(const DictObject& d, int level) {
  std::vector<Value> keys = d.keys();
  if (keys.empty()) return "{}";
  if (level <= 0) return "{" + std::string(kFill) + "}";
  keys = possibly_sorted(std::move(keys));
  std::string s;
  for (size_t k = 0; k < keys.size() && k < kMaxDict; ++k)
    s += (k ? ", " : "") + repr1(keys[k], level - 1) + ": " + repr1(d.get(keys[k]), level - 1);
  if (keys.size() > kMaxDict) s += ", " + std::string(kFill);
  return "{" + s + "}";
}

// Mirrors Repr.repr1: dispatch on the exact type name (bool, None, float,
// exceptions, ... fall back to repr_instance).
std::string repr1(const Value& x, int level) {
  if (x.is_int()) return cut_middle(repr(x), kMaxLong);  // repr_int
  if (x.is(ObjKind::kStr) && x.obj()->type()->name() == "str") return repr_str(*x.as<StrObject>());
  if (x.is(ObjKind::kList) && x.obj()->type()->name() == "list")
    return repr_iterable(x.as<ListObject>()->items, level, "[", "]", kMaxList);
  if (x.is(ObjKind::kTuple) && x.obj()->type()->name() == "tuple")
    return repr_iterable(x.as<TupleObject>()->items, level, "(", ")", kMaxTuple, ",");
  if (x.is(ObjKind::kDict) && x.obj()->type()->name() == "dict")
    return repr_dict(*x.as<DictObject>(), level);
  if (x.is(ObjKind::kSet) && x.obj()->type()->name() == "set") {
    std::vector<Value> items = x.as<SetObject>()->items();
    if (items.empty()) return "set()";
    return repr_iterable(possibly_sorted(std::move(items)), level, "{", "}", kMaxSet);
  }
  return cut_middle(repr(x), kMaxOther);  // repr_instance
}

}  // namespace

std::string reprlib_repr(const Value& v) { return repr1(v, kMaxLevel); }

}  // namespace corosim
