"""What the worked examples' NumPy twins share: timing a training step in the lines of
`go test -bench` (BenchmarkStep/impl=numpy/threads=N), at 1 and 2 OpenBLAS threads, set
through ctypes on the OpenBLAS NumPy loaded. Each twin puts examples/ on sys.path."""

import os
import platform
import sys
import timeit

# The OpenBLAS handle and the CPU's name are the benchmark script's: one copy of each.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench", "peers"))
from numpy_bench import cpu_model, openblas  # noqa: E402


def bench(name, make_step, count, benchtime):
    """Prints count timings of a step, each over at least benchtime seconds, at 1 and 2
    threads; make_step() loads fresh weights and returns the step to call."""
    lib = openblas()
    procs = len(os.sched_getaffinity(0))
    arch = {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())
    print("goos: %s\ngoarch: %s\npkg: github.com/lanesimd/lanes/examples/%s\ncpu: %s"
          % (platform.system().lower(), arch, name, cpu_model()))
    for threads in (1, 2):
        if lib is None:
            sys.exit("no OpenBLAS loaded: install libopenblas0-pthread")
        lib.openblas_set_num_threads(threads)
        call = make_step()
        call()
        timer = timeit.Timer(call)
        number = 1
        while timer.timeit(number) < benchtime:
            number *= 2
        for _ in range(count):
            ns = timer.timeit(number) / number * 1e9
            print("BenchmarkStep/impl=numpy/threads=%d-%d\t%8d\t%12.1f ns/op" % (threads, procs, number, ns))
            sys.stdout.flush()
