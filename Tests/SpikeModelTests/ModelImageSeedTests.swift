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
    let signed = try SafetensorsFile.read(path: Self.folder + "/signed-classifier-int8-tiny.safetensors")
    #expect(signed.signer?.description == "ed25519:d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    _ = try ClassifierModelFile.read(signed)
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
