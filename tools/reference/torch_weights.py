"""Writes the PyTorch weights that TorchWeightsTest loads into Kiln (PyTorch 1.13, Debian python3-torch).

Usage: python3 tools/reference/torch_weights.py samples/src/test/resources/reference
An nn.Sequential of Linear(6, 8), BatchNorm1d(8), ReLU, Dropout(0.2), Linear(8, 5), PReLU(5), Linear(5, 3), with
random weights and running statistics, saved as safetensors (the format safetensors.torch.save_file writes,
made here with numpy and struct since the safetensors package is not on this machine) in F32, F16 and BF16,
num_batches_tracked (I64) included as PyTorch keeps it. torch_mlp.txt holds ten input rows and, for each file,
the softmax of the model's output in eval mode, computed with the weights as that file stores them.
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


if __name__ == "__main__":
    main()
