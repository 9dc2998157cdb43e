import Foundation
import SpikeCore

/// The exponential models' constants as real numbers: the integer layer's, from the same
/// `NeuronModel` and threshold (so both twins use the same Δ, cut-off and jump).
struct FloatExponentialConstants: Sendable {
  let rheobase: Float
  let sharpness: Float
  let peak: Float
  let coupling: Float
  let adaptationLeak: Float
  let jump: Float?

  init?(_ model: NeuronModel, threshold: Float) {
    guard let m = model.membrane else { return nil }
    let fixed = Int32(min(max(threshold.rounded(), 0), Float(Widths.stateMax)))
    let (sharpness, peak) = NeuronModel.absolute(m, threshold: fixed)
    rheobase = threshold
    self.sharpness = Float(sharpness)
    self.peak = Float(peak)
    if let a = model.adaptation {
      coupling = Float(a.coupling) / 4096
      adaptationLeak = Float(a.leak) / 4096
      jump = Float(NeuronModel.absoluteJump(a, threshold: fixed))
    } else {
      coupling = 0
      adaptationLeak = 0
      jump = nil
    }
  }
}

extension FloatLIFLayer {
  /// Float twin of `LIFLayer.integrateExponential`: exact `exp` (capped, like the integer
  /// table, at 2²⁴ state units), no rounding or saturation of the state.
  mutating func integrateExponential(input: [Float], _ e: FloatExponentialConstants) {
    let p = parameters
    let adapts = e.jump != nil
    for j in 0..<count {
      let i = floatDecay(current[j], p.currentDecay) + input[j]
      current[j] = i
      let w = adapts ? adaptation[j] : 0
      let cut = min(p.threshold + theta[j] + e.peak, Float(Widths.stateMax))
      let v: Float
      if refractory[j] > 0 {
        refractory[j] -= 1
        v = p.resetVoltage
        candidates[j] = false
      } else {
        let u = voltage[j]
        let x = (u - theta[j] - e.rheobase) / e.sharpness
        let term = x < -24 ? 0 : min(e.sharpness * exp(x), 16_777_216)
        v = u + p.voltageDecay * (-u + term - w) + i + p.bias
        candidates[j] = v >= cut
      }
      voltage[j] = v
      if adapts { adaptation[j] = w + e.adaptationLeak * (e.coupling * min(v, cut) - w) }
    }
  }
}
