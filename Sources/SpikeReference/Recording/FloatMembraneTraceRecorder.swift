import SpikeCore

/// Float twin of `MembraneTraceRecorder`: the same fixed-capacity ring, holding `Float`
/// potentials of the float layers.
public struct FloatMembraneTraceRecorder: Sendable, Equatable {
  /// Indices of the watched neurons in their layer.
  public let neurons: [Int]
  /// Samples kept per neuron.
  public let capacity: Int
  private var samples: [Float]
  private var nextSlot = 0
  /// Samples recorded since the last reset (may exceed `capacity`).
  public private(set) var recorded = 0

  /// Same arguments and validation as `MembraneTraceRecorder`.
  public init(watching neurons: [Int], layerSize: Int, capacity: Int) throws(RecordingError) {
    _ = try MembraneTraceRecorder(watching: neurons, layerSize: layerSize, capacity: 1)
    _ = try MembraneTraceRecorder(watching: [0], layerSize: 1, capacity: capacity)
    self.neurons = neurons
    self.capacity = capacity
    samples = [Float](repeating: 0, count: capacity * neurons.count)
  }

  /// Samples currently held per neuron.
  public var count: Int { min(recorded, capacity) }

  /// Records one step: the watched neurons' entries of `potentials`.
  public mutating func record(_ potentials: Span<Float>) {
    let base = nextSlot * neurons.count
    for (slot, neuron) in neurons.enumerated() { samples[base + slot] = potentials[neuron] }
    nextSlot = nextSlot + 1 == capacity ? 0 : nextSlot + 1
    recorded += 1
  }

  /// Sample `age` (0 = oldest held) of watched neuron `slot`.
  public func sample(_ age: Int, slot: Int) -> Float {
    precondition(age >= 0 && age < count && slot >= 0 && slot < neurons.count)
    let oldest = recorded > capacity ? nextSlot : 0
    return samples[((oldest + age) % capacity) * neurons.count + slot]
  }

  /// The held trace of watched neuron `slot`, oldest first (allocates).
  public func trace(slot: Int) -> [Float] { (0..<count).map { sample($0, slot: slot) } }

  /// Forgets every sample.
  public mutating func reset() {
    nextSlot = 0
    recorded = 0
  }
}
