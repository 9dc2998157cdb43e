"""Tests of the clip generators: python3 -m unittest discover -s tools/clipgen -p 'test_*.py'
Most run without the sources (a small synthetic pool); the Gesture-9 check runs when the sources are
fetched (tools/fetch-sources.py --set gesture9) and is skipped otherwise."""
import copy, os, sys, tempfile, unittest
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from clipgen import camera, fetch, gesture9, objects, pools, recipes, runner, scenes, streams, transitions, wide  # noqa: E402


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


class TransitionTests(unittest.TestCase):
    def test_window_label_rule(self):
        # the gesture's 16 frames start at window frame s; the classifier sees frames 1..15
        for s in range(-40, 41):
            k = len(set(range(s, s + 16)) & set(range(1, 16)))
            self.assertEqual(transitions.gesture_frames(s), k, s)
            got = transitions.window_label(4, s)
            if k >= 13:
                self.assertEqual(got, 4, s)
            elif k <= 3:
                self.assertEqual(got, 0, s)
            else:
                self.assertIsNone(got, s)
        self.assertEqual(transitions.window_label(7, 0), 7)         # frames 1..15 all gesture
        self.assertEqual(transitions.window_label(7, 4), None)      # 12 gesture frames: ambiguous
        self.assertEqual(transitions.window_label(7, 13), 0)        # 3 gesture frames: none
        self.assertEqual(transitions.window_label(7, -12), 0)

    def test_only_clear_windows_are_made(self):
        bank, recipe = FakeBank(), copy.deepcopy(recipes.TRANSITIONS)
        col = {c: i for i, c in enumerate(transitions.COLUMNS)}
        for i in range(60):
            label = i % 9
            clip, row = transitions.render(label, recipe, bank, np.random.default_rng([3, i]))
            self.assertEqual(clip.shape, (16, 64, 64))
            k = row[col["gesture_frames"]]
            self.assertEqual(k, transitions.gesture_frames(row[col["gesture_start"]]))
            if label:
                self.assertGreaterEqual(k, 13)
                self.assertEqual(row[col["gesture"]], gesture9.CLASSES[label])
            else:
                self.assertLessEqual(k, 3)
            self.assertFalse(3 < k < 13)

    def test_absent_object_appears_with_the_gesture(self):
        # quiet = absent, appearing at once: no object before the gesture's first frame, one from it on
        bank = FakeBank()
        recipe = dict(copy.deepcopy(recipes.TRANSITIONS), quiet="absent", fade=0.0, scene="wall", camera="static",
                      object="fmnist", lighting="normal", noise=(0.0, 0.0), flicker=(0.0, 0.0))
        col = {c: i for i, c in enumerate(transitions.COLUMNS)}
        seen = 0
        for i in range(40):
            clip, row = transitions.render(0, recipe, bank, np.random.default_rng([4, i]))
            s = row[col["gesture_start"]]
            if not 0 < s < 16:
                continue
            seen += 1
            blocks = clip.astype(np.float64).reshape(16, 8, 8, 8, 8).mean(axis=(2, 4))    # 8x8-pixel means
            diff = np.abs(blocks - blocks[0]).reshape(16, -1).max(axis=1)
            self.assertTrue(np.all(diff[:s] < 4), (s, diff))           # the empty wall, as in frame 0
            self.assertTrue(np.all(diff[s:] > 10), (s, diff))          # the object from frame s on
        self.assertGreater(seen, 5)

    def test_fades_ramp_the_object_in(self):
        self.assertEqual([transitions._visibility(d, 0, 3) for d in (1, 2, 3, 4)], [0.75, 0.5, 0.25, 0.0])
        self.assertEqual([transitions._visibility(d, 5, 0) for d in (1, 5, 6)], [1.0, 1.0, 0.0])

    def test_mix_keeps_the_wide_clips_in_place_and_balances_gestures(self):
        labels = wide.balanced_labels(50, 1, 0)
        items = transitions.mix(labels, 0.2, 0.5, 1, 0, 2)
        self.assertEqual(len(items), len(labels))
        kept = [(i, it) for i, it in enumerate(items) if it[0] == "wide"]
        self.assertTrue(all(it == ("wide", int(labels[i]), 0, i) for i, it in kept))
        for c in range(9):                                   # each class gives 10 of its 50 places
            self.assertEqual(sum(1 for _, it in kept if it[1] == c), 40)
        t = [it[1] for it in items if it[0] == "transition"]
        self.assertEqual(len(t), 90)
        self.assertEqual(len({t.count(c) for c in range(1, 9)}), 1)     # gesture windows balanced
        self.assertEqual([it[3] for it in items if it[0] == "transition"], list(range(90)))
        self.assertEqual(transitions.mix(labels, 0.0, 0.5, 1, 0, 2), [("wide", int(l), 0, i) for i, l in enumerate(labels)])

    def test_mixed_run_same_bytes_with_any_number_of_processes(self):
        bank = FakeBank()
        items = transitions.mix(wide.balanced_labels(2, 5, 0), 0.5, 0.5, 5, 0, 2)
        makers = {"wide": recipes.TRAINING, "transition": recipes.TRANSITIONS}
        one = np.concatenate([c for c, _ in runner.render_items(bank, items, makers, 5, jobs=1, chunk=4)])
        two = np.concatenate([c for c, _ in runner.render_items(bank, items, makers, 5, jobs=2, chunk=3)])
        self.assertEqual(one.tobytes(), two.tobytes())


class StreamTests(unittest.TestCase):
    def test_quiet_stretches_are_long_enough(self):
        bank = FakeBank()
        for quiet in streams.QUIET_KINDS:
            for k in range(3):
                frames, spans, _ = streams.render_stream("wall", bank, np.random.default_rng([9, k]), 7, quiet)
                gaps = streams.quiet_stretches(spans, len(frames))
                self.assertEqual(len(gaps), 8)
                self.assertGreaterEqual(min(gaps), streams.MIN_QUIET)
                self.assertTrue(all(e - s == 16 and 1 <= lab <= 8 for s, e, lab in spans))
        self.assertEqual(streams.quiet_stretches([(30, 46, 1), (80, 96, 2)], 130), [30, 34, 34])

    def test_still_object_stays_in_view_and_motionless_between_gestures(self):
        bank = FakeBank()
        frames, spans, _ = streams.render_stream("wall", bank, np.random.default_rng(11), 7, "still")
        f = frames.astype(np.float64)
        level = np.median(f[0])
        quiet = np.ones(len(f), bool)
        for s, e, _ in spans:
            quiet[s:e] = False
        for t in np.flatnonzero(quiet):
            self.assertGreater(float(np.abs(f[t] - level).max()), 40, t)         # the object is there
        # 8x8-pixel means over the frame's mean (the exposure flicker's gain cancels)
        blocks = f.reshape(len(f), 8, 8, 8, 8).mean(axis=(2, 4)) / f.mean(axis=(1, 2))[:, None, None]
        edges = [0] + [x for s, e, _ in spans for x in (s, e)] + [len(f)]
        for a, b in zip(edges[::2], edges[1::2]):                                 # rests: only noise
            self.assertLess(float(np.abs(blocks[a:b] - blocks[a]).max()), 0.03, (a, b))
        for s, e, _ in spans:                                                     # moves in gestures
            self.assertGreater(float(np.abs(blocks[s:e] - blocks[s]).max()), 0.1, (s, e))

    def test_placed_paths_stay_in_view_and_leave_unplaced_recipes_alone(self):
        rng = np.random.default_rng(5)
        lo, hi = wide.IN_VIEW
        moved = 0
        for k in range(200):
            label = k % 9
            cx, cy, _ = gesture9.trajectory(label, 16, 64, 64, rng, recipes.PROFILE_WIDE | {"jitter": 0.5})
            px, py = wide.placed(cx, cy, {"place": 1.0}, rng)
            for a, b in ((cx, px), (cy, py)):
                step = b - a                               # moved as a whole: one offset per axis
                self.assertLess(float(np.ptp(step)), 1e-9)
                if a.min() >= lo and a.max() <= hi:        # a path that fits stays in view
                    self.assertGreaterEqual(float(b.min()), lo - 1e-9)
                    self.assertLessEqual(float(b.max()), hi + 1e-9)
                else:                                      # one with no room is left where it was
                    self.assertEqual(float(step[0]), 0.0)
            moved += abs(float(px[0] - cx[0])) > 4
        self.assertGreater(moved, 100)                     # most are moved by more than 4 px
        # no `place`, or a share of 0: the path is returned and nothing is drawn
        r1, r2 = np.random.default_rng(3), np.random.default_rng(3)
        x, y = np.full(16, 32.0), np.full(16, 30.0)
        for recipe_ in ({}, {"place": 0.0}):
            px, py = wide.placed(x, y, recipe_, r1)
            self.assertIs(px, x); self.assertIs(py, y)
        self.assertEqual(r1.random(), r2.random())

    def test_slow_profiles_shorten_the_gesture_and_leave_other_recipes_alone(self):
        recipe = dict(recipes.TRAINING)
        slow = dict(recipe, slow=1.0, slow_profile=recipes.PROFILE_SLOW)
        rng = np.random.default_rng(4)
        for _ in range(20):
            p = wide.draw_profile(slow, rng)
            for key in ("travel", "zoom", "radius", "turns"):
                self.assertEqual(p[key], tuple(recipes.PROFILE_SLOW[key]))
            self.assertEqual(p["size"], tuple(recipe["profile"]["size"]))
        # the slow ranges reach below the wide ones: shorter travel, less zoom, smaller circles
        for key in ("travel", "zoom", "radius"):
            self.assertLess(recipes.PROFILE_SLOW[key][0], recipes.PROFILE_WIDE[key][0])
        # no `slow`, or a share of 0: the same draw as before the option existed
        r1, r2 = np.random.default_rng(3), np.random.default_rng(3)
        for recipe_ in (recipe, dict(recipe, slow=0.0, slow_profile=recipes.PROFILE_SLOW)):
            p = wide.draw_profile(recipe_, r1)
            self.assertEqual(p["travel"], tuple(recipes.PROFILE_WIDE["travel"]))
            self.assertEqual(p["jitter"], r2.uniform(*recipes.PROFILE_WIDE["jitter"]))

    def test_absent_streams_are_unchanged(self):
        # the quiet="absent" path draws as before: the same frames as a stream made without the option
        bank = FakeBank()
        a, sa, _ = streams.render_stream("still", bank, np.random.default_rng(2), 3)
        b, sb, _ = streams.render_stream("still", bank, np.random.default_rng(2), 3, "absent")
        self.assertEqual(a.tobytes(), b.tobytes())
        self.assertEqual(sa, sb)


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
