import SpikeCore

/// Float twin of `FrameDifferenceEncoder`: the same event rule with a Float reference and
/// contrast threshold, `n = min(⌊|p − ref| / θ⌋, T)` events at steps `⌊j·T/n⌋`.
public struct FloatFrameDifferenceEncoder: SpikeEncoder, Sendable {
  /// Pixels per frame.
  public let pixelCount: Int
  /// Steps per frame, T.
  public let timesteps: Int
  /// Spike channels produced.
  public var outputCount: Int { 2 * pixelCount }
  /// Contrast step per event, in grey levels.
  public let threshold: Float
  /// Per-pixel reference values.
  public private(set) var reference: [Float]
  /// Whether `reference` holds a frame yet.
  public private(set) var hasReference = false

  /// Same arguments as `FrameDifferenceEncoder`, with θ as a Float (> 0).
  public init(pixelCount: Int, timesteps: Int, threshold: Float) throws(EncoderError) {
    _ = try FrameDifferenceEncoder(pixelCount: pixelCount, timesteps: timesteps, threshold: 1)
    if !(threshold > 0 && threshold.isFinite) {
      throw .parameterOutOfRange(
        name: "threshold", value: threshold.isNaN ? 0 : Int(max(-1e9, min(1e9, threshold))),
        allowed: 1...255)
    }
    self.pixelCount = pixelCount
    self.timesteps = timesteps
    self.threshold = threshold
    reference = [Float](repeating: 0, count: pixelCount)
  }

  /// Encodes one frame into `planes`, overwriting every bit; never allocates.
  public mutating func encode(_ frame: UnsafeBufferPointer<UInt8>, into planes: inout SpikePlanes) {
    precondition(
      frame.count == pixelCount && planes.count == outputCount && planes.timesteps == timesteps)
    planes.clear()
    if !hasReference {
      for i in 0..<pixelCount { reference[i] = Float(frame[i]) }
      hasReference = true
      return
    }
    for i in 0..<pixelCount {
      let difference = Float(frame[i]) - reference[i]
      let n = min(Int((abs(difference) / threshold).rounded(.down)), timesteps)
      if n == 0 { continue }
      let channel = difference > 0 ? 2 * i : 2 * i + 1
      for j in 0..<n { planes.set(step: j * timesteps / n, channel: channel) }
      reference[i] = Float(frame[i])
    }
  }

  /// Forgets the reference frame; the next frame only sets it again.
  public mutating func reset() {
    for i in 0..<pixelCount { reference[i] = 0 }
    hasReference = false
  }
}
