import Testing

@testable import SpikeCore

/// Exponential LIF in 2¹² units per mV: rest −70, reset −75, cut-off −30, φ −50, Δ 2, dt/τ 0.1.
private let expLIFParameters = ExpLIFParameters(
  count: 3, restPotential: -70 << 12, resetPotential: -75 << 12, threshold: -30 << 12,
  rheobase: -50 << 12, sharpness: 2 << 12, leak: 410)

@Suite struct ExpLIFExponentialTableTests {
  @Test func termIsSharpnessAtRheobaseAndFollowsTheExponential() {
    let table = ExpLIFExponentialTable(rheobase: -50 << 12, sharpness: 2 << 12)
    // At u = φ the term is Δ (in Q8).
    #expect(abs(table.termQ8(-50 << 12) - (Int64(2 << 12) << 8)) <= 1)
    // One Δ higher it is Δ·e, one Δ lower Δ/e (e = 2.718281828…; table error below 1.3·10⁻⁴).
    let delta = Double((2 << 12) << 8)
    #expect(
      abs(Double(table.termQ8(-48 << 12)) - delta * 2.718281828) <= delta * 2.718281828 * 1.3e-4)
    #expect(
      abs(Double(table.termQ8(-52 << 12)) - delta / 2.718281828) <= delta / 2.718281828 * 1.3e-4)
  }

  @Test func termIsMonotoneZeroFarBelowAndCappedFarAbove() {
    let table = ExpLIFExponentialTable(rheobase: 0, sharpness: 100)
    var previous: Int64 = -1
    for u in stride(from: Int32(-3000), through: 3000, by: 1) {
      let term = table.termQ8(u)
      #expect(term >= previous, "u = \(u)")
      previous = term
    }
    #expect(table.termQ8(Widths.stateMin) == 0)
    #expect(table.termQ8(Widths.stateMax) == ExpLIFExponentialTable.capQ8)
  }
}

@Suite struct ExpLIFLayerTests {
  @Test func restsWithoutDriveAndFiresWithStrongDrive() throws {
    var layer = try ExpLIFLayer(parameters: expLIFParameters)
    var spikes = SpikePlanes(count: 3, timesteps: 200)
    let drive: [Int32] = [0, 15 << 12, 40 << 12]
    for t in 0..<200 { layer.step(input: drive.span, spikes: &spikes, at: t) }
    // No drive: the exponential term alone (Δ·e^−10 ≈ 0.1 mV) barely lifts u off rest.
    #expect(abs(layer.potential[0] - (-70 << 12)) < 1 << 12)
    #expect(
      (0..<200).allSatisfy {
        !spikes.isSet(step: $0, channel: 0) && !spikes.isSet(step: $0, channel: 1)
      })
    #expect((0..<200).filter { spikes.isSet(step: $0, channel: 2) }.count > 10)
  }

  @Test func sameInputSameBitsAndResetRestores() throws {
    var a = try ExpLIFLayer(parameters: expLIFParameters)
    var b = try ExpLIFLayer(parameters: expLIFParameters)
    var planesA = SpikePlanes(count: 3, timesteps: 100)
    var planesB = SpikePlanes(count: 3, timesteps: 100)
    var rng = Xorshift32(seed: 4)
    for t in 0..<100 {
      let drive = (0..<3).map { _ in Int32(rng.next() % (60 << 12)) }
      a.step(input: drive.span, spikes: &planesA, at: t)
      b.step(input: drive.span, spikes: &planesB, at: t)
    }
    #expect(planesA == planesB && a.potential == b.potential && planesA.totalSpikes > 0)
    a.reset()
    #expect(a.potential == [Int32](repeating: -70 << 12, count: 3))
  }

  @Test func extremeDriveSaturatesInsteadOfTrapping() throws {
    var layer = try ExpLIFLayer(parameters: expLIFParameters)
    var spikes = SpikePlanes(count: 3, timesteps: 1)
    let drive: [Int32] = [Widths.stateMax, Widths.stateMin, 0]
    for _ in 0..<50 {
      layer.step(input: drive.span, spikes: &spikes, at: 0)
      for u in layer.potential { #expect(u >= Widths.stateMin && u <= Widths.stateMax) }
    }
    #expect(spikes.isSet(step: 0, channel: 0))  // full drive fires every step
    #expect(layer.potential[1] < -75 << 12)  // full negative drive pins u low
  }

  @Test func parametersAreValidatedWithTypedErrors() {
    var p = expLIFParameters
    p.count = 0
    #expect(throws: ExpLIFError.noNeurons) { _ = try ExpLIFLayer(parameters: p) }
    p = expLIFParameters
    p.sharpness = 0
    #expect(
      throws: ExpLIFError.parameterOutOfRange(name: "sharpness", value: 0, allowed: 1...8_388_607)
    ) {
      _ = try ExpLIFLayer(parameters: p)
    }
    p = expLIFParameters
    p.leak = 4097
    #expect(throws: ExpLIFError.self) { _ = try ExpLIFLayer(parameters: p) }
    p = expLIFParameters
    p.resetPotential = p.threshold
    #expect(throws: ExpLIFError.resetNotBelowThreshold(reset: p.threshold, threshold: p.threshold))
    {
      _ = try ExpLIFLayer(parameters: p)
    }
    p = expLIFParameters
    p.threshold = 1 << 24
    #expect(throws: ExpLIFError.self) { _ = try ExpLIFLayer(parameters: p) }
  }
}

@Suite struct AdExLayerTests {
  static let parameters = AdExParameters(
    membrane: expLIFParameters, coupling: 2048, adaptationLeak: 41, jump: 3 << 12)

  @Test func adaptationGrowsWithEverySpikeAndSlowsFiring() throws {
    var layer = try AdExLayer(parameters: Self.parameters)
    var spikes = SpikePlanes(count: 3, timesteps: 400)
    let drive: [Int32] = [40 << 12, 40 << 12, 40 << 12]
    for t in 0..<400 { layer.step(input: drive.span, spikes: &spikes, at: t) }
    let steps = (0..<400).filter { spikes.isSet(step: $0, channel: 0) }
    let intervals = zip(steps, steps.dropFirst()).map { $1 - $0 }
    #expect(intervals.count > 5)
    #expect(try #require(intervals.last) > (try #require(intervals.first)))
    #expect(layer.adaptation(of: 0) > 3 << 12)
    layer.reset()
    #expect(layer.adaptationQ8 == [0, 0, 0] && layer.potential[0] == -70 << 12)
  }

  @Test func subthresholdAdaptationSettlesAtCouplingTimesDepolarisation() throws {
    // Steady state with 15 mV drive: u + 70 = 15 − w and w = ½(u + 70) → u = −60, w = 5 mV.
    var layer = try AdExLayer(parameters: Self.parameters)
    var spikes = SpikePlanes(count: 3, timesteps: 1)
    let drive: [Int32] = [15 << 12, 15 << 12, 15 << 12]
    for _ in 0..<3000 { layer.step(input: drive.span, spikes: &spikes, at: 0) }
    // The exponential term adds Δ·e^−5 ≈ 0.013 mV; allow 0.05 mV.
    #expect(abs(layer.potential[0] - (-60 << 12)) <= 205)
    #expect(abs(layer.adaptation(of: 0) - (5 << 12)) <= 205)
  }

  @Test func validatesAdaptationParameters() {
    var p = Self.parameters
    p.adaptationLeak = 0
    #expect(
      throws: ExpLIFError.parameterOutOfRange(name: "adaptationLeak", value: 0, allowed: 1...4096)
    ) {
      _ = try AdExLayer(parameters: p)
    }
    p = Self.parameters
    p.coupling = 40000
    #expect(throws: ExpLIFError.self) { _ = try AdExLayer(parameters: p) }
  }
}

@Suite struct InputCurrentTests {
  @Test func constantStepAndRampFollowTheirDefinitions() throws {
    let constant = try InputCurrent(.constant(7))
    #expect((0..<5).map(constant.value(at:)) == [7, 7, 7, 7, 7])
    let step = try InputCurrent(.step(initial: 1, final: 9, switchStep: 3))
    #expect((0..<6).map(step.value(at:)) == [1, 1, 1, 9, 9, 9])
    let up = try InputCurrent(.ramp(initial: 0, increment: 4, final: 10))
    #expect((0..<6).map(up.value(at:)) == [0, 4, 8, 10, 10, 10])
    let down = try InputCurrent(.ramp(initial: 10, increment: -3, final: 0))
    #expect((0..<6).map(down.value(at:)) == [10, 7, 4, 1, 0, 0])
    // Moving away from `final` never reaches it; it saturates at the state range instead.
    let away = try InputCurrent(.ramp(initial: 0, increment: 1 << 20, final: -5))
    #expect(away.value(at: 3) == 3 << 20 && away.value(at: 1 << 40) == Widths.stateMax)
  }

  @Test func sineHitsItsQuarterPointsExactly() throws {
    let sine = try InputCurrent(.sine(offset: 100, amplitude: 1_000_000, phaseIncrement: 1 << 30))
    #expect(
      (0..<8).map(sine.value(at:)) == [
        100, 1_000_100, 100, -999_900, 100, 1_000_100, 100, -999_900,
      ])
  }

  @Test func fillWritesEveryNeuron() throws {
    var drive = [Int32](repeating: 0, count: 5)
    try InputCurrent(.step(initial: 1, final: 2, switchStep: 1)).fill(&drive, at: 4)
    #expect(drive == [2, 2, 2, 2, 2])
  }

  @Test func levelsOutsideTheStateRangeAreRefused() {
    #expect(throws: InputCurrentError.levelOutOfRange(name: "level", value: 1 << 24)) {
      _ = try InputCurrent(.constant(1 << 24))
    }
    #expect(throws: InputCurrentError.negativeSwitchStep(-1)) {
      _ = try InputCurrent(.step(initial: 0, final: 1, switchStep: -1))
    }
    #expect(throws: InputCurrentError.self) {
      _ = try InputCurrent(.sine(offset: 0, amplitude: Int32.min, phaseIncrement: 1))
    }
  }
}
