/// A configuration the spiking core refuses at construction (`init(parameters:)`), before any
/// step runs. Each case says which setting is wrong and what range it must lie in.
public enum ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A numeric setting lies outside its legal range.
  case outOfRange(name: String, value: Int, minimum: Int, maximum: Int)
  /// Two settings do not fit together (sizes, indices, topology).
  case inconsistent(String)

  /// A message that names the setting and says how to fix it.
  public var description: String {
    switch self {
    case .outOfRange(let name, let value, let minimum, let maximum):
      return "\(name) = \(value) is out of range; set it to a value in \(minimum)...\(maximum)"
    case .inconsistent(let message):
      return message
    }
  }

  /// Throws `.outOfRange` unless `minimum <= value <= maximum`.
  @inlinable
  public static func check(
    _ name: String, _ value: Int, _ minimum: Int, _ maximum: Int
  ) throws(ConfigError) {
    if value < minimum || value > maximum {
      throw .outOfRange(name: name, value: value, minimum: minimum, maximum: maximum)
    }
  }
}
