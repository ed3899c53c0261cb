#!/usr/bin/env bash
# One sitting of side-by-side speed figures: convnet4j against TensorFlow (TensorFlow Java, graph
# mode, oneDNN) and PyTorch, with the peers' programs in ../shared/bench (see its README). Each
# round runs, one after the other on an otherwise idle machine:
#   the tutorial's network (--tutorial): convnet4j's bench on 2 threads and on 1, TensorFlow's
#     one-epoch training run, `convnet4j train --epochs 1`, then PyTorch's one-epoch run on 2
#     threads and on 1;
#   each Keras model file (--models: ../shared/bench/models/*.json, or the files --model names):
#     convnet4j's `bench --model-file`, TensorFlow's tfjava-keras and PyTorch's keras_json_net.py,
#     on 2 threads.
# The log goes to stdout (and --log FILE); it ends with a table of each round's figures and the
# ratios convnet4j / fastest peer, from each run's last JSON line (bench/peers_summary.py, which
# also summarises an old log: python3 bench/peers_summary.py sitting.log). Quote ratios within a
# round: this machine's speed drifts.
#
# Usage: bench/compare-peers.sh [ROUNDS] [--rounds N] [--tutorial] [--models] [--model FILE]...
#                               [--quick] [--log FILE] > sitting.log
#   ROUNDS, --rounds N  rounds (default 2)
#   --tutorial          the tutorial network's part; --models the model files' part; neither: both
#   --model FILE        a model file for the models part instead of all of models/*.json (repeat)
#   --quick             a few steps per program, to check that everything runs: figures meaningless
#   PEERS    the peers' folder (default: ../shared/bench beside this checkout)
#   WORK     where TensorFlow's programs are copied and built once (default: ~/.convnet4j/peers)
#   MNIST    a folder with MNIST's IDX files (default: the cache `convnet4j train` fills)
#   JAVA17   java for TensorFlow's programs (default: java on PATH)
# Needs, once: apt-get install python3-torch python3-numpy (PyTorch), Maven (TensorFlow's jars).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
peers=${PEERS:-$root/../shared/bench}
work=${WORK:-$HOME/.convnet4j/peers}
mnist=${MNIST:-${CONVNET4J_CACHE:-$HOME/.convnet4j/datasets}/mnist}

usage() {
  sed -n '/^# Usage:/,/^# Needs/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
rounds=2 tutorial=0 models=0 quick=0 log="" files=()
while (($#)); do
  case $1 in
    --rounds) (($# > 1)) || usage; rounds=$2; shift ;;
    --tutorial) tutorial=1 ;;
    --models) models=1 ;;
    --model) (($# > 1)) || usage; models=1; files+=("$(readlink -f "$2")"); shift ;;
    --quick) quick=1 ;;
    --log) (($# > 1)) || usage; log=$2; shift ;;
    [0-9]*) rounds=$1 ;;
    *) usage ;;
  esac
  shift
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || usage
if ((!tutorial && !models)); then
  tutorial=1 models=1
fi
if ((models && ${#files[@]} == 0)); then
  files=("$peers"/models/*.json)
fi
for f in "${files[@]}"; do
  [[ -f $f ]] || { echo "no model file $f" >&2; exit 2; }
done

# Builds a peer's TensorFlow program once into $work (the shared folder may not be writable).
build_once() {
  local name=$1 jar=$2
  if [[ ! -f "$work/$name/target/$jar" ]]; then
    mkdir -p "$work" && rm -rf "${work:?}/$name" && cp -r "$peers/$name" "$work/"
    (cd "$work/$name" && mvn -B -q clean package) >&2
  fi
}
if ((tutorial)); then
  build_once tfjava-train tfjava-mnist-train.jar
  if [[ ! -f "$mnist/train-images-idx3-ubyte" && ! -f "$mnist/train-images-idx3-ubyte.gz" ]]; then
    echo "no MNIST in $mnist: run ./convnet4j train once, or set MNIST" >&2
    exit 1
  fi
fi
((models)) && build_once tfjava-keras tfjava-keras.jar

# --quick: a few steps everywhere (the programs' own options for it)
bench_steps=() tf_steps=() torch_steps=() train_steps=() epoch_steps=()
if ((quick)); then
  bench_steps=(--warmup 2 --steps 3) tf_steps=(--warmup 1 --steps 3) torch_steps=(--warmup 1 --steps 3)
  train_steps=(--steps 5) epoch_steps=(--max-batches 5)
fi

# run "NETWORK PROGRAM THREADS" command...: the header peers_summary.py reads, then the output
run() {
  local label=$1
  shift
  echo "== $(date -u +%H:%M:%S) [$label] $*"
  "$@" 2>&1 || echo "(exit status $?)"
}
# convnet4j's first epoch as one JSON line, from the run folder's metrics.json
train_first_epoch() {
  local out
  out=$(mktemp -d)
  "$root/convnet4j" train --epochs 1 "${train_steps[@]}" --output "$out" &&
    python3 "$root/bench/peers_summary.py" --first-epoch "$out/metrics.json"
}

sitting() {
  local round f name
  for ((round = 1; round <= rounds; round++)); do
    echo "#### round $round"
    if ((tutorial)); then
      run "tutorial convnet4j 2" "$root/convnet4j" bench --threads 2 "${bench_steps[@]}"
      run "tutorial convnet4j 1" "$root/convnet4j" bench --threads 1 "${bench_steps[@]}"
      run "tutorial TensorFlow 2" env JAVA="${JAVA17:-java}" "$work/tfjava-train/run.sh" --data "$mnist" \
        --epochs 1 --threads 2 --onednn true "${epoch_steps[@]}"
      run "tutorial convnet4j-train 2" train_first_epoch
      run "tutorial PyTorch 2" "$peers/with-openblas.sh" /usr/bin/python3 "$peers/seed_net.py" --data "$mnist" \
        --epochs 1 --threads 2 "${epoch_steps[@]}"
      run "tutorial PyTorch 1" "$peers/with-openblas.sh" /usr/bin/python3 "$peers/seed_net.py" --data "$mnist" \
        --epochs 1 --threads 1 "${epoch_steps[@]}"
    fi
    for f in "${files[@]}"; do
      name=$(basename "$f")
      run "$name convnet4j 2" "$root/convnet4j" bench --model-file "$f" --threads 2 "${bench_steps[@]}"
      run "$name TensorFlow 2" env JAVA="${JAVA17:-java}" "$work/tfjava-keras/run.sh" --model "$f" --threads 2 \
        "${tf_steps[@]}"
      run "$name PyTorch 2" "$peers/with-openblas.sh" /usr/bin/python3 "$peers/keras_json_net.py" "$f" \
        --threads 2 "${torch_steps[@]}"
    done
  done
  echo "== $(date -u +%H:%M:%S) done"
}

sitting_log=${log:-$(mktemp)}
sitting | tee "$sitting_log"
echo
if ((quick)); then
  echo "(--quick: a few steps each, the figures below mean nothing)"
fi
python3 "$root/bench/peers_summary.py" "$sitting_log"
[[ -n $log ]] || rm -f "$sitting_log"
