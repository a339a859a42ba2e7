"""Writes the PyTorch weights that TorchWeightsTest loads into Kiln (PyTorch 1.13, Debian python3-torch).

Usage: python3 tools/reference/torch_weights.py samples/src/test/resources/reference
An nn.Sequential of Linear(6, 8), BatchNorm1d(8), ReLU, Dropout(0.2), Linear(8, 5), PReLU(5), Linear(5, 3), with
random weights and running statistics, saved as safetensors (the format safetensors.torch.save_file writes,
made here with numpy and struct since the safetensors package is not on this machine) in F32, F16 and BF16,
num_batches_tracked (I64) included as PyTorch keeps it. torch_mlp.txt holds ten input rows and, for each file,
the softmax of the model's output in eval mode, computed with the weights as that file stores them.

Then ResidualNet, whose modules are those of an nn.Sequential (so its state_dict names them 0 to 9) and whose
forward adds two skips: Linear(6, 8), ReLU, Dropout(0.1), then Linear(8, 8), LayerNorm(8) with the first block's
output added before the ReLU, then Linear(8, 8), Tanh, LayerNorm(8, elementwise_affine=False) with the second
block's output added after it, then Linear(8, 3). torch_residual.safetensors holds its state_dict in F32;
torch_residual_nobias.safetensors the same with the first LayerNorm's bias set to 0 and left out of the file, the
state_dict PyTorch 2.1's nn.LayerNorm(8, bias=False) would write (PyTorch 1.13 has no bias=False). torch_residual.txt
holds ten input rows and, for each file, the softmax of the output in eval mode.
"""
import copy
import json
import struct
import sys

import numpy as np
import torch


def save(state, path, dtype):
    header, blobs, offset = {}, [], 0
    for name, tensor in state.items():
        if tensor.dtype == torch.int64:
            raw, code = tensor.numpy().astype("<i8").tobytes(), "I64"
        elif dtype == "F32":
            raw, code = tensor.float().numpy().astype("<f4").tobytes(), "F32"
        elif dtype == "F16":
            raw, code = tensor.half().numpy().astype("<f2").tobytes(), "F16"
        else:
            raw, code = tensor.bfloat16().view(torch.int16).numpy().astype("<i2").tobytes(), "BF16"
        header[name] = {"dtype": code, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def rounded(model, dtype):
    m = copy.deepcopy(model)
    with torch.no_grad():
        for t in list(m.parameters()) + [b for b in m.buffers() if b.dtype.is_floating_point]:
            t.copy_(t.half().float() if dtype == "F16" else t.bfloat16().float() if dtype == "BF16" else t)
    return m


class ResidualNet(torch.nn.Sequential):
    """An nn.Sequential's numbered modules with skips, which nn.Sequential's own forward cannot add."""

    def forward(self, x):
        h0 = self[2](self[1](self[0](x)))
        h1 = self[5](self[4](self[3](h0)) + h0)
        h2 = self[8](self[7](self[6](h1))) + h1
        return self[9](h2)


def residual(out):
    torch.manual_seed(5)
    model = ResidualNet(torch.nn.Linear(6, 8), torch.nn.ReLU(), torch.nn.Dropout(0.1),
                        torch.nn.Linear(8, 8), torch.nn.LayerNorm(8), torch.nn.ReLU(),
                        torch.nn.Linear(8, 8), torch.nn.Tanh(), torch.nn.LayerNorm(8, elementwise_affine=False),
                        torch.nn.Linear(8, 3))
    with torch.no_grad():
        model[4].weight.copy_(torch.rand(8) + 0.5)
        model[4].bias.copy_(torch.randn(8) * 0.3)
    model.eval()
    x = torch.randn(10, 6)
    lines = ["inputs"] + [" ".join("%.9g" % v for v in row) for row in x.tolist()]
    save(model.state_dict(), f"{out}/torch_residual.safetensors", "F32")
    with torch.no_grad():
        y = torch.softmax(model(x), dim=1)
    lines += ["f32"] + [" ".join("%.9g" % v for v in row) for row in y.tolist()]
    with torch.no_grad():
        model[4].bias.zero_()
        y = torch.softmax(model(x), dim=1)
    state = {k: v for k, v in model.state_dict().items() if k != "4.bias"}
    save(state, f"{out}/torch_residual_nobias.safetensors", "F32")
    lines += ["nobias"] + [" ".join("%.9g" % v for v in row) for row in y.tolist()]
    with open(f"{out}/torch_residual.txt", "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    out = sys.argv[1]
    torch.manual_seed(3)
    model = torch.nn.Sequential(torch.nn.Linear(6, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(), torch.nn.Dropout(0.2),
                                torch.nn.Linear(8, 5), torch.nn.PReLU(5), torch.nn.Linear(5, 3))
    with torch.no_grad():
        bn = model[1]
        bn.weight.copy_(torch.rand(8) + 0.5)
        bn.bias.copy_(torch.randn(8) * 0.3)
        bn.running_mean.copy_(torch.randn(8) * 0.5)
        bn.running_var.copy_(torch.rand(8) + 0.2)
        bn.num_batches_tracked.fill_(17)
        model[5].weight.copy_(torch.rand(5) * 0.5)
    model.eval()
    x = torch.randn(10, 6)
    lines = ["inputs"] + [" ".join("%.9g" % v for v in row) for row in x.tolist()]
    for dtype, suffix in (("F32", "f32"), ("F16", "f16"), ("BF16", "bf16")):
        save(model.state_dict(), f"{out}/torch_mlp_{suffix}.safetensors", dtype)
        with torch.no_grad():
            y = torch.softmax(rounded(model, dtype)(x), dim=1)
        lines += [suffix] + [" ".join("%.9g" % v for v in row) for row in y.tolist()]
    with open(f"{out}/torch_mlp.txt", "w") as f:
        f.write("\n".join(lines) + "\n")
    residual(out)


if __name__ == "__main__":
    main()
