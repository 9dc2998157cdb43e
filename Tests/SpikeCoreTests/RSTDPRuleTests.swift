import Testing

@testable import SpikeCore

@Suite struct RSTDPRuleTests {
  static func parameters(modulated: Bool = false) -> RSTDPParameters {
    RSTDPParameters(
      pairing: .paperExponential(weightUnit: 8), eligibilityDecay: 200, rewardGain: 4,
      punishmentGain: 1, rewardShift: 4, modulatesDepression: modulated)
  }

  /// A causal pair, then `reward` for `steps` steps; returns the final weight from 0.
  func run(reward: Int32, steps: Int = 10, parameters: RSTDPParameters = parameters()) throws
    -> Int8
  {
    var rule = try RSTDPRule(parameters: parameters, preCount: 1, postCount: 1, seed: 4)
    var m = SynapseMatrix(
      preCount: 1, postCount: 1, weights: [0], connected: [], minimum: -128, maximum: 127)
    rule.step(preWords: [1], offset: 0, post: [false], reward: [0], synapses: &m)
    rule.step(preWords: [0], offset: 0, post: [true], reward: [0], synapses: &m)
    #expect(rule.eligibility[0] > 10)
    for _ in 0..<steps {
      rule.step(preWords: [0], offset: 0, post: [false], reward: [reward], synapses: &m)
    }
    return m.weights[0]
  }

  @Test func rewardSignSetsTheWeightChange() throws {
    #expect(try run(reward: 0) == 0)
    let up = try run(reward: 1)
    let down = try run(reward: -1)
    #expect(up > 0 && down < 0)
    // Reward gain 4 against punishment gain 1.
    #expect(abs(Double(up) / Double(-down) - 4) < 1.2)
    #expect(Reward.value(ofCode: 1) == 1 && Reward.value(ofCode: 2) == -1)
    #expect(Reward.value(ofCode: 0) == 0)
  }

  /// Anti-causal pairs depress directly (the paper's unmodulated LTD), or through eligibility.
  @Test func anticausalPairsFollowTheDepressionMode() throws {
    for modulated in [false, true] {
      var rule = try RSTDPRule(
        parameters: Self.parameters(modulated: modulated), preCount: 1, postCount: 1, seed: 4)
      var m = SynapseMatrix(
        preCount: 1, postCount: 1, weights: [0], connected: [], minimum: -128, maximum: 127)
      rule.step(preWords: [0], offset: 0, post: [true], reward: [0], synapses: &m)
      rule.step(preWords: [1], offset: 0, post: [false], reward: [0], synapses: &m)
      if modulated {
        #expect(m.weights[0] == 0 && rule.eligibility[0] < 0)
      } else {
        #expect(m.weights[0] < 0 && rule.eligibility[0] == 0)
      }
    }
  }

  @Test func eligibilitySaturatesAtInt16() throws {
    var pairing = STDPParameters.paperExponential(weightUnit: 127)
    pairing.shift = 0
    let p = RSTDPParameters(
      pairing: pairing, eligibilityDecay: 0, rewardGain: 1, rewardShift: 0)
    var rule = try RSTDPRule(parameters: p, preCount: 1, postCount: 1, seed: 4)
    var m = SynapseMatrix(
      preCount: 1, postCount: 1, weights: [0], connected: [], minimum: -128, maximum: 127)
    for _ in 0..<100 {
      rule.step(preWords: [1], offset: 0, post: [true], reward: [0], synapses: &m)
    }
    #expect(rule.eligibility[0] == Int16.max)
    rule.step(preWords: [0], offset: 0, post: [false], reward: [1000], synapses: &m)
    #expect(m.weights[0] == 127)
  }
}
