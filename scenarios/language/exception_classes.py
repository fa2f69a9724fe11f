# User exception classes raised inside tasks: __init__ calling super() with
# extra attributes, a custom __str__, `raise ... from ...`, except tuples,
# and what str(), repr() and .args show for each once the exception has
# travelled through `await` into another task.
# Look for: repr(e) uses the constructor's args, str(e) uses __str__, and
# __cause__ survives the trip through the task.
import asyncio


class FetchError(Exception):
    """A fetch failed."""

    def __init__(self, url, status):
        super().__init__(f"{url} answered {status}")
        self.url = url
        self.status = status


class NotFound(FetchError):
    def __init__(self, url):
        super().__init__(url, 404)

    def __str__(self):
        return f"nothing at {self.url}"


async def fetch(url, delay):
    await asyncio.sleep(delay)
    if url.endswith("/missing"):
        raise NotFound(url)
    if url.endswith("/broken"):
        try:
            {}["body"]
        except KeyError as e:
            raise FetchError(url, 500) from e
    return f"<{url}>"


async def main():
    urls = ["a/ok", "b/missing", "c/broken"]
    tasks = [asyncio.create_task(fetch(u, i + 1)) for i, u in enumerate(urls)]
    for t in tasks:
        try:
            print("got", await t)
        except NotFound as e:
            print("not found:", e, "|", repr(e), "|", e.args, e.status)
        except (KeyError, FetchError) as e:
            print("failed:", e, "|", repr(e.__cause__), e.__suppress_context__)
    print(NotFound.__doc__, FetchError.__doc__, isinstance(tasks[1].exception(), FetchError))
    results = await asyncio.gather(fetch("d/missing", 1), fetch("e/ok", 2), return_exceptions=True)
    print([type(r).__name__ for r in results], results)


asyncio.run(main())
