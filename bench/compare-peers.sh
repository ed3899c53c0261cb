#!/usr/bin/env bash
# One sitting of side-by-side speed figures: convnet4j against TensorFlow (TensorFlow Java, graph
# mode, oneDNN) and PyTorch, with the peers' programs in ../shared/bench (see its README). Each
# round runs, one after the other on an otherwise idle machine: convnet4j's bench on 2 threads and
# on 1, TensorFlow's one-epoch training run, `convnet4j train --epochs 1`, then PyTorch's one-epoch
# run on 2 threads and on 1. Quote ratios within a round: this machine's speed drifts.
#
# Usage: bench/compare-peers.sh [ROUNDS] > sitting.log
#   PEERS    the peers' folder (default: ../shared/bench beside this checkout)
#   WORK     where TensorFlow's program is copied and built once (default: ~/.convnet4j/peers)
#   MNIST    a folder with MNIST's IDX files (default: the cache `convnet4j train` fills)
#   JAVA17   java for TensorFlow's program (default: java on PATH)
# Needs, once: apt-get install python3-torch python3-numpy (PyTorch), Maven (TensorFlow's jars).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
rounds=${1:-2}
peers=${PEERS:-$root/../shared/bench}
work=${WORK:-$HOME/.convnet4j/peers}
mnist=${MNIST:-${CONVNET4J_CACHE:-$HOME/.convnet4j/datasets}/mnist}

if [[ ! -f "$work/tfjava-train/target/tfjava-mnist-train.jar" ]]; then
  mkdir -p "$work" && rm -rf "$work/tfjava-train" && cp -r "$peers/tfjava-train" "$work/"
  (cd "$work/tfjava-train" && mvn -B -q clean package) >&2
fi
if [[ ! -f "$mnist/train-images-idx3-ubyte" && ! -f "$mnist/train-images-idx3-ubyte.gz" ]]; then
  echo "no MNIST in $mnist: run ./convnet4j train once, or set MNIST" >&2
  exit 1
fi

run() {
  echo "== $(date -u +%H:%M:%S) $*"
  "$@" 2>&1
}

for ((round = 1; round <= rounds; round++)); do
  echo "#### round $round"
  run "$root/convnet4j" bench --threads 2
  run "$root/convnet4j" bench --threads 1
  run env JAVA="${JAVA17:-java}" "$work/tfjava-train/run.sh" --data "$mnist" --epochs 1 --threads 2 --onednn true
  run "$root/convnet4j" train --epochs 1 --output "$(mktemp -d)"
  run "$peers/with-openblas.sh" /usr/bin/python3 "$peers/seed_net.py" --data "$mnist" --epochs 1 --threads 2
  run "$peers/with-openblas.sh" /usr/bin/python3 "$peers/seed_net.py" --data "$mnist" --epochs 1 --threads 1
done
echo "== $(date -u +%H:%M:%S) done"
