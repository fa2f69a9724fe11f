# gather(..., return_exceptions=True) never raises because of a child: each
# child's exception takes the place of its result, in argument order.
# Look for: the list [1, ValueError('two'), 3, KeyError('four')] and the
# exception types printed one by one.
import asyncio


async def value(n):
    await asyncio.sleep(n)
    return n


async def failing(exc):
    await asyncio.sleep(1)
    raise exc


async def main():
    results = await asyncio.gather(value(1), failing(ValueError("two")), value(3),
                                   failing(KeyError("four")), return_exceptions=True)
    print(results)
    for item in results:
        if isinstance(item, Exception):
            print("error:", type(item).__name__, item)
        else:
            print("value:", item)


asyncio.run(main())
