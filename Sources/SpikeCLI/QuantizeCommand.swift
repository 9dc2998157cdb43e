import Foundation
import SpikeSystem
import SpikeModel

extension Commands {
  /// `spikecam quantize --model FLOAT --calibration RANGES.json --board BOARD.json --out INT`:
  /// the model's head quantizes itself from its calibration; refuses a model that does not fit
  /// the board (exit 65 with the itemised memory map).
  static func quantizeRun(_ arguments: ParsedArguments, _ console: Console) throws(CLIError) {
    let (modelPath, model) = try ModelSupport.floatModel(arguments)
    let rangesPath = try arguments.required("calibration")
    let boardPath = try arguments.required("board")
    let out = try arguments.required("out")
    let ranges = Data(
      try ModelSupport.readSmallFile(
        rangesPath, what: "no such ranges file; make one with `spikecam calibrate`"))
    let profile = try ModelSupport.board(boardPath)
    let map = try ModelSupport.fit(
      model.footprint, on: profile, input: model.pipeline, boardPath: boardPath)
    let quantized: any AnyQuantizedClassifierModel
    do throws(QuantizationError) {
      quantized = try model.quantized(rangesJSON: ranges)
    } catch {
      throw .badInput("\(modelPath) with \(rangesPath): \(error.description)")
    }
    guard quantized.activationBits <= profile.bits.activation else {
      throw .badInput(
        "\(rangesPath): asks for \(quantized.activationBits)-bit attention activations; board "
          + "'\(profile.name)' runs \(profile.bits.activation)-bit ones (bits.activation in "
          + "\(boardPath)): calibrate with --activation-bits \(profile.bits.activation), or "
          + "quantize for a board that runs wider activations")
    }
    do throws(ModelError) {
      try quantized.write(
        board: profile.name, path: out,
        extraMetadata: ModelSupport.carriedTrainingMetadata(modelPath))
    } catch {
      throw ModelSupport.cliError(error)
    }
    console.err(map.description.hasSuffix("\n") ? map.description : map.description + "\n")
    if let note = quantized.quantizationNote { console.err(note + "\n") }
    console.err(
      ModelSupport.fitSummary(model.footprint, input: model.pipeline, boardPath: boardPath) + "\n")
    console.err("wrote \(out) for board '\(profile.name)'\n")
  }
}
