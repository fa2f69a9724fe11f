# A seeded queueing model: customers arrive at exponential intervals and are
# served one at a time (FIFO) with exponential service times. Each customer
# is a task that sleeps until its arrival, then until its service ends; the
# server is a shared "free at" time, so no lock is needed.
# random.seed(2024) makes every run print the same numbers, and they are
# CPython's: the same Mersenne Twister, the same expovariate formula.
# Look for: waits growing while the server is busy, the customers' sleeps in
# the trace, and the mean wait and last departure printed as exact floats.
import asyncio
import random

random.seed(2024)
ARRIVAL_RATE = 20.0  # customers per second
SERVICE_RATE = 25.0  # customers per second when busy

server_free_at = 0.0
report = []


async def customer(n, arrival, service):
    global server_free_at
    await asyncio.sleep(arrival)
    start = max(arrival, server_free_at)
    departure = start + service
    server_free_at = departure
    await asyncio.sleep(departure - arrival)
    report.append((n, arrival, start - arrival, departure))


async def main():
    arrival = 0.0
    tasks = []
    for n in range(8):
        arrival += random.expovariate(ARRIVAL_RATE)
        service = random.expovariate(SERVICE_RATE)
        tasks.append(asyncio.create_task(customer(n, arrival, service)))
    await asyncio.gather(*tasks)
    for n, arrived, waited, left in sorted(report):
        print(f"customer {n}: arrived {arrived:.4f} waited {waited:.4f} left {left:.4f}")
    waits = [waited for _, _, waited, _ in sorted(report)]
    print("mean wait", sum(waits) / len(waits))
    print("last departure", server_free_at)


asyncio.run(main())
