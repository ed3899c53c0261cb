#!/usr/bin/python3
"""Makes the PyTorch models the onnx module's tests import, with Debian's python3-torch.

Small networks exported by torch.onnx.export (opset 13), each with a seeded random input batch
and PyTorch's output for it, in ONNX's test-data format (TensorProto files), into
onnx/src/test/resources/torch/: NAME.onnx, NAME.input.pb, NAME.output.pb. The files are
committed, so the tests need no torch.

    /usr/bin/python3 onnx/scripts/make-torch-models.py            # the test models
    /usr/bin/python3 onnx/scripts/make-torch-models.py --mnist DIR  # also train one on MNIST

--mnist trains a small CNN (batch normalisation, a padded average pooling) for one epoch on the
MNIST IDX files in DIR (e.g. ~/.convnet4j/datasets/mnist), prints its test accuracy and writes
mnist-torch.onnx into the current folder.
"""
import argparse
import gzip
import os
import struct

import numpy as np
import onnx
import onnx.numpy_helper
import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources",
                   "torch")


def conv_padding():
    """A convolution with padding 1 (and one of 2 on a 5x5), ReLU, max pooling, flatten, Linear."""
    return nn.Sequential(
        nn.Conv2d(2, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(4, 3, 5, stride=2, padding=2), nn.ReLU(),
        nn.Flatten(), nn.Linear(3 * 2 * 2, 5)), (2, 7, 9)


def avg_pool_pad():
    """AvgPool2d with padding, counting the padded zeros: torch writes Constant, Pad, AveragePool."""
    return nn.Sequential(
        nn.Conv2d(3, 4, 3), nn.ReLU(),
        nn.AvgPool2d(3, stride=2, padding=1),
        nn.AvgPool2d(2, stride=1, padding=1, count_include_pad=False),
        nn.Flatten(), nn.Linear(4 * 5 * 4, 6)), (3, 10, 8)


def batch_norm_folded():
    """Conv2d without bias, then BatchNorm2d with running statistics: folded into the Conv."""
    bn = nn.BatchNorm2d(6)
    with torch.no_grad():
        bn.running_mean.uniform_(-0.5, 0.5)
        bn.running_var.uniform_(0.5, 2.0)
        bn.weight.uniform_(0.5, 1.5)
        bn.bias.uniform_(-0.5, 0.5)
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2, bias=False), bn, nn.ReLU(), nn.MaxPool2d(2, ceil_mode=False),
        nn.Flatten(), nn.Linear(6 * 4 * 4, 10)), (1, 9, 9)


def flatten_gemm():
    """Flatten of an NCHW image with channels, then Linear layers (Gemm, transB=1), Dropout."""
    return nn.Sequential(
        nn.Flatten(), nn.Linear(3 * 5 * 4, 8), nn.ReLU(), nn.Dropout(0.3),
        nn.Linear(8, 4), nn.Softmax(dim=1)), (3, 5, 4)


def save_tensor(array, path):
    with open(path, "wb") as f:
        f.write(onnx.numpy_helper.from_array(np.ascontiguousarray(array)).SerializeToString())


def export(model, example, path):
    torch.onnx.export(model, example, path, opset_version=13, input_names=["input"],
                      output_names=["output"], dynamic_axes={"input": {0: "batch"},
                                                            "output": {0: "batch"}},
                      do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path), full_check=True)


def make_test_models():
    os.makedirs(OUT, exist_ok=True)
    for i, maker in enumerate([conv_padding, avg_pool_pad, batch_norm_folded, flatten_gemm]):
        torch.manual_seed(10 + i)
        model, shape = maker()
        model.eval()
        x = torch.randn(3, *shape)
        with torch.no_grad():
            y = model(x)
        name = maker.__name__.replace("_", "-")
        export(model, x, os.path.join(OUT, name + ".onnx"))
        save_tensor(x.numpy(), os.path.join(OUT, name + ".input.pb"))
        save_tensor(y.numpy(), os.path.join(OUT, name + ".output.pb"))
        print("wrote", name, tuple(y.shape))


def idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(folder, stem):
    for name in (stem, stem + ".gz"):
        if os.path.exists(os.path.join(folder, name)):
            return os.path.join(folder, name)
    raise SystemExit("no %s in %s" % (stem, folder))


def train_mnist(folder):
    torch.manual_seed(1)
    x_train = torch.tensor(idx(find(folder, "train-images-idx3-ubyte")), dtype=torch.float32)
    y_train = torch.tensor(idx(find(folder, "train-labels-idx1-ubyte")), dtype=torch.long)
    x_test = torch.tensor(idx(find(folder, "t10k-images-idx3-ubyte")), dtype=torch.float32)
    y_test = torch.tensor(idx(find(folder, "t10k-labels-idx1-ubyte")), dtype=torch.long)
    x_train = (x_train / 255).unsqueeze(1)
    x_test = (x_test / 255).unsqueeze(1)
    model = nn.Sequential(
        nn.Conv2d(1, 16, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
        nn.AvgPool2d(2, padding=1),
        nn.Flatten(), nn.Linear(32 * 8 * 8, 64), nn.ReLU(), nn.Linear(64, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    order = torch.randperm(len(x_train))
    for start in range(0, len(x_train), 128):
        batch = order[start:start + 128]
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(x_train[batch]), y_train[batch])
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        predicted = torch.cat([model(x_test[i:i + 1000]).argmax(1) for i in range(0, 10000, 1000)])
    correct = int((predicted == y_test).sum())
    print("PyTorch test accuracy %.2f %% (%d of 10,000 test images)" % (correct / 100, correct))
    export(model, x_test[:2], "mnist-torch.onnx")
    print("wrote mnist-torch.onnx")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--mnist", metavar="DIR")
    args = parser.parse_args()
    torch.set_num_threads(1)
    make_test_models()
    if args.mnist:
        train_mnist(os.path.expanduser(args.mnist))
