import SpikeCore
import SpikeReference
import Testing

/// The hand-written backward pass of `FloatAttentionHead` against central finite differences.
@Suite struct FloatAttentionGradientTests {
  static let config = AttentionConfig(
    tokens: 5, features: 6, width: 8, heads: 2, hidden: 12, classes: 3)

  static func window(seed: UInt64) -> [Float] {
    var rng = SplitMix64(seed: seed)
    return (0..<(config.tokens * config.features)).map { _ in Float(rng.below(5)) }
  }

  @Test func backwardMatchesFiniteDifferencesForEveryTensor() {
    var head = FloatAttentionHead(
      config: Self.config, parameters: FloatAttentionParameters(randomFor: Self.config, seed: 5))
    // Non-trivial LayerNorm parameters so their gradients are exercised too.
    var rng = SplitMix64(seed: 8)
    for t in [AttentionTensor.norm1Gamma, .norm1Beta, .norm2Gamma, .norm2Beta, .headBias] {
      head.parameters[t] = head.parameters[t].map { $0 + rng.uniform(-0.3, 0.3) }
    }
    let window = Self.window(seed: 2)
    let label = 1
    var gradients = FloatAttentionParameters(zerosFor: Self.config)
    head.backward(window, label: label, gradients: &gradients)
    let h: Float = 5e-3
    var checked = 0
    var failures: [String] = []
    for t in AttentionTensor.allCases {
      let count = head.parameters[t].count
      for probe in 0..<8 {
        let i = (probe * 7919 + t.rawValue * 31) % count
        let saved = head.parameters[t][i]
        head.parameters[t][i] = saved + h
        let up = loss(&head, window, label)
        head.parameters[t][i] = saved - h
        let down = loss(&head, window, label)
        head.parameters[t][i] = saved
        let numeric = (up - down) / (2 * h)
        let analytic = gradients[t][i]
        // Float32 central differences: relative 3 %, absolute 1e-3 for tiny gradients.
        if abs(numeric - analytic) > 3e-2 * max(abs(numeric), abs(analytic)) + 1e-3 {
          failures.append("\(t.name)[\(i)]: analytic \(analytic) numeric \(numeric)")
        }
        checked += 1
      }
    }
    print("gradient check: \(checked) entries, \(failures.count) off")
    for f in failures.prefix(8) { print(f) }
    #expect(failures.isEmpty)
  }

  @Test func trainingReducesLossOnASeparableTask() {
    var head = FloatAttentionHead(
      config: Self.config, parameters: FloatAttentionParameters(randomFor: Self.config, seed: 1))
    // Class = which third of the tokens carries the counts: needs the positional embedding.
    var windows: [[Float]] = []
    var labels: [Int] = []
    for n in 0..<60 {
      var w = [Float](repeating: 0, count: Self.config.tokens * Self.config.features)
      let label = n % 3
      for t in 0..<Self.config.tokens where t * 3 / Self.config.tokens == label {
        for f in 0..<Self.config.features { w[t * Self.config.features + f] = Float((n + f) % 4) }
      }
      windows.append(w)
      labels.append(label)
    }
    var trainer = FloatAttentionTrainer()
    let first = trainer.epoch(&head, windows: windows, labels: labels)
    var last = first
    for _ in 0..<30 { last = trainer.epoch(&head, windows: windows, labels: labels) }
    print("loss \(first) → \(last)")
    #expect(last < first * 0.3)
  }

  private func loss(_ head: inout FloatAttentionHead, _ window: [Float], _ label: Int) -> Float {
    var scratch = FloatAttentionParameters(zerosFor: head.config)
    return head.backward(window, label: label, gradients: &scratch)
  }
}
