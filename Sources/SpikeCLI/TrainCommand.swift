import Foundation
import SpikeCore
import SpikeModel

extension Commands {
  /// `spikecam train --data DIR --out FLOAT.safetensors [--head NAME] [--config FILE] …`: the
  /// STDP stage of the spiking layer (or `--front-end MODEL`'s trained layer), then the head's
  /// own training; writes the float model atomically. Every head takes the same data, config,
  /// seed, epochs and clip options; the config file's other keys are the head's.
  static let trainRun: @Sendable (ParsedArguments, Console) throws(CLIError) -> Void = {
    arguments, console throws(CLIError) in
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
    // After --front-end: the encoder setting is not part of the trained weights, so an explicit
    // --pan-search overrides the front end's.
    request.pipeline.panSearch = try arguments.integer(
      "pan-search", default: request.pipeline.panSearch, in: 0...16)
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
    let clips = try ModelSupport.clips(data, split: trainSplit).subsample(perClass: perClass)
    try ModelSupport.checkFrames(clips, request.pipeline, data: data)
    let validation =
      splits.contains("val") ? try ModelSupport.clips(data, split: "val") : nil
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
      try model.write(board: arguments.value("board-name") ?? "unspecified", path: out)
    } catch {
      throw ModelSupport.cliError(error)
    }
    console.err("wrote \(out)\n")
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
  var timesteps: Int?
  var eventThreshold: Int?
  var delayLine: Bool?
  var patch: Int?
  var stride: Int?
  var perColumn: Int?
  var winners: Int?
  var poolShift: Int?
  var tokens: Int?
  var panSearch: Int?
  var encoder: String?
  var stdpClips: Int?

  static func apply(_ path: String, to r: inout TrainingRequest) throws(CLIError) {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .missingInput("\(path): no such config file")
    }
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    let c: TrainingConfigFile
    do {
      c = try decoder.decode(TrainingConfigFile.self, from: data)
    } catch {
      throw .badInput("\(path): not a training config (\(error)); keys are snake_case, e.g. \"epochs\"")
    }
    r.config = data
    if let v = c.timesteps { r.pipeline.timesteps = v }
    if let v = c.eventThreshold { r.pipeline.eventThreshold = v }
    if let v = c.delayLine { r.pipeline.delayLine = v }
    if let v = c.patch { r.pipeline.patch = v }
    if let v = c.stride { r.pipeline.stride = v }
    if let v = c.perColumn { r.pipeline.perColumn = v }
    if let v = c.winners { r.pipeline.winners = v }
    if let v = c.poolShift { r.pipeline.poolShift = v }
    if let v = c.tokens { r.pipeline.tokens = v }
    if let v = c.panSearch { r.pipeline.panSearch = v }
    if let v = c.encoder {
      do throws(ConfigError) {
        r.pipeline.encoder = try PipelineEncoder(name: v)
      } catch {
        throw .badInput("\(path): \(error.description)")
      }
    }
    if let v = c.stdpClips { r.stdpClips = v }
    do throws(ConfigError) {
      try r.pipeline.validate()
    } catch {
      throw .badInput("\(path): \(error.description)")
    }
  }
}
