"""Continuous streams: a static scene watched for a few hundred frames, with gestures of 16 frames
separated by quiet stretches of at least MIN_QUIET frames (also before the first and after the last).

What quiet shows (QUIET_KINDS):
  absent  no object at all: the object appears for a gesture (its path is the clip's trajectory,
          Gesture-9's profile A) and is gone again after it; each gesture has its own object.
  still   one object stays in view through the whole stream, motionless between gestures: each
          gesture's path is shifted (and, for its size, scaled) to start where the object rests, and
          it rests where the path ends. A gesture whose path would leave the view from there is drawn
          again (the same class first, then its opposite, then the others)."""
import numpy as np
from . import objects, pools, scenes
from .gesture9 import CLASSES, T, SIZE, trajectory
from .recipes import PROFILE_A
from .wide import IN_VIEW          # where the centre of a `still` stream's object stays

QUIET = (24, 60)          # frames between gestures (inclusive range)
LEAD = (24, 48)           # quiet frames before the first gesture
MIN_QUIET = 24            # no quiet stretch is shorter (the classifier's window is 15 frames)
QUIET_KINDS = {
    "absent": "absent: no object in the quiet stretches (the object appears for each gesture only)",
    "still": "still: one object stays in view, motionless, through every quiet stretch; each gesture starts where it rests",
}
SIZES = (10.0, 52.0)            # and its size (profile A's sizes and zooms span 10-52 px)


def quiet_stretches(spans, n_frames):
    """Lengths of the quiet stretches: before the first gesture, between gestures, after the last."""
    edges = [0] + [x for s, e, _ in spans for x in (s, e)] + [n_frames]
    return [edges[i + 1] - edges[i] for i in range(0, len(edges), 2)]


def _fits(cx, cy, size):
    lo, hi = IN_VIEW
    return (cx.min() >= lo and cx.max() <= hi and cy.min() >= lo and cy.max() <= hi
            and size.min() >= SIZES[0] and size.max() <= SIZES[1])


def chained_paths(labels, rng, prof, tries=20):
    """Paths (label, cx, cy, size) for a `still` stream: each starts where the previous one ended. A
    label whose path leaves the view from there (`tries` draws) gives way to its opposite (left and
    right, up and down, approach and recede, the two circles: the one that has room), then to the
    others in a random order."""
    out, rest = [], None
    for label in labels:
        opposite = label + 1 if label % 2 else label - 1
        order = [label, opposite] + [int(c) for c in rng.permutation(np.arange(1, len(CLASSES))) if c not in (label, opposite)]
        for lab in order:
            for _ in range(tries):
                cx, cy, size = trajectory(lab, T, SIZE, SIZE, rng, prof)
                if rest is not None:
                    cx, cy, size = cx - cx[0] + rest[0], cy - cy[0] + rest[1], size * (rest[2] / size[0])
                if _fits(cx, cy, size):
                    break
            else:
                continue
            break
        else:
            raise RuntimeError(f"no gesture's path stays in view from the resting pose {rest}")
        out.append((lab, cx, cy, size))
        rest = (cx[-1], cy[-1], size[-1])
    return out


def render_stream(scene_kind, bank, rng, n_gestures, quiet="absent"):
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
    if quiet == "absent":
        for start, end, label in spans:
            i = int(rng.integers(len(bank.fmnist)))
            tex, mask, _ = objects.fmnist(bank.fmnist[i], m, rng)
            cx, cy, size = trajectory(label, T, SIZE, SIZE, rng, prof)
            ftex, alpha = objects.warp(tex, mask, cx, cy, size)
            frames[start:end] = frames[start:end] * (1 - alpha) + ftex * alpha
    elif quiet == "still":
        i = int(rng.integers(len(bank.fmnist)))
        tex, mask, _ = objects.fmnist(bank.fmnist[i], m, rng)
        paths = chained_paths([lab for _, _, lab in spans], rng, prof)
        spans = [(s, e, p[0]) for (s, e, _), p in zip(spans, paths)]
        # every frame rests at the pose where the last gesture ended (the first one's start before it)
        cx = np.full(F, paths[0][1][0]); cy = np.full(F, paths[0][2][0]); size = np.full(F, paths[0][3][0])
        for (start, end, _), (_, px, py, ps) in zip(spans, paths):
            cx[start:end], cy[start:end], size[start:end] = px, py, ps
            cx[end:], cy[end:], size[end:] = px[-1], py[-1], ps[-1]
        ftex, alpha = objects.warp(tex, mask, cx, cy, size)
        frames = frames * (1 - alpha) + ftex * alpha
    else:
        raise ValueError(f"quiet {quiet!r}: one of {', '.join(QUIET_KINDS)}")
    assert min(quiet_stretches(spans, F)) >= MIN_QUIET, quiet_stretches(spans, F)
    out = scenes.sensor(frames, rng, rng.uniform(2.0, 6.0), 0.02)
    return out, spans, info["scene_source"]
