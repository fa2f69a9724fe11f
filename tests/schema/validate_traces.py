#!/usr/bin/env python3
"""Validate the traces corosim writes against the trace v1 JSON Schema, with
Python's jsonschema (an implementation independent of corosim's own).

    python3 tests/schema/validate_traces.py --corosim build/corosim
        [--seed S] [--count N] [PATHS...]

Runs `corosim run PROGRAM --trace OUT.json` for every `.py` under PATHS
(default: scenarios/) and for N programs of the conformance generator
(tests/conformance/gen_programs.py, default 40, seed default 1), and requires
each trace to be valid, and every golden (`*.trace.json`) under PATHS too. Then checks the schema itself: each edit of
trace_cases.CASES applied to a sample trace must give the verdict it names
(unknown kinds and fields stay valid, every broken rule is invalid). One line
per failure; the last line is `N passed, M failed`; exit 1 when any failed, 2
when the check could not run.
"""

import argparse
import concurrent.futures
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, 'tests', 'conformance'))

import gen_programs   # noqa: E402  (needs the paths above)
import trace_cases    # noqa: E402

TIMEOUT = 60


def find_files(paths, suffix):
    found = []
    for path in paths:
        if os.path.isdir(path):
            for folder, _, names in os.walk(path):
                found += [os.path.join(folder, n) for n in names if n.endswith(suffix)]
        elif path.endswith(suffix):
            found.append(path)
    return sorted(found)


def record(corosim, program, out_path):
    """Run the program with --trace; return the trace's text, or raise
    RuntimeError. Any exit code is fine (scenarios include errors and
    deadlocks): every run that compiles writes a trace."""
    process = subprocess.run([corosim, 'run', '-q', program, '--trace', out_path],
                             capture_output=True, timeout=TIMEOUT)
    if not os.path.exists(out_path):
        error = process.stderr.decode('utf-8', 'replace').strip().splitlines()
        raise RuntimeError(f'no trace written (exit {process.returncode}): {error[-1] if error else ""}')
    with open(out_path, encoding='utf-8') as f:
        return f.read()


def violations(validator, instance):
    return [f'{trace_cases.pointer(e.absolute_path) or "(top level)"}: {e.message}'
            for e in validator.iter_errors(instance)]


def check_program(validator, corosim, program, workdir, index):
    """None when the program's trace is valid, else the reason."""
    try:
        text = record(corosim, program, os.path.join(workdir, f'{index:04d}.json'))
        found = violations(validator, trace_cases.loads(text))
    except (RuntimeError, ValueError, subprocess.TimeoutExpired) as error:
        return str(error)
    return f'{len(found)} violations, first {found[0]}' if found else None


def check_golden(validator, path):
    """None when the committed golden at `path` is valid, else the reason."""
    try:
        with open(path, encoding='utf-8') as f:
            found = violations(validator, trace_cases.loads(f.read()))
    except (OSError, ValueError) as error:
        return str(error)
    return f'{len(found)} violations, first {found[0]}' if found else None


def check_cases(validator, corosim, workdir):
    """(name, None or the reason) for every case of trace_cases."""
    program = os.path.join(workdir, 'sample.py')
    with open(program, 'w', encoding='utf-8') as f:
        f.write(trace_cases.SAMPLE)
    sample = trace_cases.loads(record(corosim, program, os.path.join(workdir, 'sample.json')))
    results = [('sample trace', 'not valid' if violations(validator, sample) else None)]
    for name, edit, expect_valid in trace_cases.CASES:
        is_valid = validator.is_valid(trace_cases.edited(sample, edit))
        reason = None if is_valid == expect_valid else f'expected {"valid" if expect_valid else "invalid"}'
        results.append((f'case "{name}"', reason))
    return results


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--corosim', default=os.path.join(ROOT, 'build', 'corosim'))
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--count', type=int, default=40)
    parser.add_argument('paths', nargs='*', default=[os.path.join(ROOT, 'scenarios')])
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if not os.access(args.corosim, os.X_OK):
        print(f'validate_traces: no corosim binary at {args.corosim}', file=sys.stderr)
        return 2
    validator = trace_cases.make_validator()
    with tempfile.TemporaryDirectory(prefix='corosim-schema-') as workdir:
        programs = find_files(args.paths, '.py')
        programs += gen_programs.write_programs(args.seed, args.count, os.path.join(workdir, 'generated'))
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            reasons = pool.map(lambda job: check_program(validator, args.corosim, job[1], workdir, job[0]),
                               enumerate(programs))
            results = [(os.path.relpath(p, ROOT), r) for p, r in zip(programs, reasons)]
        results += [(os.path.relpath(p, ROOT), check_golden(validator, p))
                    for p in find_files(args.paths, '.trace.json')]
        results += check_cases(validator, args.corosim, workdir)
    failed = [(name, reason) for name, reason in results if reason]
    for name, reason in failed:
        print(f'FAIL {name}: {reason}')
    print(f'{len(results) - len(failed)} passed, {len(failed)} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
