import SpikeCore

/// Every head this build trains, reads, writes, calibrates and quantizes, each in its folder
/// beside this file. A model file names its head in `__metadata__.head`, `train --head` takes
/// the same names, and the commands find a head only here: adding a head is a folder and a
/// line in `all`.
public enum ClassifierHeads {
  /// The heads, the default (`train` without `--head`) first.
  public static var all: [any ClassifierHead.Type] {
    [AttentionClassifierHead.self, PopulationClassifierHead.self, ColumnClassifierHead.self]
  }

  /// The head named `name`, or nil.
  public static func named(_ name: String) -> (any ClassifierHead.Type)? {
    all.first { $0.name == name }
  }

  /// The heads' names, in order.
  public static var names: [String] { all.map { $0.name } }

  /// The names as a list in a sentence: `'attention' and 'rstdp'` (`last` joins the last two).
  public static func list(quoted: Bool, last: String) -> String {
    let words = names.map { quoted ? "'\($0)'" : $0 }
    guard words.count > 1 else { return words.joined() }
    return words.dropLast().joined(separator: ", ") + " \(last) " + words[words.count - 1]
  }
}

extension ClassifierHead {
  /// `train` for a head known only by name: the model as every command sees it.
  public static func trainModel(
    _ clips: ClipSet, validation: ClipSet?, request: TrainingRequest,
    progress: ClassifierTrainer.Progress
  ) throws(ConfigError) -> any AnyFloatClassifierModel {
    try train(clips, validation: validation, request: request, progress: progress)
  }
}
