"""Backgrounds for the wider generator: real videos and stills seen through a moving camera,
procedural plain walls, and the lighting and sensor effects applied to a finished frame."""
import numpy as np
from . import camera, media, pools
from .decoded import DECODED
from .gesture9 import FPS, BG_HEIGHT, T

STILL_HEIGHT = 192          # stills are decoded 192 px high: room for pans, zooms and crops


class DecodeMismatch(SystemExit):
    pass


def _checked(key, array, sources):
    shape, digest = DECODED[key]
    got = media.sha256_array(array)
    if tuple(array.shape) != shape or got != digest:
        raise DecodeMismatch(f"source {key} ({sources.path(key)}) decodes to {array.shape} sha256 {got}, expected "
                             f"{shape} sha256 {digest}: the file is verified, so the decoder differs. Use Debian 12's "
                             f"ffmpeg (tools/setup-data.sh); other decoders do not rebuild the same clips.")
    return array


class Bank:
    """The decoded sources of one pool: video frames (with the pool's frame range) and stills."""

    def __init__(self, sources, pool):
        self.pool = pool
        keys = pools.videos(pool) + pools.STILLS[pool]
        keys += [f"fmnist-{'t10k' if pools.FMNIST[pool][0] == 't10k' else 'train'}-{n}" for n in ("images", "labels")]
        sources.require(keys)
        self.records, self.videos, self.stills = [], {}, {}
        for k in pools.videos(pool):
            fr = _checked(k, media.decode_gray(sources.decoder_input(k, FPS), BG_HEIGHT, FPS), sources)
            lo, hi = pools.video_ranges(k, pool, len(fr))
            self.videos[k] = (fr, lo, hi)
            self.records.append(dict(sources.record(k), decoded_shape=list(fr.shape), decoded_sha256=media.sha256_array(fr),
                                     decoded_height=BG_HEIGHT, frames_used=[lo, hi]))
        for k in pools.STILLS[pool]:
            im = _checked(k, media.decode_still(sources.path(k), STILL_HEIGHT), sources)
            self.stills[k] = im
            self.records.append(dict(sources.record(k), decoded_shape=list(im.shape), decoded_sha256=media.sha256_array(im),
                                     decoded_height=STILL_HEIGHT))
        name, lo, hi = pools.FMNIST[pool]
        X = media.load_idx_gz(sources.path(f"fmnist-{name}-images"))
        y = media.load_idx_gz(sources.path(f"fmnist-{name}-labels"))
        self.fmnist, self.fmnist_labels, self.fmnist_offset = X[lo:hi], y[lo:hi], lo
        for n in ("images", "labels"):
            self.records.append(dict(sources.record(f"fmnist-{name}-{n}"), items_used=[lo, hi]))
        self.video_keys = sorted(self.videos)
        self.still_keys = list(pools.STILLS[pool])


def wall_canvas(rng, H=160, W=208):
    """A plain wall: one paint level, a slight gradient and lighting falloff, a faint smooth texture."""
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float64)
    base = rng.uniform(45, 225)
    f = base + rng.uniform(-18, 18) * (xx / W - 0.5) + rng.uniform(-18, 18) * (yy / H - 0.5)
    bx, by, bs = rng.uniform(0, W), rng.uniform(0, H), rng.uniform(50, 160)
    f += rng.uniform(-22, 22) * np.exp(-((xx - bx) ** 2 + (yy - by) ** 2) / (2 * bs * bs))
    coarse = rng.normal(0, 1, (H // 16 + 2, W // 16 + 2))
    gy = np.linspace(0, coarse.shape[0] - 1.001, H); gx = np.linspace(0, coarse.shape[1] - 1.001, W)
    y0 = np.floor(gy).astype(int); x0 = np.floor(gx).astype(int); fy = (gy - y0)[:, None]; fx = (gx - x0)[None, :]
    smooth = (coarse[y0][:, x0] * (1 - fx) * (1 - fy) + coarse[y0][:, x0 + 1] * fx * (1 - fy)
              + coarse[y0 + 1][:, x0] * (1 - fx) * fy + coarse[y0 + 1][:, x0 + 1] * fx * fy)
    f += rng.uniform(0.5, 2.5) * smooth + rng.normal(0, rng.uniform(0.2, 1.2), (H, W))
    return np.clip(f, 0, 255)


def scene(kind, cam, bank, rng, family):
    """T background frames (float64 [T,64,64]) and a description. kind: 'video' | 'still' | 'wall'."""
    dx, dy, z, roll, _ = camera.motion(cam, T, rng)
    if kind == "video":
        key = bank.video_keys[int(rng.integers(len(bank.video_keys)))]
        fr, lo, hi = bank.videos[key]
        st = int(rng.integers(lo, hi - T + 1))
        frames = fr[st:st + T].astype(np.float64)
        scale, where = rng.uniform(0.65, 1.0), st
    elif kind == "still":
        key = bank.still_keys[int(rng.integers(len(bank.still_keys)))]
        frames = bank.stills[key][None].astype(np.float64)
        scale, where = rng.uniform(0.9, 2.2), -1
    else:
        seed = int(rng.integers(1 << 31))
        frames = wall_canvas(np.random.default_rng([family, seed]))[None]
        key, scale, where = f"wall:{family}:{seed}", rng.uniform(0.8, 1.6), -1
    H, W = frames.shape[1:]
    cx, cy, s = camera.place(dx, dy, z, roll, scale, H, W, rng)
    speed = camera.speed(cx, cy, s)
    out = camera.view(frames, cx, cy, s, roll)
    if rng.random() < 0.5:
        out = out[:, :, ::-1]
    return out, {"scene": kind, "scene_source": key, "scene_frame": where, "camera": cam, "camera_speed": round(speed, 2)}


def lighting(frames, kind, rng):
    """Whole-frame exposure: 'normal', 'dark' (a fraction of the light) or 'low-contrast'."""
    if kind == "dark":
        return frames * rng.uniform(0.15, 0.35) + rng.uniform(2, 8)
    if kind == "low-contrast":
        m = frames.mean()
        return np.clip(m + rng.uniform(-30, 30), 40, 215) + rng.uniform(0.15, 0.35) * (frames - m)
    return frames


def sensor(frames, rng, noise, flicker):
    """Exposure flicker (per-frame gain), then sensor noise (Gaussian + signal-dependent); uint8."""
    n = len(frames)
    if flicker > 0.03:                                   # mains beat + random exposure steps
        gain = 1 + flicker * np.sin(2 * np.pi * rng.uniform(0.08, 0.45) * np.arange(n) + rng.uniform(0, 2 * np.pi))
        gain = gain + rng.normal(0, flicker / 3, n)
    else:
        gain = 1 + rng.normal(0, flicker, n)
    f = frames * gain[:, None, None]
    sigma = np.sqrt(noise ** 2 + rng.uniform(0, 0.08) * np.clip(f, 0, 255))    # read noise + shot noise
    f = f + sigma * rng.standard_normal(f.shape)
    return np.clip(np.rint(f), 0, 255).astype(np.uint8)
