import SpikeCore

/// Raw clips the board program classifies one frame at a time into `frame` (the model's input
/// size), clip by clip or as one stream (`play`). Videos and cameras are `spikecam run`'s frame
/// sources and streams, driven by its `StreamRunner` (`BoardDecisions`).
protocol BoardClips: ~Copyable {
  /// The frame last read.
  var frame: [UInt8] { get }
  /// Reads the next frame into `frame`; false at the end of the file.
  mutating func next() throws(BoardError) -> Bool
  /// Back to the first frame.
  mutating func rewind() throws(BoardError)
  /// Releases the file.
  func close()
}

/// What a file holds, told by its first bytes as `spikecam run --clip` tells it.
enum ClipKind {
  /// Raw frames of the model's input size (no signature).
  case raw
  /// An AVI or a raw stream of JPEGs.
  case mjpeg
  /// A YUV4MPEG2 stream.
  case y4m
}

extension Result where Failure == FormatRefusal {
  /// The refusal's words; empty for a success (callers ask only after a failure).
  var refusal: String {
    guard case .failure(let refusal) = self else { return "" }
    return refusal.reason
  }
}
