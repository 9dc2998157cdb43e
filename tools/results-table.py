#!/usr/bin/env python3
"""Prints the results tables of tools/reproduce.sh: per model kind (attention, R-STDP head), the
mean and spread (sample standard deviation) over seeds of every figure `spikecam eval --json`
wrote, on the development split, Gesture-9 test and both robustness suites, in Markdown.

  python3 tools/results-table.py --out .cache/reproduce --seeds "1 2 3" [--kind attention|rstdp]
"""
import argparse, json, os, statistics


def spread(values):
    """'mean ± sd' in percent (sd over seeds; the value alone with one seed)."""
    values = [100 * v for v in values]
    mean = statistics.fmean(values)
    if len(values) == 1:
        return f"{mean:.2f}"
    return f"{mean:.2f} ± {statistics.stdev(values):.2f}"


def load(path):
    with open(path) as f:
        return json.load(f)


def split_table(title, runs):
    print(f"\n### {title}\n")
    print("| model | int8 | float | agreement |")
    print("|---|---|---|---|")
    print(f"| {'mean ± sd over %d seeds' % len(runs) if len(runs) > 1 else 'one seed'} | {spread([r['accuracy'] for r in runs])} | "
          f"{spread([r['float_accuracy'] for r in runs])} | {spread([r['agreement'] for r in runs])} |")


def suite_table(title, runs):
    print(f"\n### {title}\n")
    paths = runs[0]["paths"]
    head = "| condition |" + "".join(f" {p}: int8 | {p}: float | {p}: agreement |" for p in paths)
    print(head)
    print("|---|" + "---|---|---|" * len(paths))
    names = [c["name"] for c in runs[0]["conditions"]]
    for i, name in enumerate(names):
        rows = [r["conditions"][i] for r in runs]
        if rows[0]["kind"] != "clips":
            continue
        cells = ""
        for p in paths:
            cells += (f" {spread([c[p]['accuracy'] for c in rows])} | "
                      f"{spread([c[p]['float_accuracy'] for c in rows])} | "
                      f"{spread([c[p]['agreement'] for c in rows])} |")
        print(f"| {name} |{cells}")
    cells = ""
    for p in paths:
        cells += (f" {spread([r['mean'][p]['accuracy'] for r in runs])} | "
                  f"{spread([r['mean'][p]['float_accuracy'] for r in runs])} | |")
    print(f"| **mean of the clips conditions** |{cells}")
    streams = [i for i, c in enumerate(runs[0]["conditions"]) if c["kind"] == "stream"]
    if streams:
        print("\n| stream condition |" + "".join(
            f" {p}: right label | {p}: false alarms / min |" for p in paths))
        print("|---|" + "---|---|" * len(paths))
        for i in streams:
            rows = [r["conditions"][i] for r in runs]
            cells = ""
            for p in paths:
                rates = [c[p]["false_alarms_per_minute"] for c in rows]
                alarms = f"{statistics.fmean(rates):.2f}"
                if len(rates) > 1:
                    alarms += f" ± {statistics.stdev(rates):.2f}"
                cells += f" {spread([c[p]['detection_rate'] for c in rows])} | {alarms} |"
            print(f"| {rows[0]['name']} |{cells}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seeds", default="1 2 3")
    ap.add_argument("--kind", choices=["attention", "rstdp"], action="append")
    a = ap.parse_args()
    seeds = a.seeds.split()
    for kind in a.kind or ["attention", "rstdp"]:
        prefix = "" if kind == "attention" else "rstdp-"
        folders = [os.path.join(a.out, f"seed{s}") for s in seeds]
        if not all(os.path.exists(os.path.join(f, prefix + "dev.json")) for f in folders):
            continue
        print(f"\n## {kind} head, seeds {', '.join(seeds)}")
        split_table("Development split (train-v3 val)", [load(os.path.join(f, prefix + "dev.json")) for f in folders])
        split_table("Gesture-9 test (900 clips)", [load(os.path.join(f, prefix + "g9-test.json")) for f in folders])
        suite_table("Robustness suite, development pool (suite-dev-v2)",
                    [load(os.path.join(f, prefix + "suite-dev.json")) for f in folders])
        suite_table("Robustness suite, test pool (suite-test-v2)",
                    [load(os.path.join(f, prefix + "suite-test.json")) for f in folders])
        if kind == "attention":
            first = folders[0]
            for pool in ("dev", "test"):
                path = os.path.join(first, f"camera-suite-{pool}.json")
                if os.path.exists(path):
                    suite_table(f"Robustness suite, {pool} pool, through the camera path "
                                f"(bundled model, seed {seeds[0]})", [load(path)])


if __name__ == "__main__":
    main()
