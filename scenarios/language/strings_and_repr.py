# str methods and repr(): quote choice and escapes in repr, split/strip/join,
# startswith with a tuple, and Unicode case mapping (including German sharp s
# and the Greek final sigma). Tasks pass strings around so the results
# appear in the trace's print events.
# Look for: "it's" keeps double quotes, 'ß'.upper() is 'SS', and 'ΟΔΟΣ'
# lowercases to 'οδος' with a final ς.
import asyncio


async def shout(word, delay):
    await asyncio.sleep(delay)
    return word.upper()


async def main():
    words = "  straße   ΟΔΟΣ  it's\tdone  ".split()
    print(words, [w.lower() for w in words])
    print(await asyncio.gather(*(shout(w, i) for i, w in enumerate(words))))
    print(repr("tab\there"), repr('say "hi"'), repr("both ' and \""), repr("é\x00\u200b"))
    print("-".join(words).replace("-", " / ", 2), "xxhixx".strip("x"), "a,b,,c".split(","))
    print("report.txt".endswith((".csv", ".txt")), "Hello".startswith("he"), "ΟΔΟΣ".title())
    print({"k": "v'"}, ("single",), [None, True, 1.0], {1, 2, 3}, set(), {})


asyncio.run(main())
