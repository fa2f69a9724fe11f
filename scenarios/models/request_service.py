# A request-serving service under random load. Requests arrive one by one at
# exponential intervals (a Poisson stream), each handled by its own task
# (req-0000, req-0001, ...). A request needs one of a few backend connections,
# a pool kept as an asyncio.Semaphore; every attempt runs under
# asyncio.wait_for with a per-attempt timeout that also covers the time spent
# waiting for a connection. An attempt that times out or fails is retried after
# an exponential back-off with random jitter, up to MAX_ATTEMPTS in all. All
# randomness comes from one seeded generator, so every run is the same run.
# It prints throughput, how requests ended, latency percentiles, how busy the
# pool was and how many requests queued for it at worst.
# Look for, in the chart: the req-* rows waiting on the pool (a future) when
# bursts of arrivals outrun the connections, the short wait_for inner tasks
# (coroutine Backend.call) that are cancelled when an attempt times out, and the
# retries after a back-off sleep.
import asyncio
import random

random.seed(2024)

N_REQUESTS = 1500
ARRIVAL_RATE = 40.0     # requests per second
POOL_SIZE = 7           # backend connections
MEAN_SERVICE = 0.15     # seconds a backend call holds its connection, on average
TIMEOUT = 0.5           # seconds per attempt, waiting for a connection included
FAILURE_RATE = 0.12     # share of backend calls that fail
MAX_ATTEMPTS = 3
BACKOFF_BASE = 0.05     # the first retry waits this long, each next one twice as long, plus up to as much jitter


class BackendError(Exception):
    pass


class ConnectionPool:
    # A semaphore that also keeps the figures the report needs: the time
    # integral of connections in use (for utilisation) and the longest line of
    # requests waiting for a connection.
    def __init__(self, size):
        self.size = size
        self.slots = asyncio.Semaphore(size)
        self.loop = asyncio.get_running_loop()
        self.in_use = 0
        self.waiting = 0
        self.peak_waiting = 0
        self.busy_time = 0.0
        self.last_change = self.loop.time()

    def _account(self):
        now = self.loop.time()
        self.busy_time += self.in_use * (now - self.last_change)
        self.last_change = now

    async def __aenter__(self):
        self.waiting += 1
        self.peak_waiting = max(self.peak_waiting, self.waiting)
        try:
            await self.slots.acquire()
        finally:
            self.waiting -= 1
        self._account()
        self.in_use += 1
        return self

    async def __aexit__(self, exc_type, exc, tb):
        self._account()
        self.in_use -= 1
        self.slots.release()
        return False

    def utilisation(self, elapsed):
        self._account()
        return self.busy_time / (self.size * elapsed)


class Backend:
    def __init__(self, pool):
        self.pool = pool
        self.calls = 0

    async def call(self, request):
        async with self.pool:
            self.calls += 1
            await asyncio.sleep(random.expovariate(1.0 / MEAN_SERVICE))
            if random.random() < FAILURE_RATE:
                raise BackendError(f"backend failed request {request}")
        return request


class Stats:
    def __init__(self):
        self.outcomes = {"ok": 0, "timeout": 0, "failed": 0}
        self.latencies = []
        self.retries = 0

    def record(self, outcome, latency):
        self.outcomes[outcome] += 1
        if outcome == "ok":
            self.latencies.append(latency)


def percentile(sorted_values, p):
    # Nearest rank: the smallest value with at least p% of the values at or below it.
    rank = -(-p * len(sorted_values) // 100)
    return sorted_values[max(rank, 1) - 1]


async def handle(request, backend, stats):
    loop = asyncio.get_running_loop()
    started = loop.time()
    outcome = "failed"
    for attempt in range(MAX_ATTEMPTS):
        if attempt > 0:
            stats.retries += 1
            backoff = BACKOFF_BASE * 2 ** (attempt - 1)
            await asyncio.sleep(backoff + random.uniform(0, backoff))
        try:
            await asyncio.wait_for(backend.call(request), TIMEOUT)
            outcome = "ok"
            break
        except asyncio.TimeoutError:
            outcome = "timeout"
        except BackendError:
            outcome = "failed"
    stats.record(outcome, loop.time() - started)


async def main():
    loop = asyncio.get_running_loop()
    opened = loop.time()
    pool = ConnectionPool(POOL_SIZE)
    backend = Backend(pool)
    stats = Stats()
    requests = []
    for n in range(N_REQUESTS):
        await asyncio.sleep(random.expovariate(ARRIVAL_RATE))
        requests.append(asyncio.create_task(handle(n, backend, stats), name=f"req-{n:04d}"))
    await asyncio.gather(*requests)
    elapsed = loop.time() - opened

    latencies = sorted(stats.latencies)
    print(f"requests    {N_REQUESTS} in {elapsed:.2f} s virtual time")
    print(f"throughput  {stats.outcomes['ok'] / elapsed:.2f} successful requests/s")
    print(f"outcomes    ok {stats.outcomes['ok']}, timeout {stats.outcomes['timeout']}, "
          f"failed {stats.outcomes['failed']} (after {stats.retries} retries, {backend.calls} backend calls)")
    print(f"latency     p50 {percentile(latencies, 50) * 1000:.1f} ms, "
          f"p90 {percentile(latencies, 90) * 1000:.1f} ms, p99 {percentile(latencies, 99) * 1000:.1f} ms, "
          f"max {latencies[-1] * 1000:.1f} ms")
    print(f"pool        {POOL_SIZE} connections, {pool.utilisation(elapsed) * 100:.1f}% utilised, "
          f"peak {pool.peak_waiting} requests waiting")


asyncio.run(main())
