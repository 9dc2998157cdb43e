import Foundation

/// Float twin of `InputCurrent`: the same waveforms computed with `Float` and `sin`.
public struct FloatInputCurrent: Sendable, Equatable {
  /// The waveform.
  public enum Shape: Sendable, Equatable {
    /// The same level at every step.
    case constant(Float)
    /// `initial` for steps `0..<switchStep`, then `final`.
    case step(initial: Float, final: Float, switchStep: Int)
    /// `initial + n·increment`, held at `final` once reached.
    case ramp(initial: Float, increment: Float, final: Float)
    /// `offset + amplitude·sin(radiansPerStep·n)`.
    case sine(offset: Float, amplitude: Float, radiansPerStep: Float)
  }

  /// The waveform.
  public let shape: Shape

  /// Creates a current.
  public init(_ shape: Shape) { self.shape = shape }

  /// The current at step `n` (n ≥ 0).
  public func value(at n: Int) -> Float {
    switch shape {
    case .constant(let level):
      return level
    case .step(let initial, let final, let switchStep):
      return n < switchStep ? initial : final
    case .ramp(let initial, let increment, let final):
      let raw = initial + Float(n) * increment
      if increment > 0 && final >= initial { return min(raw, final) }
      if increment < 0 && final <= initial { return max(raw, final) }
      return raw
    case .sine(let offset, let amplitude, let radiansPerStep):
      // Reduce the angle in Double so long runs keep their phase.
      let angle = (Double(radiansPerStep) * Double(n)).truncatingRemainder(
        dividingBy: 2 * Double.pi)
      return offset + amplitude * Float(sin(angle))
    }
  }

  /// Writes the current at step `n` into every element of `drive`.
  public func fill(_ drive: inout [Float], at n: Int) {
    let level = value(at: n)
    for index in drive.indices { drive[index] = level }
  }
}
