/// One window of features through the paper's column, in either twin (`ColumnHead`, its float
/// twin): the spike code of the features, the two learning stages and the population counts
/// are written once here, over `SpikingNetworkTwin`; only the network's arithmetic differs.
///
/// Each of the K frames is held for `substeps` steps: feature j of value x (clamped to
/// 0…substeps) spikes x times, spread evenly over the steps. The network starts each window
/// from rest and runs on through its frames; the class is the population with the most
/// spikes over the window (ties to the lower index). Buffers are allocated in `init`;
/// `run` allocates nothing.
public struct ColumnWindowRun<Network: SpikingNetworkTwin & Sendable>: Sendable {
  /// Sizes.
  public let config: ColumnHeadConfig
  /// The column's network.
  public private(set) var network: Network
  /// Spikes per class population over the last window.
  public private(set) var counts: [Int32]
  /// Spikes per neuron of the STDP layer over the last window.
  public private(set) var hiddenCounts: [Int32]
  /// Spikes of the STDP layer over the last window.
  public var hiddenSpikes: Int { hiddenCounts.reduce(0) { $0 + Int($1) } }
  private var planes: SpikePlanes
  private let noDrive: [Int32]
  // θ⁺ and decay of each layer as the learning description has them, and whether θ learns now.
  private let thetaLearning: [(plus: Int32, decay: Int32)]
  private var thetaOn: [Bool]

  /// The column of `config` with its learned weights (stored order, per projection) and θ
  /// (per layer); θ learns only while a stage that trains its layer runs.
  public init(
    config: ColumnHeadConfig, weights: [[Network.Synapses.Weight]],
    theta: [[Network.Layer.Threshold]]
  ) throws(ConfigError) {
    try config.validate()
    let description = config.network(learning: true)
    var network = try Network(description: description)
    guard weights.count == network.projectionCount, theta.count == network.layerCount else {
      throw .inconsistent(
        "the column has \(network.projectionCount) projections and \(network.layerCount) "
          + "layers; \(weights.count) weight sets and \(theta.count) θ sets were given")
    }
    for p in weights.indices {
      let stored = network.storedWeights(projection: p).count
      guard weights[p].count == stored else {
        throw .inconsistent(
          "projection \(p) of the column has \(stored) synapses; \(weights[p].count) given")
      }
      try network.setStoredWeights(projection: p, weights[p])
    }
    for l in theta.indices { try network.setTheta(layer: l, theta[l]) }
    for l in 0..<network.layerCount {
      try network.setThetaAdaptation(layer: l, plus: 0, decay: 0)
    }
    network.learning = [Bool](repeating: false, count: network.projectionCount)
    self.config = config
    self.network = network
    thetaLearning = description.layers.map { ($0.neuron.thetaPlus, $0.neuron.thetaDecay) }
    thetaOn = [Bool](repeating: false, count: description.layers.count)
    counts = [Int32](repeating: 0, count: config.classes)
    noDrive = counts
    hiddenCounts = [Int32](repeating: 0, count: config.hidden)
    planes = SpikePlanes(count: config.features, timesteps: config.substeps)
  }

  /// A fresh column: the network's seeded initial weights and θ = 0.
  public init(config: ColumnHeadConfig) throws(ConfigError) {
    try config.validate()
    let network = try Network(description: config.network(learning: true))
    try self.init(
      config: config,
      weights: (0..<network.projectionCount).map { network.storedWeights(projection: $0) },
      theta: (0..<network.layerCount).map { network.theta(layer: $0) })
  }

  /// What a window does to the column: nothing (inference), unsupervised STDP of the hidden
  /// layer (stage 1), or R-STDP of the populations rewarded for `label` (stage 2).
  public enum Stage: Sendable, Equatable {
    case infer
    case stdp
    case rstdp(label: Int)
  }

  /// Runs `window` (`tokens × features` values, time order) from rest in `stage`; the
  /// decision is in `winner`.
  public mutating func run(_ window: UnsafeBufferPointer<Int8>, stage: Stage) {
    precondition(window.count == config.tokens * config.features, "window size")
    switch stage {
    case .infer: setLearning([false, false], reward: .none)
    case .stdp: setLearning([true, false], reward: .none)
    case .rstdp(let label):
      precondition(label >= 0 && label < config.classes, "label out of range")
      setLearning([false, true], reward: .label(label))
    }
    let learn = stage != .infer
    let f = config.features
    let s = config.substeps
    let perClass = config.perClass
    network.reset()
    for p in counts.indices { counts[p] = 0 }
    for k in hiddenCounts.indices { hiddenCounts[k] = 0 }
    for t in 0..<config.tokens {
      planes.clear()
      for j in 0..<f {
        let x = min(max(Int(window[t * f + j]), 0), s)
        guard x > 0 else { continue }
        for step in 0..<s where (step + 1) * x / s != step * x / s {
          planes.set(step: step, channel: j)
        }
      }
      network.present(planes, learn: learn)
      let spikes = network.counts
      for k in spikes[1].indices { counts[k / perClass] += spikes[1][k] }
      for k in spikes[0].indices { hiddenCounts[k] += spikes[0][k] }
    }
  }

  /// The population with the most spikes in the last window (ties to the lower index) and
  /// the spikes of all populations together.
  public var winner: (index: Int, total: Int64) {
    Readout.population(counts: counts, drive: noDrive)
  }

  /// Learned weights of projection `p`, stored order (what a model file keeps).
  public func weights(projection p: Int) -> [Network.Synapses.Weight] {
    network.storedWeights(projection: p)
  }

  /// Switches which projections learn, the reward, and θ learning of the layers they feed.
  private mutating func setLearning(_ flags: [Bool], reward: Reward) {
    network.learning = flags
    network.reward = reward
    for l in thetaOn.indices where thetaOn[l] != flags[l] {
      // Projection l feeds layer l. The values come from the validated description, so the
      // switch cannot be refused.
      let (plus, decay) = flags[l] ? thetaLearning[l] : (0, 0)
      try? network.setThetaAdaptation(layer: l, plus: plus, decay: decay)
      thetaOn[l] = flags[l]
    }
  }
}
