/// A layer of integer CUBA LIF neurons (DESIGN §4), bit-exact with Lava's `PyLifModelBitAcc`
/// when `refractorySteps = 0`, `thetaPlus = 0`, `resetVoltage = 0` (except that the current
/// saturates where Lava wraps it).
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
  public let parameters: LIFParameters
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

  /// Creates `count` neurons at rest; throws if a parameter is out of range.
  public init(count: Int, parameters: LIFParameters) throws(ConfigError) {
    try ConfigError.check("neuron count", count, 0, 1 << 24)
    try parameters.validate()
    self.count = count
    self.parameters = parameters
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
  }

  // MARK: - Step

  /// Integrates input `a` (one value per neuron, already in current units) and marks the
  /// neurons over threshold in `candidates`. Refractory neurons are held at the reset voltage.
  public mutating func integrate(input: [Int32]) {
    precondition(input.count == count, "input must have one value per neuron")
    let p = parameters
    let bias = Int64(p.bias)
    let threshold = p.threshold
    // One pass over five arrays through raw pointers: no bounds or uniqueness checks per
    // neuron (sizes were fixed at init; `input.count` was checked above).
    input.withUnsafeBufferPointer { a in
      current.withUnsafeMutableBufferPointer { cur in
        voltage.withUnsafeMutableBufferPointer { volt in
          refractory.withUnsafeMutableBufferPointer { ref in
            theta.withUnsafeBufferPointer { th in
              candidates.withUnsafeMutableBufferPointer { cand in
                for j in 0..<a.count {
                  // Widen: decayed state + input may exceed 24 bits before saturation.
                  let i = sat24(Int64(decay(cur[j], p.currentDecay)) + Int64(a[j]))
                  cur[j] = i
                  let v = sat24(Int64(decay(volt[j], p.voltageDecay)) + Int64(i) + bias)
                  if ref[j] > 0 {
                    ref[j] -= 1
                    volt[j] = p.resetVoltage
                    cand[j] = false
                  } else {
                    volt[j] = v
                    cand[j] = v > threshold + th[j]
                  }
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

  /// Adds `delta` to θ of neuron `j`, keeping `vTh + θ` within [0, 2²³ − 1] (homeostasis).
  public mutating func adjustTheta(_ j: Int, by delta: Int32) {
    let low = -parameters.threshold
    let high = Widths.stateMax - parameters.threshold
    theta[j] = Int32(clamping: max(Int64(low), min(Int64(high), Int64(theta[j]) + Int64(delta))))
  }
}
