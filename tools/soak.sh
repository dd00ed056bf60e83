#!/bin/sh
# Run the whole suite RUNS times in a row, each time in a fresh clone of this checkout's HEAD (so
# nothing is cached: no .venv, no test channel, no wine prefix), with HOGS busy-looping processes
# beside it, and print one line per run. A flaky test shows up here before CI finds it at random;
# docs/testing.md ("Stability") quotes these lines. Logs stay in the printed folder.
#   RUNS=3 HOGS=1 sh tools/soak.sh
set -eu
RUNS=${RUNS:-3}
HOGS=${HOGS:-1}
src=$(cd "$(dirname "$0")/.." && pwd)
commit=$(git -C "$src" rev-parse --short HEAD)
work=$(mktemp -d "${TMPDIR:-/tmp}/envstrap-soak.XXXXXX")
echo "soak: $RUNS runs of $commit with $HOGS CPU hog(s); logs in $work"

hogs=""
stop_hogs() {
    # shellcheck disable=SC2086  # a list of pids, split on purpose
    [ -z "$hogs" ] || kill $hogs 2>/dev/null || true
}
trap stop_hogs EXIT
trap 'exit 130' INT TERM
i=0
while [ "$i" -lt "$HOGS" ]; do
    sh -c 'while :; do :; done' &
    hogs="$hogs $!"
    i=$((i + 1))
done

failed=0
run=1
while [ "$run" -le "$RUNS" ]; do
    clone="$work/run$run"
    git clone -q "$src" "$clone"
    git -C "$clone" checkout -q "$commit"
    start=$(date +%s)
    if CI=true sh "$clone/tools/test-all.sh" -p no:cacheprovider >"$work/run$run.log" 2>&1; then
        rc=0
    else
        rc=$?
        failed=$((failed + 1))
    fi
    end=$(date +%s)
    summary=$(grep -E '(passed|failed|error)' "$work/run$run.log" | tail -n 1)
    echo "soak: run $run: exit $rc in $((end - start)) s, load $(cut -d' ' -f1-3 /proc/loadavg): $summary"
    run=$((run + 1))
done
echo "soak: $failed of $RUNS runs failed"
[ "$failed" -eq 0 ]
