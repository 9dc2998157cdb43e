import Foundation
import SpikeCore
import Testing

/// Bit-exact regression golden for the whole integer head. The parameters come from the integer
/// PRNG only (no floating point anywhere), so the outputs are identical on every machine. The
/// pinned values were produced by this implementation when it was first checked against its float
/// twin (Tests/SpikeModelTests/AttentionParityTests); a change means the integer path changed bit
/// for bit, which must be deliberate.
@Suite struct AttentionHead8GoldenTests {
  static let config = AttentionConfig(
    tokens: 6, features: 5, width: 8, heads: 2, hidden: 12, classes: 4)

  /// The head with PRNG parameters. With 12-bit activations the shifts that set the
  /// activations' scale move by 4 bits (16×) and the softmax inputs' by 8, so the same random
  /// draws give values spread over the wider range.
  static func head(activations: ActivationWidth = .int8) -> AttentionHead8 {
    let wide: Int32 = activations == .int8 ? 0 : 4
    var rng = Xorshift32(seed: 20_261_125)
    func int8s(_ n: Int) -> [Int8] {
      (0..<n).map { _ in Int8(truncatingIfNeeded: rng.next() % 255) &- 127 }
    }
    func small(_ n: Int, _ bound: UInt32) -> [Int32] {
      (0..<n).map { _ in Int32(rng.next() % (2 * bound + 1)) - Int32(bound) }
    }
    func m(_ shift: Int32) -> QuantizedMultiplier {
      QuantizedMultiplier(multiplier: Int32(1 << 30) | Int32(rng.next() >> 2), shift: shift)
    }
    func linear(_ i: Int, _ o: Int, _ shift: Int32) -> Linear8 {
      Linear8(
        inFeatures: i, outFeatures: o, weights: int8s(i * o), bias: small(o, 2_000),
        multipliers: (0..<o).map { _ in m(shift) })
    }
    func norm(_ d: Int) -> IntegerLayerNorm {
      IntegerLayerNorm(
        width: d, gamma: (0..<d).map { _ in Int16(8_000 + rng.next() % 12_000) },
        beta: small(d, 1 << 20), epsilon: 16, output: m(-19 + wide))
    }
    let c = config
    let parameters = AttentionParameters8(
      projection: linear(c.features, c.width, -7 + wide),
      positional: small(c.tokens * c.width, 3_000),
      query: linear(c.width, c.width, -8), key: linear(c.width, c.width, -8),
      value: linear(c.width, c.width, -8), output: linear(c.width, c.width, -8),
      scoreToExp: m(1 - 2 * wide), attendOut: m(-14), residual1Skip: m(5), residual1Branch: m(5),
      norm1: norm(c.width), mlp1: linear(c.width, c.hidden, -8),
      mlp2: linear(c.hidden, c.width, -8),
      residual2Skip: m(5), residual2Branch: m(5), norm2: norm(c.width), pool: m(-2),
      head: linear(c.width, c.classes, -3), logitToExp: m(3 - wide), activations: activations)
    return AttentionHead8(config: c, parameters: parameters)
  }

  /// FNV-1a over every intermediate buffer and the logits.
  static func digest(_ h: AttentionHead8) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    for buffer in [
      h.embedded, h.queries, h.keys, h.values, h.attended, h.attentionOut,
      h.normalized1, h.mlpHidden, h.mlpOut, h.normalized2, h.pooled,
    ] {
      // The low byte alone for int8 activations, so the int8 digests keep their values.
      for x in buffer {
        mix(UInt8(truncatingIfNeeded: x))
        if h.parameters.activations != .int8 { mix(UInt8(truncatingIfNeeded: x >> 8)) }
      }
    }
    for p in h.probabilities {
      mix(UInt8(truncatingIfNeeded: p))
      mix(UInt8(truncatingIfNeeded: p >> 8))
    }
    for l in h.logits {
      for s in stride(from: 0, to: 32, by: 8) { mix(UInt8(truncatingIfNeeded: l >> s)) }
    }
    return hash
  }

  @Test func matchesPinnedOutputs() {
    check(Self.head(), pinned: [
      (2, 16367, [-988, -599, -200, -1453], 0xCCDF_CA40_B293_20DC),
      (2, 16008, [-959, -693, -275, -1496], 0x7991_977E_5B4C_43C8),
      (2, 15698, [-1015, -601, -254, -1395], 0x9CCD_24C8_5B99_B586),
    ])
  }

  /// The same draws with 12-bit activations: the integer path at that width, pinned likewise.
  @Test func matchesPinnedOutputsWith12BitActivations() {
    let head = check(Self.head(activations: .int12), pinned: [
      (2, 19646, [-16777, -8491, 1049, -26727], 0x6F20_ABEA_A8DA_BD03),
      (2, 18574, [-15932, -10883, -1530, -26957], 0x2839_447E_26B7_E7C6),
      (2, 19182, [-17045, -8580, 443, -25533], 0x8AAB_3708_6258_5A15),
    ])
    // Spread over more than the int8 range, or the golden would not exercise the width.
    #expect(head.embedded.contains { abs(Int32($0)) > 127 })
    #expect(head.normalized2.contains { abs(Int32($0)) > 127 })
  }

  /// Runs three PRNG windows through `start`, compares with `pinned`, and returns the head.
  @discardableResult
  func check(_ start: AttentionHead8, pinned: [(Int, Int16, [Int32], UInt64)]) -> AttentionHead8 {
    var head = start
    var rng = Xorshift32(seed: 7)
    var results: [(Decision, [Int32], UInt64)] = []
    for _ in 0..<3 {
      let window = (0..<(Self.config.tokens * Self.config.features)).map { _ in
        Int8(truncatingIfNeeded: rng.next() % 17)
      }
      let decision = head.classify(window)
      results.append((decision, head.logits, Self.digest(head)))
      // Every class's probability is there for --top-k; the decision's is its class's.
      #expect(head.classScores[decision.classIndex] == decision.score)
      #expect(head.classScores.allSatisfy { $0 <= decision.score })
      #expect(abs(head.classScores.reduce(0) { $0 + Int($1) } - 32768) <= head.classScores.count)
    }
    #expect(results.count == pinned.count)
    for ((d, logits, digest), want) in zip(results, pinned) {
      #expect(d.classIndex == want.0)
      #expect(d.score == want.1)
      #expect(logits == want.2)
      #expect(digest == want.3, "digest 0x\(String(digest, radix: 16))")
      // The score is the softmax probability of the chosen class (checked in Float64 here).
      let m = head.parameters.logitToExp
      let real = Double(m.multiplier) * pow(2, Double(m.shift) - 31) / 4096
      let top = Double(logits.max() ?? 0)
      let e = logits.map { exp((Double($0) - top) * real) }
      let p = e[d.classIndex] / e.reduce(0, +)
      #expect(abs(Double(d.score) / 32768 - p) < 0.004, "score \(d.score) vs \(p)")
    }
    // Activations must be spread, not all saturated, for the golden to mean anything.
    #expect(Set(head.normalized2).count > 8)
    #expect(Set(head.probabilities).count > 8)
    return head
  }
}

/// Hostile but well-formed parameters (every multiplier at its maximum) must not trap.
@Suite struct AttentionHead8ExtremeTests {
  @Test(arguments: ActivationWidth.supported)
  func extremeMultipliersSaturateInsteadOfTrapping(_ activations: ActivationWidth) {
    let c = AttentionHead8GoldenTests.config
    let big = QuantizedMultiplier(multiplier: Int32.max, shift: 30)
    func linear(_ i: Int, _ o: Int) -> Linear8 {
      Linear8(
        inFeatures: i, outFeatures: o, weights: [Int8](repeating: 127, count: i * o),
        bias: [Int32](repeating: Int32.max, count: o),
        multipliers: [QuantizedMultiplier](repeating: big, count: o))
    }
    func norm() -> IntegerLayerNorm {
      IntegerLayerNorm(
        width: c.width, gamma: (0..<c.width).map { Int16($0 % 2 == 0 ? 32767 : -32768) },
        beta: [Int32](repeating: Int32.min, count: c.width), epsilon: Int64(Int32.max),
        output: big)
    }
    let parameters = AttentionParameters8(
      projection: linear(c.features, c.width),
      positional: [Int32](repeating: Int32.max, count: c.tokens * c.width),
      query: linear(c.width, c.width), key: linear(c.width, c.width),
      value: linear(c.width, c.width), output: linear(c.width, c.width), scoreToExp: big,
      attendOut: big, residual1Skip: big, residual1Branch: big, norm1: norm(),
      mlp1: linear(c.width, c.hidden), mlp2: linear(c.hidden, c.width), residual2Skip: big,
      residual2Branch: big, norm2: norm(), pool: big, head: linear(c.width, c.classes),
      logitToExp: big, activations: activations)
    var head = AttentionHead8(config: c, parameters: parameters)
    for fill in [Int8.min, -1, 0, 1, Int8.max] {
      let decision = head.classify([Int8](repeating: fill, count: c.tokens * c.features))
      #expect(decision.classIndex >= 0 && decision.classIndex < c.classes)
      #expect(decision.score >= 0)
    }
  }
}
