"""Writes a data set in the Gesture-9 raw layout (the contract `spikecam train/eval --data` reads):
<split>_clips.u8 (N*T*H*W, no header), <split>_labels.u8 (N), labels.csv
(clip_id,split,label,label_name, then extra columns), meta.json (sizes, classes, sources, options,
sha256 of every file written); optionally clips/<split>/<clip_id>/fNN.pgm."""
import csv, json, os
import numpy as np
from .gesture9 import CLASSES, T, SIZE, FPS
from . import media


class DataSet:
    def __init__(self, out, extra_columns, pgm=False):
        self.out, self.extra, self.pgm = out, list(extra_columns), pgm
        os.makedirs(out, exist_ok=True)
        self.rows, self.splits, self._open = [], {}, {}

    def append(self, split, clips, labels, extras):
        """Adds clips [n,T,64,64] uint8 with their labels and one tuple of extra column values each."""
        assert clips.dtype == np.uint8 and clips.shape[1:] == (T, SIZE, SIZE), clips.shape
        assert len(clips) == len(labels) == len(extras)
        if split not in self._open:
            self._open[split] = (open(os.path.join(self.out, f"{split}_clips.u8"), "wb"), [])
        f, labs = self._open[split]
        f.write(np.ascontiguousarray(clips).tobytes())
        for clip, lab, ex in zip(clips, labels, extras):
            cid = f"{split}_{len(labs):05d}"
            labs.append(int(lab))
            self.rows.append([cid, split, int(lab), CLASSES[int(lab)]] + list(ex))
            if self.pgm:
                d = os.path.join(self.out, "clips", split, cid); os.makedirs(d, exist_ok=True)
                for t in range(T):
                    media.write_pgm(os.path.join(d, f"f{t:02d}.pgm"), clip[t])

    def finish(self, meta):
        """Closes the splits, writes labels.csv and meta.json; returns meta with the output hashes."""
        for split, (f, labs) in self._open.items():
            f.close()
            lp = os.path.join(self.out, f"{split}_labels.u8")
            np.asarray(labs, np.uint8).tofile(lp)
            self.splits[split] = {"N": len(labs), "clips_sha256": media.sha256_file(os.path.join(self.out, f"{split}_clips.u8")),
                                  "labels_sha256": media.sha256_file(lp),
                                  "per_class": [labs.count(c) for c in range(len(CLASSES))]}
        with open(os.path.join(self.out, "labels.csv"), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["clip_id", "split", "label", "label_name"] + self.extra)
            w.writerows(self.rows)
        meta = dict({"T": T, "H": SIZE, "W": SIZE, "fps": FPS, "classes": CLASSES}, **meta)
        meta["splits"] = self.splits
        meta["files"] = {n: media.sha256_file(os.path.join(self.out, n)) for n in sorted(os.listdir(self.out))
                         if n.endswith((".u8", ".csv"))}
        with open(os.path.join(self.out, "meta.json"), "w") as f:
            json.dump(meta, f, indent=1)
        return meta
