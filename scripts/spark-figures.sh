#!/usr/bin/env bash
# The Spark figures of the README's "Figures measured here", for an idle machine, in one command:
#  (a) one and two single-core executors of a standalone cluster on 127.0.0.1: images/s for each
#      --sync-every k of SPARK_FIGURES_KS, with a global batch of 128 (strong scaling: each of two
#      executors takes 64 images a step) and with 128 images per executor (weak scaling: global
#      batches of 256 on two); the smallest k whose weak-scaling speed-up reaches 1.8x (else the
#      best), and the accuracy after 2 epochs of MNIST on two executors, 128 images each a step,
#      for that k and for k = 1;
#  (b) local[2] (2 partitions, k = 1) against one machine's train on 2 threads, 2 epochs each:
#      images/s and the training time to 98.5 % validation accuracy (the epochs' training seconds
#      up to the first epoch that reaches it).
# Prints a table at the end; the logs and run folders stay in spark/target/figures.
# Usage: scripts/spark-figures.sh [--quick]   (--quick: a few steps of each, to try the script)
# Environment: SPARK_FIGURES_KS (default 1,16,64,256), SPARK_FIGURES_STEPS (default 256: steps
# measured per configuration, rounded up to whole rounds).
# Takes about 20 minutes on an idle 2-core machine.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
source "$root/scripts/jdk.sh"
cd "$root"

ks=${SPARK_FIGURES_KS:-1,16,64,256}
steps=${SPARK_FIGURES_STEPS:-256}
max_steps=0
epochs=(--epochs 2)
if [ "${1:-}" = "--quick" ]; then
  ks=${SPARK_FIGURES_KS:-1,2}
  steps=${SPARK_FIGURES_STEPS:-2}
  max_steps=4
  epochs=(--epochs 1 --steps 4)
elif [ -n "${1:-}" ]; then
  echo "usage: scripts/spark-figures.sh [--quick]" >&2
  exit 2
fi
out="$root/spark/target/figures"
rm -rf "$out"
mkdir -p "$out"
start=$(date +%s)

# The standalone Master, Worker and executors run from this checkout's Spark jars; the integration
# test stops them by process id, and so does this, should the script itself be stopped.
spark_home="$root/spark/target/spark-home/jars"
stop_cluster() {
  local pids
  pids=$(pgrep -f -- "$spark_home" || true)
  if [ -n "$pids" ]; then
    echo "stopping the standalone cluster's processes: $pids" >&2
    kill $pids 2>/dev/null || true
  fi
}
trap stop_cluster EXIT

# The ScalingFiguresIT in one mode; unit tests and other integration tests skipped.
figures() {
  local mode=$1 log=$2
  shift 2
  mvn -B -pl spark -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=ScalingFiguresIT -Dit.failIfNoSpecifiedTests=false \
    -Dconvnet4j.figures="$mode" "$@" >"$log" 2>&1 || {
    echo "spark-figures: the $mode run failed; see $log" >&2
    exit 1
  }
  grep '^FIGURE' "$log" || true
}

echo "== (a) standalone cluster: images/s of one and two executors, k in $ks, global batch 128"
figures throughput "$out/strong.log" -Dconvnet4j.ks="$ks" -Dconvnet4j.steps="$steps"
echo "== (a) the same with 128 images per executor"
figures throughput "$out/throughput.log" -Dconvnet4j.ks="$ks" -Dconvnet4j.steps="$steps" \
  -Dconvnet4j.batchPerExecutor=128
best_k=$(python3 - "$out/throughput.log" <<'EOF'
import re, sys
rates = {}
for line in open(sys.argv[1]):
    m = re.match(r"FIGURE executors=(\d+) k=(\d+): .*?([\d.]+) images/s", line)
    if m:
        rates.setdefault(int(m[2]), {})[int(m[1])] = float(m[3])
ratios = {k: r[2] / r[1] for k, r in rates.items() if 1 in r and 2 in r}
reaching = [k for k in sorted(ratios) if ratios[k] >= 1.8]
print(reaching[0] if reaching else max(ratios, key=ratios.get))
EOF
)
accuracy_ks=1
[ "$best_k" != 1 ] && accuracy_ks="1,$best_k"

echo "== (a) standalone cluster: 2 epochs of MNIST on two executors, k in $accuracy_ks"
figures accuracy "$out/accuracy.log" -Dconvnet4j.ks="$accuracy_ks" -Dconvnet4j.maxSteps="$max_steps" \
  -Dconvnet4j.batchPerExecutor=128

echo "== (b) one machine, 2 threads, against local[2]"
./convnet4j train --threads 2 "${epochs[@]}" --output "$out/one-machine" >"$out/one-machine.log" 2>&1
./convnet4j train --spark-master 'local[2]' --partitions 2 --threads 2 "${epochs[@]}" \
  --output "$out/local2" >"$out/local2.log" 2>&1

python3 - "$out" "$best_k" "$(( $(date +%s) - start ))" <<'EOF'
import json, re, sys
out, best_k, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def rates_in(log):
    rates = {}
    for line in open(log):
        m = re.match(r"FIGURE executors=(\d+) k=(\d+): .*?([\d.]+) images/s", line)
        if m:
            rates.setdefault(int(m[2]), {})[int(m[1])] = float(m[3])
    return rates
accuracy = {}
for line in open(f"{out}/accuracy.log"):
    m = re.match(r"FIGURE accuracy executors=2 k=(\d+): test ([\d.]+), validation ([\d.NaN]+)"
                 r" after (\d+) epochs \(([\d.]+) s", line)
    if m:
        accuracy[int(m[1])] = m.groups()[1:]

for log, title in (("strong.log", "a global batch of 128 (64 images per executor on two)"),
                   ("throughput.log", "128 images per executor (global batches of 256 on two)")):
    rates = rates_in(f"{out}/{log}")
    print(f"\n(a) standalone cluster, single-core executors, tutorial network, {title}")
    print(f"{'k':>5} {'1 executor':>12} {'2 executors':>12} {'speed-up':>9}")
    for k in sorted(rates):
        r = rates[k]
        print(f"{k:>5} {r.get(1, 0):>10.0f}/s {r.get(2, 0):>10.0f}/s {r.get(2, 0) / r.get(1, 1):>8.2f}x")
print(f"the k that reaches 1.8x with 128 images per executor (else the best): {best_k}")
print("two executors, 128 images each a step, 2 epochs of MNIST:")
print(f"{'k':>5} {'test':>8} {'validation':>11} {'epochs':>7} {'training s':>11}")
for k in sorted(accuracy):
    test, validation, n, s = accuracy[k]
    print(f"{k:>5} {float(test):>8.2%} {float(validation):>11.2%} {n:>7} {float(s):>11.0f}")

print("\n(b) MNIST, default preset, 2 cores: one machine (2 threads) against local[2] (2 partitions)")
print(f"{'':>12} {'images/s by epoch':>24} {'to 98.5 %':>12} {'test':>8}")
for name in ("one-machine", "local2"):
    m = json.load(open(f"{out}/{name}/metrics.json"))
    rates = " ".join(f"{e['images_per_second']:.0f}" for e in m["epochs"])
    total, reached = 0.0, None
    for e in m["epochs"]:
        total += e["seconds"]
        if e["validation_accuracy"] >= 0.985:
            reached = f"{total:.0f} s (ep {e['epoch']})"
            break
    test = m.get("test_accuracy")
    print(f"{name:>12} {rates or '-':>24} {reached or 'not reached':>12} "
          f"{'-' if test is None else f'{test:.2%}':>8}")
print(f"\n{seconds} s in all; logs and runs in {out}")
EOF
