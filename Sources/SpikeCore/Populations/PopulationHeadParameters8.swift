/// The integer R-STDP head's learned values.
///
/// Units: a frame's synaptic input to neuron i is `a_i = sat24((Σ_j w_ij · x_j) << stateShift)`
/// with `x_j` the int8 features; thresholds and inhibition are in the same 24-bit state units.
/// The float twin's values map to these by one per-tensor scale `s` (float weight = s · w):
/// `threshold_int = round(threshold_float · 2^stateShift / s)`.
public struct PopulationHeadParameters8: Sendable, Equatable {
  /// Weights `[neuron][feature]`, neuron-major (population p owns neurons p·N ..< (p+1)·N).
  public var weights: [Int8]
  /// Firing threshold per neuron (24-bit, > 0).
  public var thresholds: [Int32]
  /// Subtracted from every neuron of the other populations per spike, one step later.
  public var inhibition: Int32
  /// Subtracted from the other neurons of the spiking neuron's own population, one step later
  /// (competition inside a population, so its neurons specialise).
  public var selfInhibition: Int32
  /// Left shift of the int32 weighted sum into state units (0…16).
  public var stateShift: Int

  /// Makes parameters; `PopulationHead.init` checks them against the config.
  public init(
    weights: [Int8], thresholds: [Int32], inhibition: Int32, selfInhibition: Int32 = 0,
    stateShift: Int
  ) {
    (self.weights, self.thresholds, self.inhibition, self.selfInhibition, self.stateShift) =
      (weights, thresholds, inhibition, selfInhibition, stateShift)
  }

  /// Why these parameters cannot run with `config`, or nil when they can.
  public func problem(for config: PopulationHeadConfig) -> String? {
    if weights.count != config.neurons * config.features {
      return "weights has \(weights.count) values, expected \(config.neurons)×\(config.features)"
    }
    if thresholds.count != config.neurons {
      return "thresholds has \(thresholds.count) values, expected \(config.neurons)"
    }
    if !thresholds.allSatisfy({ $0 > 0 && $0 <= Widths.stateMax }) {
      return "thresholds must be in 1...\(Widths.stateMax)"
    }
    if inhibition < 0 || inhibition > Widths.stateMax || selfInhibition < 0
      || selfInhibition > Widths.stateMax
    {
      return "inhibition must be in 0...\(Widths.stateMax)"
    }
    if stateShift < 0 || stateShift > 16 { return "stateShift must be in 0...16" }
    return nil
  }
}
