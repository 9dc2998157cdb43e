import Foundation
import SpikeCore
import SpikeModel

/// One `spikecam run --learn`: the spiking layer keeps learning on the live stream by the
/// settings of `OnDeviceLearning` (integer STDP with stochastic rounding, θ adaptation) while
/// the run classifies with any head; this session counts the frames, switches θ adaptation and
/// saves the adapted model atomically to `--save` at the end (a signal included) and every
/// `--save-every` frames. The per-frame work allocates nothing; only saving does.
struct LearningSession {
  /// A learning pipeline of any head.
  typealias Pipeline = any FrameClassifier<SpikeFeatureExtractor, Decision>

  let base: any AnyQuantizedClassifierModel
  let settings: OnDeviceLearning
  let savePath: String
  let saveEvery: Int?
  /// The base model's `training_data`, kept in the adapted model (its head is unchanged).
  var carriedMetadata: [String: String] = [:]

  init(
    base: any AnyQuantizedClassifierModel, settings: OnDeviceLearning, savePath: String,
    saveEvery: Int?, theta: (plus: Int32, decay: Int32)
  ) {
    (self.base, self.settings, self.savePath, self.saveEvery, self.theta) =
      (base, settings, savePath, saveEvery, theta)
  }
  /// Frames seen and frames learned in this run.
  private(set) var frames = 0
  private(set) var learned = 0
  private var learningNow = false
  /// θ adaptation of learned frames (training's values), computed once.
  private let theta: (plus: Int32, decay: Int32)

  /// The learning settings from `run`'s options, or nil without `--learn`.
  static func from(_ arguments: ParsedArguments, model: any AnyQuantizedClassifierModel)
    throws(CLIError) -> LearningSession?
  {
    let extras = ["save", "learn-rate", "learn-every", "save-every"].filter {
      arguments.value($0) != nil
    }
    guard arguments.flag("learn") else {
      if let first = extras.first { throw .usage("--\(first) goes with --learn") }
      return nil
    }
    guard let save = arguments.value("save") else {
      throw .usage("--learn needs --save PATH: where to write the adapted model")
    }
    let settings = OnDeviceLearning(
      rateShift: try rateShift(arguments.value("learn-rate")),
      every: try arguments.integer("learn-every", default: 1, in: 1...1 << 30))
    let saveEvery = arguments.value("save-every") == nil
      ? nil : try arguments.integer("save-every", default: 0, in: 1...Int.max)
    var session = LearningSession(
      base: model, settings: settings, savePath: save, saveEvery: saveEvery,
      theta: model.pipeline.trainingThetaAdaptation)
    session.carriedMetadata = ModelSupport.carriedTrainingMetadata(arguments.value("model") ?? "")
    return session
  }

  /// `--learn-rate R`: 1, 0.5, 0.25 … or 1/2, 1/16 …: the integer rule divides each update by
  /// a power of two. Default 1/256.
  static func rateShift(_ text: String?) throws(CLIError) -> Int {
    guard let text else { return OnDeviceLearning().rateShift }
    var rate: Double?
    if let slash = text.firstIndex(of: "/") {
      if let n = Double(text[..<slash]), let d = Double(text[text.index(after: slash)...]), d > 0 {
        rate = n / d
      }
    } else {
      rate = Double(text)
    }
    for k in 0...12 where rate == 1 / Double(1 << k) { return k }
    throw .usage(
      "--learn-rate takes a power of two from 1 down to 1/4096 (e.g. 1, 0.25, 1/16), got '\(text)'")
  }

  /// The learning pipeline for the model.
  func makePipeline() throws(CLIError) -> Pipeline {
    do throws(ConfigError) {
      return try base.makePipeline(learning: settings)
    } catch {
      throw .badInput("cannot learn with this model: \(error.description)")
    }
  }

  /// Before a frame: whether to learn from it; switches θ adaptation when that changes.
  mutating func beforeFrame(_ pipeline: inout Pipeline) -> Bool {
    let (learn, adapt) = settings.plan(frame: frames)
    frames += 1
    if adapt != learningNow {
      // Cannot fail: the same values validated when the pipeline was built.
      try? pipeline.extractor.setThetaAdaptation(adapt ? theta : nil)
      learningNow = adapt
    }
    if learn { learned += 1 }
    return learn
  }

  /// After a frame: saves when `--save-every` frames have passed. A failed periodic save is
  /// reported and the run goes on (the final save reports it as an error).
  func afterFrame(_ pipeline: Pipeline, console: Console) {
    guard let saveEvery, frames % saveEvery == 0 else { return }
    do throws(CLIError) {
      try save(pipeline)
    } catch {
      console.err("warning: \(error.message); still learning\n")
    }
  }

  /// Writes the adapted model (temp file, fsync, rename; 0644).
  func save(_ pipeline: Pipeline) throws(CLIError) {
    let model = base.adaptedModel(from: pipeline.extractor, frames: learned, learning: settings)
    do throws(ModelError) {
      try model.write(board: model.board, path: savePath, extraMetadata: carriedMetadata)
    } catch {
      throw ModelSupport.cliError(error)
    }
  }

  /// Best-effort save when the run stops on an error: the learned frames are not lost.
  func saveAfterFailure(_ pipeline: Pipeline, console: Console) {
    guard learned > 0 else { return }
    do throws(CLIError) {
      try save(pipeline)
      console.err(summary + " (before the error below)\n")
    } catch {
      console.err("warning: \(error.message); the frames learned are lost\n")
    }
  }

  /// The closing line on stderr.
  var summary: String {
    "learned from \(learned) of \(frames) frames (rate \(settings.rateText), every "
      + "\(settings.every)); model saved to \(savePath)"
  }
}
