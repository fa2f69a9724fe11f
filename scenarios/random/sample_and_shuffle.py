# sample() picks without replacement: from a small population through a pool
# of candidates, from a large one through a set of chosen indices (CPython
# decides by comparing n with a set's size for k). shuffle() is Fisher-Yates
# from the end, each swap partner drawn by _randbelow (rejection sampling on
# getrandbits). choice() and randrange() use the same _randbelow.
# Look for: a sample of range(10**6) (the set path), a full sample of a short
# list (the pool path: a permutation), a shuffled deck, and a sample with counts.
import random

random.seed(31337)
print("lottery", random.sample(range(1, 50), 6))
print("big range", random.sample(range(10**6), 5))
print("permutation", random.sample(["a", "b", "c", "d", "e"], 5))
deck = [rank + suit for suit in "SH" for rank in "A23456789TJQK"]
random.shuffle(deck)
print("deck", deck)
print("cut at", random.randrange(len(deck)), "choice", random.choice(deck))
print("even", random.randrange(0, 100, 2), "down", random.randrange(100, 0, -7))
print("with counts", random.sample(["red", "blue"], counts=[4, 2], k=5))
print("bits", random.getrandbits(8), random.getrandbits(40))
