#if canImport(SpikeSystem)
  import SpikeSystem  // the package build; the board program compiles SpikeSystem's files in
#endif

/// Frames from an MJPEG video file (an `.avi` written by ffmpeg, or a raw `.mjpeg` stream),
/// decoded with libjpeg's DCT scaling and preprocessed to the network input, like a webcam.
///
/// Corrupt or truncated JPEG frames (libjpeg errors or warnings) are skipped and counted, never
/// delivered half-grey, and so is a frame longer than `MJPEGFrames.largestFrame`. The file is
/// read through one buffer that moves over it (`FileWindow`, as the board program reads it) and
/// frames are found one at a time (`MJPEGFrames`), so a recording of any length costs the same
/// memory; decode and downscale buffers are allocated once, so frames cost no allocation.
public struct MJPEGFileSource: FrameSource, ~Copyable {
  /// Size of the delivered frames (the preprocessing's output).
  public let format: FrameFormat
  /// Size of the JPEG frames, from the first frame's header.
  public let sourceFormat: FrameFormat
  /// The file played (or the name given to a stream in memory).
  public let path: String
  /// Whether the stream restarts at its first frame after the last.
  public let loops: Bool
  /// Frames skipped because they did not decode cleanly.
  public private(set) var skippedFrames = 0
  /// Why the last skipped frame was skipped.
  public private(set) var lastSkipReason: String = ""

  private let file: FileWindow
  private var decoder: JPEGDecoder
  private let preprocess: Preprocess
  private let minimum: FrameFormat
  private var pacer: ClipPacer
  /// Where the frames are: a position in the file, not a list, so memory does not grow with it.
  private var walk: MJPEGFrames
  /// The number in the file of the frame `walk` gives next.
  private var next = 0

  /// Number of frames in the file (counted by one walk at open).
  public let frameCount: Int
  /// Which container the file is.
  public var container: MJPEGFrames.Container { walk.container }
  /// Frame interval from the AVI header, in microseconds (0 when unknown).
  public var microsecondsPerFrame: Int { walk.microsecondsPerFrame }

  /// Size of the decode buffer allocated at open.
  var decodeBufferBytes: Int { decoder.pixels.count }

  #if !hasFeature(Embedded)
  /// Opens `path` and counts its frames. `framesPerSecond` paces a raw stream (which has no rate) and
  /// overrides the AVI's; `maxBytes` bounds the file size accepted.
  public init(
    path: String, preprocess: Preprocess = .gesture9, pacing: ClipPacing = .asFastAsPossible,
    loop: Bool = false, framesPerSecond: Int? = nil, maxBytes: Int = 1 << 34
  ) throws(CaptureError) {
    try self.init(
      file: FileSystem.window(path, limit: maxBytes, capacity: MJPEGFrames.largestFrame),
      name: path, preprocess: preprocess, pacing: pacing, loop: loop,
      framesPerSecond: framesPerSecond)
  }

  /// Plays an AVI or raw MJPEG stream held in memory (copied once); `name` stands for the
  /// path in errors.
  public init(
    bytes: [UInt8], name: String, preprocess: Preprocess = .gesture9,
    pacing: ClipPacing = .asFastAsPossible, loop: Bool = false, framesPerSecond: Int? = nil
  ) throws(CaptureError) {
    try self.init(
      file: FileWindow(copying: bytes), name: name, preprocess: preprocess, pacing: pacing,
      loop: loop, framesPerSecond: framesPerSecond)
  }
  #endif

  /// Plays the AVI or raw MJPEG stream `file` holds (the board program opens its own); `name`
  /// stands for the path in errors.
  public init(
    file: FileWindow, name path: String, preprocess: Preprocess, pacing: ClipPacing,
    loop: Bool, framesPerSecond: Int?
  ) throws(CaptureError) {
    let walk: MJPEGFrames
    let size: FrameFormat
    do {
      walk = try MJPEGFrames(parsing: file)
      size = try walk.firstFrameSize(in: file)
    } catch {
      throw .badFile(path: path, reason: file.failure ?? error.reason)
    }
    let count = walk.count(in: file)
    if let failure = file.failure { throw .badFile(path: path, reason: failure) }
    (self.file, self.walk) = (file, walk)
    frameCount = count
    sourceFormat = size
    (self.path, self.preprocess) = (path, preprocess)
    format = preprocess.output
    minimum = preprocess.scaledFormat(for: size)
    loops = loop
    decoder = JPEGDecoder(capacity: MJPEGFrames.decodeBytes(of: size, covering: minimum))
    let rate: (Int, Int)
    if let framesPerSecond {
      rate = (framesPerSecond, 1)
    } else if walk.microsecondsPerFrame > 0 {
      rate = (1_000_000, walk.microsecondsPerFrame)
    } else {
      rate = (12, 1)
    }
    pacer = ClipPacer(pacing: pacing, framesPerSecond: rate)
  }

  public mutating func nextFrame(into pixels: UnsafeMutableBufferPointer<UInt8>)
    throws(CaptureError)
    -> FrameStamp?
  {
    var failuresInARow = 0
    while true {
      if next == frameCount {
        guard loops else { return nil }
        next = 0
        walk.rewind(in: file)
      }
      // The file does not change, so the walk finds the frames it counted.
      guard let range = walk.next(in: file) else {
        if let failure = file.failure { throw .badFile(path: path, reason: failure) }
        return nil
      }
      next += 1
      let reason: String
      if let jpeg = file.bytes(range) {
        do {
          let info = try decoder.decode(jpeg, minWidth: minimum.width, minHeight: minimum.height)
          if info.warnings == 0 {
            let decoded = FrameFormat(width: info.width, height: info.height)
            decoder.pixels.withUnsafeBufferPointer {
              preprocess.apply($0, format: decoded, into: pixels)
            }
            return pacer.stamp()
          }
          reason = info.warningMessage
        } catch {
          reason = "\(error)"
        }
      } else {
        if let failure = file.failure { throw .badFile(path: path, reason: failure) }
        reason = MJPEGFrames.tooLong(range.count)
      }
      lastSkipReason = "frame \(next - 1): \(reason)"
      skippedFrames += 1
      failuresInARow += 1
      if failuresInARow >= frameCount {
        throw .badFile(path: path, reason: "no frame decodes cleanly (\(lastSkipReason))")
      }
    }
  }
}
