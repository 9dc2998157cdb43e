#!/usr/bin/env python3
"""Look at generated clips: a PNG sheet, one row per clip, chosen frames across (gray, upscaled).

  python3 tools/preview-clips.py DIR --split test --clips 0-8 --out sheet.png
  python3 tools/preview-clips.py SUITE/stream-wall --stream 0 --out stream.png   # every 4th frame
Prints the label (and labels.csv's extra columns) of each row.
"""
import argparse, csv, os, sys
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clipgen import media
from clipgen.gesture9 import T, SIZE


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--split", default="test")
    ap.add_argument("--clips", default="0-8", help="first-last clip index")
    ap.add_argument("--frames", default="0,3,6,9,12,15")
    ap.add_argument("--stream", type=int, help="show stream_NNN.u8 of a stream condition instead")
    ap.add_argument("--scale", type=int, default=2)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if a.stream is not None:
        fr = np.fromfile(os.path.join(a.dir, f"stream_{a.stream:03d}.u8"), np.uint8).reshape(-1, SIZE, SIZE)[::4]
        cols = 16
        rows = [fr[i:i + cols] for i in range(0, len(fr), cols)]
        print(f"stream {a.stream}: {len(fr) * 4} frames, every 4th shown, {cols} per row")
    else:
        lo, hi = map(int, a.clips.split("-"))
        clips = np.memmap(os.path.join(a.dir, f"{a.split}_clips.u8"), np.uint8, "r").reshape(-1, T, SIZE, SIZE)
        frames = [int(f) for f in a.frames.split(",")]
        rows = [clips[i, frames] for i in range(lo, min(hi + 1, len(clips)))]
        with open(os.path.join(a.dir, "labels.csv")) as f:
            table = [r for r in csv.reader(f)]
        body = [r for r in table[1:] if r[1] == a.split]
        for i in range(lo, min(hi + 1, len(clips))):
            print(i, " ".join(f"{k}={v}" for k, v in zip(table[0][2:], body[i][2:])))
    s, g = SIZE * a.scale, 2
    sheet = np.zeros((len(rows) * (s + g), max(len(r) for r in rows) * (s + g)), np.uint8)
    for i, r in enumerate(rows):
        for j, f in enumerate(r):
            sheet[i * (s + g):i * (s + g) + s, j * (s + g):j * (s + g) + s] = np.kron(f, np.ones((a.scale, a.scale), np.uint8))
    media.write_png(a.out, sheet)


if __name__ == "__main__":
    main()
