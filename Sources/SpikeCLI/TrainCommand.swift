import Foundation
import SpikeSystem
import SpikeCore
import SpikeModel

extension Commands {
  /// `spikecam train --data DIR --out FLOAT.safetensors [--config FILE] [--seed N] …`: STDP for
  /// the spiking layer, then Adam for the attention head; writes the float model atomically.
  static let trainRun: @Sendable (ParsedArguments, Console) throws(CLIError) -> Void = {
    arguments, console throws(CLIError) in
    let data = try arguments.required("data")
    let out = try arguments.required("out")
    let head = arguments.value("head") ?? "attention"
    guard head == "attention" || head == "rstdp" else {
      throw .usage("--head takes attention or rstdp, got '\(head)'")
    }
    if head == "rstdp" { return try trainPopulation(arguments, console) }
    if arguments.value("front-end") != nil {
      throw .usage("--front-end is built for --head rstdp only")
    }
    let checkpoint = try checkpointFolder(arguments)
    var options = ClassifierTrainingOptions()
    if let path = arguments.value("config") { try TrainingConfigFile.apply(path, to: &options) }
    let seed = try arguments.integer("seed", default: 1, in: 0...Int(UInt32.max))
    options.pipeline.seed = UInt32(seed)
    options.seed = UInt32(seed)
    options.pipeline.panSearch = try arguments.integer(
      "pan-search", default: options.pipeline.panSearch, in: 0...16)
    if let name = arguments.value("encoder") { options.pipeline.encoder = try encoder(name) }
    options.epochs = try arguments.integer("epochs", default: options.epochs, in: 1...10_000)
    options.stdpClips = try arguments.integer(
      "stdp-clips", default: options.stdpClips, in: 0...10_000_000)
    if let list = arguments.value("augment") {
      options.augment = try TrainingConfigFile.transforms(list)
    }
    if arguments.value("augment-variants") != nil {
      options.augmentVariants = try arguments.integer("augment-variants", default: 8, in: 1...8)
    }
    let perClass: Int? =
      arguments.value("clips-per-class") == nil
      ? nil : try arguments.integer("clips-per-class", default: 1, in: 1...1_000_000)
    let splits = ModelSupport.splits(data)
    let trainSplit = splits.contains("train") ? "train" : (splits.first ?? "train")
    let clips = try ModelSupport.clips(data, split: trainSplit).subsample(perClass: perClass)
    try ModelSupport.checkFrames(clips, options.pipeline, data: data)
    let validation =
      splits.contains("val") ? try ModelSupport.clips(data, split: "val") : nil
    console.err(
      "training on \(clips.clipCount) '\(trainSplit)' clips"
        + (validation.map { ", validating on \($0.clipCount) 'val' clips" } ?? "")
        + "; \(options.pipeline.neurons) spiking neurons, \(options.pipeline.features) features per frame\n")
    let progress = ProgressLine(console: console)
    let model: FloatClassifierModel
    do throws(ConfigError) {
      model = try ClassifierTrainer.train(
        clips, validation: validation, options: options, checkpoint: checkpoint,
        resume: arguments.flag("resume")
      ) { progress.report($0, $1, $2, $3) }
    } catch {
      throw .badInput("cannot train this configuration: \(error.description)")
    }
    do throws(ModelError) {
      try ClassifierModelFile.write(model, board: arguments.value("board-name") ?? "unspecified", path: out)
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

/// The optional JSON file of `train --config`: any subset of these keys (snake case).
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
  var width: Int?
  var heads: Int?
  var hidden: Int?
  var stdpClips: Int?
  var epochs: Int?
  var learningRate: Float?
  var batchSize: Int?
  var augment: [String]?
  var augmentVariants: Int?

  /// `mirror,reverse` → transforms; `none` (or empty) → no augmentation.
  static func transforms(_ list: String) throws(CLIError) -> [ClipTransform] {
    var out: [ClipTransform] = []
    for name in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
    where !name.isEmpty && name != "none" {
      guard let t = ClipTransform(rawValue: name) else {
        throw .usage("augmentation '\(name)' is unknown; use mirror, flip, reverse or none")
      }
      out.append(t)
    }
    return out
  }

  static func apply(_ path: String, to o: inout ClassifierTrainingOptions) throws(CLIError) {
    let data = Data(try ModelSupport.readSmallFile(path, what: "no such config file"))
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    let c: TrainingConfigFile
    do {
      c = try decoder.decode(TrainingConfigFile.self, from: data)
    } catch {
      throw .badInput("\(path): not a training config (\(error)); keys are snake_case, e.g. \"epochs\"")
    }
    if let v = c.timesteps { o.pipeline.timesteps = v }
    if let v = c.eventThreshold { o.pipeline.eventThreshold = v }
    if let v = c.delayLine { o.pipeline.delayLine = v }
    if let v = c.patch { o.pipeline.patch = v }
    if let v = c.stride { o.pipeline.stride = v }
    if let v = c.perColumn { o.pipeline.perColumn = v }
    if let v = c.winners { o.pipeline.winners = v }
    if let v = c.poolShift { o.pipeline.poolShift = v }
    if let v = c.tokens { o.pipeline.tokens = v }
    if let v = c.panSearch { o.pipeline.panSearch = v }
    if let v = c.encoder {
      do throws(ConfigError) {
        o.pipeline.encoder = try PipelineEncoder(name: v)
      } catch {
        throw .badInput("\(path): \(error.description)")
      }
    }
    if let v = c.width { o.width = v }
    if let v = c.heads { o.heads = v }
    if let v = c.hidden { o.hidden = v }
    if let v = c.stdpClips { o.stdpClips = v }
    if let v = c.epochs { o.epochs = v }
    if let v = c.learningRate { o.learningRate = v }
    if let v = c.batchSize { o.batchSize = v }
    if let v = c.augment { o.augment = try transforms(v.joined(separator: ",")) }
    if let v = c.augmentVariants {
      guard v >= 1 else { throw .badInput("\(path): augment_variants must be at least 1") }
      o.augmentVariants = v
    }
    do throws(ConfigError) {
      try o.pipeline.validate()
    } catch {
      throw .badInput("\(path): \(error.description)")
    }
  }
}
