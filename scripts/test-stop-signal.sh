#!/usr/bin/env bash
# Checks that SIGTERM sent to the launcher's process stops training cleanly: the launcher execs
# Java, which saves a checkpoint, writes metrics.json (stop_reason "interrupted") and exits.
# Trains MNIST (from the cache, or fetched) on one thread until the first progress line.
# Usage: scripts/test-stop-signal.sh
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$root/convnet4j" train --epochs 1 --threads 1 --output "$work/run" >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 1 600); do
  grep -q '^step ' "$work/out" && break
  sleep 0.5
done
if ! grep -q '^step ' "$work/out"; then
  echo "test-stop-signal: training printed no step in 300 s" >&2
  cat "$work/out" "$work/err" >&2
  exit 1
fi
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
fail() {
  echo "test-stop-signal: $1" >&2
  cat "$work/out" "$work/err" >&2
  exit 1
}
kill -0 "$pid" 2>/dev/null && fail "process $pid still runs after SIGTERM"
[ -f "$work/run/model.ckpt" ] || fail "no checkpoint after SIGTERM"
grep -q '"stop_reason": "interrupted"' "$work/run/metrics.json" || fail "metrics.json has no stop_reason interrupted"
grep -q 'continue with --resume' "$work/out" || fail "no hint to resume"
echo "test-stop-signal: SIGTERM stopped training with a checkpoint (exit status $status)"
