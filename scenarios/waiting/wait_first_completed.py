# asyncio.wait(..., return_when=FIRST_COMPLETED): main waits on one internal
# future that the first task to finish releases through its done callback;
# the other tasks keep running and come back in `pending`. A second wait on
# what is left, with the default ALL_COMPLETED, returns when the last one ends.
# The done and pending sets are sets of tasks: corosim hashes a task as its
# trace id (the reference tracer does the same), so they print in the same
# order as on CPython.
# Look for: main waits on {"what": "future"} (not on the tasks); Task-3 is
# done at t=1 and main resumes in the same loop iteration's next step; Task-2
# and Task-4 are still sleeping; the second wait returns at t=3.
import asyncio


async def job(name, delay):
    await asyncio.sleep(delay)
    return name


async def main():
    tasks = [asyncio.create_task(job(n, d)) for n, d in (("slow", 3), ("quick", 1), ("medium", 2))]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print("first done:", [t.result() for t in done], "at", asyncio.get_running_loop().time())
    print("still pending:", [t.get_name() for t in pending])
    done, pending = await asyncio.wait(pending)
    print("then done:", sorted(t.result() for t in done), "pending:", pending)
    print("at", asyncio.get_running_loop().time())


asyncio.run(main())
