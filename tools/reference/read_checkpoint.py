"""Reads a Kiln checkpoint with numpy alone, to show the file is plain safetensors.

Usage: python3 tools/reference/read_checkpoint.py out/fashion.safetensors

Prints the metadata and each tensor's name, dtype, shape and first values. The layout is the safetensors
one: an 8-byte little-endian header length, a JSON header, then the tensors' bytes. Python's `safetensors`
package reads the same file with safetensors.numpy.load_file(path).
"""
import json
import struct
import sys

import numpy as np


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    meta = header.pop("__metadata__", {})
    body = data[8 + n:]
    dtypes = {"F32": "<f4", "I32": "<i4"}
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        tensors[name] = np.frombuffer(body[begin:end], dtype=dtypes[info["dtype"]]).reshape(info["shape"])
    return meta, tensors


def main():
    meta, tensors = load(sys.argv[1])
    for key in ("format", "format_version", "model", "structure", "optimizer.step", "progress.epochs"):
        print(f"{key}: {meta.get(key)}")
    for name, t in tensors.items():
        print(f"{name:40s} {str(t.dtype):8s} {str(t.shape):14s} {t.ravel()[:3]}")


if __name__ == "__main__":
    main()
