/// What a stream runner feeds: a classifier and whatever reports its decisions.
public protocol FrameConsumer {
  /// One frame, in stream order (`progress` counts it already). Must not allocate per frame.
  mutating func consume(
    _ frame: UnsafeBufferPointer<UInt8>, stamp: FrameStamp, progress: StreamProgress)
  /// One event, between frames. After `.reopened` a new stream starts: forget the old one.
  mutating func handle(_ event: StreamEvent, progress: StreamProgress)
}

/// How a run ended, when it ended without an error.
public enum StreamEnd: Sendable, Equatable {
  /// The source finished (the end of a clip, or a capture that ended).
  case sourceEnded
  /// `maxFrames` frames were delivered.
  case frameLimit
  /// The cancellation asked to stop, for this reason.
  case cancelled(String)

  /// The `stopped` event's reason: `end`, `frames`, or the cancellation's reason.
  public var reason: String {
    switch self {
    case .sourceEnded: "end"
    case .frameLimit: "frames"
    case .cancelled(let reason): reason
    }
  }
}

/// Drives any frame stream into any consumer on the calling thread until the stream ends,
/// `maxFrames` frames were delivered, or `cancel` asks to stop. One frame buffer is allocated
/// per run, none per frame.
public enum StreamRunner {
  public static func run<Stream: FrameStream & ~Copyable, Consumer: FrameConsumer>(
    _ stream: inout Stream, into consumer: inout Consumer, maxFrames: Int = .max,
    cancel: Cancellation, progress: inout StreamProgress
  ) throws(StreamError) -> StreamEnd {
    var frame = [UInt8](repeating: 0, count: stream.format.byteCount)
    while progress.frames < maxFrames {
      if let reason = cancel.reason { return .cancelled(reason) }
      let item = try frame.withUnsafeMutableBufferPointer { (pixels) throws(StreamError) in
        try stream.next(into: pixels, cancel: cancel)
      }
      switch item {
      case .frame(let stamp):
        progress.count(stamp)
        frame.withUnsafeBufferPointer { consumer.consume($0, stamp: stamp, progress: progress) }
      case .event(let event):
        if case .reopened = event { progress.lastSequence = nil }
        consumer.handle(event, progress: progress)
      case .end:
        return cancel.reason.map { .cancelled($0) } ?? .sourceEnded
      }
    }
    return .frameLimit
  }
}
