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
  /// Runs both stages (the first unless `frontEnd` is given); see each trainer.
  static func train(
    _ clips: ClipSet, validation: ClipSet?, options: Options, frontEnd: FloatFrontEnd?,
    checkpoint: String?, resume: Bool, stopAfterEpochs: Int?, progress: ClassifierTrainer.Progress
  ) throws(ConfigError) -> FloatClassifierModel<Head>
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
