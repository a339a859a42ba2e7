"""Reference trajectories for Kiln's layer normalisation and residual tests, from PyTorch 1.13 (Debian package python3-torch).

Trains six small networks with mean squared error (torch.nn.functional.mse_loss, mean over rows x outputs)
on the 6 fixed rows of optimizer_trajectories.py (x[i][j] = sin(1 + 3i + j), 3 inputs; targets
t[i][o] = 0.5 cos(2 + 2i + o), 2 outputs), full batch, float32, for 25 steps, and writes the parameters
before the first step (step 0) and after every step in Kiln's layout.

Run from the repository root:  /usr/bin/python3 tools/reference/layer_trajectories.py
It rewrites samples/src/test/resources/reference/layers.txt, one line `KEY step v1 v2 ...` per network and
step (26 lines per network), and prints each network's largest parameter move over the 25 steps.

Networks (LayerNorm eps=1e-5 throughout; Adam is lr=0.01, betas (0.9, 0.999), eps 1e-8, no weight decay):
  LN_BEFORE     Linear(3->4) -> LayerNorm(4) -> tanh -> Linear(4->2).                    SGD lr=0.1
                params l1.weights, l1.bias, ln.gamma, ln.beta, out.weights, out.bias
  LN_AFTER      Linear(3->4) -> tanh -> LayerNorm(4) -> Linear(4->2).                    Adam lr=0.01
                params l1.weights, l1.bias, ln.gamma, ln.beta, out.weights, out.bias
  LN_NO_AFFINE  Linear(3->4) -> tanh -> LayerNorm(4, elementwise_affine=False) -> Linear(4->2).  SGD lr=0.1
                params l1.weights, l1.bias, out.weights, out.bias
  RESIDUAL      h1 = tanh(Linear(3->4)(x)); h2 = tanh(Linear(4->4)(h1)); s = h2 + h1;
                out = Linear(4->2)(s).                                                   SGD lr=0.1
                params h1.weights, h1.bias, h2.weights, h2.bias, out.weights, out.bias
  RESIDUAL_PRE  h1 = tanh(Linear(3->4)(x)); z = Linear(4->4)(h1); s = tanh(z + h1)  (skip added before
                the activation); out = Linear(4->2)(s).                                  Adam lr=0.01
                params h1.weights, h1.bias, h2.weights, h2.bias, out.weights, out.bias
  RESIDUAL_LN   h1 = tanh(Linear(3->4)(x)); z = LayerNorm(4)(Linear(4->4)(h1)); s = tanh(z + h1);
                out = Linear(4->2)(s).                                                   SGD lr=0.1
                params h1.weights, h1.bias, h2.weights, h2.bias, ln.gamma, ln.beta, out.weights, out.bias

Initial values (the same in every network that has the tensor; i is the input index, o the unit index,
j the LayerNorm feature index):
  first dense (l1 / h1) weights, 3x4:  0.5 sin(0.7 (4i + o) + 0.3)   (optimizer_trajectories.py's w1)
  first dense (l1 / h1) bias, 4:       0.1 cos(o)                     (optimizer_trajectories.py's b1)
  second dense (h2) weights, 4x4:      0.5 sin(0.6 (4i + o) + 1.1)
  second dense (h2) bias, 4:           0.1 sin(o + 0.5)
  out weights, 4x2:                    0.5 cos(0.9 (2i + o) + 0.1)    (optimizer_trajectories.py's w2)
  out bias, 2:                         0.05 (o + 1)                   (optimizer_trajectories.py's b2)
  LayerNorm gamma, 4:                  1 + 0.1 sin(j + 1)
  LayerNorm beta, 4:                   0.05 cos(j)
The Kiln test overwrites its parameters with step 0's values, so these only need to be non-trivial.

Mapping to Kiln: torch.nn.Linear keeps weights as units x input, Kiln as input x units (transposed), so each
dense layer is written as its weights transposed, row-major, then its bias. A LayerNorm's gamma (torch's
weight) then beta (torch's bias), each 4 long, come right after the dense layer of the same block whose
output they normalise. Parameters are written in Kiln's field order, listed above for each network.
"""
import math
import torch

STEPS = 25
ROWS, IN, HID, OUT = 6, 3, 4, 2
LN_EPS = 1e-5


def data():
    x = [[math.sin(1 + i * 3 + j) for j in range(IN)] for i in range(ROWS)]
    t = [[0.5 * math.cos(2 + i * 2 + o) for o in range(OUT)] for i in range(ROWS)]
    return torch.tensor(x, dtype=torch.float32), torch.tensor(t, dtype=torch.float32)


def dense(n_in, n_out, weight, bias):
    """A torch Linear whose Kiln-layout weights (n_in x n_out) are weight(i, o) and bias bias(o)."""
    layer = torch.nn.Linear(n_in, n_out)
    w = [[weight(i, o) for o in range(n_out)] for i in range(n_in)]
    b = [bias(o) for o in range(n_out)]
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(w, dtype=torch.float32).t())
        layer.bias.copy_(torch.tensor(b, dtype=torch.float32))
    return layer


def first():
    return dense(IN, HID, lambda i, o: 0.5 * math.sin(0.7 * (i * HID + o) + 0.3), lambda o: 0.1 * math.cos(o))


def second():
    return dense(HID, HID, lambda i, o: 0.5 * math.sin(0.6 * (i * HID + o) + 1.1), lambda o: 0.1 * math.sin(o + 0.5))


def out():
    return dense(HID, OUT, lambda i, o: 0.5 * math.cos(0.9 * (i * OUT + o) + 0.1), lambda o: 0.05 * (o + 1))


def norm(affine=True):
    layer = torch.nn.LayerNorm(HID, eps=LN_EPS, elementwise_affine=affine)
    if affine:
        with torch.no_grad():
            layer.weight.copy_(torch.tensor([1 + 0.1 * math.sin(j + 1) for j in range(HID)], dtype=torch.float32))
            layer.bias.copy_(torch.tensor([0.05 * math.cos(j) for j in range(HID)], dtype=torch.float32))
    return layer


def ln_before():
    l1, ln, o = first(), norm(), out()
    return [l1, ln, o], lambda x: o(torch.tanh(ln(l1(x))))


def ln_after():
    l1, ln, o = first(), norm(), out()
    return [l1, ln, o], lambda x: o(ln(torch.tanh(l1(x))))


def ln_no_affine():
    l1, ln, o = first(), norm(affine=False), out()
    return [l1, o], lambda x: o(ln(torch.tanh(l1(x))))


def residual():
    h1, h2, o = first(), second(), out()

    def forward(x):
        a = torch.tanh(h1(x))
        return o(torch.tanh(h2(a)) + a)
    return [h1, h2, o], forward


def residual_pre():
    h1, h2, o = first(), second(), out()

    def forward(x):
        a = torch.tanh(h1(x))
        return o(torch.tanh(h2(a) + a))
    return [h1, h2, o], forward


def residual_ln():
    h1, h2, ln, o = first(), second(), norm(), out()

    def forward(x):
        a = torch.tanh(h1(x))
        return o(torch.tanh(ln(h2(a)) + a))
    return [h1, h2, ln, o], forward


def sgd(params):
    return torch.optim.SGD(params, lr=0.1)


def adam(params):
    return torch.optim.Adam(params, lr=0.01, betas=(0.9, 0.999), eps=1e-8)


NETWORKS = {
    "LN_BEFORE": (ln_before, sgd),
    "LN_AFTER": (ln_after, adam),
    "LN_NO_AFFINE": (ln_no_affine, sgd),
    "RESIDUAL": (residual, sgd),
    "RESIDUAL_PRE": (residual_pre, adam),
    "RESIDUAL_LN": (residual_ln, sgd),
}


def tensors(layers):
    """The parameters in Kiln's order: per layer its weight then its bias."""
    return [p for layer in layers for p in (layer.weight, layer.bias)]


def flat(layers):
    values = []
    for layer in layers:
        w = layer.weight.detach()
        values += (w.t() if isinstance(layer, torch.nn.Linear) else w).reshape(-1).tolist()
        values += layer.bias.detach().reshape(-1).tolist()
    return values


def main():
    torch.manual_seed(0)
    x, t = data()
    lines = ["# layer normalisation and residual step values... (Kiln layout); written by"
             f" tools/reference/layer_trajectories.py with torch {torch.__version__}"]
    for name, (build, make) in NETWORKS.items():
        layers, forward = build()
        opt = make(tensors(layers))
        start = flat(layers)
        lines.append(f"{name} 0 " + " ".join(repr(v) for v in start))
        for step in range(1, STEPS + 1):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(forward(x), t)
            loss.backward()
            opt.step()
            values = flat(layers)
            lines.append(f"{name} {step} " + " ".join(repr(v) for v in values))
        moved = max(abs(a - b) for a, b in zip(values, start))
        print(f"{name:<12} {len(start)} values, largest move over {STEPS} steps: {moved:.4f}")
    with open("samples/src/test/resources/reference/layers.txt", "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
