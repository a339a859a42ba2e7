"""PyTorch's side of Kiln's end-to-end benchmark (PyTorch 1.13, Debian package python3-torch).

Usage: python3 pytorch_fashion.py DATA_DIR EPOCHS TORCH_THREADS BATCH...
Trains the same two networks as Kiln's EndToEnd (784-256-128-10 ReLU; 784-256[BN, ReLU, dropout 0.2]-128-10),
Adam 1e-3, on Fashion-MNIST already in memory as float tensors in [0, 1]. Each epoch's order is a fresh
permutation drawn before the timed part; the timed part is the epoch's steps (batch indexing, forward,
loss, backward, step). Prints one RESULT line per run, like Kiln's: median, min and max samples/s over
the epochs after the first, test accuracy, peak RSS. OPENBLAS_NUM_THREADS comes from the environment.
"""
import gzip
import os
import resource
import statistics
import sys
import time

import numpy as np
import torch


def idx(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    rank = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def load(directory, prefix):
    def find(name):
        for candidate in (name, name + ".gz"):
            p = os.path.join(directory, candidate)
            if os.path.exists(p):
                return p
        raise FileNotFoundError(name)
    x = idx(find(prefix + "-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255.0
    y = idx(find(prefix + "-labels-idx1-ubyte")).astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)


def reference():
    return torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                               torch.nn.ReLU(), torch.nn.Linear(128, 10))


def batchnorm_dropout():
    return torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.BatchNorm1d(256, eps=1e-3, momentum=0.01),
                               torch.nn.ReLU(), torch.nn.Dropout(0.2), torch.nn.Linear(256, 128), torch.nn.ReLU(),
                               torch.nn.Linear(128, 10))


def main():
    directory, epochs, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    batches = [int(b) for b in sys.argv[4:]]
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    x, y = load(directory, "train")
    xt, yt = load(directory, "t10k")
    config = f"torch={threads},openblas={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}"
    print(f"# PyTorch {torch.__version__}, {config}", flush=True)
    for name, make in (("reference", reference), ("batchnorm-dropout", batchnorm_dropout)):
        for batch in batches:
            model = make()
            opt = torch.optim.Adam(model.parameters(), lr=1e-3)
            loss_fn = torch.nn.CrossEntropyLoss()
            rates = []
            for _ in range(epochs):
                order = torch.randperm(x.shape[0])
                model.train()
                start = time.perf_counter()
                for i in range(0, x.shape[0], batch):
                    idx_ = order[i:i + batch]
                    opt.zero_grad()
                    loss = loss_fn(model(x[idx_]), y[idx_])
                    loss.backward()
                    opt.step()
                rates.append(x.shape[0] / (time.perf_counter() - start))
            model.eval()
            with torch.no_grad():
                accuracy = (model(xt).argmax(1) == yt).float().mean().item()
            measured = sorted(rates[1:])
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"RESULT pytorch[{config}] {name} {batch} median={statistics.median(measured):.0f} "
                  f"min={measured[0]:.0f} max={measured[-1]:.0f} accuracy={accuracy:.4f} rss_mb={rss:.0f}", flush=True)


if __name__ == "__main__":
    main()
