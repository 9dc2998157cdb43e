/// A copy of one projection's Int8 weights taken at a step, in a buffer allocated once, so a
/// training loop can snapshot weights every N samples without allocating, and compare neurons
/// by the cosine of their incoming weight vectors (the paper's diagnostic).
public struct WeightSnapshot: Sendable, Equatable {
  /// Inputs (pre-synaptic neurons).
  public let preCount: Int
  /// Outputs (post-synaptic neurons).
  public let postCount: Int
  /// Order of `weights`.
  public let layout: Layout
  /// The copied weights, in `layout` order.
  public private(set) var weights: [Int8]
  /// Step of the last capture, or nil before the first.
  public private(set) var step: Int?

  /// Creates an empty snapshot buffer for a `preCount` × `postCount` projection.
  public init(preCount: Int, postCount: Int, layout: Layout) throws(RecordingError) {
    try RecordingError.check("preCount", preCount, in: 1...(1 << 24))
    try RecordingError.check("postCount", postCount, in: 1...(1 << 24))
    try RecordingError.check("preCount × postCount", preCount * postCount, in: 1...(1 << 30))
    (self.preCount, self.postCount, self.layout) = (preCount, postCount, layout)
    weights = [Int8](repeating: 0, count: preCount * postCount)
  }

  /// Copies `source` (`preCount · postCount` weights in `layout` order) as the state at `step`.
  public mutating func capture(_ source: Span<Int8>, at step: Int) {
    precondition(
      source.count == weights.count,
      "source has \(source.count) weights, snapshot holds \(weights.count)")
    for i in 0..<source.count { weights[i] = source[i] }
    self.step = step
  }

  /// The weight from `pre` to `post`.
  public func weight(pre: Int, post: Int) -> Int8 {
    layout == .postMajor ? weights[post * preCount + pre] : weights[pre * postCount + post]
  }

  /// Cosine similarity of the incoming weight vectors of two post neurons, Q16.
  public func cosineQ16(post a: Int, post b: Int) -> Int32 {
    precondition(a >= 0 && a < postCount && b >= 0 && b < postCount)
    switch layout {
    case .postMajor:
      return CosineSimilarity.between(
        in: weights.span, first: a * preCount, second: b * preCount, stride: 1, count: preCount)
    case .preMajor:
      return CosineSimilarity.between(
        in: weights.span, first: a, second: b, stride: postCount, count: preCount)
    }
  }

  /// How the source buffer orders its weights.
  public enum Layout: Sendable, Equatable {
    /// Row per post neuron: `w[post · preCount + pre]`.
    case postMajor
    /// Row per pre neuron, the paper's "SxD": `w[pre · postCount + post]`.
    case preMajor
  }
}
