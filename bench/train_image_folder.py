#!/usr/bin/env python3
"""PyTorch's side of `convnet4j train --data DIR --model-file MODEL.json`: trains the network of
a Keras model file on an image folder with convnet4j's default settings and prints the test
accuracy, for issue 16's figure "trains to the accuracy a PyTorch run of the same network on the
same files reaches".

The same as convnet4j's run:
- data: DIR/train/<class>/* and DIR/test/<class>/* (and DIR/validation/<class>/* if there is
  one), classes the sorted folder names; every image decoded to the model's input channels (grey
  or RGB) and size (bilinear when it differs), pixels times float32(1/255). The test is the whole
  test/ folder, the same files as convnet4j's test; so is the validation/ folder if there is one.
  Without it, round(fraction x class size) images of each class of train/ are held out for
  validation (--validation-split, 0.1, seeded): as many as convnet4j holds out, but not the same
  ones, so the two train on 90 % the same images; give DIR a validation/ folder to train both on
  exactly the same files.
- network: built from the model file by the peers' keras_json_net.py (imported, so the speed
  figures and this accuracy figure use one builder; TensorFlow's SAME padding kept exactly).
  Kernels get the initializer the file names (he_normal, glorot_uniform, random_normal,
  truncated_normal, zeros) and He normal where it names none, biases zeros, as convnet4j does;
  Keras' he_normal is a normal truncated at two standard deviations, rescaled.
- training: Adam (beta1 0.9, beta2 0.999, epsilon 1e-7, Keras' and convnet4j's), learning rate
  1e-3 times 0.75 after every epoch (convnet4j's default preset, TensorFlow's staircase
  ExponentialDecay), batch 128 with the last partial batch, reshuffled every epoch, softmax
  cross-entropy averaged over the batch (a softmax last layer folded into it), 10 epochs; the
  test accuracy is the last epoch's weights'.

Usage: with-openblas.sh /usr/bin/python3 bench/train_image_folder.py DIR MODEL.json
       [--epochs 10] [--batch 128] [--lr 1e-3] [--decay 0.75] [--validation-split 0.1]
       [--seed 42] [--threads 2] [--peers ../shared/bench]
The last line printed is one JSON object."""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
from PIL import Image

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def class_folders(split_dir):
    """The sorted class folder names of DIR/train or DIR/test."""
    if not os.path.isdir(split_dir):
        raise SystemExit(f"{split_dir}: no such folder (this script reads DIR/train and DIR/test)")
    return sorted(d for d in os.listdir(split_dir) if os.path.isdir(os.path.join(split_dir, d)))


def read_split(split_dir, classes, h, w, c):
    """Every image of split_dir's class folders as float32 [n, c, h, w] and int64 labels."""
    mode = "L" if c == 1 else "RGB"
    images, labels = [], []
    for label, name in enumerate(classes):
        folder = os.path.join(split_dir, name)
        for file in sorted(os.listdir(folder)):
            with Image.open(os.path.join(folder, file)) as im:
                im = im.convert(mode)
                if im.size != (w, h):
                    im = im.resize((w, h), Image.BILINEAR)
                images.append(np.asarray(im, dtype=np.uint8).reshape(h, w, c))
            labels.append(label)
    x = np.stack(images).astype(np.float32) * np.float32(1.0 / 255.0)
    return np.ascontiguousarray(x.transpose(0, 3, 1, 2)), np.array(labels, dtype=np.int64)


def hold_out(labels, fraction, seed):
    """Indices (train, validation): round(fraction x size) of each class to validation, seeded."""
    rng = np.random.default_rng(seed)
    train, validation = [], []
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        k = int(math.floor(len(members) * fraction + 0.5))  # Java's Math.round
        validation.extend(members[:k])
        train.extend(members[k:])
    return np.sort(np.array(train)), np.sort(np.array(validation))


def initializer(torch, config, key, default):
    """An init function for a layer's kernel or bias, from the model file's config[key]."""
    value = config.get(key, default)
    name, args = (value.get("class_name"), value.get("config") or {}) if isinstance(value, dict) else (value, {})

    def he_normal(w):
        fan_in = w[0].numel()  # PyTorch's [out, in, kh, kw] and [out, in]: in x kh x kw
        std = math.sqrt(2.0 / fan_in) / 0.87962566103423978
        torch.nn.init.trunc_normal_(w, 0.0, std, -2 * std, 2 * std)

    def truncated(w):
        std = args.get("stddev", 0.05)
        torch.nn.init.trunc_normal_(w, args.get("mean", 0.0), std, -2 * std, 2 * std)

    table = {
        "he_normal": he_normal, "HeNormal": he_normal,
        "glorot_uniform": torch.nn.init.xavier_uniform_, "GlorotUniform": torch.nn.init.xavier_uniform_,
        "zeros": torch.nn.init.zeros_, "Zeros": torch.nn.init.zeros_,
        "random_normal": lambda w: torch.nn.init.normal_(w, args.get("mean", 0.0), args.get("stddev", 0.05)),
        "RandomNormal": lambda w: torch.nn.init.normal_(w, args.get("mean", 0.0), args.get("stddev", 0.05)),
        "truncated_normal": truncated, "TruncatedNormal": truncated,
    }
    if name not in table:
        raise SystemExit(f"layer {config.get('name')}: {key} {name!r} is not supported here")
    return table[name]


def initialize(torch, net, spec):
    """Applies the file's initializers (He normal and zeros by default) to its Conv2D and Dense
    layers, which keras_json_net builds in file order as the Conv2d and Linear modules."""
    cfg = spec["config"]
    layers = [l["config"] for l in (cfg["layers"] if isinstance(cfg, dict) else cfg)
              if l["class_name"] in ("Conv2D", "Dense")]
    modules = [m for m in net.modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
    if len(layers) != len(modules):
        raise SystemExit(f"{len(layers)} Conv2D and Dense layers in the file, {len(modules)} built")
    with torch.no_grad():
        for config, module in zip(layers, modules):
            initializer(torch, config, "kernel_initializer", "he_normal")(module.weight)
            if module.bias is not None:
                initializer(torch, config, "bias_initializer", "zeros")(module.bias)


def accuracy(torch, net, x, y, batch=1000):
    net.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            correct += (net(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    return correct / len(x)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("data"); p.add_argument("model")
    p.add_argument("--epochs", type=int, default=10); p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3); p.add_argument("--decay", type=float, default=0.75)
    p.add_argument("--validation-split", type=float, default=0.1)
    p.add_argument("--seed", type=int, default=42); p.add_argument("--threads", type=int, default=2)
    p.add_argument("--peers", default=os.environ.get("PEERS", os.path.join(root, "..", "shared", "bench")),
                   help="the folder with keras_json_net.py (default: $PEERS, else ../shared/bench)")
    a = p.parse_args()
    sys.path.insert(0, os.path.abspath(a.peers))
    try:
        import keras_json_net
    except ImportError as e:
        raise SystemExit(f"cannot import keras_json_net from {a.peers} ({e}): give --peers or PEERS")
    import envinfo  # keras_json_net's neighbour: sets OpenBLAS' threads too, not only torch's
    import torch
    import torch.nn.functional as F

    envinfo.set_threads(a.threads)
    torch.manual_seed(a.seed)
    with open(a.model) as f:
        spec = json.load(f)
    net, (h, w, c), out = keras_json_net.build(spec)
    initialize(torch, net, spec)

    start = time.perf_counter()
    classes = class_folders(os.path.join(a.data, "train"))
    if class_folders(os.path.join(a.data, "test")) != classes:
        raise SystemExit(f"{a.data}: train/ and test/ hold different class folders")
    if out != [len(classes)]:
        raise SystemExit(f"{a.model} puts out {out}, the data has {len(classes)} classes")
    x, y = read_split(os.path.join(a.data, "train"), classes, h, w, c)
    x_test, y_test = read_split(os.path.join(a.data, "test"), classes, h, w, c)
    if os.path.isdir(os.path.join(a.data, "validation")):
        if class_folders(os.path.join(a.data, "validation")) != classes:
            raise SystemExit(f"{a.data}: train/ and validation/ hold different class folders")
        x_val, y_val = read_split(os.path.join(a.data, "validation"), classes, h, w, c)
        x_train, y_train = torch.from_numpy(x), torch.from_numpy(y)
        x_val, y_val = torch.from_numpy(x_val), torch.from_numpy(y_val)
    else:
        tr, va = hold_out(y, a.validation_split, a.seed)
        x_train, y_train = torch.from_numpy(x[tr]), torch.from_numpy(y[tr])
        x_val, y_val = torch.from_numpy(x[va]), torch.from_numpy(y[va])
    x_test, y_test = torch.from_numpy(x_test), torch.from_numpy(y_test)
    print(f"read {len(x_train) + len(x_val) + len(x_test):,} images of {len(classes)} classes in "
          f"{time.perf_counter() - start:.1f} s: {len(x_train):,} training, {len(x_val):,} validation, "
          f"{len(x_test):,} test", flush=True)

    opt = torch.optim.Adam(net.parameters(), lr=a.lr, betas=(0.9, 0.999), eps=1e-7)
    schedule = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=a.decay)
    shuffle = torch.Generator().manual_seed(a.seed)
    history = []
    for epoch in range(1, a.epochs + 1):
        net.train()
        order = torch.randperm(len(x_train), generator=shuffle)
        t = time.perf_counter()
        loss_sum = 0.0
        steps = (len(order) + a.batch - 1) // a.batch
        for step, i in enumerate(range(0, len(order), a.batch), 1):
            idx = order[i:i + a.batch]
            loss = F.cross_entropy(net(x_train[idx]), y_train[idx])
            opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
            loss_sum += loss.item() * len(idx)
            if step % max(steps // 10, 1) == 0 and step < steps:  # a tenth of an epoch
                print(f"step {step}/{steps} (epoch {epoch}/{a.epochs}): loss {loss.item():.4f}, "
                      f"{i + len(idx):,} images in {time.perf_counter() - t:.0f} s", flush=True)
        schedule.step()
        val = accuracy(torch, net, x_val, y_val)
        history.append({"epoch": epoch, "train_loss": loss_sum / len(x_train), "validation_accuracy": val,
                        "seconds": time.perf_counter() - t})
        print(f"epoch {epoch}: loss {loss_sum / len(x_train):.4f}, validation accuracy {val * 100:.2f} %, "
              f"{time.perf_counter() - t:.0f} s", flush=True)
    test = accuracy(torch, net, x_test, y_test)
    print(f"test accuracy {test * 100:.2f} % ({round(test * len(x_test)):,} of {len(x_test):,} test images)")
    print(json.dumps({"framework": "pytorch " + torch.__version__, "data": os.path.abspath(a.data),
                      "model": os.path.basename(a.model), "seed": a.seed, "epochs": a.epochs,
                      "batch": a.batch, "learning_rate": a.lr, "decay_per_epoch": a.decay,
                      "train_images": len(x_train), "validation_images": len(x_val),
                      "test_images": len(x_test), "test_accuracy": test, "history": history}))


if __name__ == "__main__":
    main()
