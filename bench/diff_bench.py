"""The speed of `corosim diff` (issue 4: two traces of 1,000,000 events each
in under 2 s, reading both files included).

Records bench/large_trace.py (about 1,000,000 events) twice, and a copy in
which one task's sleep is half a second longer, then times `corosim diff` on
two identical traces (every event compared) and on the pair that differs.

    python3 bench/diff_bench.py [--corosim build/corosim] [--runs 3]
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
LARGE = os.path.join(HERE, "large_trace.py")
LIMIT_SECONDS = 2.0


def changed_source():
    """large_trace.py with worker 77777's first sleep half a second longer."""
    with open(LARGE, encoding="utf-8") as f:
        source = f.read()
    changed, n = re.subn(r"\(i % 1000\) \* 0\.001\)",
                         "(i % 1000) * 0.001 + (0.5 if i == 77777 and j == 0 else 0))", source)
    if n != 1:
        sys.exit("diff_bench: could not find the sleep to change in large_trace.py")
    return changed


def record(corosim, program, trace):
    subprocess.run([corosim, "run", "-q", program, "--trace", trace], check=True)
    with open(trace, encoding="ascii") as f:
        events = sum(1 for line in f if line.startswith('    {"t": '))
    return events


def best_diff(corosim, a, b, runs):
    """Best wall-clock seconds of `corosim diff A B` over `runs`, its exit
    code and its stdout."""
    best = None
    for _ in range(runs):
        start = time.monotonic()
        done = subprocess.run([corosim, "diff", a, b], capture_output=True, text=True)
        took = time.monotonic() - start
        if done.returncode == 2:
            sys.exit(f"diff_bench: corosim diff failed: {done.stderr}")
        best = took if best is None else min(best, took)
    return best, done.returncode, done.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corosim", default=os.environ.get("COROSIM", "build/corosim"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    corosim = os.path.abspath(args.corosim)
    work = tempfile.mkdtemp(prefix="corosim-diff-bench-")
    try:
        os.mkdir(os.path.join(work, "again"))
        for folder in (work, os.path.join(work, "again")):
            shutil.copy(LARGE, folder)
        with open(os.path.join(work, "changed.py"), "w", encoding="utf-8") as f:
            f.write(changed_source())
        a, same, b = (os.path.join(work, name) for name in ("a.json", "same.json", "b.json"))
        events = record(corosim, os.path.join(work, "large_trace.py"), a)
        record(corosim, os.path.join(work, "again", "large_trace.py"), same)
        events_b = record(corosim, os.path.join(work, "changed.py"), b)
        size = os.path.getsize(a) / 1e6
        print(f"traces: {events:,} and {events_b:,} events, {size:.0f} MB each")
        failed = False
        for label, x, y, expected_code in (("identical traces", a, same, 0),
                                           ("one sleep changed", a, b, 1)):
            seconds, code, report = best_diff(corosim, x, y, args.runs)
            verdict = "ok" if seconds < LIMIT_SECONDS and code == expected_code else "TOO SLOW or wrong exit"
            failed |= verdict != "ok"
            print(f"diff, {label}: {seconds:.2f} s (best of {args.runs}), exit {code}: {verdict}")
        print("--- the report of the changed pair, first 14 lines ---")
        print("\n".join(report.split("\n")[:14]))
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
