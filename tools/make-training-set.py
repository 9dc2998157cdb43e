#!/usr/bin/env python3
"""Write a training data set for `spikecam train --data DIR`: the wider generator's mix (real videos
and stills under a moving camera, plain walls, dark and low-contrast scenes, noise and flicker;
Fashion-MNIST, hand/arm silhouettes and natural-image crops; `none` also empty, still or
background-only). `train` comes from the TRAIN pool, `val` is the development split (DEV pool:
backgrounds and objects that neither train nor Gesture-9 test uses). Gesture-9's raw layout.

  python3 tools/fetch-sources.py                          # once
  python3 tools/make-training-set.py --out train-v2       # 2,200 + 150 clips per class, seed 1
  python3 tools/make-training-set.py --out small --per-class train=20,val=10 --jobs 2
Deterministic: the same options give the same bytes, with any --jobs.
"""
import argparse, os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clipgen import fetch, pools, recipes, runner, scenes, wide
from clipgen.layout import DataSet

SPLIT_POOL = {"train": "train", "val": "dev"}
SPLIT_STREAM = {"train": 0, "val": 1}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--per-class", default="train=2200,val=150", help="clips per class of each split (train, val)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (output is the same for any number)")
    ap.add_argument("--sources", help="fetched sources (tools/fetch-sources.py)")
    ap.add_argument("--pgm", action="store_true")
    a = ap.parse_args()
    t0 = time.time()
    parts = [p.split("=") for p in a.per_class.split(",")]
    for split, _ in parts:
        if split not in SPLIT_POOL:
            ap.error(f"unknown split {split}: the splits are train (TRAIN pool) and val (DEV pool)")
    pools.check()
    src = fetch.Sources(a.sources)
    ds = DataSet(a.out, wide.COLUMNS, pgm=a.pgm)
    records = []
    for split, n in parts:
        bank = scenes.Bank(src, SPLIT_POOL[split])
        pools.check({k: len(v[0]) for k, v in bank.videos.items()})
        records += [dict(r, pool=bank.pool) for r in bank.records]
        labels = wide.balanced_labels(int(n), a.seed, SPLIT_STREAM[split])
        t1, done = time.time(), 0
        for clips, rows in runner.render(bank, labels, recipes.TRAINING, a.seed, SPLIT_STREAM[split], a.jobs):
            ds.append(split, clips, labels[done:done + len(clips)], rows)
            done += len(clips)
        print(f"make-training-set: {split} ({bank.pool} pool) {len(labels)} clips in {time.time() - t1:.0f} s", file=sys.stderr)
    meta = ds.finish({"name": "SpikeCam wide training set", "generator": {"command": "tools/make-training-set.py",
                      "seed": a.seed, "per_class": a.per_class, "recipe": recipes.TRAINING},
                      "pools": {s: p for s, p in SPLIT_POOL.items()}, "sources": records})
    print(f"make-training-set: {a.out}: " + ", ".join(f"{s} {v['N']} ({v['clips_sha256'][:12]}…)" for s, v in meta["splits"].items())
          + f"; {time.time() - t0:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
