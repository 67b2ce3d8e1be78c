#!/usr/bin/python3
"""The NumPy twin of examples/planar: the course's 2 -> 4 tanh -> 1 sigmoid network on the
flower data, float64, learning rate 1.2, 10 000 iterations, written as the course writes it.

    go run ./examples/planar                    # writes $TMPDIR/lanes-planar (else /tmp)
    /usr/bin/python3 examples/planar/planar.py  # reads it: the same data, the same weights

It prints what the Go program prints (the cost every 1000 iterations, the final cost and
accuracy). With --bench it times one training step instead, at 1 and 2 OpenBLAS threads, and
prints the lines in `go test -bench`'s format (BenchmarkStep/impl=numpy/threads=N) for
benchstat, beside the Go program's BenchmarkStep/impl=lanes/threads=N.
"""

import argparse
import os
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import twin  # noqa: E402 (examples/twin.py, shared by the twins)

LR = 1.2


def load(d):
    if not os.path.exists(os.path.join(d, "X.f64")):
        sys.exit("planar.py: no data in %s: run `go run ./examples/planar` first (or give --data DIR)" % d)
    def f(name, *shape):
        return np.fromfile(os.path.join(d, name + ".f64"), dtype="<f8").reshape(shape)
    X = f("X", 2, -1)
    m = X.shape[1]
    return dict(X=X, Y=f("Y", 1, m), W1=f("W1", 4, 2), b1=f("b1", 4, 1),
                W2=f("W2", 1, 4), b2=f("b2", 1, 1))


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def forward(p, X):
    Z1 = np.dot(p["W1"], X) + p["b1"]
    A1 = np.tanh(Z1)
    Z2 = np.dot(p["W2"], A1) + p["b2"]
    A2 = sigmoid(Z2)
    return A1, A2


def step(p, X, Y):
    """One iteration of gradient descent; returns A2, the predictions before the update."""
    m = X.shape[1]
    A1, A2 = forward(p, X)
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = np.dot(p["W2"].T, dZ2) * (1 - np.power(A1, 2))
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    p["W1"] = p["W1"] - LR * dW1
    p["b1"] = p["b1"] - LR * db1
    p["W2"] = p["W2"] - LR * dW2
    p["b2"] = p["b2"] - LR * db2
    return A2


def cost(A2, Y):
    m = Y.shape[1]
    A2 = np.clip(A2, np.finfo(A2.dtype).eps, 1 - np.finfo(A2.dtype).eps)  # as lanes.LogLoss
    logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)
    return float(-np.sum(logprobs) / m)


def accuracy(A2, Y):
    predictions = A2 > 0.5
    return float(np.mean(predictions == (Y == 1)) * 100)


def make_step(d):
    p = load(d)
    X, Y = p.pop("X"), p.pop("Y")
    return lambda: step(p, X, Y)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(tempfile.gettempdir(), "lanes-planar"),
                    help="the directory the Go program wrote (default $TMPDIR/lanes-planar)")
    ap.add_argument("--iters", type=int, default=10000)
    ap.add_argument("--every", type=int, default=1000)
    ap.add_argument("--bench", action="store_true", help="time a training step instead")
    ap.add_argument("--count", type=int, default=5, help="--bench: runs (default 5)")
    ap.add_argument("--benchtime", type=float, default=0.5, help="--bench: seconds a run (default 0.5)")
    args = ap.parse_args()
    if args.bench:
        twin.bench("planar", lambda: make_step(args.data), args.count, args.benchtime)
        return
    p = load(args.data)
    X, Y = p.pop("X"), p.pop("Y")
    for i in range(args.iters):
        A2 = step(p, X, Y)
        if i % args.every == 0:
            print("cost after iteration %d: %.10f" % (i, cost(A2, Y)))
    _, A2 = forward(p, X)
    print("final cost: %.10f" % cost(A2, Y))
    print("accuracy: %.2f%%" % accuracy(A2, Y))


if __name__ == "__main__":
    main()
