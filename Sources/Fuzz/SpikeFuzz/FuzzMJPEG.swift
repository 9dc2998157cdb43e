import SpikeCapture

/// The network input frame every source writes into.
nonisolated(unsafe) var mjpegFrame = UnsafeMutableBufferPointer<UInt8>.allocate(
  capacity: Preprocess.gesture9.output.byteCount)

/// Most frames played per input, so a long stream costs bounded time.
let mjpegMaxFrames = 64

/// Indexes the input as an AVI or raw MJPEG stream and plays it through `MJPEGFileSource`
/// (index, libjpeg decode with DCT scaling, skip of corrupt frames, downscale): every frame
/// range lies inside the input, and the input plays or is refused with a `CaptureError`.
public func fuzzMJPEG(_ data: UnsafeRawBufferPointer) {
  do {
    let index = try MJPEGIndex(parsing: data)
    precondition(
      index.frames.allSatisfy { !$0.isEmpty && $0.lowerBound >= 0 && $0.upperBound <= data.count },
      "frame range outside the input")
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
