# An async context manager class: __aenter__ and __aexit__ are coroutines, so
# entering and leaving a `async with` block each take a loop step (here a
# short sleep, like opening and closing a connection). __aexit__ receives the
# exception raised in the block and suppresses it by returning True; a
# `return` inside the block still runs __aexit__ first. Two tasks use their
# own connections concurrently.
# Look for: "close" printed before the caller sees the result of `return`,
# the suppressed ValueError never reaching the caller, the KeyError passing
# through __aexit__ (which returns False) to the except clause.
import asyncio


class Connection:
    opened = 0

    def __init__(self, name, swallow=()):
        self.name = name
        self.swallow = swallow

    async def __aenter__(self):
        await asyncio.sleep(0.2)
        Connection.opened += 1
        print(f"{self.name}: open")
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await asyncio.sleep(0.1)
        suppress = exc_type is not None and issubclass(exc_type, self.swallow)
        print(f"{self.name}: close ({exc_type.__name__ if exc_type else 'clean'}, suppress={suppress})")
        return suppress

    async def query(self, text, cost):
        await asyncio.sleep(cost)
        return f"{self.name}:{text}"


async def worker(name, fail):
    async with Connection(name, swallow=(ValueError,)) as conn:
        first = await conn.query("a", 0.3)
        print(first)
        if fail:
            raise ValueError("bad row")
        return await conn.query("b", 0.1)
    return "suppressed"


async def strict():
    try:
        async with Connection("strict") as conn:
            await conn.query("x", 0.1)
            raise KeyError("missing")
    except KeyError as e:
        print("strict caught", repr(e))


async def main():
    results = await asyncio.gather(worker("w1", False), worker("w2", True), strict())
    print(results, Connection.opened)


asyncio.run(main())
