import Foundation
import SpikeCapture
import Testing

@Suite struct DatasetWriterTests {
  static let format = FrameFormat(width: 6, height: 4)

  static func clip(_ seed: Int) -> [UInt8] {
    (0..<(3 * 24)).map { UInt8(truncatingIfNeeded: $0 * 7 + seed * 31) }
  }

  @Test func writtenClipsReadBackWithLabels() throws {
    let folder = try TestPaths.temporaryFolder() + "/recorded"
    var writer = try DatasetWriter(directory: folder, frameFormat: Self.format, framesPerClip: 3)
    #expect(try writer.append(clip: Self.clip(0), label: "wave") == "clip_00000")
    #expect(try writer.append(clip: Self.clip(1), label: "still, hand") == "clip_00001")
    #expect(try writer.append(clip: Self.clip(2), label: "wave") == "clip_00002")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder + "/clip_00001").sorted()
    #expect(names == ["frame_0000.pgm", "frame_0001.pgm", "frame_0002.pgm"])
    let csv = String(decoding: try TestPaths.read(folder + "/labels.csv"), as: UTF8.self)
    #expect(csv == "clip,label\nclip_00000,wave\nclip_00001,\"still, hand\"\nclip_00002,wave\n")
    let data = try Dataset.load(directory: folder, split: "all")
    #expect(data.layout == .clipFolders)
    #expect(data.classNames == ["still, hand", "wave"])
    #expect(data.labels == [1, 0, 1])
    #expect(data.frameFormat == Self.format && data.framesPerClip == 3)
    #expect(data.pixels == Self.clip(0) + Self.clip(1) + Self.clip(2))
    // A clip folder plays as a frame source with the same frames.
    var source = try ClipFolderSource(
      path: folder + "/clip_00002", preprocess: Preprocess(output: Self.format, scaledHeight: 4))
    var frame = [UInt8](repeating: 0, count: 24)
    var played: [UInt8] = []
    while try frame.withUnsafeMutableBufferPointer({ try source.nextFrame(into: $0) }) != nil {
      played += frame
    }
    #expect(played == Self.clip(2))
  }

  /// `record --split`: the first clip with a split adds the column, the clips recorded before
  /// it become training clips, and from then on every clip needs a split.
  @Test func splitsAddAColumnAndSelectClips() throws {
    let folder = try TestPaths.temporaryFolder() + "/split"
    var writer = try DatasetWriter(directory: folder, frameFormat: Self.format, framesPerClip: 3)
    try writer.append(clip: Self.clip(0), label: "wave")
    #expect(!writer.hasSplits)
    try writer.append(clip: Self.clip(1), label: "still", split: "val")
    try writer.append(clip: Self.clip(2), label: "wave", split: "test")
    #expect(writer.hasSplits)
    #expect(throws: CaptureError.self) { try writer.append(clip: Self.clip(3), label: "wave") }
    #expect(throws: CaptureError.self) {
      try writer.append(clip: Self.clip(3), label: "wave", split: "a\nb")
    }
    let csv = String(decoding: try TestPaths.read(folder + "/labels.csv"), as: UTF8.self)
    #expect(
      csv == "clip,label,split\nclip_00000,wave,train\nclip_00001,still,val\nclip_00002,wave,test\n")
    var reopened = try DatasetWriter(directory: folder, frameFormat: Self.format, framesPerClip: 3)
    #expect(reopened.hasSplits && reopened.rows.count == 3)
    try reopened.append(clip: Self.clip(4), label: "still", split: "train")
    #expect(try Dataset.splits(directory: folder) == ["train", "val", "test"])
    let train = try Dataset.load(directory: folder, split: "train")
    #expect(train.clipNames == ["clip_00000", "clip_00003"] && train.labels == [1, 0])
    #expect(try Dataset.load(directory: folder, split: "val").pixels == Self.clip(1))
    #expect(try Dataset.load(directory: folder, split: "test").pixels == Self.clip(2))
  }

  /// What an interrupted recording leaves: a half-written temporary clip (removed on reopen) and
  /// a complete clip that labels.csv does not list yet (kept, not reused, not read).
  @Test func reopeningAfterAnInterruptionKeepsDataConsistent() throws {
    let folder = try TestPaths.temporaryFolder()
    var writer = try DatasetWriter(directory: folder, frameFormat: Self.format, framesPerClip: 3)
    try writer.append(clip: Self.clip(0), label: "a")
    try FileManager.default.createDirectory(
      atPath: folder + "/.tmp-clip_00001", withIntermediateDirectories: false)
    try TestPaths.write([1, 2, 3], to: folder + "/.tmp-clip_00001/frame_0000.pgm")
    try FileManager.default.copyItem(atPath: folder + "/clip_00000", toPath: folder + "/clip_00002")
    // A crash while rewriting the list leaves a half-written temporary list beside the good one.
    try TestPaths.write(
      Array("clip,label\nclip_000".utf8), to: folder + "/.tmp-00c0ffee00c0ffee-labels.csv")
    var again = try DatasetWriter(directory: folder, frameFormat: Self.format, framesPerClip: 3)
    #expect(!FileManager.default.fileExists(atPath: folder + "/.tmp-clip_00001"))
    #expect(again.rows.count == 1)
    #expect(try again.append(clip: Self.clip(3), label: "b") == "clip_00003")
    let data = try Dataset.load(directory: folder, split: "any")
    #expect(data.clipNames == ["clip_00000", "clip_00003"] && data.labels == [0, 1])
    #expect(!FileManager.default.fileExists(atPath: folder + "/.tmp-00c0ffee00c0ffee-labels.csv"))
  }

  @Test func refusesBadLabelsAndForeignLabelFiles() throws {
    let folder = try TestPaths.temporaryFolder()
    var writer = try DatasetWriter(directory: folder, frameFormat: Self.format, framesPerClip: 3)
    for label in ["", "two\nlines", String(repeating: "x", count: 65)] {
      #expect(throws: CaptureError.self) { try writer.append(clip: Self.clip(0), label: label) }
    }
    #expect(!FileManager.default.fileExists(atPath: folder + "/clip_00000"))
    try TestPaths.write(Array("clip_id,split,label\n".utf8), to: folder + "/labels.csv")
    #expect(throws: CaptureError.self) {
      _ = try DatasetWriter(directory: folder, frameFormat: Self.format, framesPerClip: 3)
    }
  }

  @Test func clipFoldersWithSplitsAndNumericLabels() throws {
    let folder = try TestPaths.temporaryFolder()
    var writer = try DatasetWriter(directory: folder, frameFormat: Self.format, framesPerClip: 3)
    for n in 0..<4 { try writer.append(clip: Self.clip(n), label: String(n % 2)) }
    try TestPaths.write(
      Array("clip,label,split\nclip_00000,0,train\nclip_00001,1,test\nclip_00002,0,test\n".utf8),
      to: folder + "/labels.csv")
    let test = try Dataset.load(directory: folder, split: "test")
    #expect(test.clipNames == ["clip_00001", "clip_00002"] && test.labels == [1, 0])
    #expect(test.classNames == ["0", "1"])
    #expect(test.pixels == Self.clip(1) + Self.clip(2))
    try TestPaths.write(Array("clip,label\n../etc,0\n".utf8), to: folder + "/labels.csv")
    #expect(throws: CaptureError.self) { try Dataset.load(directory: folder, split: "x") }
    try TestPaths.write(Array("clip,label\nclip_00000,\"0\n".utf8), to: folder + "/labels.csv")
    #expect(throws: CaptureError.self) { try Dataset.load(directory: folder, split: "x") }
    try TestPaths.write(Array("clip,label\nclip_00000\n".utf8), to: folder + "/labels.csv")
    #expect(throws: CaptureError.self) { try Dataset.load(directory: folder, split: "x") }
  }
}

@Suite struct ClipFolderSourceTests {
  /// A Gesture-9 PGM clip folder plays exactly the raw clip's frames.
  @Test func playsTheSampleClipLikeTheRawFile() throws {
    let raw = try Dataset.load(directory: TestPaths.sampleDataset, split: "test")
    var source = try ClipFolderSource(
      path: TestPaths.sampleDataset + "/clips/test/test_00003", loop: true)
    #expect(
      source.framePaths.count == 16 && source.sourceFormat == FrameFormat(width: 64, height: 64))
    var frame = [UInt8](repeating: 0, count: 4096)
    var played: [UInt8] = []
    for _ in 0..<20 {
      _ = try frame.withUnsafeMutableBufferPointer { try source.nextFrame(into: $0) }
      played += frame
    }
    let clip = Array(raw.pixels[raw.clipRange(3)])
    #expect(Array(played.prefix(16 * 4096)) == clip)
    #expect(Array(played.suffix(4 * 4096)) == Array(clip.prefix(4 * 4096)))  // looped
  }

  @Test func refusesMissingEmptyAndMixedFolders() throws {
    #expect(throws: CaptureError.fileMissing(path: "/nonexistent/clip")) {
      _ = try ClipFolderSource(path: "/nonexistent/clip")
    }
    let folder = try TestPaths.temporaryFolder()
    #expect(throws: CaptureError.self) { _ = try ClipFolderSource(path: folder) }
    try TestPaths.write(Array("P5 2 2 255\n".utf8) + [1, 2, 3, 4], to: folder + "/a.pgm")
    try TestPaths.write(Array("P5 3 2 255\n".utf8) + [1, 2, 3, 4, 5, 6], to: folder + "/b.pgm")
    var source = try ClipFolderSource(
      path: folder,
      preprocess: Preprocess(output: FrameFormat(width: 2, height: 2), scaledHeight: 2))
    var frame = [UInt8](repeating: 0, count: 4)
    #expect(try frame.withUnsafeMutableBufferPointer({ try source.nextFrame(into: $0) }) != nil)
    #expect(frame == [1, 2, 3, 4])
    #expect(throws: CaptureError.self) {
      _ = try frame.withUnsafeMutableBufferPointer { try source.nextFrame(into: $0) }
    }
  }
}
