#!/usr/bin/env python3
"""Compares two recipes on the development side, seed by seed: for two `tools/reproduce.sh --out`
folders (A, B) trained with the same seeds, each figure's mean ± sd over seeds (int8) and the
paired difference B - A per seed, in Markdown. Reads only development-side reports: train-v3 val
(`dev.json`), Gesture-9 val (`g9-val.json`, when there) and suite-dev-v2 on the raw path
(`suite-dev.json`), so two recipes can be compared without scoring a test split.

  python3 tools/paired-table.py --a .cache/reproduce --b .cache/reproduce-v4 --seeds "1 2 3"
"""
import argparse, os, statistics, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dev_reports import splits, spread, suite  # noqa: E402


def figures(folder):
    """Figure name -> (int8 %, int8/float agreement % or None, float % or None) of one seed's
    reports."""
    def cell(r):
        return (100 * r["accuracy"], 100 * r["agreement"] if "agreement" in r else None,
                100 * r["float_accuracy"] if "float_accuracy" in r else None)

    out = {title: cell(r) for title, r in splits(folder).items()}
    report = suite(folder)
    if report:
        for c in report["conditions"]:
            raw = c["raw"]
            if "accuracy" in raw:
                out[c["name"]] = cell(raw)
            else:
                out[f"{c['name']}: right label"] = (100 * raw["detection_rate"], None, None)
        if report["mean"]["raw"]["conditions"]:
            out["mean of the clips conditions"] = (100 * report["mean"]["raw"]["accuracy"], None, None)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--a", required=True, help="the reference recipe's reproduce.sh --out folder")
    ap.add_argument("--b", required=True, help="the compared recipe's folder")
    ap.add_argument("--seeds", default="1 2 3")
    ap.add_argument("--names", default="A,B", help="column names of the two recipes")
    a = ap.parse_args()
    seeds = a.seeds.split()
    na, nb = a.names.split(",")
    runs = {side: [figures(os.path.join(folder, f"seed{s}")) for s in seeds] for side, folder in (("a", a.a), ("b", a.b))}
    names = [k for k in runs["a"][0] if all(k in r for side in runs.values() for r in side)]
    if not names:
        raise SystemExit("paired-table: no development-side report common to every seed of both folders")
    print(f"| development side, int8 | {na} | {nb} | {nb} − {na}, per seed ({', '.join(seeds)}) | agreement {na} | agreement {nb} |")
    print("|---|---|---|---|---|---|")
    for k in names:
        va = [r[k][0] for r in runs["a"]]
        vb = [r[k][0] for r in runs["b"]]
        diff = [y - x for x, y in zip(va, vb)]
        ag = [[r[k][1] for r in runs[side]] for side in ("a", "b")]
        agree = [spread(v) if None not in v else "" for v in ag]
        print(f"| {k} | {spread(va)} | {spread(vb)} | {statistics.fmean(diff):+.2f} ({', '.join(f'{d:+.2f}' for d in diff)}) | {agree[0]} | {agree[1]} |")
    # The integer path's targets, counted per seed over the figures with a float twin: argmax
    # agreement of at least 98 % and int8 within 1.0 point of float.
    twinned = [k for k in names if all(r[k][1] is not None and r[k][2] is not None for side in runs.values() for r in side)]
    if twinned:
        print()
        print(f"| of {len(twinned)} figures with a float twin, per seed ({', '.join(seeds)}) | {na} | {nb} |")
        print("|---|---|---|")
        for title, test in (("agreement ≥ 98 %", lambda v: v[1] >= 98),
                            ("int8 within 1.0 point of float", lambda v: abs(v[0] - v[2]) <= 1.0 + 1e-9)):
            counts = {side: [sum(test(r[k]) for k in twinned) for r in runs[side]] for side in ("a", "b")}
            print(f"| {title} | {', '.join(map(str, counts['a']))} | {', '.join(map(str, counts['b']))} |")


if __name__ == "__main__":
    main()
