import Foundation
import SpikeReference
import Testing

@testable import SpikeCore

/// A paper-like exponential LIF: rest −70, reset −75, cut-off −30, φ −50, Δ 2 mV, τ = 10 dt.
private let elif = FloatExpLIFParameters(
  count: 1, restPotential: -70, resetPotential: -75, threshold: -30, rheobase: -50, sharpness: 2,
  leak: 410.0 / 4096)

/// AdEx on the same membrane: a·R = 0.5, τ_w ≈ 100 dt, jump 3 mV.
private let adex = FloatAdExParameters(
  membrane: elif, coupling: 0.5, adaptationLeak: 41.0 / 4096, jump: 3)

/// Spike steps and the membrane trace (mV) of one neuron under a drive.
private struct Run: Equatable {
  var spikes: [Int] = []
  var trace: [Float] = []
}

/// The single-neuron stepping API the fixed and float ExpLIF/AdEx layers share.
private protocol SteppedNeuron {
  associatedtype Sample
  mutating func step(input: Span<Sample>, spikes: inout SpikePlanes, at t: Int) -> Int
  var potential: [Sample] { get }
}
extension ExpLIFLayer: SteppedNeuron {}
extension AdExLayer: SteppedNeuron {}
extension FloatExpLIFLayer: SteppedNeuron {}
extension FloatAdExLayer: SteppedNeuron {}

/// Runs one neuron for `steps` steps; `drive` fills the input of step n, `millivolts` reads
/// the membrane in mV.
private func run<L: SteppedNeuron>(
  _ layer: inout L, steps: Int, zero: L.Sample, drive fill: (inout [L.Sample], Int) -> Void,
  millivolts: (L.Sample) -> Float
) -> Run {
  var result = Run()
  var spikes = SpikePlanes(count: 1, timesteps: 1)
  var drive: [L.Sample] = [zero]
  for n in 0..<steps {
    fill(&drive, n)
    if layer.step(input: drive.span, spikes: &spikes, at: 0) > 0 { result.spikes.append(n) }
    result.trace.append(millivolts(layer.potential[0]))
  }
  return result
}

private func runFixed<L: SteppedNeuron>(
  _ layer: inout L, _ current: InputCurrent, steps: Int, unitsPerMillivolt: Float
) -> Run where L.Sample == Int32 {
  run(&layer, steps: steps, zero: 0, drive: { current.fill(&$0, at: $1) }) {
    Float($0) / unitsPerMillivolt
  }
}

private func runFloat<L: SteppedNeuron>(_ layer: inout L, _ current: FloatInputCurrent, steps: Int)
  -> Run where L.Sample == Float
{
  run(&layer, steps: steps, zero: 0, drive: { current.fill(&$0, at: $1) }) { $0 }
}

/// Largest |a − b| over the steps before the two spike trains first disagree.
private func traceError(_ a: Run, _ b: Run) -> Float {
  var worst: Float = 0
  for n in 0..<min(a.trace.count, b.trace.count) {
    let firedA = a.spikes.contains(n)
    if firedA != b.spikes.contains(n) { break }
    worst = max(worst, abs(a.trace[n] - b.trace[n]))
  }
  return worst
}

/// Largest |a − b| before the trains disagree, counting only steps where the float neuron sits
/// below `ceiling` mV (the subthreshold part; the upswing amplifies any difference).
private func subthresholdError(_ a: Run, _ b: Run, ceiling: Float) -> Float {
  var worst: Float = 0
  for n in 0..<min(a.trace.count, b.trace.count) {
    if a.spikes.contains(n) != b.spikes.contains(n) { break }
    if b.trace[n] < ceiling { worst = max(worst, abs(a.trace[n] - b.trace[n])) }
  }
  return worst
}

/// Largest distance between matching spikes (by order), or Int.max if the counts differ.
private func spikeTimeError(_ a: Run, _ b: Run) -> Int {
  if a.spikes.count != b.spikes.count { return Int.max }
  return zip(a.spikes, b.spikes).map { abs($0 - $1) }.max() ?? 0
}

/// Runs the integer and float ExpLIF on one drive (mV) and returns both runs.
private func expLIFPair(
  _ drive: FloatInputCurrent.Shape, unitsPerMillivolt q: Float, steps: Int = 500
)
  throws -> (Run, Run)
{
  var fixed = try ExpLIFLayer(parameters: elif.quantized(unitsPerMillivolt: q))
  var float = try FloatExpLIFLayer(parameters: elif)
  let a = runFixed(&fixed, try quantize(drive, q), steps: steps, unitsPerMillivolt: q)
  return (a, runFloat(&float, FloatInputCurrent(drive), steps: steps))
}

/// Runs the integer and float AdEx on one drive (mV) and returns both runs.
private func adExPair(
  _ drive: FloatInputCurrent.Shape, unitsPerMillivolt q: Float, steps: Int = 500,
  overshoot: Bool = false
) throws -> (Run, Run) {
  var parameters = adex
  parameters.adaptsToOvershoot = overshoot
  var fixed = try AdExLayer(parameters: parameters.quantized(unitsPerMillivolt: q))
  var float = try FloatAdExLayer(parameters: parameters)
  let a = runFixed(&fixed, try quantize(drive, q), steps: steps, unitsPerMillivolt: q)
  return (a, runFloat(&float, FloatInputCurrent(drive), steps: steps))
}

/// The integer twin of a float drive (constant or step only).
private func quantize(_ shape: FloatInputCurrent.Shape, _ q: Float) throws -> InputCurrent {
  switch shape {
  case .constant(let level): return try InputCurrent(.constant(Int32(level * q)))
  case .step(let initial, let final, let switchStep):
    return try InputCurrent(
      .step(initial: Int32(initial * q), final: Int32(final * q), switchStep: switchStep))
  default: preconditionFailure("only constant and step drives are used here")
  }
}

@Suite struct NeuronParityTests {
  /// Drives from silent (15, 20 mV for AdEx) through slow (20, 25 mV) to fast firing.
  static let levels: [Float] = [15, 20, 25, 30, 40, 60]

  @Test func expLIFFiresOnTheSameStepsAsItsTwinUnderConstantDrive() throws {
    // Tolerances: identical spike steps; subthreshold trace (u < φ) within 0.002 mV at 2¹² units
    // per mV and 0.03 mV at 2⁸; whole trace (with the exponential upswing) within 0.05 / 0.5 mV.
    for (q, sub, whole) in [(Float(4096), Float(0.002), Float(0.05)), (256, 0.03, 0.5)] {
      var spikes = 0
      for level in Self.levels {
        let (a, b) = try expLIFPair(.constant(level), unitsPerMillivolt: q)
        #expect(a.spikes == b.spikes, "level \(level) at \(q)/mV")
        #expect(subthresholdError(a, b, ceiling: -50) <= sub, "level \(level) at \(q)/mV")
        #expect(traceError(a, b) <= whole, "level \(level) at \(q)/mV")
        spikes += a.spikes.count
      }
      #expect(spikes > 100, "the drives must make the neuron fire")
    }
  }

  @Test func adExFiresOnTheSameStepsAsItsTwinUnderConstantDrive() throws {
    // At 2¹² units per mV: identical spike steps, subthreshold trace within 0.002 mV.
    // At 2⁸: same spike count, each spike within 2 steps (slow approaches to threshold stall
    // for a step where |du| < ½ unit), subthreshold trace within 0.03 mV.
    for level in Self.levels {
      let (a, b) = try adExPair(.constant(level), unitsPerMillivolt: 4096)
      #expect(a.spikes == b.spikes, "level \(level)")
      #expect(subthresholdError(a, b, ceiling: -50) <= 0.002, "level \(level)")
      let (c, d) = try adExPair(.constant(level), unitsPerMillivolt: 256)
      #expect(spikeTimeError(c, d) <= 2, "level \(level): \(c.spikes) vs \(d.spikes)")
      #expect(subthresholdError(c, d, ceiling: -50) <= 0.03, "level \(level)")
    }
  }

  @Test func stepDriveStartsFiringOnlyAfterTheSwitchInBothTwins() throws {
    let drive = FloatInputCurrent.Shape.step(initial: 10, final: 35, switchStep: 150)
    let (a, b) = try expLIFPair(drive, unitsPerMillivolt: 4096)
    let (c, d) = try adExPair(drive, unitsPerMillivolt: 4096)
    for run in [a, b, c, d] {
      #expect(
        run.spikes.first.map { $0 > 150 } == true,
        "first spike \(String(describing: run.spikes.first))")
    }
    #expect(a.spikes == b.spikes && c.spikes == d.spikes)
    #expect(
      subthresholdError(a, b, ceiling: -50) <= 0.002
        && subthresholdError(c, d, ceiling: -50) <= 0.002)
  }

  @Test func paperOvershootModeAlsoMatchesWhereNothingSaturates() throws {
    // At 2⁸ units per mV the overshoot (a few volts) fits the 24-bit state.
    let (a, b) = try adExPair(.constant(60), unitsPerMillivolt: 256, overshoot: true)
    #expect(spikeTimeError(a, b) <= 2, "\(a.spikes) vs \(b.spikes)")
    // And the quirk matters: adapting to the overshoot slows the neuron down.
    let (clamped, _) = try adExPair(.constant(60), unitsPerMillivolt: 256)
    #expect(a.spikes.count < clamped.spikes.count)
  }

  @Test func moreCurrentNeverMeansFewerSpikes() throws {
    // f–I curves of all four models, 0…80 mV of drive in 2 mV steps over 300 steps.
    var curves: [[Int]] = [[], [], [], []]
    for level in stride(from: Float(0), through: 80, by: 2) {
      let (a, b) = try expLIFPair(.constant(level), unitsPerMillivolt: 4096, steps: 300)
      let (c, d) = try adExPair(.constant(level), unitsPerMillivolt: 4096, steps: 300)
      for (index, run) in [a, b, c, d].enumerated() { curves[index].append(run.spikes.count) }
    }
    for curve in curves {
      #expect(curve.first == 0 && (curve.last ?? 0) > 20, "\(curve)")
      #expect(zip(curve, curve.dropFirst()).allSatisfy { $0 <= $1 }, "not monotone: \(curve)")
    }
  }

  @Test func adExAdaptsWhileExpLIFKeepsAFixedRhythm() throws {
    let (a, _) = try expLIFPair(.constant(40), unitsPerMillivolt: 4096)
    let (c, _) = try adExPair(.constant(40), unitsPerMillivolt: 4096)
    let expIntervals = zip(a.spikes, a.spikes.dropFirst()).map { $1 - $0 }
    let adexIntervals = zip(c.spikes, c.spikes.dropFirst()).map { $1 - $0 }
    #expect(Set(expIntervals.dropFirst()).count == 1, "\(expIntervals)")
    #expect(
      try #require(adexIntervals.last) > 2 * (try #require(adexIntervals.first)), "\(adexIntervals)"
    )
  }

  @Test func integerSineIsWithinTwoToTheMinus17OfSin() throws {
    // Tolerance: |int − (offset + A·sin)| ≤ A·2⁻¹⁷ + 1 (table interpolation plus rounding).
    for (amplitude, increment) in [
      (Int32(8_000_000), UInt32(12_345_679)), (1000, 1 << 26), (-4_000_000, 987_654_321),
    ] {
      let current = try InputCurrent(
        .sine(offset: 5, amplitude: amplitude, phaseIncrement: increment))
      let float = FloatInputCurrent(
        .sine(
          offset: 5, amplitude: Float(amplitude),
          radiansPerStep: Float(Double(increment) / 4_294_967_296 * 2 * Double.pi)))
      for n in 0..<3000 {
        let phase =
          Double(UInt32(truncatingIfNeeded: n) &* increment) / 4_294_967_296 * 2 * Double.pi
        let exact = 5 + Double(amplitude) * sin(phase)
        #expect(
          abs(Double(current.value(at: n)) - exact) <= Double(abs(amplitude)) / 131_072 + 1,
          "n = \(n)")
        // The float twin (Float32) agrees to its own precision.
        #expect(abs(Double(float.value(at: n)) - exact) <= Double(abs(amplitude)) * 1e-5 + 1)
      }
    }
  }

  @Test func sineTableMatchesSinToRounding() {
    for i in 0...256 {
      let exact = sin(Double(i) * Double.pi / 512) * 1_073_741_824
      #expect(abs(Double(InputCurrentSineTable.quarterWaveQ30[i]) - exact) <= 0.5)
    }
  }

  @Test func randomStartMatchesTheFloatTwinAndResetsAboutOneInEleven() throws {
    // 282/256 = 1.1016 versus 1.1: starts agree within 0.002·(θ − u_reset) + one unit.
    var fixed = try ExpLIFLayer(
      parameters: ExpLIFParameters(
        count: 20_000, restPotential: -70 << 12, resetPotential: -75 << 12, threshold: -30 << 12,
        rheobase: -50 << 12, sharpness: 2 << 12, leak: 410))
    var float = try FloatExpLIFLayer(
      parameters: FloatExpLIFParameters(
        count: 20_000, restPotential: -70, resetPotential: -75, threshold: -30, rheobase: -50,
        sharpness: 2,
        leak: 0.1))
    var rngA = Xorshift32(seed: 43)
    var rngB = Xorshift32(seed: 43)
    fixed.scatterPotentials(using: &rngA)
    float.scatterPotentials(using: &rngB, ratio: 282.0 / 256)
    var atReset = 0
    for i in 0..<20_000 {
      #expect(abs(Float(fixed.potential[i]) / 4096 - float.potential[i]) <= 0.001, "neuron \(i)")
      #expect(fixed.potential[i] >= -75 << 12 && fixed.potential[i] < -30 << 12)
      if fixed.potential[i] == -75 << 12 { atReset += 1 }
    }
    // P(start ≥ θ) = 1 − 256/282 = 9.2 %; 5 σ of 20 000 draws is 1 %.
    #expect(abs(Double(atReset) / 20_000 - 0.0922) <= 0.01, "\(atReset) of 20 000 start at reset")
  }

  @Test func floatTwinsRefuseNonFiniteParametersInsteadOfTrapping() {
    var p = elif
    p.leak = .nan
    #expect(throws: ExpLIFError.notFinite(name: "leak")) { _ = try FloatExpLIFLayer(parameters: p) }
    p = elif
    p.threshold = .infinity
    #expect(throws: ExpLIFError.notFinite(name: "threshold")) {
      _ = try FloatExpLIFLayer(parameters: p)
    }
    p = elif
    p.sharpness = -1e30
    #expect(throws: ExpLIFError.self) { _ = try FloatExpLIFLayer(parameters: p) }
    var a = adex
    a.jump = .nan
    #expect(throws: ExpLIFError.notFinite(name: "jump")) { _ = try FloatAdExLayer(parameters: a) }
    #expect(throws: EncoderError.self) {
      _ = try FloatGaussianFieldEncoder(pixelCount: 1, timesteps: 8, fieldsPerPixel: 2, width: .nan)
    }
    #expect(throws: EncoderError.self) {
      _ = try FloatFrameDifferenceEncoder(pixelCount: 1, timesteps: 8, threshold: -.infinity)
    }
    // Quantizing nonsense gives values the integer layer refuses, not a trap.
    var q = elif
    q.threshold = 1e30
    #expect(throws: ExpLIFError.self) {
      _ = try ExpLIFLayer(parameters: q.quantized(unitsPerMillivolt: 4096))
    }
  }
}
