/// One split of a labelled clip data set, in memory: every clip's frames as contiguous 8-bit
/// luma (clip-major, then frame, row, column: pixel (n, t, y, x) at `((n·T + t)·H + y)·W + x`,
/// the Gesture-9 raw layout), its label and the class names.
///
/// `Dataset.load(directory:split:)` reads both layouts `--data DIR` takes
/// (docs/ARCHITECTURE.md, "Command-line contract"):
/// Gesture-9's raw `<split>_clips.u8` + `<split>_labels.u8`, and folders of PGM clip folders with
/// a `labels.csv` (`<clip>/frame_0000.pgm` + `clip,label`, or Gesture-9's `--pgm`
/// form `clips/<split>/<clip_id>/f00.pgm` + `clip_id,split,label,label_name,…`).
public struct Dataset: Sendable {
  /// How the data set is stored on disk.
  public enum Layout: String, Sendable {
    /// `<split>_clips.u8` + `<split>_labels.u8` (+ optional `meta.json`).
    case gesture9Raw
    /// `labels.csv` with `clip_id,split,label,…` and `clips/<split>/<clip_id>/*.pgm`.
    case gesture9Folders
    /// `labels.csv` with `clip,label[,split]` and `<clip>/*.pgm` (`spikecam record`).
    case clipFolders
  }

  /// The split these clips are (e.g. "train", "test").
  public var split: String
  /// Where and how the clips were read.
  public var directory: String
  public var layout: Layout
  /// Size of every frame.
  public var frameFormat: FrameFormat
  /// Frames per clip (T).
  public var framesPerClip: Int
  /// All pixels, `clipCount · framesPerClip · frameFormat.byteCount` bytes.
  public var pixels: [UInt8]
  /// Class index of each clip.
  public var labels: [Int]
  /// Name of each class, indexed by label.
  public var classNames: [String]
  /// Name of each clip (its folder or Gesture-9 id).
  public var clipNames: [String]

  /// Number of clips.
  public var clipCount: Int { labels.count }
  /// Bytes of one clip.
  public var clipByteCount: Int { framesPerClip * frameFormat.byteCount }

  /// Where clip `index`'s bytes are in `pixels`.
  public func clipRange(_ index: Int) -> Range<Int> {
    precondition(index >= 0 && index < clipCount, "clip index out of range")
    return (index * clipByteCount)..<((index + 1) * clipByteCount)
  }

  /// Gesture-9's defaults, used when a raw data set has no `meta.json`.
  public static let gesture9Classes = [
    "none", "left", "right", "up", "down", "approach", "recede", "circle_cw", "circle_ccw",
  ]
  /// Gesture-9's clip length and frame size.
  public static let gesture9FramesPerClip = 16
  public static let gesture9FrameFormat = FrameFormat(width: 64, height: 64)

  /// Largest data set read into memory (bytes of pixels).
  public static let maxBytes = 1 << 33
}
