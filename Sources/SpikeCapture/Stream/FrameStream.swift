/// One step of a frame stream.
public enum StreamItem: Sendable, Equatable {
  /// A frame was written into the caller's buffer.
  case frame(FrameStamp)
  /// Something the consumer should know of (and report) before the next frame.
  case event(StreamEvent)
  /// The stream ended: the source finished, or the stream was cancelled.
  case end
}

/// A source of frames and events that `StreamRunner` drives: a clip played in order
/// (`SourceStream`) or a camera behind a capture thread, a ring and a reopen policy
/// (`DeviceStream`).
public protocol FrameStream: ~Copyable {
  /// Size of every frame.
  var format: FrameFormat { get }

  /// Writes the next frame into `pixels` or returns an event or the end; waits inside only in
  /// slices that check `cancel`. Throws what cannot be ridden out.
  mutating func next(into pixels: UnsafeMutableBufferPointer<UInt8>, cancel: Cancellation)
    throws(StreamError) -> StreamItem
}

/// Why a stream stopped early: its source failed, or a lost device did not come back.
public enum StreamError: Error, Sendable, Equatable, CustomStringConvertible {
  case capture(CaptureError)
  case gaveUp(StreamGaveUp)

  public var description: String {
    switch self {
    case .capture(let error): error.description
    case .gaveUp(let gaveUp): gaveUp.description
    }
  }
}

/// Any `FrameSource` pulled on the caller's thread, one frame per `next`: every frame is
/// delivered, none dropped (a clip read as fast as it decodes, or paced by the source).
public struct SourceStream<Source: FrameSource & ~Copyable>: FrameStream, ~Copyable {
  public var source: Source

  public init(_ source: consuming Source) { self.source = source }

  public var format: FrameFormat { source.format }

  public mutating func next(
    into pixels: UnsafeMutableBufferPointer<UInt8>, cancel: Cancellation
  ) throws(StreamError) -> StreamItem {
    if cancel.isRequested { return .end }
    do throws(CaptureError) {
      guard let stamp = try source.nextFrame(into: pixels) else { return .end }
      return .frame(stamp)
    } catch {
      // A read interrupted by the stop request is the end asked for, not a fault.
      if cancel.isRequested { return .end }
      throw .capture(error)
    }
  }
}
