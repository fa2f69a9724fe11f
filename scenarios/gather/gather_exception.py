# gather() without return_exceptions: the first exception of a child is raised
# in the awaiting task, but the other children are NOT cancelled: they keep
# running and finish on their own.
# Look for: main catching ValueError at t=1 while "slow" still prints its end
# at t=3 (main waits for it with a plain sleep), and the failed child's done
# state in the trace.
import asyncio


async def work(name, seconds, fail=False):
    print(name, "starts")
    await asyncio.sleep(seconds)
    if fail:
        raise ValueError(f"{name} broke")
    print(name, "ends")
    return name


async def main():
    try:
        await asyncio.gather(work("fast", 2), work("faulty", 1, fail=True), work("slow", 3))
    except ValueError as e:
        print("main caught:", e, "at", asyncio.get_running_loop().time())
    await asyncio.sleep(3)
    print("main ends at", asyncio.get_running_loop().time())


asyncio.run(main())
