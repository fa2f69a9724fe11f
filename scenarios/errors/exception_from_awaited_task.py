# An exception raised inside a task is stored in the task and re-raised in
# every task that awaits it; a user-defined exception class works like the
# built-in ones.
# Look for: Task-2 done "failed" with PaymentError at t=1, main catching it,
# and exception() returning the same error afterwards.
import asyncio


class PaymentError(Exception):
    """The payment service refused the request."""


async def charge(amount):
    await asyncio.sleep(1)
    if amount > 100:
        raise PaymentError(f"amount {amount} over limit")
    return "charged"


async def main():
    task = asyncio.create_task(charge(250))
    try:
        await task
    except PaymentError as e:
        print("main caught:", e)
    print("stored:", repr(task.exception()))
    print(await charge(20))


asyncio.run(main())
