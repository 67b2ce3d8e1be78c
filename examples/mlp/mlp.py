#!/usr/bin/python3
"""The NumPy twin of examples/mlp: a 784 -> 128 ReLU -> 10 softmax network, 8192 examples
labelled by a random linear teacher, float32, minibatch gradient descent on the softmax
cross-entropy, batch 256 (the batches in order, wrapping), learning rate 0.2, 200 steps,
written as a course writes it.

    go run ./examples/mlp                   # writes $TMPDIR/lanes-mlp (else /tmp)
    /usr/bin/python3 examples/mlp/mlp.py    # reads it: the same data, the same weights

It prints what the Go program prints (the batch's cost every 20 steps, the final cost and
accuracy on the whole training set). With --bench it times one training step instead, at 1
and 2 OpenBLAS threads, and prints the lines in `go test -bench`'s format
(BenchmarkStep/impl=numpy/threads=N) for benchstat, beside the Go program's
BenchmarkStep/impl=lanes/threads=N.
"""

import argparse
import os
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import twin  # noqa: E402 (examples/twin.py, shared by the twins)

LR = 0.2
BATCH = 256
INPUTS, HIDDEN, CLASSES = 784, 128, 10


def load(d):
    if not os.path.exists(os.path.join(d, "X.f32")):
        sys.exit("mlp.py: no data in %s: run `go run ./examples/mlp` first (or give --data DIR)" % d)
    def f(name, dtype, *shape):
        return np.fromfile(os.path.join(d, name), dtype=dtype).reshape(shape)
    return dict(X=f("X.f32", "<f4", -1, INPUTS), y=f("y.i32", "<i4", -1).astype(np.intp),
                W1=f("W1.f32", "<f4", INPUTS, HIDDEN), b1=f("b1.f32", "<f4", 1, HIDDEN),
                W2=f("W2.f32", "<f4", HIDDEN, CLASSES), b2=f("b2.f32", "<f4", 1, CLASSES))


def forward(p, X):
    Z1 = X @ p["W1"] + p["b1"]
    A1 = np.maximum(Z1, 0)
    Z2 = A1 @ p["W2"] + p["b2"]
    return Z1, A1, Z2


def softmax_xent(Z, y):
    """The summed cross-entropy of the logits Z against y, and softmax(Z) - onehot(y)."""
    Z = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    s = E.sum(axis=1, keepdims=True)
    rows = np.arange(len(y))
    loss = float(np.sum(np.log(s[:, 0].astype(np.float64)) - Z[rows, y]))
    G = E / s
    G[rows, y] -= 1
    return loss, G


def step(p, X, y):
    """One step of gradient descent on the batch X, y; returns its mean loss before the update."""
    m = X.shape[0]
    Z1, A1, Z2 = forward(p, X)
    loss, dZ2 = softmax_xent(Z2, y)
    dZ2 /= m
    dW2 = A1.T @ dZ2
    db2 = dZ2.sum(axis=0, keepdims=True)
    dA1 = dZ2 @ p["W2"].T
    dZ1 = dA1 * (Z1 > 0)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0, keepdims=True)
    p["W1"] = p["W1"] - LR * dW1
    p["b1"] = p["b1"] - LR * db1
    p["W2"] = p["W2"] - LR * dW2
    p["b2"] = p["b2"] - LR * db2
    return loss / m


def batches(X, y):
    """The batches in order, wrapping, for ever."""
    while True:
        for off in range(0, X.shape[0], BATCH):
            yield X[off:off + BATCH], y[off:off + BATCH]


def make_step(d):
    p = load(d)
    X, y = p.pop("X"), p.pop("y")
    it = batches(X, y)
    return lambda: step(p, *next(it))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(tempfile.gettempdir(), "lanes-mlp"),
                    help="the directory the Go program wrote (default $TMPDIR/lanes-mlp)")
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--every", type=int, default=20)
    ap.add_argument("--bench", action="store_true", help="time a training step instead")
    ap.add_argument("--count", type=int, default=5, help="--bench: runs (default 5)")
    ap.add_argument("--benchtime", type=float, default=0.5, help="--bench: seconds a run (default 0.5)")
    args = ap.parse_args()
    if args.bench:
        twin.bench("mlp", lambda: make_step(args.data), args.count, args.benchtime)
        return
    p = load(args.data)
    X, y = p.pop("X"), p.pop("y")
    it = batches(X, y)
    for i in range(args.steps):
        loss = step(p, *next(it))
        if i % args.every == 0:
            print("cost after step %d: %.7f" % (i, loss))
    _, _, Z2 = forward(p, X)
    loss, _ = softmax_xent(Z2, y)
    print("final cost: %.7f" % (loss / X.shape[0]))
    print("accuracy: %.2f%%" % (float(np.mean(Z2.argmax(axis=1) == y)) * 100))


if __name__ == "__main__":
    main()
