// The random module against CPython 3.11: every expected value and message
// below was printed by python3 (the snippet is next to each), except the
// fixed default seed, which is corosim's own documented choice.
#include "sim/lib/random_module.h"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "sim/runtime/attribute.h"
#include "sim/runtime/call.h"
#include "sim/runtime/dict_object.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/list_object.h"
#include "sim/runtime/module_object.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/range_object.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/tuple_object.h"
#include "sim/vm/builtins.h"

namespace corosim {
namespace {

Value I(int64_t i) { return Value::from_int(i); }
Value F(double d) { return Value::from_float(d); }
Value S(const char* s) { return Value(new_str(s)); }
Value L(std::vector<Value> items) { return Value(new_list(std::move(items))); }

// One `random` module, as a program importing it sees it (with the
// builtins' constructors installed: randrange calls int()).
struct RandomModule {
  RandomModule() { init_builtins(); }
  Value module = make_random_module();

  Value attr(const char* name) const { return module.as<ModuleObject>()->get(name); }
  Value operator()(const char* name, std::vector<Value> args = {}, std::vector<KwArg> kwargs = {}) const {
    return call(attr(name), args, kwargs);
  }
  // repr of the result, or of the exception raised.
  std::string run(const char* name, std::vector<Value> args = {}, std::vector<KwArg> kwargs = {}) const {
    try {
      return repr((*this)(name, std::move(args), std::move(kwargs)));
    } catch (PyException& e) {
      return repr(e.exc);
    }
  }
  // repr of the list of `n` results of name(*args).
  std::string draws(int n, const char* name, std::vector<Value> args = {}) const {
    std::vector<Value> out;
    for (int i = 0; i < n; ++i) out.push_back((*this)(name, args));
    return repr(L(std::move(out)));
  }
  void seed(Value a) const { (*this)("seed", {std::move(a)}); }
  // random.Random(*args, **kwargs)
  Value instance(std::vector<Value> args = {}, std::vector<KwArg> kwargs = {}) const {
    return call(attr("Random"), args, kwargs);
  }
};

}  // namespace

TEST_CASE("seed(int) and random() give CPython's numbers; the sign of the seed is ignored") {
  RandomModule R;
  // R.seed(12345); print([R.random() for _ in range(3)]); R.seed(-12345); print(R.random())
  R.seed(I(12345));
  CHECK(R.draws(3, "random") == "[0.41661987254534116, 0.010169169457068361, 0.8252065092537432]");
  R.seed(I(-12345));
  CHECK(R.run("random") == "0.41661987254534116");
  // R.seed(True) is R.seed(1): print(R.random())
  R.seed(Value::from_bool(true));
  CHECK(R.run("random") == "0.13436424411240122");
}

TEST_CASE("seed(str) hashes with SHA-512 (version 2) or the old string hash (version 1); floats seed by hash") {
  RandomModule R;
  // R.seed("corosim"); print(R.random()); R.seed("corosim", version=1); print(R.random())
  R.seed(S("corosim"));
  CHECK(R.run("random") == "0.7319993368573098");
  R("seed", {S("corosim")}, {{"version", I(1)}});
  CHECK(R.run("random") == "0.687664085793495");
  // The same for "héllo wörld" (non-ASCII: UTF-8 bytes, resp. code points).
  R.seed(S("h\xc3\xa9llo w\xc3\xb6rld"));
  CHECK(R.run("random") == "0.07829104647591212");
  R("seed", {S("h\xc3\xa9llo w\xc3\xb6rld"), I(1)});
  CHECK(R.run("random") == "0.9032243721845895");
  // R.seed(2.5); print(R.random()); R.seed(-2.5); print(R.random())
  R.seed(F(2.5));
  CHECK(R.run("random") == "0.41877545666909954");
  R.seed(F(-2.5));
  CHECK(R.run("random") == "0.4779490710306722");
  CHECK(R.run("seed", {L({I(1)})}) ==
        "TypeError('The only supported seed types are: None,\\nint, float, str, bytes, and bytearray.')");
  CHECK(R.run("seed", {I(1), I(2), I(3)}) ==
        "TypeError('Random.seed() takes from 1 to 3 positional arguments but 4 were given')");
  CHECK(R.run("seed", {}, {{"x", I(3)}}) == "TypeError(\"Random.seed() got an unexpected keyword argument 'x'\")");
}

TEST_CASE("unseeded, seed() and seed(None) use the fixed default: seed(0)") {
  RandomModule fresh, zero;
  zero.seed(I(kDefaultSeed));
  const std::string expected = zero.draws(3, "random");
  CHECK(fresh.draws(3, "random") == expected);
  fresh("seed");
  CHECK(fresh.draws(3, "random") == expected);
  fresh.seed(Value::none());
  CHECK(fresh.draws(3, "random") == expected);
  Value unseeded = fresh.instance({});
  std::vector<Value> from_instance;
  for (int i = 0; i < 3; ++i) from_instance.push_back(call_method(unseeded, "random", {}));
  CHECK(repr(L(from_instance)) == expected);
  // python3: random.seed(0); print(random.random())
  zero.seed(I(0));
  CHECK(zero.run("random") == "0.8444218515250481");
}

TEST_CASE("getrandbits takes whole words and keeps the top bits; beyond 63 bits is refused") {
  RandomModule R;
  // R.seed(7); print([R.getrandbits(k) for k in (0, 1, 5, 31, 32, 33, 63)])
  R.seed(I(7));
  std::vector<Value> out;
  for (int k : {0, 1, 5, 31, 32, 33, 63}) out.push_back(R("getrandbits", {I(k)}));
  CHECK(repr(L(out)) == "[0, 0, 30, 323946139, 1695753998, 2795742288, 7574918311415852851]");
  CHECK(R.run("getrandbits", {I(-1)}) == "ValueError('number of bits must be non-negative')");
  CHECK(R.run("getrandbits", {F(1.5)}) == "TypeError(\"'float' object cannot be interpreted as an integer\")");
  CHECK(R.run("getrandbits") == "TypeError('Random.getrandbits() takes exactly one argument (0 given)')");
  CHECK(R.run("getrandbits", {}, {{"k", I(3)}}) == "TypeError('Random.getrandbits() takes no keyword arguments')");
  CHECK(R.run("getrandbits", {I(64)}) ==
        "OverflowError('getrandbits(64): corosim ints are 64-bit, so at most 63 bits can be drawn')");
  CHECK(R.run("random", {I(1)}) == "TypeError('Random.random() takes no arguments (1 given)')");
}

TEST_CASE("randrange and randint: _randbelow by rejection, CPython's argument checks") {
  RandomModule R;
  // R.seed(7); print([R.randrange(10), R.randrange(5, 50), R.randrange(0, 100, 7),
  //   R.randrange(50, 0, -3), R.randrange(-10, 10), R.randrange(2**62),
  //   R.randrange(-2**62, 2**62-1, 2**40), R.randrange(2**63-1), R.randrange(3.0),
  //   R.randrange(10, step=1)])
  R.seed(I(7));
  std::vector<Value> out = {R("randrange", {I(10)}),
                            R("randrange", {I(5), I(50)}),
                            R("randrange", {I(0), I(100), I(7)}),
                            R("randrange", {I(50), I(0), I(-3)}),
                            R("randrange", {I(-10), I(10)}),
                            R("randrange", {I(int64_t(1) << 62)}),
                            R("randrange", {I(-(int64_t(1) << 62)), I((int64_t(1) << 62) - 1), I(int64_t(1) << 40)}),
                            R("randrange", {I(INT64_MAX)}),
                            R("randrange", {F(3.0)}),
                            R("randrange", {I(10)}, {{"step", I(1)}})};
  CHECK(repr(L(out)) ==
        "[5, 14, 42, 47, -8, 3372884942334257169, -3541795233903673344, 4680268584103075220, 0, 0]");
  // R.seed(8); print([R.randint(1, 6) for _ in range(10)])
  R.seed(I(8));
  CHECK(R.draws(10, "randint", {I(1), I(6)}) == "[2, 3, 4, 2, 2, 6, 1, 1, 2, 2]");

  CHECK(R.run("randrange", {I(0)}) == "ValueError('empty range for randrange()')");
  CHECK(R.run("randrange", {I(5), I(5)}) == "ValueError('empty range for randrange() (5, 5, 0)')");
  CHECK(R.run("randrange", {I(5), I(1), I(1)}) == "ValueError('empty range for randrange() (5, 1, -4)')");
  CHECK(R.run("randrange", {I(1), I(5), I(0)}) == "ValueError('zero step for randrange()')");
  CHECK(R.run("randrange", {I(5), I(1), I(2)}) == "ValueError('empty range for randrange()')");
  CHECK(R.run("randrange", {F(1.5)}) == "ValueError('non-integer arg 1 for randrange()')");
  CHECK(R.run("randrange", {I(1), F(2.5)}) == "ValueError('non-integer stop for randrange()')");
  CHECK(R.run("randrange", {I(1), I(5), F(1.5)}) == "ValueError('non-integer step for randrange()')");
  CHECK(R.run("randrange", {S("a")}) == "ValueError(\"invalid literal for int() with base 10: 'a'\")");
  CHECK(R.run("randrange", {Value::none()}) ==
        "TypeError(\"int() argument must be a string, a bytes-like object or a real number, not 'NoneType'\")");
  CHECK(R.run("randrange", {I(10)}, {{"step", I(2)}}) == "TypeError('Missing a non-None stop argument')");
  CHECK(R.run("randrange") == "TypeError(\"Random.randrange() missing 1 required positional argument: 'start'\")");
  CHECK(R.run("randrange", {I(1), I(2), I(3), I(4)}) ==
        "TypeError('Random.randrange() takes from 2 to 4 positional arguments but 5 were given')");
  CHECK(R.run("randint", {I(1)}) == "TypeError(\"Random.randint() missing 1 required positional argument: 'b'\")");
  CHECK(R.run("randint") ==
        "TypeError(\"Random.randint() missing 2 required positional arguments: 'a' and 'b'\")");
  CHECK(R.run("randint", {I(1), I(2), I(3)}) ==
        "TypeError('Random.randint() takes 3 positional arguments but 4 were given')");
  CHECK(R.run("randint", {I(1)}, {{"b", I(2)}, {"c", I(3)}}) ==
        "TypeError(\"Random.randint() got an unexpected keyword argument 'c'\")");
  CHECK(R.run("randint", {I(1)}, {{"a", I(2)}}) ==
        "TypeError(\"Random.randint() got multiple values for argument 'a'\")");
  // Beyond CPython: a width outside corosim's 64-bit ints.
  CHECK(R.run("randrange", {I(INT64_MIN), I(INT64_MAX)}) ==
        "OverflowError('integer overflow: result exceeds the 64-bit range of corosim ints "
        "(-9223372036854775808 to 9223372036854775807)')");
}

TEST_CASE("choice and shuffle index through the sequence protocol") {
  RandomModule R;
  // R.seed(9); print([R.choice([10, 20, 30]), R.choice("abcdef"), R.choice(range(100, 200)),
  //   R.choice((1.5, 2.5))])
  R.seed(I(9));
  std::vector<Value> out = {R("choice", {L({I(10), I(20), I(30)})}), R("choice", {S("abcdef")}),
                            R("choice", {Value(new_range(100, 200))}),
                            R("choice", {Value(new_tuple({F(1.5), F(2.5)}))})};
  CHECK(repr(L(out)) == "[20, 'e', 147, 2.5]");
  CHECK(R.run("choice", {L({})}) == "IndexError('Cannot choose from an empty sequence')");
  CHECK(R.run("choice", {I(5)}) == "TypeError(\"object of type 'int' has no len()\")");

  // R.seed(10); x = list(range(20)); R.shuffle(x); print(x)
  R.seed(I(10));
  std::vector<Value> items;
  for (int i = 0; i < 20; ++i) items.push_back(I(i));
  Value x = L(items);
  CHECK(R.run("shuffle", {x}) == "None");
  CHECK(repr(x) == "[14, 11, 5, 6, 19, 8, 9, 12, 16, 2, 10, 4, 17, 7, 3, 0, 15, 13, 1, 18]");
  CHECK(R.run("shuffle", {Value(new_tuple({I(1), I(2)}))}) ==
        "TypeError(\"'tuple' object does not support item assignment\")");
}

TEST_CASE("sample: the pool for small populations, a set of indices for large ones, counts") {
  RandomModule R;
  std::vector<Value> ten;
  for (int i = 0; i < 10; ++i) ten.push_back(I(i));
  // R.seed(11); print(R.sample(range(100), 10))        (set: 100 > 21 + 4**3)
  R.seed(I(11));
  CHECK(R.run("sample", {Value(new_range(0, 100)), I(10)}) == "[57, 71, 99, 59, 65, 75, 24, 23, 60, 80]");
  // R.seed(11); print(R.sample(list(range(10)), 10))   (pool)
  R.seed(I(11));
  CHECK(R.run("sample", {L(ten), I(10)}) == "[7, 8, 9, 3, 4, 5, 1, 0, 6, 2]");
  // R.seed(11); print(R.sample("abcdefgh", 3))
  R.seed(I(11));
  CHECK(R.run("sample", {S("abcdefgh"), I(3)}) == "['h', 'g', 'e']");
  // R.seed(11); print(R.sample(['red', 'blue'], counts=[4, 2], k=5))
  R.seed(I(11));
  CHECK(R.run("sample", {L({S("red"), S("blue")})}, {{"counts", L({I(4), I(2)})}, {"k", I(5)}}) ==
        "['red', 'blue', 'blue', 'red', 'red']");
  // R.seed(11); print(R.sample(range(1000), 30))        (set: 1000 > 21 + 4**4)
  R.seed(I(11));
  CHECK(R.run("sample", {Value(new_range(0, 1000)), I(30)}) ==
        "[463, 886, 573, 877, 946, 799, 476, 462, 520, 875, 601, 194, 189, 823, 524, 487, 644, 628, 812, 190, "
        "96, 457, 310, 145, 92, 551, 829, 911, 710, 649]");

  Value two = L({I(1), I(2)});
  CHECK(R.run("sample", {Value(new_dict()), I(1)}) ==
        "TypeError('Population must be a sequence.  For dicts or sets, use sorted(d).')");
  CHECK(R.run("sample", {two, I(3)}) == "ValueError('Sample larger than population or is negative')");
  CHECK(R.run("sample", {two, I(-1)}) == "ValueError('Sample larger than population or is negative')");
  CHECK(R.run("sample", {two}) == "TypeError(\"Random.sample() missing 1 required positional argument: 'k'\")");
  CHECK(R.run("sample", {two, I(1)}, {{"counts", L({I(1)})}}) ==
        "ValueError('The number of counts does not match the population')");
  CHECK(R.run("sample", {two, I(1)}, {{"counts", L({I(0), I(0)})}}) ==
        "ValueError('Total of counts must be greater than zero')");
  CHECK(R.run("sample", {two, I(1)}, {{"counts", L({F(1.0), F(1.0)})}}) ==
        "TypeError('Counts must be integers')");
}

TEST_CASE("choices: floor(random() * n) without weights, bisect on cumulative weights with them") {
  RandomModule R;
  Value xyz = L({S("x"), S("y"), S("z")});
  // R.seed(12); print(R.choices("abc", k=5))
  R.seed(I(12));
  CHECK(R.run("choices", {S("abc")}, {{"k", I(5)}}) == "['b', 'b', 'b', 'a', 'a']");
  // R.seed(12); print(R.choices(["x", "y", "z"], [1, 2, 7], k=8))   (and [0.1, 0.2, 0.7])
  R.seed(I(12));
  CHECK(R.run("choices", {xyz, L({I(1), I(2), I(7)})}, {{"k", I(8)}}) ==
        "['z', 'z', 'z', 'y', 'x', 'z', 'y', 'z']");
  R.seed(I(12));
  CHECK(R.run("choices", {xyz, L({F(0.1), F(0.2), F(0.7)})}, {{"k", I(8)}}) ==
        "['z', 'z', 'z', 'y', 'x', 'z', 'y', 'z']");
  // R.seed(12); print(R.choices(["x", "y", "z"], cum_weights=[5, 5, 10], k=8))
  R.seed(I(12));
  CHECK(R.run("choices", {xyz}, {{"cum_weights", L({I(5), I(5), I(10)})}, {"k", I(8)}}) ==
        "['x', 'z', 'z', 'x', 'x', 'x', 'x', 'z']");
  // R.seed(12); print(R.choices("abc"), R.choices("abc", k=0), R.choices("abc", k=-2))
  R.seed(I(12));
  CHECK(R.run("choices", {S("abc")}) == "['b']");
  CHECK(R.run("choices", {S("abc")}, {{"k", I(0)}}) == "[]");
  CHECK(R.run("choices", {S("abc")}, {{"k", I(-2)}}) == "[]");

  Value two = L({I(1), I(2)});
  CHECK(R.run("choices", {L({})}, {{"k", I(2)}}) == "IndexError('list index out of range')");
  CHECK(R.run("choices", {two, L({I(1)})}) == "ValueError('The number of weights does not match the population')");
  CHECK(R.run("choices", {two, L({I(0), I(0)})}) == "ValueError('Total of weights must be greater than zero')");
  CHECK(R.run("choices", {two, L({I(1), I(2)})}, {{"cum_weights", L({I(1), I(2)})}}) ==
        "TypeError('Cannot specify both weights and cumulative weights')");
  CHECK(R.run("choices", {two, I(3)}) == "TypeError('The number of choices must be a keyword argument: k=3')");
  CHECK(R.run("choices", {two, L({I(1), F(INFINITY)})}) == "ValueError('Total of weights must be finite')");
  CHECK(R.run("choices", {two, L({S("a"), S("b")})}) ==
        "TypeError('can only concatenate str (not \"float\") to str')");
  CHECK(R.run("choices", {two}, {{"k", F(1.5)}}) ==
        "TypeError(\"'float' object cannot be interpreted as an integer\")");
}

TEST_CASE("real-valued distributions use random.py's formulas in its order of operations") {
  RandomModule R;
  // R.seed(13); print([R.uniform(1, 3), R.uniform(2.5, 10), R.uniform(10, 1)])
  R.seed(I(13));
  std::vector<Value> u = {R("uniform", {I(1), I(3)}), R("uniform", {F(2.5), I(10)}), R("uniform", {I(10), I(1)})};
  CHECK(repr(L(u)) == "[1.5180169834309472, 7.639434947234027, 3.843262737855003]");
  // R.seed(13); print([R.expovariate(0.5), R.expovariate(3), R.expovariate(1.5)])
  R.seed(I(13));
  std::vector<Value> e = {R("expovariate", {F(0.5)}), R("expovariate", {I(3)}), R("expovariate", {F(1.5)})};
  CHECK(repr(L(e)) == "[0.5995322271133436, 0.38533400034173454, 0.7681815554869494]");
  // R.seed(15); print([R.normalvariate(), R.normalvariate(100, 15), R.normalvariate(sigma=3)])
  R.seed(I(15));
  std::vector<Value> n = {R("normalvariate"), R("normalvariate", {I(100), I(15)}),
                          R("normalvariate", {}, {{"sigma", I(3)}})};
  CHECK(repr(L(n)) == "[0.4808269544419901, 130.64628117165663, -2.023768673657296]");
  // R.seed(15); print([R.lognormvariate(0, 1), R.lognormvariate(1.5, 0.25)])
  R.seed(I(15));
  std::vector<Value> ln = {R("lognormvariate", {I(0), I(1)}), R("lognormvariate", {F(1.5), F(0.25)})};
  CHECK(repr(L(ln)) == "[1.6174113748299126, 7.4690764193599835]");
  // R.seed(15); print([R.paretovariate(1), R.paretovariate(2.5)])
  R.seed(I(15));
  std::vector<Value> p = {R("paretovariate", {I(1)}), R("paretovariate", {F(2.5)})};
  CHECK(repr(L(p)) == "[28.770472194068056, 1.004700268604382]");
  // R.seed(15); print([R.triangular(), R.triangular(0, 10), R.triangular(0, 10, 8), R.triangular(3, 3, 3)])
  R.seed(I(15));
  std::vector<Value> t = {R("triangular"), R("triangular", {I(0), I(10)}), R("triangular", {I(0), I(10), I(8)}),
                          R("triangular", {I(3), I(3), I(3)})};
  CHECK(repr(L(t)) == "[0.8681708331819604, 0.763370610913897, 7.673286752347396, 3]");
  // R.seed(15); print([R.weibullvariate(1, 1.5), R.weibullvariate(2, 0.5)])
  R.seed(I(15));
  std::vector<Value> w = {R("weibullvariate", {I(1), F(1.5)}), R("weibullvariate", {I(2), F(0.5)})};
  CHECK(repr(L(w)) == "[2.2430388753710333, 0.0002748641206835135]");

  CHECK(R.run("expovariate", {I(0)}) == "ZeroDivisionError('float division by zero')");
  CHECK(R.run("paretovariate", {I(0)}) == "ZeroDivisionError('float division by zero')");
  CHECK(R.run("uniform", {I(1)}) == "TypeError(\"Random.uniform() missing 1 required positional argument: 'b'\")");
  CHECK(R.run("uniform", {S("a"), S("b")}) == "TypeError(\"unsupported operand type(s) for -: 'str' and 'str'\")");
  CHECK(R.run("lognormvariate", {I(0)}) ==
        "TypeError(\"Random.lognormvariate() missing 1 required positional argument: 'sigma'\")");
  CHECK(R.run("normalvariate", {}, {{"mu", I(1)}, {"sigma", I(2)}, {"z", I(3)}}) ==
        "TypeError(\"Random.normalvariate() got an unexpected keyword argument 'z'\")");
  CHECK(R.run("gammavariate", {I(1), I(1)}) == "NotImplementedError('random.gammavariate() is not supported by corosim yet')");
}

TEST_CASE("gauss keeps the second value of each pair until the next call or seed()") {
  RandomModule R;
  // R.seed(14); print([R.gauss(), R.gauss(), R.gauss(10, 2), R.gauss(mu=5), R.gauss()])
  R.seed(I(14));
  std::vector<Value> g = {R("gauss"), R("gauss"), R("gauss", {I(10), I(2)}), R("gauss", {}, {{"mu", I(5)}}),
                          R("gauss")};
  CHECK(repr(L(g)) ==
        "[1.219479936120244, 0.9685689584243671, 7.2580452647913845, 3.0611798846808678, -0.10167877335534219]");
  // R.seed(14); R.gauss(); R.seed(14); print(R.gauss())
  R.seed(I(14));
  R("gauss");
  R.seed(I(14));
  CHECK(R.run("gauss") == "1.219479936120244");
  CHECK(R.run("gauss", {S("a")}) == "TypeError('can only concatenate str (not \"float\") to str')");
}

TEST_CASE("Random instances have their own state, independent of the module's") {
  RandomModule R;
  // r = R.Random(5); R.seed(5); print(r.random() == R.random(), r.gauss(), r.gauss_next,
  //   R.Random(5).gauss_next)
  Value r = R.instance({I(5)});
  R.seed(I(5));
  CHECK(equals(call_method(r, "random", {}), R("random")));
  CHECK(repr(call_method(r, "gauss", {})) == "-0.091857289809956");
  CHECK(repr(get_attr(r, "gauss_next")) == "-1.7784662422033553");
  CHECK(repr(get_attr(R.instance({I(5)}), "gauss_next")) == "None");
  CHECK(repr(R.attr("Random")) == "<class 'random.Random'>");

  Value keyword = R.instance({}, {{"x", I(5)}});
  Value positional = R.instance({I(5)});
  CHECK(equals(call_method(keyword, "random", {}), call_method(positional, "random", {})));
  try {
    R.instance({I(1), I(2)});
    FAIL("Random(1, 2) accepted");
  } catch (PyException& e) {
    CHECK(repr(e.exc) == "TypeError('Random.__init__() takes from 1 to 2 positional arguments but 3 were given')");
  }
}

TEST_CASE("getstate and setstate resume the sequence, gauss_next included") {
  RandomModule R;
  R.seed(I(21));
  R("gauss");
  Value state = R("getstate");
  const std::string ahead = R.draws(3, "gauss");
  R("setstate", {state});
  CHECK(R.draws(3, "gauss") == ahead);
  const auto& parts = state.as<TupleObject>()->items;
  REQUIRE(parts.size() == 3);
  CHECK(repr(parts[0]) == "3");
  CHECK(parts[1].as<TupleObject>()->items.size() == 625);

  // python3: random.setstate(...) for each of these
  CHECK(R.run("setstate", {Value(new_tuple({I(1), I(2), I(3)}))}) ==
        "ValueError('state with version 1 passed to Random.setstate() of version 3')");
  CHECK(R.run("setstate", {I(5)}) == "TypeError(\"'int' object is not subscriptable\")");
  CHECK(R.run("setstate", {Value(new_tuple({I(3), Value(new_tuple({I(1), I(2)})), Value::none()}))}) ==
        "ValueError('state vector is the wrong size')");
  CHECK(R.run("setstate", {Value(new_tuple({I(3), L({I(1)}), Value::none()}))}) ==
        "TypeError('state vector must be a tuple')");
  CHECK(R.run("setstate", {Value(new_tuple({I(3), Value(new_tuple({I(1)}))}))}) ==
        "ValueError('not enough values to unpack (expected 3, got 2)')");
  std::vector<Value> words(625, I(1));
  words.back() = I(625);
  CHECK(R.run("setstate", {Value(new_tuple({I(3), Value(new_tuple(words)), Value::none()}))}) ==
        "ValueError('invalid state')");
  words.assign(625, I(-1));
  CHECK(R.run("setstate", {Value(new_tuple({I(3), Value(new_tuple(words)), Value::none()}))}) ==
        "OverflowError(\"can't convert negative value to unsigned int\")");
  // Version 2 stored the words signed: random.setstate((2, (-1,)*624 + (0,), None));
  // print(random.random()) -> 0.43701338348547647
  words.back() = I(0);
  R("setstate", {Value(new_tuple({I(2), Value(new_tuple(words)), Value::none()}))});
  CHECK(R.run("random") == "0.43701338348547647");
  CHECK(R.run("getstate", {I(1)}) == "TypeError('Random.getstate() takes 1 positional argument but 2 were given')");
}

}  // namespace corosim
