# random.choices with weights: CPython accumulates the weights, then bisects
# random() * total into them; cum_weights skips the accumulation. Without
# weights it picks population[floor(random() * n)].
# Look for: the same picks for weights [1, 3, 6] and cum_weights [1, 4, 10],
# and counts near 10% / 30% / 60% over 1000 picks.
import random

random.seed(99)
servers = ["slow", "medium", "fast"]
print(random.choices(servers, k=6))

random.seed(5)
by_weight = random.choices(servers, weights=[1, 3, 6], k=12)
random.seed(5)
by_cumulative = random.choices(servers, cum_weights=[1, 4, 10], k=12)
print(by_weight)
print("same picks", by_weight == by_cumulative)

random.seed(6)
counts = {name: 0 for name in servers}
for pick in random.choices(servers, [0.1, 0.3, 0.6], k=1000):
    counts[pick] += 1
print(counts)

try:
    random.choices(servers, [1, 2])
except ValueError as e:
    print("ValueError:", e)
