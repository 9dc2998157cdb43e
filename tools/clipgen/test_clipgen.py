"""Tests of the clip generators: python3 -m unittest discover -s tools/clipgen -p 'test_*.py'
Most run without the sources (a small synthetic pool); the Gesture-9 check runs when the sources are
fetched (tools/fetch-sources.py --set gesture9) and is skipped otherwise."""
import copy, os, sys, tempfile, unittest
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from clipgen import camera, fetch, gesture9, objects, pools, recipes, runner, scenes, wide  # noqa: E402


class FakeBank:
    """A pool made of synthetic arrays: one 'video', one still, 100 square objects."""
    def __init__(self, pool="dev"):
        r = np.random.default_rng(7)
        self.pool = pool
        self.videos = {"v": (r.integers(0, 255, (40, 96, 128)).astype(np.uint8), 0, 40)}
        self.stills = {"s": (r.integers(0, 255, (192, 256))).astype(np.uint8)}
        self.video_keys, self.still_keys = ["v"], ["s"]
        sq = np.zeros((28, 28), np.uint8); sq[6:22, 6:22] = 255
        self.fmnist = np.repeat(sq[None], 100, 0); self.fmnist_labels = np.zeros(100, np.uint8)
        self.fmnist_offset = 0


def recipe(**change):
    r = copy.deepcopy(recipes.BASE)
    r.update(change)
    return r


def centroid_x(clip, bg_level):
    d = np.abs(clip.astype(np.float64) - bg_level) > 40
    xs = np.arange(clip.shape[2])[None, None, :]
    return (d * xs).sum(axis=(1, 2)) / np.maximum(d.sum(axis=(1, 2)), 1)


class PoolTests(unittest.TestCase):
    def test_pools_are_disjoint(self):
        self.assertTrue(pools.check())

    def test_a_still_in_two_pools_is_refused(self):
        saved = copy.deepcopy(pools.STILLS)
        try:
            pools.STILLS["dev"].append(pools.STILLS["train"][0])
            with self.assertRaises(AssertionError):
                pools.check()
        finally:
            pools.STILLS.clear(); pools.STILLS.update(saved)

    def test_overlapping_video_frames_are_refused(self):
        saved = copy.deepcopy(pools.VIDEOS)
        try:
            pools.VIDEOS["g9-bg0"]["test"] = (0.6, 1.0)
            with self.assertRaises(AssertionError):
                pools.check()
        finally:
            pools.VIDEOS.clear(); pools.VIDEOS.update(saved)


class CameraTests(unittest.TestCase):
    def test_fast_pan_moves_at_least_5_px_every_frame(self):
        for i in range(20):
            dx, dy, *_ = camera.motion("fast-pan", 16, np.random.default_rng(i))
            self.assertGreaterEqual(float(np.hypot(np.diff(dx), np.diff(dy)).min()), 5.0 - 1e-9)

    def test_static_camera_shows_the_same_view(self):
        still = np.random.default_rng(1).integers(0, 255, (1, 192, 256)).astype(np.float64)
        dx, dy, z, roll, _ = camera.motion("static", 16, np.random.default_rng(2))
        cx, cy, s = camera.place(dx, dy, z, roll, 1.5, 192, 256, np.random.default_rng(3))
        v = camera.view(still, cx, cy, s, roll)
        self.assertEqual(float(np.abs(v - v[0]).max()), 0.0)

    def test_every_path_stays_inside_the_source(self):
        for kind in camera.KINDS:
            for i in range(10):
                rng = np.random.default_rng(i)
                dx, dy, z, roll, _ = camera.motion(kind, 16, rng)
                cx, cy, s = camera.place(dx, dy, z, roll, 1.0, 96, 128, rng)
                half = 32 * s * (np.abs(np.cos(roll)) + np.abs(np.sin(roll)))
                self.assertTrue(np.all(cx - half >= -1) and np.all(cx + half <= 129), kind)


class ClipTests(unittest.TestCase):
    def test_label_is_the_object_motion_not_the_camera(self):
        bank = FakeBank()
        for cam in ("static", "fast-pan"):
            r = recipe(scene="wall", camera=cam, noise=(0.0, 0.0), flicker=(0.0, 0.0))
            for label, sign in ((1, -1), (2, 1)):            # left, right
                clip, row = wide.render(label, r, bank, np.random.default_rng(label))
                level = np.median(clip[0])
                x = centroid_x(clip, level)
                self.assertEqual(np.sign(x[-1] - x[0]), sign, (cam, label))

    def test_empty_none_has_no_object(self):
        bank = FakeBank()
        r = recipe(scene="wall", none="empty", noise=(0.0, 0.0), flicker=(0.0, 0.0))
        clip, row = wide.render(0, r, bank, np.random.default_rng(3))
        self.assertEqual(row[wide.COLUMNS.index("object")], "-")
        blocks = clip.astype(np.float64).reshape(16, 8, 8, 8, 8).mean(axis=(2, 4))   # 8x8-pixel means: no blob
        self.assertLess(float(np.abs(blocks - blocks[0]).max()), 5)
        r["none"] = "still"
        clip, row = wide.render(0, r, bank, np.random.default_rng(3))
        blocks = clip.astype(np.float64).reshape(16, 8, 8, 8, 8).mean(axis=(2, 4))
        self.assertGreater(float(np.abs(blocks[0] - np.median(blocks[0])).max()), 40)   # an object is there
        self.assertLess(float(np.abs(blocks - blocks[0]).max()), 5)                    # and does not move

    def test_same_seed_same_bytes_with_any_number_of_processes(self):
        bank = FakeBank()
        labels = wide.balanced_labels(3, 5, 0)
        one = np.concatenate([c for c, _ in runner.render(bank, labels, recipes.TRAINING, 5, 0, jobs=1, chunk=4)])
        two = np.concatenate([c for c, _ in runner.render(bank, labels, recipes.TRAINING, 5, 0, jobs=2, chunk=4)])
        self.assertEqual(one.tobytes(), two.tobytes())

    def test_silhouettes_are_hand_sized_and_soft(self):
        for i in range(20):
            mask, pose = objects.silhouette_mask(np.random.default_rng([pools.SILHOUETTE_FAMILY["dev"], i]))
            area = mask.mean()
            self.assertTrue(0.05 < area < 0.6, (i, pose, area))
            self.assertTrue(np.any((mask > 0.05) & (mask < 0.95)))   # soft edges


@unittest.skipUnless(fetch.Sources().verify("g9-bg0") if os.path.exists(fetch.Sources().path("g9-bg0")) else False,
                     "sources not fetched (tools/fetch-sources.py --set gesture9)")
class Gesture9Tests(unittest.TestCase):
    def test_ci_sized_gesture9_has_the_published_sha256(self):
        src = fetch.Sources()
        bgs = gesture9.load_backgrounds(src)
        for split, (n, clips_sha, labels_sha) in gesture9.PUBLISHED["train=20,test=10"].items():
            X, y, _ = gesture9.load_objects(src, split)
            clips, labels, _ = gesture9.make_split(split, n // 9, 1, X, bgs)
            self.assertEqual(scenes.media.sha256_array(clips), clips_sha)
            self.assertEqual(scenes.media.sha256_array(labels), labels_sha)


if __name__ == "__main__":
    unittest.main()
