import Foundation
import SpikeSystem
import SpikeCore
import SpikeModel

extension Commands {
  /// `calibrate` of an R-STDP model: the float head's largest state magnitude on sample clips,
  /// written as a `PopulationRanges` JSON file.
  static func calibratePopulation(
    _ model: FloatPopulationClassifierModel, _ arguments: ParsedArguments, _ console: Console
  ) throws(CLIError) {
    let modelPath = try arguments.required("model")
    let data = try arguments.required("data")
    let out = try arguments.required("out")
    let splits = ModelSupport.splits(data)
    let split =
      arguments.value("split") ?? (splits.contains("train") ? "train" : splits.first ?? "train")
    let limit = try arguments.integer("clips", default: 500, in: 1...Int.max)
    if let method = arguments.value("method"), method != "minmax" {
      throw .usage("--method: the R-STDP head is calibrated by its largest state (minmax) only")
    }
    var clips = try ModelSupport.clips(data, split: split)
    try ModelSupport.checkFrames(clips, model.pipeline, data: data)
    if clips.clipCount > limit {
      clips = clips.subsample(perClass: max(1, limit / max(1, model.classNames.count)))
    }
    let progress = ProgressLine(console: console)
    let ranges: PopulationRanges
    do throws(ConfigError) {
      ranges = try PopulationCalibration.ranges(model, clips: clips) {
        progress.report($0, $1, $2, $3)
      }
    } catch {
      throw .badInput("\(modelPath): \(error.description)")
    }
    try writeRanges(ranges, to: out)
    console.err("wrote \(out) (\(ranges.windows) windows of split '\(split)')\n")
  }

  /// `quantize` of an R-STDP model: int8 head weights with one per-tensor scale, integer
  /// thresholds and state shift from the calibrated state range (see
  /// `QuantizedPopulationClassifierModel.init(float:ranges:)`).
  static func quantizePopulation(
    _ model: FloatPopulationClassifierModel, _ arguments: ParsedArguments, _ console: Console
  ) throws(CLIError) {
    let modelPath = try arguments.required("model")
    let rangesPath = try arguments.required("calibration")
    let boardPath = try arguments.required("board")
    let out = try arguments.required("out")
    let data = Data(try ModelSupport.readSmallFile(rangesPath, what: "no such ranges file; make one with `spikecam calibrate`"))
    let ranges: PopulationRanges
    do {
      ranges = try JSONDecoder().decode(PopulationRanges.self, from: data)
    } catch {
      throw .badInput(
        "\(rangesPath): not the ranges of an R-STDP model; run `spikecam calibrate` on "
          + "\(modelPath) (\(error))")
    }
    guard ranges.head == PopulationModelFile.head else {
      throw .badInput("\(rangesPath): is for head '\(ranges.head)'; calibrate \(modelPath) itself")
    }
    let profile = try ModelSupport.board(boardPath)
    let map = try ModelSupport.fit(model.footprint, on: profile, input: model.pipeline)
    let quantized: QuantizedPopulationClassifierModel
    do throws(QuantizationError) {
      quantized = try QuantizedPopulationClassifierModel(float: model, ranges: ranges)
    } catch {
      throw .badInput("\(modelPath) with \(rangesPath): \(error.description)")
    }
    do throws(ModelError) {
      try PopulationModelFile.write(quantized, board: profile.name, path: out)
    } catch {
      throw ModelSupport.cliError(error)
    }
    console.err(map.description.hasSuffix("\n") ? map.description : map.description + "\n")
    console.err(
      "R-STDP head: per-tensor weight scale \(quantized.scale), state shift "
        + "\(quantized.head.stateShift)\n")
    console.err("wrote \(out) for board '\(profile.name)'\n")
  }
}
