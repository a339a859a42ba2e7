"""Reference trajectories for Kiln's loss tests, from PyTorch 1.13 (Debian package python3-torch).

Trains the networks below on the 6 rows of optimizer_trajectories.py, full batch, for 25 steps, and writes
the parameters after every step in Kiln's layout (each layer's weights as input x units, row-major, then
its bias), one line per step: KEY step v1 v2 ...

Run from the repository root:  /usr/bin/python3 tools/reference/loss_trajectories.py
It rewrites samples/src/test/resources/reference/losses.txt.

Networks (initial values as optimizer_trajectories.py's initial(): w1, b1 for the hidden layer; the output
layer's weights 0.5*cos(0.9*(i*OUT + o) + 0.1) and biases 0.05*(o + 1) for its OUT units):
  MAE        3 -> 4 (tanh) -> 2, torch.nn.L1Loss (mean over rows and outputs), SGD lr 0.1
  HUBER      3 -> 4 (tanh) -> 2, torch.nn.HuberLoss(delta=0.5) (mean over rows and outputs), Adam lr 0.01
  SMOOTHED   3 -> 4 (tanh) -> 3, torch.nn.CrossEntropyLoss(label_smoothing=0.1), labels i % 3, SGD lr 0.5
"""
import math
import torch

STEPS = 25
ROWS, IN, HID = 6, 3, 4


def inputs():
    return torch.tensor([[math.sin(1 + i * 3 + j) for j in range(IN)] for i in range(ROWS)], dtype=torch.float32)


def targets(out):
    return torch.tensor([[0.5 * math.cos(2 + i * 2 + o) for o in range(out)] for i in range(ROWS)],
                        dtype=torch.float32)


def network(out):
    l1 = torch.nn.Linear(IN, HID)
    l2 = torch.nn.Linear(HID, out)
    w1 = [[0.5 * math.sin(0.7 * (i * HID + o) + 0.3) for o in range(HID)] for i in range(IN)]
    b1 = [0.1 * math.cos(o) for o in range(HID)]
    w2 = [[0.5 * math.cos(0.9 * (i * out + o) + 0.1) for o in range(out)] for i in range(HID)]
    b2 = [0.05 * (o + 1) for o in range(out)]
    with torch.no_grad():
        l1.weight.copy_(torch.tensor(w1).t())
        l1.bias.copy_(torch.tensor(b1))
        l2.weight.copy_(torch.tensor(w2).t())
        l2.bias.copy_(torch.tensor(b2))
    return l1, l2


def flat(l1, l2):
    values = []
    for layer in (l1, l2):
        values += layer.weight.detach().t().reshape(-1).tolist()
        values += layer.bias.detach().reshape(-1).tolist()
    return values


CASES = {
    "MAE": (2, torch.nn.L1Loss(), lambda p: torch.optim.SGD(p, lr=0.1), "targets"),
    "HUBER": (2, torch.nn.HuberLoss(delta=0.5), lambda p: torch.optim.Adam(p, lr=0.01), "targets"),
    "SMOOTHED": (3, torch.nn.CrossEntropyLoss(label_smoothing=0.1), lambda p: torch.optim.SGD(p, lr=0.5), "labels"),
}


def main():
    torch.manual_seed(0)
    x = inputs()
    lines = ["# loss step values... (Kiln layout); written by tools/reference/loss_trajectories.py"
             f" with torch {torch.__version__}"]
    for name, (out, loss_fn, make, kind) in CASES.items():
        l1, l2 = network(out)
        y = targets(out) if kind == "targets" else torch.tensor([i % out for i in range(ROWS)])
        opt = make([l1.weight, l1.bias, l2.weight, l2.bias])
        start = flat(l1, l2)
        lines.append(f"{name} 0 " + " ".join(repr(v) for v in start))
        for step in range(1, STEPS + 1):
            opt.zero_grad()
            loss = loss_fn(l2(torch.tanh(l1(x))), y)
            loss.backward()
            opt.step()
            lines.append(f"{name} {step} " + " ".join(repr(v) for v in flat(l1, l2)))
        moved = max(abs(a - b) for a, b in zip(flat(l1, l2), start))
        print(f"{name}: largest move over {STEPS} steps {moved:.4f}")
    with open("samples/src/test/resources/reference/losses.txt", "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
