# A staged pipeline with back-pressure. A producer makes items at exponential
# intervals and puts them on a bounded asyncio.Queue; three stages follow, each
# a pool of worker tasks that take an item from their inbox, work on it for a
# random time and put it on the next stage's bounded queue; a sink takes the
# finished items. The middle stage, enrich, is the slow one: its queue fills,
# the parse workers block on put() behind it, their own queue fills, and the
# producer blocks too - back-pressure travelling upstream. A monitor task samples
# every queue's length at a fixed interval. All randomness comes from one seeded
# generator, so every run is the same run.
# It prints throughput, end-to-end latency percentiles, the longest and mean
# length of each queue, and how long the producer was blocked by back-pressure.
# Look for, in the chart: the enrich-* workers busy almost all the time, the
# parse-* workers waiting on a full queue (a future) while enrich lags, the
# producer stalling in put(), and the monitor's regular ticks.
import asyncio
import random

random.seed(7)

N_ITEMS = 2000
ARRIVAL_RATE = 50.0     # items per second from the producer
QUEUE_SIZE = 10         # capacity of each queue between stages
SAMPLE_EVERY = 0.25     # seconds between two samples of the queue lengths
# name, workers, mean seconds of work per item
STAGES = [
    ("parse", 2, 0.02),
    ("enrich", 3, 0.066),
    ("store", 2, 0.03),
]


class Item:
    def __init__(self, number, created):
        self.number = number
        self.created = created


class Stage:
    def __init__(self, name, workers, mean_work, inbox, outbox):
        self.name = name
        self.workers = workers
        self.mean_work = mean_work
        self.inbox = inbox
        self.outbox = outbox
        self.busy_time = 0.0

    async def work(self):
        while True:
            item = await self.inbox.get()
            duration = random.expovariate(1.0 / self.mean_work)
            self.busy_time += duration
            await asyncio.sleep(duration)
            await self.outbox.put(item)
            self.inbox.task_done()

    def start(self):
        return [asyncio.create_task(self.work(), name=f"{self.name}-{n + 1}")
                for n in range(self.workers)]


class QueueMonitor:
    # Samples the length of every queue at a fixed interval, the way a metrics
    # scraper would, and keeps the longest and the sum of the samples.
    def __init__(self, queues):
        self.queues = queues
        self.samples = 0
        self.longest = {name: 0 for name in queues}
        self.total = {name: 0 for name in queues}

    async def run(self):
        while True:
            self.samples += 1
            for name, queue in self.queues.items():
                length = queue.qsize()
                self.longest[name] = max(self.longest[name], length)
                self.total[name] += length
            await asyncio.sleep(SAMPLE_EVERY)

    def mean(self, name):
        return self.total[name] / self.samples


class Sink:
    def __init__(self, inbox):
        self.inbox = inbox
        self.latencies = []

    async def run(self):
        loop = asyncio.get_running_loop()
        while True:
            item = await self.inbox.get()
            self.latencies.append(loop.time() - item.created)
            self.inbox.task_done()


async def produce(queue):
    loop = asyncio.get_running_loop()
    blocked = 0.0
    for n in range(N_ITEMS):
        await asyncio.sleep(random.expovariate(ARRIVAL_RATE))
        before = loop.time()
        await queue.put(Item(n, before))
        blocked += loop.time() - before
    return blocked


def percentile(sorted_values, p):
    # Nearest rank: the smallest value with at least p% of the values at or below it.
    rank = -(-p * len(sorted_values) // 100)
    return sorted_values[max(rank, 1) - 1]


async def main():
    loop = asyncio.get_running_loop()
    opened = loop.time()
    queues = {name: asyncio.Queue(maxsize=QUEUE_SIZE) for name, _, _ in STAGES}
    queues["sink"] = asyncio.Queue(maxsize=QUEUE_SIZE)
    names = list(queues)
    stages = [Stage(name, workers, mean_work, queues[name], queues[names[i + 1]])
              for i, (name, workers, mean_work) in enumerate(STAGES)]
    sink = Sink(queues["sink"])
    monitor = QueueMonitor(queues)

    helpers = [asyncio.create_task(monitor.run(), name="monitor")]
    for stage in stages:
        helpers += stage.start()
    helpers.append(asyncio.create_task(sink.run(), name="sink"))
    blocked = await asyncio.create_task(produce(queues[names[0]]), name="producer")
    for name in names:
        await queues[name].join()
    elapsed = loop.time() - opened
    for helper in helpers:
        helper.cancel()
    await asyncio.gather(*helpers, return_exceptions=True)

    latencies = sorted(sink.latencies)
    print(f"items       {len(latencies)} in {elapsed:.2f} s virtual time, "
          f"throughput {len(latencies) / elapsed:.2f} items/s")
    print(f"latency     p50 {percentile(latencies, 50) * 1000:.1f} ms, "
          f"p90 {percentile(latencies, 90) * 1000:.1f} ms, p99 {percentile(latencies, 99) * 1000:.1f} ms, "
          f"max {latencies[-1] * 1000:.1f} ms")
    for stage in stages:
        print(f"stage       {stage.name:<6} {stage.workers} workers, "
              f"{stage.busy_time / (stage.workers * elapsed) * 100:.1f}% busy")
    for name in names:
        print(f"queue       {name:<6} longest {monitor.longest[name]:>2}, mean {monitor.mean(name):.2f} "
              f"(of {QUEUE_SIZE}, {monitor.samples} samples)")
    print(f"producer    blocked {blocked:.2f} s by back-pressure ({blocked / elapsed * 100:.1f}% of the run)")


asyncio.run(main())
