#!/usr/bin/env python3
"""Run the conformance suite: corosim against CPython, program by program.

    python3 tests/conformance/run_conformance.py [--corosim build/corosim]
        [--seed S] [--count N] [--jobs J] [--keep DIR] [PATHS...]

For every `.py` file under `scenarios/` (or under the PATHS given) and for N
programs from the seeded generator (default 300, or $COROSIM_CONFORMANCE_COUNT;
the seed defaults to today's date, e.g. 20250131, so each day tests new
programs), this

1. runs the reference tracer (CPython's asyncio under the perfect clock) to
   get the expected trace and stdout (in the worker process itself: the
   tracer restores everything it patches, and starting a new interpreter
   per program would double the suite's time),
2. runs `corosim run PROGRAM --trace ACTUAL.json`, capturing its stdout,
3. requires the traces to agree (compare.py: every event's kind, task name,
   time, parents, coroutine names, done states, printed text, the outcome),
   stdout to be byte-identical, and corosim's exit code to match the
   outcome (0 ok, 1 uncaught exception, 3 deadlock).

Each failure prints one line with the seed and the program, and the program,
both traces, both outputs and the comparison report are kept under `--keep`
(default build/conformance-failures/) for inspection. A generated program can
also be rebuilt from its name alone with gen_programs.py. The last line is
exactly `N passed, M failed`; the exit status is 0 when nothing failed, 1
otherwise, 2 when the suite could not run (no corosim binary).

Every mismatch is a corosim bug (or a reference-tracer bug), never a case to
skip.
"""

import argparse
import concurrent.futures
import contextlib
import datetime
import gc
import io
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import compare         # noqa: E402  (needs HERE on sys.path)
import gen_programs    # noqa: E402
import reftrace        # noqa: E402

DEFAULT_COROSIM = os.path.join(ROOT, 'build', 'corosim')
DEFAULT_KEEP = os.path.join(ROOT, 'build', 'conformance-failures')
KEEP_MARKER = '.conformance-failures'
# COROSIM_CONFORMANCE_COUNT lets a slow (sanitizer) build check fewer programs.
DEFAULT_COUNT = int(os.environ.get('COROSIM_CONFORMANCE_COUNT', '300'))
DEFAULT_TIMEOUT = 60
EXIT_CODE_FOR_STATUS = {'ok': 0, 'error': 1, 'deadlock': 3}


# --------------------------------------------------------------------------
# One program

class Job:
    """A program to check; `label` is what a failure line shows."""

    def __init__(self, path, label, workdir):
        self.path = path
        self.label = label
        self.workdir = workdir      # where this job's outputs go


class Result:
    def __init__(self, job, reason=None, details=''):
        self.job = job
        self.reason = reason        # None when the program passed
        self.details = details

    @property
    def passed(self):
        return self.reason is None


def run_tool(command, timeout):
    """Run a command; return (exit code, stdout bytes, stderr text) or raise
    subprocess.TimeoutExpired."""
    process = subprocess.run(command, capture_output=True, timeout=timeout)
    return process.returncode, process.stdout, process.stderr.decode('utf-8', 'replace')


def last_line(text):
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else '(no message)'


def save(path, data):
    mode = 'wb' if isinstance(data, bytes) else 'w'
    with open(path, mode) as f:
        f.write(data)


def check_program(job, corosim, timeout):
    """Run both sides on one program and compare; never raises."""
    try:
        return compare_runs(job, corosim, timeout)
    except subprocess.TimeoutExpired:
        return Result(job, f'corosim timed out after {timeout} s')
    except Exception as error:      # a bug in this script: report, keep going
        return Result(job, f'internal error in run_conformance: {error!r}')


def reference_run(job, expected_path):
    """Trace the program with the reference tracer, in this worker process
    (a fork that has asyncio loaded already: much cheaper than a new
    interpreter per program). Returns (outcome status, stdout bytes)."""
    out = io.StringIO()
    with contextlib.redirect_stderr(io.StringIO()):
        trace, _ = reftrace.trace_program(job.path, out)
        gc.collect()    # asyncio's "never retrieved" logs go to stderr on collection
    reftrace.write_atomically(expected_path, reftrace.dumps_trace(trace))
    return trace['outcome']['status'], out.getvalue().encode('utf-8')


def compare_runs(job, corosim, timeout):
    os.makedirs(job.workdir, exist_ok=True)
    expected_path = os.path.join(job.workdir, 'expected.json')
    actual_path = os.path.join(job.workdir, 'actual.json')

    try:
        status, ref_out = reference_run(job, expected_path)
    except (OSError, UnicodeDecodeError, SyntaxError) as error:
        return Result(job, f'reference tracer cannot run the program: {error}')
    save(os.path.join(job.workdir, 'expected.stdout'), ref_out)
    if status not in EXIT_CODE_FOR_STATUS:
        return Result(job, f'reference run ended with outcome {status!r} (a broken program)')

    if os.path.exists(actual_path):
        os.remove(actual_path)
    code, out, err = run_tool([corosim, 'run', job.path, '--trace', actual_path], timeout)
    save(os.path.join(job.workdir, 'actual.stdout'), out)
    save(os.path.join(job.workdir, 'actual.stderr'), err)
    if not os.path.exists(actual_path):
        return Result(job, f'corosim wrote no trace (exit {code}): {last_line(err)}', err)

    return judge(job, expected_path, actual_path, ref_out, out, code)


def judge(job, expected_path, actual_path, expected_out, actual_out, actual_code):
    """Compare traces, stdout and exit code; the first problem is the reason."""
    expected = compare.load_trace(expected_path)
    try:
        actual = compare.load_trace(actual_path)
    except compare.UnusableTrace as error:
        return Result(job, f'corosim trace unusable: {error}')
    comparison = compare.compare_traces(expected, actual)
    if not comparison.same:
        first = comparison.divergence.splitlines()[0]
        return Result(job, f'trace differs: {first}', comparison.report())
    if expected_out != actual_out:
        return Result(job, f'stdout differs: {describe_output_difference(expected_out, actual_out)}')
    expected_code = EXIT_CODE_FOR_STATUS[expected['outcome']['status']]
    if actual_code != expected_code:
        return Result(job, f'exit code {actual_code}, expected {expected_code} '
                           f'(outcome {expected["outcome"]["status"]})')
    return Result(job)


def describe_output_difference(expected, actual):
    exp_lines = expected.decode('utf-8', 'replace').splitlines(keepends=True)
    act_lines = actual.decode('utf-8', 'replace').splitlines(keepends=True)
    for number, (exp, act) in enumerate(zip(exp_lines, act_lines), start=1):
        if exp != act:
            return f'line {number}: expected {exp!r}, got {act!r}'
    shorter = 'actual' if len(act_lines) < len(exp_lines) else 'expected'
    return f'{shorter} output ends after line {min(len(exp_lines), len(act_lines))}'


# --------------------------------------------------------------------------
# The suite

def find_programs(paths):
    """`.py` files under the given files or folders, sorted."""
    found = []
    for path in paths:
        if os.path.isdir(path):
            for folder, _, names in os.walk(path):
                found += [os.path.join(folder, n) for n in names if n.endswith('.py')]
        else:
            found.append(path)
    return sorted(found)


def make_jobs(program_paths, generated_paths, seed, workdir):
    jobs = []
    for i, path in enumerate(program_paths):
        label = os.path.relpath(path, ROOT) if path.startswith(ROOT) else path
        jobs.append(Job(path, label, os.path.join(workdir, 'runs', f'{i:04d}')))
    for path in generated_paths:
        name = os.path.basename(path)
        jobs.append(Job(path, f'{name} (generated, seed {seed})',
                        os.path.join(workdir, 'runs', name[:-3])))
    return jobs


def prepare_keep_dir(keep):
    """Empty the failure folder of an earlier run (only if it is ours)."""
    if os.path.isdir(keep) and os.path.exists(os.path.join(keep, KEEP_MARKER)):
        shutil.rmtree(keep)
    os.makedirs(keep, exist_ok=True)
    save(os.path.join(keep, KEEP_MARKER), 'failing programs of the last conformance run\n')


def keep_failure(result, keep):
    """Copy a failing program and everything produced for it into `keep`."""
    name = os.path.basename(result.job.path)[:-3]
    target = os.path.join(keep, name)
    suffix = 1
    while os.path.exists(target):
        suffix += 1
        target = os.path.join(keep, f'{name}-{suffix}')
    shutil.copytree(result.job.workdir, target)
    shutil.copy(result.job.path, target)
    save(os.path.join(target, 'report.txt'), f'{result.job.label}\n{result.reason}\n\n{result.details}')
    return target


def run_suite(jobs, corosim, timeout, workers, keep, seed):
    """Check every job in a process pool; print failures; return counts."""
    passed = failed = 0
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(check_program, job, corosim, timeout) for job in jobs]
        for future in concurrent.futures.as_completed(futures):
            result = future.result()
            if result.passed:
                passed += 1
                continue
            failed += 1
            kept = keep_failure(result, keep)
            print(f'FAIL [seed {seed}] {result.job.label}: {result.reason} '
                  f'(kept in {os.path.relpath(kept)})', flush=True)
    return passed, failed


def today_seed():
    return int(datetime.date.today().strftime('%Y%m%d'))


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description='Check corosim against CPython on the scenarios and on '
                    'random generated programs.')
    parser.add_argument('paths', nargs='*', metavar='PATHS',
                        help='programs or folders to check (default: scenarios/)')
    parser.add_argument('--corosim', default=DEFAULT_COROSIM,
                        help='the corosim binary (default: build/corosim)')
    parser.add_argument('--seed', type=int, default=today_seed(),
                        help="generator seed (default: today's date as YYYYMMDD)")
    parser.add_argument('--count', type=int, default=DEFAULT_COUNT,
                        help='number of generated programs (default %(default)s)')
    parser.add_argument('--jobs', type=int, default=2,
                        help='programs checked in parallel (default %(default)s)')
    parser.add_argument('--keep', default=DEFAULT_KEEP,
                        help='folder for failing programs (default: build/conformance-failures)')
    parser.add_argument('--timeout', type=int, default=DEFAULT_TIMEOUT,
                        help='seconds allowed per tool run (default %(default)s)')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    corosim = os.path.abspath(args.corosim)
    if not (os.path.isfile(corosim) and os.access(corosim, os.X_OK)):
        print(f'run_conformance: no corosim binary at {args.corosim}; build it first '
              f'(cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build) '
              f'or pass --corosim PATH', file=sys.stderr)
        return 2
    program_paths = find_programs(args.paths or [os.path.join(ROOT, 'scenarios')])
    print(f'conformance: seed {args.seed}, {len(program_paths)} programs + '
          f'{args.count} generated, corosim {args.corosim}', flush=True)
    with tempfile.TemporaryDirectory(prefix='corosim-conformance-') as workdir:
        generated = gen_programs.write_programs(args.seed, args.count,
                                                os.path.join(workdir, 'generated'))
        jobs = make_jobs([os.path.abspath(p) for p in program_paths], generated,
                         args.seed, workdir)
        prepare_keep_dir(args.keep)
        passed, failed = run_suite(jobs, corosim, args.timeout, args.jobs,
                                   args.keep, args.seed)
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
