/// Sets the frame-difference encoder's contrast step per frame, the way a camera's exposure
/// control follows the light: a fixed step of 16 grey levels sees a dim or low-contrast scene as
/// nearly still (its edges change by a few levels), and a noisy one as moving everywhere.
///
/// The step follows the scene's contrast, `base · range / rangeReference`, where `range` is the
/// spread between the 2nd and 98th percentile of the frame's pixels, and never goes below the
/// noise: `noiseGain / 4 · q`, where `q` is the 75th percentile of `|frame − previous|` (on a
/// still scene most pixels change by noise alone, so a step above it keeps noise from firing).
/// The larger of the two, clamped to `minimum…maximum`. Integer histograms only; the float twin
/// uses the same integer step, so both fire on the same frames.
public struct EventThresholdAdaptation: Sendable, Equatable {
  /// The frame range at which the step is the configured threshold (1…255).
  public var rangeReference: Int
  /// The noise floor's multiple of the 75th-percentile frame change, in quarters (0…64).
  public var noiseGain: Int
  /// The smallest step (1…255).
  public var minimum: Int
  /// The largest step (minimum…255).
  public var maximum: Int

  /// An adaptation rule; `validate()` checks the ranges.
  public init(rangeReference: Int = 160, noiseGain: Int = 8, minimum: Int = 4, maximum: Int = 32) {
    (self.rangeReference, self.noiseGain, self.minimum, self.maximum) =
      (rangeReference, noiseGain, minimum, maximum)
  }

  /// Checks the ranges; a message says which value to change.
  public func validate() throws(EncoderError) {
    try EncoderError.check("adaptive threshold range reference", rangeReference, in: 1...255)
    try EncoderError.check("adaptive threshold noise gain", noiseGain, in: 0...64)
    try EncoderError.check("adaptive threshold minimum", minimum, in: 1...255)
    try EncoderError.check("adaptive threshold maximum", maximum, in: minimum...255)
  }

  /// The step for `frame` after `previous` (same size), given the configured `base` step;
  /// `histogram` is scratch space of 256 counters.
  public func threshold(
    base: Int, frame: UnsafeBufferPointer<UInt8>, previous: UnsafeBufferPointer<UInt8>,
    histogram: inout [Int32]
  ) -> Int {
    let n = frame.count
    for v in 0..<256 { histogram[v] = 0 }
    for i in 0..<n { histogram[Int(frame[i])] += 1 }
    let low = Self.percentile(histogram, count: n, percent: 2)
    let high = Self.percentile(histogram, count: n, percent: 98)
    for v in 0..<256 { histogram[v] = 0 }
    for i in 0..<n { histogram[abs(Int(frame[i]) - Int(previous[i]))] += 1 }
    let noise = Self.percentile(histogram, count: n, percent: 75)
    let contrastStep = base * (high - low) / rangeReference
    let noiseStep = noiseGain * noise / 4
    return min(max(max(contrastStep, noiseStep), minimum), maximum)
  }

  /// The smallest value whose cumulative count reaches `percent` % of `count`.
  static func percentile(_ histogram: [Int32], count: Int, percent: Int) -> Int {
    let target = max(1, (count * percent + 99) / 100)
    var seen = 0
    for v in 0..<256 {
      seen += Int(histogram[v])
      if seen >= target { return v }
    }
    return 255
  }
}
