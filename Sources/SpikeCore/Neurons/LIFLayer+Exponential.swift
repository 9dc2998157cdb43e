/// The exponential models' constants in state units, made once per layer from its
/// `NeuronModel` and threshold.
struct ExponentialConstants: Sendable {
  /// `Δ·e^((u − vTh)/Δ)` in Q8 (rheobase = the layer's threshold).
  let table: ExpLIFExponentialTable
  /// Spike cut-off above the rheobase.
  let peak: Int32
  /// AdEx: coupling a·R (Q12), Euler factor dt/τ_w (12-bit) and the jump b in Q8; nil for ELIF.
  let coupling: Int64
  let adaptationLeak: Int64
  let jumpQ8: Int32?

  /// The constants of `model` for a layer of threshold `threshold`; nil for LIF.
  init?(_ model: NeuronModel, threshold: Int32) {
    guard let m = model.membrane else { return nil }
    let (sharpness, peak) = NeuronModel.absolute(m, threshold: threshold)
    table = ExpLIFExponentialTable(rheobase: threshold, sharpness: sharpness)
    self.peak = peak
    if let a = model.adaptation {
      coupling = Int64(a.coupling)
      adaptationLeak = Int64(a.leak)
      jumpQ8 = NeuronModel.absoluteJump(a, threshold: threshold) << 8
    } else {
      coupling = 0
      adaptationLeak = 0
      jumpQ8 = nil
    }
  }
}

extension LIFLayer {
  /// `integrate` for the exponential models (ELIF, AELIF). Per neuron, with the same current
  /// as LIF and θ shifting both the rheobase and the cut-off:
  /// ```
  /// i ← sat24(decay(i, dI) + a)
  /// v ← sat24(v + round(dV/4096 · (−v + Δ·e^((v − θ − vTh)/Δ) − w)) + i + bias)
  /// candidate ← v ≥ min(vTh + θ + peak, 2²³ − 1)
  /// w ← w + round(dt/τ_w · (a·min(v, cut-off) − w))                      (AELIF)
  /// ```
  /// Refractory neurons are held at the reset voltage (w still relaxes toward a·v_reset). The
  /// exponential comes from `ExpLIFExponentialTable` and the Euler product is rounded to
  /// nearest (`ExpLIFLayer`'s arithmetic), so the float twin is matched within a step's
  /// rounding; the Euler step rests at v = 0 + i·4096/dV, as LIF does.
  mutating func integrateExponential(input: [Int32], _ e: ExponentialConstants) {
    let p = parameters
    let keepI = Widths.decayOne - p.currentDecay
    let leak = Int64(p.voltageDecay)
    let adapts = e.jumpQ8 != nil
    for j in 0..<count {
      let a = min(max(input[j], -(1 << 24)), 1 << 24)
      let i = min(max(decay24(current[j], keepI) &+ a, Widths.stateMin), Widths.stateMax)
      current[j] = i
      let wQ8 = adapts ? Int64(adaptationQ8[j]) : 0
      let cut = min(
        Int64(p.threshold) + Int64(theta[j]) + Int64(e.peak), Int64(Widths.stateMax))
      let v: Int32
      if refractory[j] > 0 {
        refractory[j] -= 1
        v = p.resetVoltage
        candidates[j] = false
      } else {
        let u = voltage[j]
        // The table is built around vTh: θ moves the whole nonlinearity with the threshold.
        let term = e.table.termQ8(sat24(Int64(u) - Int64(theta[j])))
        // |bracket| < 2³⁴ (24-bit v << 8, a term ≤ 2³², w < 2³¹); × the 13-bit leak < 2⁴⁷.
        let bracketQ8 = -(Int64(u) << 8) + term - wQ8
        let du = ExpLIFLayer.roundedShift(bracketQ8 * leak, by: 20)
        v = sat24(Int64(u) + du + Int64(i) + Int64(p.bias))
        candidates[j] = Int64(v) >= cut
      }
      voltage[j] = v
      if adapts {
        // AdExLayer's update: a·R (Q12) × v (< 2²⁵) and w in Q12, × the 13-bit leak < 2⁵⁴;
        // from Q12 · Q12 to Q8, rounding to nearest.
        let drive = e.coupling * min(Int64(v), cut) - (wQ8 << 4)
        adaptationQ8[j] = AdExLayer.sat32(
          wQ8 + ExpLIFLayer.roundedShift(drive * e.adaptationLeak, by: 16))
      }
    }
  }

  /// AELIF: the spike-triggered increment of w for the neurons that fired.
  mutating func addAdaptationJump(_ jumpQ8: Int32, spikes: [Bool]) {
    for j in 0..<count where spikes[j] {
      adaptationQ8[j] = AdExLayer.sat32(Int64(adaptationQ8[j]) + Int64(jumpQ8))
    }
  }
}
