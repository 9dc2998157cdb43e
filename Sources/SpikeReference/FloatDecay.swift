/// Float twin of `SpikeCore.decay`: `x · (1 − d)`, with `d` a fraction in 0…1.
@inlinable
public func floatDecay(_ x: Float, _ d: Float) -> Float {
  x * (1 - d)
}
