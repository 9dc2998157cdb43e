/// The paper's full column as an integer classifier head: the front end's per-frame features
/// —STDP→ a hidden layer with lateral inhibition —R-STDP→ class populations with mutual
/// inhibition (docs/ARCHITECTURE.md, "The paper's column head"). The window runs in
/// `ColumnWindowRun` over `SpikingNetwork`; the score is the winner's share of the
/// populations' spikes, Q15. `learn` is its R-STDP stage on the device: integer, allocation-free.
public struct ColumnHead: WindowHead {
  /// The window runner and its network.
  public private(set) var column: ColumnWindowRun<SpikingNetwork>
  /// Frames per window, K.
  public var tokens: Int { column.config.tokens }
  /// Features per frame, F.
  public var features: Int { column.config.features }
  /// Every population's share of the output spikes in the last window, Q15.
  public private(set) var classScores: [Int16]

  /// The head of `config` with its learned Int8 weights (per projection, stored order) and θ.
  public init(config: ColumnHeadConfig, weights: [[Int8]], theta: [[Int32]]) throws(ConfigError)
  {
    column = try ColumnWindowRun(config: config, weights: weights, theta: theta)
    classScores = [Int16](repeating: 0, count: config.classes)
  }

  /// Classifies one window `[K][F]` (time order).
  public mutating func classify(_ window: [Int8]) -> Decision {
    decide(window, stage: .infer)
  }

  /// One R-STDP trial on the device: runs `window` rewarding the population of `label` (and
  /// punishing the others that fire), and returns the decision the window got as it ran.
  public mutating func learn(_ window: [Int8], label: Int) -> Decision {
    decide(window, stage: .rstdp(label: label))
  }

  /// The column learns from labels (`run --learn` with rewards).
  public static var learnsFromLabels: Bool { true }

  /// Classifies, and with a label learns from the window by R-STDP.
  public mutating func classify(_ window: [Int8], learningFrom label: Int?) -> Decision {
    guard let label else { return classify(window) }
    return learn(window, label: label)
  }

  private mutating func decide(_ window: [Int8], stage: ColumnWindowRun<SpikingNetwork>.Stage)
    -> Decision
  {
    window.withUnsafeBufferPointer { column.run($0, stage: stage) }
    let (best, total) = column.winner
    Readout.shares(counts: column.counts, total: total, into: &classScores)
    return Decision(classIndex: best, score: classScores[best])
  }
}
