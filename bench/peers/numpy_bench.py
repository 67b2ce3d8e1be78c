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

The output's blas: line names the kernels OpenBLAS chose and its thread count (read and set
through ctypes from the OpenBLAS NumPy loaded): np.dot and W@x may use every core, while lanes
runs on one; the matrix products run at 1 and 2 threads (threads=N in their names), as
lanes' do. The lines have the names, units and header lines of
`go test -bench` (goos, goarch, pkg, cpu), so benchstat and `go run ./bench -peers` read
them: one line per run, ns/op, MB/s (bytes read plus written, as lanes counts them) and
elems/ns. Every op writes into preallocated arrays (out=) where NumPy allows it.
"""

import argparse
import math
import ctypes
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
NARROW = [(400, 2), (400, 3), (400, 4)]  # MatVec only, as bench/cases.Narrow
# The products, m×k·k×n, as bench/cases' Products; the transposed forms up to the MLP's size.
PRODUCTS = [(256, 784, 128), (128, 256, 784), (512, 512, 512), (1024, 1024, 1024), (2048, 2048, 2048),
            (4, 2, 400), (4, 400, 2), (1, 500, 2000)]
MLP_WORK = 256 * 784 * 128
THREADS = [1, 2]


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


def openblas():
    """The OpenBLAS NumPy loaded, through ctypes, or None: found in this process's memory map,
    so that no package beyond NumPy is needed to set its threads."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "blas" in line and ".so" in line}
    except OSError:
        return None
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_set_num_threads, lib.openblas_get_num_threads
        except (OSError, AttributeError):
            continue
        lib.openblas_get_corename.restype = ctypes.c_char_p
        lib.openblas_get_config.restype = ctypes.c_char_p
        return lib
    return None


def blas_config(lib):
    """OpenBLAS's version, kernel architecture and threads."""
    if lib is None:
        return "not OpenBLAS (its threads cannot be set: the products run once, as threads=0)"
    return "%s, %s kernels, %d threads (products: 1 and 2)" % (
        lib.openblas_get_config().decode(), lib.openblas_get_corename().decode(), lib.openblas_get_num_threads())


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


def sigmoid_derivative(x, out, s):
    """s = 1/(1+np.exp(-x)); s*(1-s), the expression NumPy users write, into out (s: a
    preallocated array for s)."""
    sigmoid(x, s)
    np.subtract(1, s, out=out)
    np.multiply(s, out, out=out)


def vector_ops(dtype, n, rng):
    """Each op as (name, elements read plus written, call)."""
    a = rng.uniform(-2, 2, n).astype(dtype)
    b = rng.uniform(0.5, 2, n).astype(dtype)
    e = rng.uniform(-10, 10, n).astype(dtype)
    p = rng.uniform(0.01, 100, n).astype(dtype)
    q = rng.uniform(-0.5, 100, n).astype(dtype)
    t = rng.uniform(-3, 3, n).astype(dtype)
    dst = np.empty(n, dtype)
    scratch = np.empty(n, dtype)
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
        ("Log1p", 2 * n, lambda: np.log1p(q, out=dst)),
        ("Tanh", 2 * n, lambda: np.tanh(t, out=dst)),
        ("Sigmoid", 2 * n, lambda: sigmoid(e, dst)),
        ("SigmoidDerivative", 2 * n, lambda: sigmoid_derivative(e, dst, scratch)),
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


def product_ops(dtype, m, k, n, rng):
    """MatMul and, up to the MLP's size, its transposed forms, operands stored as lanes'
    are (a k×m for TransA, b n×k for TransB), written into a preallocated array."""
    c = np.empty((m, n), dtype)
    a = rng.uniform(-1, 1, (m, k)).astype(dtype)
    b = rng.uniform(-1, 1, (k, n)).astype(dtype)
    ops = [("MatMul", lambda: np.matmul(a, b, out=c))]
    if m * k * n <= MLP_WORK:
        at = np.ascontiguousarray(a.T)
        bt = np.ascontiguousarray(b.T)
        ops += [("MatMulTransA", lambda: np.matmul(at.T, b, out=c)),
                ("MatMulTransB", lambda: np.matmul(a, bt.T, out=c))]
    return ops


def sum_errors(rng):
    """The relative error of np.sum (pairwise), np.dot and np.linalg.norm of n uniform
    [0, 1) float32s against exact references (math.fsum of the values, or of their
    products, which float64 holds exactly), as "relerr:" lines the bench's report reads
    into its accuracy table."""
    for n in (10**3, 10**4, 10**5, 10**6, 10**7):
        a = rng.random(n, dtype=np.float32)
        b = rng.random(n, dtype=np.float32)
        a64, b64 = a.astype(np.float64), b.astype(np.float64)
        want = {"Sum": math.fsum(a64), "Dot": math.fsum(a64 * b64), "Norm": math.sqrt(math.fsum(a64 * a64))}
        got = {"Sum": np.sum(a), "Dot": np.dot(a, b), "Norm": np.linalg.norm(a)}
        for op in ("Sum", "Dot", "Norm"):
            err = abs(float(got[op]) - want[op]) / want[op]
            print("relerr: op=%s type=f32 n=%d impl=numpy %.3g" % (op, n, err))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=5, help="runs of each case (default 5)")
    ap.add_argument("--benchtime", type=float, default=0.1, help="seconds per run (default 0.1)")
    ap.add_argument("--quick", action="store_true", help="sizes 16, 4096, 2^20, 256x1000 and the product 256x784.784x128 only")
    ap.add_argument("--ops", default="", help="comma-separated ops to time (default: all)")
    args = ap.parse_args()
    sizes, shapes, products = SIZES, SHAPES, PRODUCTS
    if args.quick:
        sizes, shapes, products = [16, 4096, 1 << 20], [(256, 1000)], PRODUCTS[:1]

    arch = {"x86_64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(platform.machine(), platform.machine())
    print("goos: %s" % platform.system().lower())
    print("goarch: %s" % arch)
    print("pkg: github.com/lanesimd/lanes/bench/peers/numpy")
    print("cpu: %s" % cpu_model())
    print("numpy: %s, python %s" % (np.__version__, sys.version.split()[0]))
    lib = openblas()
    default_threads = lib.openblas_get_num_threads() if lib is not None else 0
    print("blas: %s" % blas_config(lib))
    if os.environ.get("OPENBLAS_CORETYPE"):
        print("numpy_bench.py: OPENBLAS_CORETYPE=%s is set: OpenBLAS runs that core's kernels; "
              "see the comment at the top for a fair run" % os.environ["OPENBLAS_CORETYPE"], file=sys.stderr)

    rng = np.random.default_rng(1)
    if not args.quick:
        sum_errors(np.random.default_rng(2))
    cases = []
    for typ, dtype in (("f32", np.float32), ("f64", np.float64)):
        for n in sizes:
            for op, elems, call in vector_ops(dtype, n, rng):
                cases.append((op, typ, "n=%d" % n, n, elems * np.dtype(dtype).itemsize, call))
        for rows, cols in shapes + NARROW:
            for op, elems, call in matrix_ops(dtype, rows, cols, rng):
                if (rows, cols) in NARROW and op != "MatVec":
                    continue
                cases.append((op, typ, "rows=%d/cols=%d" % (rows, cols), rows * cols,
                              elems * np.dtype(dtype).itemsize, call))
        for m, k, n in products:
            for op, call in product_ops(dtype, m, k, n, rng):
                for th in (THREADS if lib is not None else [0]):
                    cases.append((op, typ, "m=%d/k=%d/n=%d/threads=%d" % (m, k, n, th), m * k * n,
                                  (m * k + k * n + m * n) * np.dtype(dtype).itemsize, call, th))
    cases = [c if len(c) == 7 else c + (None,) for c in cases]
    if args.ops:
        cases = [c for c in cases if c[0] in args.ops.split(",")]
    cases.sort(key=lambda c: c[0])
    for i, (op, typ, size, elems, nbytes, call, threads) in enumerate(cases):
        if lib is not None:  # the products at 1 and 2 threads, the rest at OpenBLAS's default
            lib.openblas_set_num_threads(threads or default_threads)
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
