# Misuse of random raises what CPython raises, with its message, and the
# program can catch it: empty ranges, a zero step, a non-integer bound, an
# empty sequence, a sample larger than its population, both weights and
# cum_weights, an unsupported seed type.
# Look for: each message exactly as python3 prints it.
import random

random.seed(1)
attempts = [
    lambda: random.randrange(0),
    lambda: random.randrange(5, 5),
    lambda: random.randrange(1, 10, 0),
    lambda: random.randrange(2.5),
    lambda: random.randint(10, 1),
    lambda: random.choice([]),
    lambda: random.sample([1, 2, 3], 4),
    lambda: random.sample({1, 2, 3}, 2),
    lambda: random.choices("ab", [1, 1], cum_weights=[1, 2]),
    lambda: random.seed([1, 2]),
    lambda: random.getrandbits(-1),
    lambda: random.randint(1),
]
for attempt in attempts:
    try:
        attempt()
    except (ValueError, TypeError, IndexError) as e:
        print(type(e).__name__ + ":", e)
print("still reproducible", random.random())
