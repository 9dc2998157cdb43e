#!/usr/bin/env python3
"""Which int8 activation of the attention head costs the int8/float agreement.

Runs a float model's head (tools/spikecam_torch.py, the float twin op for op) on the windows of
`spikecam features` files with chosen activations rounded to their int8 grid (the step a
calibration ranges file gives, saturating at +-127 steps, as `quantize` builds it) and the rest
left in float, and prints the argmax agreement with the plain float head:

  - every activation and the weights (per-output-channel int8) on the grid: close to what the
    int8 head does, without its integer softmax, LayerNorm and requantization roundings;
  - every one but X on the grid: what a wider X (int16, say) would give back;
  - X alone on the grid: what X costs by itself;
  - with --widths, every activation on grids of 8 to 16 bits, bounded by the ranges file and by
    each activation's largest |x|: how wide the head's activations must be.

  B=.build/release/spikecam
  $B features --model float.safetensors --data .cache/data/train-v3 --split val --out f.safetensors
  python3 tools/quant-sensitivity.py --model float.safetensors --ranges ranges.json --features f.safetensors [--widths]

Development splits only: what it reads decides where precision goes, not a test score.
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spikecam_model as files  # noqa: E402
from spikecam_torch import AttentionHead, Grid, last_windows, logits_of  # noqa: E402

ACTIVATIONS = ["embedded", "queries", "keys", "values", "attended", "attentionOut",
               "normalized1", "mlpHidden", "mlpOut", "normalized2", "pooled"]


def ranges_bounds(path):
    """Every activation's bound, and its largest |x|, in a `spikecam calibrate` ranges file."""
    with open(path) as f:
        ranges = json.load(f)["ranges"]
    missing = [n for n in ACTIVATIONS if n not in ranges]
    if missing:
        sys.exit(f"Error: {path} has no range for {', '.join(missing)}")
    return ({n: float(ranges[n]["bound"]) for n in ACTIVATIONS},
            {n: max(abs(float(ranges[n]["min"])), abs(float(ranges[n]["max"]))) for n in ACTIVATIONS})


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True, help="float model (attention head)")
    ap.add_argument("--ranges", required=True, help="its calibration ranges (spikecam calibrate)")
    ap.add_argument("--features", required=True, nargs="+", help="spikecam features files")
    ap.add_argument("--widths", action="store_true",
                    help="only the table of grid widths (8 to 16 bits)")
    a = ap.parse_args(argv)
    head = AttentionHead.from_model(a.model).eval()
    bounds, largest = ranges_bounds(a.ranges)
    windows = torch.cat([last_windows(files.read_features(p)["features"], head.config["tokens"])
                         for p in a.features])

    reference = logits_of(head, windows).argmax(1)

    def agreement(names, weights=True, levels=127, by=bounds):
        head.grid = Grid({n: by[n] for n in names}, weights=weights, levels=levels)
        decided = logits_of(head, windows).argmax(1)
        head.grid = Grid()
        return 100 * float((decided == reference).float().mean())

    everything = set(ACTIVATIONS)
    print(f"{len(windows)} windows; argmax agreement with the float head, %\n")
    if a.widths:
        print("| bits | every activation, calibrated bounds | every activation, largest \\|x\\| |\n"
              "|---|---|---|")
        for bits in (8, 9, 10, 11, 12, 16):
            levels = (1 << (bits - 1)) - 1
            print(f"| {bits} | {agreement(everything, levels=levels):.2f} | "
                  f"{agreement(everything, levels=levels, by=largest):.2f} |")
        return
    print("| on the grid | agreement |\n|---|---|")
    print(f"| every activation and the weights (int8) | {agreement(everything):.2f} |")
    print(f"| every activation, float weights | {agreement(everything, weights=False):.2f} |")
    print(f"| the weights only | {agreement(set()):.2f} |")
    print(f"| every activation on a 16-bit grid up to its largest |x|, int8 weights | "
          f"{agreement(everything, levels=32767, by=largest):.2f} |")
    print()
    print("| activation X | every one but X, and the weights | X alone |\n|---|---|---|")
    for name in ACTIVATIONS:
        print(f"| {name} | {agreement(everything - {name}):.2f} | "
              f"{agreement({name}, weights=False):.2f} |")


if __name__ == "__main__":
    main()
