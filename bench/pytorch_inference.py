"""PyTorch's side of the inference comparison (PyTorch 1.13, Debian package python3-torch).

Usage: OPENBLAS_NUM_THREADS=N python3 pytorch_inference.py DATA_DIR TORCH_THREADS
The same protocol as Kiln's Inference.java: the reference network 784-256-128-10 in eval mode under
torch.no_grad(). Latency: one image per forward call (a 1×784 tensor), cycling through the first 1,000 test
images, 20,000 calls of warm-up, then 30 rounds of 1,000 calls; the per-call time of each round, median with
min and max. Throughput: all 10,000 test images in one forward call, 30 of warm-up, median of 10.
"""
import os
import statistics
import sys
import time

import torch

from pytorch_fashion import load, reference


def main():
    directory, threads = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    xt, _ = load(directory, "t10k")
    config = f"torch={threads},openblas={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}"
    model = reference()
    model.eval()
    images = [xt[i:i + 1] for i in range(1000)]
    with torch.no_grad():
        for i in range(20_000):
            model(images[i % 1000])
        per_call = []
        for _ in range(30):
            start = time.perf_counter()
            for image in images:
                model(image)
            per_call.append((time.perf_counter() - start) / 1000 * 1e6)
        for _ in range(30):
            model(xt)
        throughput = []
        for _ in range(10):
            start = time.perf_counter()
            model(xt)
            throughput.append(xt.shape[0] / (time.perf_counter() - start))
    per_call.sort()
    print(f"RESULT inference pytorch[{config}] reference latency_us={statistics.median(per_call):.2f} "
          f"latency_min={per_call[0]:.2f} latency_max={per_call[-1]:.2f} "
          f"throughput={statistics.median(throughput):.0f}", flush=True)


if __name__ == "__main__":
    main()
