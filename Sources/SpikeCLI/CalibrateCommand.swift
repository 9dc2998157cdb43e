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
    let activations = try activationWidth(arguments, method: method, head: model.headName)
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
    var ranges = calibration.ranges
    if activations != .int8, var attention = ranges as? ActivationRanges {
      attention.activationBits = activations.bits
      ranges = attention
    }
    try writeRanges(ranges, to: out)
    console.err("wrote \(out) (\(calibration.windows) windows of split '\(split)')\n")
  }

  /// `--activation-bits`: int8 unless asked. The wider head is the attention head's, and its
  /// bounds come from the rules that do not assume an int8 grid.
  static func activationWidth(
    _ arguments: ParsedArguments, method: CalibrationMethod, head: String
  ) throws(CLIError) -> ActivationWidth {
    let bits = try arguments.integer("activation-bits", default: 8, in: 1...64)
    guard let width = ActivationWidth(bits: bits) else {
      throw .usage("--activation-bits takes \(ActivationWidth.choices), got \(bits)")
    }
    if width == .int8 { return width }
    guard head == AttentionClassifierHead.name else {
      throw .usage("--activation-bits \(bits): the '\(head)' head has no activations to widen")
    }
    switch method {
    case .minMax, .percentile: return width
    case .mse, .fidelity:
      throw .usage(
        "--activation-bits \(bits) takes --method minmax or percentile:P (mse and fidelity "
          + "search for int8 steps)")
    }
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
