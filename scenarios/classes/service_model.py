# A small service modelled with a class: the instance holds the state (a count
# of requests in flight, the peak, a log of completions), `handle` is an async
# method each request task awaits, and a class attribute counts the services
# made. Several tasks run the same bound method of one instance concurrently.
# Look for: in_flight rising to 3 while the requests overlap, then falling as
# they finish in order of their service time, not their arrival.
import asyncio


class Service:
    instances = 0

    def __init__(self, name, latency):
        self.name = name
        self.latency = latency
        self.in_flight = 0
        self.peak = 0
        self.completed = []
        Service.instances += 1

    async def handle(self, request_id, size):
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        print(f"{self.name}: start {request_id} (in flight {self.in_flight})")
        await asyncio.sleep(self.latency * size)
        self.in_flight -= 1
        self.completed.append(request_id)
        return f"{request_id} done"

    def summary(self):
        return f"{self.name}: {len(self.completed)} done, peak {self.peak}, order {self.completed}"


async def client(service, request_id, delay, size):
    await asyncio.sleep(delay)
    result = await service.handle(request_id, size)
    print(f"client {request_id}: {result}")


async def main():
    api = Service("api", 0.5)
    await asyncio.gather(
        client(api, "r1", 0.0, 4),
        client(api, "r2", 0.5, 1),
        client(api, "r3", 0.6, 2),
    )
    print(api.summary(), Service.instances)


asyncio.run(main())
