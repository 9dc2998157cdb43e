import SpikeCore
import SpikeReference
import Testing

/// The integer class-population head against its float twin on seeded random windows.
@Suite struct PopulationHeadParityTests {
  /// One head of 4 classes × 5 neurons over 8 frames of 32 features, the integer state 2⁸
  /// finer than the float one (stateShift 8, weight scale 1).
  static func heads(seed: UInt32) throws -> (PopulationHead, FloatPopulationHead) {
    let config = PopulationHeadConfig(
      tokens: 8, features: 32, classes: 4, perClass: 5, substeps: 3, currentDecay: 2048,
      voltageDecay: 1024)
    var rng = Xorshift32(seed: seed)
    let weights = (0..<config.neurons * config.features).map { _ in
      Int8(Int(rng.next() % 64) - 16)
    }
    let thresholds = (0..<config.neurons).map { _ in Int32(600_000 + Int(rng.next() % 800_000)) }
    let p8 = PopulationHeadParameters8(
      weights: weights, thresholds: thresholds, inhibition: 100_000, selfInhibition: 50_000,
      stateShift: 8)
    let pf = FloatPopulationHeadParameters(
      weights: weights.map { Float($0) }, thresholds: thresholds.map { Float($0) / 256 },
      inhibition: 100_000 / 256, selfInhibition: 50_000 / 256)
    return (
      try PopulationHead(config: config, parameters: p8),
      try FloatPopulationHead(config: config, parameters: pf)
    )
  }

  /// Over 200 random windows: the summed input per population is exactly 2⁸ times the float
  /// one (integer sums, no rounding); each population's spike count is within 10 % + 2 of the
  /// float twin's (i and v truncate toward zero, < 1 LSB of 2⁻⁸ per step, so only
  /// near-threshold crossings can move); and the decisions agree on at least 95 % of windows.
  @Test func integerHeadMatchesFloatTwin() throws {
    var (fixed, float) = try Self.heads(seed: 5)
    var rng = Xorshift32(seed: 77)
    var agree = 0
    var spikes = 0
    let trials = 200
    for _ in 0..<trials {
      let window = (0..<fixed.config.tokens * fixed.config.features).map { _ -> Int8 in
        rng.next() % 2 == 0 ? 0 : Int8(rng.next() % 8)
      }
      let a = fixed.classify(window)
      let b = float.classify(window.map { Float($0) })
      if a.classIndex == b.classIndex { agree += 1 }
      for p in 0..<fixed.config.classes {
        #expect(Float(fixed.drive[p]) == float.drive[p] * 256)
        let tolerance = Int32(0.1 * Float(float.counts[p])) + 2
        #expect(abs(fixed.counts[p] - float.counts[p]) <= tolerance)
        spikes += Int(fixed.counts[p])
      }
    }
    #expect(spikes > trials * 10, "the heads must spike for the comparison to mean anything")
    #expect(Double(agree) / Double(trials) >= 0.95)
  }

  /// A silent window (all features 0) decides by the tie rule: no spikes, equal drive, lowest
  /// index, score 0, in both twins.
  @Test func silentWindowFallsToTheTieRule() throws {
    var (fixed, float) = try Self.heads(seed: 9)
    let zeros = [Int8](repeating: 0, count: fixed.config.tokens * fixed.config.features)
    #expect(fixed.classify(zeros) == Decision(classIndex: 0, score: 0))
    let d = float.classify(zeros.map { Float($0) })
    #expect(d.classIndex == 0 && d.score == 0)
  }

  /// Parameters that do not fit the config are refused at construction.
  @Test func mismatchedParametersAreRefused() throws {
    let config = PopulationHeadConfig(tokens: 2, features: 3, classes: 2, perClass: 2)
    let short = PopulationHeadParameters8(
      weights: [Int8](repeating: 1, count: 5), thresholds: [1, 1, 1, 1], inhibition: 0,
      stateShift: 0)
    #expect(throws: ConfigError.self) { try PopulationHead(config: config, parameters: short) }
    let zeroThreshold = PopulationHeadParameters8(
      weights: [Int8](repeating: 1, count: 12), thresholds: [1, 0, 1, 1], inhibition: 0,
      stateShift: 0)
    #expect(throws: ConfigError.self) {
      try PopulationHead(config: config, parameters: zeroThreshold)
    }
  }
}
