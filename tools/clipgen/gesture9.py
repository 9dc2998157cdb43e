"""Gesture-9: Fashion-MNIST objects moved along nine paths over four real video backgrounds.

This is the benchmark's generator (profile A). The arithmetic and the order of every random draw are
unchanged, so the splits come out with the published sha256 (PUBLISHED below). Do not edit the
sampling or rendering here: the wider generator (wide.py) has its own.
"""
import numpy as np
from . import media
from .decoded import DECODED

CLASSES = ["none", "left", "right", "up", "down", "approach", "recede", "circle_cw", "circle_ccw"]
T, SIZE, FPS = 16, 64, 12.0
BG_HEIGHT = 96                      # backgrounds are decoded 96 px high (1.5 x 64)
BG_TRAIN_FRAC = 0.7                 # train/val read the first 70 % of every background, test the rest
PROFILE_A = dict(size=(18, 30), travel=(0.45, 0.75), jitter=0.6, zoom=(2.0, 3.0), radius=(0.14, 0.24),
                 turns=(0.75, 1.0), noise=(2, 6))

# The four backgrounds, in Gesture-9's order: (key, decoded shape, sha256 of the decoded uint8 array).
BACKGROUNDS = [(k,) + DECODED[k] for k in ("g9-bg0", "g9-bg1", "g9-bg2", "g9-bg3")]

# Published sha256 of the splits (seed 1): {per-class spec: {split: (N, clips sha256, labels sha256)}}.
PUBLISHED = {
    "train=400,val=50,test=100": {
        "train": (3600, "e5400882c281f53a0f87037918b622b9d093893757d223768cba48bfbbf933d6", "47ef7264d70d191883065594481add5e4532af1caa14535e3d8cf866022ca1d0"),
        "val": (450, "b7985a9adea96b21d6e3f58ec4b24c5fc07cec3d90d1f075634f96f1c0865c98", "5a104e0e443ccd2041a14e5c6a54a943953c869d9c5044cb5d99b2f2a2504b26"),
        "test": (900, "302786f92088509550ba494305684cc33ee680e68dd32a899beacbddc688b6cf", "79f2e9e48e6472e11b32f50de28a6a281bbd9b68fb7f6313f3bd6058b39c596e"),
    },
    "train=20,test=10": {             # CI-sized, for a quick check
        "train": (180, "daf53159d9a777d81e25041fa94014c2de50fc4d8cab89619096aa96b8d2e44f", "b36b4b9795fc8d4fe06e1face38ef1351a91d97164bdf42da9d212c2d7b6d718"),
        "test": (90, "55a1487749417f894c4b01b70575f11fe496f0463aebcc4f5d006e02dd1c883f", "c12e8054e66a70fc9c6637b6f5936c15279ef11cc1902611959f575b806b9066"),
    },
    "train=1600,val=50,test=100": {   # 'g9big': more training clips; val and test are the same bytes
        "train": (14400, "b86105b49cb2b921aecfff293c04243170214af4167689bd578fb4d45bd52ddc", "3d9598d4642f8eafee3c5f604e9d4e90a2a2085eba49db08c80477204b13fd5f"),
        "val": (450, "b7985a9adea96b21d6e3f58ec4b24c5fc07cec3d90d1f075634f96f1c0865c98", "5a104e0e443ccd2041a14e5c6a54a943953c869d9c5044cb5d99b2f2a2504b26"),
        "test": (900, "302786f92088509550ba494305684cc33ee680e68dd32a899beacbddc688b6cf", "79f2e9e48e6472e11b32f50de28a6a281bbd9b68fb7f6313f3bd6058b39c596e"),
    },
}
SPLIT_STREAM = {"train": 0, "test": 1, "val": 2}      # the rng stream of each split: [seed, stream]


class DecodeMismatch(SystemExit):
    pass


def load_backgrounds(sources):
    """The four decoded backgrounds, each checked against its published decoded sha256."""
    sources.require([k for k, _, _ in BACKGROUNDS])
    out = []
    for key, shape, digest in BACKGROUNDS:
        fr = media.decode_gray(sources.decoder_input(key, FPS), BG_HEIGHT, FPS)
        got = media.sha256_array(fr)
        if fr.shape != shape or got != digest:
            raise DecodeMismatch(
                f"background {key} ({sources.path(key)}) decodes to {fr.shape} sha256 {got}, Gesture-9 needs "
                f"{shape} sha256 {digest}. The source file is verified, so the decoder differs: use the ffmpeg of "
                f"Debian 12 (tools/setup-data.sh installs it). Not continuing: the clips would not be Gesture-9's.")
        out.append(fr)
    return out


def load_objects(sources, split):
    """Fashion-MNIST images and labels: train/val read the train set, any other split t10k."""
    pre = "train" if split in ("train", "val") else "t10k"
    keys = [f"fmnist-{pre}-images", f"fmnist-{pre}-labels"]
    sources.require(keys)
    X = media.load_idx_gz(sources.path(keys[0]))
    y = media.load_idx_gz(sources.path(keys[1]))
    return X, y.astype(int), keys


def warp_object(obj, cx, cy, size, H, W):
    """Bilinear-sample square object (k x k) centred at (cx,cy) with side `size` px into HxW. Returns float64 [H,W] in 0..1."""
    k = obj.shape[0]
    ys, xs = np.mgrid[0:H, 0:W].astype(np.float64)
    u = (xs + 0.5 - cx) / size * k + k / 2 - 0.5
    v = (ys + 0.5 - cy) / size * k + k / 2 - 0.5
    o = np.pad(np.asarray(obj, np.float64) / 255.0, 1)
    u = np.clip(u + 1, 0, k + 1 - 1e-4); v = np.clip(v + 1, 0, k + 1 - 1e-4)
    x0 = np.floor(u).astype(int); y0 = np.floor(v).astype(int)
    x1 = np.minimum(x0 + 1, k + 1); y1 = np.minimum(y0 + 1, k + 1)
    fx = u - x0; fy = v - y0
    return (o[y0, x0] * (1 - fx) * (1 - fy) + o[y0, x1] * fx * (1 - fy) +
            o[y1, x0] * (1 - fx) * fy + o[y1, x1] * fx * fy)


def trajectory(label, T, H, W, rng, p):
    """Per-frame (cx, cy, size) of the object's centre and side for class `label` under profile p."""
    s0 = rng.uniform(*p["size"])
    t = np.linspace(0.0, 1.0, T)
    cx0 = W / 2 + rng.uniform(-W, W) * 0.12; cy0 = H / 2 + rng.uniform(-H, H) * 0.12
    travel = rng.uniform(*p["travel"]) * W
    size = np.full(T, s0); cx = np.full(T, cx0); cy = np.full(T, cy0)
    name = CLASSES[label]
    if name == "none":
        cx = cx0 + rng.normal(0, p["jitter"], T); cy = cy0 + rng.normal(0, p["jitter"], T)
    elif name in ("left", "right", "up", "down"):
        sgn = -1 if name in ("left", "up") else 1
        off = rng.uniform(-0.15, 0.15) * W
        path = (t - 0.5) * travel * sgn
        if name in ("left", "right"):
            cx = W / 2 + path; cy = cy0 + off * 0.5 + rng.normal(0, p["jitter"], T)
        else:
            cy = H / 2 + path; cx = cx0 + off * 0.5 + rng.normal(0, p["jitter"], T)
    elif name in ("approach", "recede"):
        r = rng.uniform(*p["zoom"])
        a, b = (s0 / np.sqrt(r), s0 * np.sqrt(r))
        size = a * (b / a) ** t if name == "approach" else b * (a / b) ** t
        cx = cx0 + rng.normal(0, p["jitter"], T); cy = cy0 + rng.normal(0, p["jitter"], T)
    else:  # circles; image y axis points down, so +angle is clockwise on screen
        rad = rng.uniform(*p["radius"]) * W
        turns = rng.uniform(*p["turns"]); ph = rng.uniform(0, 2 * np.pi)
        d = 1 if name == "circle_cw" else -1
        ang = ph + d * 2 * np.pi * turns * t
        cx = W / 2 + rad * np.cos(ang); cy = H / 2 + rad * np.sin(ang)
    return cx, cy, size


def render_clip(obj, bg, label, rng, p):
    """The object moved over background frames bg [T,H,W]; noise and gain flicker. Returns (uint8 clip, bright)."""
    T, H, W = bg.shape
    cx, cy, size = trajectory(label, T, H, W, rng, p)
    m = float(bg.mean())
    u = rng.random()
    bright = m < 110 or (m <= 150 and u < 0.5)
    lo, hi = (rng.uniform(40, 90), rng.uniform(215, 255)) if bright else (rng.uniform(160, 210), rng.uniform(0, 35))
    sigma = rng.uniform(*p["noise"])
    nz = obj[obj > 12]
    gain = 255.0 / max(80.0, float(np.percentile(nz, 90)) if nz.size else 255.0)   # lift faint items
    objn = np.clip(obj.astype(np.float64) * gain, 0, 255)
    out = np.empty((T, H, W), np.uint8)
    for i in range(T):
        a = warp_object(objn, cx[i], cy[i], size[i], H, W)
        fg = lo + (hi - lo) * a
        alpha = np.clip(a * 2.0, 0, 1)
        f = bg[i].astype(np.float64) * (1 - alpha) + fg * alpha
        f = f * (1 + rng.normal(0, 0.02)) + rng.normal(0, sigma, (H, W))
        out[i] = np.clip(np.rint(f), 0, 255).astype(np.uint8)
    return out, bright


def background_range(n_frames, pool, frac=BG_TRAIN_FRAC):
    """[lo, hi) of the first frame a clip may start at: the training part or the test part."""
    cut = int(n_frames * frac)
    return (0, cut - T) if pool == "train" else (cut, n_frames - T)


def make_split(split, n_per_class, seed, X, bgs, profile=PROFILE_A):
    """One split: (clips uint8 [N,T,64,64], labels uint8 [N], rows of labels.csv)."""
    rng = np.random.default_rng([seed, SPLIT_STREAM.get(split, 3)])
    pool = "train" if split in ("train", "val") else "test"   # val: train objects + train part of each background
    labels = np.repeat(np.arange(len(CLASSES)), n_per_class); rng.shuffle(labels)
    clips = np.empty((len(labels), T, SIZE, SIZE), np.uint8)
    rows = []
    for i, lab in enumerate(labels):
        oi = int(rng.integers(len(X)))
        bi = int(rng.integers(len(bgs))); fr = bgs[bi]
        lo_, hi_ = background_range(len(fr), pool)
        st = int(rng.integers(lo_, max(lo_ + 1, hi_)))
        h, w = fr.shape[1:]
        yy = int(rng.integers(0, h - SIZE + 1)); xx = int(rng.integers(0, w - SIZE + 1))
        bg = fr[st:st + T, yy:yy + SIZE, xx:xx + SIZE]
        if rng.random() < 0.5: bg = bg[:, :, ::-1]   # mirror background only
        clips[i], bright = render_clip(X[oi], bg, int(lab), rng, profile)
        rows.append((oi, bi, st, "bright" if bright else "dark"))
    return clips, labels.astype(np.uint8), rows
