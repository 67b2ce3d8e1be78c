#!/usr/bin/python3
"""The NumPy twin of examples/logreg: logistic regression of two Gaussian blobs, 2000
examples x 500 features, float32, batch gradient descent, learning rate 1.0, 300 iterations,
written as the course writes it.

    go run ./examples/logreg                    # writes $TMPDIR/lanes-logreg (else /tmp)
    /usr/bin/python3 examples/logreg/logreg.py  # reads it: the same data, the same weights

It prints what the Go program prints (the cost every 50 iterations, the final cost and
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

LR = 1.0


def load(d):
    if not os.path.exists(os.path.join(d, "X.f32")):
        sys.exit("logreg.py: no data in %s: run `go run ./examples/logreg` first (or give --data DIR)" % d)
    def f(name, *shape):
        return np.fromfile(os.path.join(d, name + ".f32"), dtype="<f4").reshape(shape)
    Y = f("Y", 1, -1)
    m = Y.shape[1]
    return dict(X=f("X", -1, m), Y=Y, w=f("w", 1, -1), b=f("b", 1, 1))


def forward(p, X):
    Z = np.dot(p["w"], X) + p["b"]
    A = 1 / (1 + np.exp(-Z))
    return Z, A


def step(p, X, Y):
    """One iteration of gradient descent; returns Z, the logits before the update."""
    m = X.shape[1]
    Z, A = forward(p, X)
    dZ = A - Y
    dw = np.dot(dZ, X.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    p["w"] = p["w"] - LR * dw
    p["b"] = p["b"] - LR * db
    return Z


def cost(Z, Y):
    """The cross-entropy of the logits Z, in the stable form."""
    return float(np.mean(np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))))


def accuracy(Z, Y):
    A = 1 / (1 + np.exp(-Z))
    return float(np.mean((A > 0.5) == (Y == 1)) * 100)


def make_step(d):
    p = load(d)
    X, Y = p.pop("X"), p.pop("Y")
    return lambda: step(p, X, Y)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(tempfile.gettempdir(), "lanes-logreg"),
                    help="the directory the Go program wrote (default $TMPDIR/lanes-logreg)")
    ap.add_argument("--iters", type=int, default=300)
    ap.add_argument("--every", type=int, default=50)
    ap.add_argument("--bench", action="store_true", help="time a training step instead")
    ap.add_argument("--count", type=int, default=5, help="--bench: runs (default 5)")
    ap.add_argument("--benchtime", type=float, default=0.5, help="--bench: seconds a run (default 0.5)")
    args = ap.parse_args()
    if args.bench:
        twin.bench("logreg", lambda: make_step(args.data), args.count, args.benchtime)
        return
    p = load(args.data)
    X, Y = p.pop("X"), p.pop("Y")
    for i in range(args.iters):
        Z = step(p, X, Y)
        if i % args.every == 0:
            print("cost after iteration %d: %.7f" % (i, cost(Z, Y)))
    Z, _ = forward(p, X)
    print("final cost: %.7f" % cost(Z, Y))
    print("accuracy: %.2f%%" % accuracy(Z, Y))


if __name__ == "__main__":
    main()
