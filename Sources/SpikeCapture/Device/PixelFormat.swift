#if canImport(CSpikeCamSys)
  import CSpikeCamSys
#else
  import CSpikeBoard  // the board program: the same C seam through its own module
#endif

/// A V4L2 pixel format, the four-character code (`V4L2_PIX_FMT_*`) as the kernel stores it.
public struct PixelFormat: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  public var rawValue: UInt32

  public init(rawValue: UInt32) { self.rawValue = rawValue }

  /// Parses a code like `MJPG`, `YUYV` or `GREY` (spaces pad shorter codes, as in `Y16 `).
  public init?(code: String) {
    let bytes = Array(code.utf8)
    guard (1...4).contains(bytes.count), bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) else {
      return nil
    }
    let padded = bytes + [UInt8](repeating: 0x20, count: 4 - bytes.count)
    rawValue = padded.enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
  }

  /// Motion-JPEG, what most USB webcams send. The C constant is `V4L2_PIX_FMT_MJPEG`.
  public static let mjpeg = PixelFormat(rawValue: SPIKECAM_PIX_FMT_MJPEG)
  /// Plain JPEG frames. The C constant is `V4L2_PIX_FMT_JPEG`.
  public static let jpeg = PixelFormat(rawValue: SPIKECAM_PIX_FMT_JPEG)
  /// Packed 4:2:2 YUV, luma in every even byte. The C constant is `V4L2_PIX_FMT_YUYV`.
  public static let yuyv = PixelFormat(rawValue: SPIKECAM_PIX_FMT_YUYV)
  /// 8-bit grayscale. The C constant is `V4L2_PIX_FMT_GREY`.
  public static let grey = PixelFormat(rawValue: SPIKECAM_PIX_FMT_GREY)

  /// The formats SpikeCam decodes, best first: compressed frames are small to move and libjpeg
  /// decodes them straight to a small size; YUYV and GREY give luma without decoding.
  public static let preferred: [PixelFormat] = [.mjpeg, .jpeg, .yuyv, .grey]

  /// Whether SpikeCam can turn frames of this format into luma.
  public var isSupported: Bool { Self.preferred.contains(self) }

  /// Whether frames are JPEG-compressed.
  public var isJPEG: Bool { self == .mjpeg || self == .jpeg }

  /// The four characters, e.g. `YUYV` (bit 31 marks big-endian variants and is dropped).
  public var description: String {
    let value = rawValue & 0x7fff_ffff
    let bytes = (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) }
    let text = String(decoding: bytes.map { (0x20..<0x7f).contains($0) ? $0 : 0x3f }, as: UTF8.self)
    return rawValue & 0x8000_0000 != 0 ? text + "-BE" : text
  }
}
