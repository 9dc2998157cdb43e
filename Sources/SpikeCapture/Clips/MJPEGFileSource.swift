import SpikeSystem

/// Frames from an MJPEG video file (an `.avi` written by ffmpeg, or a raw `.mjpeg` stream),
/// decoded with libjpeg's DCT scaling and preprocessed to the network input, like a webcam.
///
/// Corrupt or truncated JPEG frames (libjpeg errors or warnings) are skipped and counted, never
/// delivered half-grey. The file is memory-mapped and the pages already played are handed back
/// (`MappedFile.releasePages`), so a long recording does not fill memory; decode and downscale
/// buffers are allocated once, so frames cost no allocation.
public struct MJPEGFileSource: FrameSource, ~Copyable {
  /// Size of the delivered frames (the preprocessing's output).
  public let format: FrameFormat
  /// Size of the JPEG frames, from the first frame's header.
  public let sourceFormat: FrameFormat
  /// The file played (or the name given to a stream in memory).
  public let path: String
  /// Where the frames are in the file.
  public let index: MJPEGIndex
  /// Whether the stream restarts at its first frame after the last.
  public let loops: Bool
  /// Frames skipped because they did not decode cleanly.
  public private(set) var skippedFrames = 0
  /// Why the last skipped frame was skipped.
  public private(set) var lastSkipReason: String = ""

  private let file: MappedFile
  private var decoder: JPEGDecoder
  private let preprocess: Preprocess
  private let minimum: FrameFormat
  private var pacer: ClipPacer
  private var next = 0

  /// Number of frames in the file.
  public var frameCount: Int { index.frames.count }

  /// Size of the decode buffer allocated at open.
  var decodeBufferBytes: Int { decoder.pixels.count }

  /// Opens and indexes `path`. `framesPerSecond` paces a raw stream (which has no rate) and
  /// overrides the AVI's; `maxBytes` bounds the file size accepted.
  public init(
    path: String, preprocess: Preprocess = .gesture9, pacing: ClipPacing = .asFastAsPossible,
    loop: Bool = false, framesPerSecond: Int? = nil, maxBytes: Int = 1 << 34
  ) throws(CaptureError) {
    try self.init(
      file: FileSystem.map(path, limit: maxBytes), name: path, preprocess: preprocess,
      pacing: pacing, loop: loop, framesPerSecond: framesPerSecond)
  }

  /// Plays an AVI or raw MJPEG stream held in memory (copied once); `name` stands for the
  /// path in errors.
  public init(
    bytes: [UInt8], name: String, preprocess: Preprocess = .gesture9,
    pacing: ClipPacing = .asFastAsPossible, loop: Bool = false, framesPerSecond: Int? = nil
  ) throws(CaptureError) {
    try self.init(
      file: MappedFile(copying: bytes), name: name, preprocess: preprocess, pacing: pacing,
      loop: loop, framesPerSecond: framesPerSecond)
  }

  private init(
    file: MappedFile, name path: String, preprocess: Preprocess, pacing: ClipPacing,
    loop: Bool, framesPerSecond: Int?
  ) throws(CaptureError) {
    let index: MJPEGIndex
    let size: FrameFormat
    do {
      index = try MJPEGIndex(parsing: file.bytes) { file.releasePages(before: $0) }
      size = try index.firstFrameSize(in: file.bytes)
    } catch {
      throw .badFile(path: path, reason: error.reason)
    }
    self.file = file
    self.index = index
    sourceFormat = size
    self.path = path
    self.preprocess = preprocess
    format = preprocess.output
    minimum = preprocess.scaledFormat(for: size)
    loops = loop
    decoder = JPEGDecoder(capacity: MJPEGIndex.decodeBytes(of: size, covering: minimum))
    let rate: (Int, Int)
    if let framesPerSecond {
      rate = (framesPerSecond, 1)
    } else if index.microsecondsPerFrame > 0 {
      rate = (1_000_000, index.microsecondsPerFrame)
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
      if next == index.frames.count {
        guard loops else { return nil }
        next = 0
      }
      let range = index.frames[next]
      next += 1
      let jpeg = UnsafeRawBufferPointer(rebasing: file.bytes[range])
      file.releasePages(before: range.lowerBound)
      do {
        let info = try decoder.decode(jpeg, minWidth: minimum.width, minHeight: minimum.height)
        if info.warnings == 0 {
          let decoded = FrameFormat(width: info.width, height: info.height)
          decoder.pixels.withUnsafeBufferPointer {
            preprocess.apply($0, format: decoded, into: pixels)
          }
          return pacer.stamp()
        }
        lastSkipReason = "frame \(next - 1): \(info.warningMessage)"
      } catch {
        lastSkipReason = "frame \(next - 1): \(error)"
      }
      skippedFrames += 1
      failuresInARow += 1
      if failuresInARow >= index.frames.count {
        throw .badFile(path: path, reason: "no frame decodes cleanly (\(lastSkipReason))")
      }
    }
  }
}
