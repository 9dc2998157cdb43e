import SpikeCore
import Testing

/// TFLite/gemmlowp requantization, checked against literal hand-derived cases and against an
/// independent Int64 restatement of the reference formulas.
@Suite struct RequantizeTests {
  /// Oracle for SRDHM: `⌊(a·b + 2³⁰) / 2³¹⌋` (ties up) with the one saturating case.
  static func highMulOracle(_ a: Int32, _ b: Int32) -> Int32 {
    if a == Int32.min && b == Int32.min { return Int32.max }
    let p = Int64(a) * Int64(b) + (1 << 30)
    // Floor division by 2³¹ written without shifts of negative numbers.
    let q = p >= 0 ? p / (1 << 31) : -((-p + (1 << 31) - 1) / (1 << 31))
    return Int32(q)
  }

  /// Oracle for RDBPOT: `sign(x)·⌊(|x| + 2^(n−1)) / 2ⁿ⌋` (ties away from zero).
  static func divideOracle(_ x: Int32, _ n: Int32) -> Int32 {
    if n == 0 { return x }
    let magnitude = (abs(Int64(x)) + (Int64(1) << (n - 1))) / (Int64(1) << n)
    return Int32(x < 0 ? -magnitude : magnitude)
  }

  static func multiplyOracle(_ x: Int32, _ m: Int32, _ e: Int32) -> Int32 {
    let shifted = Int64(x) * (Int64(1) << Int64(max(e, 0)))
    let a = Int32(min(max(shifted, Int64(Int32.min)), Int64(Int32.max)))
    return divideOracle(highMulOracle(a, m), max(-e, 0))
  }

  @Test func highMulMatchesHandCheckedCases() {
    #expect(saturatingRoundingDoublingHighMul(Int32.min, Int32.min) == Int32.max)
    #expect(saturatingRoundingDoublingHighMul(1 << 30, 1 << 30) == 1 << 29)
    #expect(saturatingRoundingDoublingHighMul(1 << 30, 1) == 1)  // +0.5 → 1
    #expect(saturatingRoundingDoublingHighMul(-(1 << 30), 1) == 0)  // −0.5 → 0 (ties up)
    #expect(saturatingRoundingDoublingHighMul(-3 << 29, 2) == -1)  // −1.5 → −1
    #expect(saturatingRoundingDoublingHighMul(Int32.max, Int32.max) == Int32.max - 1)
    #expect(saturatingRoundingDoublingHighMul(Int32.min, Int32.max) == Int32.min + 1)
    #expect(saturatingRoundingDoublingHighMul(0, Int32.min) == 0)
  }

  @Test func roundingDivideMatchesHandCheckedCases() {
    let cases: [(Int32, Int32, Int32)] = [
      (5, 1, 3), (-5, 1, -3), (4, 1, 2), (-4, 1, -2), (7, 2, 2), (6, 2, 2), (-6, 2, -2),
      (5, 2, 1), (-5, 2, -1), (1, 31, 0), (Int32.max, 31, 1), (Int32.min, 31, -1),
      (Int32.min, 0, Int32.min), (-1, 1, -1), (1, 1, 1),
    ]
    for (x, n, expected) in cases {
      #expect(roundingDivideByPOT(x, n) == expected, "RDBPOT(\(x), \(n))")
    }
  }

  @Test func multiplyMatchesHandCheckedCases() {
    let half = QuantizedMultiplier(multiplier: 1 << 30, shift: 0)  // 0.5
    let quarter = QuantizedMultiplier(multiplier: 1 << 30, shift: -1)  // 0.25
    let two = QuantizedMultiplier(multiplier: 1 << 30, shift: 2)  // 2.0
    let threeQuarters = QuantizedMultiplier(multiplier: 1_610_612_736, shift: 0)  // 0.75
    #expect(multiplyByQuantizedMultiplier(100, half) == 50)
    #expect(multiplyByQuantizedMultiplier(-3, half) == -1)  // −1.5: tie up in SRDHM
    #expect(multiplyByQuantizedMultiplier(3, half) == 2)
    #expect(multiplyByQuantizedMultiplier(-3, quarter) == -1)  // −1.5 → −1, then −0.5 → −1
    #expect(multiplyByQuantizedMultiplier(1000, two) == 2000)
    #expect(multiplyByQuantizedMultiplier(-1000, two) == -2000)
    #expect(multiplyByQuantizedMultiplier(1000, threeQuarters) == 750)
    #expect(multiplyByQuantizedMultiplier(1000, .one) == 1000)
    // Saturation: the left shift clamps to Int32 (TFLite wraps there), then M0 = 0.5 halves it;
    // the int8 clamp after it still gives the saturated output.
    #expect(multiplyByQuantizedMultiplier(Int32.max, two) == 1 << 30)
    #expect(multiplyByQuantizedMultiplier(Int32.min, two) == -(1 << 30))
    #expect(requantizedInt8(Int32.max, two) == 127)
    #expect(requantizedInt8(100_000, half) == 127)
    #expect(requantizedInt8(-100_000, half) == -128)
    #expect(requantizedInt8(-50, half, lower: 0) == 0)
  }

  @Test func agreesWithInt64OracleOverShiftsAndEdges() {
    var rng = Xorshift32(seed: 12345)
    var xs: [Int32] = [
      0, 1, -1, 2, -2, 127, -128, 255, -256, Int32.max, Int32.min, Int32.max - 1,
      Int32.min + 1, 1 << 20, -(1 << 20), (1 << 15) + 1, -(1 << 15) - 1,
    ]
    for _ in 0..<60 { xs.append(Int32(bitPattern: rng.next())) }
    for _ in 0..<60 { xs.append(Int32(bitPattern: rng.next()) >> Int32(rng.next() % 31)) }
    var ms: [Int32] = [1 << 30, (1 << 30) + 1, Int32.max, 1_610_612_736, 1_518_500_250, 0]
    for _ in 0..<14 { ms.append(Int32(1 << 30) | Int32(rng.next() >> 2)) }
    var mismatches = 0
    var checked = 0
    for x in xs {
      for m in ms {
        for e in Int32(-31)...30 {
          let got = multiplyByQuantizedMultiplier(x, QuantizedMultiplier(multiplier: m, shift: e))
          let want = Self.multiplyOracle(x, m, e)
          if got != want {
            mismatches += 1
            if mismatches <= 8 { print("x=\(x) m=\(m) e=\(e): \(got) vs \(want)") }
          }
          checked += 1
        }
      }
    }
    print("requantization: \(checked) cases, \(mismatches) mismatches")
    #expect(mismatches == 0)
  }

  @Test func highMulAndDivideAgreeWithOracleOnEverySixteenBitInput() {
    let ms: [Int32] = [1 << 30, Int32.max, 1_431_655_765, Int32.min, -(1 << 30)]
    var mismatches = 0
    for x in Int32(Int16.min)...Int32(Int16.max) {
      for m in ms
      where saturatingRoundingDoublingHighMul(x << 15, m) != Self.highMulOracle(x << 15, m) {
        mismatches += 1
      }
      for n in [Int32(1), 3, 8] where roundingDivideByPOT(x, n) != Self.divideOracle(x, n) {
        mismatches += 1
      }
    }
    #expect(mismatches == 0)
  }
}

/// Documented traps: out-of-contract multipliers are programmer errors, not silent wraps.
@Suite struct RequantizeTrapTests {
  @Test func shiftOutOfRangeTraps() async {
    await #expect(processExitsWith: .failure) {
      _ = QuantizedMultiplier(multiplier: 1 << 30, shift: 31)
    }
  }

  @Test func negativeMantissaTraps() async {
    await #expect(processExitsWith: .failure) {
      _ = QuantizedMultiplier(multiplier: -1, shift: 0)
    }
  }
}
