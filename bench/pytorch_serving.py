"""PyTorch's side of the serving comparison (PyTorch 1.13, Debian package python3-torch).

Usage: OPENBLAS_NUM_THREADS=N python3 pytorch_serving.py SECONDS TORCH_THREADS
The same protocol as Kiln's Serving.java: the reference network 784-256-128-10 in eval mode, one module shared
by 1, 2, 8 and 64 Python threads, each calling it under torch.no_grad() on one 1x784 row at a time for SECONDS
after a warm-up, timing every call. Prints calls per second over all threads and the p50 and p99 latency.
"""
import os
import sys
import threading
import time

import torch

from pytorch_fashion import reference


def main():
    seconds, torch_threads = float(sys.argv[1]), int(sys.argv[2])
    torch.set_num_threads(torch_threads)
    torch.manual_seed(1)
    config = f"torch={torch_threads},openblas={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}"
    model = reference()
    model.eval()
    rows = [torch.rand(1, 784) for _ in range(1000)]
    for threads in (1, 2, 8, 64):
        times = [[] for _ in range(threads)]
        barrier = threading.Barrier(threads + 1)

        def work(index):
            # The intra-op thread count is per thread in OpenMP: set it in every request thread too.
            torch.set_num_threads(torch_threads)
            mine = times[index]
            with torch.no_grad():
                for i in range(2000):
                    model(rows[i % 1000])
                barrier.wait()
                end = time.perf_counter() + seconds
                n = 0
                now = time.perf_counter()
                while now < end:
                    model(rows[(n + index * 7) % 1000])
                    after = time.perf_counter()
                    mine.append(after - now)
                    now = after
                    n += 1

        workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
        for w in workers:
            w.start()
        barrier.wait()
        start = time.perf_counter()
        for w in workers:
            w.join()
        elapsed = time.perf_counter() - start
        all_times = sorted(t for per in times for t in per)
        total = len(all_times)
        print(f"RESULT serving-pytorch config={config} threads={threads} calls={total}"
              f" calls_per_second={total / elapsed:.0f} p50_us={all_times[total // 2] * 1e6:.1f}"
              f" p99_us={all_times[int(total * 0.99)] * 1e6:.1f}", flush=True)


if __name__ == "__main__":
    main()
