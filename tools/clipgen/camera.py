"""Camera motion over a scene: where the 64x64 view window looks in each frame.

A path gives, per frame, the window's centre (source px), its scale (source px per output px) and
its roll (radians). Output pixel p (centre-relative) samples source point c + s * R(roll) * p, so a
window moving right makes the content move left on screen. Camera motion is never a clip's label.
"""
import numpy as np

KINDS = ("static", "slow-pan", "fast-pan", "shake", "zoom", "roll", "zoom-roll", "combined")
S = 64


def _pan(T, rng, speed, floor=0.0):
    """Offsets (output px) of a smoothly curving pan at about `speed` px/frame, never below `floor`."""
    heading = rng.uniform(0, 2 * np.pi)
    turn = rng.uniform(-0.12, 0.12)
    h = heading + turn * np.arange(T - 1) + np.cumsum(rng.normal(0, 0.04, T - 1))
    sp = np.maximum(speed * (1 + rng.normal(0, 0.08, T - 1)).clip(0.7, 1.3), floor)
    dx = np.concatenate([[0.0], np.cumsum(sp * np.cos(h))])
    dy = np.concatenate([[0.0], np.cumsum(sp * np.sin(h))])
    return dx, dy


def _shake(T, rng, sigma):
    """Hand-held tremor: mean-reverting random offsets, a few px from frame to frame."""
    x = np.zeros(T); y = np.zeros(T)
    for t in range(1, T):
        x[t] = 0.55 * x[t - 1] + rng.normal(0, sigma)
        y[t] = 0.55 * y[t - 1] + rng.normal(0, sigma)
    return x, y


def motion(kind, T, rng):
    """Per-frame (dx, dy) offsets in output px, relative zoom z and roll (radians), and the mean speed."""
    dx = np.zeros(T); dy = np.zeros(T); z = np.ones(T); roll = np.zeros(T)
    t = np.linspace(0.0, 1.0, T)
    if kind in ("slow-pan", "combined"):
        px, py = _pan(T, rng, rng.uniform(0.4, 2.0)); dx += px; dy += py
    if kind == "fast-pan":
        px, py = _pan(T, rng, rng.uniform(5.0, 8.0), floor=5.0); dx += px; dy += py
    if kind in ("shake", "combined"):
        sx, sy = _shake(T, rng, rng.uniform(1.0, 2.5) if kind == "shake" else rng.uniform(0.5, 1.2))
        dx += sx; dy += sy
        roll += _shake(T, rng, np.deg2rad(rng.uniform(0.3, 1.0)))[0]
    if kind in ("zoom", "zoom-roll", "combined"):
        r = rng.uniform(1.2, 1.6) if kind != "combined" else rng.uniform(1.1, 1.3)
        z = r ** (t if rng.random() < 0.5 else -t)          # window shrinks (zoom in) or grows
    if kind in ("roll", "zoom-roll", "combined"):
        roll += np.deg2rad(rng.uniform(6, 20) if kind != "combined" else rng.uniform(3, 8)) * rng.choice([-1, 1]) * t
    speed = float(np.mean(np.hypot(np.diff(dx), np.diff(dy))))
    return dx, dy, z, roll, speed


def place(dx, dy, z, roll, scale, H, W, rng):
    """Window centres (source px) and scales for a source of HxW: the whole path inside the source.
    The scale shrinks (down to about a third) until the path fits; a path that still does not fit
    bounces off the source's edge."""
    s = scale
    for _ in range(8):
        half = S / 2 * s * z * (np.abs(np.cos(roll)) + np.abs(np.sin(roll)))    # half-extent of the rotated window
        ox, oy = dx * s, dy * s
        lox = np.max(half - ox) + 1; hix = np.min(W - 1 - half - ox) - 1
        loy = np.max(half - oy) + 1; hiy = np.min(H - 1 - half - oy) - 1
        if lox <= hix and loy <= hiy:
            return rng.uniform(lox, hix) + ox, rng.uniform(loy, hiy) + oy, s * z
        s *= 0.88
    half = S / 2 * s * z * (np.abs(np.cos(roll)) + np.abs(np.sin(roll)))
    cx = _bounce(W / 2 + dx * s, half + 1, W - 2 - half); cy = _bounce(H / 2 + dy * s, half + 1, H - 2 - half)
    return cx, cy, s * z


def _bounce(p, lo, hi):
    span = np.maximum(hi - lo, 1e-6)
    q = np.mod(p - lo, 2 * span)
    return lo + np.where(q > span, 2 * span - q, q)


def view(frames, cx, cy, s, roll):
    """Bilinear samples of frames [T or 1, H, W] (float64) through the window path. Returns [T,64,64]."""
    T = len(cx)
    n, H, W = frames.shape
    g = np.arange(S, dtype=np.float64) + 0.5 - S / 2
    gx = g[None, None, :]; gy = g[None, :, None]
    c = np.cos(roll)[:, None, None]; si = np.sin(roll)[:, None, None]; ss = np.asarray(s, np.float64).reshape(-1, 1, 1)
    u = cx[:, None, None] + ss * (c * gx - si * gy) - 0.5
    v = cy[:, None, None] + ss * (si * gx + c * gy) - 0.5
    u = np.clip(u, 0, W - 1.001); v = np.clip(v, 0, H - 1.001)
    x0 = np.floor(u).astype(np.int64); y0 = np.floor(v).astype(np.int64)
    fx = u - x0; fy = v - y0
    base = (np.arange(T) if n > 1 else np.zeros(T, np.int64))[:, None, None] * (H * W)
    flat = frames.reshape(-1)
    i00 = base + y0 * W + x0
    return (flat[i00] * (1 - fx) * (1 - fy) + flat[i00 + 1] * fx * (1 - fy)
            + flat[i00 + W] * (1 - fx) * fy + flat[i00 + W + 1] * fx * fy)


def speed(cx, cy, s):
    """Mean speed of the placed window in output px per frame (after any bounce)."""
    return float(np.mean(np.hypot(np.diff(cx), np.diff(cy)) / np.asarray(s, np.float64)[:-1]))
