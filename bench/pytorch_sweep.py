"""PyTorch's side of the width sweep: the same shapes as WidthSweep.java (WIDTH inputs, DEPTH hidden ReLU layers of
WIDTH units, 10 classes, Adam), trained on synthetic rows at each batch size, timed over whole steps: after a
warm-up at every batch size, three trials of at least SECONDS each; prints the median samples/s with min and max.

Usage: OPENBLAS_NUM_THREADS=N python3 pytorch_sweep.py WIDTH DEPTH SECONDS TORCH_THREADS BATCH...
"""
import os
import sys
import time

import torch
from torch import nn


def run(model, opt, loss_fn, x, y, batch, seconds):
    steps = x.shape[0] // batch
    start = time.perf_counter()
    samples, s = 0, 0
    while time.perf_counter() - start < seconds:
        xb = x[s * batch:(s + 1) * batch]
        yb = y[s * batch:(s + 1) * batch]
        opt.zero_grad(set_to_none=True)
        loss_fn(model(xb), yb).backward()
        opt.step()
        samples += batch
        s = (s + 1) % steps
    return samples / (time.perf_counter() - start)


def main():
    width, depth, seconds, threads = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    layers = []
    for _ in range(depth):
        layers += [nn.Linear(width, width), nn.ReLU()]
    model = nn.Sequential(*layers, nn.Linear(width, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(4096, width) * 2 - 1
    y = torch.randint(0, 10, (4096,))
    blas = os.environ.get("OPENBLAS_NUM_THREADS", "unset")
    batches = list(map(int, sys.argv[5:]))
    for batch in batches + batches:  # warm-up at every batch size before any is timed, as WidthSweep does
        run(model, opt, loss_fn, x, y, batch, max(0.5, 0.5 * seconds))
    for batch in batches:
        trials = sorted(run(model, opt, loss_fn, x, y, batch, seconds) for _ in range(3))
        print(f"RESULT sweep torch width={width} depth={depth} batch={batch} threads=torch{threads},openblas{blas}"
              f" samples_per_s={trials[1]:.1f} min={trials[0]:.1f} max={trials[2]:.1f}", flush=True)


if __name__ == "__main__":
    main()
