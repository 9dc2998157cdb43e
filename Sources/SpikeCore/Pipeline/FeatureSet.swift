/// Which of a frame's features reach the head (`PipelineConfig.featureSet`): the pooled ON/OFF
/// event counts, the spiking layer's spike counts, or both (the default). Retraining with one
/// group left out is how the ablation measures what each group is worth; a model that keeps
/// only the pooled counts does not run its spiking layer at all.
public enum FeatureSet: Sendable, Equatable, CaseIterable {
  /// Pooled event counts, then spike counts.
  case both
  /// Pooled event counts only (the event-grid baseline).
  case pooled
  /// Spike counts only.
  case spikes

  /// Whether the pooled event counts are features.
  public var hasPooled: Bool { self != .spikes }
  /// Whether the spike counts are features.
  public var hasSpikes: Bool { self != .pooled }

  /// The name in configuration and model files: `both`, `pooled` or `spikes`.
  public var name: String {
    switch self {
    case .both: return "both"
    case .pooled: return "pooled"
    case .spikes: return "spikes"
    }
  }

  /// The set named `name`.
  public init(name: String) throws(ConfigError) {
    switch name {
    case "both": self = .both
    case "pooled": self = .pooled
    case "spikes": self = .spikes
    default: throw .inconsistent("features '\(name)' is not one of both, pooled, spikes")
    }
  }
}
