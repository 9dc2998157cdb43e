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
  public var model: FloatPopulationClassifierModel
  /// The head of the best validation epoch so far (the current one without validation).
  public var best: FloatPopulationHeadParameters
  /// Its validation accuracy (−1 before any epoch).
  public var bestAccuracy: Double

  /// Writes the checkpoint atomically (temporary file, fsync, rename).
  public func write(directory: String) throws(ModelError) {
    var w = SafetensorsWriter()
    let c = model.config
    w.add("rstdp.weight", model.head.weights, shape: [c.neurons, c.features])
    w.add("rstdp.threshold", model.head.thresholds, shape: [c.neurons])
    w.add("rstdp.inhibition", [model.head.inhibition, model.head.selfInhibition], shape: [2])
    w.add("best.weight", best.weights, shape: [c.neurons, c.features])
    w.add("best.threshold", best.thresholds, shape: [c.neurons])
    w.add("best.inhibition", [best.inhibition, best.selfInhibition], shape: [2])
    w.add("snn.weight", model.weights, shape: [model.weights.count])
    w.add("snn.theta", model.theta, shape: [model.theta.count])
    w.metadata = PopulationModelFile.metadata(
      model.pipeline, c, model.classNames, kind: "float", board: "unspecified")
    try Self.file.write(
      w,
      .init(epochsDone: epochsDone, fingerprint: fingerprint, bestAccuracy: bestAccuracy),
      directory: directory)
  }

  /// Reads the checkpoint in `directory`; nil when there is none.
  public static func read(directory: String) throws(ModelError) -> PopulationTrainingCheckpoint? {
    guard let (file, header) = try Self.file.read(directory: directory) else { return nil }
    guard case .populationFloat(let model) = try PopulationModelFile.read(file) else {
      throw ModelError(.badMetadata, file: file.file, field: "__metadata__.kind", "not float")
    }
    let c = model.config
    let inhibition = try file.floats("best.inhibition", shape: [2])
    let best = FloatPopulationHeadParameters(
      weights: try file.floats("best.weight", shape: [c.neurons, c.features]),
      thresholds: try file.floats("best.threshold", shape: [c.neurons]),
      inhibition: inhibition[0], selfInhibition: inhibition[1])
    return PopulationTrainingCheckpoint(
      epochsDone: header.epochsDone, fingerprint: header.fingerprint, model: model, best: best,
      bestAccuracy: header.bestAccuracy)
  }
}
