#!/usr/bin/env python3
"""Writes the videos tools/check-board.sh plays on the board program and on `spikecam run`,
made from one AVI without any video tool, the same bytes on every machine:

    video-variants.py VIDEO.avi CLIPS.u8 OUT_DIR

- stream.mjpeg: the AVI's frames ('00dc' chunks) back to back, a raw MJPEG stream;
- damaged.avi: the AVI with two 3,000-byte runs zeroed at 1/3 and 1/2 of the file (frames
  that do not decode cleanly, to be skipped by both);
- truncated.avi: the damaged AVI cut 123 bytes past its middle (a recording cut short);
- clips-420.y4m and clips-mono.y4m: the 64x64 frames of CLIPS.u8 as YUV4MPEG2 streams (4:2:0
  with grey chroma, and luma only), and clips-cut.y4m: the 4:2:0 stream cut inside a frame.
"""
import os
import struct
import sys

source, clips, out = sys.argv[1], sys.argv[2], sys.argv[3]
data = open(source, "rb").read()
if data[:4] != b"RIFF" or data[8:12] != b"AVI ":
    sys.exit(f"video-variants: {source} is not an AVI")


def frames(start, end, depth=0):
    """The '00dc' chunk payloads between start and end, descending into RIFF/LIST."""
    found, offset = [], start
    while offset + 8 <= end:
        tag, size = data[offset:offset + 4], struct.unpack_from("<I", data, offset + 4)[0]
        body = offset + 8
        if tag in (b"RIFF", b"LIST") and depth < 4:
            found += frames(body + 4, min(end, body + size), depth + 1)
        elif tag == b"00dc" and size > 0:
            found.append(data[body:body + size])
        offset = body + size + (size & 1)
    return found


os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "stream.mjpeg"), "wb") as f:
    f.write(b"".join(frames(12, len(data))))
damaged = bytearray(data)
for at in (len(data) // 3, len(data) // 2):
    damaged[at:at + 3000] = bytes(3000)
open(os.path.join(out, "damaged.avi"), "wb").write(damaged)
open(os.path.join(out, "truncated.avi"), "wb").write(damaged[:len(data) // 2 + 123])

side = 64
luma = open(clips, "rb").read()
frames_64 = [luma[i:i + side * side] for i in range(0, len(luma) - side * side + 1, side * side)]
grey = bytes([128]) * (2 * (side // 2) * (side // 2))
y420 = b"YUV4MPEG2 W64 H64 F12:1 Ip A1:1 C420jpeg\n" + b"".join(
    b"FRAME\n" + f + grey for f in frames_64)
open(os.path.join(out, "clips-420.y4m"), "wb").write(y420)
open(os.path.join(out, "clips-mono.y4m"), "wb").write(
    b"YUV4MPEG2 W64 H64 F12:1 Cmono\n" + b"".join(b"FRAME\n" + f for f in frames_64))
open(os.path.join(out, "clips-cut.y4m"), "wb").write(y420[:len(y420) * 2 // 3])
