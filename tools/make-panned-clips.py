#!/usr/bin/env python3
"""Extra Gesture-9 *training* clips over a panning camera.

Gesture-9's test split holds a background (bg3's last 30 %) that pans 3-5 px per frame along a
curve, faster than the objects move; models trained on the calmer training parts take the pan
for object motion. This writes training clips whose 64x64 background window glides along a
smooth random curved path (0-5 px per frame) over the *training* part of each background only
(first --bg-train-frac of every video), with objects from the Fashion-MNIST *train* pool. The
object and its label come from the project's Gesture-9 generator (tools/clipgen/gesture9.py:
`trajectory` + `render_clip`), so labels are the object's screen motion exactly as defined there;
the background motion is not part of the label.

Output (--out), in the benchmark's layout: train_clips.u8, train_labels.u8, labels.csv, meta.json.
With --base DIR the train split is a mix: the first --base-keep clips of DIR's train split plus the
panned ones, interleaved in a seeded order; DIR's val split is linked in unchanged. The test split
is never read or written.
"""
import argparse, csv, hashlib, json, os, sys
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clipgen import fetch, gesture9 as mc


def pan_path(T, rng, max_speed):
    """Window offsets (x, y) per frame: a curved path with speed in [0, max_speed] px/frame."""
    base = rng.uniform(0.0, max_speed)
    heading = rng.uniform(0.0, 2 * np.pi)
    turn = rng.uniform(-0.3, 0.3)                       # rad/frame: the curve
    xs, ys = [0.0], [0.0]
    for _ in range(T - 1):
        heading += turn + rng.normal(0.0, 0.08)
        sp = float(np.clip(base * (1 + rng.normal(0.0, 0.15)), 0.0, max_speed))
        xs.append(xs[-1] + sp * np.cos(heading)); ys.append(ys[-1] + sp * np.sin(heading))
    return np.array(xs), np.array(ys)


def fold(p, lo, hi):
    """Reflect positions into [lo, hi] (the window bounces off the padded frame's edge)."""
    span = hi - lo
    if span <= 0:
        return np.full_like(p, lo)
    q = np.mod(p - lo, 2 * span)
    return lo + np.where(q > span, 2 * span - q, q)


def panned_background(fr, st, T, S, rng, max_speed, pad):
    """T frames of an SxS window moving over fr[st:st+T] (reflect-padded by `pad`), bilinear."""
    seg = np.pad(fr[st:st + T].astype(np.float64), ((0, 0), (pad, pad), (pad, pad)), mode="symmetric")
    h, w = seg.shape[1:]
    dx, dy = pan_path(T, rng, max_speed)
    # place the path's box at a random spot of the room; fold what does not fit
    rx, ry = w - S - 1.001, h - S - 1.001
    x0 = rng.uniform(0, max(0.0, rx - np.ptp(dx))) - dx.min()
    y0 = rng.uniform(0, max(0.0, ry - np.ptp(dy))) - dy.min()
    px = fold(x0 + dx, 0.0, rx); py = fold(y0 + dy, 0.0, ry)
    ys, xs = np.mgrid[0:S, 0:S].astype(np.float64)
    out = np.empty((T, S, S), np.uint8)
    for i in range(T):
        u = xs + px[i]; v = ys + py[i]
        xi = np.floor(u).astype(int); yi = np.floor(v).astype(int); fx = u - xi; fy = v - yi
        f = seg[i]
        g = (f[yi, xi] * (1 - fx) * (1 - fy) + f[yi, xi + 1] * fx * (1 - fy)
             + f[yi + 1, xi] * (1 - fx) * fy + f[yi + 1, xi + 1] * fx * fy)
        out[i] = np.clip(np.rint(g), 0, 255).astype(np.uint8)
    speed = float(np.mean(np.hypot(np.diff(px), np.diff(py))))
    return out, speed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sources", help="fetched sources (tools/fetch-sources.py --set gesture9)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-class", type=int, default=100, help="panned clips per class")
    ap.add_argument("--max-speed", type=float, default=5.0, help="px/frame")
    ap.add_argument("--pad", type=int, default=32, help="reflect padding of the background, px")
    ap.add_argument("--bg-train-frac", type=float, default=0.7)
    ap.add_argument("--T", type=int, default=16); ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--base", help="data set folder whose train clips are mixed in (and val linked)")
    ap.add_argument("--base-keep", type=int, default=-1, help="first N base train clips kept (-1 all)")
    a = ap.parse_args()
    prof = mc.PROFILE_A
    T, S = a.T, a.size
    src = fetch.Sources(a.sources)
    bgs = mc.load_backgrounds(src)                             # Gesture-9's four, decoded and checked
    X, y, _ = mc.load_objects(src, "train")
    rng = np.random.default_rng([a.seed, 10])                  # a stream make_clips never uses
    labels = np.repeat(np.arange(len(mc.CLASSES)), a.per_class); rng.shuffle(labels)
    clips = np.empty((len(labels), T, S, S), np.uint8)
    rows, speeds = [], []
    for i, lab in enumerate(labels):
        oi = int(rng.integers(len(X)))
        bi = int(rng.integers(len(bgs))); fr = bgs[bi]
        cut = int(len(fr) * a.bg_train_frac)                    # training part only
        st = int(rng.integers(0, max(1, cut - T)))
        bg, sp = panned_background(fr, st, T, S, rng, a.max_speed, a.pad)
        if rng.random() < 0.5: bg = bg[:, :, ::-1]
        clip, bright = mc.render_clip(X[oi], bg, int(lab), rng, prof)
        clips[i] = clip; speeds.append(sp)
        rows.append([f"pan_{i:05d}", "train", int(lab), mc.CLASSES[lab], "fmnist", oi, int(y[oi]),
                     bi, st, "bright" if bright else "dark"])
    os.makedirs(a.out, exist_ok=True)
    out_clips, out_labels = clips, labels.astype(np.uint8)
    val_rows = []
    if a.base:
        bl = np.fromfile(os.path.join(a.base, "train_labels.u8"), np.uint8)
        keep = len(bl) if a.base_keep < 0 else min(a.base_keep, len(bl))
        bc = np.memmap(os.path.join(a.base, "train_clips.u8"), np.uint8, "r", shape=(len(bl), T, S, S))
        with open(os.path.join(a.base, "labels.csv")) as f:
            brows = list(csv.reader(f))[1:]
        btrain = [r for r in brows if r[1] == "train"][:keep]; val_rows = [r for r in brows if r[1] == "val"]
        order = np.random.default_rng([a.seed, 11]).permutation(keep + len(labels))
        out_clips = np.empty((len(order), T, S, S), np.uint8); out_labels = np.empty(len(order), np.uint8)
        allrows = btrain + rows
        rows = []
        for j, k in enumerate(order):
            if k < keep: out_clips[j] = bc[k]; out_labels[j] = bl[k]
            else: out_clips[j] = clips[k - keep]; out_labels[j] = labels[k - keep]
            rows.append(allrows[k])
        for name in ("val_clips.u8", "val_labels.u8"):
            dst = os.path.join(a.out, name)
            if os.path.lexists(dst): os.remove(dst)
            os.symlink(os.path.abspath(os.path.join(a.base, name)), dst)
    out_clips.tofile(os.path.join(a.out, "train_clips.u8"))
    out_labels.tofile(os.path.join(a.out, "train_labels.u8"))
    with open(os.path.join(a.out, "labels.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["clip_id", "split", "label", "label_name", "obj_set", "obj_index", "obj_class", "bg_id", "bg_start", "polarity"])
        w.writerows(rows + val_rows)
    sha = lambda p: hashlib.sha256(open(p, "rb").read()).hexdigest()
    meta = {"T": T, "H": S, "W": S, "classes": mc.CLASSES, "seed": a.seed, "profile": "A", "panned": len(labels),
            "max_speed": a.max_speed, "mean_pan_speed": float(np.mean(speeds)), "base": a.base,
            "base_keep": (len(out_labels) - len(labels)) if a.base else 0,
            "backgrounds": [{"key": k, "decoded_sha256": d} for k, _, d in mc.BACKGROUNDS],
            "sources": [src.record(k) for k, _, _ in mc.BACKGROUNDS] + [src.record(k) for k in ("fmnist-train-images", "fmnist-train-labels")],
            "splits": {"train": {"N": int(len(out_labels)), "clips_sha256": sha(os.path.join(a.out, "train_clips.u8")),
                                 "labels_sha256": sha(os.path.join(a.out, "train_labels.u8"))}}}
    if a.base: meta["splits"]["val"] = {"N": len(val_rows)}
    json.dump(meta, open(os.path.join(a.out, "meta.json"), "w"), indent=1)
    print(json.dumps(meta["splits"]), f"mean pan {meta['mean_pan_speed']:.2f} px/frame", file=sys.stderr)


if __name__ == "__main__":
    main()
