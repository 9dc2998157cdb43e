// Quantization runs offline, at the float → integer edge: Float/Double here hold the float model,
// its real scales and error reports. The integer inference path (SpikeCore) never sees them.

import Foundation
import SpikeCore

extension IntegerGELU {
  /// I-BERT's constants for an int8 input at `inputScale` and an int8 output at `outputScale`.
  public init(inputScale s: Double, outputScale: Double) throws(QuantizationError) {
    guard s.isFinite, s > 0, outputScale.isFinite, outputScale > 0 else {
      throw .badRange(name: "gelu", reason: "scales must be positive")
    }
    let a = -0.2888
    let b = -1.769
    let sErfIn = s / 2.0.squareRoot()
    let sErf = a * sErfIn * sErfIn
    let qb = (b / sErfIn).rounded(.down)
    let qc = (1 / sErf).rounded(.down)
    let q1 = (1 / sErf).rounded(.down)
    guard qb > Double(Int32.min), qc > Double(Int32.min), qb < 0 else {
      throw .badRange(name: "gelu", reason: "input scale \(s) is too small for 32-bit constants")
    }
    self.init(
      qb: Int32(qb), qc: Int32(qc), q1: Int32(q1),
      output: try QuantizedMultiplier(real: abs(s * sErf / 2) / outputScale, name: "gelu"))
  }
}
