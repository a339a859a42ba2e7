"""Turns the RESULT lines of a bench/run log into the Markdown table bench/results.md and the README show.

Usage: python3 bench/report.py LOG [JMH_JSON...] > bench/results.md
For each network and batch size: Kiln's samples/s (median, min-max of the measured epochs), PyTorch's in
its best configuration found by the sweep, the ratio, test accuracies, GFLOP/s and peak RSS; then the
sgemm ceiling. Only figures present in the log are reported.
"""
import json
import re
import sys

FLOPS_PER_SAMPLE = 6.0 * (784 * 256 + 256 * 128 + 128 * 10) - 2.0 * 784 * 256


def heap(run):
    """Kiln's Java heap peak beside its process's peak RSS, where the run reported it."""
    return f" (heap {run['heap_peak_mb']:.0f})" if "heap_peak_mb" in run else ""


def parse(path):
    runs, sgemm, header = [], [], []
    for line in open(path):
        if line.startswith("# "):
            header.append(line[2:].strip())
        if not line.startswith("RESULT "):
            continue
        parts = line.split()
        if parts[1].startswith("serving"):
            continue  # serving_report's
        if parts[1] in ("sgemm", "allocation", "inference", "fma", "fma_peak", "fma_chains"):
            sgemm.append(parts[1:])
            continue
        fields = dict(p.split("=", 1) for p in parts[4:])
        runs.append({"who": parts[1], "network": parts[2], "batch": int(parts[3]),
                     **{k: (v if k == "state" else float(v)) for k, v in fields.items()}})
    return runs, sgemm, header


def jmh_results(paths):
    """(threads, benchmark, params, microseconds per call) from JMH's JSON files."""
    out = []
    for path in paths:
        for entry in json.load(open(path)):
            threads = next((a.split("=", 1)[1] for a in entry.get("jvmArgs", []) if a.startswith("-Dkiln.threads=")),
                           "?")
            out.append((threads, entry["benchmark"].rsplit(".", 1)[1], entry.get("params", {}),
                        entry["primaryMetric"]["score"]))
    return out


def gemm_table(jmh, blas):
    """Kiln's products as GFLOP/s and as a fraction of OpenBLAS's at the same shape, layout and threads."""
    ceiling = {}
    for s in blas:
        fields = dict(p.split("=", 1) for p in s if "=" in p)
        shape = next(p for p in s if "x" in p and "=" not in p)
        for layout, key in (("forward", "forward"), ("weightGrad", "weight_grad"), ("inputGrad", "input_grad")):
            ceiling[(fields["threads"], shape, layout)] = float(fields[key])
    print("| threads | shape (batch×in×out) | product | Kiln GFLOP/s | OpenBLAS GFLOP/s | Kiln / OpenBLAS |")
    print("|---|---|---|---|---|---|")
    ratios = []
    for threads, name, params, micros in jmh:
        if name != "gemm":
            continue
        batch, inputs, units = (int(v) for v in params["shape"].split("x"))
        gflops = 2.0 * batch * inputs * units / (micros * 1e-6) / 1e9
        blas_gflops = ceiling.get((threads, params["shape"], params["layout"]))
        fraction = f"{gflops / blas_gflops:.2f}" if blas_gflops else "–"
        blas_text = f"{blas_gflops:.1f}" if blas_gflops else "–"
        print(f"| {threads} | {params['shape']} | {params['layout']} | {gflops:.1f} | {blas_text} | {fraction} |")
        if blas_gflops:
            ratios.append(gflops / blas_gflops)
    return ratios


def met(ok):
    return "met" if ok else "not met"


def goals(runs, peak, fma, product_ratios):
    """The speed goals this report can judge, each marked as met or not with the figures it rests on."""
    print()
    print("Goals on this machine (the width sweep's and time to accuracy's are in their own sections below):")
    print()
    best = lambda who, network, batch: max((r for r in runs if r["who"].startswith(who) and r["network"] == network
                                            and r["batch"] == batch), key=lambda r: r["median"], default=None)
    if peak:
        two = float(peak["two_cores"])
        k = best("kiln[threads=2]", "reference", 512)
        if k:
            share = k["median"] * FLOPS_PER_SAMPLE / 1e9 / two
            print(f"- the reference network at batch 512 on 2 threads at ≥ 70 % of the two-core peak: {met(share >= 0.70)}"
                  f" ({k['median'] * FLOPS_PER_SAMPLE / 1e9:.1f} GFLOP/s of {two:.0f}: {share:.1%})")
    scalings = []
    for network in ("reference", "batchnorm-dropout"):
        for batch in (128, 512):
            one, two = best("kiln[threads=1]", network, batch), best("kiln[threads=2]", network, batch)
            if one and two:
                scalings.append((network, batch, two["median"] / one["median"]))
    if scalings:
        loop = min((float(f["scaling"]) for f in fma), default=float("nan"))
        text = ", ".join(f"{n} {b}: {x:.2f}×" for n, b, x in scalings)
        print(f"- 1 → 2 threads ≥ 1.85× at batch 128 and 512 for both networks: {met(all(x >= 1.85 for *_, x in scalings))}"
              f" ({text}; the FMA loop's own scaling in this run {loop:.2f}×)")
    rows = []
    for network in ("reference", "batchnorm-dropout"):
        for batch in (32, 128, 512):
            k, t = best("kiln", network, batch), best("pytorch", network, batch)
            if k and t:
                rows.append((k["rss_mb"], t["rss_mb"]))
    if rows:
        print(f"- Kiln's peak RSS at or below PyTorch's in every row: {met(all(k <= t for k, t in rows))}"
              f" (Kiln {min(k for k, _ in rows):.0f}–{max(k for k, _ in rows):.0f} MB,"
              f" PyTorch {min(t for _, t in rows):.0f}–{max(t for _, t in rows):.0f} MB)")
    if product_ratios:
        print(f"- Kiln's products at ≥ 90 % of OpenBLAS's at every shape, on 1 and 2 threads:"
              f" {met(min(product_ratios) >= 0.90)} (from {min(product_ratios):.2f} to {max(product_ratios):.2f})")


def inference_table(rows):
    kiln = [r for r in rows if r["who"].startswith("kiln")]
    torch = [r for r in rows if r["who"].startswith("pytorch")]
    if not kiln or not torch:
        return
    best_latency = min(torch, key=lambda r: r["latency_us"])
    best_throughput = max(torch, key=lambda r: r["throughput"])
    print("| who | single-image latency µs, median (min–max) | vs PyTorch's best | batch of 10,000: images/s |"
          " vs PyTorch's best |")
    print("|---|---|---|---|---|")
    for r in kiln + [best_latency] + ([best_throughput] if best_throughput is not best_latency else []):
        print(f"| {r['who']} | {r['latency_us']:.1f} ({r['latency_min']:.1f}–{r['latency_max']:.1f}) |"
              f" {best_latency['latency_us'] / r['latency_us']:.2f}× lower | {r['throughput']:,.0f} |"
              f" {r['throughput'] / best_throughput['throughput']:.2f}× |")


def main():
    runs, sgemm, header = parse(sys.argv[1])
    jmh = jmh_results(sys.argv[2:])
    print("| network | batch | Kiln samples/s (min–max) | PyTorch best samples/s (config) | Kiln/PyTorch |"
          " Kiln GFLOP/s | accuracy Kiln / PyTorch | peak RSS MB Kiln (Java heap peak) / PyTorch |")
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
              f" {k['rss_mb']:.0f}{heap(k)} / {t['rss_mb']:.0f} |")
    print()
    print(f"GFLOP/s counts {FLOPS_PER_SAMPLE / 1e6:.3f} MFLOP per training sample: forward 2·ΣW, weight gradients"
          " 2·ΣW, input gradients 2·(ΣW − W₁), with ΣW = 784·256 + 256·128 + 128·10 and W₁ = 784·256.")
    print()
    print("Kiln on 1 and on 2 threads (each run in its own JVM, the two back to back), and whether the two runs"
          " ended with the same state: a CRC32 of the bits of every weight, BatchNorm statistic and optimizer"
          " moment after the last epoch:")
    print()
    print("| network | batch | 1 thread samples/s | 2 threads samples/s | 1 → 2 threads | state, 1 thread / 2 threads |")
    print("|---|---|---|---|---|---|")
    for network, batch in keys:
        one = [r for r in runs if r["who"] == "kiln[threads=1]" and r["network"] == network and r["batch"] == batch]
        two = [r for r in runs if r["who"] == "kiln[threads=2]" and r["network"] == network and r["batch"] == batch]
        if not one or not two:
            continue
        a, b = one[0], two[0]
        same = "bit-identical" if a.get("state") == b.get("state") else "DIFFERENT"
        print(f"| {network} | {batch} | {a['median']:,.0f} | {b['median']:,.0f} | {b['median'] / a['median']:.2f}× |"
              f" {a.get('state', '?')} / {b.get('state', '?')} ({same}) |")
    fma = [dict(p.split("=", 1) for p in s[1:]) for s in sgemm if s[0] == "fma"]
    if fma:
        print()
        print("The same two cores on work that shares nothing: a register-only loop of vector FMAs"
              " (bench/src/main/java/dev/kiln/bench/FmaScaling.java), 7 trials of 300 ms each, before and after"
              " the training runs:")
        print()
        for f in fma:
            print(f"- 1 thread {f['one_thread']} GFLOP/s, 2 threads {f['two_threads']} GFLOP/s"
                  f" ({f['two_min']}–{f['two_max']}): {f['scaling']}× (trials from {f['scaling_min']}× to"
                  f" {f['scaling_max']}×)")
    dl4j_keys = [key for key in keys if any(r["who"].startswith("dl4j") and (r["network"], r["batch"]) == key
                                            for r in runs)]
    if dl4j_keys:
        print()
        print("Deeplearning4j 1.0.0-M2.1 (nd4j-native with its AVX2 build and OpenBLAS, on Java 17), the Java peer,"
              " same networks, data and protocol (median of three epochs after the warm-up); its best setting of the two"
              " swept:")
        print()
        print("| network | batch | Deeplearning4j samples/s (min–max) (config) | Kiln/Deeplearning4j |"
              " accuracy Kiln / Deeplearning4j | peak RSS MB Kiln / Deeplearning4j |")
        print("|---|---|---|---|---|---|")
        for network, batch in dl4j_keys:
            kiln = [r for r in runs if r["who"].startswith("kiln") and r["network"] == network and r["batch"] == batch]
            dl4j = [r for r in runs if r["who"].startswith("dl4j") and r["network"] == network and r["batch"] == batch]
            d = max(dl4j, key=lambda r: r["median"])
            config = re.sub(r"dl4j\[(.*)\]", r"\1", d["who"])
            if kiln:
                k = max(kiln, key=lambda r: r["median"])
                ratio = f"{k['median'] / d['median']:.2f}"
                acc = f"{k['accuracy']:.4f} / {d['accuracy']:.4f}"
                rss = f"{k['rss_mb']:.0f} / {d['rss_mb']:.0f}"
            else:
                ratio, acc, rss = "–", f"– / {d['accuracy']:.4f}", f"– / {d['rss_mb']:.0f}"
            print(f"| {network} | {batch} | {d['median']:,.0f} ({d['min']:,.0f}–{d['max']:,.0f}) ({config}) | {ratio} |"
                  f" {acc} | {rss} |")
    allocation = [s[1:] for s in sgemm if s[0] == "allocation"]
    blas = [s[1:] for s in sgemm if s[0] == "sgemm"]
    inference = [{"who": s[1], **{k: float(v) for k, v in (p.split("=", 1) for p in s[3:])}}
                 for s in sgemm if s[0] == "inference"]
    if inference:
        print()
        print("Inference with the reference network (Kiln's predict against PyTorch's eval-mode forward under"
              " no_grad; one image per call over the first 1,000 test images, and all 10,000 in one call):")
        print()
        inference_table(inference)
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
    if jmh:
        print()
        print("Kiln's matrix products (JMH, mean time per product, after warm-up) against OpenBLAS at the same"
              " shape, layout and number of threads:")
        print()
        product_ratios = gemm_table(jmh, blas)
        print()
        print("Other kernels (JMH, µs per call after warm-up; batch 128 × 256 for the element-wise passes, the"
              " dropout mask and batch normalization, 200,960 parameters for the optimizer updates, all 235,146"
              " gradients for the finite check, 128 × 784 for the row copy, 128 × 10 for the loss, 256 × 128 for"
              " the transpose):")
        print()
        other_table(jmh)
    peak = next((dict(p.split("=", 1) for p in s[1:]) for s in sgemm if s[0] == "fma_peak"), None)
    if peak:
        print()
        print(f"The machine's FP32 FMA peak (bench/src/main/java/dev/kiln/bench/FmaPeak.java, the best of 8 to 24"
              f" independent chains): {peak['one_core']} GFLOP/s on one core, {peak['two_cores']} on two"
              f" ({peak['scaling']}×).")
    goals(runs, peak, fma, product_ratios if jmh else [])
    lines = open(sys.argv[1]).read().splitlines()
    if any(l.startswith("RESULT serving") for l in lines):
        print()
        print("Serving: single-row predictions of the reference network from 1, 2, 8 and 64 request threads"
              " (bench/serving runs this part alone):")
        print()
        import serving_report
        serving_report.table(lines)
    print()
    for h in dict.fromkeys(header):
        print(f"- {h}")



def other_table(jmh):
    """Every non-product kernel: one row each, µs per call with 1 and 2 threads and the ratio."""
    times = {}
    for threads, name, params, micros in jmh:
        if name == "gemm":
            continue
        label = f"update {params['rule']}" if "rule" in params else name
        times.setdefault(label, {})[threads] = micros
    print("| kernel | 1 thread µs | 2 threads µs | 1 → 2 threads |")
    print("|---|---|---|---|")
    for label, by_threads in times.items():
        one = by_threads.get("1")
        two = by_threads.get("2")
        ratio = f"{one / two:.2f}×" if one and two else "–"
        cell = lambda v: f"{v:.2f}" if v is not None else "–"
        print(f"| {label} | {cell(one)} | {cell(two)} | {ratio} |")


if __name__ == "__main__":
    main()
