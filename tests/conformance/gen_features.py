"""Feature families of the random-program generator (gen_programs.py).

A family writes, at module level, whatever it needs (classes, helpers) and one
`async def NAME(tag, n)` that exercises its feature and finishes on its own:
every loop has a literal bound, every producer is matched by consumers of
exactly as many items (or by consumers cancelled after `join()`), every
waiter is released by a set/notify/release the same function performs, and
every error it provokes on purpose is caught inside it. The program then
treats NAME like any other level-0 function: main awaits it, makes a task of
it, gathers it or cancels it. A cancellation can land anywhere inside it;
the family never swallows a CancelledError, so what it leaves behind is
either finished or cancelled by `asyncio.run` at exit.

FAMILIES is the table the generator draws from: (name, weight, writer).
A new family is one writer function and one row. The `deadlock` family is the exception to
"finishes on its own": it is not a function but the last statement of main,
which waits on something nothing will ever release; both sides must report the
same deadlock. Its weight keeps it rare.
"""

SHORT_DELAYS = (0, 0, 0.5, 1, 1, 2)
QUEUE_ITEMS = ('"apple"', '"pear"', '7', '3', '"fig"', '11')


def _delays(g, count, choices=SHORT_DELAYS):
    return [g.pick(choices) for _ in range(count)]


def _block(g, text):
    """Emit `text` (lines, first-level indentation of 4 spaces) at the
    current depth; blank lines are dropped, so an optional line can be an
    empty substitution."""
    for line in text.strip('\n').split('\n'):
        stripped = line.lstrip(' ')
        if not stripped:
            continue
        g.code.depth += (len(line) - len(stripped)) // 4
        g.code.add(stripped)
        g.code.depth -= (len(line) - len(stripped)) // 4


# --------------------------------------------------------------------------
# Classes

def write_classes(g, name):
    """A base class and a subclass: __init__, a class attribute, a property
    with a setter, plain and async methods, super() in both, classmethod,
    staticmethod, __repr__, __eq__ and __lt__ (sorted/min/max)."""
    base, derived = 'Shape', 'Box'
    factor, unit = g.rng.randint(2, 5), g.pick(('"cm"', '"mm"', '1.5'))
    d1, d2 = _delays(g, 2)
    _block(g, f'''
class {base}:
    made = 0
    def __init__(self, label, size):
        self.label = label
        self._size = size
        {base}.made += 1
    def __repr__(self):
        return f"{{type(self).__name__}}({{self.label!r}}, {{self._size}})"
    def __eq__(self, other):
        if not isinstance(other, {base}):
            return NotImplemented
        return self._size == other._size
    def __lt__(self, other):
        return self._size < other._size
    @property
    def size(self):
        return self._size
    @size.setter
    def size(self, value):
        self._size = max(0, value)
    def area(self):
        return self._size * {factor}
    async def grow(self, delay):
        await asyncio.sleep(delay)
        self.size = self.size + 1
        return self.size
    @classmethod
    def make(cls, label):
        return cls(label, {g.rng.randint(0, 4)})
    @staticmethod
    def unit():
        return {unit}
''')
    g.code.add('')
    g.code.add('')
    _block(g, f'''
class {derived}({base}):
    def __init__(self, label, size, extra=1):
        super().__init__(label, size)
        self.extra = extra
    def __str__(self):
        return f"box {{self.label}} of {{self.size}}"
    def area(self):
        return super().area() + self.extra
    async def grow(self, delay):
        grown = await super().grow(delay)
        print(self.label, "box grew to", grown)
        return grown * 2
''')
    g.code.add('')
    g.code.add('')
    _block(g, f'''
class {base}Error(ValueError):
    def __init__(self, code):
        super().__init__(f"bad size {{code}}")
        self.code = code
''')
    g.code.add('')
    g.code.add('')
    _block(g, f'''
async def {name}(tag, n):
    items = [{base}(tag + "s", n), {derived}.make(tag + "m"), {derived}(tag + "b", n + 1, {g.rng.randint(2, 9)})]
    grown = await asyncio.gather(*[item.grow(d) for item, d in zip(items, [{d1}, {d2}, 0])])
    print(tag, "grown", grown, [item.area() for item in items])
    items[0].size = {g.pick(('-3', 'n', '10'))}
    print(tag, sorted(items), min(items), max(items), items[1] == items[2], items[0] != items[1])
    print(tag, {base}.made, {derived}.unit(), isinstance(items[1], {base}), type(items[2]).__name__)
    print(items[2], str(items[1]), items[0].make(tag).label, items[1].made)
    try:
        if items[0].size {g.pick(('>=', '<', '!='))} {g.rng.randint(0, 5)}:
            raise {base}Error(items[0].size)
        print(tag, "size ok")
    except ValueError as e:
        print(tag, "caught", type(e).__name__, e, e.code, e.args, repr(e), isinstance(e, {base}Error))
    return items[2].size
''')


def write_async_with(g, name):
    """A user class with __aenter__/__aexit__ that sleeps on both sides and
    suppresses the body's exception or lets it through."""
    cls = 'Session'
    d1, d2 = _delays(g, 2)
    suppress = g.chance(0.5)
    _block(g, f'''
class {cls}:
    def __init__(self, label, suppress):
        self.label = label
        self.suppress = suppress
    async def __aenter__(self):
        print(self.label, "enter")
        await asyncio.sleep({d1})
        return self
    async def __aexit__(self, exc_type, exc, tb):
        print(self.label, "exit", exc_type.__name__ if exc_type else None, exc)
        await asyncio.sleep({d2})
        return self.suppress
''')
    g.code.add('')
    g.code.add('')
    raises = g.chance(0.6)
    _block(g, f'''
async def {name}(tag, n):
    try:
        async with {cls}(tag, {suppress}) as session:
            print(tag, "inside", session.label)
            await asyncio.sleep({g.pick(SHORT_DELAYS)})
''')
    with g.code.indent(), g.code.indent(), g.code.indent():
        if raises:
            g.code.add('raise KeyError(n)')
        else:
            g.code.add('print(tag, "body done")')
    _block(g, '''
    except KeyError as e:
        print(tag, "escaped", repr(e))
    lock = asyncio.Lock()
    async with lock:
        print(tag, "holds", lock.locked())
    return lock.locked()
''')


# --------------------------------------------------------------------------
# Locks, events, conditions, semaphores, barriers

def write_lock(g, name):
    workers = g.rng.randint(2, 4)
    rounds = g.rng.randint(1, 3)
    explicit = g.chance(0.4)
    inside = _delays(g, workers)
    g.code.add(f'async def {name}(tag, n):')
    with g.code.indent():
        _block(g, f'''
lock = asyncio.Lock()
order = []
async def worker(who, delay):
    for i in range({rounds}):
''')
        with g.code.indent(), g.code.indent():
            if explicit:
                _block(g, '''
await lock.acquire()
try:
    order.append(who)
    print(tag, who, "holds the lock", i, lock.locked())
    await asyncio.sleep(delay)
finally:
    lock.release()
''')
            else:
                _block(g, '''
async with lock:
    order.append(who)
    print(tag, who, "holds the lock", i)
    await asyncio.sleep(delay)
''')
            g.code.add(f'await asyncio.sleep({g.pick((0, 0, 0.5))})')
        _block(g, f'''
tasks = [asyncio.create_task(worker(f"w{{i}}", d)) for i, d in enumerate({inside})]
''')
        if g.chance(0.35):
            # Cancelled while waiting for the lock or while holding it: the
            # lock passes on either way.
            g.code.add(f'await asyncio.sleep({g.pick((0, 0.5, 1))})')
            g.code.add(f'tasks[{g.rng.randint(0, workers - 1)}].cancel()')
        _block(g, '''
results = await asyncio.gather(*tasks, return_exceptions=True)
print(tag, "lock order", order, lock.locked(), [type(r).__name__ for r in results])
return len(order)
''')


def write_event(g, name):
    waiters = g.rng.randint(1, 4)
    arrive = _delays(g, waiters)
    set_at = g.pick((0, 0.5, 1, 2))
    again = g.chance(0.4)
    g.code.add(f'async def {name}(tag, n):')
    with g.code.indent():
        _block(g, f'''
event = asyncio.Event()
async def waiter(who, delay):
    await asyncio.sleep(delay)
    print(tag, who, "waits; set?", event.is_set())
    await event.wait()
    print(tag, who, "released at", asyncio.get_running_loop().time())
tasks = [asyncio.create_task(waiter(f"e{{i}}", d)) for i, d in enumerate({arrive})]
await asyncio.sleep({set_at})
event.set()
''')
        if again:
            _block(g, '''
event.clear()
late = asyncio.create_task(waiter("late", 0))
await asyncio.sleep(1)
event.set()
tasks.append(late)
''')
        _block(g, '''
await asyncio.gather(*tasks)
return event.is_set()
''')


def write_condition(g, name):
    consumers = g.rng.randint(1, 3)
    notify = g.pick(('cond.notify()', 'cond.notify_all()', 'cond.notify(2)'))
    # Only with notify_all: in 3.11 a notify(1) that lands on a waiter
    # cancelled before it runs is lost, and another consumer would wait
    # forever.
    cancel_one = notify == 'cond.notify_all()' and consumers > 1 and g.chance(0.5)
    use_wait_for = g.chance(0.5)
    produce = _delays(g, consumers, (0, 0.5, 1))
    g.code.add(f'async def {name}(tag, n):')
    with g.code.indent():
        _block(g, '''
cond = asyncio.Condition()
items = []
async def consumer(who):
    async with cond:
''')
        with g.code.indent(), g.code.indent():
            if use_wait_for:
                g.code.add('await cond.wait_for(lambda: len(items) > 0)')
            else:
                _block(g, '''
while not items:
    print(tag, who, "waits")
    await cond.wait()
''')
            g.code.add('item = items.pop(0)')
            g.code.add('print(tag, who, "took", item, cond.locked())')
            g.code.add('return item')
        _block(g, f'''
async def producer():
    for i, delay in enumerate({produce}):
        await asyncio.sleep(delay)
        async with cond:
            items.append(i * 10)
            {notify}
tasks = [asyncio.create_task(consumer(f"c{{i}}")) for i in range({consumers})]
''')
        if cancel_one:
            g.code.add(f'await asyncio.sleep({g.pick((0, 0.5))})')
            g.code.add('tasks[0].cancel()')
        _block(g, '''
await producer()
taken = await asyncio.gather(*tasks, return_exceptions=True)
print(tag, "condition gave", [t if isinstance(t, int) else type(t).__name__ for t in taken], items)
return len(items)
''')


def write_semaphore(g, name):
    bounded = g.chance(0.5)
    value = g.rng.randint(1, 3)
    workers = g.rng.randint(2, 5)
    holds = _delays(g, workers)
    cancel_one = g.chance(0.3)
    kind = 'BoundedSemaphore' if bounded else 'Semaphore'
    explicit = g.chance(0.4)
    g.code.add(f'async def {name}(tag, n):')
    with g.code.indent():
        _block(g, f'''
sem = asyncio.{kind}({value})
inside = []
async def worker(who, delay):
    {'await sem.acquire()' if explicit else 'async with sem:'}
    {'try:' if explicit else ''}
        inside.append(who)
        print(tag, who, "in with", list(inside), sem.locked())
        await asyncio.sleep(delay)
        inside.remove(who)
    {'finally:' if explicit else ''}
        {'sem.release()' if explicit else ''}
    return who
tasks = [asyncio.create_task(worker(f"s{{i}}", d)) for i, d in enumerate({holds})]
''')
        if cancel_one:
            _block(g, f'''
await asyncio.sleep({g.pick((0, 0.5))})
tasks[-1].cancel()
''')
        _block(g, '''
done = await asyncio.gather(*tasks, return_exceptions=True)
print(tag, "semaphore done", [type(d).__name__ if isinstance(d, BaseException) else d for d in done], sem.locked())
return len(done)
''')


def write_barrier(g, name):
    parties = g.rng.randint(2, 4)
    mode = g.pick(('pass', 'pass', 'context', 'abort', 'reset'))
    arrive = _delays(g, parties)
    g.code.add(f'async def {name}(tag, n):')
    with g.code.indent():
        _block(g, f'''
barrier = asyncio.Barrier({parties})
async def party(who, delay, rounds):
    for r in range(rounds):
        await asyncio.sleep(delay)
        try:
            index = await barrier.wait()
            print(tag, who, "passed round", r, "as", index)
        except asyncio.BrokenBarrierError as e:
            print(tag, who, "broken", type(e).__name__, barrier.broken)
''')
        if mode == 'pass':
            rounds = g.rng.randint(1, 2)
            _block(g, f'''
await asyncio.gather(*[party(f"p{{i}}", d, {rounds}) for i, d in enumerate({arrive})])
''')
        elif mode == 'context':
            _block(g, f'''
async def entered(who, delay):
    await asyncio.sleep(delay)
    async with barrier as index:
        print(tag, who, "entered as", index, barrier.n_waiting)
await asyncio.gather(*[entered(f"p{{i}}", d) for i, d in enumerate({arrive})])
''')
        else:
            # One party short: the waiters (all waiting by then: the sleep
            # outlasts their arrivals) are released only by the abort or
            # reset, which breaks their wait.
            _block(g, f'''
tasks = [asyncio.create_task(party(f"p{{i}}", d, 1)) for i, d in enumerate({arrive[:-1]})]
await asyncio.sleep({max(arrive[:-1]) + g.pick((0.5, 1))})
print(tag, "waiting at the barrier:", barrier.n_waiting, "of", barrier.parties)
await barrier.{mode}()
await asyncio.gather(*tasks)
''')
            if mode == 'abort':
                g.code.add('await party("late", 0, 1)')
            else:
                g.code.add(f'await asyncio.gather(*[party(f"q{{i}}", 0, 1) for i in range({parties})])')
        g.code.add('return barrier.broken')


# --------------------------------------------------------------------------
# Queues

def write_queue(g, name):
    kind = g.pick(('Queue', 'PriorityQueue', 'LifoQueue'))
    maxsize = g.pick((0, 1, 2, 3))
    producers = g.rng.randint(1, 3)
    per_producer = g.rng.randint(1, 3)
    consumers = g.rng.randint(1, 3)
    job_class = kind == 'PriorityQueue' and g.chance(0.5)
    if job_class:
        cls = 'Job'
        _block(g, f'''
class {cls}:
    def __init__(self, priority, label):
        self.priority = priority
        self.label = label
    def __lt__(self, other):
        return self.priority < other.priority
    def __eq__(self, other):
        return self.priority == other.priority
    def __repr__(self):
        return f"{cls}({{self.priority}}, {{self.label!r}})"
''')
        g.code.add('')
        g.code.add('')
        item = f'{cls}((i * {g.rng.randint(3, 7)} + len(who)) % 5, who)'
    elif kind == 'PriorityQueue':
        item = f'((i * {g.rng.randint(3, 7)}) % 4, who, i)'
    else:
        item = f'f"{{who}}-{{i}}"'
    joined = g.chance(0.6)
    # Before any consumer runs: a getter cancelled while it waits on the
    # empty queue, then a putter cancelled while it waits on the queue filled
    # up (with maxsize 0 it never waits, and the cancel comes too late).
    idle = g.chance(0.5)
    extra_put = g.chance(0.4)
    g.code.add(f'async def {name}(tag, n):')
    with g.code.indent():
        _block(g, f'''
q = asyncio.{kind}(maxsize={maxsize})
async def producer(who, delay):
    for i in range({per_producer}):
        await q.put({item})
        print(tag, who, "put", i, "size", q.qsize(), q.full())
        await asyncio.sleep(delay)
''')
        total = producers * per_producer
        if joined:
            _block(g, f'''
async def consumer(who, delay):
    while True:
        item = await q.get()
        print(tag, who, "got", item)
        await asyncio.sleep(delay)
        q.task_done()
{'idle = asyncio.create_task(q.get())' if idle else ''}
{'await asyncio.sleep(0)' if idle else ''}
{'idle.cancel()' if idle else ''}
{'who = "early"' if extra_put else ''}
{f'for i in range({maxsize}):' if extra_put else ''}
{f'    q.put_nowait({item})' if extra_put else ''}
{f'i = {maxsize}' if extra_put else ''}
{f'extra = asyncio.create_task(q.put({item}))' if extra_put else ''}
{'await asyncio.sleep(0)' if extra_put else ''}
{'print(tag, "extra put cancelled:", extra.cancel())' if extra_put else ''}
workers = [asyncio.create_task(consumer(f"c{{i}}", d)) for i, d in enumerate({_delays(g, consumers)})]
await asyncio.gather(*[producer(f"p{{i}}", d) for i, d in enumerate({_delays(g, producers)})])
await q.join()
print(tag, "queue joined", q.empty())
for w in workers:
    w.cancel()
await asyncio.gather(*workers, return_exceptions=True)
''')
        else:
            # Each consumer takes a fixed share; the shares add up to what
            # the producers put.
            shares = [total // consumers] * consumers
            shares[0] += total - sum(shares)
            _block(g, f'''
async def consumer(who, count):
    got = []
    for i in range(count):
        got.append(await q.get())
    print(tag, who, "got", got)
    return len(got)
results = await asyncio.gather(*[consumer(f"c{{i}}", k) for i, k in enumerate({shares})],
                               *[producer(f"p{{i}}", d) for i, d in enumerate({_delays(g, producers)})])
print(tag, "counts", results, q.qsize())
''')
        g.code.add('return q.qsize()')


def write_misuse(g, name):
    """Errors CPython raises for misuse, caught and printed."""
    cases = {
        'lock': '''
lock = asyncio.Lock()
try:
    lock.release()
except RuntimeError as e:
    print(tag, "lock:", type(e).__name__, e)
''',
        'bounded': f'''
sem = asyncio.BoundedSemaphore({g.rng.randint(1, 2)})
async with sem:
    print(tag, "holding", sem.locked())
try:
    sem.release()
except ValueError as e:
    print(tag, "semaphore:", type(e).__name__, e)
''',
        'empty': '''
q = asyncio.Queue()
try:
    q.get_nowait()
except asyncio.QueueEmpty as e:
    print(tag, "queue:", type(e).__name__, repr(e))
''',
        'full': '''
q = asyncio.Queue(maxsize=1)
q.put_nowait(n)
try:
    q.put_nowait(n + 1)
except asyncio.QueueFull as e:
    print(tag, "queue:", type(e).__name__, q.get_nowait())
''',
        'task_done': '''
q = asyncio.LifoQueue()
try:
    q.task_done()
except ValueError as e:
    print(tag, "task_done:", e)
''',
    }
    chosen = g.rng.sample(sorted(cases), g.rng.randint(1, 3))
    g.code.add(f'async def {name}(tag, n):')
    with g.code.indent():
        for case in chosen:
            _block(g, cases[case])
            g.code.add(f'await asyncio.sleep({g.pick((0, 0, 0.5))})')
        g.code.add(f'return {len(chosen)}')


# --------------------------------------------------------------------------
# Futures, callbacks, wait_for, shield

def write_futures(g, name):
    soon_value = g.pick(('"soon"', 'n', '[n, tag]'))
    later, at, dropped = _delays(g, 3, (0, 0.5, 1, 2))
    fail = g.chance(0.4)
    past = g.chance(0.4)
    g.code.add(f'async def {name}(tag, n):')
    with g.code.indent():
        _block(g, f'''
loop = asyncio.get_running_loop()
first = loop.create_future()
second = loop.create_future()
first.add_done_callback(lambda f: print(tag, "first done:", f.result()))
soon = loop.call_soon(first.set_result, {soon_value})
timer = loop.call_later({later}, second.set_result, n * 2)
ring = loop.call_at(loop.time() + {at}, print, tag, "call_at rang")
never = loop.call_later({dropped}, print, tag, "never printed")
never.cancel()
{'late = loop.call_at(loop.time() - 1, print, tag, "call_at in the past")' if past else ''}
{'loop.call_later(-1, print, tag, "negative delay")' if past else ''}
{'never.cancel()' if past else ''}
print(tag, "timers at", timer.when(), ring.when(), never.cancelled(), soon.cancelled())
print(tag, "awaited", await first, await second)
''')
        if fail:
            _block(g, f'''
third = loop.create_future()
loop.call_later({g.pick((0, 0.5, 1))}, third.set_exception, ValueError(f"{{tag}} broke"))
try:
    await third
except ValueError as e:
    print(tag, "third raised", e, third.done())
''')
        if g.chance(0.4):
            _block(g, '''
doomed = loop.create_future()
loop.call_soon(doomed.cancel, "not needed")
try:
    await doomed
except asyncio.CancelledError as e:
    print(tag, "future cancelled", e.args, doomed.cancelled())
''')
        g.code.add(f'await asyncio.sleep({max(later, at)})')
        g.code.add('return second.result()')


def write_wait_for(g, name):
    sleep_for = g.pick((0, 0.5, 1, 1, 2, 3))
    timeout = g.pick((0, 0.5, 1, 1, 2, None))
    target = g.pick(('coroutine', 'coroutine', 'event', 'stubborn'))
    g.code.add(f'async def {name}(tag, n):')
    with g.code.indent():
        _block(g, '''
async def slow(delay, value):
    await asyncio.sleep(delay)
    return value
async def stubborn(delay):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(tag, "stubborn saw the cancellation")
        return "kept going"
    return "in time"
''')
        if target == 'event':
            _block(g, f'''
event = asyncio.Event()
asyncio.get_running_loop().call_later({sleep_for}, event.set)
awaitable = event.wait()
''')
        elif target == 'stubborn':
            g.code.add(f'awaitable = stubborn({sleep_for})')
        else:
            g.code.add(f'awaitable = slow({sleep_for}, tag + "!")')
        _block(g, f'''
try:
    result = await asyncio.wait_for(awaitable, timeout={timeout})
    print(tag, "wait_for gave", result)
except asyncio.TimeoutError as e:
    print(tag, "wait_for timed out", type(e).__name__, type(e.__cause__).__name__)
    result = None
print(tag, "after wait_for at", asyncio.get_running_loop().time())
return result
''')


def write_shield(g, name):
    inner_delay = g.pick((0.5, 1, 2, 3))
    outer = g.pick(('wait_for', 'cancel'))
    g.code.add(f'async def {name}(tag, n):')
    with g.code.indent():
        _block(g, f'''
async def inner_work():
    await asyncio.sleep({inner_delay})
    print(tag, "inner finished")
    return n + 1
inner = asyncio.create_task(inner_work())
''')
        if outer == 'wait_for':
            _block(g, f'''
try:
    print(tag, "shielded", await asyncio.wait_for(asyncio.shield(inner), {g.pick((0.5, 1, 2, 4))}))
except asyncio.TimeoutError:
    print(tag, "gave up waiting; inner done?", inner.done())
''')
        else:
            _block(g, f'''
async def guard():
    return await asyncio.shield(inner)
guarding = asyncio.create_task(guard())
await asyncio.sleep({g.pick((0, 0.5, 1))})
guarding.cancel()
try:
    print(tag, "guard got", await guarding)
except asyncio.CancelledError:
    print(tag, "guard cancelled; inner cancelled?", inner.cancelled())
''')
        g.code.add('return await inner')


# --------------------------------------------------------------------------
# wait, as_completed, timeouts, task groups, cancellation, generators

# Awaiting a task the family cancelled itself: its CancelledError is caught,
# but one meant for the family (its own task's cancelling() count went up
# since it started) is re-raised, so the family never swallows a
# cancellation.
_AWAIT_CANCELLED = '''
base = asyncio.current_task().cancelling()
try:
    print(tag, "awaited", await {task})
except asyncio.CancelledError as e:
    if asyncio.current_task().cancelling() > base:
        raise
    print(tag, {what})
'''

def write_wait(g, name):
    """asyncio.wait on named tasks (FIRST_COMPLETED, FIRST_EXCEPTION,
    ALL_COMPLETED, with or without a timeout), iterating `done` and
    `pending` (sets of tasks iterate in creation order on both sides), and,
    sometimes, on plain futures, whose sets are only counted: their order
    is a known difference."""
    jobs = g.rng.randint(1, 4)
    delays = _delays(g, jobs, (0, 0.5, 1, 1, 2, 3))
    fails = [g.chance(0.3) for _ in range(jobs)]
    when = g.pick(('FIRST_COMPLETED', 'FIRST_EXCEPTION', 'ALL_COMPLETED'))
    timeout = g.pick((None, None, 0, 0.5, 1, 2))
    futures = g.chance(0.4)
    g.code.add(f'async def {name}(tag, n):')
    with g.code.indent():
        _block(g, f'''
async def job(who, delay, fail):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(f"{{who}} failed")
    return f"{{who}} ok"
tasks = [asyncio.create_task(job(f"{{tag}}{{i}}", d, f), name=f"{{tag}}-j{{i}}")
         for i, (d, f) in enumerate(zip({delays}, {fails}))]
done, pending = await asyncio.wait(tasks, timeout={timeout}, return_when=asyncio.{when})
print(tag, "wait {when}:", len(done), "done,", len(pending), "pending at", asyncio.get_running_loop().time())
for t in done:
    if t.exception() is not None:
        print(tag, t.get_name(), "raised", repr(t.exception()))
    else:
        print(tag, t.get_name(), "gave", t.result())
for t in pending:
    print(tag, t.get_name(), "still pending")
    t.cancel()
''')
        if g.chance(0.5):
            # What is left, waited for again: the cancelled ones finish.
            _block(g, '''
if pending:
    again, left = await asyncio.wait(pending)
    print(tag, "second wait:", sorted(t.get_name() for t in again), len(left), [t.cancelled() for t in tasks])
''')
        else:
            g.code.add('await asyncio.gather(*pending, return_exceptions=True)')
        if futures:
            later = _delays(g, 2, (0, 0.5, 1, 2))
            _block(g, f'''
loop = asyncio.get_running_loop()
futs = [loop.create_future() for _ in range(2)]
loop.call_later({later[0]}, futs[0].set_result, "first")
loop.call_later({later[1]}, futs[1].set_result, "second")
fdone, fpending = await asyncio.wait(futs, return_when=asyncio.FIRST_COMPLETED)
print(tag, "futures done", len(fdone), "pending", len(fpending), sorted(f.result() for f in fdone))
await asyncio.wait(futs)
print(tag, "futures", [f.result() for f in futs])
''')
        g.code.add('return len(done)')


def write_as_completed(g, name):
    """as_completed over coroutines and tasks (coroutines are wrapped in
    argument order), with or without a timeout; after a timeout the rest
    keeps running and is awaited separately."""
    count = g.rng.randint(1, 4)
    delays = _delays(g, count, (0, 0.5, 1, 1, 2, 3))
    fails = [g.chance(0.25) for _ in range(count)]
    as_task = [g.chance(0.5) for _ in range(count)]
    timeout = g.pick((None, None, 0.5, 1, 2))
    args = ', '.join(
        f'{"asyncio.create_task(" if t else ""}item("{chr(97 + i)}", {d}, {f}){")" if t else ""}'
        for i, (d, f, t) in enumerate(zip(delays, fails, as_task)))
    g.code.add(f'async def {name}(tag, n):')
    with g.code.indent():
        _block(g, f'''
async def item(who, delay, fail):
    await asyncio.sleep(delay)
    if fail:
        raise KeyError(who)
    return tag + who
got = []
try:
    for next_one in asyncio.as_completed([{args}], timeout={timeout}):
        try:
            got.append(await next_one)
        except KeyError as e:
            print(tag, "as_completed error", repr(e))
        print(tag, "so far", got, "at", asyncio.get_running_loop().time())
except TimeoutError as e:
    print(tag, "as_completed timed out", type(e).__name__, got)
''')
        if timeout is not None:
            # The stragglers were not cancelled; let them finish here.
            g.code.add(f'await asyncio.sleep({max(delays)})')
        g.code.add('return got')


def write_timeout(g, name):
    """asyncio.timeout / timeout_at: firing or not, rescheduled (later,
    earlier, to None), expired(), when(), nested (either one firing)."""
    form = g.pick(('timeout', 'timeout_at'))
    limit = g.pick((0, 0.5, 1, 2, None))
    body = g.pick((0, 0.5, 1, 2, 3))
    reschedule = g.pick((None, None, 'later', 'earlier', 'off'))
    nested = g.chance(0.4)
    g.code.add(f'async def {name}(tag, n):')
    with g.code.indent():
        g.code.add('loop = asyncio.get_running_loop()')
        if form == 'timeout_at':
            deadline = 'None' if limit is None else f'loop.time() + {limit}'
            g.code.add(f'cm = asyncio.timeout_at({deadline})')
        else:
            g.code.add(f'cm = asyncio.timeout({limit})')
        g.code.add('try:')
        with g.code.indent():
            g.code.add('async with cm:')
            with g.code.indent():
                g.code.add(f'print(tag, "deadline", cm.when(), cm.expired())')
                if reschedule == 'later':
                    g.code.add(f'cm.reschedule(loop.time() + {g.pick((1, 2, 4))})')
                elif reschedule == 'earlier':
                    g.code.add(f'cm.reschedule(loop.time() + {g.pick((0, 0.5, -1))})')
                elif reschedule == 'off':
                    g.code.add('cm.reschedule(None)')
                if reschedule:
                    g.code.add('print(tag, "rescheduled to", cm.when())')
                if nested:
                    inner = g.pick((0, 0.5, 1, 3))
                    _block(g, f'''
try:
    async with asyncio.timeout({inner}) as inner:
        await asyncio.sleep({body})
        print(tag, "inner body done")
except TimeoutError:
    print(tag, "inner timed out", inner.expired(), cm.expired())
await asyncio.sleep({g.pick((0, 0.5, 1))})
''')
                else:
                    g.code.add(f'await asyncio.sleep({body})')
                g.code.add('print(tag, "body finished at", loop.time())')
        _block(g, '''
except TimeoutError as e:
    print(tag, "timed out", type(e.__cause__).__name__, cm.expired(), loop.time())
print(tag, "after timeout:", cm.expired(), asyncio.current_task().cancelling())
return cm.expired()
''')


def write_taskgroup(g, name):
    """TaskGroup: children all succeeding, a failing child cancelling its
    siblings (and the body), the ExceptionGroup caught with `except
    ExceptionGroup as eg` and taken apart (exceptions, split), a nested
    group failing inside a child, a parent cancelled from outside."""
    children = g.rng.randint(1, 4)
    delays = _delays(g, children, (0, 0.5, 1, 1, 2))
    fail = [g.pick((None, None, 'ValueError', 'KeyError')) for _ in range(children)]
    nested = g.chance(0.35)
    body_raises = g.chance(0.15)
    cancel_parent = g.chance(0.3)
    g.code.add(f'async def {name}(tag, n):')
    with g.code.indent():
        _block(g, '''
def shape(e):
    if isinstance(e, BaseExceptionGroup):
        return [shape(x) for x in e.exceptions]
    return f"{type(e).__name__}({e})"
async def child(who, delay, error):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(tag, who, "cancelled by its group")
        raise
    if error is not None:
        raise error(f"{who} failed")
    print(tag, who, "finished")
    return who
async def inner_group(who):
    async with asyncio.TaskGroup() as inner:
        inner.create_task(child(who + "x", 0.5, None))
        inner.create_task(child(who + "y", 0, ValueError))
    return "unreachable"
async def run_group():
    async with asyncio.TaskGroup() as tg:
''')
        with g.code.indent(), g.code.indent():
            _block(g, f'''
tasks = [tg.create_task(child(f"{{tag}}{{i}}", d, e), name=f"{{tag}}-g{{i}}")
         for i, (d, e) in enumerate(zip({delays}, [{", ".join(str(e) for e in fail)}]))]
''')
            if nested:
                g.code.add('tasks.append(tg.create_task(inner_group(tag + "n")))')
            g.code.add(f'await asyncio.sleep({g.pick((0, 0.5, 1))})')
            if body_raises:
                g.code.add('raise RuntimeError("body gave up")')
            g.code.add('print(tag, "group body done")')
        _block(g, '''
    return [t.result() for t in tasks]
async def guarded():
    try:
        print(tag, "group gave", await run_group())
    except ExceptionGroup as eg:
        print(tag, "caught", eg, shape(eg), eg.message)
        match, rest = eg.split(ValueError)
        print(tag, "split", shape(match) if match else None, shape(rest) if rest else None)
        print(tag, "first", repr(eg.exceptions[0]), len(eg.exceptions))
''')
        if cancel_parent:
            _block(g, f'''
parent = asyncio.create_task(guarded())
await asyncio.sleep({g.pick((0, 0.5, 1))})
print(tag, "cancel parent:", parent.cancel())
{_AWAIT_CANCELLED.format(task='parent', what='"parent cancelled", parent.cancelled()')}
''')
        else:
            g.code.add('await guarded()')
        g.code.add('return n')


def write_cancelling(g, name):
    """Task.cancelling() and uncancel(), cancel messages seen inside the
    task and by its awaiter; the victim swallows a cancellation only when
    uncancel() says none is left (as asyncio.timeout does)."""
    cancels = g.rng.randint(1, 2)
    msg = g.pick(('None', '"stop"', '"go away"'))
    first_sleep = g.pick((0, 0.5, 1))
    swallow = g.chance(0.5)
    g.code.add(f'async def {name}(tag, n):')
    with g.code.indent():
        _block(g, f'''
async def victim():
    me = asyncio.current_task()
    try:
        await asyncio.sleep({g.pick((1, 2, 5))})
    except asyncio.CancelledError as e:
        print(tag, "victim cancelled", e.args, "cancelling", me.cancelling())
''')
        with g.code.indent(), g.code.indent():
            if swallow:
                _block(g, '''
if me.uncancel() == 0:
    print(tag, "victim carries on", me.cancelling())
    await asyncio.sleep(0.5)
    return "recovered"
''')
            g.code.add('raise')
        _block(g, f'''
    return "untouched"
t = asyncio.create_task(victim(), name=tag + "-victim")
await asyncio.sleep({first_sleep})
''')
        for i in range(cancels):
            g.code.add(f'print(tag, "cancel {i}:", t.cancel({msg}), t.cancelling())')
        _block(g, f'''
{_AWAIT_CANCELLED.format(task='t', what='"awaiter saw", repr(e), e.args')}
print(tag, "victim state", t.cancelled(), t.cancelling(), t.cancel(), t.uncancel())
return t.cancelled()
''')


def write_generators(g, name):
    """Generators feeding tasks: next, send, for (breaking early only out of
    a generator without try/finally: a dropped generator's finally is a
    known difference), yield from, the return value as StopIteration.value,
    and close() running a finally."""
    limit = g.rng.randint(2, 4)
    step = g.pick((0.5, 1, 0.25))
    brk = g.chance(0.4)
    _block(g, f'''
def schedule(limit):
    total = 0
    for i in range(limit):
        got = yield i * {step}
        if got is not None:
            total += got
    return total
''')
    g.code.add('')
    g.code.add('')
    _block(g, '''
def guarded_schedule(limit):
    try:
        result = yield from schedule(limit)
        yield result
    finally:
        print("schedule closed")
''')
    g.code.add('')
    g.code.add('')
    g.code.add(f'async def {name}(tag, n):')
    with g.code.indent():
        _block(g, f'''
async def run_for(who, delay):
    await asyncio.sleep(delay)
    return f"{{who}}@{{delay}}"
gen = schedule({limit})
tasks = [asyncio.create_task(run_for(tag + "0", next(gen)))]
try:
    while True:
        delay = gen.send(len(tasks))
        tasks.append(asyncio.create_task(run_for(tag + str(len(tasks)), delay)))
        await asyncio.sleep(0)
except StopIteration as stop:
    print(tag, "schedule returned", stop.value)
print(tag, "fed", await asyncio.gather(*tasks))
for delay in schedule({limit + 1}):
    {'if delay > 0.5:' if brk else ''}
        {'break' if brk else ''}
    print(tag, "for gave", delay, await run_for(tag, delay))
outer = guarded_schedule({limit})
first = next(outer)
delay = outer.send(2)
''')
        # Closed or exhausted before the next await: a cancellation landing
        # there must not drop it unfinished.
        if g.chance(0.5):
            g.code.add('outer.close()')
        else:
            g.code.add('print(tag, "rest", list(outer))')
        _block(g, '''
second = await asyncio.create_task(run_for(tag, delay))
print(tag, "yield from", first, second)
return sum(x for x in schedule(3))
''')


# --------------------------------------------------------------------------
# random

def write_random(g, name):
    """`random` (global and an instance) choosing sleeps, branches and
    orders; tasks sharing one generator draw in scheduling order."""
    use_instance = g.chance(0.6)
    source = 'rng' if use_instance else 'random'
    delay_expr = g.pick((
        f'{source}.choice([0, 0.5, 1])',
        f'{source}.randint(0, 2)',
        f'round({source}.uniform(0, 2), 2)',
        f'{source}.expovariate(2.0)',
        f'abs({source}.gauss(1, 0.5))',
    ))
    g.code.add(f'async def {name}(tag, n):')
    with g.code.indent():
        if use_instance:
            g.code.add(f'rng = random.Random({g.pick(("n", "tag", str(g.rng.randint(0, 99)), "3.5"))})')
        elif g.chance(0.7):
            g.code.add(f'random.seed({g.pick(("n", "tag", str(g.rng.randint(0, 99))))})')
        _block(g, f'''
async def walker(who):
    for i in range({g.rng.randint(1, 3)}):
        delay = {delay_expr}
        if {source}.random() < 0.5:
            print(tag, who, "heads", i)
        else:
            print(tag, who, "tails", i, delay)
        await asyncio.sleep(delay)
    return who
done = await asyncio.gather(*[walker(f"r{{i}}") for i in range({g.rng.randint(1, 3)})])
order = list(range(5))
{source}.shuffle(order)
print(tag, done, order, {source}.sample(range(10), 3), {source}.choices("abc", weights=[1, 2, 3], k=4))
print(tag, {source}.choices([0, 1, 2], cum_weights=[1, 1, 4], k=3), {source}.sample("xyz", counts=[2, 1, 2], k=3))
return {source}.randint(1, 6)
''')


# --------------------------------------------------------------------------
# A deliberate deadlock (emitted by the generator as main's last statement)

DEADLOCKS = (
    ('stuck = asyncio.Event()', 'await stuck.wait()'),
    ('stuck = asyncio.Lock()', 'await stuck.acquire()', 'await stuck.acquire()'),
    ('stuck = asyncio.Queue()', 'await stuck.get()'),
    ('stuck = asyncio.get_running_loop().create_future()', 'await stuck'),
)


def write_deadlock(g, scope):
    for line in g.pick(DEADLOCKS):
        g.code.add(line)


# Families whose output follows the order CPython iterates a set of tasks
# (wait's done and pending, the tasks as_completed wraps coroutines in):
# corosim's creation-order rule, which the reference tracer applies only with
# its own Task, so its --c-tasks cross-check cannot use their programs.
SET_ORDER_FAMILIES = ('wait', 'as_completed')


# (name, weight, writer). Writers of `async def` families take (generator,
# function name); `deadlock` is written into main by the generator instead.
FAMILIES = (
    ('classes', 3, write_classes),
    ('async_with', 2, write_async_with),
    ('lock', 3, write_lock),
    ('event', 2, write_event),
    ('condition', 2, write_condition),
    ('semaphore', 2, write_semaphore),
    ('barrier', 2, write_barrier),
    ('queue', 3, write_queue),
    ('misuse', 2, write_misuse),
    ('futures', 2, write_futures),
    ('wait_for', 3, write_wait_for),
    ('shield', 2, write_shield),
    ('random', 3, write_random),
    ('wait', 3, write_wait),
    ('as_completed', 3, write_as_completed),
    ('timeout', 3, write_timeout),
    ('taskgroup', 3, write_taskgroup),
    ('cancelling', 2, write_cancelling),
    ('generators', 2, write_generators),
    ('deadlock', 0.25, write_deadlock),
)
