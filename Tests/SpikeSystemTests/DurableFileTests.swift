import Foundation
import SpikeSystem
import Testing

/// The one durable writer: no write ever goes through a link, no file that existed is chmod-ed,
/// the umask decides the mode, nothing is left behind, and cleanup never follows a link.
@Suite(.serialized) struct DurableFileTests {
  static func folder() throws -> String {
    let path = NSTemporaryDirectory() + "spikecam-durable-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  static func mode(_ path: String) -> mode_t {
    var info = stat()
    lstat(path, &info)
    return info.st_mode
  }

  @Test func replacesAndLeavesNoTemporaryFile() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try DurableFile.write(Array("one".utf8), to: dir + "/model")
    try DurableFile.write(Array("two".utf8), to: dir + "/model")
    #expect(try String(contentsOfFile: dir + "/model", encoding: .utf8) == "two")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["model"])
  }

  /// A link planted at the target is replaced, never written through: the file it points to
  /// keeps its bytes and its mode (the issue's `run --learn --save` overwrite).
  @Test func aLinkAtTheTargetIsReplacedNotFollowed() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let victim = dir + "/private"
    try Data("secret".utf8).write(to: URL(fileURLWithPath: victim))
    chmod(victim, 0o600)
    symlink(victim, dir + "/model")
    try DurableFile.write(Array("model data".utf8), to: dir + "/model")
    #expect(try String(contentsOfFile: victim, encoding: .utf8) == "secret")
    #expect(Self.mode(victim) & 0o777 == 0o600)
    #expect(Self.mode(dir + "/model") & S_IFMT == S_IFREG)
  }

  /// Temporary names are random and created exclusively with O_NOFOLLOW, so links planted at
  /// guessable names (the old `path.tmp<pid>`) are never touched.
  @Test func plantedTemporaryLinksAreIgnored() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let victim = dir + "/victim"
    try Data("keep".utf8).write(to: URL(fileURLWithPath: victim))
    for pid in getpid()..<(getpid() + 4) { symlink(victim, dir + "/model.tmp\(pid)") }
    symlink(victim, dir + "/labels.csv.tmp")
    try DurableFile.write(Array("x".utf8), to: dir + "/model")
    try DurableFile.write(Array("y".utf8), to: dir + "/labels.csv")
    #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep")
  }

  /// The umask decides the mode (checked end to end in `SecurityCLITests`, in a child with
  /// umask 077: changing this process's umask would race the tests running beside this one);
  /// an explicit mode is set on the new file only.
  @Test func modesFollowTheUmaskOrAnExplicitMode() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try DurableFile.write([1], to: dir + "/plain")
    #expect(Self.mode(dir + "/plain") & 0o777 == 0o666 & ~Self.umask())
    try Folder(dir).replace("secret", with: [1], mode: 0o600)
    #expect(Self.mode(dir + "/secret") & 0o777 == 0o600)
  }

  /// This process's umask, read without changing it.
  static func umask() -> mode_t {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("Umask:") } ?? "Umask: 022"
    return mode_t(line.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8) ?? 0o022
  }

  /// Cleanup removes temporary files and folders but never follows a link: a `.tmp-*` link to
  /// another folder keeps that folder's files.
  @Test func cleanupSkipsLinks() throws {
    let dir = try Self.folder()
    let elsewhere = try Self.folder()
    defer {
      try? FileManager.default.removeItem(atPath: dir)
      try? FileManager.default.removeItem(atPath: elsewhere)
    }
    try Data("precious".utf8).write(to: URL(fileURLWithPath: elsewhere + "/file"))
    symlink(elsewhere, dir + "/.tmp-x")
    try FileManager.default.createDirectory(atPath: dir + "/.tmp-clip", withIntermediateDirectories: false)
    try Data([1]).write(to: URL(fileURLWithPath: dir + "/.tmp-clip/frame_0000.pgm"))
    symlink(elsewhere + "/file", dir + "/.tmp-clip/frame_0001.pgm")
    try Data([2]).write(to: URL(fileURLWithPath: dir + "/.tmp-1234-labels.csv"))
    try Folder(dir).removeTemporaries()
    #expect(FileManager.default.fileExists(atPath: elsewhere + "/file"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == [".tmp-x"])
  }

  @Test func aFailedWriteLeavesTheOldFile() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try DurableFile.write(Array("old".utf8), to: dir + "/model")
    // A folder in the target's place: the rename fails; the temporary file goes away.
    try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
    try Data([1]).write(to: URL(fileURLWithPath: dir + "/sub/x"))
    #expect(throws: FileError.self) { try DurableFile.write([1], to: dir + "/sub") }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["model", "sub"])
  }
}
