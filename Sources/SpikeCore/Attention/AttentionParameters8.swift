/// Everything `AttentionHead8` needs: int8 weights, int32 biases, the requantization
/// multipliers and the activations' width, all computed from a float model by SpikeModel's
/// quantizer.
public struct AttentionParameters8: Sendable, Equatable {
  /// Width of every activation between the layers (the multipliers map to its range).
  public var activations: ActivationWidth
  /// Token projection F → d (input: the feature window at the input scale).
  public var projection: Linear8
  /// Learned positional embedding at the projection's accumulator scales, `[K][d]`.
  public var positional: [Int32]
  /// Query projection d → d.
  public var query: Linear8
  /// Key projection d → d.
  public var key: Linear8
  /// Value projection d → d.
  public var value: Linear8
  /// Output projection d → d.
  public var output: Linear8
  /// Scores `Q·Kᵀ` (scale `s_q·s_k`) to the softmax's Q12 domain: `s_q·s_k/√(d/h)·2¹²`.
  public var scoreToExp: QuantizedMultiplier
  /// `P·V` (scale `2⁻¹⁵·s_v`) to the attended output's scale.
  public var attendOut: QuantizedMultiplier
  /// Skip path of the first residual to its common int32 scale.
  public var residual1Skip: QuantizedMultiplier
  /// Attention branch of the first residual to the same scale.
  public var residual1Branch: QuantizedMultiplier
  /// First LayerNorm.
  public var norm1: IntegerLayerNorm
  /// MLP d → hidden (ReLU fused into the output clamp).
  public var mlp1: Linear8
  /// MLP hidden → d.
  public var mlp2: Linear8
  /// Skip path of the second residual.
  public var residual2Skip: QuantizedMultiplier
  /// MLP branch of the second residual.
  public var residual2Branch: QuantizedMultiplier
  /// Second LayerNorm.
  public var norm2: IntegerLayerNorm
  /// Token sum (scale `s_x2`) to the pooled mean's scale: `s_x2 / (K·s_pool)`.
  public var pool: QuantizedMultiplier
  /// Classifier d → classes; its multipliers map every class to one logit scale.
  public var head: Linear8
  /// Logits (common scale `s_logit`) to the softmax's Q12 domain, for the confidence score.
  public var logitToExp: QuantizedMultiplier

  /// Collects the parameters.
  public init(
    projection: Linear8, positional: [Int32], query: Linear8, key: Linear8, value: Linear8,
    output: Linear8, scoreToExp: QuantizedMultiplier, attendOut: QuantizedMultiplier,
    residual1Skip: QuantizedMultiplier, residual1Branch: QuantizedMultiplier,
    norm1: IntegerLayerNorm, mlp1: Linear8, mlp2: Linear8, residual2Skip: QuantizedMultiplier,
    residual2Branch: QuantizedMultiplier, norm2: IntegerLayerNorm, pool: QuantizedMultiplier,
    head: Linear8, logitToExp: QuantizedMultiplier, activations: ActivationWidth = .int8
  ) {
    self.activations = activations
    (self.projection, self.positional, self.query, self.key, self.value, self.output,
     self.scoreToExp, self.attendOut, self.residual1Skip, self.residual1Branch, self.norm1,
     self.mlp1, self.mlp2, self.residual2Skip, self.residual2Branch, self.norm2, self.pool,
     self.head, self.logitToExp) =
      (projection, positional, query, key, value, output, scoreToExp, attendOut, residual1Skip,
       residual1Branch, norm1, mlp1, mlp2, residual2Skip, residual2Branch, norm2, pool, head,
       logitToExp)
  }

  /// Whether every tensor has the size `config` asks for, and `config` runs at this width.
  public func matches(_ config: AttentionConfig) -> Bool {
    guard config.problem(activations: activations) == nil else { return false }
    let d = config.width
    func fits(_ l: Linear8, _ i: Int, _ o: Int) -> Bool { l.inFeatures == i && l.outFeatures == o }
    return fits(projection, config.features, d) && positional.count == config.tokens * d
      && fits(query, d, d) && fits(key, d, d) && fits(value, d, d) && fits(output, d, d)
      && norm1.width == d && fits(mlp1, d, config.hidden) && fits(mlp2, config.hidden, d)
      && norm2.width == d && fits(head, d, config.classes)
  }
}
