"""Turns bench/sweep.log (written by bench/sweep) into bench/sweep.md: the machine's FMA peak, and Kiln against
PyTorch's best thread setting for every network width, depth and batch size, with Kiln's GFLOP/s as a share of the
two-core peak and each goal marked as met or not.

Usage: python3 bench/sweep_report.py bench/sweep.log > bench/sweep.md
"""
import sys


def fields(line):
    return dict(w.split("=", 1) for w in line.split() if "=" in w)


def main():
    machine, peak, chains, kiln, torch, sgemm, core = "", {}, [], {}, {}, {}, ""
    for line in open(sys.argv[1], encoding="utf-8"):
        if line.startswith("# machine:"):
            machine = line[len("# machine:"):].strip()
        elif line.startswith("Core:"):
            core = line.split(":", 1)[1].strip()
        elif line.startswith("RESULT fma_peak"):
            peak = {k: float(v) for k, v in fields(line).items()}
        elif line.startswith("RESULT fma_chains"):
            chains.append(fields(line))
        elif line.startswith("RESULT sweep kiln"):
            f = fields(line)
            kiln[(int(f["width"]), int(f["depth"]), int(f["batch"]))] = f
        elif line.startswith("RESULT sweep torch"):
            f = fields(line)
            key = (int(f["width"]), int(f["depth"]), int(f["batch"]))
            if key not in torch or float(f["samples_per_s"]) > float(torch[key]["samples_per_s"]):
                torch[key] = f
        elif line.startswith("RESULT sgemm"):
            f = line.split()
            threads = f[2].split("=")[1]
            shape = f[3]
            sgemm[(threads, shape)] = float(fields(line)["forward"])
    two = peak["two_cores"]
    print("# Speed across network shapes\n")
    print(f"Machine: {machine}. Written by `bench/sweep` (raw figures in `bench/sweep.log`).\n")
    print("## The machine's peak\n")
    print("FP32 FMA loops of independent chains at the preferred vector width, on operands from memory")
    print("(`bench/src/main/java/dev/kiln/bench/FmaPeak.java`); the peak is the best loop's median:\n")
    print("| chains | vector bits | one core GFLOP/s (min–max) | two cores GFLOP/s (min–max) |")
    print("|---|---|---|---|")
    for c in chains:
        print(f"| {c['chains']} | {c['width']} | {c['one_thread']} ({c['one_min']}–{c['one_max']}) |"
              f" {c['two_threads']} ({c['two_min']}–{c['two_max']}) |")
    print(f"\nPeak: {peak['one_core']:.0f} GFLOP/s on one core, {two:.0f} on two ({peak['scaling']:.2f}×).\n")
    print("## Kiln against PyTorch, every shape\n")
    print("Synthetic rows; `width` inputs, `depth` hidden ReLU layers of `width` units, 10 classes, Adam. Kiln on its")
    print("default threads; PyTorch 1.13 at its best of three settings (torch threads × OpenBLAS threads: 1×1, 2×1,")
    print(f"1×2), OpenBLAS on the kernel it chose itself (`{core or 'not printed'}`). Median samples/s of three"
          " timed trials after a warm-up at every batch size. GFLOP/s counts 6·ΣW − 2·W₁ per sample.\n")
    print("| width | depth | batch | Kiln samples/s (min–max) | PyTorch best samples/s (setting) | Kiln/PyTorch |"
          " Kiln GFLOP/s | share of the two-core peak |")
    print("|---|---|---|---|---|---|---|---|")
    ahead, narrow3, cells = [], [], 0
    for key in sorted(kiln):
        k, t = kiln[key], torch.get(key)
        if t is None:
            continue
        cells += 1
        ratio = float(k["samples_per_s"]) / float(t["samples_per_s"])
        ahead.append(ratio >= 1)
        if key[0] <= 256:
            narrow3.append(ratio >= 3)
        gf = float(k["gflops"])
        print(f"| {key[0]} | {key[1]} | {key[2]} | {float(k['samples_per_s']):,.0f} ({float(k['min']):,.0f}–"
              f"{float(k['max']):,.0f}) | {float(t['samples_per_s']):,.0f} ({t['threads']}) | {ratio:.2f} |"
              f" {gf:.1f} | {100 * gf / two:.0f} % |")
    print()
    print("Goals on this machine:\n")
    print(f"- ahead of PyTorch's best setting in every cell: {'met' if all(ahead) else 'not met'}"
          f" ({sum(ahead)} of {cells} cells);")
    print(f"- at least 3× where the network is narrow (≤ 256 units): {'met' if all(narrow3) else 'not met'}"
          f" ({sum(narrow3)} of {len(narrow3)} cells);")
    widest = max(w for w, _, _ in kiln)
    wide = [(key, kiln[key]) for key in kiln if key[0] == widest and key[2] == 512]
    if wide and ("2", f"512x{widest}x{widest}") in sgemm:
        ceiling = sgemm[("2", f"512x{widest}x{widest}")]
        shares = [float(f["gflops"]) / ceiling for _, f in wide]
        print(f"- at least 85 % of OpenBLAS's sgemm at the widest shapes: {'met' if min(shares) >= 0.85 else 'not met'}"
              f" (Kiln's whole training step at width {widest}, batch 512: "
              + ", ".join(f"depth {key[1]} {float(f['gflops']):.0f} GFLOP/s" for key, f in sorted(wide))
              + f", against OpenBLAS's forward product 512×{widest}×{widest} on two threads, {ceiling:.0f} GFLOP/s:"
              + " " + ", ".join(f"{100 * x:.0f} %" for x in shares) + ").")
    print("\nOpenBLAS sgemm through numpy at the sweep's shapes (batch 512 × width × width; median GFLOP/s):\n")
    print("| threads | shape | forward GFLOP/s | share of the peak on as many cores |")
    print("|---|---|---|---|")
    for (threads, shape), g in sorted(sgemm.items(), key=lambda kv: (kv[0][0], int(kv[0][1].split("x")[1]))):
        p = peak["one_core"] if threads == "1" else two
        print(f"| {threads} | {shape} | {g:.1f} | {100 * g / p:.0f} % |")


if __name__ == "__main__":
    main()
