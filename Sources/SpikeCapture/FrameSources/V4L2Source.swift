/// Frames from a V4L2 camera, as 8-bit luma at the network's input size.
///
/// MJPEG is decoded by libjpeg with the DCT scale (1, 1/2, 1/4, 1/8) that gives the smallest
/// image still at least the preprocessing's scaled size; YUYV and GREY give their luma bytes.
/// Then `Preprocess.apply` downscales and crops. Every buffer is allocated when the source is
/// opened; `nextFrame` allocates nothing. A corrupt or truncated frame is skipped and counted
/// (`skipped`, `lastSkip`), never delivered half grey and never a crash.
public struct V4L2Source: FrameSource, ~Copyable {
  /// The camera.
  public private(set) var device: VideoDevice
  /// What the camera was set to.
  public let stream: StreamFormat
  /// The preprocessing every frame goes through.
  public let preprocess: Preprocess
  /// Longest wait for one frame before `nextFrame` throws `.frameTimeout`.
  public var frameTimeoutMilliseconds: Int
  /// Set from another thread to make `nextFrame` return `nil` (end of stream) within one
  /// poll slice.
  public let stop: StopSignal?
  /// Told about every skipped frame, so another thread can report corrupt frames as they come.
  public let health: CaptureHealth?
  /// Frames skipped as corrupt, and why the last one was.
  public private(set) var skipped = 0
  public private(set) var lastSkip: SkipReason?
  /// Frames delivered.
  public private(set) var delivered = 0
  var converter: FrameConverter
  var sequenceHigh: UInt64 = 0
  var lastSequence: UInt32?

  /// Opens `path`, negotiates `request` and starts streaming. On any error the device is
  /// closed before the error reaches the caller.
  public init(
    path: String, request: CaptureRequest = CaptureRequest(), bufferCount: Int = 4,
    frameTimeoutMilliseconds: Int = 5000, stop: StopSignal? = nil, health: CaptureHealth? = nil
  ) throws(CaptureError) {
    var device = try VideoDevice.open(path)
    let stream = try device.negotiate(request)
    try device.startStreaming(bufferCount: bufferCount)
    self.device = device
    self.stream = stream
    self.preprocess = request.preprocess
    self.frameTimeoutMilliseconds = frameTimeoutMilliseconds
    self.stop = stop
    self.health = health
    converter = FrameConverter(stream: stream, preprocess: request.preprocess)
  }

  public var format: FrameFormat { preprocess.output }

  /// The next good frame, preprocessed into `pixels`; `nil` once `stop` is set.
  ///
  /// - Throws: `.frameTimeout` when no good frame arrives in time, `.deviceVanished` when the
  ///   camera is unplugged, `.systemError` for other driver failures (the device is closed).
  public mutating func nextFrame(into pixels: UnsafeMutableBufferPointer<UInt8>)
    throws(CaptureError) -> FrameStamp?
  {
    let deadline = monotonicNanos() + UInt64(frameTimeoutMilliseconds) * 1_000_000
    while true {
      if let stop, stop.isSet { return nil }
      let now = monotonicNanos()
      guard now < deadline else {
        throw .frameTimeout(path: device.path, milliseconds: frameTimeoutMilliseconds)
      }
      // Wait in slices of at most 100 ms so a stop request is seen promptly.
      let wait = min(100, Int((deadline - now) / 1_000_000) + 1)
      guard let buffer = try device.dequeue(timeoutMilliseconds: wait) else { continue }
      let skip =
        buffer.hasError
        ? SkipReason.driverFlaggedError : converter.convert(device.bytes(of: buffer), into: pixels)
      try device.requeue(buffer)
      if let skip {
        skipped += 1
        lastSkip = skip
        health?.recordSkip(skip)
        continue
      }
      delivered += 1
      return FrameStamp(
        sequence: extendSequence(buffer.sequence), captureNanos: buffer.timestampNanos)
    }
  }

  /// Stops streaming and closes the camera, reporting failures.
  public consuming func close() throws(CaptureError) {
    try device.close()
  }

  /// The driver's 32-bit sequence number, extended to 64 bits across wrap-around.
  mutating func extendSequence(_ sequence: UInt32) -> UInt64 {
    if let lastSequence, sequence < lastSequence, lastSequence - sequence > 1 << 31 {
      sequenceHigh += 1 << 32
    }
    lastSequence = sequence
    return sequenceHigh | UInt64(sequence)
  }

}
