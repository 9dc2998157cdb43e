import Foundation
import SpikeCore
import SpikeReference

/// The state of an R-STDP training run after its STDP stage (`epochsDone` 0) or after an epoch:
/// enough to continue it to the same result as an uninterrupted run. The trial order is not
/// stored: it is replayed from the seed (one shuffle per finished epoch); the feature windows
/// are recomputed from the stored front end (deterministic).
public struct PopulationTrainingCheckpoint: Sendable {
  /// The file: format and name in the checkpoint folder.
  public static let file = TrainingCheckpointFile(
    format: "spikecam.rstdp-checkpoint", fileName: "rstdp-checkpoint.safetensors")
  /// Value of `__metadata__.format`.
  public static var format: String { file.format }
  /// File name inside the checkpoint folder.
  public static var fileName: String { file.fileName }

  /// Epochs finished (0: only the STDP stage).
  public var epochsDone: Int
  /// Describes the run (options, data size); a resume must match it exactly.
  public var fingerprint: String
  /// Front end and the head as it is now.
  public var model: FloatClassifierModel<PopulationClassifierHead>
  /// The head of the best validation epoch so far (the current one without validation).
  public var best: FloatPopulationHeadParameters
  /// Its validation accuracy (−1 before any epoch).
  public var bestAccuracy: Double

  /// Makes a checkpoint value: `model` with its head's parameters set to `head`.
  public init(
    epochsDone: Int, fingerprint: String, model: FloatClassifierModel<PopulationClassifierHead>,
    head: FloatPopulationHeadParameters, best: FloatPopulationHeadParameters, bestAccuracy: Double
  ) {
    (self.epochsDone, self.fingerprint, self.model, self.best, self.bestAccuracy) =
      (epochsDone, fingerprint, model, best, bestAccuracy)
    self.model.head.parameters = head
  }

  /// Writes the checkpoint atomically (temporary file, fsync, rename).
  public func write(directory: String) throws(ModelError) {
    var w = model.image(board: "unspecified")
    best.write(prefix: "best.", model.head.config, to: &w)
    try Self.file.write(
      w,
      .init(epochsDone: epochsDone, fingerprint: fingerprint, bestAccuracy: bestAccuracy),
      directory: directory)
  }

  /// Reads the checkpoint in `directory`; nil when there is none.
  public static func read(directory: String) throws(ModelError) -> PopulationTrainingCheckpoint? {
    guard let (file, header, model) = try readModel(PopulationClassifierHead.self, directory)
    else { return nil }
    let best = try FloatPopulationHeadParameters.read(file, prefix: "best.", model.head.config)
    return PopulationTrainingCheckpoint(
      epochsDone: header.epochsDone, fingerprint: header.fingerprint, model: model,
      head: model.head.parameters, best: best, bestAccuracy: header.bestAccuracy)
  }
}
