// Quantization runs offline, at the float → integer edge: Float/Double here hold the float model,
// its real scales and error reports. The integer inference path (SpikeCore) never sees them.

/// Why a float model could not be turned into the integer model.
public enum QuantizationError: Error, Equatable, CustomStringConvertible {
  /// A real multiplier is negative, not finite, or too large for the int32 + shift form.
  case multiplierOutOfRange(name: String, value: Double)
  /// A calibration range is missing or not usable.
  case badRange(name: String, reason: String)
  /// Sizes do not agree.
  case shapeMismatch(String)
  /// The calibration file is not the ranges of a `head` model.
  case notRanges(head: String, reason: String)

  /// What went wrong and what to do.
  public var description: String {
    switch self {
    case .multiplierOutOfRange(let name, let value):
      return "multiplier \(name) = \(value) cannot be expressed as int32·2^shift with shift ≤ 30; "
        + "check the calibration ranges of the layers around it"
    case .badRange(let name, let reason):
      return "calibration range '\(name)': \(reason); run calibrate again on representative clips"
    case .shapeMismatch(let text):
      return "model shape mismatch: \(text)"
    case .notRanges(let head, let reason):
      return "not the calibration ranges of a '\(head)' model (\(reason)); run `spikecam "
        + "calibrate` on the float model itself"
    }
  }
}
