"""Reference learning rates for Kiln's schedule tests, from PyTorch 1.13's torch.optim.lr_scheduler.

Run from the repository root:  /usr/bin/python3 tools/reference/schedule_rates.py
It rewrites samples/src/test/resources/reference/schedules.txt: one line per schedule, the rate
used in epochs 0, 1, 2, ... with base rate 0.1.

Mapping to Kiln: ExponentialLR(gamma = e^-k) is Kiln's exponential(k); StepLR(step_size, gamma) is
step(factor, every); CosineAnnealingLR(T_max, eta_min) is cosine(period, minRate) for epochs up to
T_max (PyTorch then rises again along the cosine, Kiln stays at the minimum); LambdaLR with
1 / (1 + k t) is inverse(k).
"""
import math
import torch

EPOCHS = 30
BASE = 0.1

SCHEDULES = {
    "exponential k=0.2": lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=math.exp(-0.2)),
    "step factor=0.5 every=7": lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=7, gamma=0.5),
    "cosine period=30 min=0.001": lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=30, eta_min=0.001),
    "inverse k=0.3": lambda o: torch.optim.lr_scheduler.LambdaLR(o, lambda t: 1 / (1 + 0.3 * t)),
}


def main():
    lines = [f"# schedule: rates of epochs 0..{EPOCHS - 1}, base {BASE}; written by tools/reference/schedule_rates.py"
             f" with torch {torch.__version__}"]
    for name, make in SCHEDULES.items():
        p = torch.nn.Parameter(torch.zeros(1))
        opt = torch.optim.SGD([p], lr=BASE)
        sched = make(opt)
        rates = []
        for _ in range(EPOCHS):
            rates.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step()
        lines.append(name + ": " + " ".join(repr(r) for r in rates))
    with open("samples/src/test/resources/reference/schedules.txt", "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
