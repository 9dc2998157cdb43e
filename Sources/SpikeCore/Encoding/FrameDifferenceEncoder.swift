/// Frame-difference ON/OFF event encoder (DVS-like, DESIGN §4). Each pixel keeps a reference
/// value; when `|p − ref| ≥ threshold` it emits `n = min(|p − ref| / threshold, T)` events on
/// its ON channel (`2i`, brighter) or OFF channel (`2i + 1`, darker), spread over the frame at
/// steps `⌊j·T/n⌋`, and its reference becomes p. Pixels that do not fire keep their reference,
/// so slow drifts accumulate until they cross the threshold, as on an event camera.
///
/// The first frame after init or `reset()` only sets the references and emits nothing.
public struct FrameDifferenceEncoder: SpikeEncoder, Sendable {
  /// Pixels per frame.
  public let pixelCount: Int
  /// Steps per frame, T.
  public let timesteps: Int
  /// Spike channels produced.
  public var outputCount: Int { 2 * pixelCount }
  /// Contrast step per event, in grey levels (1…255).
  public let threshold: Int
  /// Per-pixel reference values.
  public private(set) var reference: [UInt8]
  /// Whether `reference` holds a frame yet.
  public private(set) var hasReference = false

  /// Creates an encoder that emits one event per `threshold` grey levels of change.
  public init(pixelCount: Int, timesteps: Int, threshold: Int) throws(EncoderError) {
    try EncoderError.checkShape(pixelCount: pixelCount, timesteps: timesteps, maxTimesteps: 1 << 16)
    try EncoderError.check("threshold", threshold, in: 1...255)
    self.pixelCount = pixelCount
    self.timesteps = timesteps
    self.threshold = threshold
    reference = [UInt8](repeating: 0, count: pixelCount)
  }

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
      return
    }
    for i in 0..<pixelCount {
      let difference = Int(frame[i]) - Int(reference[i])
      let n = Self.eventCount(difference: difference, threshold: threshold, timesteps: timesteps)
      if n == 0 { continue }
      let channel = difference > 0 ? 2 * i : 2 * i + 1
      for j in 0..<n { planes.set(step: j * timesteps / n, channel: channel) }
      reference[i] = frame[i]
    }
  }

  /// Forgets the reference frame; the next frame only sets it again.
  public mutating func reset() {
    for i in 0..<pixelCount { reference[i] = 0 }
    hasReference = false
  }
}
