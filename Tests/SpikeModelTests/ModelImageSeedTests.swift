import Foundation
import SpikeCore
import SpikeModel
import Testing

/// The `fuzz-model-image` seeds (Tests/Fuzz/fuzz-model-image/) are valid model images, so the
/// fuzzer starts from files that pass the container checks and reach the model readers.
@Suite struct ModelImageSeedTests {
  static let folder = Python.packageRoot + "/Tests/Fuzz/fuzz-model-image"

  @Test func seedsLoad() throws {
    let attention = try SafetensorsFile.read(path: Self.folder + "/attention-float-tiny.safetensors")
    #expect(!ClassifierModelFile.isClassifier(attention))
    let (config, _) = try AttentionModelFile.readFloat(attention)
    #expect(config.tokens == 4 && config.classes == 3)
    let classifier = try SafetensorsFile.read(path: Self.folder + "/classifier-int8-tiny.safetensors")
    #expect(ClassifierModelFile.isClassifier(classifier))
    _ = try ClassifierModelFile.read(classifier)
    let rstdp = try SafetensorsFile.read(path: Self.folder + "/rstdp-int8-tiny.safetensors")
    guard case .int8(let model) = try ClassifierModelFile.read(rstdp),
      model is PopulationInt8Model
    else {
      Issue.record("the R-STDP seed must load as an int8 R-STDP model")
      return
    }
    let column = try SafetensorsFile.read(path: Self.folder + "/column-int8-tiny.safetensors")
    guard case .int8(let columnModel) = try ClassifierModelFile.read(column),
      columnModel is QuantizedClassifierModel<ColumnClassifierHead>
    else {
      Issue.record("the column seed must load as an int8 column model")
      return
    }
    let signed = try SafetensorsFile.read(path: Self.folder + "/signed-classifier-int8-tiny.safetensors")
    #expect(signed.signer?.description == "ed25519:d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    _ = try ClassifierModelFile.read(signed)
  }

  /// Random truncations and byte flips of a valid int8 model of each head never crash the
  /// reader: each one loads or is refused with an error naming the file.
  @Test(arguments: [("rstdp-int8-tiny", UInt32(12)), ("column-int8-tiny", 21)])
  func damagedModelsAreRefusedNotCrashed(_ name: String, _ seed: UInt32) throws {
    let bytes = try [UInt8](
      Data(contentsOf: URL(fileURLWithPath: Self.folder + "/\(name).safetensors")))
    var rng = Xorshift32(seed: seed)
    var refused = 0
    for trial in 0..<300 {
      var b = bytes
      if trial % 3 == 0 {
        b.removeLast(Int(rng.next() % UInt32(b.count)))
      } else {
        for _ in 0..<(1 + trial % 4) {
          b[Int(rng.next() % UInt32(b.count))] ^= UInt8(1 << (rng.next() % 8))
        }
      }
      do {
        _ = try ClassifierModelFile.read(SafetensorsFile.parse(b, file: "damaged.safetensors"))
      } catch {
        #expect(error.description.contains("damaged.safetensors"))
        refused += 1
      }
    }
    #expect(refused >= 290, "the checksum catches nearly every change")
  }

  /// The crafted models (tools/make-hostile-seeds.sh) are refused, each for its reason.
  @Test(arguments: [
    ("refused-header-edit", ModelError.Kind.checksumMismatch),
    ("refused-signer-swap", .checksumMismatch), ("refused-signature-swap", .badSignature),
    ("refused-truncated", .outOfRange), ("refused-long-shape", .badHeader),
    ("refused-control-classes", .badMetadata),
  ])
  func craftedSeedsAreRefused(_ name: String, _ kind: ModelError.Kind) {
    do {
      _ = try ClassifierModelFile.read(path: Self.folder + "/\(name).safetensors")
      Issue.record("\(name) loaded")
    } catch {
      #expect(error.kind == kind, "\(name): \(error)")
    }
  }
}
