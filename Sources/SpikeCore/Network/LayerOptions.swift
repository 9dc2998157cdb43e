/// The paper's choices for one spiking layer, beside its sizes: the neuron model, how its
/// input projection connects, activity homeostasis, and the STDP kernel its input projection
/// learns with. The network factories (`corticalColumns`, `paperColumn`) take one per layer;
/// the default is each factory's built-in layer, unchanged.
public struct LayerOptions: Sendable, Equatable {
  /// The membrane equation.
  public var model: NeuronModel
  /// How the input projection connects; nil is the factory's own scheme (receptive fields for
  /// the classifier's columns, all-to-all for the paper's column).
  public var connection: ConnectionChoice?
  /// Activity homeostasis while learning; nil for none. Its `gain` is in 1/4096 of the layer's
  /// threshold here, so one setting fits layers of any fan-in; `apply` turns it into state units.
  public var homeostasis: HomeostasisParameters?
  /// The input projection's STDP (or R-STDP pairing) kernel.
  public var kernel: PaperKernel

  /// Creates options; the defaults are the factory's layer.
  public init(
    model: NeuronModel = .lif, connection: ConnectionChoice? = nil,
    homeostasis: HomeostasisParameters? = nil, kernel: PaperKernel = .exponential
  ) {
    (self.model, self.connection, self.homeostasis, self.kernel) =
      (model, connection, homeostasis, kernel)
  }

  /// Whether these are the factory's layer (nothing chosen).
  public var isDefault: Bool { self == LayerOptions() }

  /// Checks the ranges; the layer's own checks (neuron decays) run when the network is built.
  public func validate() throws(ConfigError) {
    if case .probability(let perMille) = connection {
      try ConfigError.check("connection probability (per mille)", perMille, 1, 1000)
    }
    if case .inDegree(let n) = connection { try ConfigError.check("in-degree", n, 1, 1 << 22) }
    try homeostasis?.validate()
  }

  /// The connection scheme of the input projection, given the factory's own (`builtIn`) and
  /// the receptive fields it would use (nil where the layer has none: there `.fields` is the
  /// built-in scheme, and the layer's configuration refuses it before a network is built).
  public func scheme(builtIn: ConnectionScheme, fields: ConnectionScheme?) -> ConnectionScheme {
    switch connection {
    case nil: return builtIn
    case .fields?: return fields ?? builtIn
    case .all?: return .allToAll
    case .probability(let perMille)?: return .fixedProbability(perMille: perMille)
    case .inDegree(let n)?: return .fixedInDegree(n)
    }
  }

  /// Puts the neuron model and homeostasis on layer `l` of `d` (thresholds are the layer's).
  public func apply(to d: inout NetworkDescription, layer l: Int) {
    d.layers[l].model = model
    d.layers[l].homeostasis = homeostasis.map {
      var inStateUnits = $0
      let gain = (Int64(d.layers[l].neuron.threshold) * Int64($0.gain)) >> 12
      inStateUnits.gain = Int32(min(gain, 1 << 16))
      return inStateUnits
    }
  }
}

/// How a layer's input projection connects (`LayerOptions.connection`).
public enum ConnectionChoice: Sendable, Equatable {
  /// Local receptive fields (patch and stride of the classifier's columns).
  case fields
  /// Every source to every neuron.
  case all
  /// Each pair with probability `perMille / 1000` (1…1000), drawn from the network's seed.
  case probability(perMille: Int)
  /// Each neuron from exactly this many distinct sources, drawn from the network's seed.
  case inDegree(Int)

  /// The name in configuration files: `fields`, `all`, `probability:0.050`, `in-degree:64`.
  public var name: String {
    switch self {
    case .fields: return "fields"
    case .all: return "all"
    case .probability(let perMille):
      let digits = String(perMille % 1000)
      let padded = String(repeating: "0", count: 3 - digits.count) + digits
      return "probability:\(perMille / 1000).\(padded)"
    case .inDegree(let n): return "in-degree:\(n)"
    }
  }
}

/// The paper's two STDP kernels (`STDPParameters.paperExponential`, `.paperFlat`).
public enum PaperKernel: Sendable, Equatable {
  /// `+2·e^(−Δ/5)` / `−0.66·e^(Δ/20)`.
  case exponential
  /// ±0.6 for lags 1…19.
  case flat

  /// The name in configuration files: `exponential` or `flat`.
  public var name: String { self == .exponential ? "exponential" : "flat" }

  /// The kernel named `name`.
  public init(name: String) throws(ConfigError) {
    switch name {
    case "exponential": self = .exponential
    case "flat": self = .flat
    default: throw .inconsistent("STDP kernel '\(name)' is not one of exponential, flat")
    }
  }

  /// The kernel's STDP parameters with one paper weight unit = `weightUnit` Int8 steps.
  public func parameters(weightUnit: Int32) -> STDPParameters {
    switch self {
    case .exponential: return .paperExponential(weightUnit: weightUnit)
    case .flat: return .paperFlat(weightUnit: weightUnit)
    }
  }
}

extension ConnectionScheme {
  /// The (expected) number of sources each neuron of a `postCount`-neuron layer receives from
  /// `preCount`: what thresholds and initial weights scale with.
  public func fanIn(preCount: Int) -> Int {
    switch self {
    case .allToAll: return preCount
    case .fixedProbability(let perMille): return max(1, (preCount * perMille + 500) / 1000)
    case .fixedInDegree(let n): return n
    case .receptiveFields(_, _, let channels, let patch, _): return patch * patch * channels
    }
  }
}
