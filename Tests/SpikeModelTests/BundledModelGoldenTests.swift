import Foundation
import SpikeCore
import SpikeReference
import Testing

@testable import SpikeModel

/// The bundled models (calibration/) pinned: every decision of the int8 models on the bundled
/// sample's 18 clips hashes to a stored value, the float models' classes and windows likewise,
/// and writing a loaded model again gives its file byte for byte. A change to the pipeline, the
/// heads or the model files that alters a decision or a byte fails here.
@Suite struct BundledModelGoldenTests {
  static let folder = Python.packageRoot + "/calibration"

  /// The sample's clips: both splits, 9 clips of 16 frames of 64×64 each.
  static func sample() throws -> ClipSet {
    var pixels: [UInt8] = []
    var labels: [Int] = []
    for split in ["train", "test"] {
      let base = folder + "/gesture9-sample/\(split)"
      pixels += try [UInt8](Data(contentsOf: URL(fileURLWithPath: base + "_clips.u8")))
      labels += try [UInt8](Data(contentsOf: URL(fileURLWithPath: base + "_labels.u8"))).map(Int.init)
    }
    return ClipSet(
      pixels: pixels, labels: labels, framesPerClip: 16, frameBytes: 4096,
      classNames: (0..<9).map { "c\($0)" })
  }

  /// FNV-1a over 32-bit words.
  struct Digest {
    var value: UInt32 = 2_166_136_261
    mutating func add(_ word: UInt32) {
      for shift in stride(from: 0, to: 32, by: 8) {
        value = (value ^ (word >> UInt32(shift) & 0xFF)) &* 16_777_619
      }
    }
  }

  /// Every decision's class and Q15 score, and every window's features, over all clips.
  static func integerDigest(_ path: String) throws -> UInt32 {
    guard case .int8(let model) = try ClassifierModelFile.read(path: path) else {
      throw ConfigError.inconsistent("not an int8 model")
    }
    var pipeline = try model.makePipeline(learning: nil)
    let clips = try sample()
    var digest = Digest()
    for c in 0..<clips.clipCount {
      pipeline.reset()
      for f in 0..<clips.framesPerClip {
        guard let d = clips.withFrame(c, f, { pipeline.push($0) }) else { continue }
        digest.add(UInt32(d.classIndex))
        digest.add(UInt32(UInt16(bitPattern: d.score)))
        for x in pipeline.window { digest.add(UInt32(UInt8(bitPattern: x))) }
      }
    }
    return digest.value
  }

  /// Every decision's class and every window's (integer-valued) features over all clips: the
  /// float score is left out, as its last bits may differ between machines.
  static func floatDigest(_ path: String) throws -> UInt32 {
    guard case .float(let model) = try ClassifierModelFile.read(path: path) else {
      throw ConfigError.inconsistent("not a float model")
    }
    var pipeline = try model.makeFloatPipeline()
    let clips = try sample()
    var digest = Digest()
    for c in 0..<clips.clipCount {
      pipeline.reset()
      for f in 0..<clips.framesPerClip {
        guard let d = clips.withFrame(c, f, { pipeline.push($0) }) else { continue }
        digest.add(UInt32(d.classIndex))
        for x in pipeline.window { digest.add(UInt32(Int32(x))) }
      }
    }
    return digest.value
  }

  @Test(arguments: [
    ("gesture9-int8", UInt32(4_045_779_113)), ("gesture9-rstdp-int8", UInt32(92968283)),
  ])
  func integerDecisionsArePinned(_ name: String, _ expected: UInt32) throws {
    let digest = try Self.integerDigest(Self.folder + "/\(name).safetensors")
    #expect(digest == expected)
  }

  @Test(arguments: [
    ("gesture9-float", UInt32(244649895)), ("gesture9-rstdp-float", UInt32(2187291020)),
  ])
  func floatDecisionsArePinned(_ name: String, _ expected: UInt32) throws {
    let digest = try Self.floatDigest(Self.folder + "/\(name).safetensors")
    #expect(digest == expected)
  }

  /// Reading a bundled model and writing it again (with its board) gives the same bytes.
  @Test(arguments: [
    "gesture9-int8", "gesture9-float", "gesture9-rstdp-int8", "gesture9-rstdp-float",
  ])
  func rewritingGivesTheSameBytes(_ name: String) throws {
    let path = Self.folder + "/\(name).safetensors"
    let original = try Data(contentsOf: URL(fileURLWithPath: path))
    let metadata = try SafetensorsFile.read(path: path).metadata
    let board = metadata["board"] ?? "unspecified"
    // The training record is carried as the commands carry it (the loaders do not read it).
    let record = metadata[TrainingData.metadataKey].map { [TrainingData.metadataKey: $0] } ?? [:]
    let copy = Python.temporaryPath("rewrite-\(name).safetensors")
    defer { unlink(copy) }
    try ClassifierModelFile.read(path: path).model.write(
      board: board, path: copy, extraMetadata: record)
    #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == original)
  }
}
