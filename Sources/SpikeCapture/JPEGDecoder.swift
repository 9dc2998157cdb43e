#if canImport(CSpikeCamSys)
  import CSpikeCamSys
#else
  import CSpikeBoard  // the board program: the same C seam through its own module
#endif

/// Why a JPEG frame was not decoded.
public enum DecodeError: Error, Equatable, CustomStringConvertible {
  /// libjpeg rejected the data (corrupt, truncated before the first scan, not a JPEG).
  case corrupt(reason: String)
  /// The decoded image would not fit the preallocated buffer.
  case tooLarge(width: Int, height: Int, capacity: Int)
  /// Empty input.
  case empty

  public var description: String {
    switch self {
    case .corrupt(let reason):
      return "corrupt JPEG frame (\(reason)); the frame was skipped and counted"
    case .tooLarge(let width, let height, let capacity):
      return "JPEG decodes to \(width)x\(height), more than the \(capacity)-byte frame buffer;"
        + " lower the camera resolution or raise the board's decode buffer"
    case .empty:
      return "empty JPEG frame; the frame was skipped and counted"
    }
  }
}

/// A decoded luma image's geometry and what libjpeg said about it.
public struct DecodedFrameInfo: Sendable, Equatable {
  /// Width of the decoded (DCT-scaled) luma image.
  public var width: Int
  /// Height of the decoded (DCT-scaled) luma image.
  public var height: Int
  /// Width in the JPEG header.
  public var sourceWidth: Int
  /// Height in the JPEG header.
  public var sourceHeight: Int
  /// DCT scale denominator used: 1, 2, 4 or 8.
  public var scaleDenominator: Int
  /// Corrupt-data warnings (e.g. "premature end of JPEG file"): the image may be partly grey.
  public var warnings: Int
  /// Text of the first warning, empty when there was none.
  public var warningMessage: String
}

/// Decodes JPEG/MJPEG frames to 8-bit luma into a buffer allocated once.
///
/// libjpeg runs inside one C function that owns `setjmp`, so a corrupt frame comes back as a
/// `DecodeError`, never as a crash or a jump through Swift frames.
public struct JPEGDecoder {
  /// The decode buffer; its capacity bounds the largest frame accepted.
  public private(set) var pixels: [UInt8]

  /// Creates a decoder whose buffer holds `capacity` luma bytes.
  public init(capacity: Int) {
    precondition(capacity > 0, "decoder capacity must be positive")
    pixels = [UInt8](repeating: 0, count: capacity)
  }

  /// Decodes `jpeg` to luma with the smallest DCT scale (1, 1/2, 1/4, 1/8) whose output is at
  /// least `minWidth` × `minHeight`. The image is in `pixels[0 ..< width·height]`.
  public mutating func decode(
    _ jpeg: UnsafeRawBufferPointer, minWidth: Int = 0, minHeight: Int = 0
  ) throws(DecodeError) -> DecodedFrameInfo {
    guard jpeg.count > 0 else { throw .empty }
    var status = spikecam_jpeg_status()
    decode(jpeg, minWidth: minWidth, minHeight: minHeight, status: &status)
    let capacity = pixels.count
    let message = Self.message(of: &status)
    switch status.code {
    case 0:
      return DecodedFrameInfo(
        width: Int(status.width), height: Int(status.height),
        sourceWidth: Int(status.source_width), sourceHeight: Int(status.source_height),
        scaleDenominator: Int(status.scale_denom), warnings: Int(status.warnings),
        warningMessage: message)
    case -2:
      throw .tooLarge(width: Int(status.width), height: Int(status.height), capacity: capacity)
    default:
      throw .corrupt(reason: message.isEmpty ? "unknown libjpeg error" : message)
    }
  }

  /// The allocation-free core for streaming paths: libjpeg's verdict in `status` (code 0 ok,
  /// -1 refused, -2 too large, -3 empty), no error values built.
  mutating func decode(
    _ jpeg: UnsafeRawBufferPointer, minWidth: Int, minHeight: Int, status: inout spikecam_jpeg_status
  ) {
    guard let base = jpeg.baseAddress, jpeg.count > 0 else {
      status = spikecam_jpeg_status()
      status.code = -3
      return
    }
    let capacity = pixels.count
    pixels.withUnsafeMutableBufferPointer { out in
      spikecam_jpeg_decode_gray(
        base.assumingMemoryBound(to: UInt8.self), jpeg.count, Int32(minWidth), Int32(minHeight),
        out.baseAddress!, capacity, &status)
    }
  }

  static func message(of status: inout spikecam_jpeg_status) -> String {
    withUnsafeBytes(of: &status.message) { raw in
      let bytes = raw.bindMemory(to: UInt8.self)
      let length = bytes.firstIndex(of: 0) ?? bytes.count
      return String(decoding: bytes[0..<length], as: UTF8.self)
    }
  }
}

/// Encodes 8-bit luma to a grayscale JPEG (for recording clips and making test frames).
public func encodeGrayJPEG(
  _ pixels: [UInt8], width: Int, height: Int, quality: Int = 90
) throws(DecodeError) -> [UInt8] {
  precondition(pixels.count == width * height, "pixel count does not match the size")
  var out = [UInt8](repeating: 0, count: width * height * 2 + 4096)
  var length = 0
  var status = spikecam_jpeg_status()
  let capacity = out.count
  out.withUnsafeMutableBufferPointer { buffer in
    pixels.withUnsafeBufferPointer { input in
      spikecam_jpeg_encode_gray(
        input.baseAddress!, Int32(width), Int32(height), Int32(quality), buffer.baseAddress!,
        capacity, &length, &status)
    }
  }
  guard status.code == 0 else {
    throw .corrupt(reason: "encode failed with code \(status.code)")
  }
  return Array(out[0..<length])
}
