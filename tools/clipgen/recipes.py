"""The training-set mix and the robustness suite's conditions (recipes for wide.render)."""
import copy

PROFILE_A = dict(size=(18, 30), travel=(0.45, 0.75), jitter=(0.6, 0.6), zoom=(2.0, 3.0), radius=(0.14, 0.24),
                 turns=(0.75, 1.0))                 # Gesture-9's profile A
PROFILE_WIDE = dict(size=(10, 46), travel=(0.25, 1.05), jitter=(0.3, 1.3), zoom=(1.5, 4.0), radius=(0.08, 0.32),
                    turns=(0.6, 1.3))

# Slower gestures than PROFILE_WIDE reaches (make-training-set.py --slow): short travel, little zoom,
# small circles.
PROFILE_SLOW = dict(travel=(0.10, 0.35), zoom=(1.2, 1.8), radius=(0.04, 0.12), turns=(0.5, 1.0))

# Training (TRAIN pool) and its development split (DEV pool): every condition of the suite, mixed.
TRAINING = dict(
    scene={"video": 0.35, "still": 0.40, "wall": 0.25},
    camera={"static": 0.30, "slow-pan": 0.18, "fast-pan": 0.10, "shake": 0.14, "zoom": 0.06, "roll": 0.05,
            "zoom-roll": 0.05, "combined": 0.12},
    lighting={"normal": 0.70, "dark": 0.15, "low-contrast": 0.15},
    object={"fmnist": 0.45, "silhouette": 0.35, "crop": 0.20},
    none={"jitter": 0.35, "still": 0.25, "empty": 0.25, "scene-motion": 0.15},
    profile=PROFILE_WIDE, noise=(1.0, 14.0), flicker=(0.0, 0.12), spin=(0.0, 0.6),
)

# Transition windows (transitions.py) for the training set: the training mix, plus the quiet on each
# side of the gesture, how long a present object rests there, how often it fades in or out (else it
# comes and goes at once), and the share of `none` windows among them.
TRANSITIONS = dict(TRAINING, quiet={"absent": 0.5, "still": 0.25, "jitter": 0.25}, hold=(3, 40), fade=0.5,
                   fade_frames=(2, 4), none_share=0.5)

# The suite's base: a textured static scene (a still, camera still), Fashion-MNIST of the split's pool,
# Gesture-9's profile A, noise and flicker; each condition changes one thing.
BASE = dict(scene="still", camera="static", lighting="normal", object="fmnist", none="jitter",
            profile=PROFILE_A, noise=(2.0, 6.0), flicker=(0.02, 0.02), spin=(0.0, 0.4))


def _cond(name, description, labels="all", **change):
    r = copy.deepcopy(BASE)
    prof = change.pop("profile", {})
    r.update(change)
    r["profile"] = dict(r["profile"], **prof)
    return dict(name=name, kind="clips", description=description, labels=labels, recipe=r)


CONDITIONS = [
    _cond("plain-wall", "plain static wall (nearly textureless, slight gradient and lighting), camera still", scene="wall"),
    _cond("textured-static", "textured static scene (a still photo), camera still: the base of every row"),
    _cond("video-static", "real video background with its own motion, camera still (as Gesture-9)", scene="video"),
    _cond("slow-pan", "camera pans slowly (0.4-2 px/frame) over a still scene", camera="slow-pan"),
    _cond("fast-pan", "camera pans fast (5-8 px/frame) over a still scene", camera="fast-pan"),
    _cond("shake", "hand-held camera shake (a few px and a degree frame to frame)", camera="shake"),
    _cond("zoom-roll", "camera zooms (x1.2-1.6) and rolls (6-20 degrees) over the clip", camera="zoom-roll"),
    _cond("small-objects", "small objects (9-14 px)", profile=dict(size=(9, 14))),
    _cond("large-objects", "large objects (36-48 px)", profile=dict(size=(36, 48))),
    _cond("slow-motion", "slow object motion (travel 15-30 % of the width, zoom x1.3-1.6, circles r 6-10 %)",
          profile=dict(travel=(0.15, 0.30), zoom=(1.3, 1.6), radius=(0.06, 0.10), turns=(0.6, 0.8))),
    _cond("fast-motion", "fast object motion (travel 90-120 %, zoom x3.5-5, circles r 24-32 % 1.2-1.6 turns)",
          profile=dict(travel=(0.90, 1.20), zoom=(3.5, 5.0), radius=(0.24, 0.32), turns=(1.2, 1.6))),
    _cond("sensor-noise", "heavy sensor noise (sigma 12-22)", noise=(12.0, 22.0)),
    _cond("flicker", "exposure flicker (gain swings 6-15 % frame to frame)", flicker=(0.06, 0.15)),
    _cond("low-contrast", "low contrast (the scene and object at 15-35 % contrast)", lighting="low-contrast"),
    _cond("dark", "dark scene (15-35 % of the light)", lighting="dark"),
    _cond("hand-silhouettes", "hand and arm silhouettes (open, spread, pointing, fist), both polarities", object="silhouette"),
    _cond("natural-crops", "natural-image crops behind a soft mask", object="crop"),
    _cond("none-empty", "nothing happening: an empty static scene (still or wall), no object", labels="none",
          none="empty", scene={"still": 0.7, "wall": 0.3}),
    _cond("none-still-object", "nothing happening: a motionless object on a static scene", labels="none", none="still"),
    _cond("none-scene-motion", "nothing happening: a video scene with its own motion, no object", labels="none",
          none="scene-motion"),
]

STREAMS = [
    dict(name="stream-static", kind="stream", scene="still", quiet="absent",
         description="continuous streams over a static scene (a still): gestures of 16 frames, quiet stretches of 24-60 frames with no object"),
    dict(name="stream-wall", kind="stream", scene="wall", quiet="absent",
         description="continuous streams over a plain wall: gestures of 16 frames, quiet stretches of 24-60 frames with no object"),
    dict(name="stream-still-object", kind="stream", scene="still", quiet="still",
         description="continuous streams over a static scene (a still): gestures of 16 frames, quiet stretches of 24-60 frames "
                     "in which one object stays in view, motionless, where its last gesture ended"),
]
