import Testing

@testable import SpikeCore

/// Encodes an array frame into fresh planes (tests only; the streaming path reuses planes).
private func encoded<E: SpikeEncoder>(_ encoder: inout E, _ frame: [UInt8]) -> SpikePlanes {
  var planes = SpikePlanes(count: encoder.outputCount, timesteps: encoder.timesteps)
  frame.withUnsafeBufferPointer { encoder.encode($0, into: &planes) }
  return planes
}

/// Steps at which `channel` spikes.
private func spikeSteps(_ planes: SpikePlanes, channel: Int) -> [Int] {
  (0..<planes.timesteps).filter { planes.isSet(step: $0, channel: channel) }
}

/// A frame holding every grey level once: pixel i has value i.
private let allGreyLevels: [UInt8] = (0..<256).map { UInt8($0) }

@Suite struct TTFSEncoderTests {
  @Test func everyPixelFiresOnceAtTheShiftFormulaStep() throws {
    for t in [1, 2, 8, 16, 20, 255, 256] {
      var encoder = try TTFSEncoder(pixelCount: 256, timesteps: t)
      let planes = encoded(&encoder, allGreyLevels)
      for p in 0..<256 {
        #expect(spikeSteps(planes, channel: p) == [(t - 1) - (p * t) / 256], "T=\(t) p=\(p)")
      }
      #expect(spikeSteps(planes, channel: 0) == [t - 1] && spikeSteps(planes, channel: 255) == [0])
    }
  }

  @Test func brighterNeverFiresLater() throws {
    for formula in [TTFSEncoder.Formula.shift, .divideBy255] {
      var previous = Int.max
      for p in 0..<256 {
        let step = TTFSEncoder.spikeStep(value: p, timesteps: 20, formula: formula, wrap: false)
        #expect(step <= previous && step >= 0 && step < 20)
        previous = step
      }
    }
  }

  @Test func paperFormulaMatchesHyTSSNValuesIncludingTheWhiteWrap() throws {
    var encoder = try TTFSEncoder(
      pixelCount: 256, timesteps: 20, formula: .divideBy255, whiteWrapsToLastStep: true)
    let planes = encoded(&encoder, allGreyLevels)
    for p in 0...12 { #expect(spikeSteps(planes, channel: p) == [19]) }
    #expect(spikeSteps(planes, channel: 13) == [18])
    #expect(spikeSteps(planes, channel: 128) == [9])
    for p in 243...254 { #expect(spikeSteps(planes, channel: p) == [0]) }
    #expect(spikeSteps(planes, channel: 255) == [19])
  }

  @Test func rejectsTimestepsOutsideOneTo256() {
    #expect(throws: EncoderError.timestepsOutOfRange(0, allowed: 1...256)) {
      _ = try TTFSEncoder(pixelCount: 4, timesteps: 0)
    }
    #expect(throws: EncoderError.timestepsOutOfRange(257, allowed: 1...256)) {
      _ = try TTFSEncoder(pixelCount: 4, timesteps: 257)
    }
    #expect(throws: EncoderError.noPixels) { _ = try TTFSEncoder(pixelCount: 0, timesteps: 4) }
  }
}

@Suite struct RateEncoderTests {
  @Test func sameSeedSameBitsAndResetRewinds() throws {
    let frame = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37) }
    var a = try RateEncoder(pixelCount: 300, timesteps: 16, rateMax: 200, seed: 7)
    var b = try RateEncoder(pixelCount: 300, timesteps: 16, rateMax: 200, seed: 7)
    let first = encoded(&a, frame)
    #expect(first == encoded(&b, frame))
    let second = encoded(&a, frame)
    #expect(second != first, "the stream must move on between frames")
    a.reset()
    #expect(encoded(&a, frame) == first)
    var c = try RateEncoder(pixelCount: 300, timesteps: 16, rateMax: 200, seed: 8)
    #expect(encoded(&c, frame) != first)
  }

  @Test func blackNeverFiresAndZeroRateNeverFires() throws {
    var encoder = try RateEncoder(pixelCount: 64, timesteps: 64, seed: 1)
    #expect(encoded(&encoder, [UInt8](repeating: 0, count: 64)).totalSpikes == 0)
    var silent = try RateEncoder(pixelCount: 64, timesteps: 64, rateMax: 0, seed: 1)
    #expect(encoded(&silent, [UInt8](repeating: 255, count: 64)).totalSpikes == 0)
  }

  @Test func thresholdIsTheShiftedProduct() {
    #expect(RateEncoder.threshold(value: 255, rateMax: 256) == 255)
    #expect(RateEncoder.threshold(value: 128, rateMax: 128) == 64)
    #expect(RateEncoder.threshold(value: 1, rateMax: 255) == 0)
  }

  @Test func rejectsRateMaxAbove256() {
    #expect(throws: EncoderError.parameterOutOfRange(name: "rateMax", value: 257, allowed: 0...256))
    {
      _ = try RateEncoder(pixelCount: 1, timesteps: 1, rateMax: 257, seed: 0)
    }
  }
}

@Suite struct PoissonValuesEncoderTests {
  @Test func spikeCountIsFloorOfValueTimesStepsOver255AtDistinctSteps() throws {
    for (t, steps) in [(20, 15), (20, 20), (16, 2), (1, 1), (64, 40)] {
      var encoder = try PoissonValuesEncoder(pixelCount: 256, timesteps: t, steps: steps, seed: 3)
      let planes = encoded(&encoder, allGreyLevels)
      for p in 0..<256 {
        // One bit per step: distinct by construction, so the count is the number of steps.
        #expect(
          spikeSteps(planes, channel: p).count == p * steps / 255, "T=\(t) steps=\(steps) p=\(p)")
      }
    }
  }

  @Test func paperToyPatternsGetTheirSpikeCounts() throws {
    // main.py's pattern 5 with steps=15, T=20: ⌊v/17⌋ spikes per pixel.
    let pattern: [UInt8] = [178, 160, 193, 201, 123, 241, 125, 88]
    var encoder = try PoissonValuesEncoder(pixelCount: 8, timesteps: 20, steps: 15, seed: 43)
    let planes = encoded(&encoder, pattern)
    #expect((0..<8).map { spikeSteps(planes, channel: $0).count } == [10, 9, 11, 11, 7, 14, 7, 5])
    #expect(planes.totalSpikes == 74)
  }

  @Test func weightsFallFromOneWithTheExponential() throws {
    let encoder = try PoissonValuesEncoder(pixelCount: 1, timesteps: 20, steps: 10, seed: 1)
    #expect(encoder.weights[0] == 1 << 24)
    for t in 1..<20 { #expect(encoder.weights[t] < encoder.weights[t - 1]) }
    // e^(−19/20) · 2²⁴ = 6 488 437.7; the argument is rounded to Q16 (relative 2⁻¹⁶ = 99 here).
    #expect(abs(Int(encoder.weights[19]) - 6_488_438) <= 100)
  }

  @Test func rejectsMoreStepsThanTimesteps() {
    #expect(throws: EncoderError.parameterOutOfRange(name: "steps", value: 21, allowed: 1...20)) {
      _ = try PoissonValuesEncoder(pixelCount: 1, timesteps: 20, steps: 21, seed: 0)
    }
  }
}

@Suite struct GaussianFieldEncoderTests {
  @Test func everyFieldFiresExactlyOnce() throws {
    var encoder = try GaussianFieldEncoder(
      pixelCount: 256, timesteps: 20, fieldsPerPixel: 5, widthQ8: 20 * 256)
    let planes = encoded(&encoder, allGreyLevels)
    #expect(planes.totalSpikes == 256 * 5)
    for channel in 0..<(256 * 5) { #expect(spikeSteps(planes, channel: channel).count == 1) }
  }

  @Test func aPixelOnAFieldCentreFiresThatFieldFirst() throws {
    // Spanning centres for m = 6: 0, 51, 102, 153, 204, 255.
    let encoder = try GaussianFieldEncoder(
      pixelCount: 1, timesteps: 16, fieldsPerPixel: 6, widthQ8: 30 * 256)
    for k in 0..<6 {
      let centre = 51 * k
      #expect(encoder.stepTable[k * 256 + centre] == 0)
      // Farther from the centre, never earlier.
      var previous = 0
      for p in centre..<256 {
        let step = Int(encoder.stepTable[k * 256 + p])
        #expect(step >= previous)
        previous = step
      }
    }
  }

  @Test func paperCentresStopShortOf255() throws {
    let encoder = try GaussianFieldEncoder(
      pixelCount: 1, timesteps: 20, fieldsPerPixel: 20, widthQ8: 10 * 256, centres: .paper)
    // v = 100 with σ = 10: the paper's run gives the best field at 0 and neighbours at 8 and 12.
    let steps = (0..<20).map { Int(encoder.stepTable[$0 * 256 + 100]) }
    #expect(steps.min() == 0)
    #expect(steps.sorted().prefix(3) == [0, 8, 12])
  }

  @Test func rejectsZeroWidthAndTooManyFields() {
    #expect(throws: EncoderError.self) {
      _ = try GaussianFieldEncoder(pixelCount: 1, timesteps: 8, fieldsPerPixel: 4, widthQ8: 0)
    }
    #expect(throws: EncoderError.self) {
      _ = try GaussianFieldEncoder(pixelCount: 1, timesteps: 8, fieldsPerPixel: 65, widthQ8: 256)
    }
  }
}

@Suite struct FrameDifferenceEncoderTests {
  @Test func firstFrameOnlySetsTheReference() throws {
    var encoder = try FrameDifferenceEncoder(pixelCount: 4, timesteps: 10, threshold: 10)
    #expect(encoded(&encoder, [0, 100, 200, 255]).totalSpikes == 0)
    #expect(encoder.reference == [0, 100, 200, 255])
  }

  @Test func onAndOffEventsScaleWithContrastAndSpreadOverTheFrame() throws {
    var encoder = try FrameDifferenceEncoder(pixelCount: 3, timesteps: 10, threshold: 10)
    _ = encoded(&encoder, [100, 100, 100])
    let planes = encoded(&encoder, [150, 75, 109])
    #expect(spikeSteps(planes, channel: 0) == [0, 2, 4, 6, 8])  // ON, 50/10 = 5 events
    #expect(spikeSteps(planes, channel: 1).isEmpty)
    #expect(spikeSteps(planes, channel: 3) == [0, 5])  // OFF, 25/10 = 2 events
    #expect(spikeSteps(planes, channel: 4).isEmpty && spikeSteps(planes, channel: 5).isEmpty)
    // References move only where a pixel fired.
    #expect(encoder.reference == [150, 75, 100])
  }

  @Test func slowDriftAccumulatesUntilItCrossesTheThreshold() throws {
    var encoder = try FrameDifferenceEncoder(pixelCount: 1, timesteps: 4, threshold: 8)
    _ = encoded(&encoder, [50])
    #expect(encoded(&encoder, [55]).totalSpikes == 0)
    #expect(spikeSteps(encoded(&encoder, [60]), channel: 0) == [0])
    #expect(encoded(&encoder, [60]).totalSpikes == 0)
  }

  @Test func hugeChangesAreCappedAtOneEventPerStep() throws {
    var encoder = try FrameDifferenceEncoder(pixelCount: 1, timesteps: 4, threshold: 1)
    _ = encoded(&encoder, [255])
    #expect(spikeSteps(encoded(&encoder, [0]), channel: 1) == [0, 1, 2, 3])
    encoder.reset()
    #expect(!encoder.hasReference && encoded(&encoder, [0]).totalSpikes == 0)
  }
}

@Suite struct FixedExponentialTests {
  @Test func exactPointsAndMonotone() {
    #expect(FixedExponential.q30(0) == 1 << 30)
    #expect(FixedExponential.q30(-(45 << 16)) == 0)
    #expect(FixedExponential.q30(30 << 16) == FixedExponential.maxQ30)
    var previous: Int64 = -1
    for x in stride(from: -(44 << 16), through: 21 << 16, by: 997) {
      let value = FixedExponential.q30(Int64(x))
      #expect(value >= previous, "not monotone at x = \(x)")
      previous = value
    }
  }

  @Test func productRuleHoldsToTheTableResolution() {
    // e^a · e^b = e^(a+b): a check that needs no floating point.
    for a in stride(from: -(8 << 16), through: 8 << 16, by: 12_345) {
      for b in stride(from: -(8 << 16), through: 8 << 16, by: 23_456) {
        let qa = FixedExponential.q30(Int64(a))
        let qb = FixedExponential.q30(Int64(b))
        let lhs = Int64((Int128(qa) * Int128(qb)) >> 30)
        let rhs = FixedExponential.q30(Int64(a + b))
        // Relative 2⁻²⁴, plus one unit of 2⁻³⁰ in each factor scaled by the other factor.
        #expect(abs(lhs - rhs) <= (rhs >> 24) + ((qa + qb) >> 29) + 64, "a=\(a) b=\(b)")
      }
    }
  }
}

/// Regression pins: the exact bits this implementation produced for seed 43 (Nov 2026). They
/// catch an accidental change of draw order or formula; a deliberate change updates them.
@Suite struct EncoderRegressionPins {
  static let pattern: [UInt8] = [178, 160, 193, 201, 123, 241, 125, 88]

  @Test func rateEncoderStreamIsPinned() throws {
    var encoder = try RateEncoder(pixelCount: 8, timesteps: 8, rateMax: 256, seed: 43)
    #expect(
      encoded(&encoder, Self.pattern).words == [0x35, 0x7e, 0xb9, 0x6f, 0xb8, 0x3f, 0x3f, 0xe7])
  }

  @Test func poissonValuesStreamIsPinned() throws {
    var encoder = try PoissonValuesEncoder(pixelCount: 8, timesteps: 20, steps: 15, seed: 43)
    #expect(
      encoded(&encoder, Self.pattern).words == [
        0x43, 0x3a, 0x5e, 0xbc, 0x7c, 0x27, 0xcd, 0x25, 0xbf, 0xa3, 0x28, 0x23, 0x74, 0x20, 0x25,
        0x3,
        0x4c, 0x7a, 0x8c, 0x29,
      ])
  }

  @Test func exponentialHitsEAndOneOverE() {
    // e · 2³⁰ = 2 918 732 888.6 and 2³⁰/e = 395 007 542.2 (the series is truncated: a few units low).
    #expect(abs(FixedExponential.q30(1 << 16) - 2_918_732_889) <= 16)
    #expect(abs(FixedExponential.q30(-(1 << 16)) - 395_007_542) <= 2)
  }

  @Test func paperDefaultWidthBarelyOverlaps() throws {
    // HyTSSN positionalEncoding with σ = 1, steps = 20, T = 20: for v = 100 one field fires at 16
    // (centre 102, r = e^−2) and every other field at 19 (measured in the paper notes).
    let encoder = try GaussianFieldEncoder(
      pixelCount: 1, timesteps: 20, fieldsPerPixel: 20, widthQ8: 256, centres: .paper)
    let steps = (0..<20).map { Int(encoder.stepTable[$0 * 256 + 100]) }
    #expect(steps[8] == 16)
    #expect(steps.enumerated().allSatisfy { $0.offset == 8 || $0.element == 19 })
  }
}
