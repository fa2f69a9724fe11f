#include "sim/vm/builtins.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <ostream>

#include "sim/runtime/attribute.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/super_object.h"
#include "sim/runtime/call.h"
#include "sim/runtime/dict_object.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/float_repr.h"
#include "sim/runtime/format_spec.h"
#include "sim/runtime/iterator_object.h"
#include "sim/runtime/list_object.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/range_object.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/run_context.h"
#include "sim/runtime/set_object.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/tuple_object.h"
#include "sim/runtime/unicode_case.h"
#include "sim/runtime/user_class.h"
#include "sim/vm/dict_methods.h"
#include "sim/vm/generator.h"
#include "sim/vm/list_methods.h"
#include "sim/vm/native_args.h"
#include "sim/vm/set_methods.h"
#include "sim/vm/str_methods.h"
#include "sim/vm/vm_types.h"

namespace corosim {

using namespace lib;  // this file's argument helpers (native_args.h)

namespace {

// 128-bit intermediates for the exact int64 results of pow(a, b, m),
// round(n, -k) and int('...') (a GCC/Clang extension).
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

using Args = std::span<const Value>;
using KwArgs = std::span<const KwArg>;

const ExceptionTypes& exc() { return exception_types(); }
const BuiltinTypes& types() { return builtin_types(); }

Value none() { return Value::none(); }
Value int_value(int64_t i) { return Value::from_int(i); }

// ---------------------------------------------------------------------------
// Sorting: CPython's list.sort (Objects/listobject.c), reduced to count_run +
// binary insertion sort per minrun chunk, then stable merges. Equal results for
// every consistent ordering; the first comparisons made (which decide the
// TypeError of a mixed list) are CPython's.

class Sorter {
 public:
  explicit Sorter(const std::vector<Value>& keys) : keys_(keys) {}

  void sort(std::vector<uint32_t>& perm) {
    size_t n = perm.size();
    if (n < 2) return;
    size_t minrun = compute_minrun(n);
    std::vector<std::pair<size_t, size_t>> runs;  // [lo, hi)
    for (size_t lo = 0; lo < n;) {
      bool descending = false;
      size_t run = count_run(perm, lo, n, descending);
      if (descending) std::reverse(perm.begin() + lo, perm.begin() + lo + run);
      if (run < minrun) {
        size_t force = std::min(minrun, n - lo);
        binary_sort(perm, lo, lo + force, lo + run);
        run = force;
      }
      runs.push_back({lo, lo + run});
      lo += run;
    }
    while (runs.size() > 1) {
      std::vector<std::pair<size_t, size_t>> merged;
      for (size_t i = 0; i + 1 < runs.size(); i += 2) {
        merge(perm, runs[i].first, runs[i].second, runs[i + 1].second);
        merged.push_back({runs[i].first, runs[i + 1].second});
      }
      if (runs.size() % 2) merged.push_back(runs.back());
      runs = std::move(merged);
    }
  }

 private:
  bool lt(uint32_t a, uint32_t b) const { return compare_bool(CompareOp::kLt, keys_[a], keys_[b]); }

  static size_t compute_minrun(size_t n) {
    size_t r = 0;
    while (n >= 64) {
      r |= n & 1;
      n >>= 1;
    }
    return n + r;
  }

  // Mirrors count_run: a non-descending run, or a strictly descending one.
  size_t count_run(const std::vector<uint32_t>& p, size_t lo, size_t hi, bool& descending) const {
    descending = false;
    if (lo + 1 == hi) return 1;
    size_t n = 2;
    if (lt(p[lo + 1], p[lo])) {
      descending = true;
      for (size_t i = lo + 2; i < hi && lt(p[i], p[i - 1]); ++i) ++n;
    } else {
      for (size_t i = lo + 2; i < hi && !lt(p[i], p[i - 1]); ++i) ++n;
    }
    return n;
  }

  // Mirrors binarysort: [lo, start) is sorted; insert the rest one by one.
  void binary_sort(std::vector<uint32_t>& p, size_t lo, size_t hi, size_t start) const {
    for (; start < hi; ++start) {
      uint32_t pivot = p[start];
      size_t l = lo, r = start;
      do {
        size_t mid = l + ((r - l) >> 1);
        if (lt(pivot, p[mid])) r = mid;
        else l = mid + 1;
      } while (l < r);
      std::move_backward(p.begin() + l, p.begin() + start, p.begin() + start + 1);
      p[l] = pivot;
    }
  }

  void merge(std::vector<uint32_t>& p, size_t lo, size_t mid, size_t hi) const {
    std::vector<uint32_t> left(p.begin() + lo, p.begin() + mid);
    size_t i = 0, j = mid, k = lo;
    while (i < left.size() && j < hi) {
      if (lt(p[j], left[i])) p[k++] = p[j++];
      else p[k++] = left[i++];
    }
    while (i < left.size()) p[k++] = left[i++];
  }

  const std::vector<Value>& keys_;
};

// ---------------------------------------------------------------------------
// print

Value builtin_print(const Value&, Args args, KwArgs kwargs) {
  expect_kwargs("print", kwargs, {"sep", "end", "file", "flush"});
  std::string sep = " ", end = "\n";
  auto text_option = [&](std::string_view name, std::string& out) {
    Value v = find_kwarg(kwargs, name);
    if (v.is_null() || v.is_none()) return;
    if (!is_str(v)) type_error(std::string(name) + " must be None or a string, not " + type_name(v));
    out = std::string(str_text(v));
  };
  text_option("sep", sep);
  text_option("end", end);
  Value file = find_kwarg(kwargs, "file");
  if (!file.is_null() && !file.is_none())
    type_error("corosim's print() writes only to stdout: pass no file= argument");
  std::string text;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) text += sep;
    text += str(args[i]);
  }
  text += end;
  RunContext& rc = run_context();
  if (rc.out) rc.out->write(text.data(), static_cast<std::streamsize>(text.size()));
  if (rc.trace) rc.trace->on_print(rc.clock, rc.current_task, text);
  return none();
}

// ---------------------------------------------------------------------------
// Small functions

Value builtin_len(const Value&, Args args, KwArgs kwargs) {
  expect_no_kwargs("len", kwargs);
  expect_one_arg("len", args);
  return int_value(py_len(args[0]));
}

Value builtin_repr(const Value&, Args args, KwArgs kwargs) {
  expect_no_kwargs("repr", kwargs);
  expect_one_arg("repr", args);
  return new_str(repr(args[0]));
}

Value builtin_abs(const Value&, Args args, KwArgs kwargs) {
  expect_no_kwargs("abs", kwargs);
  expect_one_arg("abs", args);
  const Value& v = args[0];
  if (v.is_bool()) return int_value(v.as_bool() ? 1 : 0);
  if (v.is_int()) {
    if (v.as_int() == INT64_MIN) raise_int_overflow();
    return int_value(v.as_int() < 0 ? -v.as_int() : v.as_int());
  }
  if (v.is_float()) return Value::from_float(std::fabs(v.as_float()));
  type_error("bad operand type for abs(): '" + type_name(v) + "'");
}

Value builtin_any(const Value&, Args args, KwArgs kwargs) {
  expect_no_kwargs("any", kwargs);
  expect_one_arg("any", args);
  Value it = get_iter(args[0]), item;
  while (iter_next(it, item))
    if (is_truthy(item)) return Value::from_bool(true);
  return Value::from_bool(false);
}

Value builtin_all(const Value&, Args args, KwArgs kwargs) {
  expect_no_kwargs("all", kwargs);
  expect_one_arg("all", args);
  Value it = get_iter(args[0]), item;
  while (iter_next(it, item))
    if (!is_truthy(item)) return Value::from_bool(false);
  return Value::from_bool(true);
}

Value builtin_hash(const Value&, Args args, KwArgs kwargs) {
  expect_no_kwargs("hash", kwargs);
  expect_one_arg("hash", args);
  return int_value(py_hash(args[0]));
}

// A stable fake address: objects use the address their repr shows; inline
// values get fixed fake addresses, so a program prints the same on every run.
Value builtin_id(const Value&, Args args, KwArgs kwargs) {
  expect_no_kwargs("id", kwargs);
  expect_one_arg("id", args);
  const Value& v = args[0];
  if (v.is_object()) return int_value(static_cast<int64_t>(std::strtoull(object_address(v.obj()).c_str(), nullptr, 16)));
  constexpr int64_t kBase = 0x7f0000000000;
  switch (v.tag()) {
    case Value::Tag::kNone: return int_value(kBase + 0x100);
    case Value::Tag::kBool: return int_value(kBase + 0x200 + (v.as_bool() ? 0x20 : 0));
    case Value::Tag::kInt: return int_value(kBase + 0x100000 + (v.as_int() & 0xffffff) * 32);
    default: return int_value(kBase + 0x4000000 + (py_hash(v) & 0xffffff) * 32);
  }
}

Value builtin_callable(const Value&, Args args, KwArgs kwargs) {
  expect_no_kwargs("callable", kwargs);
  expect_one_arg("callable", args);
  return Value::from_bool(is_callable(args[0]));
}

Value builtin_format(const Value&, Args args, KwArgs kwargs) {
  expect_no_kwargs("format", kwargs);
  expect_args("format", args, 1, 2);
  std::string_view spec;
  if (args.size() == 2) {
    if (!is_str(args[1])) type_error("format() argument 2 must be str, not " + type_name(args[1]));
    spec = str_text(args[1]);
  }
  return new_str(format_value(args[0], spec));
}

Value builtin_ord(const Value&, Args args, KwArgs kwargs) {
  expect_no_kwargs("ord", kwargs);
  expect_one_arg("ord", args);
  if (!is_str(args[0]))
    type_error("ord() expected string of length 1, but " + type_name(args[0]) + " found");
  const StrObject* s = args[0].as<StrObject>();
  if (s->length() != 1) {
    type_error("ord() expected a character, but string of length " + std::to_string(s->length()) +
               " found");
  }
  return int_value(s->code_point(0));
}

Value builtin_chr(const Value&, Args args, KwArgs kwargs) {
  expect_no_kwargs("chr", kwargs);
  expect_one_arg("chr", args);
  int64_t cp = index_arg(args[0]);
  if (cp < 0 || cp > 0x10FFFF) value_error("chr() arg not in range(0x110000)");
  std::string text;
  append_utf8(text, static_cast<uint32_t>(cp));
  return new_str(std::move(text));
}

// ---------------------------------------------------------------------------
// Numbers

Value builtin_divmod(const Value&, Args args, KwArgs kwargs) {
  expect_no_kwargs("divmod", kwargs);
  expect_args("divmod", args, 2, 2);
  const Value &a = args[0], &b = args[1];
  int64_t x = 0, y = 0;
  if (as_index(a, x) && as_index(b, y)) {
    if (y == 0) raise_error(exc().zero_division_error, "integer division or modulo by zero");
    if (x == INT64_MIN && y == -1) raise_int_overflow();
    int64_t q = x / y, r = x % y;
    if (r != 0 && ((r < 0) != (y < 0))) {
      r += y;
      --q;
    }
    return new_tuple({int_value(q), int_value(r)});
  }
  auto as_double = [](const Value& v, double& out) {
    int64_t i = 0;
    if (v.is_float()) out = v.as_float();
    else if (as_index(v, i)) out = static_cast<double>(i);
    else return false;
    return true;
  };
  double vx = 0, wx = 0;
  if (!as_double(a, vx) || !as_double(b, wx)) {
    type_error("unsupported operand type(s) for divmod(): '" + type_name(a) + "' and '" +
               type_name(b) + "'");
  }
  // Mirrors Objects/floatobject.c float_divmod.
  if (wx == 0.0) raise_error(exc().zero_division_error, "float divmod()");
  double mod = std::fmod(vx, wx);
  double div = (vx - mod) / wx;
  if (mod != 0.0) {
    if ((wx < 0) != (mod < 0)) {
      mod += wx;
      div -= 1.0;
    }
  } else {
    mod = std::copysign(0.0, wx);
  }
  double floordiv;
  if (div != 0.0) {
    floordiv = std::floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else {
    floordiv = std::copysign(0.0, vx / wx);
  }
  return new_tuple({Value::from_float(floordiv), Value::from_float(mod)});
}

// base ** exp % mod for ints, Python's sign convention (the result has the
// sign of mod).
Value int_pow_mod(int64_t base, int64_t exp, int64_t mod) {
  if (mod == 0) value_error("pow() 3rd argument cannot be 0");
  bool negative_output = mod < 0;
  Int128 m = mod < 0 ? -static_cast<Int128>(mod) : mod;
  Int128 b = base % m;
  if (b < 0) b += m;
  Int128 e = exp;
  if (e < 0) {
    // Modular inverse by the extended Euclidean algorithm.
    Int128 old_r = b, r = m, old_s = 1, s = 0;
    while (r != 0) {
      Int128 q = old_r / r;
      std::swap(old_r, r);
      r -= q * old_r;
      std::swap(old_s, s);
      s -= q * old_s;
    }
    if (old_r != 1) value_error("base is not invertible for the given modulus");
    b = old_s % m;
    if (b < 0) b += m;
    e = -e;
  }
  Int128 result = 1 % m;
  while (e > 0) {
    if (e & 1) result = result * b % m;
    b = b * b % m;
    e >>= 1;
  }
  if (negative_output && result != 0) result -= m;
  return int_value(static_cast<int64_t>(result));
}

Value builtin_pow(const Value&, Args args, KwArgs kwargs) {
  expect_kwargs("pow", kwargs, {"base", "exp", "mod"});
  Value base = args.size() > 0 ? args[0] : find_kwarg(kwargs, "base");
  Value exp = args.size() > 1 ? args[1] : find_kwarg(kwargs, "exp");
  Value mod = args.size() > 2 ? args[2] : find_kwarg(kwargs, "mod");
  if (args.size() > 3) type_error("pow() takes at most 3 arguments (" + std::to_string(args.size()) + " given)");
  if (base.is_null()) type_error("pow() missing required argument 'base' (pos 1)");
  if (exp.is_null()) type_error("pow() missing required argument 'exp' (pos 2)");
  if (mod.is_null() || mod.is_none()) return binary_op(BinaryOp::kPow, base, exp);
  int64_t b = 0, e = 0, m = 0;
  if (!as_index(base, b) || !as_index(exp, e) || !as_index(mod, m))
    type_error("pow() 3rd argument not allowed unless all arguments are integers");
  return int_pow_mod(b, e, m);
}

// Float to int64 with CPython's messages and corosim's 64-bit limit.
int64_t float_to_int(double d) {
  if (std::isinf(d)) raise_error(exc().overflow_error, "cannot convert float infinity to integer");
  if (std::isnan(d)) value_error("cannot convert float NaN to integer");
  if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) raise_int_overflow();
  return static_cast<int64_t>(d);
}

// Mirrors Objects/floatobject.c double_round: correctly rounded through the
// decimal digits, ties to even.
Value round_float(double x, int64_t ndigits) {
  constexpr int64_t kNdigitsMax = 323, kNdigitsMin = -308;
  if (!std::isfinite(x) || ndigits > kNdigitsMax) return Value::from_float(x);
  if (ndigits < kNdigitsMin) return Value::from_float(0.0 * x);
  double rounded = double_round(x, static_cast<int>(ndigits));
  if (std::isinf(rounded)) raise_error(exc().overflow_error, "rounded value too large to represent");
  return Value::from_float(rounded);
}

// round(int, ndigits) for ndigits < 0: half to even at 10**-ndigits.
Value round_int(int64_t v, int64_t ndigits) {
  if (ndigits >= 0) return int_value(v);
  if (ndigits < -19) return int_value(0);
  Int128 pow10 = 1;
  for (int64_t i = 0; i < -ndigits; ++i) pow10 *= 10;
  Int128 x = v;
  Int128 q = x / pow10, r = x % pow10;
  if (r < 0) {
    r += pow10;
    --q;
  }
  Int128 twice = 2 * r;
  if (twice > pow10 || (twice == pow10 && (q & 1))) ++q;
  Int128 result = q * pow10;
  if (result > INT64_MAX || result < INT64_MIN) raise_int_overflow();
  return int_value(static_cast<int64_t>(result));
}

Value builtin_round(const Value&, Args args, KwArgs kwargs) {
  expect_kwargs("round", kwargs, {"number", "ndigits"});
  Value number = args.size() > 0 ? args[0] : find_kwarg(kwargs, "number");
  Value ndigits = args.size() > 1 ? args[1] : find_kwarg(kwargs, "ndigits");
  if (args.size() > 2) type_error("round() takes at most 2 arguments (" + std::to_string(args.size()) + " given)");
  if (number.is_null()) type_error("round() missing required argument 'number' (pos 1)");
  bool has_ndigits = !ndigits.is_null() && !ndigits.is_none();
  int64_t i = 0;
  if (as_index(number, i)) return has_ndigits ? round_int(i, index_arg(ndigits)) : int_value(i);
  if (number.is_float()) {
    if (has_ndigits) return round_float(number.as_float(), index_arg(ndigits));
    double d = number.as_float();
    double r = std::nearbyint(d);  // the default rounding mode: ties to even
    return int_value(float_to_int(std::isfinite(d) ? r : d));
  }
  type_error("type " + type_name(number) + " doesn't define __round__ method");
}

Value builtin_sum(const Value&, Args args, KwArgs kwargs) {
  expect_kwargs("sum", kwargs, {"start"});
  if (args.empty())
    type_error("sum() takes at least 1 positional argument (0 given)");
  if (args.size() > 2) type_error("sum() takes at most 2 arguments (" + std::to_string(args.size()) + " given)");
  Value result = args.size() > 1 ? args[1] : find_kwarg(kwargs, "start");
  if (result.is_null()) result = int_value(0);
  if (is_str(result)) type_error("sum() can't sum strings [use ''.join(seq) instead]");
  Value it = get_iter(args[0]), item;
  while (iter_next(it, item)) result = binary_op(BinaryOp::kAdd, result, item);
  return result;
}

// ---------------------------------------------------------------------------
// min / max: Mirrors Python/bltinmodule.c min_max.

Value min_max(Args args, KwArgs kwargs, const char* name, CompareOp op) {
  expect_kwargs(name, kwargs, {"key", "default"});
  if (args.empty()) type_error(std::string(name) + " expected at least 1 argument, got 0");
  Value key = find_kwarg(kwargs, "key");
  if (key.is_none()) key = Value();
  Value dflt = find_kwarg(kwargs, "default");
  std::vector<Value> several;
  Value it;
  if (args.size() == 1) {
    it = get_iter(args[0]);
  } else {
    if (!dflt.is_null()) {
      type_error(std::string("Cannot specify a default for ") + name +
                 "() with multiple positional arguments");
    }
    it = get_iter(new_tuple(std::vector<Value>(args.begin(), args.end())));
  }
  Value best, best_key, item;
  while (iter_next(it, item)) {
    Value k = key.is_null() ? item : call(key, std::span<const Value>(&item, 1));
    if (best.is_null() || compare_bool(op, k, best_key)) {
      best = item;
      best_key = k;
    }
  }
  if (best.is_null()) {
    if (!dflt.is_null()) return dflt;
    value_error(std::string(name) + "() arg is an empty sequence");
  }
  return best;
}

Value builtin_min(const Value&, Args args, KwArgs kwargs) { return min_max(args, kwargs, "min", CompareOp::kLt); }
Value builtin_max(const Value&, Args args, KwArgs kwargs) { return min_max(args, kwargs, "max", CompareOp::kGt); }

Value builtin_sorted(const Value&, Args args, KwArgs kwargs) {
  expect_args("sorted", args, 1, 1);
  expect_kwargs("sort", kwargs, {"key", "reverse"});
  std::vector<Value> items = to_vector(args[0]);
  Value reverse = find_kwarg(kwargs, "reverse");
  sort_values(items, find_kwarg(kwargs, "key"), !reverse.is_null() && index_arg(reverse) != 0);
  return new_list(std::move(items));
}

// ---------------------------------------------------------------------------
// Types and attributes

bool isinstance_of(const Value& obj, const Value& cls, int depth) {
  if (cls.is(ObjKind::kType)) return is_subtype(type_of(obj), cls.as<TypeObject>());
  if (cls.is(ObjKind::kTuple) && depth < 100) {
    for (const Value& c : cls.as<TupleObject>()->items)
      if (isinstance_of(obj, c, depth + 1)) return true;
    return false;
  }
  type_error("isinstance() arg 2 must be a type, a tuple of types, or a union");
}

Value builtin_isinstance(const Value&, Args args, KwArgs kwargs) {
  expect_no_kwargs("isinstance", kwargs);
  expect_args("isinstance", args, 2, 2);
  return Value::from_bool(isinstance_of(args[0], args[1], 0));
}

bool issubclass_of(const TypeObject* t, const Value& cls, int depth) {
  if (cls.is(ObjKind::kType)) return is_subtype(t, cls.as<TypeObject>());
  if (cls.is(ObjKind::kTuple) && depth < 100) {
    for (const Value& c : cls.as<TupleObject>()->items)
      if (issubclass_of(t, c, depth + 1)) return true;
    return false;
  }
  type_error("issubclass() arg 2 must be a class, a tuple of classes, or a union");
}

Value builtin_issubclass(const Value&, Args args, KwArgs kwargs) {
  expect_no_kwargs("issubclass", kwargs);
  expect_args("issubclass", args, 2, 2);
  if (!args[0].is(ObjKind::kType)) type_error("issubclass() arg 1 must be a class");
  return Value::from_bool(issubclass_of(args[0].as<TypeObject>(), args[1], 0));
}

std::string_view attr_name_arg(const Value& v) {
  if (!is_str(v)) type_error("attribute name must be string, not '" + type_name(v) + "'");
  return str_text(v);
}

Value builtin_getattr(const Value&, Args args, KwArgs kwargs) {
  expect_no_kwargs("getattr", kwargs);
  expect_args("getattr", args, 2, 3);
  std::string_view name = attr_name_arg(args[1]);
  if (args.size() == 2) return get_attr(args[0], name);
  Value v = get_attr_or_null(args[0], name);
  return v.is_null() ? args[2] : v;
}

Value builtin_setattr(const Value&, Args args, KwArgs kwargs) {
  expect_no_kwargs("setattr", kwargs);
  expect_args("setattr", args, 3, 3);
  set_attr(args[0], attr_name_arg(args[1]), args[2]);
  return none();
}

Value builtin_hasattr(const Value&, Args args, KwArgs kwargs) {
  expect_no_kwargs("hasattr", kwargs);
  expect_args("hasattr", args, 2, 2);
  return Value::from_bool(has_attr(args[0], attr_name_arg(args[1])));
}

// ---------------------------------------------------------------------------
// Iteration

bool is_iterator(const Value& v) { return v.is(ObjKind::kIterator) || v.is(ObjKind::kGenerator); }

Value builtin_iter(const Value&, Args args, KwArgs kwargs) {
  expect_no_kwargs("iter", kwargs);
  expect_args("iter", args, 1, 2);
  if (args.size() == 1) return get_iter(args[0]);
  if (!is_callable(args[0])) type_error("iter(v, w): v must be callable");
  Value fn = args[0], sentinel = args[1];
  return new_native_iterator(types().iterator, [fn, sentinel](Value& out) {
    out = call(fn, {});
    return !equals(out, sentinel);
  });
}

Value builtin_next(const Value&, Args args, KwArgs kwargs) {
  expect_no_kwargs("next", kwargs);
  expect_args("next", args, 1, 2);
  if (!is_iterator(args[0])) type_error("'" + type_name(args[0]) + "' object is not an iterator");
  if (args[0].is(ObjKind::kGenerator)) {  // its return value becomes StopIteration.value
    SendResult r = args[0].as<PyGenObject>()->send(Value::none());
    if (r.kind == SendResult::Kind::kReturned && args.size() == 2) return args[1];
    return deliver(std::move(r));
  }
  Value out;
  if (iter_next(args[0], out)) return out;
  if (args.size() == 2) return args[1];
  raise_exception(new_exception(exc().stop_iteration, std::vector<Value>{}));
}

// ---------------------------------------------------------------------------
// Constructors of the builtin types (their `construct` slots).

[[noreturn]] void invalid_int_literal(int base, const Value& text) {
  std::string r = repr(text);
  value_error("invalid literal for int() with base " + std::to_string(base) + ": " + r);
}

bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f); }

std::string_view strip_spaces(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Mirrors _PyUnicode_TransformDecimalAndSpaceToASCII: int() and float()
// accept the decimal digits and spaces of every script; any other non-ASCII
// character becomes '?' (and ends the text), which no parser accepts.
std::string ascii_digits_and_spaces(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = decode_utf8(text, i);
    if (cp < 127) {
      out += static_cast<char>(cp);
      continue;
    }
    bool space = cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
                 cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    int digit = space ? -1 : unicode_decimal_value(cp);
    if (!space && digit < 0) return out + '?';
    out += space ? ' ' : static_cast<char>('0' + digit);
  }
  return out;
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

// Mirrors PyLong_FromString: sign, base prefix, single underscores between
// digits; corosim's ints are 64-bit, so a larger value is an OverflowError.
int64_t parse_int(const Value& text_value, int base) {
  std::string ascii;
  std::string_view s = str_text(text_value);
  if (!is_ascii(s)) s = ascii = ascii_digits_and_spaces(s);
  s = strip_spaces(s);
  int original_base = base;
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  auto has_prefix = [&](char lower) {
    return s.size() >= 2 && s[0] == '0' && (s[1] == lower || s[1] == lower - 32);
  };
  bool prefixed = false;
  if (base == 0) {
    if (has_prefix('x')) base = 16;
    else if (has_prefix('o')) base = 8;
    else if (has_prefix('b')) base = 2;
    else base = 10;
    prefixed = base != 10;
  } else if ((base == 16 && has_prefix('x')) || (base == 8 && has_prefix('o')) ||
             (base == 2 && has_prefix('b'))) {
    prefixed = true;
  }
  if (prefixed) s.remove_prefix(2);
  // base 0 without a prefix: a leading zero is allowed only in "0", "00", ...
  bool zeros_only = original_base == 0 && !prefixed && !s.empty() && s[0] == '0';
  if (s.empty()) invalid_int_literal(original_base, text_value);
  UInt128 acc = 0;
  bool prev_digit = prefixed;  // "0x_1f" is valid: an underscore may follow the prefix
  bool any_digit = false;
  for (char c : s) {
    if (c == '_') {
      if (!prev_digit) invalid_int_literal(original_base, text_value);
      prev_digit = false;
      continue;
    }
    int d = digit_value(c);
    if (d >= base) invalid_int_literal(original_base, text_value);
    if (zeros_only && d != 0) invalid_int_literal(original_base, text_value);
    acc = acc * static_cast<unsigned>(base) + static_cast<unsigned>(d);
    if (acc > static_cast<UInt128>(INT64_MAX) + 1) raise_int_overflow();
    prev_digit = any_digit = true;
  }
  if (!prev_digit || !any_digit) invalid_int_literal(original_base, text_value);
  if (!negative && acc > static_cast<UInt128>(INT64_MAX)) raise_int_overflow();
  return negative ? static_cast<int64_t>(0 - static_cast<uint64_t>(acc)) : static_cast<int64_t>(acc);
}

Value construct_int(TypeObject*, Args args, KwArgs kwargs) {
  expect_kwargs("int", kwargs, {"base"});
  if (args.size() > 2) type_error("int() takes at most 2 arguments (" + std::to_string(args.size()) + " given)");
  Value base_arg = args.size() > 1 ? args[1] : find_kwarg(kwargs, "base");
  if (args.empty()) {
    if (!base_arg.is_null()) type_error("int() missing string argument");
    return int_value(0);
  }
  const Value& x = args[0];
  if (!base_arg.is_null()) {
    int64_t base = index_arg(base_arg);
    if (base != 0 && (base < 2 || base > 36)) value_error("int() base must be >= 2 and <= 36, or 0");
    if (!is_str(x)) type_error("int() can't convert non-string with explicit base");
    return int_value(parse_int(x, static_cast<int>(base)));
  }
  int64_t i = 0;
  if (as_index(x, i)) return int_value(i);
  if (x.is_float()) return int_value(float_to_int(std::trunc(x.as_float())));
  if (is_str(x)) return int_value(parse_int(x, 10));
  type_error("int() argument must be a string, a bytes-like object or a real number, not '" +
             type_name(x) + "'");
}

// Mirrors float(str): Python's float syntax with single underscores between
// digits, 'inf'/'infinity'/'nan' in any case; no hex, no 'nan(...)'.
double parse_float(const Value& text_value) {
  std::string ascii;
  std::string_view s = str_text(text_value);
  if (!is_ascii(s)) s = ascii = ascii_digits_and_spaces(s);
  s = strip_spaces(s);
  auto fail = [&]() {
    value_error("could not convert string to float: " + repr(text_value));
  };
  std::string clean;
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) clean += s[i++];
  std::string rest;
  for (char c : s.substr(i)) rest += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (rest == "inf" || rest == "infinity" || rest == "nan") {
    double v = rest == "nan" ? NAN : INFINITY;
    return clean == "-" ? -v : v;
  }
  // digitpart: digit (['_'] digit)*
  auto digitpart = [&](bool required) {
    size_t start = i;
    while (i < s.size()) {
      if (s[i] >= '0' && s[i] <= '9') {
        clean += s[i++];
      } else if (s[i] == '_' && i > start && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9' &&
                 s[i - 1] != '_') {
        ++i;
      } else {
        break;
      }
    }
    if (required && i == start) fail();
    return i > start;
  };
  bool int_digits = digitpart(false);
  if (i < s.size() && s[i] == '.') {
    clean += s[i++];
    bool frac_digits = digitpart(false);
    if (!int_digits && !frac_digits) fail();
  } else if (!int_digits) {
    fail();
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    clean += s[i++];
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) clean += s[i++];
    digitpart(true);
  }
  if (i != s.size()) fail();
  return std::strtod(clean.c_str(), nullptr);
}

Value construct_float(TypeObject*, Args args, KwArgs kwargs) {
  expect_no_kwargs("float", kwargs);
  expect_args("float", args, 0, 1);
  if (args.empty()) return Value::from_float(0.0);
  const Value& x = args[0];
  int64_t i = 0;
  if (x.is_float()) return x;
  if (as_index(x, i)) return Value::from_float(static_cast<double>(i));
  if (is_str(x)) return Value::from_float(parse_float(x));
  type_error("float() argument must be a string or a real number, not '" + type_name(x) + "'");
}

Value construct_bool(TypeObject*, Args args, KwArgs kwargs) {
  expect_no_kwargs("bool", kwargs);
  expect_args("bool", args, 0, 1);
  return Value::from_bool(!args.empty() && is_truthy(args[0]));
}

Value construct_str(TypeObject*, Args args, KwArgs kwargs) {
  expect_kwargs("str", kwargs, {"object"});
  Value obj = args.empty() ? find_kwarg(kwargs, "object") : args[0];
  if (args.size() > 1) type_error("corosim's str() takes at most 1 argument (no encoding)");
  if (obj.is_null()) return new_str("");
  if (is_str(obj)) return obj;
  return new_str(str(obj));
}

Value construct_list(TypeObject*, Args args, KwArgs kwargs) {
  expect_no_kwargs("list", kwargs);
  expect_args("list", args, 0, 1);
  return new_list(args.empty() ? std::vector<Value>{} : to_vector(args[0]));
}

Value construct_tuple(TypeObject*, Args args, KwArgs kwargs) {
  expect_no_kwargs("tuple", kwargs);
  expect_args("tuple", args, 0, 1);
  if (!args.empty() && args[0].is(ObjKind::kTuple)) return args[0];
  return new_tuple(args.empty() ? std::vector<Value>{} : to_vector(args[0]));
}

Value construct_dict(TypeObject*, Args args, KwArgs kwargs) {
  expect_args("dict", args, 0, 1);
  Ref<DictObject> d = new_dict();
  dict_update(*d, args.empty() ? Value() : args[0], kwargs);
  return d;
}

Value construct_set(TypeObject*, Args args, KwArgs kwargs) {
  expect_no_kwargs("set", kwargs);
  expect_args("set", args, 0, 1);
  Ref<SetObject> s = new_set();
  if (!args.empty()) s->update(args[0]);
  return s;
}

Value construct_range(TypeObject*, Args args, KwArgs kwargs) {
  expect_no_kwargs("range", kwargs);
  expect_args("range", args, 1, 3);
  if (args.size() == 1) return new_range(0, index_arg(args[0]), 1);
  return new_range(index_arg(args[0]), index_arg(args[1]), args.size() == 3 ? index_arg(args[2]) : 1);
}

Value construct_type(TypeObject*, Args args, KwArgs kwargs) {
  if (args.size() == 1 && kwargs.empty()) return Value(type_of(args[0]));
  if (args.size() == 3) type_error("corosim does not support type() with 3 arguments; use a class statement");
  type_error("type() takes 1 or 3 arguments");
}

Value construct_enumerate(TypeObject*, Args args, KwArgs kwargs) {
  expect_kwargs("enumerate", kwargs, {"iterable", "start"});
  if (args.size() > 2) type_error("enumerate() takes at most 2 arguments (" + std::to_string(args.size()) + " given)");
  Value iterable = args.size() > 0 ? args[0] : find_kwarg(kwargs, "iterable");
  Value start = args.size() > 1 ? args[1] : find_kwarg(kwargs, "start");
  if (iterable.is_null()) type_error("enumerate() missing required argument 'iterable'");
  int64_t count = start.is_null() ? 0 : index_arg(start);
  Value it = get_iter(iterable);
  return new_native_iterator(types().enumerate, [it, count, past_max = false](Value& out) mutable {
    Value item;
    if (!iter_next(it, item)) return false;
    if (past_max) raise_int_overflow();  // CPython goes on with 2**63: a big int
    out = new_tuple({int_value(count), std::move(item)});
    past_max = count == INT64_MAX;
    if (!past_max) ++count;
    return true;
  });
}

[[noreturn]] void zip_length_mismatch(size_t i, const char* how) {
  std::string others = i == 1 ? "argument 1" : "arguments 1-" + std::to_string(i);
  value_error("zip() argument " + std::to_string(i + 1) + " is " + how + " than " + others);
}

Value construct_zip(TypeObject*, Args args, KwArgs kwargs) {
  expect_kwargs("zip", kwargs, {"strict"});
  Value strict_arg = find_kwarg(kwargs, "strict");
  bool strict = !strict_arg.is_null() && is_truthy(strict_arg);
  std::vector<Value> its;
  for (const Value& a : args) its.push_back(get_iter(a));
  return new_native_iterator(types().zip, [its = std::move(its), strict](Value& out) {
    if (its.empty()) return false;
    std::vector<Value> items;
    items.reserve(its.size());
    for (size_t i = 0; i < its.size(); ++i) {
      Value v;
      if (iter_next(its[i], v)) {
        items.push_back(std::move(v));
        continue;
      }
      if (strict && i > 0) zip_length_mismatch(i, "shorter");
      if (strict) {
        for (size_t j = 1; j < its.size(); ++j)
          if (iter_next(its[j], v)) zip_length_mismatch(j, "longer");
      }
      return false;
    }
    out = new_tuple(std::move(items));
    return true;
  });
}

Value construct_map(TypeObject*, Args args, KwArgs kwargs) {
  expect_no_kwargs("map", kwargs);
  if (args.size() < 2) type_error("map() must have at least two arguments.");
  Value fn = args[0];
  std::vector<Value> its;
  for (size_t i = 1; i < args.size(); ++i) its.push_back(get_iter(args[i]));
  return new_native_iterator(types().map, [fn, its = std::move(its)](Value& out) {
    std::vector<Value> items;
    items.reserve(its.size());
    for (const Value& it : its) {
      Value v;
      if (!iter_next(it, v)) return false;
      items.push_back(std::move(v));
    }
    out = call(fn, items);
    return true;
  });
}

Value construct_filter(TypeObject*, Args args, KwArgs kwargs) {
  expect_no_kwargs("filter", kwargs);
  expect_args("filter", args, 2, 2);
  Value fn = args[0];
  Value it = get_iter(args[1]);
  return new_native_iterator(types().filter, [fn, it](Value& out) {
    Value item;
    while (iter_next(it, item)) {
      bool keep = fn.is_none() ? is_truthy(item) : is_truthy(call(fn, std::span<const Value>(&item, 1)));
      if (keep) {
        out = std::move(item);
        return true;
      }
    }
    return false;
  });
}

// Mirrors dictreviter_iternext: walks the live entries backwards and fails
// once the dict changed size.
Value reversed_dict(Ref<DictObject> dict, DictViewObject::Which which) {
  static constexpr TypeObject* BuiltinTypes::*kTypes[] = {&BuiltinTypes::dict_reversekeyiterator,
                                                          &BuiltinTypes::dict_reversevalueiterator,
                                                          &BuiltinTypes::dict_reverseitemiterator};
  size_t pos = dict->entry_end(), used = dict->size();
  return new_native_iterator(
      types().*kTypes[static_cast<int>(which)], [dict, which, pos, used](Value& out) mutable {
        if (!dict) return false;
        if (dict->size() != used) {
          used = size_t(-1);  // sticky, as CPython's di_used = -1
          raise_error(exc().runtime_error, "dictionary changed size during iteration");
        }
        Value k, v;
        while (pos > 0) {
          if (!dict->entry_at(--pos, k, v)) continue;
          switch (which) {
            case DictViewObject::Which::kKeys: out = k; break;
            case DictViewObject::Which::kValues: out = v; break;
            case DictViewObject::Which::kItems: out = new_tuple({k, v}); break;
          }
          return true;
        }
        dict = Ref<DictObject>();
        return false;
      });
}

Value construct_reversed(TypeObject*, Args args, KwArgs kwargs) {
  expect_no_kwargs("reversed", kwargs);
  expect_args("reversed", args, 1, 1);
  Value seq = args[0];
  if (seq.is(ObjKind::kList)) {
    // Mirrors listreviter: re-checks the index against the current size.
    int64_t index = static_cast<int64_t>(seq.as<ListObject>()->items.size()) - 1;
    return new_native_iterator(types().list_reverseiterator, [seq, index](Value& out) mutable {
      const auto& items = seq.as<ListObject>()->items;
      if (index < 0 || index >= static_cast<int64_t>(items.size())) return false;
      out = items[static_cast<size_t>(index--)];
      return true;
    });
  }
  if (seq.is(ObjKind::kDict))
    return reversed_dict(Ref<DictObject>(seq.as<DictObject>()), DictViewObject::Which::kKeys);
  if (seq.is(ObjKind::kDictView)) {
    const auto* view = seq.as<DictViewObject>();
    return reversed_dict(view->dict, view->which);
  }
  if (!(seq.is(ObjKind::kTuple) || seq.is(ObjKind::kStr) || seq.is(ObjKind::kRange)))
    type_error("'" + type_name(seq) + "' object is not reversible");
  int64_t index = py_len(seq);
  TypeObject* type = seq.is(ObjKind::kRange) ? types().range_iterator : types().reversed;
  return new_native_iterator(type, [seq, index](Value& out) mutable {
    if (index <= 0) return false;
    out = get_item(seq, int_value(--index));
    return true;
  });
}

// ---------------------------------------------------------------------------
// The tables.

struct BuiltinFunction {
  std::string_view name;
  NativeFn fn;
};

constexpr BuiltinFunction kBuiltinFunctions[] = {
    {"abs", builtin_abs},
    {"all", builtin_all},
    {"any", builtin_any},
    {"callable", builtin_callable},
    {"chr", builtin_chr},
    {"divmod", builtin_divmod},
    {"format", builtin_format},
    {"getattr", builtin_getattr},
    {"hasattr", builtin_hasattr},
    {"hash", builtin_hash},
    {"id", builtin_id},
    {"isinstance", builtin_isinstance},
    {"issubclass", builtin_issubclass},
    {"iter", builtin_iter},
    {"len", builtin_len},
    {"max", builtin_max},
    {"min", builtin_min},
    {"next", builtin_next},
    {"ord", builtin_ord},
    {"pow", builtin_pow},
    {"print", builtin_print},
    {"repr", builtin_repr},
    {"round", builtin_round},
    {"setattr", builtin_setattr},
    {"sorted", builtin_sorted},
    {"sum", builtin_sum},
};

// Builtin names bound to type objects, and the constructor the library
// provides for each (nullptr: the runtime's own, or not callable).
struct BuiltinType {
  std::string_view name;
  TypeObject* BuiltinTypes::*type;
  ConstructSlot construct;
};

constexpr BuiltinType kBuiltinTypes[] = {
    {"bool", &BuiltinTypes::bool_, construct_bool},
    {"classmethod", &BuiltinTypes::classmethod, nullptr},
    {"dict", &BuiltinTypes::dict, construct_dict},
    {"enumerate", &BuiltinTypes::enumerate, construct_enumerate},
    {"filter", &BuiltinTypes::filter, construct_filter},
    {"float", &BuiltinTypes::float_, construct_float},
    {"int", &BuiltinTypes::int_, construct_int},
    {"list", &BuiltinTypes::list, construct_list},
    {"map", &BuiltinTypes::map, construct_map},
    {"object", &BuiltinTypes::object, nullptr},
    {"property", &BuiltinTypes::property, nullptr},
    {"range", &BuiltinTypes::range, construct_range},
    {"reversed", &BuiltinTypes::reversed, construct_reversed},
    {"set", &BuiltinTypes::set, construct_set},
    {"slice", &BuiltinTypes::slice, nullptr},
    {"staticmethod", &BuiltinTypes::staticmethod, nullptr},
    {"str", &BuiltinTypes::str, construct_str},
    {"super", &BuiltinTypes::super_, construct_super},
    {"tuple", &BuiltinTypes::tuple, construct_tuple},
    {"type", &BuiltinTypes::type, construct_type},
    {"zip", &BuiltinTypes::zip, construct_zip},
};

}  // namespace

void sort_values(std::vector<Value>& items, const Value& key, bool reverse) {
  std::vector<Value> keys;
  if (key.is_null() || key.is_none()) {
    keys = items;
  } else {
    keys.reserve(items.size());
    for (const Value& item : items) keys.push_back(call(key, std::span<const Value>(&item, 1)));
  }
  // CPython reverses, sorts stably and reverses back, so equal items keep
  // their order under reverse=True.
  if (reverse) {
    std::reverse(items.begin(), items.end());
    std::reverse(keys.begin(), keys.end());
  }
  std::vector<uint32_t> perm(items.size());
  for (size_t i = 0; i < perm.size(); ++i) perm[i] = static_cast<uint32_t>(i);
  Sorter(keys).sort(perm);
  std::vector<Value> sorted;
  sorted.reserve(items.size());
  for (uint32_t i : perm) sorted.push_back(std::move(items[i]));
  if (reverse) std::reverse(sorted.begin(), sorted.end());
  items = std::move(sorted);
}

std::string format_value(const Value& value, std::string_view spec) {
  try {
    if (value.is_int()) return format_int(value.as_int(), spec);
    if (value.is_bool()) return format_int(value.as_bool() ? 1 : 0, spec, "bool");
    if (value.is_float()) return format_float(value.as_float(), spec);
    if (is_str(value)) return format_str(str_text(value), spec);
  } catch (const FormatError& e) {
    raise_error(e.kind == FormatError::Kind::kOverflowError ? exc().overflow_error : exc().value_error,
                e.message);
  }
  if (spec.empty()) return str(value);
  type_error("unsupported format string passed to " + type_name(value) + ".__format__");
}

void init_builtins() {
  static bool done = false;
  if (done) return;
  done = true;
  const BuiltinTypes& bt = types();
  for (const BuiltinType& entry : kBuiltinTypes) {
    TypeObject* t = bt.*entry.type;
    // The runtime may already construct some (range, type): keep its slot.
    if (t && entry.construct && !t->construct) t->construct = entry.construct;
  }
  add_str_methods();
  add_list_methods();
  add_dict_methods();
  add_set_methods();
  init_user_class_types();
}

ModuleObject& builtins_module() {
  static ModuleObject* module = [] {
    init_builtins();
    Ref<ModuleObject> m = new_module("builtins", " (built-in)");
    m->make_immortal();
    for (const BuiltinFunction& f : kBuiltinFunctions) {
      Ref<NativeFunctionObject> fn = new_native_function(std::string(f.name), f.fn);
      fn->make_immortal();
      m->set(f.name, fn);
    }
    const BuiltinTypes& bt = types();
    for (const BuiltinType& entry : kBuiltinTypes)
      if (TypeObject* t = bt.*entry.type) m->set(entry.name, Value(t));
    for (const auto& [name, t] : builtin_exception_bindings()) m->set(name, Value(t));
    m->set("NotImplemented", not_implemented());
    m->dict->make_immortal();
    return m.get();
  }();
  return *module;
}

DictObject& builtins_dict() { return *builtins_module().dict; }

Value lookup_builtin(std::string_view name) { return builtins_dict().get_str(name); }

}  // namespace corosim
