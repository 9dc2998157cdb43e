import Foundation
import SpikeCore
import SpikeReference
import SpikeTestSupport
import Testing

@testable import SpikeModel

/// The front end's `LayerOptions` in `__metadata__.pipeline` (`layer`): absent keys are today's
/// layer, names parse to the paper's settings, a model file keeps them in full and round-trips.
@Suite struct LayerOptionsFileTests {
  static let chosen = LayerOptions(
    model: .adEx(.paper, MembraneAdaptation(coupling: 1024, leak: 82, jump: 300)),
    connection: .inDegree(48), homeostasis: HomeostasisParameters(window: 32, target: 2, gain: 40),
    kernel: .flat)

  static func json<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  @Test func defaultLayerIsNotWrittenAndOptionsRoundTrip() throws {
    #expect(!(try Self.json(PipelineConfig())).contains("layer"))
    var p = PipelineConfig()
    p.layer = Self.chosen
    let text = try Self.json(p)
    #expect(
      text.contains(
        #""layer":{"connection":"in-degree:48","homeostasis":{"gain":40,"target":2,"window":32},"#
          + #""neuron":{"adaptationLeak":82,"coupling":1024,"jump":300,"model":"adex","peak":4096,"#
          + #""sharpness":410},"stdpKernel":"flat"}"#), "\(text)")
    #expect(try JSONDecoder().decode(PipelineConfig.self, from: Data(text.utf8)) == p)
  }

  /// A config may name a model alone (the paper's settings) and give any setting; a file
  /// always holds them all.
  @Test func namesParseToThePaperSettings() throws {
    func decode(_ text: String) throws -> LayerOptions {
      try JSONDecoder().decode(LayerOptions.self, from: Data(text.utf8))
    }
    #expect(try decode(#"{"neuron":"explif"}"#).model == .expLIF(.paper))
    #expect(try decode(#"{"neuron":"adex"}"#).model == .adEx(.paper, .paper))
    #expect(try decode(#"{"neuron":"lif"}"#).isDefault)
    #expect(
      try decode(#"{"neuron":{"model":"explif","peak":2048}}"#).model
        == .expLIF(ExponentialMembrane(sharpness: 410, peak: 2048)))
    #expect(try decode(#"{"stdpKernel":"flat"}"#).kernel == .flat)
    #expect(try Self.json(try decode(#"{"neuron":"explif"}"#)).contains(#""sharpness":410"#))
    for bad in [
      #"{"neuron":"izhikevich"}"#, #"{"connection":"random"}"#, #"{"stdpKernel":"hebb"}"#,
      #"{"connection":"probability:0.0005"}"#, #"{"connection":"in-degree:0"}"#,
      #"{"homeostasis":{"window":8}}"#,
    ] {
      #expect(throws: DecodingError.self, "\(bad)") { _ = try decode(bad) }
    }
  }

  @Test func connectionNames() throws {
    let cases: [(String, ConnectionChoice)] = [
      ("fields", .fields), ("all", .all), ("in-degree:64", .inDegree(64)),
      ("probability:0.05", .probability(perMille: 50)), ("probability:1", .probability(perMille: 1000)),
      ("probability:.5", .probability(perMille: 500)), ("probability:0.125", .probability(perMille: 125)),
    ]
    for (name, choice) in cases {
      #expect(try ConnectionChoice(name: name) == choice)
      #expect(try ConnectionChoice(name: choice.name) == choice)
    }
    #expect(ConnectionChoice.probability(perMille: 50).name == "probability:0.050")
    for bad in ["probability:1.5", "probability:0", "probability:", "probability:-1", "in-degree:x", "all:3"] {
      #expect(throws: ConfigError.self, "\(bad)") { _ = try ConnectionChoice(name: bad) }
    }
  }

  /// The sizes refuse what cannot be built: an in-degree above the layer's inputs, an
  /// exponential neuron without a leak is refused by the layer.
  @Test func validateChecksAgainstTheSizes() throws {
    var p = PipelineConfig()
    p.layer.connection = .inDegree(p.layerInputs + 1)
    #expect(throws: ConfigError.self) { try p.validate() }
    p.layer.connection = .inDegree(p.layerInputs)
    try p.validate()
    p.layer = LayerOptions(homeostasis: HomeostasisParameters(window: 4, target: 5, gain: 1))
    #expect(throws: ConfigError.self) { try p.validate() }
  }

  /// A model trained with every option (AELIF, in-degree 48, homeostasis, flat kernel) writes
  /// them in `pipeline`, stores one weight per connected synapse, reads back equal in both
  /// kinds, and its int8 pipeline decides like the one read back.
  @Test func modelFileKeepsTheOptions() throws {
    var o = PopulationTrainingOptions()
    o.pipeline = PipelineConfig(timesteps: 4, patch: 16, stride: 16, perColumn: 4)
    o.pipeline.layer = Self.chosen
    o.perClass = 4
    o.stdpClips = 4
    o.epochs = 1
    let clips = ToyClips.make(perClass: 4, seed: 5)
    let f = try PopulationTrainer.train(clips, validation: nil, options: o) { _, _, _, _ in }
    #expect(f.frontEnd.weights.count == o.pipeline.neurons * 48)
    #expect(o.pipeline.storedSynapses == o.pipeline.neurons * 48)
    let (ranges, _) = try PopulationClassifierHead.calibrate(
      f, clips: clips, method: .minMax, progress: { _, _, _, _ in })
    let q = try f.quantized(ranges: ranges)
    let floatPath = Python.temporaryPath("layer-float.safetensors")
    let intPath = Python.temporaryPath("layer-int8.safetensors")
    defer {
      unlink(floatPath)
      unlink(intPath)
    }
    try f.write(board: "test", path: floatPath)
    try q.write(board: "test", path: intPath)
    #expect(try SafetensorsFile.read(path: floatPath).metadata["pipeline"]?.contains(#""layer":{"#) == true)
    guard case .float(let fRead) = try ClassifierModelFile.read(path: floatPath),
      case .int8(let qRead) = try ClassifierModelFile.read(path: intPath),
      let f2 = fRead as? PopulationFloatModel, let q2 = qRead as? PopulationInt8Model
    else {
      Issue.record("kinds changed")
      return
    }
    #expect(f2.frontEnd == f.frontEnd && f2.frontEnd.pipeline.layer == Self.chosen)
    #expect(q2.frontEnd == q.frontEnd)
    var a = try q.makePipeline()
    var b = try q2.makePipeline()
    for k in 0..<clips.framesPerClip {
      #expect(clips.withFrame(1, k) { a.push($0) } == clips.withFrame(1, k) { b.push($0) })
    }
  }
}
