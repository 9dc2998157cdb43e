import SpikeCapture

/// The network input frame every source writes into.
nonisolated(unsafe) var mjpegFrame = UnsafeMutableBufferPointer<UInt8>.allocate(
  capacity: Preprocess.gesture9.output.byteCount)

/// Most frames played per input, so a long stream costs bounded time.
let mjpegMaxFrames = 64

/// Walks the input's frames as an AVI or raw MJPEG stream and plays it through `MJPEGFileSource`
/// (frame walk, libjpeg decode with DCT scaling, skip of corrupt frames, downscale): every frame
/// range lies inside the input, a replay finds the same frames, and the input plays or is
/// refused with a `CaptureError`.
public func fuzzMJPEG(_ data: UnsafeRawBufferPointer) {
  do {
    var walk = try MJPEGFrames(parsing: data)
    var frames: [Range<Int>] = []
    while let range = walk.next(in: data) {
      precondition(
        !range.isEmpty && range.lowerBound >= 0 && range.upperBound <= data.count,
        "frame range outside the input")
      frames.append(range)
    }
    precondition(frames.first == walk.first, "the first frame found twice differs")
    walk.rewind(in: data)
    for range in frames { precondition(walk.next(in: data) == range, "a replay differs") }
    precondition(walk.next(in: data) == nil, "a replay finds more frames")
  } catch {
    precondition(!error.reason.isEmpty)
  }
  do {
    var source = try MJPEGFileSource(bytes: Array(data), name: "fuzz.avi")
    var frames = 0
    while frames < mjpegMaxFrames, try source.nextFrame(into: mjpegFrame) != nil {
      frames += 1
    }
    precondition(source.skippedFrames <= frames + source.frameCount)
  } catch {
    precondition(!error.description.isEmpty)
  }
}
