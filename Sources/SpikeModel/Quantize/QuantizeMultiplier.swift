// Quantization runs offline, at the float → integer edge: Float/Double here hold the float model,
// its real scales and error reports. The integer inference path (SpikeCore) never sees them.

import Foundation
import SpikeCore

extension QuantizedMultiplier {
  /// TFLite's `QuantizeMultiplier`: `real = M0 · 2^(shift − 31)` with `M0 ∈ [2³⁰, 2³¹)`.
  ///
  /// `frexp` splits `real = q · 2^e` with `q ∈ [0.5, 1)`; `M0 = round(q · 2³¹)` (a round-up to 2³¹
  /// halves M0 and bumps e); multipliers below 2⁻³² become 0.
  public init(real: Double, name: String = "multiplier") throws(QuantizationError) {
    guard real.isFinite, real >= 0 else { throw .multiplierOutOfRange(name: name, value: real) }
    if real == 0 {
      self.init(multiplier: 0, shift: 0)
      return
    }
    let parts = frexp(real)
    var q = Int64((parts.0 * Double(1 << 31)).rounded())
    var shift = parts.1
    if q == Int64(1) << 31 {
      q /= 2
      shift += 1
    }
    if shift < -31 {
      self.init(multiplier: 0, shift: 0)
      return
    }
    guard shift <= 30 else { throw .multiplierOutOfRange(name: name, value: real) }
    self.init(multiplier: Int32(q), shift: Int32(shift))
  }

  /// The real value this multiplier stands for.
  public var real: Double { Double(multiplier) * pow(2, Double(shift) - 31) }
}
