"""Turns bench/best.log (written by bench/best) into bench/best.md: wall time to the end and to the first epoch at
0.90 test accuracy, and the final accuracy, for Kiln's recipe and PyTorch's twin of it, per seed, PyTorch at its best
thread setting.

Usage: python3 bench/best_report.py bench/best.log > bench/best.md
"""
import statistics
import sys


def fields(line):
    return dict(w.split("=", 1) for w in line.split() if "=" in w)


def main():
    machine, core, kiln, torch = "", "", {}, {}
    for line in open(sys.argv[1], encoding="utf-8"):
        if line.startswith("# machine:"):
            machine = line[len("# machine:"):].strip()
        elif line.startswith("Core:"):
            core = line.split(":", 1)[1].strip()
        elif line.startswith("RESULT best kiln"):
            f = fields(line)
            kiln[int(f["seed"])] = f
        elif line.startswith("RESULT best torch"):
            f = fields(line)
            seed = int(f["seed"])
            if seed not in torch or float(f["seconds"]) < float(torch[seed]["seconds"]):
                torch[seed] = f

    def to_target(f):
        return float(f["seconds_to_target"]) if f["seconds_to_target"] != "none" else float("inf")

    print("# Time to accuracy on Fashion-MNIST\n")
    print(f"Machine: {machine}. Written by `bench/best` (raw figures in `bench/best.log`). The recipe: 784-512-256-10,")
    print("each hidden layer BatchNorm, ReLU, dropout 0.3; Adam 2e-3 down a cosine to 0 over 20 epochs; batch 128")
    print("(`samples/src/main/java/dev/kiln/samples/BestMlp.java`, and `bench/pytorch_best.py` in PyTorch 1.13 with")
    print(f"the same initialisation and BatchNorm settings; OpenBLAS on its own choice of kernel, `{core or '?'}`). The")
    print("test set is scored after every epoch inside the timed run, on both sides. Kiln on two threads; PyTorch at")
    print("the faster of two thread settings for each seed.\n")
    print("| seed | Kiln: to 0.90 (epoch) | Kiln: 20 epochs | Kiln final accuracy | PyTorch: to 0.90 (epoch) |"
          " PyTorch: 20 epochs (setting) | PyTorch final accuracy | sooner to 0.90 | sooner to the end |")
    print("|---|---|---|---|---|---|---|---|---|")
    ratios, ends = [], []
    for seed in sorted(kiln):
        k, t = kiln[seed], torch.get(seed)
        if t is None:
            continue
        r = to_target(t) / to_target(k) if to_target(k) != float("inf") else float("nan")
        e = float(t["seconds"]) / float(k["seconds"])
        ratios.append(r)
        ends.append(e)
        print(f"| {seed} | {k['seconds_to_target']} s ({k['first_epoch']}) | {k['seconds']} s |"
              f" {k['final_accuracy']} | {t['seconds_to_target']} s ({t['first_epoch']}) | {t['seconds']} s"
              f" ({t['threads']}) | {t['final_accuracy']} | {r:.2f}× | {e:.2f}× |")
    if ratios:
        print(f"\nMedian: Kiln reached 0.90 {statistics.median(ratios):.2f}× sooner and finished the 20 epochs"
              f" {statistics.median(ends):.2f}× sooner. Goal (0.90 at least 2.5× sooner):"
              f" {'met' if min(ratios) >= 2.5 else 'not met'} on this machine.")


if __name__ == "__main__":
    main()
