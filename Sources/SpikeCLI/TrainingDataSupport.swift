import SpikeModel

/// The `training_data` record (`TrainingData`): written by `train`, carried by `quantize`, read
/// by `eval` to warn when it scores clips the model has seen.
extension ModelSupport {
  /// The metadata that records `clips` (from split `split`) and `validation` as training data.
  static func trainingMetadata(_ clips: ClipSet, split: String, validation: ClipSet?)
    -> [String: String]
  {
    let record = TrainingData(
      train: .init(clips, split: split), validation: validation.map { .init($0, split: "val") })
    return [TrainingData.metadataKey: record.json]
  }

  /// The record of the model file at `path` as metadata to copy into a model made from it
  /// (empty when it has none).
  static func carriedTrainingMetadata(_ path: String) -> [String: String] {
    guard let file = try? SafetensorsFile.read(path: path),
      let text = file.metadata[TrainingData.metadataKey]
    else { return [:] }
    return [TrainingData.metadataKey: text]
  }

  /// The record of the model at `path`, if it has a readable one.
  static func trainingData(_ path: String) -> TrainingData? {
    carriedTrainingMetadata(path)[TrainingData.metadataKey].flatMap { TrainingData(json: $0) }
  }
}

/// How many scored clips the model trained or validated on.
struct SeenClips {
  /// Scored clips among the training clips (nil: unknown).
  var trained: Int?
  /// Scored clips among the validation clips (nil: unknown or no validation).
  var validated: Int?
  /// The record's split names.
  var trainSplit: String
  var validationSplit: String?

  /// Compares the first `count` of `clips` with the record of the first of `paths` that has
  /// one; nil when none has.
  init?(_ all: ClipSet, first count: Int, models paths: [String]) {
    guard let record = paths.lazy.compactMap({ ModelSupport.trainingData($0) }).first else {
      return nil
    }
    let clips = all.first(count)
    trained = record.train.overlap(with: clips)
    validated = record.validation?.overlap(with: clips)
    trainSplit = record.train.split
    validationSplit = record.validation?.split
  }

  /// Warnings for stderr (empty when no scored clip was seen).
  func warnings(scored: Int) -> String {
    var text = ""
    if let n = trained, n > 0 {
      text +=
        "warning: \(n) of the \(scored) clips scored are clips the model trained on (its "
        + "'\(trainSplit)' split); their accuracy says little about new clips: score a held-out "
        + "split (e.g. --split test)\n"
    }
    if let n = validated, n > 0 {
      text +=
        "warning: \(n) of the \(scored) clips scored chose the model's training epoch (its "
        + "'\(validationSplit ?? "val")' split); report accuracy on a split that training never read\n"
    }
    return text
  }
}
