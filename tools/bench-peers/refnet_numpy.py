"""RefNet-v1 in NumPy (tools/bench-peers/REFNET.md), one thread.

--impl int-event    the spec exactly: int8 W, int16-range membrane, the reference hash encoder,
                    `W[idx].sum(0)` over the spiking rows per step, vectorised integer STDP.
                    Bit-exact with snn_ref.c: same fnv1a_features and weight_sum.
--impl f32          the same equations in float32 (exact 0.875 leak, no integer floors),
                    dense `x @ W` per step, Bernoulli input from np.random; train uses np.outer.
--impl f32-batcht   as f32, but one GEMM for the 16 steps of a frame (infer only).
"""

import numpy as np

import refnet_common as rc


def run_int(args):
    W = rc.initial_weights()
    v = np.zeros(rc.NEXC, dtype=np.int32)
    xpre = np.zeros(rc.NIN, dtype=np.int16)
    xpost = np.zeros(rc.NEXC, dtype=np.int16)
    train = args.mode == "train"
    fnv = rc.Fnv1a()
    clock = rc.Clock()
    in_t = exc_t = 0
    for f in range(args.frames + args.warmup):
        if f == args.warmup:
            clock.start()
        S = rc.input_spikes(f, rc.frame(f))
        counts = np.zeros(rc.NEXC, dtype=np.int32)
        fin = fexc = 0
        for t in range(rc.T):
            idx = np.flatnonzero(S[t])
            I = W[idx].sum(0, dtype=np.int32)
            v = np.clip(v - (v >> 3) + I, -32768, 32767)
            s = v >= rc.VTH
            v[s] = 0
            n = int(s.sum())
            if n:
                v = np.maximum(v - rc.INHIB * (n - s.astype(np.int32)), rc.VMIN)
                counts += s
            if train:
                xpre = (3 * xpre) >> 2
                xpost = (3 * xpost) >> 2
                xpre[idx] = np.minimum(xpre[idx] + 64, 127)
                ltd = (xpost >> 5).astype(np.int8)
                if ltd.any():
                    W[idx] = np.maximum(W[idx] - ltd, 0)
                if n:
                    post = np.flatnonzero(s)
                    xpost[post] = np.minimum(xpost[post] + 64, 127)
                    W[:, post] = np.minimum(W[:, post].astype(np.int16) + (xpre >> 4)[:, None], 127).astype(np.int8)
            fin += idx.size
            fexc += n
        fnv.update(counts)
        if f >= args.warmup:
            in_t += fin
            exc_t += fexc
    clock.stop()
    return clock, in_t, exc_t, fnv.hex(), int(W.sum(dtype=np.int64))


def run_f32(args, batch_t):
    rng = np.random.default_rng(1)
    W = rc.initial_weights().astype(np.float32)
    v = np.zeros(rc.NEXC, dtype=np.float32)
    xpre = np.zeros(rc.NIN, dtype=np.float32)
    xpost = np.zeros(rc.NEXC, dtype=np.float32)
    train = args.mode == "train"
    fnv = rc.Fnv1a()
    clock = rc.Clock()
    in_t = exc_t = 0
    for f in range(args.frames + args.warmup):
        if f == args.warmup:
            clock.start()
        p = (rc.frame(f) >> 2).astype(np.float32) / 256.0
        S = (rng.random((rc.T, rc.NIN), dtype=np.float32) < p).astype(np.float32)
        Iall = S @ W if batch_t else None
        counts = np.zeros(rc.NEXC, dtype=np.int32)
        fexc = 0
        for t in range(rc.T):
            I = Iall[t] if batch_t else S[t] @ W
            v = np.float32(0.875) * v + I
            s = v >= rc.VTH
            v[s] = 0
            n = int(s.sum())
            if n:
                v = np.maximum(v - np.float32(rc.INHIB) * (n - s.astype(np.float32)), np.float32(rc.VMIN))
                counts += s
            if train:
                xpre *= np.float32(0.75)
                xpost *= np.float32(0.75)
                xpre = np.minimum(xpre + 64 * S[t], 127)
                W -= np.outer(S[t], xpost / 32)
                np.maximum(W, 0, out=W)
                sf = s.astype(np.float32)
                xpost = np.minimum(xpost + 64 * sf, 127)
                W += np.outer(xpre / 16, sf)
                np.minimum(W, 127, out=W)
            fexc += n
        fnv.update(counts)
        if f >= args.warmup:
            in_t += int(S.sum())
            exc_t += fexc
    clock.stop()
    return clock, in_t, exc_t, fnv.hex(), int(np.round(W.sum(dtype=np.float64)))


def main():
    args = rc.parse_args(__doc__.splitlines()[0], ["int-event", "f32", "f32-batcht"])
    if args.impl == "f32-batcht" and args.mode == "train":
        raise SystemExit("Error: --impl f32-batcht is infer only (STDP changes W every step); use --impl f32")
    if args.impl == "int-event":
        res = run_int(args)
    else:
        res = run_f32(args, args.impl == "f32-batcht")
    rc.report(args, "numpy", f"numpy {np.__version__} {args.impl}", *res, exact=args.impl == "int-event")


if __name__ == "__main__":
    main()
