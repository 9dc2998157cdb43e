/// Where a stream is: frames delivered so far, and frames lost before they reached us (gaps in
/// the stamps' sequence numbers: the driver's drops and the ring's). `spikecam run`'s stream
/// runner and the board program's camera count with it.
public struct StreamProgress: Sendable, Equatable {
  public var frames = 0
  public var dropped: UInt64 = 0
  var lastSequence: UInt64?

  public init() {}

  /// Counts one delivered frame, and the frames missing before it.
  public mutating func count(_ stamp: FrameStamp) {
    if let last = lastSequence, stamp.sequence > last &+ 1 { dropped += stamp.sequence - last - 1 }
    lastSequence = stamp.sequence
    frames += 1
  }
}
