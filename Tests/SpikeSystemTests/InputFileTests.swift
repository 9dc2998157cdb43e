import Foundation
import SpikeSystem
import Testing

/// Inputs that cannot hang or flood: FIFOs, devices and folders are refused before they are
/// opened, sizes before anything is allocated.
@Suite struct InputFileTests {
  @Test func aFIFOIsRefusedAtOnce() throws {
    let path = NSTemporaryDirectory() + "spikecam-fifo-\(UUID().uuidString)"
    #expect(mkfifo(path, 0o600) == 0)
    defer { unlink(path) }
    // No writer: a blocking open would hang forever.
    #expect(throws: FileError(.wrongType(found: "a FIFO (named pipe)", expected: "a regular file"), path: path)) {
      try InputFile.read(path, limit: 100)
    }
    #expect(throws: FileError.self) { try MappedFile(path: path, limit: 100) }
  }

  @Test func devicesAndFoldersAreRefused() {
    #expect(throws: FileError.self) { try InputFile.read("/dev/zero", limit: 100) }
    #expect(throws: FileError.self) { try InputFile.read("/tmp", limit: 100) }
    #expect(throws: FileError(.missing, path: "/nonexistent/x")) {
      try InputFile.read("/nonexistent/x", limit: 100)
    }
  }

  @Test func aLargeFileIsRefusedBeforeReading() throws {
    let path = NSTemporaryDirectory() + "spikecam-big-\(UUID().uuidString)"
    #expect(FileManager.default.createFile(atPath: path, contents: nil))
    defer { unlink(path) }
    #expect(truncate(path, 1 << 30) == 0)  // sparse: costs no disk
    #expect(throws: FileError(.tooLarge(bytes: 1 << 30, limit: 1 << 20), path: path)) {
      try InputFile.read(path, limit: 1 << 20)
    }
  }

  @Test func errnoIsTyped() {
    #expect(Errno(ENOENT).name == "ENOENT")
    #expect(Errno(ENOENT).description == "ENOENT (No such file or directory)")
    #expect(Errno(EIO).name == "EIO" && Errno(ENODEV).name == "ENODEV")
    #expect(Errno(9999).name == "errno 9999")
  }
}
