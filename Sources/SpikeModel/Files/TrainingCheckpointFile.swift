import SpikeSystem

/// What every training checkpoint shares (both heads): a safetensors file in the checkpoint
/// folder, written atomically like a model, whose metadata names its format and holds the
/// epochs finished, the run's fingerprint and the best validation accuracy so far.
public struct TrainingCheckpointFile: Sendable {
  /// Value of `__metadata__.format`.
  public var format: String
  /// File name inside the checkpoint folder.
  public var fileName: String

  /// The header values of one checkpoint.
  public struct Header: Sendable, Equatable {
    /// Epochs finished (0: only the STDP stage).
    public var epochsDone: Int
    /// Describes the run (options, data); a resume must match it exactly.
    public var fingerprint: String
    /// Best validation accuracy so far (−1 before any epoch or without validation).
    public var bestAccuracy: Double
  }

  /// A checkpoint kind.
  public init(format: String, fileName: String) {
    (self.format, self.fileName) = (format, fileName)
  }

  /// The checkpoint's path in `directory`.
  public func path(_ directory: String) -> String { directory + "/" + fileName }

  /// Stamps `header` into `w`'s metadata and writes it durably (`DurableFile`) into
  /// `directory`.
  public func write(_ w: SafetensorsWriter, _ header: Header, directory: String)
    throws(ModelError)
  {
    var w = w
    w.metadata["format"] = format
    w.metadata["epochs_done"] = String(header.epochsDone)
    w.metadata["fingerprint"] = header.fingerprint
    w.metadata["best_accuracy"] = String(header.bestAccuracy)
    try w.write(path: path(directory))
  }

  /// Reads and checks (checksum, header) the checkpoint in `directory`; nil when there is none.
  /// The returned file's `format` is set to the model format, so the model inside reads with
  /// the model readers.
  public func read(directory: String) throws(ModelError) -> (SafetensorsFile, Header)? {
    let path = path(directory)
    guard InputFile.exists(path) else { return nil }
    var file = try SafetensorsFile.read(path: path)
    func bad(_ field: String) -> ModelError {
      ModelError(
        .badMetadata, file: path, field: "__metadata__.\(field)",
        "missing or invalid; delete the folder's checkpoint and train without --resume")
    }
    guard file.metadata["format"] == format else { throw bad("format") }
    guard let done = file.metadata["epochs_done"].flatMap({ Int($0) }), done >= 0 else {
      throw bad("epochs_done")
    }
    guard let fingerprint = file.metadata["fingerprint"] else { throw bad("fingerprint") }
    guard let accuracy = file.metadata["best_accuracy"].flatMap({ Double($0) }) else {
      throw bad("best_accuracy")
    }
    file.metadata["format"] = ClassifierModelFile.format
    return (file, Header(epochsDone: done, fingerprint: fingerprint, bestAccuracy: accuracy))
  }
}
