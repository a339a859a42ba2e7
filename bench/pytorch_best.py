"""The time-to-accuracy recipe in PyTorch 1.13, the twin of Kiln's BestMlp (samples/.../BestMlp.java):
784-512-256-10, each hidden layer BatchNorm (eps 1e-3, momentum 0.01, as Kiln's defaults) then ReLU then dropout
0.3; Glorot-uniform weights and zero biases, as Kiln initialises a layer before a BatchNorm; Adam 2e-3, cosine to 0
over 20 epochs (CosineAnnealingLR stepped per epoch), batch 128, a fresh permutation every epoch. The test set is
scored after every epoch, inside the timed run, as Kiln's sample does. Prints, per seed, the wall time to the end,
the first epoch at 0.90 test accuracy or more and the time to it, and the final accuracy.

Usage: OPENBLAS_NUM_THREADS=N python3 pytorch_best.py DATA_DIR TORCH_THREADS SEED...
"""
import sys
import time

import torch
from torch import nn

from pytorch_fashion import load

TARGET = 0.90
EPOCHS = 20


def model():
    layers = []
    for fan_in, units in ((784, 512), (512, 256)):
        layers += [nn.Linear(fan_in, units), nn.BatchNorm1d(units, eps=1e-3, momentum=0.01), nn.ReLU(),
                   nn.Dropout(0.3)]
    net = nn.Sequential(*layers, nn.Linear(256, 10))
    for m in net:
        if isinstance(m, nn.Linear):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return net


def accuracy(net, x, y):
    net.eval()
    with torch.no_grad():
        correct = sum(int((net(x[i:i + 512]).argmax(1) == y[i:i + 512]).sum()) for i in range(0, len(x), 512))
    net.train()
    return correct / len(x)


def main():
    directory, threads = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(threads)
    x, y = load(directory, "train")
    tx, ty = load(directory, "t10k")
    for seed in map(int, sys.argv[3:]):
        torch.manual_seed(seed)
        net = model()
        opt = torch.optim.Adam(net.parameters(), lr=2e-3)
        schedule = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=EPOCHS, eta_min=0)
        loss_fn = nn.CrossEntropyLoss()
        start = time.perf_counter()
        first, at, acc = None, None, 0.0
        for epoch in range(1, EPOCHS + 1):
            order = torch.randperm(len(x))
            for i in range(0, len(x), 128):
                b = order[i:i + 128]
                opt.zero_grad(set_to_none=True)
                loss_fn(net(x[b]), y[b]).backward()
                opt.step()
            schedule.step()
            acc = accuracy(net, tx, ty)
            elapsed = time.perf_counter() - start
            print(f"seed {seed}  epoch {epoch:2d}  test accuracy {acc:.4f}  ({elapsed:.1f} s)", flush=True)
            if first is None and acc >= TARGET:
                first, at = epoch, elapsed
        total = time.perf_counter() - start
        print(f"RESULT best torch seed={seed} threads=torch{threads} seconds={total:.1f}"
              f" first_epoch={first if first else 'none'} seconds_to_target={f'{at:.1f}' if at else 'none'}"
              f" final_accuracy={acc:.4f}", flush=True)


if __name__ == "__main__":
    main()
