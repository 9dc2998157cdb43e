"""One clip of the wider generator, from a recipe: a scene under a camera, an object on its path,
lighting, flicker and sensor noise. The label is the object's motion on screen, Gesture-9's meaning
(its `trajectory`); camera and background motion are never the label.

A recipe maps each choice to a fixed value or to {value: weight}:
  scene    video | still | wall          camera   camera.KINDS
  lighting normal | dark | low-contrast  object   fmnist | silhouette | crop
  none     what label 0 shows: jitter (Gesture-9's jittering object) | still (a motionless object)
           | empty (no object) | scene-motion (no object, a video with its own motion, static camera)
  profile  trajectory ranges (size, travel, jitter, zoom, radius, turns), each a (low, high) pair
  noise    sensor noise sigma (low, high)   flicker  exposure flicker amplitude (low, high)
  spin     rotation of silhouettes and crops, radians per clip (low, high)
  slow     optional: the share of clips whose trajectory ranges come from `slow_profile` (slower motion)
  place    optional: the share of clips whose path is moved, as a whole, to a uniformly drawn place in
           view (its centre within IN_VIEW all along); without it every path is Gesture-9's, centred
"""
import numpy as np
from . import objects, pools, scenes
from .gesture9 import CLASSES, T, SIZE, trajectory

COLUMNS = ["scene", "scene_source", "scene_frame", "camera", "camera_speed", "lighting", "noise", "flicker",
           "object", "object_source", "object_index", "polarity", "none_kind", "object_size", "object_speed"]


def pick(choice, rng):
    if isinstance(choice, dict):
        keys = list(choice)
        w = np.asarray([choice[k] for k in keys], np.float64)
        return keys[int(rng.choice(len(keys), p=w / w.sum()))]
    return choice


IN_VIEW = (4.0, SIZE - 4.0)     # where a moved path's centre stays (at least half of a small object in view)


def placed(cx, cy, recipe, rng):
    """The path moved as a whole to a place drawn uniformly among those that keep its centre in
    IN_VIEW, for a `recipe["place"]` share of clips (an axis with no room stays). Gesture-9's paths
    pass near the centre of the view; a user's hand does not. Draws nothing without `place`, so
    recipes without it make the same bytes as before it existed."""
    share = recipe.get("place", 0.0)
    if not share or rng.random() >= share:
        return cx, cy
    lo, hi = IN_VIEW
    out = []
    for v in (cx, cy):
        low, high = lo - v.min(), hi - v.max()
        out.append(v + rng.uniform(low, high) if low <= high else v)
    return out[0], out[1]


def draw_profile(recipe, rng):
    """The recipe's trajectory ranges with one jitter sigma drawn for the clip; for a
    `recipe["slow"]` share of clips, the travel, zoom, radius and turns of `recipe["slow_profile"]`
    instead. Draws nothing more without `slow`, so recipes without it make the same bytes as before."""
    profile = recipe["profile"]
    share = recipe.get("slow", 0.0)
    if share and rng.random() < share:
        profile = dict(profile, **recipe["slow_profile"])
    p = {k: tuple(v) for k, v in profile.items()}
    p["jitter"] = rng.uniform(*profile["jitter"])
    return p


def path_mean(bg, cx, cy, size):
    """Mean of the scene where the object travels: silhouettes and crops are one tone or photo-like,
    so their polarity is picked against it (Fashion-MNIST keeps Gesture-9's rule, the frame's mean)."""
    r = float(size.max()) / 2
    x0, x1 = int(max(0, cx.min() - r)), int(min(SIZE, cx.max() + r + 1))
    y0, y1 = int(max(0, cy.min() - r)), int(min(SIZE, cy.max() + r + 1))
    return float(bg[:, y0:max(y1, y0 + 1), x0:max(x1, x0 + 1)].mean())


def draw_object(obj, recipe, bank, rng, m, m_path):
    """One object of kind `obj` for a scene of mean m (m_path where it travels).
    Returns (texture, mask, bright, source, index, spin in radians per clip)."""
    pool = bank.pool
    spin = 0.0
    if obj == "fmnist":
        i = int(rng.integers(len(bank.fmnist)))
        tex, mask, bright = objects.fmnist(bank.fmnist[i], m, rng)
        src, idx = f"fmnist-{pools.FMNIST[pool][0]}", bank.fmnist_offset + i
    elif obj == "silhouette":
        idx = int(rng.integers(1 << 31))
        tex, mask, bright, pose = objects.silhouette(np.random.default_rng([pools.SILHOUETTE_FAMILY[pool], idx]), m_path)
        src = f"silhouette:{pools.SILHOUETTE_FAMILY[pool]}:{pose}"
        spin = rng.uniform(*recipe["spin"]) * rng.choice([-1, 1])
    else:
        src = bank.still_keys[int(rng.integers(len(bank.still_keys)))]
        idx = int(rng.integers(1 << 31))
        tex, mask, bright = objects.crop(bank.stills[src], m_path, np.random.default_rng([idx]))
        spin = rng.uniform(*recipe["spin"]) * rng.choice([-1, 1])
    return tex, mask, bright, src, idx, spin


def finish(frame, recipe, rng):
    """Lighting, exposure flicker and sensor noise over finished frames. Returns (uint8 clip, lighting, noise, flicker)."""
    light = pick(recipe["lighting"], rng)
    frame = scenes.lighting(frame, light, rng)
    noise = rng.uniform(*recipe["noise"]); flicker = rng.uniform(*recipe["flicker"])
    return scenes.sensor(frame, rng, noise, flicker), light, noise, flicker


def render(label, recipe, bank, rng):
    """Returns (uint8 clip [T,64,64], tuple of COLUMNS values)."""
    pool = bank.pool
    none_kind = pick(recipe["none"], rng) if label == 0 else "-"
    scene_kind = "video" if none_kind == "scene-motion" else pick(recipe["scene"], rng)
    cam = "static" if none_kind == "scene-motion" else pick(recipe["camera"], rng)
    bg, info = scenes.scene(scene_kind, cam, bank, rng, pools.WALL_FAMILY[pool])
    m = float(bg.mean())
    obj = src = "-"; idx = -1; pol = "-"; size0 = speed = 0.0
    frame = bg
    if none_kind not in ("empty", "scene-motion"):
        obj = pick(recipe["object"], rng)
        prof = draw_profile(recipe, rng)
        if none_kind == "still":
            prof["jitter"] = 0.0
        cx, cy, size = trajectory(int(label), T, SIZE, SIZE, rng, prof)
        cx, cy = placed(cx, cy, recipe, rng)
        tex, mask, bright, src, idx, spin = draw_object(obj, recipe, bank, rng, m, path_mean(bg, cx, cy, size))
        angle = rng.uniform(-0.3, 0.3) + spin * np.linspace(0, 1, T) if obj != "fmnist" else None
        if none_kind == "still":
            angle = None if angle is None else np.full(T, angle[0])
        ftex, alpha = objects.warp(tex, mask, cx, cy, size, angle)
        frame = bg * (1 - alpha) + ftex * alpha
        pol = "bright" if bright else "dark"
        size0 = float(size.mean()); speed = float(np.mean(np.hypot(np.diff(cx), np.diff(cy))))
    clip, light, noise, flicker = finish(frame, recipe, rng)
    return clip, (scene_kind, info["scene_source"], info["scene_frame"], cam, info["camera_speed"], light,
                  round(noise, 2), round(flicker, 3), obj, src, idx, pol, none_kind, round(size0, 1), round(speed, 2))


def balanced_labels(n_per_class, seed, stream, classes=None):
    classes = list(range(len(CLASSES))) if classes is None else classes
    labels = np.repeat(np.asarray(classes), n_per_class)
    np.random.default_rng([seed, stream, 1 << 30]).shuffle(labels)
    return labels
