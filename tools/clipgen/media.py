"""Decoding and small file helpers. Decoding goes through the ffmpeg CLI only, so one decoder
(the one `tools/setup-data.sh` installs) makes every array; `pools.py` checks the decoded sha256."""
import gzip, hashlib, struct, subprocess, zlib
import numpy as np


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def sha256_array(a):
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()


def load_idx_gz(path):
    b = gzip.open(path).read()
    nd = struct.unpack(">I", b[:4])[0] & 0xFF
    dims = struct.unpack(">" + "I" * nd, b[4:4 + 4 * nd])
    return np.frombuffer(b, np.uint8, offset=4 + 4 * nd).reshape(dims)


def decode_gray(src, height, fps_target):
    """Gesture-9's decoder, unchanged: src = video path or 'pattern|start_number|fps' (image sequence).
    Keeps every round(fps / fps_target)-th frame, area-scales to `height`, gray. Returns uint8 [N,H,W]."""
    if "|" in src:
        pat, start, fps = src.split("|")
        inp = ["-framerate", fps, "-start_number", start, "-i", pat]
        fps = float(fps)
    else:
        inp = ["-i", src]
        r = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                            "stream=r_frame_rate", "-of", "csv=p=0", src], check=True, capture_output=True, text=True).stdout.strip().split(",")[0]
        n, d = r.split("/"); fps = float(n) / float(d)
    step = max(1, int(round(fps / fps_target)))
    vf = f"select='not(mod(n\\,{step}))',scale=-2:{height}:flags=area,format=gray"
    p = subprocess.run(["ffmpeg", "-v", "error"] + inp + ["-vf", vf, "-vsync", "0", "-f", "rawvideo", "-"],
                       check=True, capture_output=True)
    probe = subprocess.run(["ffmpeg", "-v", "error"] + inp + ["-vf", vf, "-frames:v", "1", "-f", "image2pipe", "-vcodec", "pgm", "-"],
                           check=True, capture_output=True).stdout
    w, h = map(int, probe.split(b"\n")[1].split())
    return np.frombuffer(p.stdout, np.uint8).reshape(-1, h, w)


def decode_still(path, height):
    """One image, area-scaled to `height` px (width keeps the aspect, even), gray. Returns uint8 [H,W]."""
    vf = f"scale=-2:{height}:flags=area,format=gray"
    probe = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-vf", vf, "-frames:v", "1", "-f", "image2pipe",
                            "-vcodec", "pgm", "-"], check=True, capture_output=True).stdout
    w, h = map(int, probe.split(b"\n")[1].split())
    return np.frombuffer(probe[-w * h:], np.uint8).reshape(h, w).copy()


def write_pgm(path, img):
    with open(path, "wb") as f:
        f.write(b"P5\n%d %d\n255\n" % (img.shape[1], img.shape[0])); f.write(img.tobytes())


def write_png(path, img):
    """8-bit gray PNG without an imaging library (for looking at frames)."""
    h, w = img.shape
    raw = b"".join(b"\0" + np.ascontiguousarray(img[i], np.uint8).tobytes() for i in range(h))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))
