import Testing

@testable import SpikeCore

/// Runs a 1×1 projection: pre spikes at `preSteps`, post spikes at `postSteps`, from weight
/// `w0`; returns the final weight.
func pairRun(
  _ parameters: STDPParameters, preSteps: [Int], postSteps: [Int], w0: Int8 = 0,
  minimum: Int8 = -128, maximum: Int8 = 127, seed: UInt32
) throws -> Int8 {
  var rule = try STDPRule(parameters: parameters, preCount: 1, postCount: 1, seed: seed)
  var m = SynapseMatrix(
    preCount: 1, postCount: 1, weights: [w0], connected: [], minimum: minimum, maximum: maximum)
  let last = (preSteps + postSteps).max() ?? 0
  for t in 0...last {
    rule.step(
      preWords: [preSteps.contains(t) ? 1 : 0], offset: 0, post: [postSteps.contains(t)],
      synapses: &m)
  }
  return m.weights[0]
}

@Suite struct STDPRuleTests {
  /// Coincident spikes (Δ = 0) change nothing, whatever the kernel: the traces used hold only
  /// earlier spikes.
  @Test func coincidentSpikesDoNotChangeWeights() throws {
    for p in [STDPParameters.paperExponential(weightUnit: 8), .paperFlat(weightUnit: 8)] {
      for seed: UInt32 in 1...50 {
        #expect(try pairRun(p, preSteps: [3], postSteps: [3], seed: seed) == 0)
      }
    }
  }

  @Test func causalPairPotentiatesAnticausalDepresses() throws {
    let p = STDPParameters.paperExponential(weightUnit: 8)
    #expect(try pairRun(p, preSteps: [0], postSteps: [1], seed: 1) > 10)
    #expect(try pairRun(p, preSteps: [1], postSteps: [0], seed: 1) < -3)
  }

  @Test func flatKernelIsZeroOutsideItsWindow() throws {
    let p = STDPParameters.paperFlat(weightUnit: 8)
    for seed: UInt32 in 1...20 {
      #expect(try pairRun(p, preSteps: [0], postSteps: [20], seed: seed) == 0)
      #expect(try pairRun(p, preSteps: [20], postSteps: [0], seed: seed) == 0)
      let inside = try pairRun(p, preSteps: [0], postSteps: [19], seed: seed)
      #expect(inside == 4 || inside == 5)  // 0.6 · 8 = 4.8, stochastically rounded
    }
  }

  /// Weights never leave their clamps, however many pairings push them.
  @Test func weightsStayWithinClampsAtTheExtremes() throws {
    var p = STDPParameters.paperExponential(weightUnit: 127)
    p.shift = 0
    let all = Array(0..<200)
    let shifted = all.map { $0 + 1 }
    #expect(
      try pairRun(p, preSteps: all, postSteps: shifted, w0: 120, minimum: 5, maximum: 125, seed: 1)
        <= 125)
    #expect(
      try pairRun(p, preSteps: shifted, postSteps: all, w0: 10, minimum: 5, maximum: 125, seed: 1)
        >= 5)
    #expect(try pairRun(p, preSteps: all, postSteps: shifted, w0: 127, seed: 2) == 127)
    #expect(try pairRun(p, preSteps: shifted, postSteps: all, w0: -128, seed: 2) == -128)
  }

  @Test func stochasticRoundingIsUnbiased() {
    var rng = Xorshift32(seed: 77)
    for a: Int32 in stride(from: -301, through: 301, by: 17) {
      var sum = 0
      for _ in 0..<1000 { sum += Int(sround(a, shift: 4, rng: &rng)) }
      let mean = Double(sum) / 1000
      #expect(abs(mean - Double(a) / 16) < 0.06, "sround(\(a), 4) mean \(mean)")
    }
    #expect(sround(-7, shift: 0, rng: &rng) == -7)
    var traceSum = 0
    for _ in 0..<2000 { traceSum += Int(decayTrace(10, 742, rng: &rng)) }
    // 10 · (4096 − 742) / 4096 = 8.19
    #expect(abs(Double(traceSum) / 2000 - 8.188) < 0.05)
    #expect(decayTrace(0, 742, rng: &rng) == 0)
  }

  @Test func rejectsOutOfRangeParameters() {
    var p = STDPParameters.paperExponential(weightUnit: 8)
    p.shift = 25
    #expect(throws: ConfigError.self) {
      _ = try STDPRule(parameters: p, preCount: 1, postCount: 1, seed: 1)
    }
    p = .paperExponential(weightUnit: 8)
    p.preDecay = 5000
    #expect(throws: ConfigError.self) {
      _ = try STDPRule(parameters: p, preCount: 1, postCount: 1, seed: 1)
    }
  }
}
