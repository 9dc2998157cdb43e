import SpikeCore

/// Frames the board program classifies, one at a time into `frame` (the model's input size):
/// raw clips, an MJPEG video, a y4m stream or a camera.
protocol BoardClips: ~Copyable {
  /// The frame last read.
  var frame: [UInt8] { get }
  /// Reads the next frame into `frame`; false at the end of the file.
  mutating func next() throws(BoardError) -> Bool
  /// Back to the first frame.
  mutating func rewind() throws(BoardError)
  /// Releases the file or device.
  mutating func close()
  /// Whether the source started a new stream since the last call (a reopened camera): what
  /// came before must be forgotten.
  mutating func takeRestart() -> Bool
  /// The line printed for `decision` on `frame` (of clip `clip` when clips are scored one by
  /// one).
  func line(clip: Int?, frame: Int, decision: Decision, label: String) -> String
}

extension BoardClips where Self: ~Copyable {
  /// Files play one stream each pass.
  mutating func takeRestart() -> Bool { false }

  /// Files print the lines that do not depend on time, so machines compare bit for bit.
  func line(clip: Int?, frame: Int, decision: Decision, label: String) -> String {
    DecisionLine.text(clip: clip, frame: frame, decision: decision, label: label)
  }
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
