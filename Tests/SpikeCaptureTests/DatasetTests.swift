import Foundation
import SpikeCapture
import Testing

@Suite struct DatasetTests {
  /// The bundled sample holds the same clips raw and as PGM folders: both readers agree.
  @Test(arguments: ["train", "test"])
  func bundledSampleRawAndFoldersAgree(split: String) throws {
    try expectFormsAgree(TestPaths.sampleDataset, split: split, clips: 9)
  }

  func expectFormsAgree(_ directory: String, split: String, clips: Int) throws {
    let raw = try Dataset.load(directory: directory, split: split)
    #expect(raw.layout == .gesture9Raw)
    #expect(raw.clipCount == clips && raw.framesPerClip == 16)
    #expect(raw.frameFormat == FrameFormat(width: 64, height: 64))
    #expect(raw.classNames == Dataset.gesture9Classes)
    #expect(raw.pixels.count == clips * 16 * 4096)
    // The PGM form: hide the raw files by reading through a folder that has only labels.csv,
    // meta.json and clips/ (symbolic links).
    let folder = try TestPaths.temporaryFolder()
    for name in ["labels.csv", "meta.json", "clips"] {
      try FileManager.default.createSymbolicLink(
        atPath: folder + "/" + name, withDestinationPath: directory + "/" + name)
    }
    let pgm = try Dataset.load(directory: folder, split: split)
    #expect(pgm.layout == .gesture9Folders)
    #expect(pgm.labels == raw.labels && pgm.classNames == raw.classNames)
    #expect(pgm.clipNames.first == "\(split)_00000")
    #expect(pgm.pixels == raw.pixels)
    #expect(Set(raw.labels).count == min(9, clips))
  }

  @Test func listsSplits() throws {
    #expect(Set(try Dataset.splits(directory: TestPaths.sampleDataset)) == ["train", "test"])
  }

  @Test func rawLayoutChecksSizesAndLabels() throws {
    let folder = try TestPaths.temporaryFolder()
    try TestPaths.write([UInt8](repeating: 7, count: 16 * 4096 + 1), to: folder + "/train_clips.u8")
    try TestPaths.write([1], to: folder + "/train_labels.u8")
    #expect(throws: CaptureError.self) { try Dataset.load(directory: folder, split: "train") }
    do {
      _ = try Dataset.load(directory: folder, split: "train")
    } catch {
      #expect("\(error)".contains("not a whole number"))
    }
    // meta.json sizes are honoured: 2 clips of 4 frames of 8×8.
    try TestPaths.write(
      Array(#"{"T": 4, "H": 8, "W": 8, "classes": ["a", "b"]}"#.utf8), to: folder + "/meta.json")
    try TestPaths.write([UInt8](repeating: 7, count: 2 * 4 * 64), to: folder + "/train_clips.u8")
    try TestPaths.write([1, 0], to: folder + "/train_labels.u8")
    let small = try Dataset.load(directory: folder, split: "train")
    #expect(small.clipCount == 2 && small.framesPerClip == 4 && small.classNames == ["a", "b"])
    try TestPaths.write([1, 2], to: folder + "/train_labels.u8")
    #expect(throws: CaptureError.self) { try Dataset.load(directory: folder, split: "train") }
    try TestPaths.write([1], to: folder + "/train_labels.u8")
    #expect(throws: CaptureError.self) { try Dataset.load(directory: folder, split: "train") }
    try TestPaths.write(Array(#"{"T": "x"}"#.utf8), to: folder + "/meta.json")
    #expect(throws: CaptureError.self) { try Dataset.load(directory: folder, split: "train") }
  }

  @Test func missingFolderAndUnknownLayoutAreTypedErrors() throws {
    #expect(throws: CaptureError.fileMissing(path: "/nonexistent/data")) {
      try Dataset.load(directory: "/nonexistent/data", split: "train")
    }
    let empty = try TestPaths.temporaryFolder()
    do {
      _ = try Dataset.load(directory: empty, split: "test")
      Issue.record("an empty folder was read as a data set")
    } catch {
      #expect("\(error)".contains("labels.csv"))
    }
  }
}
