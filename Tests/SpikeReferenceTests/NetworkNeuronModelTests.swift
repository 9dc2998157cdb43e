import SpikeCore
import SpikeReference
import Testing

/// The paper's neuron models on the network's layer (`NeuronModel`: ELIF, AELIF) and the other
/// layer options (`LayerOptions`: connection, homeostasis, STDP kernel), integer against float.
@Suite struct NetworkNeuronModelTests {
  static let models: [NeuronModel] = [.expLIF(.paper), .adEx(.paper, .paper)]

  /// The integer ELIF step by hand: threshold 4096, dV 410, Δ = 410 (`paper`), full current
  /// decay, input 1000 twice. Step 1: the term at v = 0 is 410·e^(−4096/410) ≈ 0.019 units,
  /// which rounds away: v = 1000. Step 2: bracket −1000 + 410·e^(−3096/410) ≈ −999.78 units,
  /// × 410/4096 = −100.08 → −100: v = 1000 − 100 + 1000 = 1900.
  @Test func exponentialStepByHand() throws {
    let p = LIFParameters(currentDecay: 4096, voltageDecay: 410, threshold: 4096)
    var layer = try LIFLayer(count: 1, parameters: p, model: .expLIF(.paper))
    var spikes = [false]
    layer.step(input: [1000], spikes: &spikes)
    #expect(layer.voltage == [1000])
    layer.step(input: [1000], spikes: &spikes)
    #expect(layer.voltage == [1900])
  }

  /// One layer of each model on identical random input (no competition; refractory step and θ
  /// on), 500 steps. Measured: per-neuron spike counts differ by at most 1 (totals 2838 / 2840
  /// ELIF, 2374 / 2372 AELIF); below the rheobase, before a neuron's first spike, the voltages
  /// differ by at most 4.4 units of a 5000 threshold. Checked: counts within 10 % + 1 per
  /// neuron, voltages within 8 units.
  @Test(arguments: models) func layerTracksFloatTwin(model: NeuronModel) throws {
    let p = LIFParameters(
      currentDecay: 2048, voltageDecay: 410, threshold: 5000, refractorySteps: 1, thetaPlus: 100,
      thetaDecay: 64)
    var fixed = try LIFLayer(count: 64, parameters: p, model: model)
    var float = try FloatLIFLayer(count: 64, parameters: FloatLIFParameters(p), model: model)
    var rng = Xorshift32(seed: 21)
    var sf = [Bool](repeating: false, count: 64)
    var sg = sf
    var countF = [Int](repeating: 0, count: 64)
    var countG = countF
    var worst: Float = 0
    for _ in 0..<500 {
      let a = (0..<64).map { _ in Int32(rng.next() % 1200) }
      fixed.step(input: a, spikes: &sf)
      float.step(input: a.map { Float($0) }, spikes: &sg)
      for j in 0..<64 {
        let below = fixed.voltage[j] < p.threshold && float.voltage[j] < Float(p.threshold)
        if countF[j] == 0 && countG[j] == 0 && !sf[j] && !sg[j] && below {
          worst = max(worst, abs(Float(fixed.voltage[j]) - float.voltage[j]))
        }
        if sf[j] { countF[j] += 1 }
        if sg[j] { countG[j] += 1 }
      }
    }
    #expect(countF.reduce(0, +) > 1000, "the layer must fire")
    #expect(worst <= 8, "\(model.name): subthreshold voltage differs by \(worst)")
    for j in 0..<64 {
      #expect(
        abs(countF[j] - countG[j]) <= countG[j] / 10 + 1,
        "\(model.name) neuron \(j): \(countF[j]) vs \(countG[j])")
    }
  }

  /// Under a constant drive the AELIF adapts (each inter-spike interval at least the one
  /// before, the last longer than the first) and the ELIF does not (equal intervals after the
  /// first spike), in both twins.
  @Test func adaptationLengthensIntervals() throws {
    let p = LIFParameters(currentDecay: 4096, voltageDecay: 410, threshold: 4096)
    for model in Self.models {
      var fixed = try LIFLayer(count: 1, parameters: p, model: model)
      var float = try FloatLIFLayer(count: 1, parameters: FloatLIFParameters(p), model: model)
      var times: ([Int], [Int]) = ([], [])
      var s = [false]
      for t in 0..<400 {
        fixed.step(input: [700], spikes: &s)
        if s[0] { times.0.append(t) }
        float.step(input: [700], spikes: &s)
        if s[0] { times.1.append(t) }
      }
      for spikes in [times.0, times.1] {
        let gaps = zip(spikes.dropFirst(), spikes).map { $0 - $1 }
        #expect(gaps.count >= 3, "\(model.name): \(spikes)")
        if model.adaptation == nil {
          #expect(Set(gaps.dropFirst()).count == 1, "ELIF intervals \(gaps)")
        } else {
          #expect(zip(gaps.dropFirst(), gaps).allSatisfy { $0 >= $1 }, "AELIF intervals \(gaps)")
          #expect(gaps.last! > gaps.first!, "AELIF intervals \(gaps)")
        }
      }
    }
  }

  static let options: [LayerOptions] = [
    LayerOptions(model: .expLIF(.paper)),
    LayerOptions(model: .adEx(.paper, .paper), connection: .all),
    LayerOptions(
      connection: .probability(perMille: 300),
      homeostasis: HomeostasisParameters(window: 16, target: 1, gain: 64)),
    LayerOptions(connection: .inDegree(40), kernel: .flat),
  ]

  /// `corticalColumns` with each option set (16×16 input, 4 columns of 16, k-WTA 3) builds
  /// what the options say, and the twins learn alike over 20 frames of STDP from identical
  /// input, without competition (which turns 1-LSB differences into other winners). Measured:
  /// total spikes within 0.3 %; weight changes correlate with r = 0.998 (ELIF), 0.878 (AELIF,
  /// all-to-all: its adaptation carries rounding over many steps), 0.99999 (probability 0.3
  /// with homeostasis), 0.99 (in-degree 40, flat kernel). Checked: totals within 2 %, r ≥ 0.85.
  @Test(arguments: options) func optionsBuildAndTrackFloatTwin(options: LayerOptions) throws {
    let d = NetworkDescription.corticalColumns(
      width: 16, height: 16, columns: 4, perColumn: 16, winners: 3, field: (8, 8), seed: 7,
      options: options)
    #expect(d.layers[0].model == options.model)
    let layout = try SpikingNetwork(description: d).projections[0].synapses.layout
    #expect(
      layout.synapseCount
        == Connectivity.synapseCount(
          scheme: d.projections[0].scheme, preCount: 256, postCount: 64, seed: 7))
    switch options.connection {
    case .all?: #expect(layout.synapseCount == 256 * 64)
    case .inDegree(let n)?: #expect(layout.synapseCount == n * 64)
    case .probability?: #expect(abs(layout.synapseCount - 256 * 64 * 3 / 10) < 300)
    default: #expect(layout.synapseCount == 64 * 64)
    }
    if let h = options.homeostasis {
      // The gain is h.gain/4096 of the threshold: 28 state units here (threshold 1,848), not 0.
      let gain = (d.layers[0].neuron.threshold * h.gain) >> 12
      #expect(gain == 28)
      #expect(
        d.layers[0].homeostasis
          == HomeostasisParameters(window: h.window, target: h.target, gain: gain))
    }
    guard case .stdp(let rule) = d.projections[0].plasticity else {
      Issue.record("not STDP")
      return
    }
    #expect(rule == options.kernel.parameters(weightUnit: 2))

    // Without competition (k-WTA, inhibition, θ), which amplifies 1-LSB differences into other
    // winners, so the comparison measures the arithmetic.
    var quiet = d
    quiet.layers[0].winners = 0
    quiet.layers[0].lateralInhibition = 0
    quiet.layers[0].neuron.thetaPlus = 0
    var fixed = try SpikingNetwork(description: quiet)
    var float = try FloatSpikingNetwork(description: quiet)
    let start = fixed.floatWeights(projection: 0)
    var rng = Xorshift32(seed: 8)
    var totals = (0.0, 0.0)
    for _ in 0..<20 {
      let rates = (0..<256).map { _ in Int(rng.next() % 90) }
      let planes = TestSpikes.bernoulli(rates: rates, timesteps: 16, rng: &rng)
      fixed.present(planes, learn: true)
      float.present(planes, learn: true)
      totals.0 += Double(fixed.counts[0].reduce(0, +))
      totals.1 += Double(float.counts[0].reduce(0, +))
    }
    let a = zip(fixed.floatWeights(projection: 0), start).map { Double($0 - $1) }
    let b = zip(float.floatWeights(projection: 0), start).map { Double($0 - $1) }
    let r = ParityTests().correlation(a, b)
    #expect(totals.1 > 500, "the network must be active")
    #expect(abs(totals.0 - totals.1) <= 0.02 * totals.1, "totals \(totals)")
    #expect(r >= 0.85, "weight changes r = \(r)")
  }
}
