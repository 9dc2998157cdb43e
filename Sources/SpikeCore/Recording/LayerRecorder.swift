/// What one layer of a network did, step by step, for pictures and diagnostics: every spike in a
/// `SpikeRaster`, the membrane voltage of watched neurons in a `MembraneTraceRecorder`, and the
/// input spikes of each step. Everything is allocated in `init`; recording never allocates.
public struct LayerRecorder: Sendable {
  /// The recorded layer's index in the network.
  public let layer: Int
  /// Spike steps per neuron.
  public private(set) var raster: SpikeRaster
  /// Voltages of the watched neurons.
  public private(set) var traces: MembraneTraceRecorder
  /// Input spikes per recorded step (the first `steps` entries).
  public private(set) var inputSpikes: [Int32]
  /// Steps recorded so far.
  public private(set) var steps = 0
  /// One step's spikes, as the raster takes them.
  private var plane: SpikePlanes

  /// Records layer `layer` of `neurons` neurons for up to `capacity` steps (each neuron's first
  /// `capacity` spikes), watching the voltages of `watching`.
  public init(layer: Int, neurons: Int, watching: [Int], capacity: Int) throws(RecordingError) {
    try RecordingError.check("layer", layer, in: 0...64)
    self.layer = layer
    raster = try SpikeRaster(neuronCount: neurons, capacityPerNeuron: capacity)
    traces = try MembraneTraceRecorder(watching: watching, layerSize: neurons, capacity: capacity)
    inputSpikes = [Int32](repeating: 0, count: capacity)
    plane = SpikePlanes(count: neurons, timesteps: 1)
  }

  /// Records one step: the layer's packed spikes, its voltages and the step's input spikes.
  /// Steps past `capacity` are not stored (the raster counts their spikes as dropped).
  public mutating func record(spikeWords: [UInt64], voltage: [Int32], inputSpikes n: Int) {
    for w in plane.words.indices { plane.words[w] = spikeWords[w] }
    raster.record(plane, plane: 0, time: Int32(truncatingIfNeeded: steps))
    if steps < inputSpikes.count {
      traces.record(voltage.span)
      inputSpikes[steps] = Int32(clamping: n)
    }
    steps += 1
  }

  /// Forgets everything recorded.
  public mutating func reset() {
    raster.reset()
    traces.reset()
    steps = 0
  }
}
