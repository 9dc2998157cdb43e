public import SpikeCore

/// Float twin of `PopulationHeadParameters8`: weights in real units (a frame's input to neuron
/// i is `Σ_j w_ij · x_j` with `x_j` the features), thresholds and inhibition in the same units.
public struct FloatPopulationHeadParameters: Sendable, Equatable {
  /// Weights `[neuron][feature]`, neuron-major.
  public var weights: [Float]
  /// Firing threshold per neuron (> 0).
  public var thresholds: [Float]
  /// Subtracted from every neuron of the other populations per spike, one step later.
  public var inhibition: Float
  /// Subtracted from the other neurons of the spiking neuron's own population, one step later.
  public var selfInhibition: Float

  /// Makes parameters.
  public init(
    weights: [Float], thresholds: [Float], inhibition: Float, selfInhibition: Float = 0
  ) {
    (self.weights, self.thresholds, self.inhibition, self.selfInhibition) =
      (weights, thresholds, inhibition, selfInhibition)
  }

  /// Seeded start for training: small positive weights (uniform in 0…`scale`) so every neuron
  /// is driven, unit thresholds (the trainer rescales them to the data) and no inhibition.
  public init(randomFor config: PopulationHeadConfig, seed: UInt64, scale: Float = 0.1) {
    var rng = SplitMix64(seed: seed &* 0xD1B5_4A32_D192_ED03 &+ 7)
    weights = (0..<config.neurons * config.features).map { _ in rng.uniform(0, scale) }
    thresholds = [Float](repeating: 1, count: config.neurons)
    inhibition = 0
    selfInhibition = 0
  }

  /// Why these parameters cannot run with `config`, or nil when they can.
  public func problem(for config: PopulationHeadConfig) -> String? {
    if weights.count != config.neurons * config.features {
      return "weights has \(weights.count) values, expected \(config.neurons)×\(config.features)"
    }
    if thresholds.count != config.neurons {
      return "thresholds has \(thresholds.count) values, expected \(config.neurons)"
    }
    if !thresholds.allSatisfy({ $0.isFinite && $0 > 0 }) { return "thresholds must be > 0" }
    if !weights.allSatisfy(\.isFinite) { return "weights must be finite" }
    if !(inhibition.isFinite && inhibition >= 0 && selfInhibition.isFinite && selfInhibition >= 0) {
      return "inhibition must be ≥ 0"
    }
    return nil
  }
}
