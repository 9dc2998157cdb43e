/// How the presynaptic neurons of a projection are chosen for each target neuron.
public enum ConnectionScheme: Sendable, Equatable {
  /// Every source to every target.
  case allToAll
  /// Each pair independently with probability `perMille / 1000`.
  case fixedProbability(perMille: Int)
  /// Each target receives exactly `inDegree` distinct sources, chosen uniformly.
  case fixedInDegree(Int)
  /// Local receptive fields: the source is a `width × height` image with `channels` spike
  /// channels per pixel (index `(y·width + x)·channels + c`); the target layer's columns tile it
  /// row-major with a `patch × patch` window moved by `stride`, and every neuron of column `c`
  /// sees that column's patch.
  case receptiveFields(width: Int, height: Int, channels: Int, patch: Int, stride: Int)
}

/// The sign a projection's weights act with (the paper's `pre_is_excitate` flag). Weights keep
/// whatever sign their clamps allow; the flag negates the whole projection.
public enum SynapseSign: Sendable, Equatable {
  /// Adds `w << wExp` to the target's current.
  case excitatory
  /// Subtracts `w << wExp` from the target's current.
  case inhibitory
}

/// Where a projection's spikes come from.
public enum SpikeSource: Sendable, Equatable {
  /// The network's input planes.
  case input
  /// The layer with this index in `NetworkDescription.layers`.
  case layer(Int)
}

/// Initial weights, drawn from the network's seeded Xorshift32 and scaled by fan-in:
/// `w = (total + u) / fanIn + jitterDraw`, where `u` is uniform in `0..<fanIn` (so the mean
/// `total / fanIn` is dithered, not truncated) and `jitterDraw` is uniform in `−jitter…jitter`,
/// then clamped to `minimum…maximum`.
/// - Format: every value is in Int8 weight units (before the `wExp` shift).
public struct WeightInitialization: Sendable, Equatable {
  /// The summed weight a target receives over its whole fan-in (the paper's J0).
  public var total: Int
  /// Half-width of the uniform per-synapse jitter.
  public var jitter: Int
  /// Lower clamp, also used by learning.
  public var minimum: Int8
  /// Upper clamp, also used by learning.
  public var maximum: Int8

  /// Creates an initialisation rule.
  public init(total: Int, jitter: Int = 0, minimum: Int8 = 0, maximum: Int8 = 127) {
    (self.total, self.jitter, self.minimum, self.maximum) = (total, jitter, minimum, maximum)
  }
}

/// The learning rule a projection runs while a network learns.
public enum Plasticity: Sendable, Equatable {
  /// Static weights.
  case none
  /// Unsupervised trace STDP.
  case stdp(STDPParameters)
  /// Reward-modulated STDP through eligibility traces.
  case rstdp(RSTDPParameters)
}

/// One projection of a network: source, target layer, connectivity, weights and learning.
public struct ProjectionDescription: Sendable, Equatable {
  /// The presynaptic spikes.
  public var source: SpikeSource
  /// Index of the target layer.
  public var target: Int
  /// Connectivity.
  public var scheme: ConnectionScheme
  /// Initial weights and clamps.
  public var weights: WeightInitialization
  /// Left shift `wExp` (0…7) from Int8 weight units to current units.
  public var weightExponent: Int32
  /// Excitatory or inhibitory.
  public var sign: SynapseSign
  /// Learning rule.
  public var plasticity: Plasticity

  /// Creates a projection description.
  public init(
    source: SpikeSource, target: Int, scheme: ConnectionScheme = .allToAll,
    weights: WeightInitialization, weightExponent: Int32 = 0, sign: SynapseSign = .excitatory,
    plasticity: Plasticity = .none
  ) {
    (self.source, self.target, self.scheme, self.weights, self.weightExponent, self.sign,
     self.plasticity) =
      (source, target, scheme, weights, weightExponent, sign, plasticity)
  }
}
