"""RefNet-v1 in snnTorch on PyTorch CPU, one thread (tools/bench-peers/REFNET.md).

`snn.Leaky(beta=0.875, threshold=23999.5, reset_mechanism="zero", reset_delay=False)` on
`nn.Linear(1024, 400, bias=False)` holding the spec's initial weights, input from `spikegen.rate`
with p = (pixel >> 2) / 256. Lateral inhibition (8000 per other spike, floor -16000) and the
pair-based STDP (traces 0.75 x + 64 capped at 127; LTD W -= x_post/32 on pre spikes, LTP
W += x_pre/16 on post spikes, W kept in 0..127) are written by hand as rank-1 `addr_` updates plus
clamps. Float32 and torch's own RNG: spike trains differ from the reference, so the check values
are printed but not compared.

--impl step     nn.Linear on one step's input vector at a time
--impl batcht   nn.Linear over the 16 steps of a frame at once (infer only)
"""

import numpy as np
import torch
import torch.nn as nn
import snntorch as snn
from snntorch import spikegen

import refnet_common as rc


def run(args, batch_t):
    torch.set_num_threads(1)
    torch.manual_seed(1)
    fc = nn.Linear(rc.NIN, rc.NEXC, bias=False)
    lif = snn.Leaky(beta=0.875, threshold=23999.5, reset_mechanism="zero", reset_delay=False)
    train = args.mode == "train"
    fnv = rc.Fnv1a()
    clock = rc.Clock()
    in_t = exc_t = 0
    with torch.no_grad():
        fc.weight.copy_(torch.from_numpy(rc.initial_weights().astype(np.float32).T.copy()))
        W = fc.weight  # (400, 1024): out x in
        mem = torch.zeros(rc.NEXC)
        xpre = torch.zeros(rc.NIN)
        xpost = torch.zeros(rc.NEXC)
        for f in range(args.frames + args.warmup):
            if f == args.warmup:
                clock.start()
            p = torch.from_numpy((rc.frame(f) >> 2).astype(np.float32) / 256.0)
            S = spikegen.rate(p, num_steps=rc.T)  # (16, 1024) of 0/1
            Iall = fc(S) if batch_t else None
            counts = torch.zeros(rc.NEXC)
            fexc = 0
            for t in range(rc.T):
                I = Iall[t] if batch_t else fc(S[t])
                spk, mem = lif(I, mem)
                n = int(spk.sum())
                if n:
                    mem = torch.clamp(mem - rc.INHIB * (n - spk), min=rc.VMIN)
                    counts += spk
                if train:
                    xpre.mul_(0.75)
                    xpost.mul_(0.75)
                    xpre = torch.clamp(xpre + 64 * S[t], max=127)
                    W.addr_(xpost / 32, S[t], alpha=-1)  # LTD on pre spikes, post traces before bump
                    W.clamp_(min=0)
                    if n:
                        xpost = torch.clamp(xpost + 64 * spk, max=127)
                        W.addr_(spk, xpre / 16)  # LTP on post spikes
                        W.clamp_(max=127)
                fexc += n
            fnv.update(counts.to(torch.uint8).numpy())
            if f >= args.warmup:
                in_t += int(S.sum())
                exc_t += fexc
        clock.stop()
        wsum = int(round(float(W.double().sum())))
    return clock, in_t, exc_t, fnv.hex(), wsum


def main():
    args = rc.parse_args(__doc__.splitlines()[0], ["step", "batcht"])
    if args.impl == "batcht" and args.mode == "train":
        raise SystemExit("Error: --impl batcht is infer only (STDP changes W every step); use --impl step")
    res = run(args, args.impl == "batcht")
    rc.report(args, "snntorch", f"snntorch {snn.__version__} torch {torch.__version__} f32 {args.impl}", *res, exact=False)


if __name__ == "__main__":
    main()
