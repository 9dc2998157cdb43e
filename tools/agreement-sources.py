#!/usr/bin/env python3
"""Where the int8/float disagreement of a recipe comes from, over seeds: for a
`tools/reproduce.sh --out` folder, each development-side report's argmax agreement, the heads'
alone (both heads on the float front end's windows) and the front ends' alone (the float head on
both front ends' windows), as `spikecam eval` reports them (`agreement_head`,
`agreement_front_end`); suite-dev-v2's clips conditions are pooled. Mean ± sd over seeds, in
Markdown.

  python3 tools/agreement-sources.py --out .cache/reproduce --seeds "1 2 3"
"""
import argparse, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dev_reports import splits, spread, suite  # noqa: E402

KEYS = ("agreement", "agreement_head", "agreement_front_end")


def sources(folder):
    """Report title -> (agreement, heads alone, front ends alone) of one seed's reports."""
    out = {title: tuple(r[k] for k in KEYS) for title, r in splits(folder).items()
           if all(k in r for k in KEYS)}
    report = suite(folder)
    if report:
        cells = [c["raw"] for c in report["conditions"] if all(k in c["raw"] for k in KEYS)]
        clips = sum(c["clips"] for c in cells)
        if clips:
            out["suite-dev-v2, every clips condition"] = tuple(
                sum(c[k] * c["clips"] for c in cells) / clips for k in KEYS)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="a tools/reproduce.sh --out folder")
    ap.add_argument("--seeds", default="1 2 3")
    a = ap.parse_args()
    seeds = a.seeds.split()
    runs = [sources(os.path.join(a.out, f"seed{s}")) for s in seeds]
    titles = [t for t in runs[0] if all(t in r for r in runs)]
    if not titles:
        raise SystemExit("agreement-sources: no report with agreement sources (eval an int8 model with --float)")
    print(f"| int8 against float (seeds {', '.join(seeds)}) | agreement | heads alone | front ends alone |")
    print("|---|---|---|---|")
    for t in titles:
        print(f"| {t} | " + " | ".join(spread([100 * r[t][i] for r in runs]) for i in range(3)) + " |")


if __name__ == "__main__":
    main()
