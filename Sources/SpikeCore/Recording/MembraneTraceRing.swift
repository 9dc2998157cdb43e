/// Membrane-potential traces of a few watched neurons in a fixed-capacity ring: once full, each
/// new sample overwrites the oldest. `record` never allocates. It only stores what a layer
/// holds, so both twins keep their traces in it (`MembraneTraceRecorder`, its float twin).
public struct MembraneTraceRing<Sample: AdditiveArithmetic & Sendable>: Sendable {
  /// Indices of the watched neurons in their layer.
  public let neurons: [Int]
  /// Samples kept per neuron.
  public let capacity: Int
  /// Samples, step after step, `neurons.count` per step.
  private var samples: [Sample]
  /// Ring slot the next sample goes to.
  private var nextSlot = 0
  /// Samples recorded since the last reset (may exceed `capacity`).
  public private(set) var recorded = 0

  /// Creates a recorder for `neurons` of a layer of `layerSize`, keeping `capacity` samples.
  public init(watching neurons: [Int], layerSize: Int, capacity: Int) throws(RecordingError) {
    try RecordingError.check("neurons.count", neurons.count, in: 1...4096)
    try RecordingError.check("capacity", capacity, in: 1...(1 << 20))
    for index in neurons where index < 0 || index >= layerSize {
      throw .neuronOutOfRange(index: index, layerSize: layerSize)
    }
    (self.neurons, self.capacity) = (neurons, capacity)
    samples = [Sample](repeating: .zero, count: capacity * neurons.count)
  }

  /// Samples currently held per neuron, `min(recorded, capacity)`.
  public var count: Int { min(recorded, capacity) }

  /// Records one step: the watched neurons' entries of `potentials` (the whole layer's state).
  public mutating func record(_ potentials: Span<Sample>) {
    let base = nextSlot * neurons.count
    for (slot, neuron) in neurons.enumerated() { samples[base + slot] = potentials[neuron] }
    nextSlot = nextSlot + 1 == capacity ? 0 : nextSlot + 1
    recorded += 1
  }

  /// Sample `age` of watched neuron `slot`, counting from the oldest held (0) to the newest
  /// (`count − 1`).
  public func sample(_ age: Int, slot: Int) -> Sample {
    precondition(age >= 0 && age < count && slot >= 0 && slot < neurons.count)
    let oldest = recorded > capacity ? nextSlot : 0
    let ring = (oldest + age) % capacity
    return samples[ring * neurons.count + slot]
  }

  /// The held trace of watched neuron `slot`, oldest first (allocates: for reading, not for
  /// the streaming path).
  public func trace(slot: Int) -> [Sample] {
    (0..<count).map { sample($0, slot: slot) }
  }

  /// Forgets every sample.
  public mutating func reset() {
    nextSlot = 0
    recorded = 0
  }
}

extension MembraneTraceRing: Equatable where Sample: Equatable {}

/// The integer layers' traces.
/// - Format: samples are the layer's `Int32` state values (signed 24-bit), unchanged.
public typealias MembraneTraceRecorder = MembraneTraceRing<Int32>
