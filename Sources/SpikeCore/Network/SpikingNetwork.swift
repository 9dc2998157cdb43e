/// The fixed-point spiking network built from a `NetworkDescription`: LIF layers in cortical
/// columns, projections with event-driven delivery and a one-step delay, inhibition, k-WTA,
/// homeostasis and STDP/R-STDP. Every buffer is allocated in `init`; `present` allocates
/// nothing. Its real-valued twin lives in SpikeReference under the same name with a prefix.
public struct SpikingNetwork: Sendable {
  /// What the network was built from.
  public let description: NetworkDescription
  /// The layers.
  public internal(set) var layers: [LIFLayer]
  /// The projections.
  public internal(set) var projections: [Projection]
  /// Spikes per neuron of each layer during the last `present` (0…T).
  public var counts: [[Int32]] { spikes.counts }
  /// Reward applied by R-STDP projections while learning.
  public var reward: Reward = .none
  /// Which projections learn when `present(_:learn: true)` runs (all by default); switch the
  /// first stage off to train the paper's column in two stages (STDP, then R-STDP).
  public var learning: [Bool]
  /// Input spikes of the last frame.
  public internal(set) var inputSpikes: Int = 0
  /// Synaptic events of the last frame: spikes × fan-out over all projections.
  public internal(set) var synapticEvents: Int = 0

  var competition: [ColumnInhibition]
  var homeostasis: [Homeostasis?]
  var pending: [[Int32]]
  var spikes: LayerSpikes

  /// Builds the network; throws if the description is inconsistent or a parameter is out of
  /// range.
  public init(description: NetworkDescription) throws(ConfigError) {
    try description.validate()
    self.description = description
    var built: [LIFLayer] = []
    var comp: [ColumnInhibition] = []
    var homeo: [Homeostasis?] = []
    for layer in description.layers {
      built.append(try LIFLayer(count: layer.count, parameters: layer.neuron, model: layer.model))
      comp.append(
        try ColumnInhibition(
          count: layer.count, columns: layer.columns, k: layer.winners,
          lateral: layer.lateralInhibition, mutual: layer.mutualInhibition))
      if let h = layer.homeostasis {
        homeo.append(try Homeostasis(count: layer.count, parameters: h))
      } else {
        homeo.append(nil)
      }
    }
    var rng = Xorshift32(seed: description.seed)
    var projs: [Projection] = []
    for (index, p) in description.projections.enumerated() {
      projs.append(
        try Projection(
          description: p, preCount: description.count(of: p.source),
          postCount: description.layers[p.target].count,
          columns: description.layers[p.target].columns, rng: &rng,
          seed: description.seed &+ UInt32(index + 1) &* 0x9E37_79B9))
    }
    layers = built
    projections = projs
    learning = [Bool](repeating: true, count: projs.count)
    competition = comp
    homeostasis = homeo
    pending = description.layers.map { [Int32](repeating: 0, count: $0.count) }
    spikes = LayerSpikes(description)
  }

  /// Returns neurons, traces, eligibility and pending input to rest between samples; the
  /// learned state (weights, adaptive thresholds θ and the homeostasis window) stays.
  public mutating func reset() {
    for l in layers.indices {
      layers[l].reset(keepingTheta: true)
      for j in pending[l].indices { pending[l][j] = 0 }
    }
    spikes.reset()
    for p in projections.indices { projections[p].resetState() }
  }

  // MARK: - Present a frame

  /// Runs one frame of `input.timesteps` steps and leaves each neuron's spike count in
  /// `counts`. With `learn`, homeostasis adapts θ and STDP/R-STDP projections update their
  /// weights (R-STDP with `reward`); normalising rules rescale weights at the end of the frame.
  public mutating func present(_ input: SpikePlanes, learn: Bool) {
    precondition(input.count == description.inputCount, "input planes must match inputCount")
    spikes.startFrame(reward: reward, description)
    inputSpikes = 0
    synapticEvents = 0
    for t in 0..<input.timesteps {
      step(input: input, t: t, learn: learn)
    }
    if learn { projections.normalize(learning: learning) }
  }

  mutating func step(input: SpikePlanes, t: Int, learn: Bool) {
    // 1. Every layer integrates the input delivered by the previous step, then competes.
    for l in layers.indices {
      layers[l].integrate(input: pending[l])
      competition[l].select(
        candidates: layers[l].candidates, voltage: layers[l].voltage, spikes: &spikes.now[l])
      layers[l].settle(spikes: spikes.now[l])
      spikes.pack(layer: l)
      if learn { homeostasis[l]?.update(spikes: spikes.now[l], layer: &layers[l]) }
      pending[l].withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
    // 2. This step's spikes travel one step: projections, then inhibition.
    let offset = t * input.wordsPerPlane
    var inputCounted = false
    for p in projections.indices {
      let target = projections[p].description.target
      switch projections[p].description.source {
      case .input:
        let n = projections[p].deliver(words: input.words, offset: offset, into: &pending[target])
        synapticEvents += n * layers[target].count
        if !inputCounted { inputSpikes += n }
        inputCounted = true
      case .layer(let l):
        let n = projections[p].deliver(words: spikes.words[l], offset: 0, into: &pending[target])
        synapticEvents += n * layers[target].count
      }
    }
    if !inputCounted { inputSpikes += input.spikeCount(step: t) }
    for l in layers.indices { competition[l].inhibit(spikes: spikes.now[l], pending: &pending[l]) }
    // 3. Learning sees this step's pre and post spikes.
    if learn { projections.learn(from: spikes, input: input, step: t, learning: learning) }
  }

  // MARK: - Readout

  /// The class: the population (column of the readout layer) with the most spikes in the last
  /// frame; ties go to the lowest index. Nil without a readout layer.
  public func classify() -> Int? { spikes.readout(description) }
}

extension SpikingNetwork: SpikingNetworkTwin {
  public var projectionCount: Int { projections.count }
  public var layerCount: Int { layers.count }
  public func synapses(_ p: Int) -> SynapseMatrix { projections[p].synapses }

  public mutating func updateSynapses(
    _ p: Int, _ change: (inout SynapseMatrix) throws(ConfigError) -> Void
  ) throws(ConfigError) {
    try change(&projections[p].synapses)
  }

  public mutating func updateLayer(
    _ l: Int, _ change: (inout LIFLayer) throws(ConfigError) -> Void
  ) throws(ConfigError) {
    try change(&layers[l])
  }
}
