#!/usr/bin/env python3
"""Mix the train splits of Gesture-9-layout data sets into one training set, in a seeded order.

  python3 tools/mix-training-sets.py --out mix --val .cache/data/train-v3 \\
      --take .cache/data/train-v3 --take .cache/data/g9big:10800

Each --take DIR[:N] adds the first N clips of DIR's train split (all of them without N); the
clips are interleaved in one seeded random order, so training sees every source throughout (the
STDP phase takes the first clips). --val DIR copies DIR's val split unchanged: choose settings on
a development split, never on a test split. The output is the raw layout `spikecam train --data`
reads (train/val clips and labels, labels.csv, meta.json with the sha256 of every input and output).
Same inputs and seed give the same bytes.
"""
import argparse, hashlib, json, os, shutil, sys
import numpy as np

CLIP_BYTES = 16 * 64 * 64


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def classes_of(folder):
    meta = os.path.join(folder, "meta.json")
    return json.load(open(meta)).get("classes") if os.path.exists(meta) else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--take", action="append", required=True, metavar="DIR[:N]")
    ap.add_argument("--val", required=True, metavar="DIR", help="the data set whose val split is copied")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    parts, classes = [], None
    for spec in a.take:
        folder, _, n = spec.partition(":")
        clips = np.memmap(os.path.join(folder, "train_clips.u8"), np.uint8, mode="r")
        labels = np.fromfile(os.path.join(folder, "train_labels.u8"), np.uint8)
        count = len(labels) if not n else int(n)
        if count > len(labels) or clips.size != len(labels) * CLIP_BYTES:
            sys.exit(f"mix-training-sets: {folder} has {len(labels)} train clips of 16x64x64, not {count}")
        c = classes_of(folder)
        if classes is not None and c is not None and c != classes:
            sys.exit(f"mix-training-sets: {folder} has other classes than the first data set")
        classes = classes or c
        parts.append((folder, clips.reshape(-1, CLIP_BYTES), labels, count))
    order = [(p, i) for p, (_, _, _, count) in enumerate(parts) for i in range(count)]
    perm = np.random.default_rng(a.seed).permutation(len(order))
    os.makedirs(a.out, exist_ok=True)
    out_labels = np.empty(len(order), np.uint8)
    with open(os.path.join(a.out, "train_clips.u8"), "wb") as f:
        for k, j in enumerate(perm):
            p, i = order[j]
            f.write(parts[p][1][i].tobytes())
            out_labels[k] = parts[p][2][i]
    out_labels.tofile(os.path.join(a.out, "train_labels.u8"))
    for name in ("val_clips.u8", "val_labels.u8"):
        shutil.copyfile(os.path.join(a.val, name), os.path.join(a.out, name))
    with open(os.path.join(a.out, "labels.csv"), "w") as f:
        f.write("clip_id,split,label,source,source_index\n")
        for k, j in enumerate(perm):
            p, i = order[j]
            f.write(f"train_{k:05d},train,{out_labels[k]},{os.path.basename(parts[p][0].rstrip('/'))},{i}\n")
        for k, label in enumerate(np.fromfile(os.path.join(a.val, "val_labels.u8"), np.uint8)):
            f.write(f"val_{k:05d},val,{label},{os.path.basename(a.val.rstrip('/'))},{k}\n")
    meta = {"T": 16, "H": 64, "W": 64, "classes": classes, "generator": "tools/mix-training-sets.py",
            "seed": a.seed,
            "inputs": [{"folder": folder, "train_clips_sha256": sha256(os.path.join(folder, "train_clips.u8")),
                        "clips_taken": count} for folder, _, _, count in parts],
            "val_from": {"folder": a.val, "val_clips_sha256": sha256(os.path.join(a.val, "val_clips.u8"))},
            "splits": {s: {"N": int(os.path.getsize(os.path.join(a.out, f"{s}_labels.u8"))),
                           "clips_sha256": sha256(os.path.join(a.out, f"{s}_clips.u8")),
                           "labels_sha256": sha256(os.path.join(a.out, f"{s}_labels.u8"))}
                       for s in ("train", "val")}}
    json.dump(meta, open(os.path.join(a.out, "meta.json"), "w"), indent=1)
    print(json.dumps(meta["splits"]))


if __name__ == "__main__":
    main()
