#!/usr/bin/env python3
"""Write the robustness suite for `spikecam eval --suite`: SUITE/suite.json and one folder per
condition (docs/DATA.md lists them and gives the format). `--split dev` draws
every background and object from the DEV pool (for choosing settings), `--split test` from the
SUITE-TEST pool (scored once per model, at the end).

  python3 tools/make-suite.py --split dev --out suite-dev
  python3 tools/make-suite.py --split test --out suite-test
Deterministic: the same options give the same bytes. Each clips-condition holds --per-class clips of
each of the nine classes (the none-only conditions 9 x --per-class clips of `none`).
"""
import argparse, csv, json, os, sys, time, zlib
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clipgen import fetch, media, pools, recipes, runner, scenes, streams, wide
from clipgen.gesture9 import CLASSES, FPS, SIZE, T
from clipgen.layout import DataSet

SPLIT_POOL = {"dev": "dev", "test": "test"}


def condition_stream(split, name):
    """A stable random stream per split and condition (a CRC of both): adding a condition changes no
    other, and the dev and test suites share no draw (not even the order of the labels)."""
    return 1000 + zlib.crc32(f"{split}/{name}".encode())


def write_streams(out, cond, bank, split, seed, n_streams, n_gestures):
    os.makedirs(out, exist_ok=True)
    rows, files = [], []
    for k in range(n_streams):
        rng = np.random.default_rng([seed, condition_stream(split, cond["name"]), k])
        frames, spans, source = streams.render_stream(cond["scene"], bank, rng, n_gestures, cond["quiet"])
        name = f"stream_{k:03d}.u8"
        frames.tofile(os.path.join(out, name))
        files.append({"file": name, "frames": int(len(frames)), "sha256": media.sha256_file(os.path.join(out, name)),
                      "scene_source": source})
        rows += [[k, s, e, lab, CLASSES[lab]] for s, e, lab in spans]
    with open(os.path.join(out, "gestures.csv"), "w", newline="") as f:
        w = csv.writer(f); w.writerow(["stream", "start", "end", "label", "label_name"]); w.writerows(rows)
    quiet = sum(x["frames"] for x in files) - T * len(rows)
    meta = {"T": T, "H": SIZE, "W": SIZE, "fps": FPS, "classes": CLASSES, "condition": cond["name"],
            "description": cond["description"], "streams": files, "gestures": len(rows), "quiet_frames": quiet,
            "quiet": streams.QUIET_KINDS[cond["quiet"]],
            "quiet_stretch_frames": list(streams.QUIET), "lead_in_frames": list(streams.LEAD),
            "gestures_csv_sha256": media.sha256_file(os.path.join(out, "gestures.csv"))}
    json.dump(meta, open(os.path.join(out, "meta.json"), "w"), indent=1)
    return meta


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", required=True, choices=sorted(SPLIT_POOL))
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-class", type=int, default=20, help="clips per class of each clips-condition")
    ap.add_argument("--streams", type=int, default=20, help="streams per stream-condition")
    ap.add_argument("--gestures", type=int, default=7, help="gestures per stream")
    ap.add_argument("--only", help="comma-separated condition names (default: all)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--sources", help="fetched sources (tools/fetch-sources.py)")
    a = ap.parse_args()
    t0 = time.time()
    pools.check()
    src = fetch.Sources(a.sources)
    bank = scenes.Bank(src, SPLIT_POOL[a.split])
    pools.check({k: len(v[0]) for k, v in bank.videos.items()})
    conds = recipes.CONDITIONS + recipes.STREAMS
    if a.only:
        want = a.only.split(",")
        unknown = [w for w in want if w not in {c["name"] for c in conds}]
        if unknown:
            ap.error(f"unknown condition(s) {', '.join(unknown)}; known: {', '.join(c['name'] for c in conds)}")
        conds = [c for c in conds if c["name"] in want]
    os.makedirs(a.out, exist_ok=True)
    listed = []
    for cond in conds:
        t1 = time.time()
        path = os.path.join(a.out, cond["name"])
        if cond["kind"] == "stream":
            meta = write_streams(path, cond, bank, a.split, a.seed, a.streams, a.gestures)
            size = f"{len(meta['streams'])} streams, {meta['gestures']} gestures"
        else:
            classes = [0] if cond["labels"] == "none" else None
            n = a.per_class * (len(CLASSES) if classes else 1)
            stream = condition_stream(a.split, cond["name"])
            labels = wide.balanced_labels(n, a.seed, stream, classes)
            ds, done = DataSet(path, wide.COLUMNS), 0
            for clips, rows in runner.render(bank, labels, cond["recipe"], a.seed, stream, a.jobs):
                ds.append("test", clips, labels[done:done + len(clips)], rows)
                done += len(clips)
            meta = ds.finish({"name": f"SpikeCam suite ({a.split}): {cond['name']}", "condition": cond["name"],
                              "description": cond["description"], "pool": bank.pool,
                              "generator": {"command": f"tools/make-suite.py --split {a.split}", "seed": a.seed,
                                            "recipe": cond["recipe"]}})
            size = f"{meta['splits']['test']['N']} clips"
        listed.append({"name": cond["name"], "kind": cond["kind"], "path": cond["name"], "description": cond["description"],
                       "labels": "none only" if cond.get("labels") == "none" else "all nine",
                       "meta_sha256": media.sha256_file(os.path.join(path, "meta.json"))})   # it lists every file's sha256
        print(f"make-suite: {cond['name']}: {size} in {time.time() - t1:.1f} s", file=sys.stderr)
    suite = {"format": "spikecam-suite", "version": 1, "split": a.split, "pool": bank.pool,
             "fps": int(FPS), "frame_width": SIZE, "frame_height": SIZE, "clip_frames": T, "classes": CLASSES,
             "conditions": listed,
             "generator": {"command": f"tools/make-suite.py --split {a.split} --seed {a.seed} --per-class {a.per_class} "
                                      f"--streams {a.streams} --gestures {a.gestures}" + (f" --only {a.only}" if a.only else ""),
                           "seed": a.seed,
                           "per_class": a.per_class, "streams": a.streams, "gestures_per_stream": a.gestures},
             "sources": bank.records}
    json.dump(suite, open(os.path.join(a.out, "suite.json"), "w"), indent=1)
    print(f"make-suite: {a.out}: {len(listed)} conditions in {time.time() - t0:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
