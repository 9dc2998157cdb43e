import SpikeCore

/// Float twin of `MembraneTraceRecorder`: the same ring, holding the float layers' potentials.
public typealias FloatMembraneTraceRecorder = MembraneTraceRing<Float>
