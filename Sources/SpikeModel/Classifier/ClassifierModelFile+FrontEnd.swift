import Foundation
import SpikeCore
import SpikeSystem

extension ClassifierModelFile {
  /// The checked front end and class names of a classifier file, for either head: the
  /// `pipeline` config must be valid and make the `tokens × features` window the head takes,
  /// and `classes` must name `classes` classes.
  static func frontEnd(_ file: SafetensorsFile, tokens: Int, features: Int, classes: Int)
    throws(ModelError) -> (pipeline: PipelineConfig, classNames: [String])
  {
    func bad(_ field: String, _ reason: String) -> ModelError {
      ModelError(.badMetadata, file: file.file, field: "__metadata__.\(field)", reason)
    }
    guard let text = file.metadata["pipeline"],
      let pipeline = try? JSONDecoder().decode(PipelineConfig.self, from: Data(text.utf8))
    else { throw bad("pipeline", "missing or not a valid pipeline config JSON") }
    do throws(ConfigError) {
      try pipeline.validate()
    } catch {
      throw ModelError(.badConfig, file: file.file, field: "__metadata__.pipeline", "\(error)")
    }
    guard features == pipeline.features, tokens == pipeline.tokens else {
      throw ModelError(
        .badConfig, file: file.file, field: "__metadata__.config",
        "the head takes \(tokens)×\(features), the front end makes "
          + "\(pipeline.tokens)×\(pipeline.features)")
    }
    guard let classText = file.metadata["classes"],
      let names = try? JSONDecoder().decode([String].self, from: Data(classText.utf8)),
      names.count == classes
    else { throw bad("classes", "missing, or not a JSON list of \(classes) names") }
    // Names reach JSON lines, CSV files and terminals: refuse control characters here.
    for name in names {
      if let problem = ClassName.problem(name) { throw bad("classes", problem) }
    }
    return (pipeline, names)
  }
}
