/// Frame-difference ON/OFF event encoder (DVS-like). Each pixel keeps a reference
/// value; when `|p − ref| ≥ threshold` it emits `n = min(|p − ref| / threshold, T)` events on
/// its ON channel (`2i`, brighter) or OFF channel (`2i + 1`, darker), spread over the frame at
/// steps `⌊j·T/n⌋`, and its reference becomes p. Pixels that do not fire keep their reference,
/// so slow drifts accumulate until they cross the threshold, as on an event camera.
///
/// The first frame after init or `reset()` only sets the references and emits nothing.
///
/// With `panSearch` R > 0 the encoder compensates a camera pan: it keeps the previous raw frame,
/// estimates one global shift `(dx, dy)` in `[−R, R]²` per frame (`GlobalShiftEstimator`) and moves
/// the reference image by it before the event rule, `ref′(x, y) = ref(x − dx, y − dy)`; pixels
/// whose source lies outside the frame take the current value and emit nothing. Without this a
/// pan fires events over the whole textured background, which reads as object motion.
public struct FrameDifferenceEncoder: SpikeEncoder, Sendable {
  /// Pixels in, steps per frame and spike channels out.
  public let shape: EncoderShape
  /// Contrast step per event, in grey levels (1…255).
  public let threshold: Int
  /// Per-pixel reference values.
  public private(set) var reference: [UInt8]
  /// Whether `reference` holds a frame yet.
  public private(set) var hasReference = false
  /// Pan search radius R (0: no compensation).
  public var panSearch: Int { estimator.radius }
  /// The shift estimated for the last frame (`(0, 0)` for a first frame or with `panSearch` 0).
  public private(set) var lastShift: (dx: Int, dy: Int) = (0, 0)
  /// The per-frame step rule, if the step adapts to the scene.
  public let adaptation: EventThresholdAdaptation?
  /// The step used for the last frame (`threshold` unless it adapts).
  public private(set) var lastThreshold: Int
  private let estimator: GlobalShiftEstimator
  private var previous: [UInt8]
  private var shifted: [UInt8]
  private var histogram: [Int32]

  /// Creates an encoder that emits one event per `threshold` grey levels of change, for a frame
  /// with no known shape (no pan compensation).
  public init(pixelCount: Int, timesteps: Int, threshold: Int) throws(EncoderError) {
    _ = try EncoderShape(
      pixelCount: pixelCount, timesteps: timesteps, channelsPerPixel: 2, maxTimesteps: 1 << 16)
    try self.init(width: pixelCount, height: 1, timesteps: timesteps, threshold: threshold)
  }

  /// Creates an encoder for `width × height` frames; `panSearch` R > 0 compensates camera pans of
  /// up to R pixels per frame (needs width and height above 2R), at the cost of two more frames.
  /// With `panConsensus`, a shift the background does not support is not compensated; with
  /// `adaptation`, the step follows the scene's contrast and noise frame by frame.
  public init(
    width: Int, height: Int, timesteps: Int, threshold: Int, panSearch: Int = 0,
    panConsensus: PanConsensus? = nil, adaptation: EventThresholdAdaptation? = nil
  ) throws(EncoderError) {
    estimator = try GlobalShiftEstimator(
      width: width, height: height, radius: panSearch, consensus: panConsensus)
    try adaptation?.validate()
    self.adaptation = adaptation
    lastThreshold = threshold
    let pixelCount = width * height
    shape = try EncoderShape(
      pixelCount: pixelCount, timesteps: timesteps, channelsPerPixel: 2, maxTimesteps: 1 << 16)
    try EncoderError.check("threshold", threshold, in: 1...255)
    self.threshold = threshold
    reference = [UInt8](repeating: 0, count: pixelCount)
    previous = [UInt8](repeating: 0, count: panSearch > 0 || adaptation != nil ? pixelCount : 0)
    shifted = [UInt8](repeating: 0, count: panSearch > 0 ? pixelCount : 0)
    histogram = [Int32](repeating: 0, count: adaptation != nil ? 256 : 0)
  }

  /// Whether the encoder keeps the previous raw frame (for the pan search or the adaptation).
  private var keepsPrevious: Bool { !previous.isEmpty }

  /// Events for a change of `difference` grey levels: `min(|difference| / threshold, T)`.
  @inlinable
  public static func eventCount(difference: Int, threshold: Int, timesteps: Int) -> Int {
    min(abs(difference) / threshold, timesteps)
  }

  /// Encodes one frame into `planes`, overwriting every bit; never allocates.
  public mutating func encode(_ frame: UnsafeBufferPointer<UInt8>, into planes: inout SpikePlanes) {
    precondition(
      frame.count == pixelCount, "frame has \(frame.count) pixels, encoder expects \(pixelCount)")
    precondition(
      planes.count == outputCount && planes.timesteps == timesteps,
      "spike planes of the wrong shape")
    planes.clear()
    if !hasReference {
      for i in 0..<pixelCount { reference[i] = frame[i] }
      hasReference = true
      if keepsPrevious { for i in 0..<pixelCount { previous[i] = frame[i] } }
      return
    }
    if let adaptation {
      lastThreshold = previous.withUnsafeBufferPointer {
        adaptation.threshold(base: threshold, frame: frame, previous: $0, histogram: &histogram)
      }
    }
    if panSearch > 0 { compensatePan(frame) }
    if keepsPrevious { for i in 0..<pixelCount { previous[i] = frame[i] } }
    let step = lastThreshold
    for i in 0..<pixelCount {
      let difference = Int(frame[i]) - Int(reference[i])
      let n = Self.eventCount(difference: difference, threshold: step, timesteps: timesteps)
      if n == 0 { continue }
      let channel = difference > 0 ? 2 * i : 2 * i + 1
      for j in 0..<n { planes.set(step: j * timesteps / n, channel: channel) }
      reference[i] = frame[i]
    }
  }

  /// Estimates the shift from the previous frame and moves `reference` by it.
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
          shifted[y * w + x] = inside ? reference[sy * w + sx] : frame[y * w + x]
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
