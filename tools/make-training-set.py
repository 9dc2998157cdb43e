#!/usr/bin/env python3
"""Write a training data set for `spikecam train --data DIR`: the wider generator's mix (real videos
and stills under a moving camera, plain walls, dark and low-contrast scenes, noise and flicker;
Fashion-MNIST, hand/arm silhouettes and natural-image crops; `none` also empty, still or
background-only) and transition windows cut from quiet - gesture - quiet mini-streams (an object
appearing, resting, gesturing, leaving; tools/clipgen/transitions.py). `train` comes from the TRAIN
pool, `val` is the development split (DEV pool: backgrounds and objects that neither train nor
Gesture-9 test uses). Gesture-9's raw layout.

  python3 tools/fetch-sources.py                          # once
  python3 tools/make-training-set.py --out train-v3       # 2,200 + 150 slots per class, 20 % transitions
  python3 tools/make-training-set.py --out train-v2 --transitions 0   # the clips of train-v2
  python3 tools/make-training-set.py --out small --per-class train=20,val=10 --jobs 2
Deterministic: the same options give the same bytes, with any --jobs. Each split is a balanced run
of wide clips (clip i from its own generator); --transitions S gives S of each class's places to
transition windows, so the wide clips left are the same bytes, in the same places, as without.
"""
import argparse, os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clipgen import fetch, pools, recipes, runner, scenes, transitions, wide
from clipgen.layout import DataSet

SPLIT_POOL = {"train": "train", "val": "dev"}
SPLIT_STREAM = {"train": 0, "val": 1}
TRANSITION_STREAM = {"train": 2, "val": 3}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--per-class", default="train=2200,val=150", help="clips per class of each split (train, val) before "
                    "--transitions takes its share")
    ap.add_argument("--transitions", type=float, default=0.2, help="share of each class's clips replaced by transition "
                    "windows, in both splits (0 = none; default 0.2)")
    ap.add_argument("--place", type=float, default=0.0, help="share of clips whose path is moved to a random place in "
                    "view instead of passing near the centre (0 = none, the train-v3 recipe; train-v4 uses 0.5)")
    ap.add_argument("--slow", type=float, default=0.0, help="share of clips whose gesture is slower than the wide "
                    "ranges reach (clipgen/recipes.py PROFILE_SLOW; 0 = none, the train-v3 recipe)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (output is the same for any number)")
    ap.add_argument("--sources", help="fetched sources (tools/fetch-sources.py)")
    ap.add_argument("--pgm", action="store_true")
    a = ap.parse_args()
    t0 = time.time()
    if not 0 <= a.transitions < 1:
        ap.error(f"--transitions {a.transitions}: give a share from 0 up to (not including) 1")
    if not 0 <= a.place <= 1:
        ap.error(f"--place {a.place}: give a share from 0 to 1")
    if not 0 <= a.slow <= 1:
        ap.error(f"--slow {a.slow}: give a share from 0 to 1")
    parts = [p.split("=") for p in a.per_class.split(",")]
    for split, _ in parts:
        if split not in SPLIT_POOL:
            ap.error(f"unknown split {split}: the splits are train (TRAIN pool) and val (DEV pool)")
    pools.check()
    src = fetch.Sources(a.sources)
    ds = DataSet(a.out, transitions.COLUMNS, pgm=a.pgm)
    # Without --place and --slow the recipes have no `place` or `slow` key, so train-v3 keeps its bytes.
    def placed(r):
        r = dict(r, place=a.place) if a.place else r
        return dict(r, slow=a.slow, slow_profile=recipes.PROFILE_SLOW) if a.slow else r
    makers = {"wide": placed(recipes.TRAINING), "transition": placed(recipes.TRANSITIONS)}
    records = []
    for split, n in parts:
        bank = scenes.Bank(src, SPLIT_POOL[split])
        pools.check({k: len(v[0]) for k, v in bank.videos.items()})
        records += [dict(r, pool=bank.pool) for r in bank.records]
        items = transitions.mix(wide.balanced_labels(int(n), a.seed, SPLIT_STREAM[split]), a.transitions,
                                recipes.TRANSITIONS["none_share"], a.seed, SPLIT_STREAM[split], TRANSITION_STREAM[split])
        t1, done = time.time(), 0
        for clips, rows in runner.render_items(bank, items, makers, a.seed, a.jobs):
            part = items[done:done + len(clips)]
            ds.append(split, clips, [it[1] for it in part],
                      [row if it[0] == "transition" else row + transitions.WIDE_ROW_TAIL for it, row in zip(part, rows)])
            done += len(clips)
        n_t = sum(it[0] == "transition" for it in items)
        print(f"make-training-set: {split} ({bank.pool} pool) {len(items)} clips ({n_t} transition windows) in "
              f"{time.time() - t1:.0f} s", file=sys.stderr)
    meta = ds.finish({"name": "SpikeCam wide training set", "generator": {"command": "tools/make-training-set.py",
                      "seed": a.seed, "per_class": a.per_class, "transitions": a.transitions,
                      "recipe": makers["wide"], "transition_recipe": makers["transition"],
                      "transition_rule": {"window_frames": "1..15 (frame 0 sets the encoder's reference)",
                                          "gesture_label_min_frames": transitions.GESTURE_MIN,
                                          "none_max_frames": transitions.NONE_MAX}},
                      "pools": {s: p for s, p in SPLIT_POOL.items()}, "sources": records})
    print(f"make-training-set: {a.out}: " + ", ".join(f"{s} {v['N']} ({v['clips_sha256'][:12]}…)" for s, v in meta["splits"].items())
          + f"; {time.time() - t0:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
