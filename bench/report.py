"""Turns the RESULT lines of a bench/run log into the Markdown table bench/results.md and the README show.

Usage: python3 bench/report.py LOG > bench/results.md
For each network and batch size: Kiln's samples/s (median, min-max of the measured epochs), PyTorch's in
its best configuration found by the sweep, the ratio, test accuracies, GFLOP/s and peak RSS; then the
sgemm ceiling. Only figures present in the log are reported.
"""
import re
import sys

FLOPS_PER_SAMPLE = 6.0 * (784 * 256 + 256 * 128 + 128 * 10) - 2.0 * 784 * 256


def parse(path):
    runs, sgemm, header = [], [], []
    for line in open(path):
        if line.startswith("# "):
            header.append(line[2:].strip())
        if not line.startswith("RESULT "):
            continue
        parts = line.split()
        if parts[1] in ("sgemm", "allocation"):
            sgemm.append(parts[1:])
            continue
        fields = dict(p.split("=", 1) for p in parts[4:])
        runs.append({"who": parts[1], "network": parts[2], "batch": int(parts[3]),
                     **{k: float(v) for k, v in fields.items()}})
    return runs, sgemm, header


def main():
    runs, sgemm, header = parse(sys.argv[1])
    print("| network | batch | Kiln samples/s (min–max) | PyTorch best samples/s (config) | Kiln/PyTorch |"
          " Kiln GFLOP/s | accuracy Kiln / PyTorch | peak RSS MB Kiln / PyTorch |")
    print("|---|---|---|---|---|---|---|---|")
    keys = sorted({(r["network"], r["batch"]) for r in runs}, key=lambda k: (k[0] != "reference", k[1]))
    for network, batch in keys:
        kiln = [r for r in runs if r["who"].startswith("kiln") and r["network"] == network and r["batch"] == batch]
        torch = [r for r in runs if r["who"].startswith("pytorch") and r["network"] == network and r["batch"] == batch]
        if not kiln or not torch:
            continue
        k = max(kiln, key=lambda r: r["median"])
        t = max(torch, key=lambda r: r["median"])
        config = re.sub(r"pytorch\[(.*)\]", r"\1", t["who"])
        print(f"| {network} | {batch} | {k['median']:,.0f} ({k['min']:,.0f}–{k['max']:,.0f}) {k['who']} |"
              f" {t['median']:,.0f} ({config}) | {k['median'] / t['median']:.2f} |"
              f" {k['median'] * FLOPS_PER_SAMPLE / 1e9:.1f} | {k['accuracy']:.4f} / {t['accuracy']:.4f} |"
              f" {k['rss_mb']:.0f} / {t['rss_mb']:.0f} |")
    print()
    print(f"GFLOP/s counts {FLOPS_PER_SAMPLE / 1e6:.3f} MFLOP per training sample: forward 2·ΣW, weight gradients"
          " 2·ΣW, input gradients 2·(ΣW − W₁), with ΣW = 784·256 + 256·128 + 128·10 and W₁ = 784·256.")
    allocation = [s[1:] for s in sgemm if s[0] == "allocation"]
    blas = [s[1:] for s in sgemm if s[0] == "sgemm"]
    if allocation:
        print()
        print("Bytes allocated on the training thread per step after warm-up (per-thread allocation counter,"
              " 1000 steps, batch 128):")
        print()
        for s in allocation:
            print("- " + " ".join(s))
    if blas:
        print()
        print("OpenBLAS sgemm through numpy (median GFLOP/s; forward X·W, weight gradient Xᵀ·Δ, input gradient Δ·Wᵀ):")
        print()
        for s in blas:
            print("- " + " ".join(s))
    print()
    for h in dict.fromkeys(header):
        print(f"- {h}")


if __name__ == "__main__":
    main()
