import SpikeCapture

/// The network input frame every source writes into.
nonisolated(unsafe) var y4mFrame = UnsafeMutableBufferPointer<UInt8>.allocate(
  capacity: Preprocess.gesture9.output.byteCount)

/// Plays the input as a y4m stream held in memory, through the same `Y4MSource` a file uses:
/// it is refused with a `CaptureError`, or it delivers frames until its end or an error.
public func fuzzY4M(_ data: UnsafeRawBufferPointer) {
  do {
    var source = try Y4MSource(bytes: Array(data), name: "fuzz.y4m")
    let header = source.header
    precondition(header.headerLength <= data.count, "header longer than the stream")
    precondition(header.planeBytes >= header.format.byteCount)
    var frames = 0
    while try source.nextFrame(into: y4mFrame) != nil {
      frames += 1
      precondition(frames * header.planeBytes <= data.count, "more frames than bytes")
    }
  } catch {
    precondition(!error.description.isEmpty)
  }
}
