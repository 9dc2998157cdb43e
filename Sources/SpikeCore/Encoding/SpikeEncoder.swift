/// Turns one 8-bit grayscale frame into `timesteps` bit-planes of `outputCount` spike channels
/// (docs/ARCHITECTURE.md, "Kernels", Encoders). Implementations are integer-only and
/// deterministic for a given seed; stateful ones (frame difference) keep their state between
/// frames until `reset()`.
///
/// The float twins in SpikeReference conform to the same protocol: an encoder's output is
/// spikes, so the float and fixed networks can be fed identical input.
public protocol SpikeEncoder {
  /// Pixels per frame this encoder accepts.
  var pixelCount: Int { get }
  /// Steps per frame, T.
  var timesteps: Int { get }
  /// Spike channels produced: pixels × fields per pixel (e.g. 2 for ON/OFF events).
  var outputCount: Int { get }

  /// Encodes `frame` (`pixelCount` bytes) into `planes` (`outputCount` × `timesteps`),
  /// overwriting every bit. Must not allocate.
  mutating func encode(_ frame: UnsafeBufferPointer<UInt8>, into planes: inout SpikePlanes)

  /// Forgets state carried between frames (reference frames, random streams back to the seed).
  mutating func reset()
}

extension SpikeEncoder {
  /// Traps unless `frame` has `pixelCount` pixels and `planes` is `outputCount` channels of
  /// `timesteps` steps: a mismatch is a programming error, not bad input.
  @inlinable
  public func checkShapes(_ frame: UnsafeBufferPointer<UInt8>, _ planes: SpikePlanes) {
    precondition(
      frame.count == pixelCount && planes.count == outputCount && planes.timesteps == timesteps,
      "frame of \(frame.count) pixels or spike planes \(planes.count)×\(planes.timesteps) do not "
        + "fit an encoder of \(pixelCount) pixels into \(outputCount)×\(timesteps)")
  }
}
