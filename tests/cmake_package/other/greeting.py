import asyncio


async def greet(name, delay):
    await asyncio.sleep(delay)
    print(f"hello {name}")


async def main():
    await asyncio.gather(greet("world", 2), greet("corosim", 1))


asyncio.run(main())
