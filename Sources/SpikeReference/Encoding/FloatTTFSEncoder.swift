import SpikeCore

/// Float twin of `TTFSEncoder`: the spike time from the real-valued formula,
/// `t = (T−1) − ⌊p·T/256⌋` (`.shift`) or `t = ⌊T − ⌊p·T/255⌋⌋ − 1` (`.divideBy255`, the paper's).
public struct FloatTTFSEncoder: SpikeEncoder, Sendable {
  /// Pixels in, steps per frame and spike channels out.
  public let shape: EncoderShape
  /// Formula for the spike time.
  public let formula: TTFSEncoder.Formula
  /// The paper's quirk: p = 255 fires on the last step.
  public let whiteWrapsToLastStep: Bool

  /// Same arguments and validation as `TTFSEncoder` (its shape is all it checks).
  public init(
    pixelCount: Int, timesteps: Int, formula: TTFSEncoder.Formula = .shift,
    whiteWrapsToLastStep: Bool = false
  ) throws(EncoderError) {
    shape = try EncoderShape(pixelCount: pixelCount, timesteps: timesteps)
    (self.formula, self.whiteWrapsToLastStep) = (formula, whiteWrapsToLastStep)
  }

  /// Spike step of one pixel value from the float formula.
  public static func spikeStep(
    value p: Int, timesteps: Int, formula: TTFSEncoder.Formula, wrap: Bool
  ) -> Int {
    let t = Float(timesteps)
    let v = Float(p)
    if wrap && p == 255 { return timesteps - 1 }
    switch formula {
    case .shift: return Int((t - 1) - (v * t / 256).rounded(.down))
    case .divideBy255: return max(0, Int((t - (v * t / 255).rounded(.down)).rounded(.down)) - 1)
    }
  }

  /// Encodes one frame into `planes`, overwriting every bit; never allocates.
  public func encode(_ frame: UnsafeBufferPointer<UInt8>, into planes: inout SpikePlanes) {
    checkShapes(frame, planes)
    planes.clear()
    for i in 0..<pixelCount {
      let step = Self.spikeStep(
        value: Int(frame[i]), timesteps: timesteps, formula: formula, wrap: whiteWrapsToLastStep)
      planes.set(step: step, channel: i)
    }
  }

  /// Nothing carries over between frames: nothing to forget.
  public mutating func reset() {}
}
