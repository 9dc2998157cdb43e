/// The membrane equation a network layer's neurons follow (`LayerDescription.model`): the Loihi
/// CUBA LIF (docs/ARCHITECTURE.md, "Kernels"), or the paper's exponential LIF (ELIF) and
/// adaptive exponential LIF (AELIF) in network form. All three share the layer's synaptic
/// current, threshold `vTh`, reset, refractory period and adaptive threshold θ, so k-WTA,
/// inhibition, homeostasis and STDP work the same on each.
///
/// The exponential models' potentials are given relative to the layer's threshold, in 1/4096
/// of `vTh`, so one setting fits layers of any fan-in (thresholds scale with it). `vTh` is the
/// rheobase φ, where the exponential term equals Δ; a neuron fires when `v ≥ vTh + θ + peak`.
public enum NeuronModel: Sendable, Equatable {
  /// `v ← decay(v, dV) + i + bias`; spike when `v > vTh + θ` (strict, Lava's).
  case lif
  /// `v ← v + round(dV/4096 · (−v + Δ·e^((v − θ − vTh)/Δ))) + i + bias`; spike when
  /// `v ≥ vTh + θ + peak` (the paper's ≥). The leak `dV` is the Euler factor dt/τ.
  case expLIF(ExponentialMembrane)
  /// The exponential LIF with an adaptation current w subtracted in the bracket:
  /// `w ← w + round(dt/τ_w · (a·min(v, cut-off) − w))` every step, `w += b` on a spike.
  case adEx(ExponentialMembrane, MembraneAdaptation)

  /// The model's name in configuration files: `lif`, `explif` or `adex`.
  public var name: String {
    switch self {
    case .lif: return "lif"
    case .expLIF: return "explif"
    case .adEx: return "adex"
    }
  }

  /// The exponential term's setting, nil for LIF.
  public var membrane: ExponentialMembrane? {
    switch self {
    case .lif: return nil
    case .expLIF(let m), .adEx(let m, _): return m
    }
  }

  /// The adaptation's setting, nil unless AdEx.
  public var adaptation: MembraneAdaptation? {
    if case .adEx(_, let a) = self { return a }
    return nil
  }

  /// The model named `name` with the paper's settings (`ExponentialMembrane.paper`,
  /// `MembraneAdaptation.paper`).
  public init(name: String) throws(ConfigError) {
    switch name {
    case "lif": self = .lif
    case "explif": self = .expLIF(.paper)
    case "adex": self = .adEx(.paper, .paper)
    default:
      throw .inconsistent("neuron model '\(name)' is not one of lif, explif, adex")
    }
  }

  /// Checks the ranges, and that the layer's voltage decay (the Euler factor of the
  /// exponential models) is not 0.
  public func validate(voltageDecay: Int32) throws(ConfigError) {
    guard let m = membrane else { return }
    try ConfigError.check("neuron sharpness (1/4096 of the threshold)", Int(m.sharpness), 1, 1 << 16)
    try ConfigError.check("neuron peak (1/4096 of the threshold)", Int(m.peak), 0, 1 << 16)
    if voltageDecay < 1 {
      throw .inconsistent(
        "the \(name) neuron needs a voltage decay (its dt/τ) of at least 1; the layer has 0")
    }
    if let a = adaptation {
      try ConfigError.check("adaptation coupling (Q12)", Int(a.coupling), -32768, 32768)
      try ConfigError.check("adaptation leak (12-bit fraction)", Int(a.leak), 1, 4096)
      try ConfigError.check("adaptation jump (1/4096 of the threshold)", Int(a.jump), 0, 1 << 16)
    }
  }

  /// The exponential term's constants in state units for a layer of threshold `threshold`:
  /// sharpness Δ (at least 1) and the spike cut-off above the rheobase.
  public static func absolute(_ m: ExponentialMembrane, threshold: Int32) -> (
    sharpness: Int32, peak: Int32
  ) {
    (
      Int32(max(1, min(Int64(threshold) * Int64(m.sharpness) >> 12, Int64(Widths.stateMax)))),
      Int32(min(Int64(threshold) * Int64(m.peak) >> 12, Int64(Widths.stateMax)))
    )
  }

  /// The adaptation's spike-triggered jump in state units for a layer of threshold `threshold`.
  public static func absoluteJump(_ a: MembraneAdaptation, threshold: Int32) -> Int32 {
    Int32(min(Int64(threshold) * Int64(a.jump) >> 12, Int64(Widths.stateMax)))
  }
}

/// The exponential term of the ELIF and AELIF network neurons, relative to the layer's
/// threshold `vTh` (its rheobase).
public struct ExponentialMembrane: Sendable, Equatable {
  /// Sharpness Δ in 1/4096 of `vTh` (1…65536).
  public var sharpness: Int32
  /// Spike cut-off above the rheobase, in 1/4096 of `vTh` (0…65536).
  public var peak: Int32

  /// The paper's ELIF (rest −70 mV, rheobase −50, Δ = 2 mV, cut-off −30) with its 20 mV from
  /// rest to rheobase mapped onto `vTh`: Δ = vTh/10, cut-off vTh above the rheobase.
  public static let paper = ExponentialMembrane(sharpness: 410, peak: 4096)

  /// Creates a setting.
  public init(sharpness: Int32, peak: Int32) {
    (self.sharpness, self.peak) = (sharpness, peak)
  }
}

/// The adaptation current of the AELIF network neuron.
public struct MembraneAdaptation: Sendable, Equatable {
  /// Subthreshold coupling `a·R`, Q12 (4096 = 1), −32768…32768.
  public var coupling: Int32
  /// Euler factor `dt/τ_w`, a 12-bit fraction (1…4096).
  public var leak: Int32
  /// Spike-triggered increment `b`, in 1/4096 of the layer's threshold (0…65536).
  public var jump: Int32

  /// The paper's AELIF on the same scale as `ExponentialMembrane.paper`: a·R = 0.5,
  /// τ_w = 100 steps, b = 3 mV (3/20 of `vTh`).
  public static let paper = MembraneAdaptation(coupling: 2048, leak: 41, jump: 614)

  /// Creates a setting.
  public init(coupling: Int32, leak: Int32, jump: Int32) {
    (self.coupling, self.leak, self.jump) = (coupling, leak, jump)
  }
}
