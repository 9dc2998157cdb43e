/// Why an encoder refused its configuration; thrown once by `init`, never while encoding.
public enum EncoderError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The pixel count must be at least 1.
  case noPixels
  /// T must lie in `allowed` (the formulas keep spike times inside the frame only there).
  case timestepsOutOfRange(Int, allowed: ClosedRange<Int>)
  /// A named parameter lies outside its documented range.
  case parameterOutOfRange(name: String, value: Int, allowed: ClosedRange<Int>)

  /// What went wrong and what to do about it.
  public var description: String {
    switch self {
    case .noPixels:
      return "encoder needs at least one pixel; pass the frame's width × height"
    case .timestepsOutOfRange(let value, let allowed):
      return "timesteps \(value) is out of range; use \(allowed.lowerBound)...\(allowed.upperBound)"
    case .parameterOutOfRange(let name, let value, let allowed):
      return "\(name) = \(value) is out of range; use \(allowed.lowerBound)...\(allowed.upperBound)"
    }
  }

  /// Throws unless `value` lies in `allowed`.
  static func check(_ name: String, _ value: Int, in allowed: ClosedRange<Int>) throws(EncoderError)
  {
    if !allowed.contains(value) {
      throw .parameterOutOfRange(name: name, value: value, allowed: allowed)
    }
  }
}
