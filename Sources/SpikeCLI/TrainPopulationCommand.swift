import Foundation
import SpikeSystem
import SpikeCore
import SpikeModel
import SpikeReference

extension Commands {
  /// `spikecam train --head rstdp …`: the STDP stage (or `--front-end MODEL`'s trained layer),
  /// then R-STDP trials of the class populations; writes the float model atomically. Takes the
  /// same data, config, seed, epochs and clip options as the attention head.
  static func trainPopulation(_ arguments: ParsedArguments, _ console: Console) throws(CLIError) {
    let data = try arguments.required("data")
    let out = try arguments.required("out")
    var options = PopulationTrainingOptions()
    if let path = arguments.value("config") {
      var shared = ClassifierTrainingOptions()
      shared.stdpClips = options.stdpClips
      try TrainingConfigFile.apply(path, to: &shared)
      options.pipeline = shared.pipeline
      options.stdpClips = shared.stdpClips
      try PopulationConfigFile.apply(path, to: &options)
    }
    let seed = try arguments.integer("seed", default: 1, in: 0...Int(UInt32.max))
    options.pipeline.seed = UInt32(seed)
    options.seed = UInt32(seed)
    options.epochs = try arguments.integer("epochs", default: options.epochs, in: 1...10_000)
    options.stdpClips = try arguments.integer(
      "stdp-clips", default: options.stdpClips, in: 0...10_000_000)
    let perClass: Int? =
      arguments.value("clips-per-class") == nil
      ? nil : try arguments.integer("clips-per-class", default: 1, in: 1...1_000_000)
    var frontEnd: (weights: [Float], theta: [Float])?
    if let path = arguments.value("front-end") {
      let source = try ModelSupport.floatTwin(path)
      switch source {
      case .float(let m):
        options.pipeline = m.pipeline
        frontEnd = (m.weights, m.theta)
      case .populationFloat(let m):
        options.pipeline = m.pipeline
        frontEnd = (m.weights, m.theta)
      case .int8, .populationInt8:
        break
      }
    }
    // After --front-end: the encoder setting is not part of the trained weights, so an explicit
    // --pan-search overrides the front end's.
    options.pipeline.panSearch = try arguments.integer(
      "pan-search", default: options.pipeline.panSearch, in: 0...16)
    // The encoder shapes the spiking layer's input, so it cannot change under a trained front end.
    if let name = arguments.value("encoder") {
      let kind = try encoder(name)
      if frontEnd != nil && kind != options.pipeline.encoder {
        throw .usage(
          "--encoder \(name) differs from the front end's \(options.pipeline.encoder.name); "
            + "leave --encoder out or train a new front end")
      }
      options.pipeline.encoder = kind
    }
    let checkpoint = try checkpointFolder(arguments)
    let splits = ModelSupport.splits(data)
    let trainSplit = splits.contains("train") ? "train" : (splits.first ?? "train")
    let clips = try ModelSupport.clips(data, split: trainSplit).subsample(perClass: perClass)
    try ModelSupport.checkFrames(clips, options.pipeline, data: data)
    let validation = splits.contains("val") ? try ModelSupport.clips(data, split: "val") : nil
    console.err(
      "training the R-STDP head on \(clips.clipCount) '\(trainSplit)' clips"
        + (validation.map { ", validating on \($0.clipCount) 'val' clips" } ?? "")
        + "; \(options.pipeline.neurons) spiking neurons, \(options.pipeline.features) features "
        + "per frame, \(options.perClass) neurons per class"
        + (frontEnd == nil ? "" : "; front end from \(arguments.value("front-end")!)") + "\n")
    let progress = ProgressLine(console: console)
    let model: FloatPopulationClassifierModel
    do throws(ConfigError) {
      model = try PopulationClassifierTrainer.train(
        clips, validation: validation, options: options, frontEnd: frontEnd,
        checkpoint: checkpoint, resume: arguments.flag("resume")
      ) { progress.report($0, $1, $2, $3) }
    } catch {
      throw .badInput("cannot train this configuration: \(error.description)")
    }
    do throws(ModelError) {
      try PopulationModelFile.write(
        model, board: arguments.value("board-name") ?? "unspecified", path: out)
    } catch {
      throw ModelSupport.cliError(error)
    }
    console.err("wrote \(out)\n")
  }
}

/// The R-STDP head's keys of the `train --config` file (the shared keys are read by
/// `TrainingConfigFile`; unknown keys are ignored by both).
struct PopulationConfigFile: Decodable {
  var perClass: Int?
  var substeps: Int?
  var rstdpEpochs: Int?
  var rstdpLearningRate: Float?
  var rstdpTargetSpikes: Float?
  var rstdpInhibitionRatio: Float?
  var rstdpSelfInhibitionRatio: Float?
  var rstdpPunishFraction: Float?
  var rstdpScaleUpdates: Bool?

  static func apply(_ path: String, to o: inout PopulationTrainingOptions) throws(CLIError) {
    let data = Data(try ModelSupport.readSmallFile(path, what: "no such config file"))
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    let c: PopulationConfigFile
    do {
      c = try decoder.decode(PopulationConfigFile.self, from: data)
    } catch {
      throw .badInput("\(path): not a training config (\(error)); keys are snake_case")
    }
    if let v = c.perClass { o.perClass = v }
    if let v = c.substeps { o.substeps = v }
    if let v = c.rstdpEpochs { o.epochs = v }
    if let v = c.rstdpLearningRate { o.settings.learningRate = v }
    if let v = c.rstdpTargetSpikes { o.settings.targetSpikes = v }
    if let v = c.rstdpInhibitionRatio { o.settings.inhibitionRatio = v }
    if let v = c.rstdpSelfInhibitionRatio { o.settings.selfInhibitionRatio = v }
    if let v = c.rstdpPunishFraction { o.settings.punishFraction = v }
    if let v = c.rstdpScaleUpdates { o.scaleUpdates = v }
  }
}
