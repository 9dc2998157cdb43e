import Foundation
import SpikeCore
import SpikeReference
import Testing

/// Encodes an array frame into fresh planes (tests only).
private func encoded<E: SpikeEncoder>(_ encoder: inout E, _ frame: [UInt8]) -> SpikePlanes {
  var planes = SpikePlanes(count: encoder.outputCount, timesteps: encoder.timesteps)
  frame.withUnsafeBufferPointer { encoder.encode($0, into: &planes) }
  return planes
}

/// The single spike step of `channel` (encoders that fire each channel once).
private func firstStep(_ planes: SpikePlanes, channel: Int) -> Int? {
  (0..<planes.timesteps).first { planes.isSet(step: $0, channel: channel) }
}

/// A frame holding every grey level once: pixel i has value i.
private let allGreyLevels: [UInt8] = (0..<256).map { UInt8($0) }

@Suite struct EncoderParityTests {
  @Test func integerExponentialMatchesFoundationExp() {
    // Tolerance: relative 2⁻²⁴ plus 2 units of 2⁻³⁰ over the whole argument range.
    var worst = 0.0
    for x in stride(from: -(44 << 16), through: 21 << 16, by: 101) {
      let exact = exp(Double(x) / 65536) * 1_073_741_824
      let got = Double(FixedExponential.q30(Int64(x)))
      let error = abs(got - exact)
      #expect(error <= exact / 16_777_216 + 2, "x = \(Double(x) / 65536)")
      if exact >= 1_048_576 { worst = max(worst, error / exact) }
    }
    #expect(worst < 1e-6, "relative error where e^x · 2³⁰ ≥ 2²⁰")
  }

  @Test func ttfsIntegerEqualsFloatFormulaAndShiftIsWithinOneStepOfThePapers() throws {
    for t in [1, 7, 16, 20, 100, 256] {
      for formula in [TTFSEncoder.Formula.shift, .divideBy255] {
        for wrap in [false, true] {
          var fixed = try TTFSEncoder(
            pixelCount: 256, timesteps: t, formula: formula, whiteWrapsToLastStep: wrap)
          var float = try FloatTTFSEncoder(
            pixelCount: 256, timesteps: t, formula: formula, whiteWrapsToLastStep: wrap)
          #expect(
            encoded(&fixed, allGreyLevels) == encoded(&float, allGreyLevels),
            "T=\(t) \(formula) \(wrap)")
        }
      }
      // The shift form against the paper's real formula: never more than one step apart.
      for p in 0..<255 {
        let shift = TTFSEncoder.spikeStep(value: p, timesteps: t, formula: .shift, wrap: false)
        let paper = FloatTTFSEncoder.spikeStep(
          value: p, timesteps: t, formula: .divideBy255, wrap: false)
        #expect(abs(shift - paper) <= 1, "T=\(t) p=\(p)")
      }
    }
  }

  @Test func rateEncodersFireAtTheirExpectedRateWithinABinomialBound() throws {
    // 2048 pixels × 64 steps = 131 072 draws per grey level.
    let pixels = 2048
    let steps = 64
    let draws = Double(pixels * steps)
    for rateMax in [256, 128] {
      for p in [0, 1, 17, 100, 128, 200, 255] {
        let frame = [UInt8](repeating: UInt8(p), count: pixels)
        var fixed = try RateEncoder(
          pixelCount: pixels, timesteps: steps, rateMax: rateMax, seed: 11)
        var float = try FloatRateEncoder(
          pixelCount: pixels, timesteps: steps, rateMax: rateMax, seed: 11)
        let target = Double(p * rateMax) / 65536
        // 5 standard deviations of a binomial proportion, plus the integer threshold's
        // truncation (at most 1/256 below the target).
        let sigma = (target * (1 - target) / draws).squareRoot()
        let fixedRate = Double(encoded(&fixed, frame).totalSpikes) / draws
        let floatRate = Double(encoded(&float, frame).totalSpikes) / draws
        #expect(abs(fixedRate - target) <= 5 * sigma + 1.0 / 256, "int p=\(p) rateMax=\(rateMax)")
        #expect(abs(floatRate - target) <= 5 * sigma + 1e-9, "float p=\(p) rateMax=\(rateMax)")
        // The integer rate is exactly threshold/256 in expectation.
        let exactFixed = Double(RateEncoder.threshold(value: p, rateMax: rateMax)) / 256
        #expect(abs(fixedRate - exactFixed) <= 5 * sigma + 1e-9)
      }
    }
  }

  @Test func poissonValuesCountsAgreeAndStepHistogramsMatchTheTruncatedExponential() throws {
    let t = 20
    // Counts: exact for every value and several step settings.
    for steps in [1, 2, 10, 15, 20] {
      var fixed = try PoissonValuesEncoder(pixelCount: 256, timesteps: t, steps: steps, seed: 5)
      var float = try FloatPoissonValuesEncoder(
        pixelCount: 256, timesteps: t, steps: steps, seed: 5)
      let a = encoded(&fixed, allGreyLevels)
      let b = encoded(&float, allGreyLevels)
      for p in 0..<256 {
        let countA = (0..<t).filter { a.isSet(step: $0, channel: p) }.count
        let countB = (0..<t).filter { b.isSet(step: $0, channel: p) }.count
        #expect(countA == countB && countA == p * steps / 255)
      }
    }
    // Single-spike pixels: the step histogram against P(t) = e^(−t/T)(1 − e^(−1/T))/(1 − e^(−1)).
    let pixels = 20_000
    let frame = [UInt8](repeating: 26, count: pixels)  // ⌊26·10/255⌋ = 1 spike
    var fixed = try PoissonValuesEncoder(pixelCount: pixels, timesteps: t, steps: 10, seed: 9)
    var float = try FloatPoissonValuesEncoder(pixelCount: pixels, timesteps: t, steps: 10, seed: 9)
    let a = encoded(&fixed, frame)
    let b = encoded(&float, frame)
    for step in 0..<t {
      let exact = exp(-Double(step) / Double(t)) * (1 - exp(-1 / Double(t))) / (1 - exp(-1))
      let sigma = (exact * (1 - exact) / Double(pixels)).squareRoot()
      let fixedShare = Double(a.spikeCount(step: step)) / Double(pixels)
      let floatShare = Double(b.spikeCount(step: step)) / Double(pixels)
      #expect(abs(fixedShare - exact) <= 5 * sigma, "int step \(step)")
      #expect(abs(floatShare - exact) <= 5 * sigma, "float step \(step)")
    }
  }

  /// The Gaussian spike step in Double, as the paper's float64 code computes it.
  static func gaussianStepInDouble(
    p: Int, k: Int, m: Int, sigma: Double, t: Int, centres: GaussianFieldEncoder.Centres
  ) -> Int {
    let mu =
      255 * Double(k) / Double(GaussianFieldEncoder.centreDenominator(fields: m, centres: centres))
    let r = exp(-(Double(p) - mu) * (Double(p) - mu) / (2 * sigma * sigma))
    return Int(((1 - r) * Double(t - 1)).rounded(.down))
  }

  @Test func gaussianFieldStepsWithinOneStepOfTheFloatFormula() throws {
    // Tolerance: every spike within one step of the Float twin. Where the formula in Double
    // gives a step before T−2, at most 2 % of channels differ from it. For tiny responses
    // ⌊(1 − r)(T−1)⌋ is T−2 or T−1 depending only on the precision of r (Float32 rounds 1 − r
    // to 1 below 6e-8, Q30 below 2⁻³⁰, Double below 1e-16), so there either step is right.
    for (m, sigma, t, centres) in [
      (5, 20, 20, GaussianFieldEncoder.Centres.spanning), (20, 10, 20, .paper), (20, 1, 20, .paper),
      (8, 16, 16, .spanning), (3, 50, 64, .paper), (64, 4, 256, .spanning),
    ] {
      var fixed = try GaussianFieldEncoder(
        pixelCount: 256, timesteps: t, fieldsPerPixel: m, widthQ8: sigma * 256, centres: centres)
      var float = try FloatGaussianFieldEncoder(
        pixelCount: 256, timesteps: t, fieldsPerPixel: m, width: Float(sigma), centres: centres)
      let a = encoded(&fixed, allGreyLevels)
      let b = encoded(&float, allGreyLevels)
      var differing = 0
      for channel in 0..<(256 * m) {
        let sa = try #require(firstStep(a, channel: channel))
        let sb = try #require(firstStep(b, channel: channel))
        #expect(abs(sa - sb) <= 1, "m=\(m) σ=\(sigma) channel \(channel)")
        let exact = Self.gaussianStepInDouble(
          p: channel / m, k: channel % m, m: m, sigma: Double(sigma), t: t, centres: centres)
        if exact >= t - 2 && t >= 2 {
          #expect(sa >= t - 2, "negligible response must fire at T−2 or T−1")
        } else if sa != exact {
          differing += 1
        }
      }
      #expect(differing * 50 <= 256 * m, "m=\(m) σ=\(sigma): \(differing) channels differ")
    }
  }

  @Test func frameDifferenceIntegerAndFloatAgreeExactlyOnARandomClip() throws {
    var rng = Xorshift32(seed: 21)
    var fixed = try FrameDifferenceEncoder(pixelCount: 500, timesteps: 12, threshold: 9)
    var float = try FloatFrameDifferenceEncoder(pixelCount: 500, timesteps: 12, threshold: 9)
    var frame = [UInt8](repeating: 128, count: 500)
    var events = 0
    for _ in 0..<30 {
      for i in 0..<500 {
        let step = Int(rng.next8() % 41) - 20
        frame[i] = UInt8(clamping: Int(frame[i]) + step)
      }
      let a = encoded(&fixed, frame)
      #expect(a == encoded(&float, frame))
      events += a.totalSpikes
    }
    #expect(events > 1000, "the clip must actually produce events")
  }
}
