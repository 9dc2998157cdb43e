/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum of model images.
/// Same value as zlib's `crc32` and Python's `zlib.crc32`.
public struct CRC32: Sendable {
  private static let table: [UInt32] = (0..<256).map { index in
    var c = UInt32(index)
    for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  /// Running value, before the final inversion.
  private var state: UInt32 = 0xFFFF_FFFF

  /// Starts an empty checksum.
  public init() {}

  /// Adds bytes to the checksum.
  public mutating func update(_ bytes: some Sequence<UInt8>) {
    for byte in bytes {
      state = Self.table[Int((state ^ UInt32(byte)) & 0xFF)] ^ (state >> 8)
    }
  }

  /// The checksum of everything added so far.
  public var value: UInt32 { state ^ 0xFFFF_FFFF }

  /// The checksum of one byte sequence.
  public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
    var crc = CRC32()
    crc.update(bytes)
    return crc.value
  }
}
