"""Reference trajectories for Kiln's optimizer tests, from PyTorch 1.13 (Debian package python3-torch).

Trains the network 3 -> 4 (tanh) -> 2 (linear) with mean squared error on 6 fixed rows, full batch,
for 25 steps with each optimizer, and writes the parameters after every step in Kiln's layout
(each layer's weights as input x units, row-major, then its bias).

Run from the repository root:  /usr/bin/python3 tools/reference/optimizer_trajectories.py
It rewrites samples/src/test/resources/reference/optimizers.txt.

Mapping to Kiln: torch.nn.Linear keeps weights as units x input, Kiln as input x units (transposed).
RMSprop's alpha is Kiln's rho. AdamW's decay is applied to weights only (biases are in a group with
weight_decay=0), as Kiln does. NAdam runs with foreach=True: PyTorch 1.13's default single-tensor path
multiplies mu_t into the next product twice (fixed in PyTorch 2.0); the multi-tensor path computes the
formula of the paper, which is what Kiln implements.
"""
import math
import torch

STEPS = 25
ROWS, IN, HID, OUT = 6, 3, 4, 2


def data():
    x = [[math.sin(1 + i * 3 + j) for j in range(IN)] for i in range(ROWS)]
    t = [[0.5 * math.cos(2 + i * 2 + o) for o in range(OUT)] for i in range(ROWS)]
    return torch.tensor(x, dtype=torch.float32), torch.tensor(t, dtype=torch.float32)


def initial():
    w1 = [[0.5 * math.sin(0.7 * (i * HID + o) + 0.3) for o in range(HID)] for i in range(IN)]
    b1 = [0.1 * math.cos(o) for o in range(HID)]
    w2 = [[0.5 * math.cos(0.9 * (i * OUT + o) + 0.1) for o in range(OUT)] for i in range(HID)]
    b2 = [0.05 * (o + 1) for o in range(OUT)]
    return w1, b1, w2, b2


OPTIMIZERS = {
    "SGD": lambda w, b: torch.optim.SGD(w + b, lr=0.1),
    "MOMENTUM": lambda w, b: torch.optim.SGD(w + b, lr=0.05, momentum=0.9),
    "NESTEROV": lambda w, b: torch.optim.SGD(w + b, lr=0.05, momentum=0.9, nesterov=True),
    "ADAGRAD": lambda w, b: torch.optim.Adagrad(w + b, lr=0.1, eps=1e-10),
    "RMSPROP": lambda w, b: torch.optim.RMSprop(w + b, lr=0.01, alpha=0.99, eps=1e-8),
    "ADADELTA": lambda w, b: torch.optim.Adadelta(w + b, lr=1.0, rho=0.9, eps=1e-6),
    "ADAM": lambda w, b: torch.optim.Adam(w + b, lr=0.01, betas=(0.9, 0.999), eps=1e-8),
    "AMSGRAD": lambda w, b: torch.optim.Adam(w + b, lr=0.01, betas=(0.9, 0.999), eps=1e-8, amsgrad=True),
    "ADAMAX": lambda w, b: torch.optim.Adamax(w + b, lr=0.02, betas=(0.9, 0.999), eps=1e-8),
    "NADAM": lambda w, b: torch.optim.NAdam(w + b, lr=0.02, betas=(0.9, 0.999), eps=1e-8, foreach=True),
    "ADAMW": lambda w, b: torch.optim.AdamW([{"params": w, "weight_decay": 0.1},
                                            {"params": b, "weight_decay": 0.0}],
                                           lr=0.01, betas=(0.9, 0.999), eps=1e-8),
}


def flat(l1, l2):
    values = []
    for layer in (l1, l2):
        values += layer.weight.detach().t().reshape(-1).tolist()
        values += layer.bias.detach().reshape(-1).tolist()
    return values


def main():
    torch.manual_seed(0)
    x, t = data()
    w1, b1, w2, b2 = initial()
    lines = ["# optimizer step values... (Kiln layout); written by tools/reference/optimizer_trajectories.py"
             f" with torch {torch.__version__}"]
    for name, make in OPTIMIZERS.items():
        l1 = torch.nn.Linear(IN, HID)
        l2 = torch.nn.Linear(HID, OUT)
        with torch.no_grad():
            l1.weight.copy_(torch.tensor(w1).t())
            l1.bias.copy_(torch.tensor(b1))
            l2.weight.copy_(torch.tensor(w2).t())
            l2.bias.copy_(torch.tensor(b2))
        opt = make([l1.weight, l2.weight], [l1.bias, l2.bias])
        lines.append(f"{name} 0 " + " ".join(repr(v) for v in flat(l1, l2)))
        for step in range(1, STEPS + 1):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(l2(torch.tanh(l1(x))), t)
            loss.backward()
            opt.step()
            lines.append(f"{name} {step} " + " ".join(repr(v) for v in flat(l1, l2)))
    with open("samples/src/test/resources/reference/optimizers.txt", "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
