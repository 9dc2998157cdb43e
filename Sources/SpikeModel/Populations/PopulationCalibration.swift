import SpikeCore
import SpikeReference

/// Calibration of the R-STDP head: the float head's largest state magnitude on sample clips.
public enum PopulationCalibration {
  /// Runs the float model over the last window of every clip and records the state range.
  public static func ranges(
    _ model: FloatPopulationClassifierModel, clips: ClipSet,
    progress: ClassifierTrainer.Progress = { _, _, _, _ in }
  ) throws(ConfigError) -> PopulationRanges {
    var pipeline = try model.makePipeline()
    pipeline.head.resetRange()
    var windows = 0
    for c in 0..<clips.clipCount {
      pipeline.reset()
      for f in 0..<clips.framesPerClip where clips.withFrame(c, f, { pipeline.push($0) }) != nil {
        windows += 1
      }
      if (c + 1) % 50 == 0 || c + 1 == clips.clipCount {
        progress("calibrate", c + 1, clips.clipCount, "")
      }
    }
    return PopulationRanges(stateRange: pipeline.head.stateRange, windows: windows)
  }
}
