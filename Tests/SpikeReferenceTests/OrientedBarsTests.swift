import SpikeCore
import SpikeReference
import Testing

/// STDP learns oriented bars: an 8×8 input shows one of four bars through the centre
/// (horizontal, vertical, two diagonals) at rate 80/256 per step on 6/256 background noise; one
/// column of 8 neurons with k-WTA (k = 1), lateral inhibition, Diehl & Cook θ, and STDP with
/// normalisation learns from 240 presentations.
///
/// Selectivity measure, on the receptive fields (positive weights): each neuron's cosine
/// similarity with the four bar templates; its selectivity is `(best − second) / best`.
/// Pass: every orientation is the best match of at least one neuron, the mean selectivity of
/// those best-matching neurons is ≥ 0.3 (at initialisation it is below 0.1), and, presented
/// each bar with learning off, the most active neuron differs for all four orientations.
@Suite struct OrientedBarsTests {
  static let side = 8

  static func bar(_ orientation: Int) -> [Bool] {
    var on = [Bool](repeating: false, count: side * side)
    for a in 0..<side {
      let (x, y): (Int, Int)
      switch orientation {
      case 0: (x, y) = (a, side / 2)
      case 1: (x, y) = (side / 2, a)
      case 2: (x, y) = (a, a)
      default: (x, y) = (side - 1 - a, a)
      }
      on[y * side + x] = true
    }
    return on
  }

  static func description() -> NetworkDescription {
    let neuron = LIFParameters(
      currentDecay: 4096, voltageDecay: 410, threshold: 4096, refractorySteps: 2,
      thetaPlus: 256, thetaDecay: 4)
    var stdp = STDPParameters.paperExponential(weightUnit: 8)
    stdp.normalizationTarget = 64 * 12
    return NetworkDescription(
      inputCount: side * side,
      layers: [
        LayerDescription(count: 8, neuron: neuron, winners: 1, lateralInhibition: 4096)
      ],
      projections: [
        ProjectionDescription(
          source: .input, target: 0, weights: WeightInitialization(total: 64 * 12, jitter: 8),
          weightExponent: 4, plasticity: .stdp(stdp))
      ],
      seed: 11)
  }

  static func input(_ orientation: Int, rng: inout Xorshift32) -> SpikePlanes {
    TestSpikes.bernoulli(
      rates: bar(orientation).map { $0 ? 80 : 6 }, timesteps: 16, rng: &rng)
  }

  /// Cosine similarity of each neuron's positive weights with each bar: `[neuron][bar]`.
  static func similarity(_ weights: [Float], neurons: Int) -> [[Double]] {
    (0..<neurons).map { i in
      let field = (0..<side * side).map { Double(max(0, weights[$0 * neurons + i])) }
      let norm = field.reduce(0) { $0 + $1 * $1 }.squareRoot()
      return (0..<4).map { o in
        let template = bar(o)
        var dot = 0.0
        for j in field.indices where template[j] { dot += field[j] }
        return norm == 0 ? 0 : dot / (norm * Double(side).squareRoot())
      }
    }
  }

  /// Mean selectivity of the best-matching neuron per orientation, and the coverage.
  static func fieldSelectivity(_ weights: [Float]) -> (mean: Double, covered: Int) {
    let sims = similarity(weights, neurons: 8)
    var best = [Double](repeating: -1, count: 4)
    var selectivity = [Double](repeating: 0, count: 4)
    for s in sims {
      let sorted = s.sorted(by: >)
      let o = s.firstIndex(of: sorted[0]) ?? 0
      if sorted[0] > best[o] {
        best[o] = sorted[0]
        selectivity[o] = sorted[0] == 0 ? 0 : (sorted[0] - sorted[1]) / sorted[0]
      }
    }
    let covered = best.filter { $0 >= 0 }.count
    return (selectivity.reduce(0, +) / 4, covered)
  }

  static func run<N: TwinNetwork>(_ type: N.Type) throws {
    var net = try N(description: description())
    let before = fieldSelectivity(net.floatWeights(projection: 0))
    #expect(before.mean < 0.1, "initial receptive fields should not be selective: \(before)")
    var rng = Xorshift32(seed: 2024)
    for _ in 0..<240 {
      let o = Int(rng.next() % 4)
      net.reset()
      net.present(input(o, rng: &rng), learn: true)
    }
    let after = fieldSelectivity(net.floatWeights(projection: 0))
    #expect(after.covered == 4, "\(N.self): orientations covered \(after.covered) of 4")
    #expect(after.mean >= 0.3, "\(N.self): mean field selectivity \(after.mean)")
    var winners: [Int] = []
    for o in 0..<4 {
      var total = [Int](repeating: 0, count: 8)
      for _ in 0..<10 {
        net.reset()
        net.present(input(o, rng: &rng), learn: false)
        for i in 0..<8 { total[i] += Int(net.counts[0][i]) }
      }
      winners.append(total.indices.max { total[$0] < total[$1] } ?? 0)
      #expect(total.reduce(0, +) > 0, "\(N.self): no response to bar \(o)")
    }
    #expect(Set(winners).count == 4, "\(N.self): most active neuron per bar \(winners)")
  }

  @Test func fixedPointSTDPLearnsOrientedBars() throws { try Self.run(SpikingNetwork.self) }

  @Test func floatSTDPLearnsOrientedBars() throws { try Self.run(FloatSpikingNetwork.self) }
}
