#!/usr/bin/env python3
"""Turn a folder of ordinary videos into a SpikeCam data set with held-out splits.

  python3 tools/videos_to_dataset.py --videos VIDEOS --out DATASET [--val 0.2] [--test 0.2]

VIDEOS holds one sub-folder per label (its name is the class name), each with video files in
any format ffmpeg decodes (MP4/H.264, AVI, MOV, MKV, WebM, ...). Every video is decoded by
ffmpeg at --fps frames per second (default 12), its luma plane taken as it is (as SpikeCam
reads a camera's YUYV or JPEG luma; videos without one are converted to gray), then
preprocessed exactly as SpikeCam's live input (`Preprocess.gesture9`: integer area downscale
to 96 px high, centre crop 64x64), and cut into clips of --frames frames (default 16) starting
every --step frames (default: --frames, so clips do not overlap); a leftover shorter than a clip
is dropped.

Splits are by video, never by clip: all clips of a video are in the same split. Within each
label the videos are ordered by a seeded hash of their path inside VIDEOS, and the first
round(n * test) go to test, the next round(n * val) to val, the rest to train (a label with 2
or more videos keeps at least one for training and, when the fraction is above 0, gives at
least one to each held-out split it can). The same videos, options and seed give the same
data set, byte for byte.

DATASET (created; it must not exist or be empty) is SpikeCam's clip-folder layout: clip_NNNNN/
frame_NNNN.pgm, labels.csv (clip,label,split), meta.json (classes, T, H, W) and videos.csv
(video, label, split, clips), so `spikecam train --data DATASET` trains on the train split,
keeps the epoch that scores best on val, and `spikecam eval --data DATASET` scores test.
"""
import argparse
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys

import numpy as np

VIDEO_SUFFIXES = {".mp4", ".m4v", ".mov", ".avi", ".mkv", ".webm", ".mpg", ".mpeg", ".wmv",
                  ".flv", ".3gp", ".ogv", ".ts", ".mts", ".y4m", ".mjpeg", ".gif"}
SCALED_HEIGHT, OUT_W, OUT_H = 96, 64, 64


class Refused(Exception):
    pass


def probe_size(path):
    """(width, height) of the first video stream."""
    run = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                          "stream=width,height", "-of", "csv=p=0:s=x", path],
                         capture_output=True, text=True)
    try:
        w, h = (int(v) for v in run.stdout.strip().split("x")[:2])
    except ValueError:
        raise Refused(f"{path}: ffprobe finds no video stream ({run.stderr.strip()[:200]})")
    return w, h


def network_frames(path, fps, chunk=16):
    """Every frame of the video at `fps`, preprocessed: [frames, 64, 64] uint8. ffmpeg's output
    is read `chunk` frames at a time, so memory does not grow with the video's length."""
    w, h = probe_size(path)
    size = w * h
    last = ""
    # The luma plane as stored (no range conversion); a video without one (RGB) becomes gray.
    for plane in ("extractplanes=y", "format=gray"):
        command = ["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-map", "0:v:0", "-vf",
                   f"fps={fps},{plane}", "-f", "rawvideo", "-pix_fmt", "gray", "-"]
        out = []
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as ffmpeg:
            while True:
                data = ffmpeg.stdout.read(size * chunk)
                if len(data) < size:
                    break
                n = len(data) // size
                out.append(preprocess(np.frombuffer(data[:n * size], np.uint8).reshape(n, h, w)))
        if ffmpeg.returncode == 0:
            return np.concatenate(out) if out else np.zeros((0, OUT_H, OUT_W), np.uint8)
        if out:  # failed part-way: not a format problem
            break
    run = subprocess.run(command[:command.index("-f")] + ["-frames:v", "1", "-f", "null", "-"],
                         capture_output=True, text=True)
    raise Refused(f"{path}: ffmpeg cannot decode it ({run.stderr.strip()[-300:]})")


def preprocess(frames):
    """SpikeCam's `Preprocess.apply` on [n, H, W] luma: the rounded mean of each output pixel's
    source footprint (nearest rows/columns when upscaling), then the centre crop; integers
    throughout, so the result equals SpikeCam's bit for bit. Rows are summed first, then
    columns (running sums, so each footprint costs two subtractions)."""
    n, h, w = frames.shape
    sw = max(OUT_W, (w * SCALED_HEIGHT + h // 2) // h)
    sh = SCALED_HEIGHT
    crop_x, crop_y = (sw - OUT_W) // 2, (sh - OUT_H) // 2
    sy = np.arange(OUT_H) + crop_y
    y0 = sy * h // sh
    y1 = np.maximum(y0 + 1, (sy + 1) * h // sh)
    sx = np.arange(OUT_W) + crop_x
    x0 = sx * w // sw
    x1 = np.maximum(x0 + 1, (sx + 1) * w // sw)
    rows = np.zeros((n, h + 1, w), np.int32)  # 255 * rows fits in 32 bits
    np.cumsum(frames, axis=1, dtype=np.int32, out=rows[:, 1:])
    band = (rows[:, y1] - rows[:, y0]).astype(np.int64)  # [n, 64, W]
    columns = np.zeros((n, OUT_H, w + 1), np.int64)
    np.cumsum(band, axis=2, out=columns[:, :, 1:])
    sums = columns[:, :, x1] - columns[:, :, x0]
    count = (y1 - y0)[:, None] * (x1 - x0)[None, :]
    return ((sums + count // 2) // count).astype(np.uint8)


def pgm(frame):
    return b"P5\n%d %d\n255\n" % (frame.shape[1], frame.shape[0]) + frame.tobytes()


def assign_splits(videos, val, test, seed):
    """{video: split} for one label's videos (paths relative to the videos folder)."""
    order = sorted(videos, key=lambda v: hashlib.sha256(f"{seed}:{v}".encode()).hexdigest())
    n = len(order)
    n_test, n_val = round(n * test), round(n * val)
    if n >= 2:
        n_test = max(n_test, 1 if test > 0 else 0)
        n_val = max(n_val, 1 if val > 0 and n - n_test >= 2 else 0)
        while n_test + n_val > n - 1:  # keep a video for training
            if n_val > 0:
                n_val -= 1
            else:
                n_test -= 1
    else:
        n_test = n_val = 0
    return {v: ("test" if i < n_test else "val" if i < n_test + n_val else "train")
            for i, v in enumerate(order)}


def find_videos(folder):
    labels = {}
    for label in sorted(os.listdir(folder)):
        path = os.path.join(folder, label)
        if label.startswith(".") or not os.path.isdir(path):
            continue
        found = []
        for root, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if os.path.splitext(name)[1].lower() in VIDEO_SUFFIXES:
                    found.append(os.path.relpath(os.path.join(root, name), folder))
        if found:
            labels[label] = found
    if len(labels) < 2:
        raise Refused(f"{folder}: needs one sub-folder of videos per label, at least two labels "
                      f"(found {len(labels)})")
    for label in labels:
        if not label.isprintable() or len(label.encode()) > 64 or "," in label:
            raise Refused(f"{folder}/{label}: a label is 1 to 64 printable bytes without commas")
    return labels


def convert(a):
    labels = find_videos(a.videos)
    if os.path.exists(a.out) and os.listdir(a.out):
        raise Refused(f"{a.out}: exists and is not empty; choose a new folder")
    step = a.step or a.frames
    temporary = a.out.rstrip("/") + ".tmp"
    shutil.rmtree(temporary, ignore_errors=True)
    os.makedirs(temporary)
    rows, videos_rows, number = [], [], 0
    for label, videos in labels.items():
        splits = assign_splits(videos, a.val, a.test, a.seed)
        for video in videos:
            frames = network_frames(os.path.join(a.videos, video), a.fps)
            clips = 0
            for start in range(0, len(frames) - a.frames + 1, step):
                name = "clip_%05d" % number
                os.makedirs(os.path.join(temporary, name))
                for t in range(a.frames):
                    with open(os.path.join(temporary, name, "frame_%04d.pgm" % t), "wb") as fh:
                        fh.write(pgm(frames[start + t]))
                rows.append((name, label, splits[video]))
                number += 1
                clips += 1
            videos_rows.append((video, label, splits[video], clips))
            print(f"{video}: {len(frames)} frames -> {clips} clips ({splits[video]})",
                  file=sys.stderr)
    with open(os.path.join(temporary, "labels.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["clip", "label", "split"])
        w.writerows(rows)
    with open(os.path.join(temporary, "videos.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["video", "label", "split", "clips"])
        w.writerows(videos_rows)
    with open(os.path.join(temporary, "meta.json"), "w") as fh:
        json.dump({"classes": list(labels), "T": a.frames, "H": OUT_H, "W": OUT_W,
                   "fps": a.fps, "source": "tools/videos_to_dataset.py"}, fh, indent=1)
        fh.write("\n")
    if os.path.exists(a.out):
        os.rmdir(a.out)
    os.rename(temporary, a.out)
    counts = {s: sum(1 for r in rows if r[2] == s) for s in ("train", "val", "test")}
    print(f"wrote {a.out}: {len(rows)} clips of {len(labels)} labels from "
          f"{len(videos_rows)} videos; train {counts['train']}, val {counts['val']}, "
          f"test {counts['test']} clips")
    for s in ("train", "val", "test"):
        if counts[s] == 0 and (s == "train" or getattr(a, s) > 0):
            print(f"warning: split '{s}' has no clips; add videos (splits are by video)",
                  file=sys.stderr)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--videos", required=True, help="folder with one sub-folder of videos per label")
    p.add_argument("--out", required=True, help="data set folder to create")
    p.add_argument("--val", type=float, default=0.2, help="fraction of each label's videos (0.2)")
    p.add_argument("--test", type=float, default=0.2, help="fraction of each label's videos (0.2)")
    p.add_argument("--seed", type=int, default=1, help="seed of the split (default 1)")
    p.add_argument("--fps", type=float, default=12, help="frames per second (default 12)")
    p.add_argument("--frames", type=int, default=16, help="frames per clip (default 16)")
    p.add_argument("--step", type=int, help="frames between clip starts (default --frames)")
    a = p.parse_args(argv)
    if not (0 <= a.val < 1 and 0 <= a.test < 1 and a.val + a.test < 1):
        p.error("--val and --test are fractions with val + test < 1")
    if a.frames < 2 or (a.step is not None and a.step < 1) or a.fps <= 0:
        p.error("--frames must be at least 2, --step at least 1, --fps above 0")
    if shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None:
        sys.exit("Error: needs ffmpeg and ffprobe (Debian: apt-get install ffmpeg)")
    try:
        convert(a)
    except Refused as e:
        sys.exit(f"Error: {e}")


if __name__ == "__main__":
    main()
