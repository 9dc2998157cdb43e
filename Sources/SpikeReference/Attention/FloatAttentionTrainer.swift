import Foundation

/// Cross-entropy training of `FloatAttentionHead` with Adam (Kingma & Ba), seeded and repeatable.
public struct FloatAttentionTrainer: Sendable {
  /// Learning rate.
  public var learningRate: Float = 3e-3
  /// Adam β₁.
  public var beta1: Float = 0.9
  /// Adam β₂.
  public var beta2: Float = 0.999
  /// Adam ε.
  public var epsilon: Float = 1e-8
  /// L2 weight decay added to every gradient.
  public var weightDecay: Float = 1e-4
  /// Windows per update.
  public var batchSize = 16
  /// Shuffle seed.
  public var seed: UInt64 = 1

  /// Adam's first-moment estimates, one array per tensor (empty before the first update).
  public private(set) var first: [[Float]] = []
  /// Adam's second-moment estimates, shaped as `first`.
  public private(set) var second: [[Float]] = []
  /// Updates made so far; with `seed` it also seeds each epoch's shuffle, so it is the
  /// trainer's whole random state.
  public private(set) var step = 0

  /// A trainer with default hyper-parameters.
  public init() {}

  /// Continues from saved Adam state (a training checkpoint): the next epoch then shuffles and
  /// updates exactly as it would have in the uninterrupted run. `first` and `second` must be
  /// empty with `step` 0, or shaped as the head's tensors.
  public mutating func restore(first: [[Float]], second: [[Float]], step: Int) {
    precondition(
      step >= 0 && first.count == second.count && (step > 0 || first.isEmpty),
      "inconsistent Adam state")
    (self.first, self.second, self.step) = (first, second, step)
  }

  /// One pass over the data in a seeded random order; returns the mean loss.
  @discardableResult
  public mutating func epoch(
    _ head: inout FloatAttentionHead, windows: [[Float]], labels: [Int]
  ) -> Float {
    precondition(windows.count == labels.count && !windows.isEmpty, "windows and labels differ")
    var rng = SplitMix64(seed: seed &+ UInt64(step))
    var order = Array(windows.indices)
    rng.shuffle(&order)
    var total: Float = 0
    var start = 0
    while start < order.count {
      let batch = order[start..<min(start + batchSize, order.count)]
      var gradients = FloatAttentionParameters(zerosFor: head.config)
      for i in batch { total += head.backward(windows[i], label: labels[i], gradients: &gradients) }
      update(&head.parameters, gradients, scale: 1 / Float(batch.count))
      start += batchSize
    }
    return total / Float(windows.count)
  }

  /// Adam update of `parameters` with gradients `g · scale`.
  public mutating func update(
    _ parameters: inout FloatAttentionParameters, _ g: FloatAttentionParameters, scale: Float
  ) {
    if first.isEmpty {
      first = parameters.tensors.map { Array(repeating: 0, count: $0.count) }
      second = first
    }
    step += 1
    let c1 = 1 - pow(beta1, Float(step))
    let c2 = 1 - pow(beta2, Float(step))
    for t in parameters.tensors.indices {
      for i in parameters.tensors[t].indices {
        let grad = g.tensors[t][i] * scale + weightDecay * parameters.tensors[t][i]
        first[t][i] = beta1 * first[t][i] + (1 - beta1) * grad
        second[t][i] = beta2 * second[t][i] + (1 - beta2) * grad * grad
        let mHat = first[t][i] / c1
        let vHat = second[t][i] / c2
        parameters.tensors[t][i] -= learningRate * mHat / (vHat.squareRoot() + epsilon)
      }
    }
  }
}
