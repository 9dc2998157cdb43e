/// Turns one 8-bit grayscale frame into `timesteps` bit-planes of `outputCount` spike channels
/// (docs/ARCHITECTURE.md, "Kernels", Encoders). Implementations are integer-only and
/// deterministic for a given seed; stateful ones (frame difference) keep their state between
/// frames until `reset()`.
///
/// The float twins in SpikeReference conform to the same protocol: an encoder's output is
/// spikes, so the float and fixed networks can be fed identical input.
public protocol SpikeEncoder {
  /// Pixels in, steps per frame and spike channels out, checked when the encoder is made.
  var shape: EncoderShape { get }

  /// Encodes `frame` (`pixelCount` bytes) into `planes` (`outputCount` × `timesteps`),
  /// overwriting every bit. Must not allocate.
  mutating func encode(_ frame: UnsafeBufferPointer<UInt8>, into planes: inout SpikePlanes)

  /// Forgets state carried between frames (reference frames, random streams back to the seed).
  mutating func reset()
}

extension SpikeEncoder {
  /// Pixels per frame this encoder accepts.
  @inlinable public var pixelCount: Int { shape.pixelCount }
  /// Steps per frame, T.
  @inlinable public var timesteps: Int { shape.timesteps }
  /// Spike channels produced: pixels × channels per pixel (e.g. 2 for ON/OFF events).
  @inlinable public var outputCount: Int { shape.outputCount }

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
