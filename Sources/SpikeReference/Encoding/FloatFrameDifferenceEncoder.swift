import SpikeCore

/// Float twin of `FrameDifferenceEncoder`: the same event rule with a Float reference and
/// contrast threshold, `n = min(⌊|p − ref| / θ⌋, T)` events at steps `⌊j·T/n⌋`. Pan compensation
/// uses the same integer `GlobalShiftEstimator` on the same u8 frames, so both twins pick the
/// same shift and move their references alike.
public struct FloatFrameDifferenceEncoder: SpikeEncoder, Sendable {
  /// Pixels in, steps per frame and spike channels out.
  public let shape: EncoderShape
  /// Contrast step per event, in grey levels.
  public let threshold: Float
  /// Per-pixel reference values.
  public private(set) var reference: [Float]
  /// Whether `reference` holds a frame yet.
  public private(set) var hasReference = false
  /// Pan search radius R (0: no compensation).
  public var panSearch: Int { estimator.radius }
  /// The shift estimated for the last frame (see `FrameDifferenceEncoder.lastShift`).
  public private(set) var lastShift: (dx: Int, dy: Int) = (0, 0)
  /// The per-frame step rule (the integer one, so both twins use the same step), if any.
  public let adaptation: EventThresholdAdaptation?
  /// The step used for the last frame.
  public private(set) var lastThreshold: Float
  private let estimator: GlobalShiftEstimator
  private var previous: [UInt8]
  private var shifted: [Float]
  private var histogram: [Int32]

  /// Same arguments as `FrameDifferenceEncoder`, with θ as a Float (> 0).
  public init(pixelCount: Int, timesteps: Int, threshold: Float) throws(EncoderError) {
    _ = try FrameDifferenceEncoder(pixelCount: pixelCount, timesteps: timesteps, threshold: 1)
    try self.init(width: pixelCount, height: 1, timesteps: timesteps, threshold: threshold)
  }

  /// Same arguments as `FrameDifferenceEncoder.init(width:height:…)`, with θ as a Float (> 0).
  /// With `adaptation` the step is the integer rule's, computed from `threshold` rounded to
  /// grey levels.
  public init(
    width: Int, height: Int, timesteps: Int, threshold: Float, panSearch: Int = 0,
    panConsensus: PanConsensus? = nil, adaptation: EventThresholdAdaptation? = nil
  ) throws(EncoderError) {
    _ = try FrameDifferenceEncoder(
      width: width, height: height, timesteps: timesteps, threshold: 1, panSearch: 0)
    estimator = try GlobalShiftEstimator(
      width: width, height: height, radius: panSearch, consensus: panConsensus)
    try adaptation?.validate()
    self.adaptation = adaptation
    lastThreshold = threshold
    let pixelCount = width * height
    if !(threshold > 0 && threshold.isFinite) {
      throw .parameterOutOfRange(
        name: "threshold", value: threshold.isNaN ? 0 : Int(max(-1e9, min(1e9, threshold))),
        allowed: 1...255)
    }
    shape = try EncoderShape(
      pixelCount: pixelCount, timesteps: timesteps, channelsPerPixel: 2, maxTimesteps: 1 << 16)
    self.threshold = threshold
    reference = [Float](repeating: 0, count: pixelCount)
    previous = [UInt8](repeating: 0, count: panSearch > 0 || adaptation != nil ? pixelCount : 0)
    shifted = [Float](repeating: 0, count: panSearch > 0 ? pixelCount : 0)
    histogram = [Int32](repeating: 0, count: adaptation != nil ? 256 : 0)
  }

  /// Whether the encoder keeps the previous raw frame (for the pan search or the adaptation).
  private var keepsPrevious: Bool { !previous.isEmpty }

  /// Encodes one frame into `planes`, overwriting every bit; never allocates.
  public mutating func encode(_ frame: UnsafeBufferPointer<UInt8>, into planes: inout SpikePlanes) {
    checkShapes(frame, planes)
    planes.clear()
    if !hasReference {
      for i in 0..<pixelCount { reference[i] = Float(frame[i]) }
      hasReference = true
      if keepsPrevious { for i in 0..<pixelCount { previous[i] = frame[i] } }
      return
    }
    if let adaptation {
      let base = Int(threshold.rounded())
      lastThreshold = Float(
        previous.withUnsafeBufferPointer {
          adaptation.threshold(base: base, frame: frame, previous: $0, histogram: &histogram)
        })
    }
    if panSearch > 0 { compensatePan(frame) }
    if keepsPrevious { for i in 0..<pixelCount { previous[i] = frame[i] } }
    let step = lastThreshold
    for i in 0..<pixelCount {
      let difference = Float(frame[i]) - reference[i]
      let n = min(Int((abs(difference) / step).rounded(.down)), timesteps)
      if n == 0 { continue }
      let channel = difference > 0 ? 2 * i : 2 * i + 1
      for j in 0..<n { planes.set(step: j * timesteps / n, channel: channel) }
      reference[i] = Float(frame[i])
    }
  }

  /// Estimates the shift and moves `reference` by it.
  private mutating func compensatePan(_ frame: UnsafeBufferPointer<UInt8>) {
    let shift = previous.withUnsafeBufferPointer { estimator.estimate(previous: $0, current: frame) }
    lastShift = shift
    if shift != (0, 0) {
      let (w, h) = (estimator.width, estimator.height)
      for y in 0..<h {
        let sy = y - shift.dy
        for x in 0..<w {
          let sx = x - shift.dx
          let inside = sx >= 0 && sx < w && sy >= 0 && sy < h
          shifted[y * w + x] = inside ? reference[sy * w + sx] : Float(frame[y * w + x])
        }
      }
      swap(&reference, &shifted)
    }
  }

  /// Forgets the reference frame; the next frame only sets it again.
  public mutating func reset() {
    for i in 0..<pixelCount { reference[i] = 0 }
    hasReference = false
    lastShift = (0, 0)
    lastThreshold = threshold
  }
}
