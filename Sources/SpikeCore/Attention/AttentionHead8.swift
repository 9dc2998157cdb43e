/// Int8-weight transformer block over K tokens plus a classifier head, integer-only
/// (docs/ARCHITECTURE.md, "Kernels"). Its activations are int8 or 12-bit
/// (`parameters.activations`), held in Int16 either way; with int8 they are TFLite's int8
/// head bit for bit.
///
/// ```
/// h0 = requant(x·Wpᵀ + bp + pos)                       token projection + positional term
/// Q, K, V = requant(h0·Wᵀ + b); S = Q·Kᵀ per head       int32 scores
/// P = softmaxQ15(S rows); O = requant(P·V); A = requant(O·Woᵀ + bo)
/// x1 = LN1(rescale(h0) + rescale(A))                  residual on one int32 scale
/// x2 = LN2(rescale(x1) + rescale(requant(relu(x1·W1ᵀ)·W2ᵀ)))
/// pooled = requant(Σ_t x2 / K); logits = rescale_c(pooled·Whᵀ + bh)   int32, one scale
/// ```
/// Every buffer is allocated once in `init`; `classify` allocates nothing.
/// Fidelity: bit-exact TFLite double-rounding requantization; softmax, LayerNorm and pooling are
/// integer approximations of the reference twin in SpikeReference (bounds in the parity tests).
public struct AttentionHead8: Sendable {
  /// Sizes.
  public let config: AttentionConfig
  /// Quantized weights and multipliers.
  public let parameters: AttentionParameters8

  /// Token embeddings after projection, `[K][d]`.
  public private(set) var embedded: [Int16]
  /// Queries, keys and values, `[K][d]` each.
  public private(set) var queries: [Int16]
  /// Keys.
  public private(set) var keys: [Int16]
  /// Values.
  public private(set) var values: [Int16]
  /// Attention probabilities in Q15, `[h][K][K]`.
  public private(set) var probabilities: [Int16]
  /// Attention output before `Wo`, `[K][d]`.
  public private(set) var attended: [Int16]
  /// Attention output after `Wo`, `[K][d]`.
  public private(set) var attentionOut: [Int16]
  /// Output of the first LayerNorm, `[K][d]`.
  public private(set) var normalized1: [Int16]
  /// MLP hidden activations after ReLU, `[K][hidden]`.
  public private(set) var mlpHidden: [Int16]
  /// MLP output, `[K][d]`.
  public private(set) var mlpOut: [Int16]
  /// Output of the second LayerNorm, `[K][d]`.
  public private(set) var normalized2: [Int16]
  /// Mean over tokens, `[d]`.
  public private(set) var pooled: [Int16]
  /// Class logits on one common scale.
  public private(set) var logits: [Int32]
  /// Softmax probability of every class over the logits in the last decision, Q15 (the
  /// decision's score is its class's entry).
  public private(set) var classScores: [Int16]

  private var scores: [Int32]
  private var residual: [Int32]
  private var expScratch: [Int64]

  /// Allocates every buffer for `config`.
  public init(config: AttentionConfig, parameters: AttentionParameters8) {
    precondition(config.problem() == nil, "AttentionHead8: \(config.problem() ?? "")")
    precondition(parameters.matches(config), "AttentionHead8: parameters do not match config")
    (self.config, self.parameters) = (config, parameters)
    let k = config.tokens
    let d = config.width
    embedded = Array(repeating: 0, count: k * d)
    queries = embedded
    keys = embedded
    values = embedded
    probabilities = Array(repeating: 0, count: config.heads * k * k)
    attended = embedded
    attentionOut = embedded
    normalized1 = embedded
    mlpHidden = Array(repeating: 0, count: k * config.hidden)
    mlpOut = embedded
    normalized2 = embedded
    pooled = Array(repeating: 0, count: d)
    logits = Array(repeating: 0, count: config.classes)
    classScores = Array(repeating: 0, count: config.classes)
    scores = Array(repeating: 0, count: k)
    residual = Array(repeating: 0, count: k * d)
    expScratch = Array(repeating: 0, count: max(k, config.classes))
  }

  /// Runs the window `[K][F]` (int8 features at the input scale) and returns the decision.
  public mutating func classify(_ window: [Int8]) -> Decision {
    precondition(window.count == config.tokens * config.features, "window is not K×F")
    let p = parameters
    let k = config.tokens
    let d = config.width
    let (lower, upper) = (p.activations.lower, p.activations.upper)
    // MARK: projection and attention
    p.projection.apply(
      window, rows: k, into: &embedded, rowBias: p.positional, lower: lower, upper: upper)
    p.query.apply(embedded, rows: k, into: &queries, lower: lower, upper: upper)
    p.key.apply(embedded, rows: k, into: &keys, lower: lower, upper: upper)
    p.value.apply(embedded, rows: k, into: &values, lower: lower, upper: upper)
    attend()
    p.output.apply(attended, rows: k, into: &attentionOut, lower: lower, upper: upper)
    // MARK: residual + LayerNorm 1
    for i in 0..<(k * d) {
      residual[i] = rescaledSum(embedded[i], p.residual1Skip, attentionOut[i], p.residual1Branch)
    }
    p.norm1.apply(residual, rows: k, into: &normalized1, activations: p.activations)
    // MARK: MLP, residual + LayerNorm 2
    p.mlp1.apply(normalized1, rows: k, into: &mlpHidden, lower: 0, upper: upper)
    p.mlp2.apply(mlpHidden, rows: k, into: &mlpOut, lower: lower, upper: upper)
    for i in 0..<(k * d) {
      residual[i] = rescaledSum(normalized1[i], p.residual2Skip, mlpOut[i], p.residual2Branch)
    }
    p.norm2.apply(residual, rows: k, into: &normalized2, activations: p.activations)
    // MARK: pooling and head
    for c in 0..<d {
      var sum: Int32 = 0
      for t in 0..<k { sum += Int32(normalized2[t * d + c]) }
      pooled[c] = requantized(sum, p.pool, lower: lower, upper: upper)
    }
    p.head.applyInt32(pooled, into: &logits)
    return decide()
  }

  /// `S = Q·Kᵀ` per head, integer softmax per row, `O = requant(P·V)`.
  ///
  /// The two inner products run over raw pointers: the bounds-checked `[i · d + c]` indexing
  /// kept them scalar. `P·V` sums over `j` in the outer loop into `w` lane sums (one contiguous
  /// row of V per step); integer sums do not depend on the order, so the result is the same.
  private mutating func attend() {
    let p = parameters
    let k = config.tokens
    let d = config.width
    let w = config.headWidth
    withUnsafeTemporaryAllocation(of: Int32.self, capacity: w) { laneSums in
      guard let lanes = laneSums.baseAddress else { return }
      for h in 0..<config.heads {
        for i in 0..<k {
          queries.withUnsafeBufferPointer { q in
            keys.withUnsafeBufferPointer { kk in
              scores.withUnsafeMutableBufferPointer { s in
                guard let qBase = q.baseAddress, let kBase = kk.baseAddress else { return }
                let qRow = qBase + i * d + h * w
                for j in 0..<k {
                  let kRow = kBase + j * d + h * w
                  var acc: Int32 = 0
                  // ≤ 2²²·(d/h) ≤ 2³⁰ (`ActivationWidth.largestHeadWidth`): exact.
                  for c in 0..<w { acc &+= Int32(qRow[c]) &* Int32(kRow[c]) }
                  s[j] = acc
                }
              }
            }
          }
          let row = (h * k + i) * k
          IntegerSoftmax.rowQ15(
            scores, offset: 0, count: k, toExp: p.scoreToExp, into: &probabilities,
            outputOffset: row, scratch: &expScratch)
          probabilities.withUnsafeBufferPointer { pr in
            values.withUnsafeBufferPointer { v in
              guard let prob = pr.baseAddress, let vBase = v.baseAddress else { return }
              for c in 0..<w { lanes[c] = 0 }
              for j in 0..<k {
                let pj = Int32(prob[row + j])
                let vRow = vBase + j * d + h * w
                // |Σ_j P·V| ≤ 2048·Σ_j P ≤ 2048·(2¹⁵ + K): inside Int32.
                for c in 0..<w { lanes[c] &+= pj &* Int32(vRow[c]) }
              }
            }
          }
          for c in 0..<w {
            attended[i * d + h * w + c] = requantized(
              lanes[c], p.attendOut, lower: p.activations.lower, upper: p.activations.upper)
          }
        }
      }
    }
  }

  /// Argmax (ties to the lowest class) and its softmax probability in Q15 as the score.
  private mutating func decide() -> Decision {
    let best = Readout.argmax(logits)
    let count = config.classes
    var maximum = Int32.min
    for c in 0..<count { maximum = max(maximum, logits[c]) }
    var sum: Int64 = 0
    for c in 0..<count {
      let diff = saturatingInt32(Int64(logits[c]) - Int64(maximum))
      let e = IntegerSoftmax.expQ12(multiplyByQuantizedMultiplier(diff, parameters.logitToExp))
      expScratch[c] = e
      sum += e
    }
    for c in 0..<count {
      classScores[c] = Int16(min((expScratch[c] << 15) / sum, Int64(Int16.max)))
    }
    return Decision(classIndex: best, score: classScores[best])
  }
}

extension AttentionHead8: WindowHead {
  /// Frames per window, K.
  public var tokens: Int { config.tokens }
  /// Features per frame, F.
  public var features: Int { config.features }
}

/// `requant(a) + requant(b)` on one int32 scale (the residual add of the attention block).
@inlinable
public func rescaledSum(
  _ a: Int16, _ ma: QuantizedMultiplier, _ b: Int16, _ mb: QuantizedMultiplier
) -> Int32 {
  multiplyByQuantizedMultiplier(Int32(a), ma) &+ multiplyByQuantizedMultiplier(Int32(b), mb)
}

/// A classification: the class and an integer confidence.
public struct Decision: Sendable, Equatable {
  /// Index of the largest logit (ties go to the lowest index).
  public var classIndex: Int
  /// Softmax probability of that class over the logits, Q15 (32767 ≈ certain).
  public var score: Int16

  /// Makes a decision value.
  public init(classIndex: Int, score: Int16) {
    (self.classIndex, self.score) = (classIndex, score)
  }
}
