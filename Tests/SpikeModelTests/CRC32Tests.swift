import SpikeSystem
import Testing

@Suite struct CRC32Tests {
  /// The standard check value of CRC-32/ISO-HDLC, and zlib's value for the empty input.
  @Test func matchesPublishedCheckValues() {
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    #expect(CRC32.checksum([UInt8]()) == 0)
    #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
  }

  @Test func incrementalEqualsOneShot() {
    let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    var crc = CRC32()
    crc.update(bytes[0..<333])
    crc.update(bytes[333...])
    #expect(crc.value == CRC32.checksum(bytes))
  }
}
