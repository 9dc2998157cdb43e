/// Any clip file or folder as one frame source, chosen from the path: a folder of PGM frames,
/// a `.y4m` stream, or an MJPEG `.avi`/`.mjpeg`/`.mjpg` file. What `spikecam run --clip PATH`
/// opens.
public struct ClipSource: FrameSource, ~Copyable {
  /// Size of the delivered frames.
  public let format: FrameFormat
  // Exactly one is set.
  private var folder: ClipFolderSource?
  private var y4m: Y4MSource?
  private var mjpeg: MJPEGFileSource?

  /// Opens `path` by its kind. Every kind is preprocessed with `preprocess`, except PGM folders
  /// whose frames have the network input's aspect ratio (data set clips, a crop of the scene
  /// already): they play as the data set readers hand them to training, unchanged at the
  /// network's size and area-averaged down to it when larger.
  public init(
    path: String, preprocess: Preprocess = .gesture9, pacing: ClipPacing = .asFastAsPossible,
    loop: Bool = false
  ) throws(CaptureError) {
    if FileSystem.isDirectory(path) {
      let source = try ClipFolderSource(
        path: path, preprocess: preprocess, keepsInputSized: true, pacing: pacing, loop: loop)
      format = source.format
      folder = consume source
      y4m = nil
      mjpeg = nil
      return
    }
    guard FileSystem.exists(path) else { throw .fileMissing(path: path) }
    let lower = path.lowercased()
    if lower.hasSuffix(".y4m") {
      let source = try Y4MSource(path: path, preprocess: preprocess, pacing: pacing, loop: loop)
      format = source.format
      folder = nil
      y4m = consume source
      mjpeg = nil
    } else if lower.hasSuffix(".avi") || lower.hasSuffix(".mjpeg") || lower.hasSuffix(".mjpg") {
      let source = try MJPEGFileSource(
        path: path, preprocess: preprocess, pacing: pacing, loop: loop)
      format = source.format
      folder = nil
      y4m = nil
      mjpeg = consume source
    } else {
      throw .badFile(
        path: path,
        reason:
          "unknown clip kind; use a folder of .pgm frames, a .y4m, or an MJPEG .avi/.mjpeg file")
    }
  }

  public mutating func nextFrame(into pixels: UnsafeMutableBufferPointer<UInt8>)
    throws(CaptureError)
    -> FrameStamp?
  {
    var result: Result<FrameStamp?, CaptureError> = .success(nil)
    if var source = folder.take() {
      result = Result { () throws(CaptureError) in try source.nextFrame(into: pixels) }
      folder = consume source
    } else if var source = y4m.take() {
      result = Result { () throws(CaptureError) in try source.nextFrame(into: pixels) }
      y4m = consume source
    } else if var source = mjpeg.take() {
      result = Result { () throws(CaptureError) in try source.nextFrame(into: pixels) }
      mjpeg = consume source
    }
    return try result.get()
  }
}
