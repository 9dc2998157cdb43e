import SpikeCapture
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A file read through a buffer that moves over it gives every byte at its offset, in any order
/// of reads, and a piece whole while it fits the buffer.
@Suite struct FileWindowTests {
  static let size = 3 << 20 + 12_345
  static let content = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 12) }

  func open(_ path: String, capacity: Int, chunk: Int) throws -> FileWindow {
    let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
    try #require(fd >= 0)
    return FileWindow(fd: fd, count: Self.size, capacity: capacity, chunk: chunk)
  }

  @Test func everyByteAtItsOffsetAcrossRefills() throws {
    let path = try TestPaths.temporaryFolder() + "/window.bin"
    try TestPaths.write(Self.content, to: path)
    let file = try open(path, capacity: 1 << 20, chunk: 64 << 10)
    defer { file.close() }
    #expect(file.count == Self.size)
    // Forward, byte by byte: the refills join without a gap or an overlap.
    var mismatches = 0
    for i in 0..<Self.size where file[i] != Self.content[i] { mismatches += 1 }
    #expect(mismatches == 0)
    // Backwards and scattered (a walk that steps back after a damaged frame).
    var rng = SystemRandomNumberGenerator()
    for _ in 0..<2000 {
      let i = Int.random(in: 0..<Self.size, using: &rng)
      #expect(file[i] == Self.content[i])
    }
    // Pieces whole, inside one buffer fill or straddling two.
    for range in [0..<10, 65_530..<200_000, (1 << 20) - 3..<(2 << 20) - 3, Self.size - 7..<Self.size]
    {
      let piece = try #require(file.bytes(range))
      #expect(Array(piece) == Array(Self.content[range]))
    }
    #expect(file.bytes(0..<(1 << 20) + 1) == nil)  // longer than the buffer
    #expect(file.bytes(Self.size - 1..<Self.size + 1) == nil)  // past the end
    // Room made for longer pieces (a y4m frame, once its header is read) keeps what is held.
    let held = Self.size - 100
    #expect(file[held] == Self.content[held])
    file.reserve(2 << 20)
    #expect(file.capacity == 2 << 20 && file[held] == Self.content[held])
    let long = try #require(file.bytes(100..<(2 << 20) + 100))
    #expect(Array(long) == Array(Self.content[100..<(2 << 20) + 100]))
    #expect(file.failure == nil)
  }

  @Test func contentHeldInMemoryReadsTheSame() {
    let file = FileWindow(copying: Self.content)
    #expect(file.count == Self.size && file.capacity == Self.size)
    #expect(file[Self.size - 1] == Self.content[Self.size - 1] && file[5] == Self.content[5])
    #expect(file.bytes(0..<Self.size).map(Array.init) == Self.content)
  }

  @Test func aFileThatShrinksIsAFailureNotACrash() throws {
    let path = try TestPaths.temporaryFolder() + "/shrinks.bin"
    try TestPaths.write(Self.content, to: path)
    let file = try open(path, capacity: 1 << 20, chunk: 64 << 10)
    defer { file.close() }
    #expect(file[0] == Self.content[0])
    #expect(truncate(path, 1 << 20) == 0)
    #expect(file[(2 << 20)] == 0)
    #expect(file.failure == "the file shrank while being read")
    #expect(file.bytes(0..<10) == nil)
  }
}
