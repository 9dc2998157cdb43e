#if canImport(SpikeSystem)
  import SpikeSystem  // the package build; the board program compiles SpikeSystem's files in
#endif

/// Frames from a raw YUV4MPEG2 (`.y4m`) file: the luma plane of each frame, preprocessed to the
/// network input. Supports 8-bit 4:2:0, 4:2:2, 4:4:4, 4:1:1 and mono streams.
///
/// The file is read through one buffer of a luma plane and its `FRAME` line that moves over it
/// (`FileWindow`, as the board program reads it), and each luma plane is downscaled straight
/// from that buffer, so a frame costs no allocation and a clip of any length the same memory.
public struct Y4MSource: FrameSource, ~Copyable {
  /// Size of the delivered frames (the preprocessing's output).
  public let format: FrameFormat
  /// The stream header.
  public let header: Y4MHeader
  /// The file played (or the name given to a stream in memory).
  public let path: String
  /// Whether the stream restarts at its first frame after the last.
  public let loops: Bool

  private let file: FileWindow
  private let preprocess: Preprocess
  private var pacer: ClipPacer
  private var offset: Int

  #if !hasFeature(Embedded)
  /// Opens `path`; `maxBytes` bounds the file size accepted.
  public init(
    path: String, preprocess: Preprocess = .gesture9, pacing: ClipPacing = .asFastAsPossible,
    loop: Bool = false, maxBytes: Int = 1 << 34
  ) throws(CaptureError) {
    // A buffer of the longest header line, made room for a frame once the header is read.
    try self.init(
      file: FileSystem.window(path, limit: maxBytes, capacity: Y4MHeader.maxLine), name: path,
      preprocess: preprocess, pacing: pacing, loop: loop)
  }

  /// Plays a y4m stream held in memory (copied once); `name` stands for the path in errors.
  public init(
    bytes: [UInt8], name: String, preprocess: Preprocess = .gesture9,
    pacing: ClipPacing = .asFastAsPossible, loop: Bool = false
  ) throws(CaptureError) {
    try self.init(
      file: FileWindow(copying: bytes), name: name, preprocess: preprocess, pacing: pacing,
      loop: loop)
  }
  #endif

  /// Plays the y4m stream `file` holds (the board program opens its own); `name` stands for the
  /// path in errors.
  public init(
    file: FileWindow, name path: String, preprocess: Preprocess, pacing: ClipPacing, loop: Bool
  ) throws(CaptureError) {
    let header: Y4MHeader
    let first: (luma: Int, next: Int)?
    do throws(FormatRefusal) {
      guard let read = try Y4MHeader.read(from: file) else {
        throw FormatRefusal(file.failure ?? "cannot read the header")
      }
      header = read
      // Refuse a file whose first frame is bad now, not on the first read.
      first = try header.frame(at: header.headerLength, in: file)
    } catch {
      throw .badFile(path: path, reason: file.failure ?? error.reason)
    }
    guard header.frameRate.numerator > 0 || pacing == .asFastAsPossible else {
      throw .badFile(path: path, reason: "no frame rate (F tag) for real-time pacing")
    }
    guard first != nil else { throw .badFile(path: path, reason: "y4m stream has no frames") }
    (self.file, self.header, self.path, self.preprocess) = (file, header, path, preprocess)
    format = preprocess.output
    loops = loop
    pacer = ClipPacer(pacing: pacing, framesPerSecond: header.frameRate)
    offset = header.headerLength
  }

  public mutating func nextFrame(into pixels: UnsafeMutableBufferPointer<UInt8>)
    throws(CaptureError)
    -> FrameStamp?
  {
    var found: (luma: Int, next: Int)?
    do {
      found = try header.frame(at: offset, in: file)
      if found == nil && loops {
        offset = header.headerLength
        found = try header.frame(at: offset, in: file)
      }
    } catch {
      throw .badFile(path: path, reason: file.failure ?? error.reason)
    }
    guard let (luma, next) = found else { return nil }
    guard let plane = file.bytes(luma..<(luma + header.format.byteCount)) else {
      let reason = file.failure ?? "the luma plane at byte \(luma) is unreadable"
      throw .badFile(path: path, reason: reason)
    }
    preprocess.apply(plane.bindMemory(to: UInt8.self), format: header.format, into: pixels)
    offset = next
    return pacer.stamp()
  }
}
