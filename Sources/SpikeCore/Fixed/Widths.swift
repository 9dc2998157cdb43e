/// Bit widths and ranges of SpikeCam's fixed-point state
/// (docs/ARCHITECTURE.md, "Number formats"), in one place.
public enum Widths {
  /// Synaptic current and membrane potential: signed 24-bit held in an `Int32`.
  public static let stateBits = 24
  /// Largest 24-bit state value, 2²³ − 1.
  public static let stateMax: Int32 = (1 << 23) - 1
  /// Smallest 24-bit state value, −2²³.
  public static let stateMin: Int32 = -(1 << 23)
  /// Fraction bits of the decay constants `dI`, `dV`: 4096 is full decay in one step.
  public static let decayFractionBits = 12
  /// One, in the decay constants' 12-bit fraction.
  public static let decayOne: Int32 = 1 << 12
}
