# Closures in coroutines: each task gets its own counter through a closure
# with `nonlocal`; lambdas made in a loop see the loop variable's last value
# unless it is bound as a default, and a default is evaluated once, when the
# `def` runs (so a mutable default is shared between calls and tasks).
# Look for: the late-binding [2, 2, 2] versus [0, 1, 2], and the shared list.
import asyncio


def make_counter(name):
    count = 0

    def tick():
        nonlocal count
        count += 1
        return f"{name}:{count}"
    return tick


def remember(item, seen=[]):
    seen.append(item)
    return len(seen)


async def worker(name, steps):
    tick = make_counter(name)
    for _ in range(steps):
        await asyncio.sleep(0.5)
        print(tick(), "seen", remember(name))


async def main():
    late = [lambda: i for i in range(3)]
    bound = [lambda i=i: i for i in range(3)]
    print([f() for f in late], [f() for f in bound])
    await asyncio.gather(worker("a", 2), worker("b", 3))
    print(remember("main"), remember.__defaults__)


asyncio.run(main())
