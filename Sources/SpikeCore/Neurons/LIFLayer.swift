/// A layer of integer CUBA LIF neurons (docs/ARCHITECTURE.md, "Kernels"), bit-exact with
/// Lava's `PyLifModelBitAcc` when `refractorySteps = 0`, `thetaPlus = 0`, `resetVoltage = 0`
/// (except that the current saturates where Lava wraps it).
///
/// Per step, for every neuron:
/// ```
/// i ← sat24(decay(i, dI) + a)
/// v ← sat24(decay(v, dV) + i + bias)
/// if ref > 0 { ref −= 1; v ← vReset }
/// else if v > vTh + θ { spike; v ← vReset; ref ← tRef; θ ← θ + θPlus }   // strict >
/// θ ← (θ · (65536 − dθ) + r) >> 16          // stochastic rounding, r from a counter hash
/// ```
/// The step is split in two phases (`integrate`, then `settle`) so that a column can pick its
/// winners (k-WTA) between them; `step` runs both with every candidate firing.
/// - Format: `current`, `voltage`, `theta` are signed 24-bit in `Int32`, saturating.
public struct LIFLayer: Sendable {
  /// Number of neurons.
  public let count: Int
  /// Validated parameters.
  public private(set) var parameters: LIFParameters
  /// Synaptic current `i` per neuron.
  public internal(set) var current: [Int32]
  /// Membrane potential `v` per neuron.
  public internal(set) var voltage: [Int32]
  /// Refractory steps left per neuron.
  public internal(set) var refractory: [Int32]
  /// Adaptive threshold θ per neuron (added to `threshold`), kept in [−vTh, 2²³ − 1 − vTh].
  public internal(set) var theta: [Int32]
  /// Neurons above threshold after the last `integrate` (not refractory).
  public internal(set) var candidates: [Bool]
  /// Steps settled so far: the key of θ's stochastic rounding.
  public internal(set) var steps: UInt32 = 0
  /// The membrane equation (`NeuronModel`; LIF unless built with another).
  public let model: NeuronModel
  /// The exponential models' table and constants in state units (nil for LIF).
  let exponential: ExponentialConstants?
  /// AdEx adaptation `w` per neuron in Q8 of the state unit (empty for the other models).
  public internal(set) var adaptationQ8: [Int32]

  /// Creates `count` neurons at rest following `model`; throws if a parameter is out of range.
  public init(count: Int, parameters: LIFParameters, model: NeuronModel = .lif)
    throws(ConfigError)
  {
    try ConfigError.check("neuron count", count, 0, 1 << 24)
    try parameters.validate()
    try model.validate(voltageDecay: parameters.voltageDecay)
    (self.count, self.parameters, self.model) = (count, parameters, model)
    exponential = ExponentialConstants(model, threshold: parameters.threshold)
    adaptationQ8 = [Int32](repeating: 0, count: model.adaptation == nil ? 0 : count)
    current = [Int32](repeating: 0, count: count)
    voltage = [Int32](repeating: 0, count: count)
    refractory = [Int32](repeating: 0, count: count)
    theta = [Int32](repeating: 0, count: count)
    candidates = [Bool](repeating: false, count: count)
  }

  /// Returns every neuron to rest; θ too unless `keepingTheta` (θ learned by homeostasis is
  /// kept between samples, like weights).
  public mutating func reset(keepingTheta: Bool = false) {
    for j in 0..<count {
      current[j] = 0
      voltage[j] = 0
      refractory[j] = 0
      if !keepingTheta { theta[j] = 0 }
      candidates[j] = false
    }
    for j in adaptationQ8.indices { adaptationQ8[j] = 0 }
  }

  // MARK: - Step

  /// Integrates input `a` (one value per neuron, already in current units) and marks the
  /// neurons over threshold in `candidates`. Refractory neurons are held at the reset voltage.
  public mutating func integrate(input: [Int32]) {
    precondition(input.count == count, "input must have one value per neuron")
    if let exponential {
      integrateExponential(input: input, exponential)
      return
    }
    let p = parameters
    let threshold = p.threshold
    let keepI = Widths.decayOne - p.currentDecay
    let keepV = Widths.decayOne - p.voltageDecay
    let bias32 = p.bias
    let reset = p.resetVoltage
    let low = Widths.stateMin
    let high = Widths.stateMax
    // One pass over six arrays through raw pointers: no bounds or uniqueness checks per
    // neuron (sizes were fixed at init; `input.count` was checked above).
    input.withUnsafeBufferPointer { a in
      current.withUnsafeMutableBufferPointer { cur in
        voltage.withUnsafeMutableBufferPointer { volt in
          refractory.withUnsafeMutableBufferPointer { ref in
            theta.withUnsafeBufferPointer { th in
              candidates.withUnsafeMutableBufferPointer { cand in
                // Branch-free 32-bit arithmetic so the loop vectorises; `decay24` equals
                // `decay` bit for bit on 24-bit states (tested). Saturating at 24 bits after
                // each sum equals `sat24` of the exact sum.
                for j in 0..<a.count {
                  // The input is any Int32: clamp it to ±2²⁴ first (the result saturates the
                  // same way) so that the `&+` below cannot wrap: |24-bit + 2²⁴ + 2²²| < 2³¹.
                  let input = min(max(a[j], -(1 << 24)), 1 << 24)
                  let i = min(max(decay24(cur[j], keepI) &+ input, low), high)
                  cur[j] = i
                  let v = min(max(decay24(volt[j], keepV) &+ i &+ bias32, low), high)
                  let refractory = ref[j] > 0
                  ref[j] &-= refractory ? 1 : 0
                  volt[j] = refractory ? reset : v
                  cand[j] = !refractory && v > threshold &+ th[j]
                }
              }
            }
          }
        }
      }
    }
  }

  /// Fires the neurons in `spikes` (a subset of `candidates`), resets the candidates that lost
  /// (as the paper's k-WTA does), and decays θ.
  public mutating func settle(spikes: [Bool]) {
    precondition(spikes.count == count, "spikes must have one flag per neuron")
    let p = parameters
    let thetaCeiling = Widths.stateMax - p.threshold
    for j in 0..<count where candidates[j] {
      assert(!spikes[j] || candidates[j], "only candidates may fire")
      voltage[j] = p.resetVoltage
      if spikes[j] {
        refractory[j] = p.refractorySteps
        theta[j] = min(theta[j] + p.thetaPlus, thetaCeiling)
      }
    }
    if let jump = exponential?.jumpQ8 { addAdaptationJump(jump, spikes: spikes) }
    if p.thetaDecay != 0 {
      let keep = Int64(65536 - p.thetaDecay)
      // θ's decay per step is tiny (dθ/65536), so trunc0 would take ≥ 1 per step and erase a
      // small θ hundreds of times faster than the real-valued model. Stochastic rounding keeps
      // it unbiased; the offsets come from a counter hash of (step, neuron), so the layer needs
      // no random stream and stays deterministic.
      let key = lowbias32(steps &* 0x9E37_79B9)
      for j in 0..<count where theta[j] != 0 {
        let r = Int64(lowbias32(key &+ UInt32(truncatingIfNeeded: j)) & 0xFFFF)
        // Widen: 24-bit θ times a 17-bit factor; floor shift plus a uniform offset is unbiased.
        theta[j] = Int32(truncatingIfNeeded: (Int64(theta[j]) * keep + r) >> 16)
      }
    }
    steps &+= 1  // wraps by design: only a hash key.
  }

  /// One full step with no competition: every candidate fires.
  public mutating func step(input: [Int32], spikes: inout [Bool]) {
    integrate(input: input)
    precondition(spikes.count == count, "spikes must have one flag per neuron")
    for j in 0..<count { spikes[j] = candidates[j] }
    settle(spikes: spikes)
  }

  /// Switches the adaptive threshold's learning (θ⁺ per spike, decay per step) without
  /// touching θ: on for frames a network learns from, off (0, 0) for frames it only
  /// classifies. Allocates nothing.
  public mutating func setThetaAdaptation(plus: Int32, decay: Int32) throws(ConfigError) {
    var p = parameters
    p.thetaPlus = plus
    p.thetaDecay = decay
    try p.validate()
    parameters = p
  }

  /// Adds `delta` to θ of neuron `j`, keeping `vTh + θ` within [0, 2²³ − 1] (homeostasis).
  public mutating func adjustTheta(_ j: Int, by delta: Int32) {
    let low = -parameters.threshold
    let high = Widths.stateMax - parameters.threshold
    theta[j] = Int32(clamping: max(Int64(low), min(Int64(high), Int64(theta[j]) + Int64(delta))))
  }
}

/// `decay(x, 4096 − keep)` in 32-bit arithmetic for a 24-bit `x` and `keep` in 0…4096:
/// `x = hi·4096 + lo` with `lo` in 0…4095, so `x·keep/4096 = hi·keep + lo·keep/4096`, each part
/// within 32 bits; the floor is then moved toward zero when `x < 0` and the division is
/// inexact (trunc0, as `decay`).
@inline(__always)
@usableFromInline
func decay24(_ x: Int32, _ keep: Int32) -> Int32 {
  let hi = x &>> 12
  let lo = x & 4095
  let part = lo &* keep
  let floor = hi &* keep &+ (part &>> 12)
  let inexact = (part & 4095) != 0
  return floor &+ (x < 0 && inexact ? 1 : 0)
}

extension LIFLayer: ThetaAdaptingLayer {}
