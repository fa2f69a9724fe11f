#!/bin/sh
# The speed of `corosim test` (issue 4: a suite of 500 scenarios keeps every
# core busy). Copies the programs of scenarios/ that have a golden, with their
# goldens, into a temporary directory until there are COUNT of them (copy K
# of a program sits in copy-K/, so its golden still names its file), then runs
# `corosim test -j N` on them under /usr/bin/time -v and prints the wall time
# and the CPU use: "Percent of CPU" near 100 * N means every worker was busy.
#
#   bench/test_runner_bench.sh [COROSIM] [COUNT] [JOBS...]
#   defaults: build/corosim, 500, then 1 and the number of cores
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
corosim=$(realpath "${1:-$root/build/corosim}")
count=${2:-500}
shift $(( $# < 2 ? $# : 2 ))
jobs=${*:-"1 $(nproc)"}

[ -x "$corosim" ] || { echo "no corosim at $corosim: build it or pass its path" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (Debian package 'time')" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/corosim-test-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT

programs=$(cd "$root" && find scenarios -name '*.py' | sort | while read -r p; do
  [ -f "${p%.py}.trace.json" ] && echo "$p"; done)
[ -n "$programs" ] || { echo "no scenario with a golden under $root/scenarios" >&2; exit 2; }
copied=0
copy=0
while [ "$copied" -lt "$count" ]; do
  copy=$((copy + 1))
  for p in $programs; do
    [ "$copied" -lt "$count" ] || break
    dest="$work/suite/copy-$copy/$(dirname "$p")"
    mkdir -p "$dest"
    cp "$root/$p" "$root/${p%.py}.trace.json" "$dest/"
    copied=$((copied + 1))
  done
done

echo "corosim test over $copied scenarios ($(nproc) cores)"
for j in $jobs; do
  /usr/bin/time -v -o "$work/time.txt" "$corosim" test -j "$j" "$work/suite" > "$work/out.txt" 2>&1 || true
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt")
  cpu=$(sed -n 's/.*Percent of CPU this job got: //p' "$work/time.txt")
  printf '  -j %-3s wall %-8s CPU %-6s %s\n' "$j" "$wall" "$cpu" "$(tail -n 1 "$work/out.txt")"
done
