"""Moving objects for the wider generator. Each is a k x k texture (gray levels 0..255) and a soft
mask (0..1), drawn for a background of mean `m` so that it stands out (both polarities occur):
  fmnist      a Fashion-MNIST item, normalised and coloured exactly as Gesture-9 does
  silhouette  a procedurally drawn hand (open, spread, pointing, fist), often with its forearm
  crop        a natural-image crop (from a still of the pool) behind a soft rounded mask
"""
import numpy as np
from . import camera

KINDS = ("fmnist", "silhouette", "crop")


def _polarity(m, rng):
    """Gesture-9's choice: a bright object on a dark background and the other way round."""
    return m < 110 or (m <= 150 and rng.random() < 0.5)


def fmnist(img, m, rng):
    bright = _polarity(m, rng)
    lo, hi = (rng.uniform(40, 90), rng.uniform(215, 255)) if bright else (rng.uniform(160, 210), rng.uniform(0, 35))
    nz = img[img > 12]
    gain = 255.0 / max(80.0, float(np.percentile(nz, 90)) if nz.size else 255.0)
    a = np.clip(img.astype(np.float64) * gain, 0, 255) / 255.0
    return lo + (hi - lo) * a, np.clip(a * 2.0, 0, 1), bright


def _capsule(x, y, ax, ay, bx, by, r):
    """Signed distance to a capsule (segment a-b, radius r)."""
    px, py, qx, qy = x - ax, y - ay, bx - ax, by - ay
    h = np.clip((px * qx + py * qy) / max(qx * qx + qy * qy, 1e-9), 0, 1)
    return np.hypot(px - qx * h, py - qy * h) - r


def silhouette_mask(rng, k=64):
    """A hand, drawn in canvas coordinates [-1,1] (fingers up, wrist down), then turned by a pose angle."""
    g = (np.arange(k) + 0.5) / k * 2 - 1
    x, y = np.meshgrid(g, g)
    ang = rng.uniform(-1.0, 1.0) + (np.pi if rng.random() < 0.12 else 0.0)
    c, s = np.cos(ang), np.sin(ang)
    x, y = c * x + s * y, -s * x + c * y
    if rng.random() < 0.5:
        x = -x                                                        # left or right hand
    sc = rng.uniform(0.9, 1.15)                                      # the hand fills most of the canvas
    x, y = x / sc, y / sc + rng.uniform(-0.1, 0.15)
    pw, ph = rng.uniform(0.24, 0.32), rng.uniform(0.24, 0.32)
    d = (np.hypot(x / pw, (y - 0.05) / ph) - 1) * min(pw, ph)        # palm
    pose = rng.choice(["open", "spread", "point", "fist", "two"], p=[0.3, 0.2, 0.15, 0.2, 0.15])
    spread = {"open": 0.5, "spread": 1.8}.get(pose, 0.8) * rng.uniform(0.7, 1.3)
    lengths = np.array([0.42, 0.52, 0.5, 0.38]) * rng.uniform(0.8, 1.2)
    extended = {"open": [1, 1, 1, 1], "spread": [1, 1, 1, 1], "point": [1, 0, 0, 0], "fist": [0, 0, 0, 0],
                "two": [1, 1, 0, 0]}[pose]
    r = rng.uniform(0.05, 0.075)
    for i, base in enumerate(np.linspace(-0.19, 0.19, 4) * pw / 0.28):
        a = np.deg2rad((-12 + 8 * i) * spread + rng.normal(0, 3))
        L = lengths[i] if extended[i] else rng.uniform(0.06, 0.12)
        bx, by = base, 0.05 - ph * 0.8
        d = np.minimum(d, _capsule(x, y, bx, by, bx + L * np.sin(a), by - L * np.cos(a), r * (1.05 if i == 1 else 1)))
    ta = np.deg2rad(rng.uniform(35, 75) if pose != "fist" else rng.uniform(5, 25))
    tl = rng.uniform(0.22, 0.34) if pose != "fist" else rng.uniform(0.12, 0.2)
    d = np.minimum(d, _capsule(x, y, -pw * 0.8, 0.12, -pw * 0.8 - tl * np.sin(ta), 0.12 - tl * np.cos(ta), r * 1.15))
    if rng.random() < 0.7:                                             # forearm, out of the canvas
        wx = rng.uniform(-0.1, 0.1)
        d = np.minimum(d, _capsule(x, y, 0.0, 0.2, wx * 8, 3.0, rng.uniform(0.17, 0.24)))
    soft = rng.uniform(0.02, 0.05)                                     # edge width, in canvas units
    return np.clip(0.5 - d / soft, 0, 1), str(pose)


def silhouette(rng, m):
    mask, pose = silhouette_mask(rng)
    bright = _polarity(m, rng)
    tone = min(255.0, max(m + 50, rng.uniform(150, 245))) if bright else max(0.0, min(m - 50, rng.uniform(10, 85)))
    k = mask.shape[0]
    yy, xx = np.mgrid[0:k, 0:k] / k - 0.5
    tex = tone + rng.uniform(-20, 20) * xx + rng.uniform(-20, 20) * yy + rng.normal(0, 2.0, (k, k))
    return np.clip(tex, 0, 255), mask, bright, pose


def crop(still, m, rng, k=64):
    """A square crop of a still behind a soft superellipse mask, contrast set to stand out from m."""
    H, W = still.shape
    side = rng.uniform(28, min(96, H - 4, W - 4))
    cx, cy = rng.uniform(side / 2 + 1, W - side / 2 - 1), rng.uniform(side / 2 + 1, H - side / 2 - 1)
    patch = camera.view(still[None].astype(np.float64), np.array([cx]), np.array([cy]), np.array([side / camera.S]),
                        np.zeros(1))[0]
    if k != camera.S:
        raise ValueError("crop objects are 64x64")
    lo_p, hi_p = np.percentile(patch, [2, 98])
    a = np.clip((patch - lo_p) / max(hi_p - lo_p, 1.0), 0, 1)
    bright = _polarity(m, rng)
    lo, hi = (rng.uniform(80, 140), rng.uniform(200, 255)) if bright else (rng.uniform(0, 40), rng.uniform(90, 150))
    g = (np.arange(k) + 0.5) / k * 2 - 1
    x, y = np.meshgrid(g, g)
    n = rng.uniform(2.0, 5.0); ax, ay = rng.uniform(0.55, 0.95), rng.uniform(0.55, 0.95)
    rr = (np.abs(x / ax) ** n + np.abs(y / ay) ** n) ** (1 / n)
    mask = np.clip((1 - rr) / rng.uniform(0.04, 0.12), 0, 1)
    return lo + (hi - lo) * a, mask, bright


def warp(tex, mask, cx, cy, size, angle=None, H=64, W=64):
    """All frames at once: texture and mask (k x k) centred at (cx[t], cy[t]) with side size[t] px,
    turned by angle[t]. Returns (texture [T,H,W], alpha [T,H,W]); outside the object alpha is 0."""
    k = tex.shape[0]
    T = len(cx)
    ang = np.zeros(T) if angle is None else angle
    g = np.arange(W, dtype=np.float64) + 0.5
    xs = g[None, None, :] - cx[:, None, None]; ys = (np.arange(H) + 0.5)[None, :, None] - cy[:, None, None]
    c, s = np.cos(ang)[:, None, None], np.sin(ang)[:, None, None]
    sc = (k / size)[:, None, None]
    u = (c * xs + s * ys) * sc + k / 2 - 0.5 + 1
    v = (-s * xs + c * ys) * sc + k / 2 - 0.5 + 1
    both = np.stack([np.pad(tex, 1, mode="edge"), np.pad(mask, 1)])          # [2, k+2, k+2]
    u = np.clip(u, 0, k + 1 - 1e-4); v = np.clip(v, 0, k + 1 - 1e-4)
    x0 = np.floor(u).astype(np.int64); y0 = np.floor(v).astype(np.int64)
    x1 = np.minimum(x0 + 1, k + 1); y1 = np.minimum(y0 + 1, k + 1)
    fx = u - x0; fy = v - y0
    o = both
    val = (o[:, y0, x0] * (1 - fx) * (1 - fy) + o[:, y0, x1] * fx * (1 - fy)
           + o[:, y1, x0] * (1 - fx) * fy + o[:, y1, x1] * fx * fy)
    return val[0], val[1]
