#!/usr/bin/env python3
"""Prints the table of tools/ablation.sh: per feature set (both, pooled, spikes) the accuracy on
Gesture-9 test and the development suite's mean (raw clips), mean ± sd over seeds; then per pair
of feature sets the paired difference per seed and an exact two-sided McNemar test over the
clips of all seeds (clips one model gets right and the other wrong, counted both ways).

  python3 tools/ablation-table.py --out .cache/ablation --seeds "1 2 3"
"""
import argparse, csv, json, math, os, statistics

SETS = ["both", "pooled", "spikes"]


def spread(values):
    values = [100 * v for v in values]
    mean = statistics.fmean(values)
    return f"{mean:.2f}" if len(values) == 1 else f"{mean:.2f} ± {statistics.stdev(values):.2f}"


def correct(path):
    """Per clip (keyed by condition, path and clip for the suite), whether it was right."""
    with open(path) as f:
        rows = list(csv.DictReader(f))
    return {(r.get("condition"), r.get("path"), r["clip"]): r["label"] == r["predicted"] for r in rows}


def mcnemar(a_only, b_only):
    """Exact two-sided McNemar p for discordant counts."""
    n, k = a_only + b_only, min(a_only, b_only)
    if n == 0:
        return 1.0
    return min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--seeds", default="1 2 3")
    args = ap.parse_args()
    seeds = args.seeds.split()
    run = lambda s, f, name: os.path.join(args.out, f"seed{s}", f, name)
    print(f"\n### Retrained with one group of features left out ({len(seeds)} seed(s): {' '.join(seeds)})\n")
    print("| features | Gesture-9 test | development suite, mean of the clip conditions |")
    print("|---|---|---|")
    for f in SETS:
        g9 = [json.load(open(run(s, f, "g9-test.json")))["accuracy"] for s in seeds]
        suite = [json.load(open(run(s, f, "suite-dev.json")))["mean"]["raw"]["accuracy"] for s in seeds]
        print(f"| {f} | {spread(g9)} | {spread(suite)} |")
    for what, name in [("Gesture-9 test", "g9-test.csv"), ("development suite (clips)", "suite-dev.csv")]:
        print(f"\n#### Paired, {what}\n")
        print("| pair | difference per seed (points) | right only with the first / only with the second | exact McNemar p |")
        print("|---|---|---|---|")
        for a, b in [("both", "pooled"), ("both", "spikes"), ("pooled", "spikes")]:
            diffs, a_only, b_only = [], 0, 0
            for s in seeds:
                ra, rb = correct(run(s, a, name)), correct(run(s, b, name))
                assert ra.keys() == rb.keys(), f"seed {s}: {a} and {b} scored different clips"
                diffs.append(100 * (sum(ra.values()) - sum(rb.values())) / len(ra))
                a_only += sum(1 for k in ra if ra[k] and not rb[k])
                b_only += sum(1 for k in ra if rb[k] and not ra[k])
            print(f"| {a} − {b} | {', '.join(f'{d:+.2f}' for d in diffs)} | {a_only} / {b_only} | {mcnemar(a_only, b_only):.3g} |")


if __name__ == "__main__":
    main()
