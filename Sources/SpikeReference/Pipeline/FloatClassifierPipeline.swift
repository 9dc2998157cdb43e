public import SpikeCore

/// Float twin of the integer classifier pipeline: the same `ClassifierPipeline` (front end →
/// `FeatureWindow` → head) with the float front end and a float head.
public typealias FloatClassifierPipeline<Head: FloatWindowHead> =
  ClassifierPipeline<FloatSpikeFeatureExtractor, Head>

/// A float twin head (`FloatAttentionHead`, `FloatPopulationHead`): it classifies real-valued
/// windows, and the shared integer window converts on the way in (features are integers in
/// both twins, so the conversion is exact).
public protocol FloatWindowHead: WindowHead where Output == FloatDecision {
  /// Classifies one real-valued window `[K][F]` (training feeds these directly).
  mutating func classify(_ window: [Float]) -> FloatDecision
}

extension FloatWindowHead {
  /// Real scores in 0…1 as Q15, for what reads integer decisions (smoothing, `--top-k`).
  public static func q15(_ score: Float) -> Int16 {
    Int16(clamping: Int((min(max(score, 0), 1) * 32768).rounded()))
  }

  /// Every population's share of the spikes in `counts`, Q15 (all 0 when none fired): a
  /// population head's class scores.
  public static func shares(_ counts: [Int32]) -> [Int16] {
    let total = counts.reduce(Int64(0)) { $0 + Int64($1) }
    return counts.map { total > 0 ? q15(Float($0) / Float(total)) : 0 }
  }

  /// Classifies the pipeline's integer window.
  public mutating func classify(_ window: [Int8]) -> FloatDecision {
    classify(window.map(Float.init))
  }
}
