/// Spike raster: for every neuron, the steps at which it fired, in a preallocated row of
/// `capacityPerNeuron` entries (HyTSSN's spike EventRecorder, without its growing list).
/// Spikes past a full row are counted in `dropped` and not stored; `record` never allocates.
public struct SpikeRaster: Sendable, Equatable {
  /// Number of neurons recorded.
  public let neuronCount: Int
  /// Spike steps kept per neuron.
  public let capacityPerNeuron: Int
  /// Spike steps, neuron after neuron, `capacityPerNeuron` slots each.
  private var steps: [Int32]
  /// Steps stored per neuron.
  public private(set) var counts: [Int32]
  /// Spikes that did not fit their neuron's row.
  public private(set) var dropped = 0

  /// Creates an empty raster (neurons 1…2²⁴, capacity 1…2²⁰ per neuron).
  public init(neuronCount: Int, capacityPerNeuron: Int) throws(RecordingError) {
    try RecordingError.check("neuronCount", neuronCount, in: 1...(1 << 24))
    try RecordingError.check("capacityPerNeuron", capacityPerNeuron, in: 1...(1 << 20))
    (self.neuronCount, self.capacityPerNeuron) = (neuronCount, capacityPerNeuron)
    steps = [Int32](repeating: 0, count: neuronCount * capacityPerNeuron)
    counts = [Int32](repeating: 0, count: neuronCount)
  }

  /// Records the spikes of plane `plane` of `spikes` as happening at step `time`.
  public mutating func record(_ spikes: SpikePlanes, plane: Int, time: Int32) {
    precondition(
      spikes.count == neuronCount,
      "spike planes of \(spikes.count) channels, raster of \(neuronCount)")
    precondition(plane >= 0 && plane < spikes.timesteps)
    let base = plane * spikes.wordsPerPlane
    for w in 0..<spikes.wordsPerPlane {
      var word = spikes.words[base + w]
      while word != 0 {
        let neuron = w * 64 + word.trailingZeroBitCount
        word &= word - 1  // clear the lowest set bit
        let stored = Int(counts[neuron])
        if stored < capacityPerNeuron {
          steps[neuron * capacityPerNeuron + stored] = time
          counts[neuron] += 1
        } else {
          dropped += 1
        }
      }
    }
  }

  /// Records every plane of `spikes`, plane t at step `firstTime + t`.
  public mutating func recordAll(_ spikes: SpikePlanes, firstTime: Int32) {
    for t in 0..<spikes.timesteps { record(spikes, plane: t, time: firstTime + Int32(t)) }
  }

  /// The stored spike steps of one neuron, oldest first (a view, no copy).
  public func spikeSteps(of neuron: Int) -> ArraySlice<Int32> {
    let start = neuron * capacityPerNeuron
    return steps[start..<(start + Int(counts[neuron]))]
  }

  /// Spikes stored over all neurons.
  public var storedSpikes: Int {
    var total = 0
    for count in counts { total += Int(count) }
    return total
  }

  /// Forgets every spike.
  public mutating func reset() {
    for i in 0..<neuronCount { counts[i] = 0 }
    dropped = 0
  }
}
