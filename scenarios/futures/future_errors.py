# The Future API's misuse errors, with CPython's messages: result() and
# exception() before the future is done (InvalidStateError), set_result on a
# finished future ("invalid state"), a cancelled future's CancelledError with
# its message, set_exception with an exception class (instantiated) and
# remove_done_callback's count.
# Look for: each error printed as type and message; "callback sees" printed
# twice one iteration after set_exception (report was added twice; only print
# was removed).
import asyncio


def report(f):
    print("callback sees", type(f.exception()).__name__)


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    for call in (fut.result, fut.exception):
        try:
            call()
        except asyncio.InvalidStateError as e:
            print("InvalidStateError:", e)
    fut.add_done_callback(report)
    fut.add_done_callback(report)
    fut.add_done_callback(print)
    print("removed", fut.remove_done_callback(print))
    fut.set_exception(KeyError)
    print("exception:", repr(fut.exception()))
    try:
        fut.set_result(1)
    except asyncio.InvalidStateError as e:
        print("set_result again:", e)
    print("cancel a done future:", fut.cancel())
    await asyncio.sleep(0)

    other = loop.create_future()
    print("cancel:", other.cancel("stop now"), other.cancelled(), other.done())
    try:
        other.result()
    except asyncio.CancelledError as e:
        print("result() raises CancelledError:", e)
    try:
        await other
    except asyncio.CancelledError as e:
        print("await raises CancelledError:", e)


asyncio.run(main())
