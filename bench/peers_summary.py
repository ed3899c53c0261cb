#!/usr/bin/env python3
"""The summary of a sitting of bench/compare-peers.sh: per round, network and thread count, each
figure of convnet4j, TensorFlow and PyTorch and the ratio convnet4j / fastest peer.

compare-peers.sh starts each run's output with a header `== HH:MM:SS [NETWORK PROGRAM THREADS]
command...` and each round with `#### round N`; a run's figures are the last line of its output
that is a JSON object (every program here ends with one). The peers' programs name their figures
differently (seed_net.py `train_images_per_s`, tfjava-train `infer_images_per_sec`, ...): ALIASES
maps them to one name per figure.

Ratios: images/s (training, inference, first epoch) convnet4j / the peer with the most; latency
convnet4j / the peer with the least, so below 1 is better there and above 1 everywhere else.

Usage: peers_summary.py SITTING.log              the summary table, Markdown
       peers_summary.py --first-epoch METRICS    one JSON line from `convnet4j train`'s metrics.json
"""
import json
import re
import sys

HEADER = re.compile(r"^== \d\d:\d\d:\d\d \[([^\]]+)\]")
ROUND = re.compile(r"^#### round (\d+)")

# figure -> the keys the programs' last JSON lines use for it, the first present wins
ALIASES = {
    "training": ("train_images_per_sec", "train_images_per_s"),
    "inference": ("inference_images_per_sec", "infer_images_per_sec", "inference_images_per_s"),
    "latency": ("latency_ms_median", "latency_median_ms"),
    "first epoch": ("first_epoch_images_per_sec",),
}
# figure -> its label in the table; latency is the one where less is better
LABELS = {"training": "training images/s", "inference": "inference images/s",
          "latency": "latency ms (less is better)", "first epoch": "first epoch images/s"}
FRAMEWORKS = ("convnet4j", "TensorFlow", "PyTorch")


def framework(program):
    """The column of a program label: convnet4j, convnet4j-train -> convnet4j, and so on."""
    for name in FRAMEWORKS:
        if program.lower().startswith(name.lower()):
            return name
    raise ValueError(f"unknown program {program!r} in a run header")


def last_json(lines):
    """The last line of a run's output that parses as a JSON object, or None."""
    for line in reversed(lines):
        line = line.strip()
        if line.startswith("{"):
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                return value
    return None


def first_epoch(result):
    """The first epoch's training images/s of a one-epoch training run, or None."""
    for key, per_second in (("epoch_results", "train_images_per_sec"), ("epochs", "train_images_per_s")):
        epochs = result.get(key)
        if isinstance(epochs, list) and epochs and per_second in epochs[0]:
            return epochs[0][per_second]
    return None


def figures(program, result):
    """The figures one run gives: {figure: value}. A peer's one-epoch training run gives its
    training images/s and, the same number, its first epoch's."""
    out = {}
    for figure, keys in ALIASES.items():
        for key in keys:
            if isinstance(result.get(key), (int, float)):
                out[figure] = float(result[key])
                break
    epoch = first_epoch(result)
    if epoch is not None:
        out["first epoch"] = float(epoch)
    return out


def parse(lines):
    """The runs of a sitting's log: a list of (round, network, program, threads, result or None)."""
    runs, round_no, current, output = [], 0, None, []

    def close():
        if current is not None:
            runs.append((*current, last_json(output)))

    for line in lines:
        m = ROUND.match(line)
        h = HEADER.match(line)
        if m or h or line.startswith("== "):
            close()
            current, output = None, []
        if m:
            round_no = int(m.group(1))
        elif h:
            parts = h.group(1).split()
            if len(parts) != 3:
                raise ValueError(f"a run header needs [NETWORK PROGRAM THREADS]: {line.strip()}")
            current = (round_no, parts[0], parts[1], int(parts[2]))
        elif current is not None:
            output.append(line)
    close()
    return runs


def table(runs):
    """Rows (round, network, threads, figure, {framework: value}) in the order the runs came, those
    with a convnet4j figure."""
    rows, order = {}, []
    for round_no, network, program, threads, result in runs:
        if result is None:
            continue
        for figure, value in figures(program, result).items():
            key = (round_no, network, threads, figure)
            if key not in rows:
                rows[key] = {}
                order.append(key)
            rows[key].setdefault(framework(program), value)
    # a peer's figure convnet4j has no counterpart for (PyTorch's first epoch on one thread) is left out
    return [(*key, rows[key]) for key in order if "convnet4j" in rows[key]]


def ratio(figure, values):
    """convnet4j / the fastest peer, and that peer's name; None without convnet4j or a peer."""
    peers = {name: v for name, v in values.items() if name != "convnet4j" and v > 0}
    if "convnet4j" not in values or not peers:
        return None, None
    best = (min if figure == "latency" else max)(peers, key=peers.get)
    return values["convnet4j"] / peers[best], best


def render(runs):
    """The sitting as Markdown: the table, then the runs that gave no JSON line."""
    out = ["| round | network | threads | figure | convnet4j | TensorFlow | PyTorch"
           " | convnet4j / fastest peer |",
           "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for round_no, network, threads, figure, values in table(runs):
        cells = [(f"{values[n]:.3f}" if figure == "latency" else f"{values[n]:,.0f}")
                 if n in values else "-" for n in FRAMEWORKS]
        r, best = ratio(figure, values)
        out.append(f"| {round_no} | {network} | {threads} | {LABELS[figure]} | " + " | ".join(cells)
                   + " | " + (f"{r:.2f}x ({best})" if r is not None else "-") + " |")
    failed = [f"round {r}: {n} {p} {t} threads" for r, n, p, t, result in runs if result is None]
    if failed:
        out.append("")
        out.append("no JSON line (failed or interrupted): " + "; ".join(failed))
    return "\n".join(out)


def first_epoch_line(metrics_path):
    """One JSON line from a `convnet4j train` run folder's metrics.json: its first epoch."""
    with open(metrics_path) as f:
        metrics = json.load(f)
    # a run stopped inside its first epoch (--steps) has none
    epoch = metrics["epochs"][0] if metrics.get("epochs") else {}
    return json.dumps({"first_epoch_images_per_sec": epoch.get("images_per_second"),
                       "first_epoch_seconds": epoch.get("seconds"),
                       "test_accuracy": metrics.get("test_accuracy")})


def main(argv):
    if len(argv) == 2 and argv[0] == "--first-epoch":
        print(first_epoch_line(argv[1]))
    elif len(argv) == 1 and not argv[0].startswith("-"):
        with open(argv[0]) as f:
            print(render(parse(f.read().splitlines())))
    else:
        print("usage: peers_summary.py SITTING.log | --first-epoch METRICS.json", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
