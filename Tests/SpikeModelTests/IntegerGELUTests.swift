import Foundation
import SpikeCore
import SpikeModel
import SpikeReference
import Testing

/// i-GELU against the exact GELU over every int8 input, for several input ranges.
@Suite struct IntegerGELUTests {
  @Test func everyInt8InputIsWithinStatedBound() throws {
    let exact = FloatGELU()
    for range in [2.0, 4.0, 8.0] {
      let s = range / 127
      let out = range / 127
      let gelu = try IntegerGELU(inputScale: s, outputScale: out)
      var worst = 0.0
      for q in Int8.min...Int8.max {
        let x = Float(Double(q) * s)
        let got = Double(gelu.apply(q)) * out
        worst = max(worst, abs(got - Double(exact.apply(x))))
      }
      print("i-GELU range ±\(range): worst error \(worst) (\(worst / out) output steps)")
      // I-BERT's erf polynomial keeps GELU within 1 % of the range, plus half an output step.
      #expect(worst <= 0.01 * range + out / 2)
    }
  }

  @Test func keepsGELUsShape() throws {
    let gelu = try IntegerGELU(inputScale: 4.0 / 127, outputScale: 4.0 / 127)
    #expect(gelu.apply(0) == 0)
    #expect(gelu.apply(127) >= 125)  // ≈ x for large x
    #expect(abs(Int(gelu.apply(-127))) <= 1)  // ≈ 0 for very negative x
    var values: [Int8] = [-64, 0, 64]
    gelu.apply(&values, count: 3)
    #expect(values[0] < 0 && values[0] > -10 && values[2] > 50)
  }
}
