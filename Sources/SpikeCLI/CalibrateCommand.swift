import Foundation
import SpikeSystem
import SpikeCore
import SpikeModel

extension Commands {
  /// `spikecam calibrate --model FLOAT --data DIR --out RANGES.json`: runs the float model on
  /// sample clips and records what its head's quantization needs (the attention head: every
  /// activation's range; the R-STDP head: its largest state).
  static func calibrateRun(_ arguments: ParsedArguments, _ console: Console) throws(CLIError) {
    let (modelPath, model) = try ModelSupport.floatModel(arguments)
    let data = try arguments.required("data")
    let out = try arguments.required("out")
    let limit = try arguments.integer("clips", default: 500, in: 1...Int.max)
    var method = CalibrationMethod.minMax
    if arguments.value("method") == "mse" {
      method = .mse
    } else if arguments.value("method") == "fidelity" {
      method = .fidelity
    } else if let text = arguments.value("method"), text != "minmax" {
      guard text.hasPrefix("percentile:"), let p = Double(text.dropFirst("percentile:".count)),
        p > 50, p <= 100
      else { throw .usage("--method takes minmax, mse, fidelity or percentile:P (50 < P ≤ 100), got '\(text)'") }
      method = .percentile(p)
    }
    if let refusal = model.calibrationRefusal(method) { throw .usage("--method: \(refusal)") }
    let (clips, split) = try ModelSupport.calibrationClips(
      data, split: arguments.value("split"), limit: limit, for: model)
    let progress = ProgressLine(console: console)
    let calibration: (ranges: any Encodable & Sendable, windows: Int)
    do throws(ConfigError) {
      calibration = try model.calibrate(clips: clips, method: method) {
        progress.report($0, $1, $2, $3)
      }
    } catch {
      throw .badInput("\(modelPath): \(error.description)")
    }
    try writeRanges(calibration.ranges, to: out)
    console.err("wrote \(out) (\(calibration.windows) windows of split '\(split)')\n")
  }

  /// Writes a calibration ranges file as sorted, indented JSON, durably.
  static func writeRanges(_ ranges: any Encodable, to out: String) throws(CLIError) {
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
