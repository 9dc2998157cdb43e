#if canImport(CSpikeCamSys)
  import CSpikeCamSys
#else
  import CSpikeBoard  // the board program: the same C seam through its own module
#endif

/// Turns one captured buffer (MJPEG, YUYV or GREY at the negotiated size) into a network
/// input frame: luma, then `Preprocess.apply`. Owns the decode buffers, allocated once.
public struct FrameConverter {
  /// The format of the buffers.
  public let stream: StreamFormat
  /// The preprocessing applied after decoding.
  public let preprocess: Preprocess
  var decoder: JPEGDecoder
  var luma: [UInt8]
  var status = spikecam_jpeg_status()

  public init(stream: StreamFormat, preprocess: Preprocess) {
    precondition(
      stream.pixelFormat.isSupported, "\(stream.pixelFormat) is not a format SpikeCam decodes")
    (self.stream, self.preprocess) = (stream, preprocess)
    // Each buffer as large as its format needs and no larger: JPEG decodes at the DCT scale
    // that just covers the scaled image (a quarter of 640×480 is 19 KB, not 307 KB), and only
    // YUYV and GREY copy luma out. A JPEG larger than the negotiated size is skipped as too large.
    let frame = stream.frameFormat
    let jpegBytes = MJPEGFrames.decodeBytes(of: frame, covering: preprocess.scaledFormat(for: frame))
    decoder = JPEGDecoder(capacity: stream.pixelFormat.isJPEG ? max(1, jpegBytes) : 1)
    luma = [UInt8](repeating: 0, count: stream.pixelFormat.isJPEG ? 1 : max(1, frame.byteCount))
  }

  /// Decodes or extracts luma, then preprocesses into `pixels`; the reason when the frame
  /// must be skipped instead (then `pixels` holds nothing meaningful).
  public mutating func convert(
    _ bytes: UnsafeRawBufferPointer, into pixels: UnsafeMutableBufferPointer<UInt8>
  ) -> SkipReason? {
    if bytes.isEmpty { return .emptyBuffer }
    let input: FrameFormat
    if stream.pixelFormat.isJPEG {
      let wanted = preprocess.scaledFormat(for: stream.frameFormat)
      decoder.decode(bytes, minWidth: wanted.width, minHeight: wanted.height, status: &status)
      switch status.code {
      case 0 where status.warnings > 0: return .damagedJPEG(JPEGMessage(status))
      case 0: input = FrameFormat(width: Int(status.width), height: Int(status.height))
      case -2: return .oversizedJPEG(width: Int(status.width), height: Int(status.height))
      case -3: return .emptyBuffer
      default: return .corruptJPEG(JPEGMessage(status))
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
    guard bytes.count >= expected else {
      return .shortFrame(bytes: bytes.count, expected: expected)
    }
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
