public import SpikeCore

/// Float twin of `SpikingNetwork`: built from the same `NetworkDescription` (integer values
/// read as real numbers, identical initial weights), with the same step order and API.
public struct FloatSpikingNetwork: Sendable {
  /// What the network was built from.
  public let description: NetworkDescription
  /// The layers.
  public internal(set) var layers: [FloatLIFLayer]
  /// The projections.
  public internal(set) var projections: [FloatProjection]
  /// Spikes per neuron of each layer during the last `present` (0…T).
  public var counts: [[Int32]] { spikes.counts }
  /// Reward applied by R-STDP projections while learning.
  public var reward: Reward = .none
  /// Which projections learn when `present(_:learn: true)` runs (all by default); switch the
  /// first stage off to train the paper's column in two stages (STDP, then R-STDP).
  public var learning: [Bool]
  /// Input spikes of the last frame.
  public internal(set) var inputSpikes: Int = 0
  /// Synaptic events of the last frame.
  public internal(set) var synapticEvents: Int = 0

  var competition: [FloatColumnInhibition]
  var homeostasis: [FloatHomeostasis?]
  var pending: [[Float]]
  var spikes: LayerSpikes

  /// Builds the network; throws like `SpikingNetwork.init`.
  public init(description: NetworkDescription) throws(ConfigError) {
    let fixed = try SpikingNetwork(description: description)
    self.description = description
    var built: [FloatLIFLayer] = []
    var comp: [FloatColumnInhibition] = []
    var homeo: [FloatHomeostasis?] = []
    for layer in description.layers {
      built.append(
        try FloatLIFLayer(
          count: layer.count, parameters: FloatLIFParameters(layer.neuron), model: layer.model))
      comp.append(
        try FloatColumnInhibition(
          count: layer.count, columns: layer.columns, k: layer.winners,
          lateral: Float(layer.lateralInhibition), mutual: Float(layer.mutualInhibition)))
      if let h = layer.homeostasis {
        homeo.append(try FloatHomeostasis(count: layer.count, parameters: h))
      } else {
        homeo.append(nil)
      }
    }
    var projs: [FloatProjection] = []
    for (index, p) in fixed.projections.enumerated() {
      projs.append(
        try FloatProjection(
          p, preCount: p.synapses.preCount, postCount: p.synapses.postCount,
          seed: UInt32(truncatingIfNeeded: index)))
    }
    layers = built
    projections = projs
    learning = [Bool](repeating: true, count: projs.count)
    competition = comp
    homeostasis = homeo
    pending = description.layers.map { [Float](repeating: 0, count: $0.count) }
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

  /// Runs one frame (see `SpikingNetwork.present`).
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
    for l in layers.indices {
      layers[l].integrate(input: pending[l])
      competition[l].select(
        candidates: layers[l].candidates, voltage: layers[l].voltage, spikes: &spikes.now[l])
      layers[l].settle(spikes: spikes.now[l])
      spikes.pack(layer: l)
      if learn { homeostasis[l]?.update(spikes: spikes.now[l], layer: &layers[l]) }
      for j in pending[l].indices { pending[l][j] = 0 }
    }
    let offset = t * input.wordsPerPlane
    inputSpikes += input.spikeCount(step: t)
    for p in projections.indices {
      let target = projections[p].description.target
      switch projections[p].description.source {
      case .input:
        synapticEvents += input.spikeCount(step: t) * layers[target].count
        projections[p].deliver(words: input.words, offset: offset, into: &pending[target])
      case .layer(let l):
        synapticEvents += spikes.count(layer: l) * layers[target].count
        projections[p].deliver(words: spikes.words[l], offset: 0, into: &pending[target])
      }
    }
    for l in layers.indices { competition[l].inhibit(spikes: spikes.now[l], pending: &pending[l]) }
    if learn { projections.learn(from: spikes, input: input, step: t, learning: learning) }
  }

  // MARK: - Readout

  /// The population of the readout layer with the most spikes (ties to the lowest index).
  public func classify() -> Int? { spikes.readout(description) }
}

extension FloatSpikingNetwork: SpikingNetworkTwin {
  public var projectionCount: Int { projections.count }
  public var layerCount: Int { layers.count }
  public func synapses(_ p: Int) -> FloatSynapseMatrix { projections[p].synapses }

  public mutating func updateSynapses(
    _ p: Int, _ change: (inout FloatSynapseMatrix) throws(ConfigError) -> Void
  ) throws(ConfigError) {
    try change(&projections[p].synapses)
  }

  public mutating func updateLayer(_ l: Int, _ change: (inout FloatLIFLayer) throws(ConfigError) -> Void)
    throws(ConfigError)
  {
    try change(&layers[l])
  }
}
