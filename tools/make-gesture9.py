#!/usr/bin/env python3
"""Build Gesture-9 (the benchmark SpikeCam is measured on) from its sources, bit for bit.

  python3 tools/fetch-sources.py --set gesture9          # once: Fashion-MNIST + 4 backgrounds
  python3 tools/make-gesture9.py --out g9                # train=400,val=50,test=100, seed 1
  python3 tools/make-gesture9.py --out g9big --per-class train=1600,val=50,test=100
  python3 tools/make-gesture9.py --check g9              # verify a built folder against the published sha256
  python3 tools/make-gesture9.py --backgrounds 0,2 --per-class train=1,test=1 --pgm \
    --out calibration/gesture9-sample                     # the bundled sample (bg0 and bg2 only: their licences allow it)
Each split's clips and labels are compared with the published sha256 (seed 1; the spec's splits);
a difference exits 1. Decoded backgrounds that differ from the published arrays stop the build.
"""
import argparse, json, os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clipgen import fetch, gesture9 as g9, media
from clipgen.layout import DataSet

COLUMNS = ["obj_set", "obj_index", "obj_class", "bg_id", "bg_start", "polarity"]


def published_for(spec, seed):
    """{split: (N, clips sha, labels sha)} published for these options, per split ({} if none)."""
    if seed != 1:
        return {}
    table = {}
    for pspec, splits in g9.PUBLISHED.items():
        pn = dict(p.split("=") for p in pspec.split(","))
        for part in spec.split(","):
            split, n = part.split("=")
            if pn.get(split) == n:
                table[split] = splits[split]
    return table


def check(folder, published):
    """Compares a built folder with the published hashes; returns the number of mismatches."""
    bad = 0
    for split, (n, clips_sha, labels_sha) in published.items():
        for name, want in ((f"{split}_clips.u8", clips_sha), (f"{split}_labels.u8", labels_sha)):
            p = os.path.join(folder, name)
            got = media.sha256_file(p) if os.path.exists(p) else "missing"
            ok = got == want
            bad += not ok
            print(f"{'ok  ' if ok else 'DIFF'} {name}: {got}" + ("" if ok else f" (published {want})"))
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", help="output folder")
    ap.add_argument("--check", metavar="DIR", help="only verify DIR against the published sha256")
    ap.add_argument("--per-class", default="train=400,val=50,test=100")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sources", help="fetched sources (tools/fetch-sources.py)")
    ap.add_argument("--pgm", action="store_true", help="also write clips/<split>/<clip_id>/fNN.pgm")
    ap.add_argument("--backgrounds", default="0,1,2,3",
                    help="the backgrounds to use, by Gesture-9 index, in order (default all four)")
    a = ap.parse_args()
    published = published_for(a.per_class, a.seed)
    if a.check:
        meta = os.path.join(a.check, "meta.json")
        spec = json.load(open(meta)).get("per_class", a.per_class) if os.path.exists(meta) else a.per_class
        published = published_for(spec, 1)
        if not published:
            sys.exit(f"make-gesture9: no published sha256 for {spec}")
        sys.exit(1 if check(a.check, published) else 0)
    if not a.out:
        ap.error("--out or --check is required")
    t0 = time.time()
    src = fetch.Sources(a.sources)
    chosen = [int(i) for i in a.backgrounds.split(",")]
    if any(i not in range(len(g9.BACKGROUNDS)) for i in chosen) or len(set(chosen)) != len(chosen):
        ap.error(f"--backgrounds takes distinct indices 0-{len(g9.BACKGROUNDS) - 1}")
    if chosen != list(range(len(g9.BACKGROUNDS))):
        published = {}                   # the published sha256 are for all four backgrounds
    all_bgs = g9.load_backgrounds(src)
    bgs = [all_bgs[i] for i in chosen]
    ds = DataSet(a.out, COLUMNS, pgm=a.pgm)
    used = [g9.BACKGROUNDS[i][0] for i in chosen]
    for part in a.per_class.split(","):
        split, n = part.split("=")
        X, y, keys = g9.load_objects(src, split)
        used += [k for k in keys if k not in used]
        clips, labels, rows = g9.make_split(split, int(n), a.seed, X, bgs)
        ds.append(split, clips, labels, [("fmnist", oi, int(y[oi]), bi, st, pol) for oi, bi, st, pol in rows])
    meta = ds.finish({"name": "Gesture-9", "generator": "tools/make-gesture9.py", "seed": a.seed, "profile": "A",
                      "per_class": a.per_class, "fps_target": g9.FPS,
                      "backgrounds": [{"key": k, "decoded_shape": list(s), "decoded_sha256": d, "height": g9.BG_HEIGHT}
                                      for k, s, d in (g9.BACKGROUNDS[i] for i in chosen)],
                      "sources": [src.record(k) for k in used]})
    print(f"make-gesture9: {a.out}: " + ", ".join(f"{s} {v['N']}" for s, v in meta["splits"].items())
          + f" in {time.time() - t0:.0f} s", file=sys.stderr)
    if published:
        bad = check(a.out, published)
        if bad:
            sys.exit(f"make-gesture9: {bad} file(s) differ from the published Gesture-9")
        print("make-gesture9: every split matches the published sha256", file=sys.stderr)


if __name__ == "__main__":
    main()
