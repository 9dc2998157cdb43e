import SpikeCore

/// A training checkpoint of either head: how `train --resume` finds and checks it.
protocol ResumableTrainingCheckpoint {
  /// The head whose training it holds.
  associatedtype Head: ClassifierHead
  /// The checkpoint's file in its folder.
  static var file: TrainingCheckpointFile { get }
  /// Options and data of the run that wrote it.
  var fingerprint: String { get }
  /// Epochs finished (0: only the STDP stage).
  var epochsDone: Int { get }
  /// Front end and the head as it is now.
  var model: FloatClassifierModel<Head> { get }
  /// Validation accuracy of the best epoch (−1 before any epoch).
  var bestAccuracy: Double { get }
  /// The checkpoint in `directory`, nil if there is none.
  static func read(directory: String) throws(ModelError) -> Self?
  /// Writes the checkpoint atomically into `directory`.
  func write(directory: String) throws(ModelError)
}

extension ResumableTrainingCheckpoint {
  /// Writes the checkpoint into the run's checkpoint folder; nothing when it keeps none.
  func save(_ run: TrainingRun) throws(ConfigError) {
    try ClassifierTrainer.save(into: run.checkpoint) { (directory) throws(ModelError) in
      try write(directory: directory)
    }
  }

  /// The checkpoint to continue: nil without `resume` or when `directory` holds none yet (a
  /// fresh start); an error when it is unreadable or belongs to another run.
  static func resume(_ directory: String?, resume: Bool, fingerprint: String)
    throws(ConfigError) -> Self?
  {
    guard resume, let directory else { return nil }
    let found: Self?
    do throws(ModelError) {
      found = try read(directory: directory)
    } catch {
      throw .inconsistent(
        "checkpoint: \(error.description); it cannot be resumed: delete "
          + "\(file.path(directory)) and train again without --resume")
    }
    if let found, found.fingerprint != fingerprint {
      throw .inconsistent(
        "checkpoint: \(directory) belongs to another run (options or data differ); "
          + "resume with the same options and data, or start without --resume")
    }
    return found
  }

  /// The start of a run: the checkpoint to continue (`resume(_:resume:fingerprint:)`), and the
  /// front end it holds, else `given`, else one trained by STDP on `clips`.
  static func start(
    _ clips: ClipSet, _ pipeline: PipelineConfig, stdpClips: Int, run: TrainingRun,
    fingerprint: String
  ) throws(ConfigError) -> (resumed: Self?, frontEnd: FloatFrontEnd) {
    let resumed = try Self.resume(run.checkpoint, resume: run.resume, fingerprint: fingerprint)
    let frontEnd = try ClassifierTrainer.frontEnd(
      resumed?.model.frontEnd ?? run.frontEnd, clips, pipeline, stdpClips, run.progress)
    return (resumed, frontEnd)
  }
}

extension ResumableTrainingCheckpoint {
  /// The checkpoint file in `directory` (nil when there is none), its header, and the float
  /// model of head `Head` it holds (refused when it holds another).
  static func readModel<Head: ClassifierHead>(_: Head.Type, _ directory: String)
    throws(ModelError)
    -> (file: SafetensorsFile, header: TrainingCheckpointFile.Header, model: FloatClassifierModel<Head>)?
  {
    guard let (file, header) = try Self.file.read(directory: directory) else { return nil }
    guard case .float(let read) = try ClassifierModelFile.read(file),
      let model = read as? FloatClassifierModel<Head>
    else {
      throw ModelError(
        .badMetadata, file: file.file, field: "__metadata__.kind",
        "is not a float \(Head.name) model; delete the checkpoint and train without --resume")
    }
    return (file, header, model)
  }
}

extension AttentionTrainingCheckpoint: ResumableTrainingCheckpoint {}
extension PopulationTrainingCheckpoint: ResumableTrainingCheckpoint {}
