"""Continuous streams: a static scene watched for a few hundred frames, with gestures of 16 frames
separated by quiet stretches. Quiet means no object at all: the object appears for a gesture (its
path is the clip's trajectory, Gesture-9's profile A) and is gone again after it."""
import numpy as np
from . import objects, pools, scenes
from .gesture9 import CLASSES, T, SIZE, trajectory
from .recipes import PROFILE_A

QUIET = (24, 60)          # frames between gestures (inclusive range)
LEAD = (24, 48)           # quiet frames before the first gesture


def render_stream(scene_kind, bank, rng, n_gestures):
    """Returns (uint8 frames [F,64,64], [(start, end, label)], description)."""
    spans, t = [], int(rng.integers(LEAD[0], LEAD[1] + 1))
    for _ in range(n_gestures):
        spans.append((t, t + T, int(rng.integers(1, len(CLASSES)))))
        t += T + int(rng.integers(QUIET[0], QUIET[1] + 1))
    F = t
    bg, info = scenes.scene(scene_kind, "static", bank, rng, pools.WALL_FAMILY[bank.pool])
    frame0 = bg[0]                                   # a still scene: every frame is the same view
    frames = np.repeat(frame0[None], F, axis=0)
    m = float(frame0.mean())
    prof = {k: tuple(v) for k, v in PROFILE_A.items()}
    prof["jitter"] = PROFILE_A["jitter"][0]
    for start, end, label in spans:
        i = int(rng.integers(len(bank.fmnist)))
        tex, mask, _ = objects.fmnist(bank.fmnist[i], m, rng)
        cx, cy, size = trajectory(label, T, SIZE, SIZE, rng, prof)
        ftex, alpha = objects.warp(tex, mask, cx, cy, size)
        frames[start:end] = frames[start:end] * (1 - alpha) + ftex * alpha
    out = scenes.sensor(frames, rng, rng.uniform(2.0, 6.0), 0.02)
    return out, spans, info["scene_source"]
