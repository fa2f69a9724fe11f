#include "sim/lib/random_module.h"

#include <cmath>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "sim/lib/mersenne_twister.h"
#include "sim/lib/sha512.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/call.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/list_object.h"
#include "sim/runtime/module_object.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/range_object.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/tuple_object.h"

namespace corosim {
namespace {

// Lib/random.py's constants.
constexpr double kTwoPi = 6.283185307179586;  // math.tau
const double kNvMagicConst = 4 * std::exp(-0.5) / std::sqrt(2.0);
constexpr int kStateVersion = 3;  // Random.VERSION

class RandomObject : public Object {
 public:
  explicit RandomObject(TypeObject* type) : Object(ObjKind::kOther, type) {}
  void clear_refs() override { gauss_next = Value(); }  // setstate() accepts any value

  MersenneTwister mt;
  Value gauss_next = Value::none();  // None or a float
};

RandomObject& rng(const Value& self) { return *self.as<RandomObject>(); }

[[noreturn]] void raise_type_error(std::string message) {
  raise_error(exception_types().type_error, std::move(message));
}
[[noreturn]] void raise_value_error(std::string message) {
  raise_error(exception_types().value_error, std::move(message));
}

// ---- Argument binding --------------------------------------------------------

// One parameter of a method written in Python in Lib/random.py.
struct Param {
  std::string_view name;
  bool required = false;
  bool keyword_only = false;
};

// "'a'", "'a' and 'b'", "'a', 'b', and 'c'" (ceval.c format_missing).
std::string quoted_names(const std::vector<std::string_view>& names) {
  std::string text;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += names.size() == 2 ? " and " : (i + 1 == names.size() ? ", and " : ", ");
    text += "'" + std::string(names[i]) + "'";
  }
  return text;
}

// Binds the arguments of a call to `def qualname(self, <params>)` with the
// TypeErrors of CPython's ceval.c initialize_locals, in its order: keywords,
// then too many positionals, then missing ones. `self` counts in the
// numbers, as in CPython's messages. Arguments not given stay null.
void bind_python(std::string_view qualname, std::span<const Value> args, std::span<const KwArg> kwargs,
                 std::span<const Param> params, std::span<Value> out) {
  const std::string fname(qualname);
  size_t positional = 0, defaults = 0;
  for (const Param& p : params) {
    if (p.keyword_only) continue;
    ++positional;
    if (!p.required) ++defaults;
  }
  for (size_t i = 0; i < args.size() && i < positional; ++i) out[i] = args[i];
  size_t kwonly_given = 0;
  for (const KwArg& kw : kwargs) {
    size_t i = 0;
    while (i < params.size() && params[i].name != kw.name) ++i;
    if (i == params.size())
      raise_type_error(fname + "() got an unexpected keyword argument '" + std::string(kw.name) + "'");
    if (!out[i].is_null())
      raise_type_error(fname + "() got multiple values for argument '" + std::string(kw.name) + "'");
    out[i] = kw.value;
    if (params[i].keyword_only) ++kwonly_given;
  }
  if (args.size() > positional) {
    const size_t count = positional + 1, given = args.size() + 1;
    const bool plural = defaults > 0 || count != 1;
    std::string sig = defaults > 0 ? "from " + std::to_string(count - defaults) + " to " + std::to_string(count)
                                   : std::to_string(count);
    std::string kwonly;
    if (kwonly_given > 0)
      kwonly = std::string(" positional argument") + (given != 1 ? "s" : "") + " (and " +
               std::to_string(kwonly_given) + " keyword-only argument" + (kwonly_given != 1 ? "s" : "") + ")";
    raise_type_error(fname + "() takes " + sig + " positional argument" + (plural ? "s" : "") + " but " +
                     std::to_string(given) + kwonly + (given == 1 && kwonly_given == 0 ? " was" : " were") +
                     " given");
  }
  std::vector<std::string_view> missing;
  for (size_t i = 0; i < params.size(); ++i)
    if (params[i].required && out[i].is_null()) missing.push_back(params[i].name);
  if (!missing.empty())
    raise_type_error(fname + "() missing " + std::to_string(missing.size()) + " required positional argument" +
                     (missing.size() == 1 ? "" : "s") + ": " + quoted_names(missing));
}

template <size_t N>
void bind(std::string_view qualname, std::span<const Value> args, std::span<const KwArg> kwargs,
          const Param (&params)[N], Value (&out)[N]) {
  bind_python(qualname, args, kwargs, params, out);
}

// `v`, or `fallback` when the argument was not given.
Value or_default(const Value& v, Value fallback) { return v.is_null() ? fallback : v; }

// ---- Arithmetic as Lib/random.py spells it -----------------------------------

Value add(const Value& a, const Value& b) { return binary_op(BinaryOp::kAdd, a, b); }
Value sub(const Value& a, const Value& b) { return binary_op(BinaryOp::kSub, a, b); }
Value mul(const Value& a, const Value& b) { return binary_op(BinaryOp::kMul, a, b); }
Value div(const Value& a, const Value& b) { return binary_op(BinaryOp::kTrueDiv, a, b); }
Value num(double d) { return Value::from_float(d); }

// The float a math-module function takes (math_1's PyFloat_AsDouble).
double real_arg(const Value& v) {
  if (v.is_float()) return v.as_float();
  if (v.is_int()) return double(v.as_int());
  if (v.is_bool()) return v.as_bool() ? 1.0 : 0.0;
  raise_type_error("must be real number, not " + type_name(v));
}

// math.exp / math.sqrt with their errors (mathmodule.c math_1).
Value math_exp(const Value& v) {
  double x = real_arg(v);
  double r = std::exp(x);
  if (std::isinf(r) && std::isfinite(x)) raise_error(exception_types().overflow_error, "math range error");
  return num(r);
}
Value math_sqrt(const Value& v) {
  double x = real_arg(v);
  if (x < 0) raise_value_error("math domain error");
  return num(std::sqrt(x));
}

// The number of bits of n > 0 (int.bit_length).
unsigned bit_length(uint64_t n) {
  unsigned k = 0;
  for (; n; n >>= 1) ++k;
  return k;
}

// ---- The generator's methods (Modules/_randommodule.c) -----------------------

// Mirrors random_seed: None is corosim's fixed default; an int seeds from
// its absolute value; any other value from its hash, as an unsigned word
// (float hashes are CPython's; a str seeded with a version other than 1 or 2
// uses corosim's fixed str hash, where CPython's is randomized per process).
void seed_core(RandomObject& r, const Value& a) {
  if (a.is_none()) {
    r.mt.seed_magnitude(uint64_t(kDefaultSeed));
  } else if (a.is_int()) {
    int64_t i = a.as_int();
    r.mt.seed_magnitude(i < 0 ? uint64_t(0) - uint64_t(i) : uint64_t(i));
  } else if (a.is_bool()) {
    r.mt.seed_magnitude(uint64_t(a.as_bool()));
  } else {
    r.mt.seed_magnitude(uint64_t(py_hash(a)));
  }
}

// Mirrors Random.seed's version 1 for str: a 64-bit hash of the code points.
uint64_t version1_str_seed(const StrObject& s) {
  uint64_t x = s.length() > 0 ? uint64_t(s.code_point(0)) << 7 : 0;
  for (int64_t i = 0; i < s.length(); ++i) x = (1000003 * x) ^ s.code_point(i);
  return x ^ uint64_t(s.length());
}

// Mirrors Random.seed (Lib/random.py, 3.11).
void seed(RandomObject& r, const Value& a, const Value& version) {
  const bool is_str = a.is(ObjKind::kStr);
  if (is_str && equals(version, Value::from_int(1))) {
    r.mt.seed_magnitude(version1_str_seed(*a.as<StrObject>()));
  } else if (is_str && equals(version, Value::from_int(2))) {
    // int.from_bytes(a.encode() + sha512(a.encode()).digest()), big-endian.
    const std::string& text = a.as<StrObject>()->text();
    std::vector<uint8_t> bytes(text.begin(), text.end());
    for (uint8_t b : sha512(text)) bytes.push_back(b);
    r.mt.seed_magnitude(bytes);
  } else if (!(a.is_none() || a.is_int() || a.is_bool() || a.is_float() || is_str)) {
    raise_type_error("The only supported seed types are: None,\nint, float, str, bytes, and bytearray.");
  } else {
    seed_core(r, a);
  }
  r.gauss_next = Value::none();
}

constexpr unsigned kMaxBits = 63;  // corosim ints are 64-bit signed

// Mirrors random_getrandbits, within corosim's 64-bit ints.
int64_t getrandbits(RandomObject& r, const Value& k_arg) {
  int64_t k = 0;
  if (!as_index(k_arg, k)) raise_type_error("'" + type_name(k_arg) + "' object cannot be interpreted as an integer");
  if (k < 0) raise_value_error("number of bits must be non-negative");
  if (k > kMaxBits)
    raise_error(exception_types().overflow_error,
                "getrandbits(" + std::to_string(k) + "): corosim ints are 64-bit, so at most 63 bits can be drawn");
  return int64_t(r.mt.getrandbits(unsigned(k)));
}

// Mirrors Random._randbelow_with_getrandbits: a uniform int in [0, n), n > 0,
// by rejection on n.bit_length() random bits.
int64_t randbelow(RandomObject& r, int64_t n) {
  const unsigned k = bit_length(uint64_t(n));
  uint64_t x = r.mt.getrandbits(k);
  while (x >= uint64_t(n)) x = r.mt.getrandbits(k);
  return int64_t(x);
}

// ---- Lib/random.py's methods -------------------------------------------------

// Mirrors randrange's conversion of one argument: operator.index, else
// int(x) when that equals x (a float like 3.0; CPython also warns).
int64_t range_arg(const Value& v, const char* what) {
  int64_t i = 0;
  if (as_index(v, i)) return i;
  Value as_int = call(Value(builtin_types().int_), std::span<const Value>(&v, 1));
  if (!equals(as_int, v)) raise_value_error(std::string("non-integer ") + what + " for randrange()");
  return as_int.as_int();
}

// Mirrors Random.randrange (3.11). `step` null: not given (or given as 1,
// which is the `_ONE` object in CPython). The width must fit in corosim's
// 64-bit ints; the result always does.
int64_t randrange(RandomObject& r, const Value& start, const Value& stop, const Value& step) {
  const int64_t istart = range_arg(start, "arg 1");
  if (stop.is_null() || stop.is_none()) {
    if (!step.is_null() && !(step.is_int() && step.as_int() == 1))
      raise_type_error("Missing a non-None stop argument");
    if (istart > 0) return randbelow(r, istart);
    raise_value_error("empty range for randrange()");
  }
  const int64_t istop = range_arg(stop, "stop");
  int64_t width = 0;
  if (__builtin_sub_overflow(istop, istart, &width)) raise_int_overflow();
  const int64_t istep = step.is_null() ? 1 : range_arg(step, "step");
  if (istep == 1) {
    if (width > 0) return istart + randbelow(r, width);
    raise_value_error("empty range for randrange() (" + std::to_string(istart) + ", " + std::to_string(istop) +
                      ", " + std::to_string(width) + ")");
  }
  if (istep == 0) raise_value_error("zero step for randrange()");
  // n = ceil(width / istep), the number of values, computed on magnitudes
  // so that no intermediate leaves the 64-bit range.
  const bool forward = istep > 0;
  if (forward ? width <= 0 : width >= 0) raise_value_error("empty range for randrange()");
  const uint64_t span = forward ? uint64_t(width) : uint64_t(0) - uint64_t(width);
  const uint64_t stride = forward ? uint64_t(istep) : uint64_t(0) - uint64_t(istep);
  const uint64_t n = (span - 1) / stride + 1;
  if (n > uint64_t(INT64_MAX)) raise_int_overflow();
  // start + step * i lies in the range, so wrapping arithmetic is exact.
  return int64_t(uint64_t(istart) + uint64_t(istep) * uint64_t(randbelow(r, int64_t(n))));
}

// Mirrors Random.random in the methods below: genrand_res53.
double uniform01(RandomObject& r) { return r.mt.next_double(); }

// bisect.bisect_right(a, x, lo, hi) with Python's comparisons.
int64_t bisect_right(const std::vector<Value>& a, const Value& x, int64_t lo, int64_t hi) {
  while (lo < hi) {
    int64_t mid = (lo + hi) / 2;
    if (compare_bool(CompareOp::kLt, x, a[size_t(mid)])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// itertools.accumulate(iterable) as a list.
std::vector<Value> accumulate(const Value& iterable) {
  std::vector<Value> items = to_vector(iterable);
  for (size_t i = 1; i < items.size(); ++i) items[i] = add(items[i - 1], items[i]);
  return items;
}

// The `k` of itertools.repeat(None, k): an int, negative means none.
int64_t repeat_count(const Value& k) {
  int64_t n = 0;
  if (!as_index(k, n)) raise_type_error("'" + type_name(k) + "' object cannot be interpreted as an integer");
  return n < 0 ? 0 : n;
}

bool is_sequence(const Value& v) {
  return v.is(ObjKind::kList) || v.is(ObjKind::kTuple) || v.is(ObjKind::kStr) || v.is(ObjKind::kRange);
}

// Mirrors Random.sample (3.11): the pool of candidates when the population
// is small compared to a set of k selections, else a set of chosen indices.
Value sample(RandomObject& r, const Value& population, const Value& k_arg, const Value& counts) {
  if (!is_sequence(population))
    raise_type_error("Population must be a sequence.  For dicts or sets, use sorted(d).");
  const int64_t n = py_len(population);
  if (!counts.is_null() && !counts.is_none()) {
    std::vector<Value> cum_counts = accumulate(counts);
    if (int64_t(cum_counts.size()) != n) raise_value_error("The number of counts does not match the population");
    if (cum_counts.empty()) raise_error(exception_types().index_error, "pop from empty list");
    Value total = cum_counts.back();
    cum_counts.pop_back();
    if (!total.is_int() && !total.is_bool()) raise_type_error("Counts must be integers");
    int64_t total_count = total.is_int() ? total.as_int() : total.as_bool();
    if (total_count <= 0) raise_value_error("Total of counts must be greater than zero");
    Value selections = sample(r, Value(new_range(0, total_count, 1)), k_arg, Value());
    std::vector<Value> result;
    for (const Value& s : selections.as<ListObject>()->items)
      result.push_back(get_item(population, Value::from_int(bisect_right(cum_counts, s, 0, int64_t(cum_counts.size())))));
    return Value(new_list(std::move(result)));
  }
  int64_t k = 0;
  if (!as_index(k_arg, k)) {
    // `not 0 <= k <= n`, then `[None] * k`.
    if (!compare_bool(CompareOp::kLe, Value::from_int(0), k_arg) ||
        !compare_bool(CompareOp::kLe, k_arg, Value::from_int(n)))
      raise_value_error("Sample larger than population or is negative");
    raise_type_error("can't multiply sequence by non-int of type '" + type_name(k_arg) + "'");
  }
  if (k < 0 || k > n) raise_value_error("Sample larger than population or is negative");
  std::vector<Value> result(size_t(k), Value::none());
  int64_t setsize = 21;  // size of a small set minus size of an empty list
  if (k > 5) {
    // 4 ** ceil(log(k * 3, 4)); math.log(x, base) is log(x) / log(base).
    double exponent = std::ceil(std::log(double(k * 3)) / std::log(4.0));
    setsize = exponent >= 31 ? INT64_MAX : setsize + (int64_t(1) << (2 * int64_t(exponent)));
  }
  if (n <= setsize) {
    std::vector<Value> pool = to_vector(population);
    for (int64_t i = 0; i < k; ++i) {
      int64_t j = randbelow(r, n - i);
      result[size_t(i)] = pool[size_t(j)];
      pool[size_t(j)] = pool[size_t(n - i - 1)];
    }
  } else {
    std::unordered_set<int64_t> selected;
    for (int64_t i = 0; i < k; ++i) {
      int64_t j = randbelow(r, n);
      while (selected.count(j)) j = randbelow(r, n);
      selected.insert(j);
      result[size_t(i)] = get_item(population, Value::from_int(j));
    }
  }
  return Value(new_list(std::move(result)));
}

// Mirrors Random.choices (3.11).
Value choices(RandomObject& r, const Value& population, const Value& weights, const Value& cum_weights_arg,
              const Value& k_arg) {
  const int64_t n = py_len(population);
  std::vector<Value> result;
  if (cum_weights_arg.is_none()) {
    if (weights.is_none()) {
      const double nf = double(n);
      for (int64_t i = repeat_count(k_arg); i > 0; --i)
        result.push_back(get_item(population, Value::from_int(int64_t(std::floor(uniform01(r) * nf)))));
      return Value(new_list(std::move(result)));
    }
  } else if (!weights.is_none()) {
    raise_type_error("Cannot specify both weights and cumulative weights");
  }
  std::vector<Value> cum_weights;
  int64_t count = 0;
  if (cum_weights_arg.is_none()) {
    if (weights.is_int() || weights.is_bool())
      raise_type_error("The number of choices must be a keyword argument: k=" + repr(weights));
    cum_weights = accumulate(weights);
    count = int64_t(cum_weights.size());
  } else {
    count = py_len(cum_weights_arg);
    cum_weights = to_vector(cum_weights_arg);
  }
  if (count != n) raise_value_error("The number of weights does not match the population");
  if (cum_weights.empty()) raise_error(exception_types().index_error, "list index out of range");
  const Value total = add(cum_weights.back(), num(0.0));
  if (compare_bool(CompareOp::kLe, total, num(0.0))) raise_value_error("Total of weights must be greater than zero");
  if (!std::isfinite(real_arg(total))) raise_value_error("Total of weights must be finite");
  const int64_t hi = n - 1;
  for (int64_t i = repeat_count(k_arg); i > 0; --i) {
    Value x = mul(num(uniform01(r)), total);
    result.push_back(get_item(population, Value::from_int(bisect_right(cum_weights, x, 0, hi))));
  }
  return Value(new_list(std::move(result)));
}

// Mirrors Random.shuffle: Fisher-Yates from the end, x[i], x[j] = x[j], x[i].
void shuffle(RandomObject& r, const Value& x) {
  for (int64_t i = py_len(x) - 1; i >= 1; --i) {
    Value vi = Value::from_int(i), vj = Value::from_int(randbelow(r, i + 1));
    Value at_j = get_item(x, vj), at_i = get_item(x, vi);
    set_item(x, vi, std::move(at_j));
    set_item(x, vj, std::move(at_i));
  }
}

// Mirrors Random.normalvariate: Kinderman and Monahan's ratio of uniforms.
Value normalvariate(RandomObject& r, const Value& mu, const Value& sigma) {
  double z;
  while (true) {
    double u1 = uniform01(r);
    double u2 = 1.0 - uniform01(r);
    z = kNvMagicConst * (u1 - 0.5) / u2;
    double zz = z * z / 4.0;
    if (zz <= -std::log(u2)) break;
  }
  return add(mu, mul(num(z), sigma));
}

// Mirrors Random.gauss: Box-Muller, keeping the second value for next time.
Value gauss(RandomObject& r, const Value& mu, const Value& sigma) {
  Value z = r.gauss_next;
  r.gauss_next = Value::none();
  if (z.is_none()) {
    double x2pi = uniform01(r) * kTwoPi;
    double g2rad = std::sqrt(-2.0 * std::log(1.0 - uniform01(r)));
    z = num(std::cos(x2pi) * g2rad);
    r.gauss_next = num(std::sin(x2pi) * g2rad);
  }
  return add(mu, mul(z, sigma));
}

// Mirrors Random.triangular.
Value triangular(RandomObject& r, const Value& low_arg, const Value& high_arg, const Value& mode) {
  Value low = low_arg, high = high_arg;
  Value u = num(uniform01(r));
  Value c;
  try {
    c = mode.is_none() ? num(0.5) : div(sub(mode, low), sub(high, low));
  } catch (PyException& e) {
    if (!is_subtype(e.exc.obj()->type(), exception_types().zero_division_error)) throw;
    return low;
  }
  if (compare_bool(CompareOp::kGt, u, c)) {
    u = sub(num(1.0), u);
    c = sub(num(1.0), c);
    std::swap(low, high);
  }
  return add(low, mul(sub(high, low), math_sqrt(mul(u, c))));
}

// Mirrors Random.setstate's C half (random_setstate): 624 words and an index.
void set_core_state(RandomObject& r, const Value& internal) {
  if (!internal.is(ObjKind::kTuple)) raise_type_error("state vector must be a tuple");
  const auto& items = internal.as<TupleObject>()->items;
  if (items.size() != MersenneTwister::kStateSize + 1) raise_value_error("state vector is the wrong size");
  MersenneTwister::State state{};
  for (size_t i = 0; i < MersenneTwister::kStateSize; ++i) {
    int64_t w = 0;
    if (!as_index(items[i], w)) raise_type_error("an integer is required");
    if (w < 0) raise_error(exception_types().overflow_error, "can't convert negative value to unsigned int");
    state.words[i] = uint32_t(w);  // CPython keeps the low 32 bits too
  }
  int64_t index = 0;
  const Value& last = items.back();
  if (!as_index(last, index)) raise_type_error("'" + type_name(last) + "' object cannot be interpreted as an integer");
  if (index < 0 || index > int64_t(MersenneTwister::kStateSize)) raise_value_error("invalid state");
  state.index = uint32_t(index);
  r.mt.set_state(state);
}

// Mirrors Random.setstate (3.11): versions 3 and 2 (whose words may be negative).
void setstate(RandomObject& r, const Value& state) {
  Value version = get_item(state, Value::from_int(0));
  const bool v3 = equals(version, Value::from_int(3)), v2 = equals(version, Value::from_int(2));
  if (!v3 && !v2)
    raise_value_error("state with version " + str(version) + " passed to Random.setstate() of version " +
                      std::to_string(kStateVersion));
  std::vector<Value> parts = to_vector(state);
  if (parts.size() < 3)
    raise_value_error("not enough values to unpack (expected 3, got " + std::to_string(parts.size()) + ")");
  if (parts.size() > 3) raise_value_error("too many values to unpack (expected 3)");
  Value internal = parts[1];
  r.gauss_next = parts[2];
  if (v2) {
    std::vector<Value> words;
    const Value modulus = Value::from_int(int64_t(1) << 32);
    for (const Value& w : to_vector(internal)) words.push_back(binary_op(BinaryOp::kMod, w, modulus));
    internal = Value(new_tuple(std::move(words)));
  }
  set_core_state(r, internal);
}

Value getstate(const RandomObject& r) {
  MersenneTwister::State state = r.mt.state();
  std::vector<Value> words;
  for (uint32_t w : state.words) words.push_back(Value::from_int(w));
  words.push_back(Value::from_int(state.index));
  return Value(new_tuple({Value::from_int(kStateVersion), Value(new_tuple(std::move(words))), r.gauss_next}));
}

// ---- Python entry points -----------------------------------------------------

using Args = std::span<const Value>;
using KwArgs = std::span<const KwArg>;

Value py_seed(const Value& self, Args args, KwArgs kwargs) {
  static constexpr Param kParams[] = {{"a"}, {"version"}};
  Value v[2];
  bind("Random.seed", args, kwargs, kParams, v);
  seed(rng(self), or_default(v[0], Value::none()), or_default(v[1], Value::from_int(2)));
  return Value::none();
}

// _random.Random.random is METH_NOARGS.
Value py_random(const Value& self, Args args, KwArgs kwargs) {
  check_no_kwargs("Random.random", kwargs);
  check_arg_count("Random.random", args, 0, 0);
  return num(uniform01(rng(self)));
}

// _random.Random.getrandbits is METH_O.
Value py_getrandbits(const Value& self, Args args, KwArgs kwargs) {
  check_no_kwargs("Random.getrandbits", kwargs);
  check_arg_count("Random.getrandbits", args, 1, 1);
  return Value::from_int(getrandbits(rng(self), args[0]));
}

Value py_randrange(const Value& self, Args args, KwArgs kwargs) {
  static constexpr Param kParams[] = {{"start", true}, {"stop"}, {"step"}};
  Value v[3];
  bind("Random.randrange", args, kwargs, kParams, v);
  return Value::from_int(randrange(rng(self), v[0], v[1], v[2]));
}

Value py_randint(const Value& self, Args args, KwArgs kwargs) {
  static constexpr Param kParams[] = {{"a", true}, {"b", true}};
  Value v[2];
  bind("Random.randint", args, kwargs, kParams, v);
  return Value::from_int(randrange(rng(self), v[0], add(v[1], Value::from_int(1)), Value()));
}

Value py_choice(const Value& self, Args args, KwArgs kwargs) {
  static constexpr Param kParams[] = {{"seq", true}};
  Value v[1];
  bind("Random.choice", args, kwargs, kParams, v);
  const int64_t n = py_len(v[0]);
  if (n == 0) raise_error(exception_types().index_error, "Cannot choose from an empty sequence");
  return get_item(v[0], Value::from_int(randbelow(rng(self), n)));
}

Value py_shuffle(const Value& self, Args args, KwArgs kwargs) {
  static constexpr Param kParams[] = {{"x", true}};
  Value v[1];
  bind("Random.shuffle", args, kwargs, kParams, v);
  shuffle(rng(self), v[0]);
  return Value::none();
}

Value py_sample(const Value& self, Args args, KwArgs kwargs) {
  static constexpr Param kParams[] = {{"population", true}, {"k", true}, {"counts", false, true}};
  Value v[3];
  bind("Random.sample", args, kwargs, kParams, v);
  return sample(rng(self), v[0], v[1], v[2]);
}

Value py_choices(const Value& self, Args args, KwArgs kwargs) {
  static constexpr Param kParams[] = {{"population", true}, {"weights"}, {"cum_weights", false, true}, {"k", false, true}};
  Value v[4];
  bind("Random.choices", args, kwargs, kParams, v);
  return choices(rng(self), v[0], or_default(v[1], Value::none()), or_default(v[2], Value::none()),
                 or_default(v[3], Value::from_int(1)));
}

Value py_uniform(const Value& self, Args args, KwArgs kwargs) {
  static constexpr Param kParams[] = {{"a", true}, {"b", true}};
  Value v[2];
  bind("Random.uniform", args, kwargs, kParams, v);
  Value width = sub(v[1], v[0]);
  return add(v[0], mul(width, num(uniform01(rng(self)))));
}

Value py_triangular(const Value& self, Args args, KwArgs kwargs) {
  static constexpr Param kParams[] = {{"low"}, {"high"}, {"mode"}};
  Value v[3];
  bind("Random.triangular", args, kwargs, kParams, v);
  return triangular(rng(self), or_default(v[0], num(0.0)), or_default(v[1], num(1.0)),
                    or_default(v[2], Value::none()));
}

Value py_normalvariate(const Value& self, Args args, KwArgs kwargs) {
  static constexpr Param kParams[] = {{"mu"}, {"sigma"}};
  Value v[2];
  bind("Random.normalvariate", args, kwargs, kParams, v);
  return normalvariate(rng(self), or_default(v[0], num(0.0)), or_default(v[1], num(1.0)));
}

Value py_gauss(const Value& self, Args args, KwArgs kwargs) {
  static constexpr Param kParams[] = {{"mu"}, {"sigma"}};
  Value v[2];
  bind("Random.gauss", args, kwargs, kParams, v);
  return gauss(rng(self), or_default(v[0], num(0.0)), or_default(v[1], num(1.0)));
}

Value py_lognormvariate(const Value& self, Args args, KwArgs kwargs) {
  static constexpr Param kParams[] = {{"mu", true}, {"sigma", true}};
  Value v[2];
  bind("Random.lognormvariate", args, kwargs, kParams, v);
  return math_exp(normalvariate(rng(self), v[0], v[1]));
}

Value py_expovariate(const Value& self, Args args, KwArgs kwargs) {
  static constexpr Param kParams[] = {{"lambd", true}};
  Value v[1];
  bind("Random.expovariate", args, kwargs, kParams, v);
  return div(num(-std::log(1.0 - uniform01(rng(self)))), v[0]);
}

Value py_paretovariate(const Value& self, Args args, KwArgs kwargs) {
  static constexpr Param kParams[] = {{"alpha", true}};
  Value v[1];
  bind("Random.paretovariate", args, kwargs, kParams, v);
  Value u = num(1.0 - uniform01(rng(self)));
  return binary_op(BinaryOp::kPow, u, div(num(-1.0), v[0]));
}

Value py_weibullvariate(const Value& self, Args args, KwArgs kwargs) {
  static constexpr Param kParams[] = {{"alpha", true}, {"beta", true}};
  Value v[2];
  bind("Random.weibullvariate", args, kwargs, kParams, v);
  double u = 1.0 - uniform01(rng(self));
  return mul(v[0], binary_op(BinaryOp::kPow, num(-std::log(u)), div(num(1.0), v[1])));
}

Value py_getstate(const Value& self, Args args, KwArgs kwargs) {
  bind_python("Random.getstate", args, kwargs, std::span<const Param>(), std::span<Value>());
  return getstate(rng(self));
}

Value py_setstate(const Value& self, Args args, KwArgs kwargs) {
  static constexpr Param kParams[] = {{"state", true}};
  Value v[1];
  bind("Random.setstate", args, kwargs, kParams, v);
  setstate(rng(self), v[0]);
  return Value::none();
}

// CPython's distributions corosim does not reproduce yet; `self` of the
// module-level stub is its name.
Value not_supported(const Value& self, Args, KwArgs) {
  raise_error(exception_types().not_implemented_error,
              "random." + self.as<StrObject>()->text() + "() is not supported by corosim yet");
}
constexpr const char* kUnsupported[] = {"betavariate", "gammavariate", "vonmisesvariate", "randbytes"};

struct MethodEntry {
  const char* name;
  NativeFn fn;
};

// In random.py's order of the module-level aliases.
constexpr MethodEntry kMethods[] = {
    {"seed", py_seed},
    {"random", py_random},
    {"uniform", py_uniform},
    {"triangular", py_triangular},
    {"randint", py_randint},
    {"choice", py_choice},
    {"randrange", py_randrange},
    {"sample", py_sample},
    {"shuffle", py_shuffle},
    {"choices", py_choices},
    {"normalvariate", py_normalvariate},
    {"lognormvariate", py_lognormvariate},
    {"expovariate", py_expovariate},
    {"gauss", py_gauss},
    {"paretovariate", py_paretovariate},
    {"weibullvariate", py_weibullvariate},
    {"getstate", py_getstate},
    {"setstate", py_setstate},
    {"getrandbits", py_getrandbits},
};

// Random(x=None): Random.__init__ seeds and clears gauss_next.
Value construct_random(TypeObject* type, Args args, KwArgs kwargs) {
  static constexpr Param kParams[] = {{"x"}};
  Value v[1];
  bind("Random.__init__", args, kwargs, kParams, v);
  Ref<RandomObject> r = make<RandomObject>(type);
  seed(*r, or_default(v[0], Value::none()), Value::from_int(2));
  return Value(r);
}

Value random_attr(const Value& self, std::string_view name) {
  if (name == "gauss_next") return rng(self).gauss_next;
  return Value();
}

}  // namespace

TypeObject* random_type() {
  static TypeObject* type = [] {
    TypeObject* t = new_builtin_type("Random", builtin_types().object, 0, "random");
    t->construct = construct_random;
    t->get_attr = random_attr;
    for (const MethodEntry& m : kMethods) add_method(t, m.name, m.fn);
    t->set_attr("VERSION", Value::from_int(kStateVersion));
    return t;
  }();
  return type;
}

Value make_random_module() {
  Ref<ModuleObject> module = new_module("random", " from '/usr/lib/python3.11/random.py'");
  TypeObject* type = random_type();
  Value inst = construct_random(type, {}, {});
  module->set("Random", Value(type));
  for (const MethodEntry& m : kMethods)
    module->set(m.name, Value(bind_native(*type->lookup_own(m.name).as<NativeFunctionObject>(), inst)));
  for (const char* name : kUnsupported)
    module->set(name, Value(new_native_function(name, not_supported, new_str(name))));
  return Value(module);
}

}  // namespace corosim
