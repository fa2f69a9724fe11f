# An exception nobody catches ends the program: asyncio.run cancels what is
# left, shuts down, and re-raises it; Python prints the traceback on stderr
# and exits with status 1.
# Look for: outcome "error" (ValueError, raised in Task-1) in the trace, the
# background task cancelled on the way out, and no "after run" line.
import asyncio


async def background():
    try:
        await asyncio.sleep(10)
    finally:
        print("background cleaned up")


async def main():
    asyncio.create_task(background())
    await asyncio.sleep(1)
    raise ValueError("something went wrong")


asyncio.run(main())
print("after run")
