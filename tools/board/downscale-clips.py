#!/usr/bin/env python3
"""Area-averages raw 64x64 clip frames (Gesture-9's <split>_clips.u8) down to side x side, with
the arithmetic of SpikeCapture's Preprocess.apply for a whole-number ratio (each output pixel the
rounded mean of its block): what the data set readers give a model with a smaller input.

    downscale-clips.py CLIPS.u8 SIDE OUT.u8
"""
import sys

import numpy as np

source, side, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if 64 % side:
    sys.exit(f"downscale-clips: {side} does not divide 64")
f = 64 // side
a = np.fromfile(source, dtype=np.uint8).reshape(-1, side, f, side, f).astype(np.int64)
((a.sum(axis=(2, 4)) + f * f // 2) // (f * f)).astype(np.uint8).tofile(out)
