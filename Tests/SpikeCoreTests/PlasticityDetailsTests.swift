import Testing

@testable import SpikeCore

@Suite struct PlasticityDetailsTests {
  /// Windowed homeostasis: at the end of each window θ moves by gain · (count − target), and
  /// never below −threshold (so the effective threshold stays ≥ 0).
  @Test func homeostasisMovesThetaTowardTheTarget() throws {
    var layer = try LIFLayer(count: 3, parameters: LIFParameters(threshold: 100))
    var h = try Homeostasis(
      count: 3, parameters: HomeostasisParameters(window: 4, target: 2, gain: 10))
    let pattern: [[Bool]] = [
      [true, false, true], [true, false, false], [true, false, true], [true, false, false],
    ]
    for s in pattern { h.update(spikes: s, layer: &layer) }
    #expect(layer.theta == [20, -20, 0])  // 4, 0, 2 spikes against a target of 2
    for _ in 0..<40 { h.update(spikes: [false, false, false], layer: &layer) }
    #expect(layer.theta[1] == -100)  // clamped at −threshold
    #expect(throws: ConfigError.self) {
      _ = try Homeostasis(
        count: 1, parameters: HomeostasisParameters(window: 4, target: 5, gain: 1))
    }
  }

  /// Additive traces add per spike and saturate at 255; nearest traces reset to their maximum.
  @Test func traceUpdatesAddOrReset() throws {
    var p = STDPParameters.paperExponential(weightUnit: 1)
    p.preDecay = 0
    p.postDecay = 0
    p.update = .additive(increment: 100)
    var additive = SpikeTraces(preCount: 1, postCount: 1, parameters: p, seed: 1)
    p.update = .nearest(maximum: 100)
    var nearest = SpikeTraces(preCount: 1, postCount: 1, parameters: p, seed: 1)
    var seen: [UInt8] = []
    for _ in 0..<3 {
      additive.decay()
      additive.record(preWords: [1], offset: 0, post: [true])
      nearest.decay()
      nearest.record(preWords: [1], offset: 0, post: [true])
      seen.append(additive.pre[0])
      #expect(nearest.pre[0] == 100 && nearest.post[0] == 100)
    }
    #expect(seen == [100, 200, 255])
  }

  /// Normalisation rescales each neuron's positive incoming weights to the target sum (within
  /// the truncation of one unit per synapse) after every learning frame.
  @Test func normalisationHoldsPositiveSums() throws {
    var stdp = STDPParameters.paperExponential(weightUnit: 8)
    stdp.normalizationTarget = 600
    let d = NetworkDescription(
      inputCount: 40,
      layers: [LayerDescription(count: 6, neuron: LIFParameters(threshold: 300))],
      projections: [
        ProjectionDescription(
          source: .input, target: 0,
          weights: WeightInitialization(total: 800, jitter: 10, minimum: -20, maximum: 127),
          plasticity: .stdp(stdp))
      ], seed: 4)
    var net = try SpikingNetwork(description: d)
    var rng = Xorshift32(seed: 6)
    for _ in 0..<10 {
      var planes = SpikePlanes(count: 40, timesteps: 16)
      for t in 0..<16 {
        for i in 0..<40 where rng.next8() < 50 { planes.set(step: t, channel: i) }
      }
      net.present(planes, learn: true)
      let w = net.weights(projection: 0)
      for i in 0..<6 {
        let positive = (0..<40).map { Int(w[$0 * 6 + i]) }.filter { $0 > 0 }
        let sum = positive.reduce(0, +)
        #expect(sum <= 600 && sum >= 600 - positive.count, "neuron \(i): Σw⁺ = \(sum)")
      }
    }
  }

  /// An inhibitory projection subtracts what the same excitatory one adds.
  @Test func inhibitorySignNegatesTheProjection() throws {
    func current(_ sign: SynapseSign) throws -> Int32 {
      let d = NetworkDescription(
        inputCount: 3,
        layers: [LayerDescription(count: 1, neuron: LIFParameters(threshold: 1 << 20))],
        projections: [
          ProjectionDescription(
            source: .input, target: 0, weights: WeightInitialization(total: 30), weightExponent: 2,
            sign: sign)
        ], seed: 1)
      var net = try SpikingNetwork(description: d)
      var p = SpikePlanes(count: 3, timesteps: 2)
      for c in 0..<3 { p.set(step: 0, channel: c) }
      net.present(p, learn: false)
      return net.layers[0].current[0]
    }
    #expect(try current(.excitatory) == 120)  // 3 inputs × 10 × 2²
    #expect(try current(.inhibitory) == -120)
  }
}
