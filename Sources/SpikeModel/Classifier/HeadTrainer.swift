import SpikeCore

/// A head's training options: the front-end settings every head shares, and how they are read
/// from a `train` request (the shared values first, then the head's keys of `--config`).
public protocol HeadTrainingOptions: Sendable {
  /// Front end.
  var pipeline: PipelineConfig { get set }
  /// Seed of the head's initialisation and of the order of training.
  var seed: UInt32 { get set }
  /// Clips shown to the spiking layer during the unsupervised STDP stage.
  var stdpClips: Int { get set }
  /// The options of a `train` request.
  init(_ request: TrainingRequest) throws(ConfigError)
}

extension HeadTrainingOptions {
  /// Takes `request`'s shared options and returns this head's keys of its `--config` file (nil
  /// without one), for the head to apply over its defaults.
  mutating func takeShared<Keys: Decodable>(_ request: TrainingRequest, keys: Keys.Type)
    throws(ConfigError) -> Keys?
  {
    pipeline = request.pipeline
    seed = request.seed
    stdpClips = request.stdpClips
    return try ClassifierTrainer.configKeys(request.config, as: Keys.self)
  }
}

/// How a head is trained: its options and its two-stage run (STDP of the front end, then the
/// head), checkpointed and resumable.
public protocol HeadTrainer {
  /// The head it trains.
  associatedtype Head: ClassifierHead
  /// Its settings.
  associatedtype Options: HeadTrainingOptions
  /// Runs both stages: STDP of the front end (unless `run` gives one or resumes a checkpoint
  /// that holds one), then the head's epochs. Keeps the head of the epoch with the best
  /// validation accuracy when `run.validation` is given (else the last). With
  /// `run.checkpoint`, a checkpoint is written atomically after the STDP stage and after every
  /// epoch; `run.resume` continues one of the same run (same options and data, else an error),
  /// giving the same model as an uninterrupted run.
  static func train(_ clips: ClipSet, options: Options, run: TrainingRun)
    throws(ConfigError) -> FloatClassifierModel<Head>
}

/// What one training run needs beside the clips and the head's options: the validation clips
/// that pick the best epoch, a front end to keep, the checkpoint folder, whether to resume
/// from it, an early stop, and where progress goes.
public struct TrainingRun {
  /// Clips scored after every epoch; the best epoch's head is kept (else the last).
  public var validation: ClipSet?
  /// Weights and θ of a trained model with the same pipeline: no STDP stage.
  public var frontEnd: FloatFrontEnd?
  /// Folder written atomically after the STDP stage and after every epoch.
  public var checkpoint: String?
  /// Continue the run checkpointed in `checkpoint` (same options and data, else an error).
  public var resume: Bool
  /// End after this many epochs (the model so far), as an interruption would.
  public var stopAfterEpochs: Int?
  /// Stage, step, total and a note, as the run goes.
  public var progress: ClassifierTrainer.Progress
}

extension HeadTrainer {
  /// Runs both stages with the run's settings given one by one.
  public static func train(
    _ clips: ClipSet, validation: ClipSet?, options: Options, frontEnd: FloatFrontEnd? = nil,
    checkpoint: String? = nil, resume: Bool = false, stopAfterEpochs: Int? = nil,
    progress: ClassifierTrainer.Progress
  ) throws(ConfigError) -> FloatClassifierModel<Head> {
    // The run holds `progress` only while it trains.
    try withoutActuallyEscaping(progress) { (progress) throws(ConfigError) in
      try train(
        clips, options: options,
        run: TrainingRun(
          validation: validation, frontEnd: frontEnd, checkpoint: checkpoint, resume: resume,
          stopAfterEpochs: stopAfterEpochs, progress: progress))
    }
  }
}

extension ClassifierHead {
  /// Trains the head with its `Trainer` on everything `request` gives: options, front end,
  /// checkpoint folder and early stop.
  public static func train(
    _ clips: ClipSet, validation: ClipSet?, request r: TrainingRequest,
    progress: ClassifierTrainer.Progress
  ) throws(ConfigError) -> FloatClassifierModel<Self> {
    try Trainer.train(
      clips, validation: validation, options: Trainer.Options(r), frontEnd: r.frontEnd,
      checkpoint: r.checkpoint, resume: r.resume, stopAfterEpochs: r.stopAfterEpochs,
      progress: progress)
  }
}
