import Foundation
import SpikeSystem
import Testing

/// A mapped file read once from start to end hands its pages back as it goes, so a long clip
/// does not become resident in whole; the bytes stay readable.
@Suite struct MappedFileTests {
  /// Resident kilobytes of the mapping that starts at `base`, from /proc/self/smaps.
  static func residentKilobytes(of base: UnsafeRawPointer) throws -> Int {
    let start = String(UInt(bitPattern: base), radix: 16)
    // procfs reports a size of 0: read it line by line to the end.
    guard let stream = fopen("/proc/self/smaps", "r") else { throw POSIXError(.ENOENT) }
    defer { fclose(stream) }
    var lines: [String] = []
    var buffer: UnsafeMutablePointer<CChar>?
    var capacity = 0
    while getline(&buffer, &capacity, stream) > 0 { lines.append(String(cString: buffer!)) }
    free(buffer)
    var inMapping = false
    for line in lines {
      if let first = line.first, first.isHexDigit, line.contains("-") {
        let from = line.prefix { $0 != "-" }
        inMapping = from.drop { $0 == "0" } == start.drop { $0 == "0" }
      } else if inMapping, line.hasPrefix("Rss:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])!
      }
    }
    Issue.record("no mapping at \(start) in /proc/self/smaps")
    return -1
  }

  @Test func pagesPassedAreReleasedAndStillReadable() throws {
    let path = NSTemporaryDirectory() + "spikecam-mapped-\(UUID().uuidString)"
    let size = 8 << 20
    let content = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 12) }
    #expect(FileManager.default.createFile(atPath: path, contents: Data(content)))
    defer { unlink(path) }
    let file = try MappedFile(path: path, limit: size)
    let base = try #require(file.bytes.baseAddress)
    func sum(_ range: Range<Int>) -> Int { range.reduce(0) { $0 &+ Int(file.bytes[$1]) } }
    let expected = content.reduce(0) { $0 &+ Int($1) }

    // Reading in order and releasing behind: never more than a few MiB resident.
    var total = 0
    var peak = 0
    for chunk in stride(from: 0, to: size, by: 512 << 10) {
      total &+= sum(chunk..<(chunk + (512 << 10)))
      file.releasePages(before: chunk + (512 << 10))
      peak = max(peak, try Self.residentKilobytes(of: base))
    }
    #expect(total == expected)
    #expect(peak <= 2048, "peak resident \(peak) KiB of an 8 MiB file read with releases")
    #expect(try Self.residentKilobytes(of: base) == 0)

    // Released bytes read the same again (a clip that loops); without releases all of the file
    // stays resident, which is what the releases avoid.
    #expect(sum(0..<size) == expected)
    #expect(try Self.residentKilobytes(of: base) >= 8192)
  }

  @Test func aHeapCopyIgnoresReleases() {
    let file = MappedFile(copying: [UInt8](repeating: 7, count: 3 << 20))
    file.releasePages(before: 3 << 20)
    #expect(file.bytes.allSatisfy { $0 == 7 })
  }
}
