"""Shared pieces of the RefNet-v1 peers (tools/bench-peers/REFNET.md): the portable hash, the synthetic
video, the initial weights, the encoder draw, the command line and the JSON record of §4.

Every peer imports only NumPy from here, so the numbers it prints mean the same thing everywhere.
"""

import argparse
import json
import resource
import sys
import time

import numpy as np

NIN, NEXC, T = 1024, 400, 16
VTH, INHIB, VMIN = 24000, 8000, -16000

# The spec's check table: (mode, frames, warmup) -> (fnv1a_features, weight_sum).
CHECKS = {
    ("infer", 200, 10): ("77826993", 12887719),
    ("train", 200, 10): ("094a4dac", 13482431),
    ("train", 400, 10): ("b3d50aac", 13480376),
    ("infer", 20000, 20): ("2180d775", 12887719),
    ("train", 10000, 20): ("3edddcbc", 13481211),
}


def lowbias32(x):
    """The spec's 32-bit hash on a uint32 array (wrap-around multiplies)."""
    x = np.asarray(x, dtype=np.uint32)
    x = x ^ (x >> np.uint32(16))
    x = x * np.uint32(0x7FEB352D)
    x = x ^ (x >> np.uint32(15))
    x = x * np.uint32(0x846CA68B)
    x = x ^ (x >> np.uint32(16))
    return x


_P = np.arange(NIN, dtype=np.uint32)
_TI = (np.arange(T, dtype=np.uint32)[:, None] * np.uint32(NIN)) + _P[None, :]


def frame(f):
    """Pixels of synthetic frame f (uint8, 1024)."""
    return (lowbias32((np.uint32((f * NIN) & 0xFFFFFFFF) + _P) ^ np.uint32(0x9E3779B9)) >> np.uint32(24)).astype(np.uint8)


def input_spikes(f, pixel):
    """The reference encoder: a (16, 1024) bool array of frame f's input spikes."""
    base = np.uint32((f * T * NIN) & 0xFFFFFFFF)
    h = lowbias32((base + _TI) ^ np.uint32(0xE2C4A7F1)) >> np.uint32(24)
    return h < (pixel >> 2).astype(np.uint32)[None, :]


def initial_weights():
    """W[i][j] (int, 1024 x 400, i-major), 0..63."""
    n = np.arange(NIN * NEXC, dtype=np.uint32)
    return (lowbias32(n ^ np.uint32(0x3C6EF372)) >> np.uint32(26)).astype(np.int8).reshape(NIN, NEXC)


class Fnv1a:
    """FNV-1a-32 over the per-frame spike-count bytes."""

    def __init__(self):
        self.h = 0x811C9DC5

    def update(self, counts):
        h = self.h
        for b in np.asarray(counts, dtype=np.uint8).tobytes():
            h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
        self.h = h

    def hex(self):
        return f"{self.h:08x}"


def read_peak_rss_mib():
    """VmHWM (starts afresh at exec, unlike ru_maxrss, which keeps the forking parent's peak)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def parse_args(description, impls):
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--mode", choices=["infer", "train"], default="infer")
    ap.add_argument("--frames", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--impl", choices=impls, default=impls[0])
    ap.add_argument("--json", action="store_true", help="print one JSON object (REFNET.md, "Measures")")
    a = ap.parse_args()
    if a.frames < 1 or a.warmup < 0:
        ap.error("--frames must be >= 1 and --warmup >= 0")
    return a


class Clock:
    """Wall and process-CPU time of the timed frames."""

    def start(self):
        self.w, self.c = time.perf_counter(), time.process_time()

    def stop(self):
        self.seconds = time.perf_counter() - self.w
        self.cpu_seconds = time.process_time() - self.c


def report(args, peer, impl, clock, in_timed, exc_timed, fnv_hex, weight_sum, exact, extra=None,
           peak_rss_mib=None):
    """Prints the §4 record. `exact` says whether the peer claims bit-exactness (then the check
    values are compared with the spec's table when the run is one of its rows)."""
    frames = args.frames
    events = in_timed * NEXC + exc_timed * (NEXC - 1)
    if peak_rss_mib is None:
        peak_rss_mib = read_peak_rss_mib()
    want = CHECKS.get((args.mode, args.frames, args.warmup))
    if not exact:
        check = "n/a"
    elif want is None:
        check = "no reference"
    else:
        check = "match" if (fnv_hex, int(weight_sum)) == want else "MISMATCH"
    rec = {
        "peer": peer, "impl": impl, "mode": args.mode, "frames": frames, "warmup": args.warmup,
        "seconds": clock.seconds, "cpu_seconds": clock.cpu_seconds,
        "fps": frames / clock.seconds, "fps_cpu": frames / clock.cpu_seconds,
        "in_spikes_per_frame": in_timed / frames, "exc_spikes_per_frame": exc_timed / frames,
        "syn_events_per_s": events / clock.seconds, "syn_events_per_s_cpu": events / clock.cpu_seconds,
        "peak_rss_mib": round(peak_rss_mib, 2),
        "fnv1a_features": fnv_hex, "weight_sum": int(weight_sum), "check": check,
    }
    if extra:
        rec.update(extra)
    if args.json:
        print(json.dumps(rec))
    else:
        print(f"RefNet-v1 {peer} ({impl}) {args.mode}: {frames} frames (+{args.warmup} warm-up)")
        print(f"  {rec['fps']:.1f} frames/s wall, {rec['fps_cpu']:.1f} CPU, {rec['syn_events_per_s']:.3g} syn events/s")
        print(f"  in spikes/frame {rec['in_spikes_per_frame']:.1f}, exc spikes/frame {rec['exc_spikes_per_frame']:.2f}")
        print(f"  fnv1a_features {fnv_hex}  weight_sum {int(weight_sum)}  check {check}  peak RSS {rec['peak_rss_mib']} MiB")
    sys.stdout.flush()
    return rec
