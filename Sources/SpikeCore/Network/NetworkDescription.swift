/// One layer of LIF neurons organised as cortical columns.
public struct LayerDescription: Sendable, Equatable {
  /// Number of neurons (columns × neurons per column).
  public var count: Int
  /// Neuron parameters shared by the layer.
  public var neuron: LIFParameters
  /// Number of equal columns (1 = one pool; for class populations, one column per class).
  public var columns: Int
  /// k-WTA: spikes allowed per column per step; 0 = no limit.
  public var winners: Int
  /// Inhibition from a spike to the other neurons of its column (current units).
  public var lateralInhibition: Int32
  /// Inhibition from a spike to every neuron of the other columns (current units).
  public var mutualInhibition: Int32
  /// Optional windowed activity homeostasis.
  public var homeostasis: HomeostasisParameters?
  /// The membrane equation (LIF, or the paper's ELIF/AELIF on the same parameters).
  public var model: NeuronModel

  /// Creates a layer description.
  public init(
    count: Int, neuron: LIFParameters, columns: Int = 1, winners: Int = 0,
    lateralInhibition: Int32 = 0, mutualInhibition: Int32 = 0,
    homeostasis: HomeostasisParameters? = nil, model: NeuronModel = .lif
  ) {
    (self.count, self.neuron, self.columns, self.winners, self.lateralInhibition,
     self.mutualInhibition, self.homeostasis, self.model) =
      (count, neuron, columns, winners, lateralInhibition, mutualInhibition, homeostasis, model)
  }
}

/// A whole spiking network as plain values, so it can be stored in a model file and rebuilt
/// identically (fixed or float) from the same seed.
public struct NetworkDescription: Sendable, Equatable {
  /// Input spike channels per step.
  public var inputCount: Int
  /// Layers, updated in this order each step (order does not matter: every projection has
  /// a one-step delay).
  public var layers: [LayerDescription]
  /// Projections between the input and the layers.
  public var projections: [ProjectionDescription]
  /// The layer whose columns are the class populations (R-STDP readout), or nil.
  public var readoutLayer: Int?
  /// Seed of the weight initialisation and the learning rules' random streams.
  public var seed: UInt32

  /// Creates a description.
  public init(
    inputCount: Int, layers: [LayerDescription], projections: [ProjectionDescription],
    readoutLayer: Int? = nil, seed: UInt32
  ) {
    (self.inputCount, self.layers, self.projections, self.readoutLayer, self.seed) =
      (inputCount, layers, projections, readoutLayer, seed)
  }

  /// The number of spike channels a source provides.
  public func count(of source: SpikeSource) -> Int {
    switch source {
    case .input: return inputCount
    case .layer(let l): return layers[l].count
    }
  }

  /// Checks the topology once (neuron and rule ranges are checked by their own types).
  public func validate() throws(ConfigError) {
    try ConfigError.check("inputCount", inputCount, 0, 1 << 22)
    if layers.isEmpty { throw .inconsistent("a network needs at least one layer") }
    for p in projections {
      try ConfigError.check("projection target", p.target, 0, layers.count - 1)
      if case .layer(let l) = p.source {
        try ConfigError.check("projection source layer", l, 0, layers.count - 1)
      }
      try ConfigError.check("weightExponent", Int(p.weightExponent), 0, 7)
      if p.weights.minimum > p.weights.maximum {
        throw .inconsistent(
          "weight minimum \(p.weights.minimum) exceeds maximum \(p.weights.maximum)")
      }
    }
    if let r = readoutLayer { try ConfigError.check("readoutLayer", r, 0, layers.count - 1) }
  }
}

// MARK: - The two topologies (docs/ARCHITECTURE.md, "Kernels")

extension NetworkDescription {
  /// The paper's column: input (1100) —STDP→ hidden (500, lateral inhibition) —R-STDP→ one
  /// population of `population` neurons per class, with mutual inhibition between
  /// populations; the class is the population with the most spikes.
  public static func paperColumn(
    classes: Int, inputCount: Int = 1100, hidden: Int = 500, population: Int = 100,
    seed: UInt32 = 1, options: (hidden: LayerOptions, output: LayerOptions) = (.init(), .init())
  ) -> NetworkDescription {
    // Thresholds scale with fan-in (weights start near 64, so about 5 % source activity drives
    // v, leak 1/10 per step as the paper's τ = 10, to about 3× threshold); θ (time constant
    // about 100 steps) and inhibition follow the threshold. Both rules keep each neuron's positive weight sum at its start.
    func neuron(fanIn: Int) -> LIFParameters {
      let threshold = Int32(min(10 * fanIn, Int(Widths.stateMax) / 2))
      return LIFParameters(
        currentDecay: 4096, voltageDecay: 410, threshold: threshold, refractorySteps: 2,
        thetaPlus: threshold / 32, thetaDecay: 656)
    }
    let inputScheme = options.hidden.scheme(builtIn: .allToAll, fields: nil)
    let hiddenScheme = options.output.scheme(builtIn: .allToAll, fields: nil)
    let inputFanIn = inputScheme.fanIn(preCount: inputCount)
    let hiddenFanIn = hiddenScheme.fanIn(preCount: hidden)
    let hiddenNeuron = neuron(fanIn: inputFanIn)
    let outputNeuron = neuron(fanIn: hiddenFanIn)
    var stdp = options.hidden.kernel.parameters(weightUnit: 4)
    stdp.normalizationTarget = 64 * inputFanIn
    var pairing = options.output.kernel.parameters(weightUnit: 4)
    pairing.normalizationTarget = 64 * hiddenFanIn
    var d = NetworkDescription(
      inputCount: inputCount,
      layers: [
        LayerDescription(
          count: hidden, neuron: hiddenNeuron, lateralInhibition: hiddenNeuron.threshold / 2),
        LayerDescription(
          count: population * classes, neuron: outputNeuron, columns: classes,
          mutualInhibition: outputNeuron.threshold),
      ],
      projections: [
        ProjectionDescription(
          source: .input, target: 0, scheme: inputScheme,
          weights: WeightInitialization(total: 64 * inputFanIn, jitter: 16),
          plasticity: .stdp(stdp)),
        ProjectionDescription(
          source: .layer(0), target: 1, scheme: hiddenScheme,
          weights: WeightInitialization(total: 64 * hiddenFanIn, jitter: 16),
          plasticity: .rstdp(
            RSTDPParameters(
              pairing: pairing, eligibilityDecay: 200,
              rewardGain: Int32(max(1, classes - 1)), punishmentGain: 1, rewardShift: 5))),
      ],
      readoutLayer: 1, seed: seed)
    options.hidden.apply(to: &d, layer: 0)
    options.output.apply(to: &d, layer: 1)
    return d
  }

  /// Ours: input —STDP→ `columns` columns of `perColumn` neurons with k-WTA and lateral
  /// inhibition, whose per-frame spike counts feed the attention head. With `patch`, each
  /// column sees a `patch × patch` receptive field of a `width × height` input moved by
  /// `stride`; without, every column sees the whole frame.
  public static func corticalColumns(
    width: Int, height: Int, channels: Int = 1, columns: Int, perColumn: Int, winners: Int,
    field: (patch: Int, stride: Int)? = nil, seed: UInt32 = 1, options: LayerOptions = .init()
  ) -> NetworkDescription {
    let inputCount = width * height * channels
    let fields = field.map {
      ConnectionScheme.receptiveFields(
        width: width, height: height, channels: channels, patch: $0.patch, stride: $0.stride)
    }
    let scheme = options.scheme(builtIn: fields ?? .allToAll, fields: fields)
    let fanIn = scheme.fanIn(preCount: inputCount)
    // Scale the threshold with the fan-in: weights start near 64, so 10 % input activity
    // drives v (leak 1/8 per step) to about 2.7× threshold; θ, inhibition follow the threshold.
    let threshold = Int32(min(24 * fanIn, Int(Widths.stateMax) / 2))
    let neuron = LIFParameters(
      currentDecay: 4096, voltageDecay: 512, threshold: threshold, refractorySteps: 1,
      thetaPlus: threshold / 8, thetaDecay: 8)
    var d = NetworkDescription(
      inputCount: inputCount,
      layers: [
        LayerDescription(
          count: columns * perColumn, neuron: neuron, columns: columns, winners: winners,
          lateralInhibition: threshold / 2)
      ],
      projections: [
        ProjectionDescription(
          source: .input, target: 0, scheme: scheme,
          weights: WeightInitialization(total: 64 * fanIn, jitter: 16), weightExponent: 0,
          plasticity: .stdp(options.kernel.parameters(weightUnit: 2)))
      ],
      seed: seed)
    options.apply(to: &d, layer: 0)
    return d
  }
}
