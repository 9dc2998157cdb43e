/// Why a captured frame was skipped instead of delivered.
public enum SkipReason: Sendable, Equatable, CustomStringConvertible {
  /// The driver flagged the buffer (`V4L2_BUF_FLAG_ERROR`).
  case driverFlaggedError
  /// The buffer held no bytes.
  case emptyBuffer
  /// libjpeg refused the data; its message.
  case corruptJPEG(String)
  /// libjpeg decoded it but warned (e.g. "Premature end of JPEG file"): part of it is grey fill.
  case damagedJPEG(String)
  /// The JPEG is larger than the negotiated size, so it does not fit the decode buffer.
  case oversizedJPEG(width: Int, height: Int)
  /// An uncompressed frame shorter than its format needs.
  case shortFrame(bytes: Int, expected: Int)

  public var description: String {
    switch self {
    case .driverFlaggedError: return "the driver flagged the buffer as corrupt"
    case .emptyBuffer: return "empty buffer"
    case .corruptJPEG(let message): return "corrupt JPEG: \(message)"
    case .damagedJPEG(let message): return "damaged JPEG: \(message)"
    case .oversizedJPEG(let width, let height): return "JPEG of \(width)x\(height) is larger than the negotiated size"
    case .shortFrame(let bytes, let expected): return "frame of \(bytes) bytes, expected \(expected)"
    }
  }
}

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
  /// Frames skipped as corrupt, and why the last one was.
  public private(set) var skipped = 0
  public private(set) var lastSkip: SkipReason?
  /// Frames delivered.
  public private(set) var delivered = 0
  var decoder: JPEGDecoder
  var luma: [UInt8]
  var sequenceHigh: UInt64 = 0
  var lastSequence: UInt32?

  /// Opens `path`, negotiates `request` and starts streaming. On any error the device is
  /// closed before the error reaches the caller.
  public init(
    path: String, request: CaptureRequest = CaptureRequest(), bufferCount: Int = 4,
    frameTimeoutMilliseconds: Int = 5000, stop: StopSignal? = nil
  ) throws(CaptureError) {
    var device = try VideoDevice.open(path)
    let stream = try device.negotiate(request)
    try device.startStreaming(bufferCount: bufferCount)
    self.device = device
    self.stream = stream
    self.preprocess = request.preprocess
    self.frameTimeoutMilliseconds = frameTimeoutMilliseconds
    self.stop = stop
    decoder = JPEGDecoder(capacity: max(1, stream.width * stream.height))
    luma = [UInt8](repeating: 0, count: max(1, stream.width * stream.height))
  }

  public var format: FrameFormat { preprocess.output }

  /// The next good frame, preprocessed into `pixels`; `nil` once `stop` is set.
  ///
  /// - Throws: `.frameTimeout` when no good frame arrives in time, `.deviceVanished` when the
  ///   camera is unplugged, `.systemError` for other driver failures (the device is closed).
  public mutating func nextFrame(into pixels: UnsafeMutableBufferPointer<UInt8>) throws(CaptureError) -> FrameStamp? {
    let slice = 100
    var waited = 0
    while true {
      if let stop, stop.isSet { return nil }
      guard let buffer = try device.dequeue(timeoutMilliseconds: min(slice, frameTimeoutMilliseconds - waited)) else {
        waited += slice
        if waited >= frameTimeoutMilliseconds {
          throw .frameTimeout(path: device.path, milliseconds: frameTimeoutMilliseconds)
        }
        continue
      }
      let skip = convert(buffer, into: pixels)
      try device.requeue(buffer)
      if let skip {
        skipped += 1
        lastSkip = skip
        continue
      }
      delivered += 1
      return FrameStamp(sequence: extendSequence(buffer.sequence), captureNanos: buffer.timestampNanos)
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

  /// Decodes or extracts luma, then preprocesses into `pixels`; why not, if it cannot.
  mutating func convert(_ buffer: CapturedBuffer, into pixels: UnsafeMutableBufferPointer<UInt8>) -> SkipReason? {
    if buffer.hasError { return .driverFlaggedError }
    if buffer.bytesUsed == 0 { return .emptyBuffer }
    let bytes = device.bytes(of: buffer)
    let input: FrameFormat
    if stream.pixelFormat.isJPEG {
      let wanted = preprocess.scaledFormat(for: stream.frameFormat)
      do throws(DecodeError) {
        let info = try decoder.decode(bytes, minWidth: wanted.width, minHeight: wanted.height)
        if info.warnings > 0 { return .damagedJPEG(info.warningMessage) }
        input = FrameFormat(width: info.width, height: info.height)
      } catch {
        switch error {
        case .corrupt(let reason): return .corruptJPEG(reason)
        case .tooLarge(let width, let height, _): return .oversizedJPEG(width: width, height: height)
        case .empty: return .emptyBuffer
        }
      }
      decoder.pixels.withUnsafeBufferPointer { preprocess.apply($0, format: input, into: pixels) }
      return nil
    }
    // YUYV (luma in even bytes) or GREY, row by row to honour the driver's line stride.
    let width = stream.width
    let height = stream.height
    let bytesPerPixel = stream.pixelFormat == .yuyv ? 2 : 1
    let stride = max(stream.bytesPerLine, width * bytesPerPixel)
    let expected = stride * (height - 1) + width * bytesPerPixel
    guard bytes.count >= expected else { return .shortFrame(bytes: bytes.count, expected: expected) }
    luma.withUnsafeMutableBufferPointer { out in
      for y in 0..<height {
        let row = y * stride
        let target = y * width
        if bytesPerPixel == 1 {
          for x in 0..<width { out[target + x] = bytes[row + x] }
        } else {
          for x in 0..<width { out[target + x] = bytes[row + 2 * x] }
        }
      }
    }
    input = stream.frameFormat
    luma.withUnsafeBufferPointer { preprocess.apply($0, format: input, into: pixels) }
    return nil
  }
}
