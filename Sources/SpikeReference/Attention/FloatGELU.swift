import Foundation

/// Float twin of `IntegerGELU`: the exact GELU `x·½·(1 + erf(x/√2))`.
public struct FloatGELU: Sendable {
  /// The exact GELU.
  public init() {}

  /// GELU of one value.
  public func apply(_ x: Float) -> Float { 0.5 * x * (1 + erf(x / Float(2).squareRoot())) }

  /// GELU of `count` values in place.
  public func apply(_ values: inout [Float], count: Int) {
    for i in 0..<count { values[i] = apply(values[i]) }
  }
}
