import Testing

@testable import SpikeCore

@Suite struct SpikingNetworkTests {
  static func planes(seed: UInt32, count: Int, frames: Int) -> [SpikePlanes] {
    var rng = Xorshift32(seed: seed)
    return (0..<frames).map { _ in
      var p = SpikePlanes(count: count, timesteps: 16)
      for t in 0..<16 {
        for i in 0..<count where rng.next8() < 40 { p.set(step: t, channel: i) }
      }
      return p
    }
  }

  func trained(_ d: NetworkDescription, input: [SpikePlanes]) throws -> SpikingNetwork {
    var net = try SpikingNetwork(description: d)
    for (f, p) in input.enumerated() {
      net.reward = .label(f % 2)
      net.present(p, learn: true)
    }
    return net
  }

  /// Same seed, same input → the same bits twice (weights, θ, counts), for both topologies;
  /// another seed gives other weights.
  @Test func sameSeedGivesSameBits() throws {
    let ours = NetworkDescription.corticalColumns(
      width: 12, height: 12, columns: 9, perColumn: 4, winners: 1, field: (4, 4), seed: 3)
    let paper = NetworkDescription.paperColumn(
      classes: 2, inputCount: 144, hidden: 40, population: 10, seed: 3)
    let input = Self.planes(seed: 1, count: 144, frames: 6)
    for d in [ours, paper] {
      let a = try trained(d, input: input)
      let b = try trained(d, input: input)
      for p in a.projections.indices {
        #expect(a.weights(projection: p) == b.weights(projection: p))
      }
      #expect(a.counts == b.counts)
      #expect(a.layers.map(\.theta) == b.layers.map(\.theta))
      #expect(a.counts.flatMap { $0 }.reduce(0, +) > 0, "the network must spike")
      var other = d
      other.seed = 4
      let c = try trained(other, input: input)
      #expect(a.weights(projection: 0) != c.weights(projection: 0))
      let untrained = try SpikingNetwork(description: d)
      #expect(a.weights(projection: 0) != untrained.weights(projection: 0), "STDP must learn")
    }
  }

  /// The paper's column: 2 populations, the class is the most active one; R-STDP with the
  /// label schedule moves the second projection's weights.
  @Test func paperColumnReadsOutMostActivePopulation() throws {
    let d = NetworkDescription.paperColumn(
      classes: 3, inputCount: 144, hidden: 40, population: 10, seed: 5)
    var net = try SpikingNetwork(description: d)
    #expect(net.layers[1].count == 30)
    net.spikes.counts[1] = (0..<30).map { $0 / 10 == 2 ? 3 : 1 }
    #expect(net.classify() == 2)
    net.spikes.counts[1] = [Int32](repeating: 0, count: 30)
    #expect(net.classify() == 0)  // ties to the lowest index
    let before = net.weights(projection: 1)
    for p in Self.planes(seed: 2, count: 144, frames: 4) {
      net.reward = .label(1)
      net.present(p, learn: true)
    }
    #expect(net.weights(projection: 1) != before)
  }

  @Test func weightsRoundTripAndAreValidated() throws {
    let d = NetworkDescription.corticalColumns(
      width: 8, height: 8, columns: 1, perColumn: 4, winners: 1, seed: 3)
    var net = try SpikingNetwork(description: d)
    var w = net.weights(projection: 0)
    w[5] = 99
    w[6] = -100  // below the clamp minimum 0
    try net.setWeights(projection: 0, w)
    #expect(net.weights(projection: 0)[5] == 99 && net.weights(projection: 0)[6] == 0)
    #expect(throws: ConfigError.self) { try net.setWeights(projection: 0, [1, 2, 3]) }
    #expect(throws: ConfigError.self) { try net.setWeights(projection: 3, w) }
  }

  /// One-step synaptic delay: an input spike at step t reaches the neuron at step t + 1.
  @Test func inputArrivesOneStepLater() throws {
    let d = NetworkDescription(
      inputCount: 1,
      layers: [LayerDescription(count: 1, neuron: LIFParameters(threshold: 5))],
      projections: [
        ProjectionDescription(source: .input, target: 0, weights: WeightInitialization(total: 10))
      ], seed: 1)
    var net = try SpikingNetwork(description: d)
    var p = SpikePlanes(count: 1, timesteps: 3)
    p.set(step: 0, channel: 0)
    net.present(p, learn: false)
    #expect(net.counts[0] == [1])
    #expect(net.layers[0].current == [0])  // delivered at step 1, gone by step 2
    var late = SpikePlanes(count: 1, timesteps: 3)
    late.set(step: 2, channel: 0)
    net.reset()
    net.present(late, learn: false)
    #expect(net.counts[0] == [0])  // still pending at the end of the frame
  }
}
