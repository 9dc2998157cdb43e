#!/usr/bin/env python3
"""Runs the RefNet-v1 peers and SpikeCam side by side and prints one table of medians.

Called by run.sh (which makes the virtualenv, builds the C program and, when the workload exists,
spikecam-bench). Every benchmark is a separate process on one thread; the benchmarks run as
interleaved rounds (A B C ... A B C ...) so that a noisy neighbour spreads over all of them, and the
table shows the median of the rounds. "CPU" figures use the process's CPU time over the timed
frames, so time-slicing by other processes does not count against them.

Exact peers (C, NumPy int-event, SpikeCam) have their check values compared with the spec's table
(tools/bench-peers/REFNET.md) on a run that is one of its rows; float peers cannot match and say "n/a".
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from refnet_common import CHECKS  # noqa: E402  (stdlib + NumPy only)

# Timed (frames, warmup) per peer and mode; full run / --quick. The C program and SpikeCam use
# rows of the check table, so every timed run is also verified.
PLANS = {
    "full": {
        "c": {"infer": (20000, 20), "train": (10000, 20)},
        "spikecam": {"infer": (20000, 20), "train": (10000, 20)},
        "numpy-int": {"infer": (1000, 10), "train": (400, 10)},
        "numpy-f32": {"infer": (500, 10), "train": (100, 10)},
        "numpy-f32-batcht": {"infer": (500, 10)},
        "snntorch": {"infer": (300, 10), "train": (200, 10)},
        "snntorch-batcht": {"infer": (300, 10)},
        "brian2-numpy": {"infer": (100, 10), "train": (30, 10)},
        "brian2-cython": {"infer": (300, 10), "train": (100, 10)},
        "brian2-standalone": {"infer": (300, 10), "train": (100, 10)},
    },
    "quick": {
        "c": {"infer": (200, 10), "train": (200, 10)},
        "spikecam": {"infer": (200, 10), "train": (200, 10)},
        "numpy-int": {"infer": (200, 10), "train": (200, 10)},
        "numpy-f32": {"infer": (20, 2), "train": (10, 2)},
        "numpy-f32-batcht": {"infer": (20, 2)},
        "snntorch": {"infer": (20, 2), "train": (10, 2)},
        "snntorch-batcht": {"infer": (20, 2)},
        "brian2-numpy": {"infer": (10, 2), "train": (5, 2)},
    },
}

LABELS = {
    "spikecam": "**SpikeCam** (`spikecam-bench refnet`, Swift)",
    "c": "C, int16 v, int8 W, event-driven (gcc -O3 -march=native)",
    "numpy-int": "NumPy int, event-driven (bit-exact)",
    "numpy-f32": "NumPy f32, dense `x @ W` per step",
    "numpy-f32-batcht": "NumPy f32, one GEMM per frame (16 steps)",
    "snntorch": "snnTorch, Linear per step (f32)",
    "snntorch-batcht": "snnTorch, Linear over 16 steps (f32)",
    "brian2-numpy": "Brian2, numpy target",
    "brian2-cython": "Brian2, cython target",
    "brian2-standalone": "Brian2, cpp_standalone (C++ timer: CPU = wall; RSS of the binary)",
}

EXACT = {"c", "numpy-int", "spikecam"}


def command(peer, mode, frames, warmup, py, snn_ref, spikecam):
    common = ["--mode", mode, "--frames", str(frames), "--warmup", str(warmup), "--json"]
    script = lambda name, impl: [py, os.path.join(HERE, name), "--impl", impl] + common  # noqa: E731
    return {
        "c": lambda: [snn_ref] + common,
        "spikecam": lambda: [spikecam, "refnet"] + common,
        "numpy-int": lambda: script("refnet_numpy.py", "int-event"),
        "numpy-f32": lambda: script("refnet_numpy.py", "f32"),
        "numpy-f32-batcht": lambda: script("refnet_numpy.py", "f32-batcht"),
        "snntorch": lambda: script("refnet_snntorch.py", "step"),
        "snntorch-batcht": lambda: script("refnet_snntorch.py", "batcht"),
        "brian2-numpy": lambda: script("refnet_brian2.py", "numpy"),
        "brian2-cython": lambda: script("refnet_brian2.py", "cython"),
        "brian2-standalone": lambda: script("refnet_brian2.py", "cpp_standalone"),
    }[peer]()


def child_env():
    """One thread everywhere; the workplace's OPENBLAS_CORETYPE/L2_SIZE (meant for old OpenBLAS
    builds) would make numpy's current OpenBLAS pick Haswell kernels instead of AVX-512 ones."""
    env = dict(os.environ)
    for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        env.pop(k, None)
    for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
        env[k] = "1"
    return env


def run_one(cmd, timeout):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, env=child_env(), timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout} s"
    except OSError as e:
        return None, str(e)
    for line in reversed(p.stdout.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line), None
            except json.JSONDecodeError:
                break
    tail = (p.stderr.strip().splitlines() or ["(no output)"])[-1]
    return None, f"exit {p.returncode}: {tail}"


def check_of(rec):
    """The check verdict of one record, computed here from the spec's table for every peer."""
    want = CHECKS.get((rec.get("mode"), rec.get("frames"), rec.get("warmup")))
    if want is None:
        return "no reference"
    got = (str(rec.get("fnv1a_features", "")).lower(), int(rec.get("weight_sum", -1)))
    return "match" if got == want else f"MISMATCH ({got[0]}, {got[1]})"


def fmt(x, digits=0):
    if x is None:
        return "–"
    if x >= 1e9:
        return f"{x / 1e9:.2f} G"
    if x >= 1e6:
        return f"{x / 1e6:.1f} M"
    return f"{x:,.{digits}f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--python", required=True, help="the virtualenv's python")
    ap.add_argument("--snn-ref", required=True, help="the built C program")
    ap.add_argument("--spikecam-bench", help="spikecam-bench binary with the refnet workload")
    ap.add_argument("--skip", action="append", default=[], metavar="PEER=REASON",
                    help="leave a peer out, with the reason shown in the table")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="few frames, one round: a smoke run")
    ap.add_argument("--modes", default="infer,train")
    ap.add_argument("--out", help="write every run's JSON record here (JSON lines)")
    ap.add_argument("--timeout", type=int, default=600)
    a = ap.parse_args()
    plan = PLANS["quick" if a.quick else "full"]
    rounds = 1 if a.quick and a.rounds == 5 else a.rounds
    modes = [m for m in a.modes.split(",") if m]
    skipped = dict(s.split("=", 1) if "=" in s else (s, "skipped") for s in a.skip)
    if not a.spikecam_bench:
        skipped.setdefault("spikecam", "spikecam-bench has no refnet workload")

    benches = [(p, m) for p in plan for m in modes if m in plan[p] and p not in skipped]
    runs = {b: [] for b in benches}
    errors = {}
    out = open(a.out, "w") if a.out else None
    t0 = time.time()
    for r in range(rounds):
        for (peer, mode) in benches:
            if (peer, mode) in errors:
                continue
            frames, warmup = plan[peer][mode]
            cmd = command(peer, mode, frames, warmup, a.python, a.snn_ref, a.spikecam_bench)
            rec, err = run_one(cmd, a.timeout)
            if rec is None:
                errors[(peer, mode)] = err
                print(f"  round {r + 1}: {peer} {mode}: FAILED ({err})", file=sys.stderr)
                continue
            rec.setdefault("mode", mode)
            rec.setdefault("frames", frames)
            rec.setdefault("warmup", warmup)
            rec["round"] = r + 1
            rec["check"] = check_of(rec) if peer in EXACT else "n/a (float, own RNG)"
            runs[(peer, mode)].append(rec)
            if out:
                out.write(json.dumps(dict(rec, bench=peer)) + "\n")
            print(f"  round {r + 1}/{rounds}: {peer:17s} {mode}: {rec['fps']:10.1f} fps wall, "
                  f"{rec['fps_cpu']:10.1f} CPU  [{rec['check']}]", file=sys.stderr)
    # Exact peers whose timed run is not a row of the table get one untimed check run at a row.
    checks = {}
    for (peer, mode), recs in runs.items():
        if peer in EXACT and recs and check_of(recs[0]) == "no reference":
            rec, err = run_one(command(peer, mode, 200, 10, a.python, a.snn_ref, a.spikecam_bench), a.timeout)
            if rec:
                rec.update(mode=mode, frames=200, warmup=10)
            checks[(peer, mode)] = check_of(rec) + f" ({mode} 200 10)" if rec else f"check run failed: {err}"
    if out:
        out.close()
    print(f"{rounds} round(s) in {time.time() - t0:.0f} s", file=sys.stderr)

    med = {}
    for b, recs in runs.items():
        recs = [r for r in recs if isinstance(r.get("fps_cpu"), (int, float)) and r["fps_cpu"] > 0]
        if not recs:
            continue
        m = lambda key: statistics.median(float(r.get(key) or 0) for r in recs)  # noqa: E731
        fpc = [r["fps_cpu"] for r in recs]
        med[b] = {
            "fps": m("fps"), "fps_cpu": statistics.median(fpc), "rss": m("peak_rss_mib"),
            "exc": m("exc_spikes_per_frame"), "inp": m("in_spikes_per_frame"),
            # synaptic events per CPU second, from the §4 fields so every peer is counted alike
            "ev": statistics.median((float(r.get("in_spikes_per_frame") or 0) * 400
                                     + float(r.get("exc_spikes_per_frame") or 0) * 399) * r["fps_cpu"]
                                    for r in recs),
            "spread": (max(fpc) - min(fpc)) / statistics.median(fpc) * 100 if len(fpc) > 1 else 0.0,
            "check": checks.get(b) or ("; ".join(sorted({r["check"] for r in recs}))),
        }

    for mode in modes:
        c = med.get(("c", mode))
        s = med.get(("spikecam", mode))
        print(f"\n### RefNet-v1 {mode}: medians of {rounds} round(s), one thread each\n")
        print("| peer | frames/s wall (CPU) | vs C (CPU) | SpikeCam × (CPU) | syn. events/s (CPU) "
              "| in / exc spikes per frame | peak RSS MiB | spread (CPU fps, min–max) | check values |")
        print("|---|---|---|---|---|---|---|---|---|")
        for peer in plan:
            if mode not in plan[peer]:
                continue
            label = LABELS[peer]
            if peer in skipped:
                print(f"| {label} | not run: {skipped[peer]} | | | | | | | |")
                continue
            m = med.get((peer, mode))
            if m is None:
                print(f"| {label} | not run: {errors.get((peer, mode), 'no result')} | | | | | | | |")
                continue
            vs_c = f"{m['fps_cpu'] / c['fps_cpu']:.3g}" if c else "–"
            by_s = f"{s['fps_cpu'] / m['fps_cpu']:.3g}" if s else "–"
            print(f"| {label} | {fmt(m['fps'])} ({fmt(m['fps_cpu'])}) | {vs_c} | {by_s} | {fmt(m['ev'])} "
                  f"| {m['inp']:.1f} / {m['exc']:.2f} | {m['rss']:.1f} | ±{m['spread'] / 2:.0f} % "
                  f"| {m['check']} |")
    print("\nvs C = peer CPU frames/s ÷ C's (1 = the C program; SpikeCam's target is ≥ 0.8 in infer). "
          "SpikeCam × = SpikeCam's CPU frames/s ÷ the peer's (target ≥ 50 for snnTorch infer, ≥ 20 train).")
    bad = [b for b, m in med.items() if "MISMATCH" in m["check"]]
    return 1 if bad or errors else 0


if __name__ == "__main__":
    sys.exit(main())
