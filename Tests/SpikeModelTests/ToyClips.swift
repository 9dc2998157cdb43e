import SpikeModel
import SpikeTestSupport

/// The shared toy motion clips as a `ClipSet`.
enum ToyClips {
  static func make(perClass: Int, seed: UInt32) -> ClipSet {
    let (pixels, labels) = ToyMotionClips.make(perClass: perClass, seed: seed)
    return ClipSet(
      pixels: pixels, labels: labels, framesPerClip: ToyMotionClips.framesPerClip,
      frameBytes: ToyMotionClips.frameBytes, classNames: ToyMotionClips.names)
  }
}
