"""The machine's matrix-product ceiling: OpenBLAS sgemm through numpy at the reference network's shapes, or at
the width sweep's square ones (BATCH x WIDTH x WIDTH) when widths are given.

Usage: OPENBLAS_NUM_THREADS=N python3 sgemm_ceiling.py BATCH [WIDTH ...]
Prints one RESULT line per shape and layout with the median GFLOP/s of 20 timed repetitions.
"""
import os
import sys
import time

import numpy as np


def gflops(a, b, flops):
    np.dot(a, b)
    times = []
    for _ in range(20):
        start = time.perf_counter()
        np.dot(a, b)
        times.append(time.perf_counter() - start)
    times.sort()
    return flops / times[len(times) // 2] / 1e9


def main():
    n = int(sys.argv[1])
    rng = np.random.default_rng(0)
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "unset")
    shapes = [(int(w), int(w)) for w in sys.argv[2:]] or [(784, 256), (256, 128), (128, 10)]
    for k, m in shapes:
        x = rng.standard_normal((n, k), dtype=np.float32)
        w = rng.standard_normal((k, m), dtype=np.float32)
        d = rng.standard_normal((n, m), dtype=np.float32)
        flops = 2.0 * n * k * m
        print(f"RESULT sgemm threads={threads} {n}x{k}x{m} forward={gflops(x, w, flops):.1f} "
              f"weight_grad={gflops(x.T, d, flops):.1f} input_grad={gflops(d, w.T, flops):.1f}", flush=True)


if __name__ == "__main__":
    main()
