public import SpikeCore

/// Float twin of `ColumnHead`: the same `ColumnWindowRun` over `FloatSpikingNetwork`. Its
/// weights and θ stay on the integer grid (the float network learns there), so quantization
/// only rounds them. `learn` runs either training stage.
public struct FloatColumnHead: FloatWindowHead {
  /// The window runner and its network.
  public private(set) var column: ColumnWindowRun<FloatSpikingNetwork>
  /// Frames per window, K.
  public var tokens: Int { column.config.tokens }
  /// Features per frame, F.
  public var features: Int { column.config.features }
  /// Every population's share of the output spikes in the last window, Q15.
  public var classScores: [Int16] { Self.shares(column.counts) }
  private var spikeWindow: [Int8]

  /// The head of `config` with its weights (per projection, stored order) and θ (per layer).
  public init(config: ColumnHeadConfig, weights: [[Float]], theta: [[Float]]) throws(ConfigError)
  {
    column = try ColumnWindowRun(config: config, weights: weights, theta: theta)
    spikeWindow = [Int8](repeating: 0, count: config.tokens * config.features)
  }

  /// A fresh head: the network's seeded initial weights, θ = 0.
  public init(config: ColumnHeadConfig) throws(ConfigError) {
    column = try ColumnWindowRun(config: config)
    spikeWindow = [Int8](repeating: 0, count: config.tokens * config.features)
  }

  /// Classifies one window `[K][F]` of feature values (rounded to the integer counts the
  /// spike code takes).
  public mutating func classify(_ window: [Float]) -> FloatDecision {
    learn(window, stage: .infer)
  }

  /// Runs `window` in a training stage (or `.infer`) and returns its decision.
  public mutating func learn(_ window: [Float], stage: ColumnWindowRun<FloatSpikingNetwork>.Stage)
    -> FloatDecision
  {
    precondition(window.count == spikeWindow.count, "window size")
    for i in window.indices {
      spikeWindow[i] = Int8(min(max(window[i].rounded(), -128), 127))
    }
    spikeWindow.withUnsafeBufferPointer { column.run($0, stage: stage) }
    let (best, total) = column.winner
    return FloatDecision(
      classIndex: best, score: total > 0 ? Float(column.counts[best]) / Float(total) : 0)
  }
}
