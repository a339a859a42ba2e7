"""Turns bench/spark.log (written by bench/spark-run) into bench/spark.md: what a round of kiln-spark costs here,
time per epoch and accuracy for several replica counts and round frequencies, and a model of the time per epoch
that projects those figures to clusters this machine cannot show, checked against what local-cluster measured.

Usage: python3 bench/spark_report.py bench/spark.log > bench/spark.md
"""
import math
import sys

BATCH = 128
ROWS = 60000
LOCAL_STEPS = 1000  # SparkTrainer.DEFAULT_LOCAL_STEPS
BANDWIDTH = 1.25e9  # bytes/s at the driver: 10 Gbit/s Ethernet, an assumption, not a measurement


def parse(path):
    machine, blocks, block = "", {}, None
    for line in open(path, encoding="utf-8"):
        words = line.split()
        if not words:
            continue
        if line.startswith("# machine:"):
            machine = line[len("# machine:"):].strip()
        elif words[0] == "master":
            block = blocks.setdefault(words[1], {"rounds": {}, "runs": []})
        elif words[0] in ("compute_per_sample", "averaging_per_value", "state_floats"):
            block[words[0]] = float(words[1])
        elif words[0] == "round_seconds":
            block["rounds"][int(words[1])] = tuple(float(w) for w in words[2:5])
        elif words[0] in ("fit", "spark"):
            block["runs"].append({"what": words[0], "replicas": int(words[2]), "rounds": int(words[4]),
                                  "seconds": tuple(float(w) for w in words[6:9]), "accuracy": float(words[10])})
    return machine, blocks


def overhead(block):
    """o0 and tau of a round's fixed cost o(G) = o0 + tau * G, from the rounds of one step of 2 and 4 replicas."""
    step = BATCH * block["compute_per_sample"]
    o2 = block["rounds"][2][0] - step
    o4 = block["rounds"][4][0] - step
    tau = max(0.0, (o4 - o2) / 2)
    return o2 - 2 * tau, tau


def rounds(replicas, local_steps):
    steps = math.ceil(math.ceil(ROWS / replicas) / BATCH)
    return max(1, math.ceil(steps / local_steps))


def epoch_time(rows, replicas, rounds_per_epoch, c, o0, tau, state, a, bandwidth):
    """Compute of one replica's share, plus each round's fixed cost, the state moved at the driver (one copy
    out, which Spark's broadcast then spreads between executors, and one back from every replica) and the
    driver's averaging."""
    if replicas == 1 and rounds_per_epoch == 0:
        return rows * c
    moved = (replicas + 1) * 4 * state / bandwidth if bandwidth else 0.0
    return rows * c / replicas + rounds_per_epoch * (o0 + tau * replicas + moved + replicas * state * a)


def main():
    machine, blocks = parse(sys.argv[1])
    local = next(v for k, v in blocks.items() if k.startswith("local["))
    cluster = next(v for k, v in blocks.items() if k.startswith("local-cluster"))
    state = cluster["state_floats"]
    print("# kiln-spark: rounds, epochs and a projection\n")
    print(f"Machine: {machine}. Written by `bench/spark-run` (raw figures in `bench/spark.log`); the reference")
    print("network (784-256-128-10, Adam, 705,438 values of state: weights and both moments) on Fashion-MNIST,")
    print(f"batch {BATCH}. `local[2]` runs the replicas as threads of one JVM; `local-cluster[2,1,2048]` runs two")
    print("executor JVMs of one core each, which talk to the driver over loopback as separate machines would over")
    print("a network. Epoch times are medians over the epochs after the first (min–max beside them).\n")
    print("## What a round costs\n")
    print("A round of one step per replica is nearly all fixed cost: broadcast the state, schedule a task per")
    print("replica, run one step, collect every replica's state, average. Less the step, that is o(G) = o0 + τ·G.\n")
    print("| mode | compute per sample, one replica | round, 2 replicas | round, 4 replicas | o0 | τ per replica |"
          " state per replica and round |")
    print("|---|---|---|---|---|---|---|")
    for name, b in blocks.items():
        o0, tau = overhead(b)
        r2, r4 = b["rounds"][2], b["rounds"][4]
        print(f"| `{name}` | {b['compute_per_sample'] * 1e6:.2f} µs | {r2[0] * 1e3:.0f} ms ({r2[1] * 1e3:.0f}–"
              f"{r2[2] * 1e3:.0f}) | {r4[0] * 1e3:.0f} ms ({r4[1] * 1e3:.0f}–{r4[2] * 1e3:.0f}) |"
              f" {o0 * 1e3:.0f} ms | {tau * 1e3:.1f} ms | {4 * state / 1e6:.1f} MB each way |")
    print(f"\nCompute per sample is one replica's training step per row: `local[2]` with Kiln's two threads,")
    print("`local-cluster` with one (each executor has one core). The driver sums a replica's state into the mean")
    print(f"at {cluster['averaging_per_value'] * 1e9:.2f} ns per value ({state * cluster['averaging_per_value'] * 1e3:.2f}"
          " ms per replica and round).\n")
    print("## Time per epoch and test accuracy\n")
    for name, b in blocks.items():
        print(f"`{name}`:\n")
        print("| training | replicas | rounds per epoch | seconds per epoch | test accuracy |")
        print("|---|---|---|---|---|")
        for r in b["runs"]:
            what = "`fit`, one JVM" if r["what"] == "fit" else "SparkTrainer"
            rounds_text = "-" if r["what"] == "fit" else str(r["rounds"])
            s = r["seconds"]
            print(f"| {what} | {r['replicas']} | {rounds_text} | {s[0]:.2f} ({s[1]:.2f}–{s[2]:.2f}) |"
                  f" {r['accuracy']:.4f} |")
        print()
    print("One replica with one round per epoch trains on the rows in the same order as `fit`, and ends with")
    print("its weights to the bit (the tests check it), so its accuracy is `fit`'s. With more replicas each epoch")
    print("is G shorter runs averaged, and after the same epochs accuracy is a little lower; more rounds per epoch")
    print("narrow the gap, at a round's cost each.\n")

    o0, tau = overhead(cluster)
    # an executor's own compute: one replica, one round per epoch, less that round's fixed cost
    one = next(r for r in cluster["runs"] if r["replicas"] == 1)
    c = (one["seconds"][0] - o0 - tau) / ROWS
    a = cluster["averaging_per_value"]
    print("## A model of the time per epoch, checked here and projected\n")
    print("For N rows on G replicas averaged R times per epoch:\n")
    print("    T(G) = N·c/G + R·(o0 + τ·G + (G + 1)·4S/bw + G·S·a)\n")
    print("c is the compute per sample of one replica, o0 and τ a round's fixed cost, S the state's values (4S bytes")
    print("go out once, as Spark's broadcast spreads them between executors, and come back from every replica),")
    print("bw the driver's network bandwidth, a the averaging per value. One machine's `fit` is T = N·c. Inputs")
    print(f"measured here (`local-cluster`): c = {c * 1e6:.2f} µs (one replica's epoch with one round, less the"
          f" round's cost: an executor's own speed), o0 = {o0 * 1e3:.0f} ms, τ = {tau * 1e3:.1f} ms,"
          f" S = {state:,.0f}, a = {a * 1e9:.2f} ns; assumed, not measured: bw = 10 Gbit/s.\n")
    print("Checked against `local-cluster` (2 executors; loopback, so the bandwidth term is left out: the measured")
    print("round cost already holds the transfer):\n")
    print("| rounds per epoch | predicted seconds per epoch | measured | error |")
    print("|---|---|---|---|")
    for r in cluster["runs"]:
        if r["replicas"] != 2:
            continue
        predicted = epoch_time(ROWS, 2, r["rounds"], c, o0, tau, state, a, 0)
        measured = r["seconds"][0]
        print(f"| {r['rounds']} | {predicted:.2f} | {measured:.2f} | {100 * (predicted - measured) / measured:+.0f} % |")
    print()
    print(f"Projected with {LOCAL_STEPS} local steps (the default), for this network's rows and for a data set a"
          " thousand times larger; speed-up is one machine's T over the cluster's, efficiency the speed-up per"
          " replica:\n")
    print("| G | rounds per epoch | N = 60,000: seconds | speed-up | efficiency | N = 60,000,000: seconds | speed-up |"
          " efficiency |")
    print("|---|---|---|---|---|---|---|---|")
    projected = {ROWS: [], 1000 * ROWS: []}
    for g in (1, 2, 4, 8, 16, 32, 64, 128, 256):
        cells = []
        for n in (ROWS, 1000 * ROWS):
            steps = math.ceil(math.ceil(n / g) / BATCH)
            rpe = 0 if g == 1 else max(1, math.ceil(steps / LOCAL_STEPS))
            t = epoch_time(n, g, rpe, c, o0, tau, state, a, BANDWIDTH)
            speedup = n * c / t
            cells.append((rpe, t, speedup, speedup / g))
            projected[n].append((g, rpe, t, speedup, speedup / g))
        print(f"| {g} | {cells[0][0] or '-'} / {cells[1][0] or '-'} | {cells[0][1]:.2f} | {cells[0][2]:.2f} |"
              f" {cells[0][3]:.2f} | {cells[1][1]:,.0f} | {cells[1][2]:.1f} | {cells[1][3]:.2f} |")
    print()
    small, large = projected[ROWS], projected[1000 * ROWS]
    best_small = max(small, key=lambda r: r[3])
    slower = [r[0] for r in small if r[0] > 1 and r[3] < 1]
    half = [r[0] for r in large if r[4] >= 0.5]
    round_cost = o0 + tau * 2
    print(f"What it says. A round costs about {round_cost * 1e3:.0f} ms here, as much compute as"
          f" {round_cost / c:,.0f} samples; the state crosses the driver's link at {4 * state / BANDWIDTH * 1e3:.1f}"
          " ms per replica and round each way. Spark pays off while a replica computes for much longer than that"
          " between averagings. Fashion-MNIST's 60,000 rows are"
          f" {ROWS * c:.2f} s of compute per epoch on one core: the best is G = {best_small[0]}, {best_small[3]:.1f}"
          " times faster with one round per epoch, after which the replicas' shares shrink below a round's cost"
          + (f"; from G = {slower[0]} it is slower than one core." if slower else ".")
          + f" A data set a thousand times larger keeps efficiency at 0.5 or more up to G = {max(half)}"
          f" ({large[-1][3]:.0f} times faster at G = 256, efficiency {large[-1][4]:.2f}), where the per-replica"
          " costs at the driver (collecting and averaging every state) catch up with the shrinking share of"
          " compute. The model counts time, not accuracy: more replicas reach less per epoch (the table above),"
          " so a run may need more epochs, and more local steps save rounds only while accuracy holds. One machine"
          " here means one core; compare a cluster with the cores of the machine you have.")


if __name__ == "__main__":
    main()
