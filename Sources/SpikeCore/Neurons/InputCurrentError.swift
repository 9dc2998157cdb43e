/// Why an `InputCurrent` refused its shape.
public enum InputCurrentError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A current level lies outside the signed 24-bit state range.
  case levelOutOfRange(name: String, value: Int32)
  /// The step switch time is negative.
  case negativeSwitchStep(Int)

  /// What went wrong and what to do about it.
  public var description: String {
    switch self {
    case .levelOutOfRange(let name, let value):
      return "\(name) = \(value) does not fit the 24-bit state; use −8388608...8388607"
    case .negativeSwitchStep(let step):
      return "switch step \(step) is negative; use 0 or later"
    }
  }
}
