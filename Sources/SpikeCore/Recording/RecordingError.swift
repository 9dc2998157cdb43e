/// Why a recorder refused its configuration; thrown once by `init`, never while recording.
public enum RecordingError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A size (neurons, capacity, pre or post count) lies outside its range.
  case sizeOutOfRange(name: String, value: Int, allowed: ClosedRange<Int>)
  /// A watched neuron index does not exist in the layer.
  case neuronOutOfRange(index: Int, layerSize: Int)

  /// What went wrong and what to do about it.
  public var description: String {
    switch self {
    case .sizeOutOfRange(let name, let value, let allowed):
      return "\(name) = \(value) is out of range; use \(allowed.lowerBound)...\(allowed.upperBound)"
    case .neuronOutOfRange(let index, let layerSize):
      return "neuron \(index) does not exist in a layer of \(layerSize); watch 0...\(layerSize - 1)"
    }
  }

  /// Throws unless `value` lies in `allowed`.
  static func check(_ name: String, _ value: Int, in allowed: ClosedRange<Int>)
    throws(RecordingError)
  {
    if !allowed.contains(value) {
      throw .sizeOutOfRange(name: name, value: value, allowed: allowed)
    }
  }
}
