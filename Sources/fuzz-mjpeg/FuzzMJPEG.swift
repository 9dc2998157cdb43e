import SpikeCapture
import SpikeFuzzSupport

/// The network input frame every source writes into.
nonisolated(unsafe) var frame = UnsafeMutableBufferPointer<UInt8>.allocate(
  capacity: Preprocess.gesture9.output.byteCount)

/// Most frames played per input, so a long stream costs bounded time.
let maxFrames = 64

/// Indexes the input as an AVI or raw MJPEG stream and plays it through `MJPEGFileSource`
/// (index, libjpeg decode with DCT scaling, skip of corrupt frames, downscale): every frame
/// range lies inside the input, and the input plays or is refused with a `CaptureError`.
func fuzzMJPEG(_ data: UnsafeRawBufferPointer) {
  do {
    let index = try MJPEGIndex(parsing: data, name: "fuzz.avi")
    precondition(
      index.frames.allSatisfy { !$0.isEmpty && $0.lowerBound >= 0 && $0.upperBound <= data.count },
      "frame range outside the input")
  } catch {
    precondition(!error.description.isEmpty)
  }
  do {
    var source = try MJPEGFileSource(bytes: Array(data), name: "fuzz.avi")
    var frames = 0
    while frames < maxFrames, try source.nextFrame(into: frame) != nil {
      frames += 1
    }
    precondition(source.skippedFrames <= frames + source.frameCount)
  } catch {
    precondition(!error.description.isEmpty)
  }
}

#if SPIKECAM_FUZZ
  @c(LLVMFuzzerTestOneInput)
  func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzMJPEG(UnsafeRawBufferPointer(start: data, count: size))
    return 0
  }
#else
  @main enum Replay {
    static func main() { FuzzReplay.run(fuzzMJPEG) }
  }
#endif
