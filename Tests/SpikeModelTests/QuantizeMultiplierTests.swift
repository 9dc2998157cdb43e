import SpikeCore
import SpikeModel
import Testing

/// TFLite's QuantizeMultiplier: hand-checked values and a round trip over many magnitudes.
@Suite struct QuantizeMultiplierTests {
  @Test func matchesHandCheckedValues() throws {
    let cases: [(Double, Int32, Int32)] = [
      (0.5, 1 << 30, 0), (1.0, 1 << 30, 1), (0.75, 1_610_612_736, 0), (2.0, 1 << 30, 2),
      (0.25, 1 << 30, -1), (0.0, 0, 0), (1.5, 1_610_612_736, 1),
      // 1 − 2⁻⁴⁰ rounds up to 2³¹ and is renormalised to (2³⁰, +1).
      (1 - 1.0 / 1_099_511_627_776, 1 << 30, 1),
      // The cases TFLite's quantization_util_test checks, recomputed by hand from 2³¹·frac.
      (0.5 - 5e-9, 2_147_483_627, -1), (0.5 - 1e-10, 1 << 30, 0), (1 - 1e-9, 2_147_483_646, 0),
      (1.01, 1_084_479_242, 1), (1.25, 1_342_177_280, 1), (3.0, 1_610_612_736, 2),
    ]
    for (real, m, e) in cases {
      let q = try QuantizedMultiplier(real: real)
      #expect(q.multiplier == m && q.shift == e, "\(real) → (\(q.multiplier), \(q.shift))")
    }
    #expect(try QuantizedMultiplier(real: 1e-12) == QuantizedMultiplier(multiplier: 0, shift: 0))
    #expect(throws: QuantizationError.self) { try QuantizedMultiplier(real: -1) }
    #expect(throws: QuantizationError.self) { try QuantizedMultiplier(real: .nan) }
    #expect(throws: QuantizationError.self) { try QuantizedMultiplier(real: 1e12) }
  }

  @Test func representsRealsToThirtyOneBitsAndRequantizesLikeTheReal() throws {
    var rng = Xorshift32(seed: 77)
    for _ in 0..<2_000 {
      let exponent = Int(rng.next() % 40) - 30
      let real = (1 + Double(rng.next()) / Double(UInt32.max)) * pow2(exponent)
      let q = try QuantizedMultiplier(real: real)
      #expect(q.multiplier >= 1 << 30)
      #expect(abs(q.real - real) <= real * 1e-9)
      let x = Int32(bitPattern: rng.next()) >> 12
      let exact = Double(x) * real
      guard abs(exact) < 1e9 else { continue }
      // Double rounding may differ from one rounding by at most one step.
      #expect(abs(Double(multiplyByQuantizedMultiplier(x, q)) - exact) <= 1.0)
    }
  }

  private func pow2(_ e: Int) -> Double { e >= 0 ? Double(1 << e) : 1 / Double(1 << -e) }
}
