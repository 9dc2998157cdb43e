import Foundation
import SpikeCore
import Testing

/// Integer softmax, LayerNorm and square root against Float64 math, with stated error bounds.
@Suite struct IntegerKernelTests {
  /// TFLite's QuantizeMultiplier, restated here (SpikeCore has no floating point).
  static func multiplier(_ real: Double) -> QuantizedMultiplier {
    let (q, e) = frexp(real)
    var m = Int64((q * Double(1 << 31)).rounded())
    var shift = e
    if m == Int64(1) << 31 {
      m /= 2
      shift += 1
    }
    return QuantizedMultiplier(multiplier: Int32(m), shift: Int32(shift))
  }

  @Test func expQ12IsWithinOnePercentDownToMinusTwelve() {
    let unit = 0.3585 / 16_777_216.0
    var worst = 0.0
    for x in stride(from: 0, through: -12 * 4096, by: -7) {
      let got = Double(IntegerSoftmax.expQ12(Int32(x))) * unit
      let want = exp(Double(x) / 4096)
      worst = max(worst, abs(got - want) / want)
    }
    print("i-exp worst relative error on [-12, 0]: \(worst)")
    #expect(worst < 0.01)
    #expect(IntegerSoftmax.expQ12(-31 * 2839 - 1) == 0)
    #expect(IntegerSoftmax.expQ12(Int32.min) == 0)
  }

  @Test func softmaxQ15MatchesFloatWithinBound() {
    var rng = Xorshift32(seed: 7)
    let count = 16
    var scores = [Int32](repeating: 0, count: count)
    var out = [Int16](repeating: 0, count: count)
    var scratch = [Int64](repeating: 0, count: count)
    var worst = 0.0
    for trial in 0..<400 {
      let scale = 1.0 / Double(1 << (6 + trial % 10))  // real score = s·q
      let spread = Int32(1) << Int32(6 + trial % 14)
      for j in 0..<count { scores[j] = Int32(bitPattern: rng.next()) % spread }
      IntegerSoftmax.rowQ15(
        scores, offset: 0, count: count, toExp: Self.multiplier(scale * 4096), into: &out,
        outputOffset: 0, scratch: &scratch)
      let m = scores.max() ?? 0
      let e = scores.map { exp(Double($0 - m) * scale) }
      let sum = e.reduce(0, +)
      var total = 0
      for j in 0..<count {
        worst = max(worst, abs(Double(out[j]) / 32768 - e[j] / sum))
        total += Int(out[j])
      }
      #expect(abs(total - 32768) <= count + 1, "row sums to \(total)")
    }
    print("softmaxQ15 worst absolute error: \(worst)")
    #expect(worst < 0.002)
  }

  @Test func integerSquareRootIsFloorOfRoot() {
    for n in Int64(0)..<20_000 {
      let r = integerSquareRoot(n)
      #expect(r * r <= n && (r + 1) * (r + 1) > n)
    }
    var rng = Xorshift32(seed: 3)
    for _ in 0..<5_000 {
      let n = Int64(rng.next()) << 28 | Int64(rng.next())
      let r = integerSquareRoot(n)
      #expect(r * r <= n && (r + 1) * (r + 1) > n, "isqrt(\(n)) = \(r)")
    }
  }

  @Test(arguments: [ActivationWidth.int8, .int12])
  func layerNormMatchesFloatWithinOneStep(_ width: ActivationWidth) {
    var rng = Xorshift32(seed: 9)
    let d = 64
    let rows = 32
    let gammaScale = 2.0 / 32767
    let outScale = 4.0 / Double(width.upper)
    let gamma = (0..<d).map { _ in Int16(truncatingIfNeeded: Int32(rng.next() % 20_000) + 8_000) }
    let beta = (0..<d).map { _ in Int32(bitPattern: rng.next()) % (1 << 22) }
    let norm = IntegerLayerNorm(
      width: d, gamma: gamma, beta: beta, epsilon: 1,
      output: Self.multiplier(gammaScale / 4096 / outScale))
    var input = [Int32](repeating: 0, count: rows * d)
    for r in 0..<rows {
      let spread = Int32(1) << Int32(8 + r % 16)
      let offset = Int32(bitPattern: rng.next()) % (1 << 24)
      for c in 0..<d { input[r * d + c] = offset + Int32(bitPattern: rng.next()) % spread }
    }
    var out = [Int16](repeating: 0, count: rows * d)
    norm.apply(input, rows: rows, into: &out, activations: width)
    // Worst error over every row, and over rows spread at least 2¹² units wide (the head's
    // LayerNorm inputs sit 2¹⁶ below the activations' scale, so they are far wider).
    var worst = 0.0
    var worstWide = 0.0
    for r in 0..<rows {
      let x = (0..<d).map { Double(input[r * d + $0]) }
      let mean = x.reduce(0, +) / Double(d)
      let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(d)
      for c in 0..<d {
        let n = (x[c] - mean) / (variance + 1).squareRoot()
        let want = n * Double(gamma[c]) * gammaScale + Double(beta[c]) * gammaScale / 4096
        let clamped = min(
          max(want, Double(width.lower) * outScale), Double(width.upper) * outScale)
        let error = abs(Double(out[r * d + c]) * outScale - clamped) / outScale
        worst = max(worst, error)
        if 8 + r % 16 >= 12 { worstWide = max(worstWide, error) }
      }
    }
    print("integer LayerNorm worst error: \(worst) \(width.bits)-bit output steps, rows 2¹² wide "
      + "or more \(worstWide)")
    // 0.5 is the output rounding itself; the kernel adds at most a quarter step on top. The
    // integer mean is the rest: half a unit is 1/500 σ in the narrowest rows, which 12-bit steps
    // resolve (2.2 steps there).
    #expect(worstWide <= 0.75)
    #expect(worst <= (width == .int8 ? 0.75 : 2.5))
  }
}
