import Testing

@testable import SpikeCore

/// Lava's `PyLifModelBitAcc` golden vectors (tests/lava/proc/lif/test_models.py;
/// docs/ARCHITECTURE.md, "Kernels"):
/// with dI = du + 1, inputs and threshold shifted left by 6, the integer LIF matches bit for bit.
@Suite struct LIFLayerTests {
  func run(_ parameters: LIFParameters, inputs: [Int32], steps: Int) throws
    -> (current: [Int32], voltage: [Int32], spikes: [Int])
  {
    var layer = try LIFLayer(count: 1, parameters: parameters)
    var spike = [false]
    var out: ([Int32], [Int32], [Int]) = ([], [], [])
    for t in 0..<steps {
      layer.step(input: [t < inputs.count ? inputs[t] << 6 : 0], spikes: &spike)
      out.0.append(layer.current[0])
      out.1.append(layer.voltage[0])
      if spike[0] { out.2.append(t) }
    }
    return out
  }

  @Test func matchesLavaCurrentImpulse() throws {
    let r = try run(.lava(du: 2047, dv: 0, vth: 256), inputs: [128], steps: 8)
    #expect(r.current == [8192, 4096, 2048, 1024, 512, 256, 128, 64])
  }

  @Test func matchesLavaVoltageImpulse() throws {
    let r = try run(.lava(du: 0, dv: 2048, vth: 256), inputs: [128], steps: 8)
    #expect(r.voltage == [8192, 12286, 14331, 15351, 15859, 16111, 16235, 16295])
  }

  @Test func matchesLavaBiasSpikes() throws {
    let r = try run(
      .lava(du: 0, dv: 0, vth: 8, biasMantissa: 2, biasExponent: 6), inputs: [], steps: 10)
    #expect(r.spikes == [4, 9])
  }

  @Test func matchesLavaLargeBias() throws {
    let r = try run(
      .lava(du: 0, dv: 0, vth: 4095, biasMantissa: 4095, biasExponent: 5), inputs: [], steps: 1)
    #expect(r.voltage == [131040])
  }

  /// Strict `>`: a voltage exactly at threshold does not fire; one above does.
  @Test func thresholdIsStrict() throws {
    var layer = try LIFLayer(count: 2, parameters: LIFParameters(threshold: 100))
    var spikes = [false, false]
    layer.step(input: [100, 101], spikes: &spikes)
    #expect(spikes == [false, true])
    #expect(layer.voltage == [100, 0])
  }

  @Test func refractoryHoldsResetVoltage() throws {
    let p = LIFParameters(threshold: 10, resetVoltage: -5, refractorySteps: 2)
    var layer = try LIFLayer(count: 1, parameters: p)
    var spike = [false]
    var fired: [Bool] = []
    var volts: [Int32] = []
    for _ in 0..<5 {
      layer.step(input: [50], spikes: &spike)
      fired.append(spike[0])
      volts.append(layer.voltage[0])
    }
    #expect(fired == [true, false, false, true, false])
    #expect(volts == [-5, -5, -5, -5, -5])
  }

  @Test func adaptiveThresholdRisesAndDecays() throws {
    let p = LIFParameters(threshold: 10, thetaPlus: 1000, thetaDecay: 32768)
    var layer = try LIFLayer(count: 1, parameters: p)
    var spike = [false]
    layer.step(input: [11], spikes: &spike)
    #expect(spike[0])
    #expect(layer.theta[0] == 500)  // +1000, then halved (65536 − 32768)/65536
    layer.step(input: [500], spikes: &spike)  // 500 > 10 + 500? no
    #expect(!spike[0] && layer.theta[0] == 250)
    // Stochastic rounding: −7 · ½ = −3.5 becomes −3 or −4, −3.5 on average; a small θ with a
    // slow decay shrinks at the real-valued rate, not by 1 per step as trunc0 would.
    var quiet = try LIFLayer(
      count: 400, parameters: LIFParameters(threshold: 1000, thetaDecay: 32768))
    for j in 0..<400 { quiet.theta[j] = -7 }
    var spikes = [Bool](repeating: false, count: 400)
    quiet.step(input: [Int32](repeating: 0, count: 400), spikes: &spikes)
    #expect(quiet.theta.allSatisfy { $0 == -3 || $0 == -4 })
    let mean = Double(quiet.theta.reduce(0, +)) / 400
    #expect(abs(mean + 3.5) < 0.15)
    var slow = try LIFLayer(count: 400, parameters: LIFParameters(threshold: 1000, thetaDecay: 64))
    for j in 0..<400 { slow.theta[j] = 20 }
    for _ in 0..<100 { slow.step(input: [Int32](repeating: 0, count: 400), spikes: &spikes) }
    // 20 · (1 − 64/65536)¹⁰⁰ = 18.1; trunc0 would have reached 0 after 20 steps.
    let slowMean = Double(slow.theta.reduce(0, +)) / 400
    #expect(abs(slowMean - 18.1) < 0.5)
  }

  @Test func statesSaturateAtTwentyFourBits() throws {
    var layer = try LIFLayer(count: 2, parameters: LIFParameters(threshold: Widths.stateMax))
    var spikes = [false, false]
    for _ in 0..<4 { layer.step(input: [Int32.max, Int32.min], spikes: &spikes) }
    #expect(layer.current == [Widths.stateMax, Widths.stateMin])
    #expect(layer.voltage == [Widths.stateMax, Widths.stateMin])
    #expect(spikes == [false, false])  // v = vTh is not > vTh
  }

  @Test func rejectsOutOfRangeParameters() {
    #expect(throws: ConfigError.self) {
      _ = try LIFLayer(count: 1, parameters: LIFParameters(currentDecay: 4097, threshold: 1))
    }
    #expect(throws: ConfigError.self) {
      _ = try LIFLayer(count: 1, parameters: LIFParameters(threshold: -1))
    }
    #expect(throws: ConfigError.self) {
      _ = try LIFLayer(count: 1, parameters: LIFParameters(threshold: 1, thetaDecay: 70000))
    }
    let error = ConfigError.outOfRange(name: "currentDecay", value: 4097, minimum: 0, maximum: 4096)
    #expect(error.description.contains("0...4096"))
  }
}
