import Foundation
import SpikeSystem
import SpikeCore
import SpikeModel

extension Commands {
  /// `spikecam train --data DIR --out FLOAT.safetensors [--head NAME] [--config FILE] …`: the
  /// STDP stage of the spiking layer (or `--front-end MODEL`'s trained layer), then the head's
  /// own training; writes the float model atomically. Every head takes the same data, config,
  /// seed, epochs and clip options; the config file's other keys are the head's.
  static func trainRun(_ arguments: ParsedArguments, _ console: Console) throws(CLIError) {
    let data = try arguments.required("data")
    let out = try arguments.required("out")
    let name = arguments.value("head") ?? ClassifierHeads.names[0]
    guard let head = ClassifierHeads.named(name) else {
      throw .usage(
        "--head takes \(ClassifierHeads.list(quoted: false, last: "or")), got '\(name)'")
    }
    let checkpoint = try checkpointFolder(arguments)
    var request = TrainingRequest()
    request.checkpoint = checkpoint
    request.resume = arguments.flag("resume")
    if let path = arguments.value("config") { try TrainingConfigFile.apply(path, to: &request) }
    let seed = try arguments.integer("seed", default: 1, in: 0...Int(UInt32.max))
    request.pipeline.seed = UInt32(seed)
    request.seed = UInt32(seed)
    if let path = arguments.value("front-end") {
      let source = try ModelSupport.floatModel(path).frontEnd
      request.pipeline = source.pipeline
      request.frontEnd = source
    }
    // After --front-end: the encoder's pan and step settings are not part of the trained
    // weights, so explicit --pan-search, --pan-consensus and --adaptive-threshold override the
    // front end's.
    request.pipeline.panSearch = try arguments.integer(
      "pan-search", default: request.pipeline.panSearch, in: 0...16)
    if let text = arguments.value("pan-consensus") {
      request.pipeline.panConsensus = try panConsensus(text)
    }
    if let text = arguments.value("adaptive-threshold") {
      request.pipeline.adaptiveThreshold = try adaptiveThreshold(text)
    }
    // The encoder shapes the spiking layer's input, so it cannot change under a trained front end.
    if let name = arguments.value("encoder") {
      let kind = try encoder(name)
      if request.frontEnd != nil && kind != request.pipeline.encoder {
        throw .usage(
          "--encoder \(name) differs from the front end's \(request.pipeline.encoder.name); "
            + "leave --encoder out or train a new front end")
      }
      request.pipeline.encoder = kind
    }
    request.frontEnd?.pipeline = request.pipeline
    if arguments.value("epochs") != nil {
      request.epochs = try arguments.integer("epochs", default: 1, in: 1...10_000)
    }
    request.stdpClips = try arguments.integer(
      "stdp-clips", default: request.stdpClips, in: 0...10_000_000)
    if let list = arguments.value("augment") {
      do throws(ConfigError) {
        request.augment = try ClipTransform.list(list)
      } catch {
        throw .usage("--augment: \(error.description)")
      }
    }
    if arguments.value("augment-variants") != nil {
      request.augmentVariants = try arguments.integer("augment-variants", default: 8, in: 1...8)
    }
    let perClass: Int? =
      arguments.value("clips-per-class") == nil
      ? nil : try arguments.integer("clips-per-class", default: 1, in: 1...1_000_000)
    let splits = ModelSupport.splits(data)
    let trainSplit = splits.contains("train") ? "train" : (splits.first ?? "train")
    let clips = try ModelSupport.clips(data, split: trainSplit, for: request.pipeline)
      .subsample(perClass: perClass)
    try ModelSupport.checkFrames(clips, request.pipeline, data: data)
    let validation =
      splits.contains("val")
      ? try ModelSupport.clips(data, split: "val", for: request.pipeline) : nil
    console.err(
      "training the \(head.name) head on \(clips.clipCount) '\(trainSplit)' clips"
        + (validation.map { ", validating on \($0.clipCount) 'val' clips" } ?? "")
        + "; \(request.pipeline.neurons) spiking neurons, \(request.pipeline.features) features "
        + "per frame" + (request.frontEnd == nil ? "" : "; front end from \(arguments.value("front-end")!)")
        + "\n")
    let progress = ProgressLine(console: console)
    let model: any AnyFloatClassifierModel
    do throws(ConfigError) {
      model = try head.trainModel(clips, validation: validation, request: request) {
        progress.report($0, $1, $2, $3)
      }
    } catch {
      throw .badInput("cannot train this configuration: \(error.description)")
    }
    do throws(ModelError) {
      try model.write(
        board: arguments.value("board-name") ?? "unspecified", path: out,
        extraMetadata: ModelSupport.trainingMetadata(clips, split: trainSplit, validation: validation))
    } catch {
      throw ModelSupport.cliError(error)
    }
    console.err("wrote \(out)\n")
  }

  /// `--pan-consensus GRID:MARGIN:QUORUM` (e.g. `4:2:50`), or `off`.
  static func panConsensus(_ text: String) throws(CLIError) -> PanConsensus? {
    if text == "off" { return nil }
    let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
    guard parts.count == 3, let grid = parts[0], let margin = parts[1], let quorum = parts[2] else {
      throw .usage("--pan-consensus takes GRID:MARGIN:QUORUM (e.g. 4:2:50) or off, got '\(text)'")
    }
    let rule = PanConsensus(grid: grid, margin: margin, quorum: quorum)
    do throws(EncoderError) {
      try rule.validate()
    } catch {
      throw .usage("--pan-consensus: \(error.description)")
    }
    return rule
  }

  /// `--adaptive-threshold RANGE:NOISE:MIN:MAX` (e.g. `160:8:4:32`), or `off`.
  static func adaptiveThreshold(_ text: String) throws(CLIError) -> EventThresholdAdaptation? {
    if text == "off" { return nil }
    let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
    guard parts.count == 4, let r = parts[0], let k = parts[1], let lo = parts[2], let hi = parts[3]
    else {
      throw .usage(
        "--adaptive-threshold takes RANGE:NOISE:MIN:MAX (e.g. 160:8:4:32) or off, got '\(text)'")
    }
    let rule = EventThresholdAdaptation(rangeReference: r, noiseGain: k, minimum: lo, maximum: hi)
    do throws(EncoderError) {
      try rule.validate()
    } catch {
      throw .usage("--adaptive-threshold: \(error.description)")
    }
    return rule
  }

  /// The encoder `--encoder NAME` names, or a usage error listing the names.
  static func encoder(_ name: String) throws(CLIError) -> PipelineEncoder {
    do throws(ConfigError) {
      return try PipelineEncoder(name: name)
    } catch {
      throw .usage("--encoder: \(error.description)")
    }
  }
}

/// The keys of the `train --config` JSON file that every head shares (snake case): the front
/// end's and the STDP stage's. Each head reads its own keys from the same file; keys no one
/// knows are ignored.
struct TrainingConfigFile: Decodable {
  /// `adaptive_threshold`: `{"range_reference": 160, "noise_gain": 8, "minimum": 4, "maximum": 32}`.
  struct AdaptationKeys: Decodable {
    var rangeReference: Int
    var noiseGain: Int
    var minimum: Int
    var maximum: Int
  }

  /// `pan_consensus`: `{"grid": 4, "margin": 2, "quorum": 50}`.
  struct ConsensusKeys: Decodable {
    var grid: Int
    var margin: Int
    var quorum: Int
  }

  /// `input`: `{"width": 32, "height": 32}`, the network input (default 64×64); a data set's
  /// larger frames are area-downscaled to it as `run` scales a camera frame.
  struct InputKeys: Decodable {
    var width: Int
    var height: Int
  }

  var input: InputKeys?
  var timesteps: Int?
  var eventThreshold: Int?
  var delayLine: Bool?
  var delayFrames: Int?
  var features: String?
  var patch: Int?
  var stride: Int?
  var perColumn: Int?
  var winners: Int?
  var poolShift: Int?
  var tokens: Int?
  var panSearch: Int?
  var panConsensus: ConsensusKeys?
  var adaptiveThreshold: AdaptationKeys?
  var encoder: String?
  var stdpClips: Int?

  /// The message of a decoding error: what the value was refused for.
  static func reason(_ error: any Error) -> String {
    if case DecodingError.dataCorrupted(let context) = error { return context.debugDescription }
    return "\(error)"
  }

  static func apply(_ path: String, to r: inout TrainingRequest) throws(CLIError) {
    let data = Data(try ModelSupport.readSmallFile(path, what: "no such config file"))
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    let c: TrainingConfigFile
    do {
      c = try decoder.decode(TrainingConfigFile.self, from: data)
    } catch {
      throw .badInput("\(path): not a training config (\(error)); keys are snake_case, e.g. \"epochs\"")
    }
    r.config = data
    if let v = c.input {
      r.pipeline.width = v.width
      r.pipeline.height = v.height
    }
    if let v = c.timesteps { r.pipeline.timesteps = v }
    if let v = c.eventThreshold { r.pipeline.eventThreshold = v }
    if let v = c.delayLine { r.pipeline.delayLine = v }
    if let v = c.delayFrames { r.pipeline.delayFrames = v }
    if let v = c.features {
      do throws(ConfigError) {
        r.pipeline.featureSet = try FeatureSet(name: v)
      } catch {
        throw .badInput("\(path): \(error.description)")
      }
    }
    if let v = c.patch { r.pipeline.patch = v }
    if let v = c.stride { r.pipeline.stride = v }
    if let v = c.perColumn { r.pipeline.perColumn = v }
    if let v = c.winners { r.pipeline.winners = v }
    if let v = c.poolShift { r.pipeline.poolShift = v }
    if let v = c.tokens { r.pipeline.tokens = v }
    if let v = c.panSearch { r.pipeline.panSearch = v }
    if let v = c.adaptiveThreshold {
      r.pipeline.adaptiveThreshold = EventThresholdAdaptation(
        rangeReference: v.rangeReference, noiseGain: v.noiseGain, minimum: v.minimum,
        maximum: v.maximum)
    }
    if let v = c.panConsensus {
      r.pipeline.panConsensus = PanConsensus(grid: v.grid, margin: v.margin, quorum: v.quorum)
    }
    if let v = c.encoder {
      do throws(ConfigError) {
        r.pipeline.encoder = try PipelineEncoder(name: v)
      } catch {
        throw .badInput("\(path): \(error.description)")
      }
    }
    if let v = c.stdpClips { r.stdpClips = v }
    // `neuron`, `connection`, `homeostasis`, `stdp_kernel`: the paper's options for the
    // layer (receptive fields are its own scheme, so `fields` is the default).
    do {
      var layer = try decoder.decode(LayerOptions.self, from: data)
      if layer.connection == .fields { layer.connection = nil }
      r.pipeline.layer = layer
    } catch {
      throw .badInput("\(path): \(TrainingConfigFile.reason(error))")
    }
    do throws(ConfigError) {
      try r.pipeline.validate()
    } catch {
      throw .badInput("\(path): \(error.description)")
    }
  }
}
