#!/usr/bin/python3
"""Times NumPy on lanes' ops and prints Go benchmark lines (impl=numpy) on stdout.

    /usr/bin/python3 bench/peers/numpy_bench.py > numpy.txt
    go run ./bench -peers numpy.txt

It needs Debian's NumPy and the threaded OpenBLAS (without libopenblas0-pthread, NumPy
falls back to the reference BLAS and np.dot and W@x are several times slower):

    apt-get install python3-numpy libopenblas0-pthread

Run it with /usr/bin/python3: the default python3 of these machines is another
interpreter without NumPy. Where OPENBLAS_CORETYPE is set (some machines set it for old
OpenBLAS builds that misjudge new CPUs), OpenBLAS runs that core's kernels, not the best
this CPU has: for a fair comparison unset it and OPENBLAS_L2_SIZE in that command alone,

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/peers/numpy_bench.py

The output's blas: line names the kernels OpenBLAS chose and its thread count (through
threadpoolctl, Debian's python3-threadpoolctl, where installed): np.dot and W@x may use
every core, while lanes runs on one. The lines have the names, units and header lines of
`go test -bench` (goos, goarch, pkg, cpu), so benchstat and `go run ./bench -peers` read
them: one line per run, ns/op, MB/s (bytes read plus written, as lanes counts them) and
elems/ns. Every op writes into preallocated arrays (out=) where NumPy allows it.
"""

import argparse
import os
import platform
import sys
import timeit

try:
    import numpy as np
except ImportError:
    sys.exit("numpy_bench.py: no NumPy in %s; apt-get install python3-numpy libopenblas0-pthread, "
             "and run it with /usr/bin/python3" % sys.executable)

SIZES = [16, 256, 2048, 4096, 65536, 1 << 20, 1 << 24]
SHAPES = [(64, 1000), (256, 1000), (1024, 1024)]


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() in ("model name", "Model"):
                    return value.strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def blas_config():
    """OpenBLAS's version, kernel architecture and threads, as threadpoolctl reads them."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (no threadpoolctl)"
    infos = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    if not infos:
        return "none found"
    return ", ".join("%s %s %s, %d threads" % (i.get("internal_api"), i.get("version"), i.get("architecture", "?"),
                                               i.get("num_threads", 0)) for i in infos)


def softmax(x, out, m, s):
    """Row-wise and stable, as lanes.Softmax: exp(x - max) / sum, into out."""
    np.max(x, axis=1, keepdims=True, out=m)
    np.subtract(x, m, out=out)
    np.exp(out, out=out)
    np.sum(out, axis=1, keepdims=True, out=s)
    np.divide(out, s, out=out)


def sigmoid(x, out):
    """1/(1+exp(-x)), the expression NumPy users write, into out."""
    np.negative(x, out=out)
    np.exp(out, out=out)
    np.add(out, 1, out=out)
    np.reciprocal(out, out=out)


def vector_ops(dtype, n, rng):
    """Each op as (name, elements read plus written, call)."""
    a = rng.uniform(-2, 2, n).astype(dtype)
    b = rng.uniform(0.5, 2, n).astype(dtype)
    e = rng.uniform(-10, 10, n).astype(dtype)
    p = rng.uniform(0.01, 100, n).astype(dtype)
    t = rng.uniform(-3, 3, n).astype(dtype)
    dst = np.empty(n, dtype)
    return [
        ("Dot", 2 * n, lambda: np.dot(a, b)),
        ("Sum", n, lambda: np.sum(a)),
        ("Max", n, lambda: np.max(a)),
        ("Norm", n, lambda: np.linalg.norm(a)),
        ("Add", 3 * n, lambda: np.add(a, b, out=dst)),
        ("Mul", 3 * n, lambda: np.multiply(a, b, out=dst)),
        ("Div", 3 * n, lambda: np.divide(a, b, out=dst)),
        ("Exp", 2 * n, lambda: np.exp(e, out=dst)),
        ("Log", 2 * n, lambda: np.log(p, out=dst)),
        ("Tanh", 2 * n, lambda: np.tanh(t, out=dst)),
        ("Sigmoid", 2 * n, lambda: sigmoid(e, dst)),
    ]


def matrix_ops(dtype, rows, cols, rng):
    m = rng.uniform(-3, 3, (rows, cols)).astype(dtype)
    a = rng.uniform(0.5, 2, rows).astype(dtype)
    x = rng.uniform(-2, 2, cols).astype(dtype)
    out = np.empty((rows, cols), dtype)
    y = np.empty(rows, dtype)
    mx = np.empty((rows, 1), dtype)
    s = np.empty((rows, 1), dtype)
    rc = rows * cols
    return [
        ("MatVec", rc + rows + cols, lambda: np.matmul(m, x, out=y)),
        ("Outer", rc + rows + cols, lambda: np.outer(a, x, out=out)),
        ("Softmax", 2 * rc, lambda: softmax(m, out, mx, s)),
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=5, help="runs of each case (default 5)")
    ap.add_argument("--benchtime", type=float, default=0.1, help="seconds per run (default 0.1)")
    ap.add_argument("--quick", action="store_true", help="sizes 16, 4096, 2^20 and 256x1000 only")
    args = ap.parse_args()
    sizes, shapes = SIZES, SHAPES
    if args.quick:
        sizes, shapes = [16, 4096, 1 << 20], [(256, 1000)]

    arch = {"x86_64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(platform.machine(), platform.machine())
    print("goos: %s" % platform.system().lower())
    print("goarch: %s" % arch)
    print("pkg: github.com/lanesimd/lanes/bench/peers/numpy")
    print("cpu: %s" % cpu_model())
    print("numpy: %s, python %s" % (np.__version__, sys.version.split()[0]))
    print("blas: %s" % blas_config())
    if os.environ.get("OPENBLAS_CORETYPE"):
        print("numpy_bench.py: OPENBLAS_CORETYPE=%s is set: OpenBLAS runs that core's kernels; "
              "see the comment at the top for a fair run" % os.environ["OPENBLAS_CORETYPE"], file=sys.stderr)

    rng = np.random.default_rng(1)
    cases = []
    for typ, dtype in (("f32", np.float32), ("f64", np.float64)):
        for n in sizes:
            for op, elems, call in vector_ops(dtype, n, rng):
                cases.append((op, typ, "n=%d" % n, n, elems * np.dtype(dtype).itemsize, call))
        for rows, cols in shapes:
            for op, elems, call in matrix_ops(dtype, rows, cols, rng):
                cases.append((op, typ, "rows=%d/cols=%d" % (rows, cols), rows * cols,
                              elems * np.dtype(dtype).itemsize, call))
    cases.sort(key=lambda c: c[0])
    for i, (op, typ, size, elems, nbytes, call) in enumerate(cases):
        if sys.stderr.isatty():
            print("\r[%d/%d] %s %s %s      " % (i + 1, len(cases), op, typ, size), end="", file=sys.stderr)
        elif i == 0 or cases[i - 1][0] != op:  # a log gets a line per op
            print("[%d/%d] %s" % (i + 1, len(cases), op), file=sys.stderr)
        call()  # fault in the pages, warm the caches
        timer = timeit.Timer(call)
        number = 1
        while timer.timeit(number) < args.benchtime:
            number *= 2
        for _ in range(args.count):
            ns = timer.timeit(number) / number * 1e9
            print("Benchmark%s/type=%s/%s/impl=numpy\t%8d\t%12.2f ns/op\t%10.2f MB/s\t%10.4g elems/ns"
                  % (op, typ, size, number, ns, nbytes / ns * 1e3, elems / ns))
        sys.stdout.flush()
    if sys.stderr.isatty():
        print("\r%60s\r" % "", end="", file=sys.stderr)


if __name__ == "__main__":
    main()
