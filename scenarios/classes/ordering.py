# Ordering user objects: a class with __lt__ and __eq__ sorts with sorted(),
# min() and max(), and inside tuples (the PriorityQueue idiom: (priority,
# item)); __repr__ makes the printed lists readable. Jobs are then run in
# priority order by one task each, started lowest-priority-number first.
# Look for: the sorted order, equal priorities keeping their arrival order
# (sorted is stable), and == comparing by priority, not identity.
import asyncio


class Job:
    def __init__(self, priority, name, cost):
        self.priority = priority
        self.name = name
        self.cost = cost

    def __repr__(self):
        return f"Job({self.priority}, {self.name!r})"

    def __eq__(self, other):
        if not isinstance(other, Job):
            return NotImplemented
        return self.priority == other.priority

    def __lt__(self, other):
        return self.priority < other.priority


async def run_job(job):
    await asyncio.sleep(job.cost)
    print(f"ran {job.name} at priority {job.priority}")
    return job.name


async def main():
    jobs = [Job(3, "report", 0.2), Job(1, "alert", 0.1), Job(2, "sync", 0.3), Job(1, "page", 0.1)]
    ordered = sorted(jobs)
    print(ordered)
    print(min(jobs), max(jobs), Job(1, "x", 0) == Job(1, "y", 0), Job(1, "x", 0) == "x")
    print(sorted([(job.cost, job) for job in jobs]))
    tasks = [asyncio.create_task(run_job(job), name=job.name) for job in ordered]
    print(await asyncio.gather(*tasks))


asyncio.run(main())
