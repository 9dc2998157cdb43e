import Foundation
import SpikeCore
import SpikeReference

/// The state of an attention-head training run after its STDP stage (`epochsDone` 0) or after
/// an epoch: enough to continue it to the same model bytes as an uninterrupted run. Adam's
/// update count is the trainer's whole random state (each epoch's shuffle is seeded from it);
/// the augmentation's clip assignment is replayed from the seed and the feature windows are
/// recomputed from the stored front end (both deterministic), so neither is stored.
public struct AttentionTrainingCheckpoint: Sendable {
  /// The file: format and name in the checkpoint folder.
  public static let file = TrainingCheckpointFile(
    format: "spikecam.attention-checkpoint", fileName: "attention-checkpoint.safetensors")

  /// Epochs finished (0: only the STDP stage).
  public var epochsDone: Int
  /// Describes the run (options, data); a resume must match it exactly.
  public var fingerprint: String
  /// Front end and the head as it is now.
  public var model: FloatClassifierModel<AttentionClassifierHead>
  /// The head of the best validation epoch so far (the current one without validation).
  public var best: FloatAttentionParameters
  /// Its validation accuracy (−1 before any epoch).
  public var bestAccuracy: Double
  /// Adam's moment estimates, one array per head tensor (empty while `adamStep` is 0).
  public var adamFirst: [[Float]]
  /// Adam's second-moment estimates, shaped as `adamFirst`.
  public var adamSecond: [[Float]]
  /// Adam updates made so far.
  public var adamStep: Int

  /// Makes a checkpoint value: `model` with its head's parameters set to `head`.
  public init(
    epochsDone: Int, fingerprint: String, model: FloatClassifierModel<AttentionClassifierHead>,
    head: FloatAttentionParameters, best: FloatAttentionParameters, bestAccuracy: Double,
    adamFirst: [[Float]], adamSecond: [[Float]], adamStep: Int
  ) {
    (self.epochsDone, self.fingerprint, self.model, self.best, self.bestAccuracy, self.adamFirst,
     self.adamSecond, self.adamStep) =
      (epochsDone, fingerprint, model, best, bestAccuracy, adamFirst, adamSecond, adamStep)
    self.model.head.parameters = head
  }

  /// Writes the checkpoint atomically (temporary file, fsync, rename) into `directory`.
  public func write(directory: String) throws(ModelError) {
    var w = model.image(board: "unspecified")
    let c = model.head.config
    for t in AttentionTensor.allCases {
      w.add("best." + t.name, best[t], shape: t.shape(c))
      if adamStep > 0 {
        w.add("adam.m." + t.name, adamFirst[t.rawValue], shape: t.shape(c))
        w.add("adam.v." + t.name, adamSecond[t.rawValue], shape: t.shape(c))
      }
    }
    w.metadata["adam_step"] = String(adamStep)
    try Self.file.write(
      w, .init(epochsDone: epochsDone, fingerprint: fingerprint, bestAccuracy: bestAccuracy),
      directory: directory)
  }

  /// Reads and checks the checkpoint in `directory` (checksum, metadata, every tensor's
  /// shape); nil when there is none.
  public static func read(directory: String) throws(ModelError) -> AttentionTrainingCheckpoint? {
    guard let (file, header, model) = try readModel(AttentionClassifierHead.self, directory)
    else { return nil }
    guard let step = file.metadata["adam_step"].flatMap({ Int($0) }), step >= 0 else {
      throw ModelError(
        .badMetadata, file: file.file, field: "__metadata__.adam_step",
        "missing or invalid; delete the checkpoint and train without --resume")
    }
    let c = model.head.config
    var best = FloatAttentionParameters(zerosFor: c)
    var first: [[Float]] = []
    var second: [[Float]] = []
    for t in AttentionTensor.allCases {
      best.tensors[t.rawValue] = try file.floats("best." + t.name, shape: t.shape(c))
      if step > 0 {
        first.append(try file.floats("adam.m." + t.name, shape: t.shape(c)))
        second.append(try file.floats("adam.v." + t.name, shape: t.shape(c)))
      }
    }
    return AttentionTrainingCheckpoint(
      epochsDone: header.epochsDone, fingerprint: header.fingerprint, model: model,
      head: model.head.parameters, best: best, bestAccuracy: header.bestAccuracy,
      adamFirst: first, adamSecond: second, adamStep: step)
  }
}
