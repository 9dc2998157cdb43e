/// Why an exponential LIF (`ExpLIFLayer`) or AdEx (`AdExLayer`) layer refused its parameters.
/// Thrown once by `init`; stepping never fails.
public enum ExpLIFError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The layer needs at least one neuron.
  case noNeurons
  /// A parameter lies outside its documented range.
  case parameterOutOfRange(name: String, value: Int, allowed: ClosedRange<Int>)
  /// The reset potential must lie below the threshold, or a neuron would fire forever.
  case resetNotBelowThreshold(reset: Int32, threshold: Int32)
  /// A real-valued parameter (float twin) is infinite or not a number.
  case notFinite(name: String)

  /// What went wrong and what to do about it.
  public var description: String {
    switch self {
    case .noNeurons:
      return "a layer needs at least one neuron; set count ≥ 1"
    case .parameterOutOfRange(let name, let value, let allowed):
      return "\(name) = \(value) is out of range; use \(allowed.lowerBound)...\(allowed.upperBound)"
    case .resetNotBelowThreshold(let reset, let threshold):
      return "reset potential \(reset) is not below the threshold \(threshold); lower the reset"
    case .notFinite(let name):
      return "\(name) is not a finite number; give it a real value"
    }
  }

  /// Throws unless `value` lies in `allowed`.
  static func check(_ name: String, _ value: Int, in allowed: ClosedRange<Int>) throws(ExpLIFError)
  {
    if !allowed.contains(value) {
      throw .parameterOutOfRange(name: name, value: value, allowed: allowed)
    }
  }

  /// Throws unless `value` fits the signed 24-bit state range.
  static func checkState(_ name: String, _ value: Int32) throws(ExpLIFError) {
    try check(name, Int(value), in: Int(Widths.stateMin)...Int(Widths.stateMax))
  }
}
