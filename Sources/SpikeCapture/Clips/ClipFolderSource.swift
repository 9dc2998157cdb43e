/// Frames from a folder of PGM images (one clip of a data set, `frame_0000.pgm` …,
/// or a Gesture-9 `f00.pgm` … folder), in name order, preprocessed to the network input.
///
/// The file and frame buffers are sized at open from the largest frame file, so frames cost
/// no allocation. Every frame must have the first frame's size.
public struct ClipFolderSource: FrameSource, ~Copyable {
  /// Size of the delivered frames (the preprocessing's output).
  public let format: FrameFormat
  /// Size of the PGM frames.
  public let sourceFormat: FrameFormat
  /// The frame files, in play order.
  public let framePaths: [String]
  /// Whether the clip restarts at its first frame after the last.
  public let loops: Bool

  private var fileBuffer: [UInt8]
  private var frameBuffer: [UInt8]
  private let preprocess: Preprocess
  private var pacer: ClipPacer
  private var next = 0

  /// Largest frame file accepted.
  public static let maxFrameFileBytes = 64 << 20
  /// Most frames in one clip folder.
  public static let maxFrames = 1_000_000

  /// The preprocessing that plays data set frames of `frames`'s size as training saw them at
  /// `output`'s size: nil when they are not a crop of the scene at that aspect ratio.
  static func datasetPreprocess(_ frames: FrameFormat, _ output: FrameFormat) -> Preprocess? {
    guard frames.width * output.height == frames.height * output.width,
      frames.width >= output.width
    else { return nil }
    return frames == output
      ? Preprocess(output: frames, scaledHeight: frames.height)
      : Preprocess(output: output, scaledHeight: output.height)
  }

  /// Opens the clip folder `path`. Without `preprocess` the frames are delivered at their own
  /// size (data set clips are already network input). With `keepsInputSized`, frames of the
  /// output's aspect ratio (a data set's crop of the scene) play as the data set readers hand
  /// them to training: unchanged at the output's size, area-averaged down when larger;
  /// `framesPerSecond` sets real-time pacing
  /// (12 by default, Gesture-9's rate).
  public init(
    path: String, preprocess: Preprocess? = nil, keepsInputSized: Bool = false,
    pacing: ClipPacing = .asFastAsPossible, loop: Bool = false, framesPerSecond: Int = 12
  ) throws(CaptureError) {
    guard FileSystem.isDirectory(path) else {
      throw FileSystem.exists(path)
        ? .badFile(path: path, reason: "not a folder of PGM frames") : .fileMissing(path: path)
    }
    let names = try FileSystem.list(path).filter { $0.hasSuffix(".pgm") && !$0.hasPrefix(".") }
    guard !names.isEmpty else { throw .badFile(path: path, reason: "no .pgm frames in the folder") }
    guard names.count <= Self.maxFrames else {
      throw .badFile(path: path, reason: "\(names.count) frames, more than \(Self.maxFrames)")
    }
    let paths = names.map { path + "/" + $0 }
    let firstPath = paths[0]
    let first = try FileSystem.readFile(firstPath, limit: Self.maxFrameFileBytes)
    let header = try first.withRawBytes { raw throws(CaptureError) in
      try PGM.parseHeader(raw, name: firstPath)
    }
    // A header claims a size; refuse one the file does not hold before allocating for it.
    guard first.count - header.dataOffset >= header.format.byteCount else {
      throw .badFile(
        path: firstPath,
        reason:
          "truncated: \(first.count - header.dataOffset) of \(header.format.byteCount) pixel bytes")
    }
    framePaths = paths
    sourceFormat = header.format
    // A frame file holds at most its header (bounded by the comment-free size) plus the raster;
    // allow generous comments.
    fileBuffer = [UInt8](
      repeating: 0, count: min(Self.maxFrameFileBytes, header.format.byteCount + 65536))
    frameBuffer = [UInt8](repeating: 0, count: header.format.byteCount)
    let chosen: Preprocess
    if let preprocess, keepsInputSized,
      let sized = Self.datasetPreprocess(header.format, preprocess.output)
    {
      chosen = sized
    } else {
      chosen = preprocess ?? Preprocess(output: header.format, scaledHeight: header.format.height)
    }
    self.preprocess = chosen
    format = chosen.output
    loops = loop
    pacer = ClipPacer(pacing: pacing, framesPerSecond: (framesPerSecond, 1))
  }

  public mutating func nextFrame(into pixels: UnsafeMutableBufferPointer<UInt8>)
    throws(CaptureError)
    -> FrameStamp?
  {
    if next == framePaths.count {
      guard loops else { return nil }
      next = 0
    }
    let path = framePaths[next]
    let expected = sourceFormat
    let result: Result<Void, CaptureError> = fileBuffer.withUnsafeMutableBytes { file in
      frameBuffer.withUnsafeMutableBufferPointer { frame in
        do throws(CaptureError) {
          let length = try FileSystem.readFile(path, into: file)
          let header = try PGM.decode(
            UnsafeRawBufferPointer(rebasing: file[0..<length]), name: path, into: frame)
          guard header.format == expected else {
            throw .badFile(
              path: path, reason: "frame is \(header.format), the clip's first is \(expected)")
          }
          return .success(())
        } catch {
          return .failure(error)
        }
      }
    }
    try result.get()
    frameBuffer.withUnsafeBufferPointer { preprocess.apply($0, format: expected, into: pixels) }
    next += 1
    return pacer.stamp()
  }
}
