import Foundation
import Testing

@testable import SpikeCapture

/// The fuzz seed corpora (Tests/Fuzz/<target>/) are valid inputs, so the fuzzers start from
/// files that reach deep into each parser; and every saved fuzz finding
/// (Tests/Fuzz/findings/<target>/) is refused with a typed error instead of crashing.
@Suite struct FuzzCorpusTests {
  static let fuzz = TestPaths.packageRoot + "/Tests/Fuzz"

  /// The regular files of `folder`, empty when it does not exist; the crafted `refused-*`
  /// seeds (tools/make-hostile-seeds.sh) only when `refused` is set, the valid seeds otherwise.
  static func inputs(_ folder: String, refused: Bool = false) throws
    -> [(name: String, bytes: [UInt8])]
  {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return try names.sorted().filter {
      !$0.hasPrefix(".") && $0 != "README.md" && $0.hasPrefix("refused-") == refused
    }.map { ($0, try TestPaths.read(folder + "/" + $0)) }
  }

  /// Plays a y4m stream from memory; returns the number of frames.
  static func playY4M(_ bytes: [UInt8], name: String) throws(CaptureError) -> Int {
    var source = try Y4MSource(bytes: bytes, name: name)
    var count = 0
    var frame = [UInt8](repeating: 0, count: Preprocess.gesture9.output.byteCount)
    while try frame.withUnsafeMutableBufferPointer({ out throws(CaptureError) in
      try source.nextFrame(into: out)
    }) != nil {
      count += 1
    }
    return count
  }

  /// Plays an MJPEG stream from memory; returns the frames delivered and skipped.
  static func playMJPEG(_ bytes: [UInt8], name: String) throws(CaptureError) -> (Int, Int) {
    var source = try MJPEGFileSource(bytes: bytes, name: name)
    var count = 0
    var frame = [UInt8](repeating: 0, count: Preprocess.gesture9.output.byteCount)
    while count < 64,
      try frame.withUnsafeMutableBufferPointer({ out throws(CaptureError) in
        try source.nextFrame(into: out)
      }) != nil
    {
      count += 1
    }
    return (count, source.skippedFrames)
  }

  @Test func seedsAreValidInputs() throws {
    var decoder = JPEGDecoder(capacity: 1 << 20)
    let jpegs = try Self.inputs(Self.fuzz + "/fuzz-jpeg")
    #expect(jpegs.count >= 5)
    for (name, bytes) in jpegs {
      let info = try bytes.withUnsafeBytes { try decoder.decode($0) }
      #expect(info.warnings == 0 && info.width * info.height > 0, "\(name)")
    }
    let pgms = try Self.inputs(Self.fuzz + "/fuzz-pgm")
    #expect(pgms.count >= 3)
    for (name, bytes) in pgms {
      #expect(try PGM.decode(bytes, name: name).pixels.count > 0)
    }
    let streams = try Self.inputs(Self.fuzz + "/fuzz-y4m")
    #expect(streams.count >= 4)
    for (name, bytes) in streams {
      #expect(try Self.playY4M(bytes, name: name) == 3, "\(name)")
    }
    let videos = try Self.inputs(Self.fuzz + "/fuzz-mjpeg")
    #expect(videos.count >= 3)
    for (name, bytes) in videos {
      let (played, skipped) = try Self.playMJPEG(bytes, name: name)
      #expect(played >= 1 && skipped == 0, "\(name)")
    }
    let tables = try Self.inputs(Self.fuzz + "/fuzz-csv-json")
    #expect(tables.contains { $0.name.hasSuffix(".csv") })
    #expect(tables.contains { $0.name.hasSuffix(".json") })
    for (name, bytes) in tables {
      if name.hasSuffix(".csv") {
        #expect(try CSVTable.parse(bytes, name: name).rows.count >= 1, "\(name)")
      } else {
        #expect(try Dataset.Meta(json: bytes, path: name).classes != nil, "\(name)")
      }
    }
  }

  /// The crafted inputs of docs/SECURITY.md (a PGM header claiming 8192×8192, a y4m frame of
  /// 16384², the MJPEG stream that indexed in quadratic time, a line of commas, class names with
  /// escape sequences, a key given twice) are refused with a typed error.
  @Test func craftedSeedsAreRefused() throws {
    let pgms = try Self.inputs(Self.fuzz + "/fuzz-pgm", refused: true)
    #expect(!pgms.isEmpty)
    for (name, bytes) in pgms {
      #expect(throws: CaptureError.self, "\(name)") { try PGM.decode(bytes, name: name) }
    }
    let streams = try Self.inputs(Self.fuzz + "/fuzz-y4m", refused: true)
    #expect(!streams.isEmpty)
    for (name, bytes) in streams {
      #expect(throws: CaptureError.self, "\(name)") { try Self.playY4M(bytes, name: name) }
    }
    let videos = try Self.inputs(Self.fuzz + "/fuzz-mjpeg", refused: true)
    #expect(!videos.isEmpty)
    for (name, bytes) in videos {
      #expect(throws: CaptureError.self, "\(name)") { try Self.playMJPEG(bytes, name: name) }
    }
    let tables = try Self.inputs(Self.fuzz + "/fuzz-csv-json", refused: true)
    #expect(tables.contains { $0.name.hasSuffix(".csv") } && tables.contains { $0.name.hasSuffix(".json") })
    for (name, bytes) in tables {
      if name.hasSuffix(".csv") {
        #expect(throws: CaptureError.self, "\(name)") { try CSVTable.parse(bytes, name: name) }
      } else {
        #expect(throws: CaptureError.self, "\(name)") { try Dataset.Meta(json: bytes, path: name) }
      }
    }
  }

  /// Every finding the fuzzers saved, fed to the parsers of its target: each is refused with a
  /// `CaptureError`/`DecodeError` or parsed, and none traps (a trap fails the whole run).
  @Test func findingsAreRefusedWithoutCrashing() throws {
    let findings = Self.fuzz + "/findings"
    var decoder = JPEGDecoder(capacity: 1 << 22)
    for (_, bytes) in try Self.inputs(findings + "/fuzz-jpeg") {
      _ = try? bytes.withUnsafeBytes { try decoder.decode($0) }
      _ = try? bytes.withUnsafeBytes { try decoder.decode($0, minWidth: 1, minHeight: 1) }
    }
    for (name, bytes) in try Self.inputs(findings + "/fuzz-pgm") {
      _ = try? PGM.decode(bytes, name: name)
    }
    for (name, bytes) in try Self.inputs(findings + "/fuzz-y4m") {
      _ = try? Self.playY4M(bytes, name: name)
    }
    for (name, bytes) in try Self.inputs(findings + "/fuzz-mjpeg") {
      _ = try? Self.playMJPEG(bytes, name: name)
    }
    for (name, bytes) in try Self.inputs(findings + "/fuzz-csv-json") {
      _ = try? CSVTable.parse(bytes, name: name)
      _ = try? Dataset.Meta(json: bytes, path: name)
    }
  }
}
