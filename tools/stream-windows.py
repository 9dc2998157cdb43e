#!/usr/bin/env python3
"""What a model decides on the windows around each gesture of a suite's streams, window by
window: separates what the model sees from what `run`'s decision filter makes of it.

For every gesture of each stream condition, 16-frame clips are cut from its stream at offsets
-14 ... +8 (the clip's first frame relative to the gesture's first); each is scored as a clip
(`spikecam eval --data`, the last window: frames 1..15 after the reference frame 0), so offset 0
holds 15 of the gesture's 16 frames and offset -14 only 2. Prints, per condition and offset, the
share of windows named with the gesture's label, `none`, or another gesture, then the outcome of
the whole-gesture windows (offsets -1 ... +1) in all and per class.

  python3 tools/stream-windows.py --suite DIR --model M [--float F] [--out DIR] [--spikecam BIN]
      [CONDITION ...]

  CONDITION    stream conditions to score (default: all of the suite's)
  --out DIR    where the cut clips and the predictions go (default .cache/stream-windows/<suite>)

Read-only on the suite. About 16 s per condition of suite-dev-v2 (140 gestures, 3,220 windows) with
--float, on one core.
"""
import argparse, csv, json, os, subprocess, sys
from collections import Counter, defaultdict

import numpy as np

OFFSETS = range(-14, 9)
WHOLE = (-1, 0, 1)          # offsets whose window holds 14-15 of the gesture's 16 frames


def gesture_frames(offset, length=16):
    """How many of the gesture's frames fall on the clip's frames 1..15 (the window)."""
    start = -offset
    return max(0, min(start + length, length) - max(start, 1))


def cut(condition_dir, shape, out):
    """Writes `out/test_clips.u8` and labels with every gesture's windows; returns their rows
    (gesture, offset, label)."""
    h, w = shape
    with open(os.path.join(condition_dir, "gestures.csv")) as f:
        gestures = list(csv.DictReader(f))
    frames, clips, rows = {}, [], []
    for g, row in enumerate(gestures):
        s = int(row["stream"])
        if s not in frames:
            raw = np.fromfile(os.path.join(condition_dir, f"stream_{s:03d}.u8"), np.uint8)
            frames[s] = raw.reshape(-1, h, w)
        start, label = int(row["start"]), int(row["label"])
        for o in OFFSETS:
            first = start + o
            if 0 <= first and first + 16 <= len(frames[s]):
                clips.append(frames[s][first:first + 16])
                rows.append((g, o, label))
    os.makedirs(out, exist_ok=True)
    np.stack(clips).tofile(os.path.join(out, "test_clips.u8"))
    np.array([r[2] for r in rows], np.uint8).tofile(os.path.join(out, "test_labels.u8"))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--suite", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--float")
    ap.add_argument("--out")
    ap.add_argument("--spikecam", default=".build/release/spikecam")
    ap.add_argument("conditions", nargs="*")
    a = ap.parse_args()
    with open(os.path.join(a.suite, "suite.json")) as f:
        manifest = json.load(f)
    classes = manifest["classes"]
    streams = [c for c in manifest["conditions"] if c["kind"] == "stream"]
    if a.conditions:
        unknown = set(a.conditions) - {c["name"] for c in streams}
        if unknown:
            sys.exit(f"stream-windows: {a.suite} has no stream condition {', '.join(sorted(unknown))}")
        streams = [c for c in streams if c["name"] in a.conditions]
    out = a.out or os.path.join(".cache", "stream-windows", os.path.basename(os.path.normpath(a.suite)))
    shape = (manifest["frame_height"], manifest["frame_width"])
    for condition in streams:
        folder = os.path.join(out, condition["name"])
        rows = cut(os.path.join(a.suite, condition["path"]), shape, folder)
        with open(os.path.join(folder, "meta.json"), "w") as f:
            json.dump({"T": 16, "H": shape[0], "W": shape[1], "fps": manifest["fps"], "classes": classes,
                       "name": f"windows around the gestures of {condition['name']}"}, f)
        predictions = os.path.join(folder, "predictions.csv")
        command = [a.spikecam, "eval", "--model", a.model, "--data", folder, "--split", "test",
                   "--predictions", predictions, "--json"]
        if a.float:
            command[4:4] = ["--float", a.float]
        result = subprocess.run(command, stdout=subprocess.DEVNULL)
        if result.returncode != 0:
            sys.exit(f"stream-windows: {' '.join(command)} exited {result.returncode}")
        with open(predictions) as f:
            predicted = list(csv.DictReader(f))
        twins = [("int8", "predicted")] + ([("float", "float_predicted")] if a.float else [])
        print(f"\n### {condition['name']} ({len({r[0] for r in rows})} gestures)\n")
        header = "| offset | gesture frames in the window |"
        header += "".join(f" {t}: right | {t}: none | {t}: other gesture |" for t, _ in twins)
        print(header)
        print("|---" * (2 + 3 * len(twins)) + "|")
        per_offset = {t: defaultdict(Counter) for t, _ in twins}
        per_class = {t: defaultdict(Counter) for t, _ in twins}
        for (g, o, label), p in zip(rows, predicted):
            for t, column in twins:
                k = int(p[column])
                outcome = "right" if k == label else ("none" if k == 0 else "other")
                per_offset[t][o][outcome] += 1
                if o in WHOLE:
                    per_class[t][label][outcome] += 1
        for o in OFFSETS:
            line = f"| {o:+d} | {gesture_frames(o)} |"
            for t, _ in twins:
                c = per_offset[t][o]
                n = sum(c.values()) or 1
                line += "".join(f" {100 * c[k] / n:.1f} |" for k in ("right", "none", "other"))
            print(line)
        for t, _ in twins:
            c = sum((per_class[t][label] for label in per_class[t]), Counter())
            n = sum(c.values()) or 1
            print(f"\nWhole-gesture windows (offsets {WHOLE[0]:+d} to {WHOLE[-1]:+d}), {t}: right {100 * c['right'] / n:.1f} %, "
                  f"none {100 * c['none'] / n:.1f} %, other gesture {100 * c['other'] / n:.1f} % of {sum(c.values())}")
        print(f"\nWhole-gesture windows (offsets {WHOLE[0]:+d} to {WHOLE[-1]:+d}) per class, int8: right / none / other gesture (%)\n")
        print("| class | windows | right | none | other gesture |")
        print("|---|---|---|---|---|")
        for label in sorted(per_class["int8"]):
            c = per_class["int8"][label]
            n = sum(c.values())
            print(f"| {classes[label]} | {n} | " + " | ".join(f"{100 * c[k] / n:.1f}" for k in ("right", "none", "other")) + " |")


if __name__ == "__main__":
    main()
