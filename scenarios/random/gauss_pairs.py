# gauss() makes normal values in pairs (Box-Muller) and keeps the second one
# for the next call; seed() throws the kept value away, and each Random
# instance keeps its own. normalvariate() makes no pairs (Kinderman-Monahan).
# Look for: the second gauss() returning the kept value without drawing, a
# re-seed in the middle of a pair starting a fresh pair, an instance's
# gauss_next, and the other distributions' exact floats.
import random

random.seed(3)
first = random.gauss()
print("pair", first, random.gauss())
print("scaled", random.gauss(100, 15), "kept for next", random.gauss(mu=10, sigma=0))
random.seed(3)
random.gauss()
random.seed(3)
print("re-seeded mid-pair starts a fresh pair", random.gauss() == first)
rng = random.Random(3)
print("instance", rng.gauss(), "keeps", rng.gauss_next)
print("normal", [random.normalvariate(0, 1) for _ in range(3)])
print("lognormal", random.lognormvariate(0, 0.5))
print("pareto", random.paretovariate(3), "expo", random.expovariate(2))
print("uniform", random.uniform(-1, 1), "triangular", random.triangular(0, 10, 2))
