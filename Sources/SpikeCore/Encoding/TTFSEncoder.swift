/// Time-to-first-spike encoder: one spike per pixel, brighter pixels earlier.
///
/// Default spike time `t = (T−1) − (p·T >> 8)` (shift form, T ≤ 256 keeps t in 0…T−1). The
/// paper's code (HyTSSN `timeToFirstSpike`) uses `t = T − 1 − ⌊p·T/255⌋`, which is at most one
/// step earlier, and sends p = 255 to index −1, i.e. the last step; both are options.
public struct TTFSEncoder: SpikeEncoder, Sendable {
  /// Pixels in, steps per frame and spike channels out.
  public let shape: EncoderShape
  /// Formula for the spike time.
  public let formula: Formula
  /// The paper's quirk: p = 255 fires on the last step, like black, instead of the first.
  public let whiteWrapsToLastStep: Bool
  /// Spike step for every pixel value, built once.
  private var stepForValue: [UInt8]

  /// Creates an encoder for frames of `pixelCount` pixels and `timesteps` steps (1…256).
  public init(
    pixelCount: Int, timesteps: Int, formula: Formula = .shift, whiteWrapsToLastStep: Bool = false
  ) throws(EncoderError) {
    shape = try EncoderShape(pixelCount: pixelCount, timesteps: timesteps)
    (self.formula, self.whiteWrapsToLastStep) = (formula, whiteWrapsToLastStep)
    stepForValue = [UInt8](repeating: 0, count: 256)
    for p in 0..<256 {
      stepForValue[p] = UInt8(
        Self.spikeStep(value: p, timesteps: timesteps, formula: formula, wrap: whiteWrapsToLastStep)
      )
    }
  }

  /// Spike step of one pixel value.
  public static func spikeStep(value p: Int, timesteps t: Int, formula: Formula, wrap: Bool) -> Int
  {
    if wrap && p == 255 { return t - 1 }
    switch formula {
    case .shift: return (t - 1) - ((p * t) >> 8)
    // The paper gives −1 for p = 255; without the wrap it fires first.
    case .divideBy255: return max(0, t - 1 - p * t / 255)
    }
  }

  /// Encodes one frame into `planes`, overwriting every bit; never allocates.
  public func encode(_ frame: UnsafeBufferPointer<UInt8>, into planes: inout SpikePlanes) {
    checkShapes(frame, planes)
    planes.clear()
    for i in 0..<pixelCount {
      planes.set(step: Int(stepForValue[Int(frame[i])]), channel: i)
    }
  }

  /// Nothing carries over between frames: nothing to forget.
  public mutating func reset() {}

  /// How the spike time is computed from the pixel value.
  public enum Formula: Sendable, Equatable {
    /// `(T−1) − (p·T >> 8)`: one shift, the formula of docs/ARCHITECTURE.md, "Kernels".
    case shift
    /// `T − 1 − ⌊p·T/255⌋`, the paper's formula (p = 255 gives step 0 unless wrapped).
    case divideBy255
  }
}
