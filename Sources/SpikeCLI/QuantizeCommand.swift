import Foundation
import SpikeSystem
import SpikeModel
import SpikeReference

extension Commands {
  /// `spikecam quantize --model FLOAT --calibration RANGES.json --board BOARD.json --out INT`:
  /// refuses a model that does not fit the board (exit 65 with the itemised memory map).
  static let quantizeRun: @Sendable (ParsedArguments, Console) throws(CLIError) -> Void = {
    arguments, console throws(CLIError) in
    let modelPath = try arguments.required("model")
    let rangesPath = try arguments.required("calibration")
    let boardPath = try arguments.required("board")
    let out = try arguments.required("out")
    let loaded = try ModelSupport.floatTwin(modelPath)
    if case .populationFloat(let m) = loaded { return try quantizePopulation(m, arguments, console) }
    guard case .float(let model) = loaded else { return }
    let data = Data(try ModelSupport.readSmallFile(rangesPath, what: "no such ranges file; make one with `spikecam calibrate`"))
    let ranges: ActivationRanges
    do {
      ranges = try JSONDecoder().decode(ActivationRanges.self, from: data)
    } catch {
      throw .badInput("\(rangesPath): not a ranges file from `spikecam calibrate` (\(error))")
    }
    let profile = try ModelSupport.board(boardPath)
    let map = try ModelSupport.fit(model.footprint, on: profile, input: model.pipeline)
    let quantized: QuantizedClassifierModel
    do throws(QuantizationError) {
      quantized = try QuantizedClassifierModel(float: model, ranges: ranges)
    } catch {
      throw .badInput("\(modelPath) with \(rangesPath): \(error.description)")
    }
    do throws(ModelError) {
      try ClassifierModelFile.write(quantized, board: profile.name, path: out)
    } catch {
      throw ModelSupport.cliError(error)
    }
    console.err(map.description.hasSuffix("\n") ? map.description : map.description + "\n")
    console.err("wrote \(out) for board '\(profile.name)'\n")
  }
}
