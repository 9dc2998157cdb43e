"""RefNet-v1 in Brian2, one thread (tools/bench-peers/REFNET.md).

One Brian2 time step (dt = 1 ms) is one spec step. Input is a `PoissonGroup` whose per-frame
rates come from a `TimedArray` (spike probability (pixel >> 2) / 256 per step). The 400 neurons
are a `NeuronGroup` with an exact exponential leak of 0.875 per step, threshold 24000, reset 0.
All-to-all `Synapses` add w on an input spike. Lateral inhibition is exc -> exc synapses (i != j)
subtracting 8000, followed by a `run_regularly` floor at -16000. The schedule is moved so one step
follows the spec order: thresholder `after_synapses`, inhibition and post-STDP `after_resets`.
Train mode uses the classic event-driven STDP synapse with the spec's constants (traces decay
0.75 per step, +64 capped at 127; LTD w -= apost/32 on pre, LTP w += apre/16 on post, w in 0..127).

The warm-up frames are one `run()` (it includes code generation and, for cython, compilation);
the timed frames are one more `run()`. Float and Brian2's RNG: check values are not compared.

--impl numpy | cython    Brian2's code-generation target (runtime mode, one thread)
--impl cpp_standalone    generated C++ program (openmp_threads = 0), built under
                         .build/peers/brian2-standalone-MODE; time is Brian2's own C++ timer of the
                         timed run() (wall; the CPU figure equals it), peak RSS is the simulation
                         binary's (/usr/bin/time), not the Python process's.
"""

import math
import os

import numpy as np

import refnet_common as rc


def run(args):
    import brian2 as b2
    from brian2 import ms, Hz

    standalone = args.impl == "cpp_standalone"
    if standalone:
        workdir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".build", "peers",
                               f"brian2-standalone-{args.mode}")
        b2.set_device("cpp_standalone", directory=workdir, build_on_run=False)
        b2.prefs.devices.cpp_standalone.openmp_threads = 0
        rss_file = os.path.join(os.path.abspath(workdir), "maxrss.txt")
        b2.prefs.devices.cpp_standalone.run_cmd_unix = ["/usr/bin/time", "-f", "%M", "-o", rss_file, "./main"]
    else:
        b2.prefs.codegen.target = args.impl
    b2.prefs.logging.console_log_level = "ERROR"
    b2.seed(1)
    b2.start_scope()
    b2.defaultclock.dt = 1 * ms
    total = args.frames + args.warmup
    train = args.mode == "train"

    frame_rates = np.stack([(rc.frame(f) >> 2).astype(np.float64) / 256.0 for f in range(total)]) * 1000.0
    ta = b2.TimedArray(frame_rates * Hz, dt=rc.T * ms)
    P = b2.PoissonGroup(rc.NIN, rates="ta(t, i)", namespace={"ta": ta})
    tau = -1 * ms / math.log(0.875)
    taut = -1 * ms / math.log(0.75)
    G = b2.NeuronGroup(rc.NEXC, "dv/dt = -v/tau : 1", threshold="v >= 24000", reset="v = 0",
                       method="exact", namespace={"tau": tau})
    G.thresholder["spike"].when = "after_synapses"

    if train:
        S = b2.Synapses(P, G, model="""w : 1
                                       dapre/dt = -apre/taut : 1 (event-driven)
                                       dapost/dt = -apost/taut : 1 (event-driven)""",
                        on_pre="""v_post += w
                                  apre = clip(apre + 64, 0, 127)
                                  w = clip(w - apost/32, 0, 127)""",
                        on_post="""apost = clip(apost + 64, 0, 127)
                                   w = clip(w + apre/16, 0, 127)""",
                        namespace={"taut": taut})
    else:
        S = b2.Synapses(P, G, model="w : 1", on_pre="v_post += w")
    # Explicit i-major indices, so the weights can be set before the run on every device.
    pre = np.repeat(np.arange(rc.NIN), rc.NEXC)
    post = np.tile(np.arange(rc.NEXC), rc.NIN)
    S.connect(i=pre, j=post)
    S.w = rc.initial_weights().astype(np.float64).ravel()
    if train:
        S.post.when = "after_resets"

    inh = b2.Synapses(G, G, on_pre="v_post -= 8000")
    inh.connect(condition="i != j")
    inh.pre.when = "after_resets"
    floor = G.run_regularly("v = clip(v, -16000, 1e9)", when="after_resets", order=1)
    in_mon = b2.PopulationRateMonitor(P)
    exc_mon = b2.SpikeMonitor(G)
    net = b2.Network(P, G, S, inh, floor, in_mon, exc_mon)

    if args.warmup:
        net.run(args.warmup * rc.T * ms)
    clock = rc.Clock()
    clock.start()
    net.run(args.frames * rc.T * ms)
    clock.stop()
    rss = None
    if standalone:
        b2.device.build(directory=workdir, compile=True, run=True, with_output=False)
        clock.seconds = clock.cpu_seconds = b2.device._last_run_time
        with open(rss_file) as fh:
            rss = int(fh.read().split()[-1]) / 1024.0

    first = args.warmup * rc.T
    in_per_step = np.rint(np.asarray(in_mon.rate / Hz) * 1e-3 * rc.NIN).astype(np.int64)
    in_t = int(in_per_step[first:].sum())
    steps = np.rint(np.asarray(exc_mon.t / ms)).astype(np.int64)
    exc_t = int((steps >= first).sum())
    counts = np.zeros((total, rc.NEXC), dtype=np.int64)
    np.add.at(counts, (steps // rc.T, np.asarray(exc_mon.i[:])), 1)
    fnv = rc.Fnv1a()
    for f in range(total):
        fnv.update(counts[f])
    wsum = int(round(float(np.sum(S.w[:]))))
    return (clock, in_t, exc_t, fnv.hex(), wsum), rss


def main():
    args = rc.parse_args(__doc__.splitlines()[0], ["cython", "numpy", "cpp_standalone"])
    import brian2
    res, rss = run(args)
    rc.report(args, "brian2", f"brian2 {brian2.__version__} {args.impl}", *res, exact=False, peak_rss_mib=rss)


if __name__ == "__main__":
    main()
