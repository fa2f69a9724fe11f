# f-strings, str.format and %-formatting report task timings: alignment
# (`:>10`, `:^10`), precision (`:.3f`), thousands separators (`:,` and `:_`),
# zero padding (`:08.3f`), hex/octal (`:x`, `:#o`), exponents (`:e`),
# percentages (`:%`), conversions (`!r`) and nested specs (`{x:{w}}`).
# Look for: every line is byte-identical to CPython's.
import asyncio


async def job(name, delay):
    loop = asyncio.get_running_loop()
    start = loop.time()
    await asyncio.sleep(delay)
    return name, loop.time() - start


async def main():
    results = await asyncio.gather(job("fetch", 1.25), job("parse", 0.5), job("store", 2))
    width = max(len(name) for name, _ in results) + 2
    total = sum(t for _, t in results)
    print(f"{'task':<{width}}|{'secs':>8}|{'share':^9}|")
    for name, secs in results:
        print(f"{name:<{width}}|{secs:>8.3f}|{secs / total:^9.1%}|")
    print(f"{total:08.3f} {1234567:,} {1234567:_} {255:x} {255:#o} {255:#b} {0.000123:e}")
    print(f"{'tasks'!r:>10} {len(results)!r:<4}| {3.14159:{width}.{3}}")
    print("{:>6}|{:<6}|{:^6}|{:.2f}".format("a", "b", "c", 2 / 3))
    print("%-6s|%6.2f|%05d|%x|%r" % ("row", 3.14159, 42, 255, "q"))


asyncio.run(main())
