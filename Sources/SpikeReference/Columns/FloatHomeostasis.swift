public import SpikeCore

/// Float twin of `Homeostasis`: every `window` steps θ moves by `gain · (count − target)`.
public struct FloatHomeostasis: Sendable, Equatable {
  /// Parameters (the integer description; its values are exact in float).
  public let parameters: HomeostasisParameters
  /// Spikes per neuron in the current window.
  public internal(set) var counts: [Int32]
  /// Steps into the current window.
  public internal(set) var phase: Int

  /// Creates the state for `count` neurons.
  public init(count: Int, parameters: HomeostasisParameters) throws(ConfigError) {
    try parameters.validate()
    self.parameters = parameters
    counts = [Int32](repeating: 0, count: count)
    phase = 0
  }

  /// Starts a new window.
  public mutating func reset() {
    for j in counts.indices { counts[j] = 0 }
    phase = 0
  }

  /// Counts one step's spikes; at the end of a window adjusts θ of `layer`.
  public mutating func update(spikes: [Bool], layer: inout FloatLIFLayer) {
    for j in counts.indices where spikes[j] { counts[j] += 1 }
    phase += 1
    if phase < parameters.window { return }
    for j in counts.indices {
      layer.adjustTheta(j, by: Float(parameters.gain) * Float(counts[j] - parameters.target))
      counts[j] = 0
    }
    phase = 0
  }
}
