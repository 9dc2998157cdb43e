import Foundation
import SpikeCore
import SpikeModel
import SpikeSystem

/// One `spikecam run --learn`: the spiking layer keeps learning on the live stream by the
/// settings of `OnDeviceLearning` (integer STDP with stochastic rounding, θ adaptation) while
/// the run classifies with any head; or, with a reward source (`--reward-label`, `--rewards`),
/// a head that learns from labels (the paper's column) learns by integer R-STDP from every
/// window that has a label, the front end fixed. This session counts the frames, switches θ
/// adaptation and saves the adapted model atomically to `--save` at the end (a signal
/// included) and every `--save-every` frames. The per-frame work allocates nothing; only
/// saving does.
struct LearningSession {
  /// A learning pipeline of any head.
  typealias Pipeline = any FrameClassifier<SpikeFeatureExtractor, Decision>

  let base: any AnyQuantizedClassifierModel
  let settings: OnDeviceLearning
  let savePath: String
  let saveEvery: Int?
  /// The base model's `training_data`, kept in the adapted model.
  var carriedMetadata: [String: String] = [:]
  /// Where the head's labels come from; nil: the front end learns by STDP instead.
  var rewards: RewardLabels?

  init(
    base: any AnyQuantizedClassifierModel, settings: OnDeviceLearning, savePath: String,
    saveEvery: Int?, theta: (plus: Int32, decay: Int32)
  ) {
    (self.base, self.settings, self.savePath, self.saveEvery, self.theta) =
      (base, settings, savePath, saveEvery, theta)
  }
  /// Frames seen, frames the front end learned from, windows the head learned from.
  private(set) var frames = 0
  private(set) var learned = 0
  private(set) var rewarded = 0
  /// The label of the frame being pushed.
  private var label: Int?
  private var learningNow = false
  /// θ adaptation of learned frames (training's values), computed once.
  private let theta: (plus: Int32, decay: Int32)

  /// The learning settings from `run`'s options, or nil without `--learn`.
  static func from(_ arguments: ParsedArguments, model: any AnyQuantizedClassifierModel)
    throws(CLIError) -> LearningSession?
  {
    let extras = ["save", "learn-rate", "learn-every", "save-every", "reward-label", "rewards"].filter {
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
    session.rewards = try rewards(arguments, model: model)
    return session
  }

  /// `--reward-label NAME` or `--rewards FILE`, for a head that learns from labels.
  static func rewards(_ arguments: ParsedArguments, model: any AnyQuantizedClassifierModel)
    throws(CLIError) -> RewardLabels?
  {
    let fixed = arguments.value("reward-label")
    let file = arguments.value("rewards")
    guard fixed != nil || file != nil else { return nil }
    guard fixed == nil || file == nil else {
      throw .usage("give one of --reward-label NAME or --rewards FILE")
    }
    guard model.headLearnsFromLabels else {
      throw .usage(
        "--reward-label and --rewards teach a head that learns from labels (the paper's column, "
          + "`train --head column`); this model's head does not: use --learn alone to adapt "
          + "its spiking layer")
    }
    for option in ["learn-rate", "learn-every"] where arguments.value(option) != nil {
      throw .usage(
        "--\(option) sets the spiking layer's STDP; with rewards the head learns at its "
          + "training rate and the spiking layer stays")
    }
    if let fixed {
      guard let index = RewardLabels.classIndex(fixed, classNames: model.classNames) else {
        throw .usage(
          "--reward-label '\(TerminalText.safe(fixed))' is not a class of the model ("
            + model.classNames.joined(separator: ", ") + ", or an index)")
      }
      return .fixed(index)
    }
    return .schedule(try RewardSchedule(path: file!, classNames: model.classNames))
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

  /// The learning pipeline for the model (with rewards, its front end does not learn).
  func makePipeline() throws(CLIError) -> Pipeline {
    do throws(ConfigError) {
      return try base.makePipeline(learning: rewards == nil ? settings : nil)
    } catch {
      throw .badInput("cannot learn with this model: \(error.description)")
    }
  }

  /// Before a frame: whether the front end learns from it and the label the head learns the
  /// frame's window from (with rewards); switches θ adaptation when that changes. A reward
  /// file that cannot be read or parsed any further is an error.
  mutating func beforeFrame(_ pipeline: inout Pipeline) throws(CLIError) -> (
    learn: Bool, label: Int?
  ) {
    if rewards != nil {
      label = try rewards!.label(forFrame: frames)
      frames += 1
      return (false, label)
    }
    let (learn, adapt) = settings.plan(frame: frames)
    frames += 1
    if adapt != learningNow {
      // Cannot fail: the same values validated when the pipeline was built.
      try? pipeline.extractor.setThetaAdaptation(adapt ? theta : nil)
      learningNow = adapt
    }
    if learn { learned += 1 }
    return (learn, nil)
  }

  /// After a frame (`decided`: it completed a window): counts a rewarded window, and saves
  /// when `--save-every` frames have passed. A failed periodic save is reported and the run
  /// goes on (the final save reports it as an error).
  mutating func afterFrame(_ pipeline: Pipeline, decided: Bool, console: Console) {
    if decided && label != nil { rewarded += 1 }
    guard let saveEvery, frames % saveEvery == 0 else { return }
    do throws(CLIError) {
      try save(pipeline)
    } catch {
      console.err("warning: \(error.message); still learning\n")
    }
  }

  /// Writes the adapted model (temp file, fsync, rename; 0644).
  func save(_ pipeline: Pipeline) throws(CLIError) {
    let model = base.adaptedModel(
      from: pipeline, frames: learned, windows: rewarded, learning: settings)
    do throws(ModelError) {
      try model.write(board: model.board, path: savePath, extraMetadata: carriedMetadata)
    } catch {
      throw ModelSupport.cliError(error)
    }
  }

  /// Best-effort save when the run stops on an error: the learned frames are not lost.
  func saveAfterFailure(_ pipeline: Pipeline, console: Console) {
    guard learned > 0 || rewarded > 0 else { return }
    do throws(CLIError) {
      try save(pipeline)
      console.err(summary + " (before the error below)\n")
    } catch {
      console.err("warning: \(error.message); the frames learned are lost\n")
    }
  }

  /// The closing line on stderr.
  var summary: String {
    if rewards != nil {
      return "the head learned from \(rewarded) rewarded windows of \(frames) frames (R-STDP); "
        + "model saved to \(savePath)"
    }
    return "learned from \(learned) of \(frames) frames (rate \(settings.rateText), every "
      + "\(settings.every)); model saved to \(savePath)"
  }
}
