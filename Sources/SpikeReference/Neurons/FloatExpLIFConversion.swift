/// Float → integer conversions for the float twins' validation messages and quantization, which
/// must not trap on NaN or out-of-range values (Swift's `Int(x)` does).
enum FloatExpLIFConversion {
  /// `x` rounded and saturated to the Int32 range; NaN becomes 0.
  static func int32(_ x: Float) -> Int32 {
    if x.isNaN { return 0 }
    return Int32(max(-2_147_483_648, min(2_147_483_520, x.rounded())))
  }

  /// `x` rounded and saturated, as an `Int` for error messages.
  static func int(_ x: Float) -> Int { Int(int32(x)) }
}
