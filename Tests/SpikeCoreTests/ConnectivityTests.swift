import Testing

@testable import SpikeCore

@Suite struct ConnectivityTests {
  func build(_ scheme: ConnectionScheme, pre: Int, post: Int, columns: Int = 1) throws
    -> SpikingNetwork
  {
    let neuron = LIFParameters(threshold: 1000)
    return try SpikingNetwork(
      description: NetworkDescription(
        inputCount: pre, layers: [LayerDescription(count: post, neuron: neuron, columns: columns)],
        projections: [
          ProjectionDescription(
            source: .input, target: 0, scheme: scheme,
            weights: WeightInitialization(total: 1000, jitter: 0))
        ], seed: 9))
  }

  @Test func fixedInDegreeGivesExactlyCSources() throws {
    let net = try build(.fixedInDegree(7), pre: 50, post: 20)
    let s = net.projections[0].synapses
    for i in 0..<20 {
      let sources = (0..<50).filter { s.isConnected($0 * 20 + i) }
      #expect(sources.count == 7)
      // Fan-in scaling: total 1000 over 7 synapses → 142 or 143 each, clamped at 127.
      for j in sources { #expect(s.weight(pre: j, post: i) == 127) }
    }
  }

  @Test func fixedProbabilityMatchesPWithinThreeSigma() throws {
    let net = try build(.fixedProbability(perMille: 100), pre: 200, post: 100)
    let connected = net.projections[0].synapses.connected.filter { $0 }.count
    // 20,000 pairs at p = 0.1: mean 2000, σ ≈ 42.
    #expect(abs(connected - 2000) < 127)
  }

  @Test func allToAllWeightsAreTotalOverFanInDithered() throws {
    let net = try build(.allToAll, pre: 300, post: 4)
    let w = net.weights(projection: 0)
    // 1000 / 300 = 3.33: every weight is 3 or 4, a third of them 4.
    #expect(w.allSatisfy { $0 == 3 || $0 == 4 })
    let fours = w.filter { $0 == 4 }.count
    #expect(abs(fours - 400) < 60)
  }

  @Test func receptiveFieldsSeeTheirPatchOnly() throws {
    // 6×4 input, patch 2, stride 2 → 3×2 columns of 2 neurons.
    let net = try build(
      .receptiveFields(width: 6, height: 4, channels: 1, patch: 2, stride: 2), pre: 24, post: 12,
      columns: 6)
    let s = net.projections[0].synapses
    for i in 0..<12 {
      let c = i / 2
      let x0 = (c % 3) * 2
      let y0 = (c / 3) * 2
      for j in 0..<24 {
        let inside = (x0..<x0 + 2).contains(j % 6) && (y0..<y0 + 2).contains(j / 6)
        #expect(s.isConnected(j * 12 + i) == inside)
      }
    }
    #expect(throws: ConfigError.self) {
      _ = try build(
        .receptiveFields(width: 6, height: 4, channels: 1, patch: 2, stride: 2), pre: 24,
        post: 12, columns: 4)
    }
  }

  /// Event-driven accumulation equals the dense sum over spiking inputs, for random planes.
  @Test func eventDrivenAccumulationEqualsDenseSum() throws {
    var rng = Xorshift32(seed: 3)
    let pre = 150
    let post = 37
    let weights = (0..<pre * post).map { _ in Int8(truncatingIfNeeded: rng.next()) }
    let m = SynapseMatrix(
      preCount: pre, postCount: post, weights: weights, connected: [], minimum: -128, maximum: 127)
    var planes = SpikePlanes(count: pre, timesteps: 2)
    for j in 0..<pre where rng.next() % 3 == 0 { planes.set(step: 1, channel: j) }
    var acc = [Int32](repeating: 0, count: post)
    m.accumulate(words: planes.words, offset: planes.wordsPerPlane, into: &acc)
    for i in 0..<post {
      var dense: Int32 = 0
      for j in 0..<pre where planes.isSet(step: 1, channel: j) {
        dense += Int32(weights[j * post + i])
      }
      #expect(acc[i] == dense)
    }
  }

  @Test func rejectsBadTopology() {
    let neuron = LIFParameters(threshold: 1)
    let layer = LayerDescription(count: 4, neuron: neuron)
    let w = WeightInitialization(total: 10)
    let cases: [NetworkDescription] = [
      NetworkDescription(inputCount: 4, layers: [], projections: [], seed: 1),
      NetworkDescription(
        inputCount: 4, layers: [layer],
        projections: [ProjectionDescription(source: .input, target: 1, weights: w)], seed: 1),
      NetworkDescription(
        inputCount: 4, layers: [layer],
        projections: [ProjectionDescription(source: .layer(3), target: 0, weights: w)], seed: 1),
      NetworkDescription(
        inputCount: 4, layers: [layer],
        projections: [
          ProjectionDescription(source: .input, target: 0, weights: w, weightExponent: 8)
        ], seed: 1),
      NetworkDescription(
        inputCount: 4, layers: [layer],
        projections: [
          ProjectionDescription(source: .input, target: 0, scheme: .fixedInDegree(5), weights: w)
        ], seed: 1),
    ]
    for d in cases {
      #expect(throws: ConfigError.self) { _ = try SpikingNetwork(description: d) }
    }
  }
}
