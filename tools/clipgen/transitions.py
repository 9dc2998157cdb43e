"""Transition windows: 16-frame clips cut from mini-streams (quiet - one gesture - quiet), labelled by
what the classifier's window holds.

The classifier decides on frames 1..15 of a clip (frame 0 only sets the encoder's reference). A window
holding at least GESTURE_MIN of the gesture's 16 frames there gets the gesture's label; one holding at
most NONE_MAX gets `none` (an object appearing or leaving, the end or the start of a gesture next to a
still object, quiet); the ambiguous windows in between are never made.

A mini-stream is the wider generator's scene under its camera, with its lighting, sensor and objects
(wide.py); the gesture is one of its paths (16 frames). On each side of the gesture the quiet is
  absent  the object is out of view;
  still   the object rests in view, motionless, for `hold` frames next to the gesture;
  jitter  the same, shaking in place like Gesture-9's `none`;
and beyond the resting frames the object is out of view: it comes and goes at once (`cut`) or fades
over 2-4 frames (`fade2`..`fade4`). Before the gesture it rests at the path's first pose, after it at
the last. The window is cut at a random offset; only its 16 frames are rendered (the rest of the
mini-stream would not change them).
"""
import numpy as np
from . import objects, pools, scenes
from .gesture9 import CLASSES, T, SIZE, trajectory
from .wide import COLUMNS as WIDE_COLUMNS, draw_profile, draw_object, finish, path_mean, pick, placed

GESTURE_MIN = 13          # gesture frames in window frames 1..15 for the gesture's label
NONE_MAX = 3              # ... and at most this many for `none`

# Where the gesture starts, as a frame index of the window (may lie outside 0..15).
GESTURE_STARTS = range(-2, 4)                                   # 13-15 gesture frames
NONE_STARTS = list(range(-17, -11)) + list(range(13, 19))       # 0-3 gesture frames: the end or the start

COLUMNS = WIDE_COLUMNS + ["window", "gesture", "gesture_start", "gesture_frames", "before", "before_hold", "appear",
                          "after", "after_hold", "disappear"]
WIDE_ROW_TAIL = ("wide", "-", -1, -1, "-", -1, "-", "-", -1, "-")   # the extra columns of a wide clip


def gesture_frames(start):
    """How many of the gesture's 16 frames (window frames start..start+15) fall on window frames 1..15."""
    return max(0, min(start + T, T) - max(start, 1))


def window_label(gesture, start):
    """The label of a window whose gesture (class id 1..8) starts at window frame `start`: the gesture
    when the classifier's frames hold at least GESTURE_MIN of it, 0 (`none`) when at most NONE_MAX,
    None (never made) in between."""
    k = gesture_frames(start)
    if k >= GESTURE_MIN:
        return gesture
    if k <= NONE_MAX:
        return 0
    return None


def _side(recipe, rng):
    """One side of the gesture: (quiet kind, resting frames, frames of the fade, 0 = at once)."""
    kind = pick(recipe["quiet"], rng)
    hold = 0 if kind == "absent" else int(rng.integers(recipe["hold"][0], recipe["hold"][1] + 1))
    fade = int(rng.integers(recipe["fade_frames"][0], recipe["fade_frames"][1] + 1)) if rng.random() < recipe["fade"] else 0
    return kind, hold, fade


def _visibility(dist, hold, fade):
    """Opacity of the object `dist` frames (1, 2, ...) away from the gesture on one side."""
    if dist <= hold:
        return 1.0
    if dist <= hold + fade:
        return 1.0 - (dist - hold) / (fade + 1)
    return 0.0


def timeline(start, before, after, jitter, rng):
    """Per window frame: index into the gesture's path (clamped to its ends), opacity, and jitter
    offsets (x, y) for frames where a jittering object rests."""
    u = np.arange(T) - start                                    # frame relative to the gesture's first
    pose = np.clip(u, 0, T - 1)
    vis = np.ones(T)
    shake = np.zeros(T, bool)
    for j in range(T):
        if u[j] < 0:
            (kind, hold, fade), dist = before, -u[j]
        elif u[j] >= T:
            (kind, hold, fade), dist = after, u[j] - (T - 1)
        else:
            continue
        vis[j] = _visibility(dist, hold, fade)
        shake[j] = kind == "jitter"
    jx = np.where(shake, rng.normal(0, jitter, T), 0.0)
    jy = np.where(shake, rng.normal(0, jitter, T), 0.0)
    return pose, vis, jx, jy


def render(label, recipe, bank, rng):
    """One transition window whose label is `label` (0 = none, 1..8 = that gesture).
    Returns (uint8 clip [T,64,64], tuple of COLUMNS values)."""
    gesture = label if label else int(rng.integers(1, len(CLASSES)))
    starts = GESTURE_STARTS if label else NONE_STARTS
    start = int(starts[int(rng.integers(len(starts)))])
    assert window_label(gesture, start) == label
    before, after = _side(recipe, rng), _side(recipe, rng)
    scene_kind = pick(recipe["scene"], rng)
    cam = pick(recipe["camera"], rng)
    bg, info = scenes.scene(scene_kind, cam, bank, rng, pools.WALL_FAMILY[bank.pool])
    obj = pick(recipe["object"], rng)
    prof = draw_profile(recipe, rng)
    gx, gy, gs = trajectory(gesture, T, SIZE, SIZE, rng, prof)
    gx, gy = placed(gx, gy, recipe, rng)
    pose, vis, jx, jy = timeline(start, before, after, prof["jitter"], rng)
    cx, cy, size = gx[pose] + jx, gy[pose] + jy, gs[pose]
    tex, mask, bright, src, idx, spin = draw_object(obj, recipe, bank, rng, float(bg.mean()), path_mean(bg, cx, cy, size))
    angle = None
    if obj != "fmnist":
        angle = (rng.uniform(-0.3, 0.3) + spin * np.linspace(0, 1, T))[pose]
    ftex, alpha = objects.warp(tex, mask, cx, cy, size, angle)
    alpha = alpha * vis[:, None, None]
    clip, light, noise, flicker = finish(bg * (1 - alpha) + ftex * alpha, recipe, rng)
    seen = vis > 0
    size0 = float(size[seen].mean()) if seen.any() else 0.0
    moving = seen[1:] & seen[:-1]
    speed = float(np.mean(np.hypot(np.diff(cx), np.diff(cy))[moving])) if moving.any() else 0.0
    fade_name = lambda f: f"fade{f}" if f else "cut"
    return clip, (scene_kind, info["scene_source"], info["scene_frame"], cam, info["camera_speed"], light,
                  round(noise, 2), round(flicker, 3), obj, src, idx, "bright" if bright else "dark",
                  "transition" if label == 0 else "-", round(size0, 1), round(speed, 2),
                  "transition", CLASSES[gesture], start, gesture_frames(start),
                  before[0], before[1], fade_name(before[2]), after[0], after[1], fade_name(after[2]))


def balanced_labels(n, none_share, seed, stream):
    """n transition labels: round(n * (1 - none_share)) rounded down to a multiple of 8 gesture windows,
    the same number for each of the eight gestures; `none` for the rest. Shuffled by [seed, stream]."""
    per_gesture = int(round(n * (1 - none_share))) // (len(CLASSES) - 1)
    out = np.concatenate([np.repeat(np.arange(1, len(CLASSES)), per_gesture),
                          np.zeros(n - per_gesture * (len(CLASSES) - 1), np.int64)])
    np.random.default_rng([seed, stream, 1 << 30]).shuffle(out)
    return out


def replaced_slots(labels, share, seed, stream):
    """Which clips of a balanced wide run give their place to transition windows: the same number
    (round(share * count)) of each class, drawn by [seed, stream, 2^30 + 1]. Returns a boolean mask."""
    rng = np.random.default_rng([seed, stream, (1 << 30) + 1])
    mask = np.zeros(len(labels), bool)
    for c in np.unique(labels):
        where = np.flatnonzero(labels == c)
        mask[rng.choice(where, int(round(share * len(where))), replace=False)] = True
    return mask


def mix(labels, share, none_share, seed, stream, t_stream):
    """The clips of a run, in order, as runner items (maker, label, stream, index): the wide clips of
    `labels` (clip i of `stream`), where the places chosen by replaced_slots take transition windows
    0, 1, ... of `t_stream` instead, with balanced_labels(count, none_share)."""
    replaced = replaced_slots(labels, share, seed, stream)
    t_labels = iter(balanced_labels(int(replaced.sum()), none_share, seed, t_stream))
    items, j = [], 0
    for i, lab in enumerate(labels):
        if replaced[i]:
            items.append(("transition", int(next(t_labels)), t_stream, j)); j += 1
        else:
            items.append(("wide", int(lab), stream, i))
    return items
