import Foundation
import SpikeSystem
import SpikeCore
import SpikeModel
import SpikeReference

extension Commands {
  /// `spikecam calibrate --model FLOAT --data DIR --out RANGES.json`: runs the float model on
  /// sample clips and records every attention activation's range (min/max).
  static let calibrateRun: @Sendable (ParsedArguments, Console) throws(CLIError) -> Void = {
    arguments, console throws(CLIError) in
    let modelPath = try arguments.required("model")
    let data = try arguments.required("data")
    let out = try arguments.required("out")
    let loaded = try ModelSupport.floatTwin(modelPath)
    if case .populationFloat(let m) = loaded { return try calibratePopulation(m, arguments, console) }
    guard case .float(let model) = loaded else { return }
    let splits = ModelSupport.splits(data)
    let split = arguments.value("split") ?? (splits.contains("train") ? "train" : splits.first ?? "train")
    let limit = try arguments.integer("clips", default: 500, in: 1...Int.max)
    var method = Calibrator.Method.minMax
    if arguments.value("method") == "mse" {
      method = .mse
    } else if let text = arguments.value("method"), text != "minmax" {
      guard text.hasPrefix("percentile:"), let p = Double(text.dropFirst("percentile:".count)),
        p > 50, p <= 100
      else { throw .usage("--method takes minmax, mse or percentile:P (50 < P ≤ 100), got '\(text)'") }
      method = .percentile(p)
    }
    var clips = try ModelSupport.clips(data, split: split)
    try ModelSupport.checkFrames(clips, model.pipeline, data: data)
    if clips.clipCount > limit {
      clips = clips.subsample(perClass: max(1, limit / max(1, model.classNames.count)))
    }
    var pipeline: FloatClassifierPipeline
    do throws(ConfigError) {
      pipeline = try model.makePipeline()
    } catch {
      throw .badInput("\(modelPath): \(error.description)")
    }
    let progress = ProgressLine(console: console)
    let windows = ClassifierTrainer.windows(clips, &pipeline, stage: "calibrate") {
      progress.report($0, $1, $2, $3)
    }
    let ranges = Calibrator(method: method).calibrate(pipeline.head, windows: windows)
    try writeRanges(ranges, to: out)
    console.err("wrote \(out) (\(windows.count) windows of split '\(split)')\n")
  }

  /// Writes a calibration ranges file (either head's) as sorted, indented JSON, durably.
  static func writeRanges(_ ranges: some Encodable, to out: String) throws(CLIError) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    do throws(FileError) {
      let text = (try? encoder.encode(ranges)).map { [UInt8]($0) } ?? []
      try DurableFile.write(text, to: out)
    } catch {
      throw .failure("\(out): cannot write: \(error.reason)")
    }
  }
}
