// Not on the integer path: training, calibration and quantization of the column head run
// offline on the float twin; the integer head they build runs in SpikeCore.

import SpikeCore
import SpikeReference

/// The paper's full column behind the spiking front end (docs/ARCHITECTURE.md, "The paper's
/// column head"): `__metadata__.head` `column`. Its hidden layer learns by STDP, then its class
/// populations by R-STDP, both in the float twin on the integer grid, so quantization rounds.
public enum ColumnClassifierHead: ClassifierHead {
  public static let name = "column"
  public static let title = "the paper's column (STDP hidden layer, R-STDP class populations)"

  public typealias FloatModel = FloatColumnHeadModel
  public typealias QuantizedModel = QuantizedColumnHeadModel
  public typealias Trainer = ColumnTrainer
  public typealias Ranges = ColumnRanges

  /// The front end's layer, then the hidden layer and the populations, and the feature ring
  /// at F features per frame (no attention block).
  public static func footprint(_ p: PipelineConfig, _ c: ColumnHeadConfig) -> NetworkFootprint {
    var footprint = p.footprint(
      head: [
        // The runtime keeps both rules' state (traces, eligibility), so `run --learn` can
        // continue R-STDP on the device.
        .init(
          name: "column hidden", neurons: c.hidden, fanIn: c.features, learning: true,
          extraInputs: c.features - p.spikeFeatures),
        .init(
          name: "class populations", neurons: c.neurons, fanIn: c.hidden, learning: true,
          rewardModulated: true),
      ],
      attention: nil, classes: c.classes)
    footprint.features = c.features
    return footprint
  }

  public static func refusal(of method: CalibrationMethod) -> String? {
    method == .minMax
      ? nil : "the column head is on the integer grid already; it takes the default (minmax) only"
  }

  /// Nothing to scale: the float column's values are integers. Calibration runs the float
  /// model once over the clips and records how active its layers are (a silent column shows
  /// here before it is quantized).
  public static func calibrate(
    _ model: FloatClassifierModel<ColumnClassifierHead>, clips: ClipSet,
    method: CalibrationMethod, progress: ClassifierTrainer.Progress
  ) throws(ConfigError) -> (ranges: ColumnRanges, windows: Int) {
    var pipeline = try model.makePipeline()
    var windows = 0
    var hidden = 0
    var output: Int64 = 0
    for c in 0..<clips.clipCount {
      pipeline.reset()
      for f in 0..<clips.framesPerClip where clips.withFrame(c, f, { pipeline.push($0) }) != nil {
        windows += 1
        hidden += pipeline.head.column.hiddenSpikes
        output += pipeline.head.column.counts.reduce(Int64(0)) { $0 + Int64($1) }
      }
      if (c + 1) % 50 == 0 || c + 1 == clips.clipCount {
        progress("calibrate", c + 1, clips.clipCount, "")
      }
    }
    let n = Double(max(windows, 1))
    return (
      ColumnRanges(
        hiddenSpikesPerWindow: Double(hidden) / n, outputSpikesPerWindow: Double(output) / n,
        windows: windows),
      windows
    )
  }

  public static func quantize(_ f: FloatColumnHeadModel, ranges: ColumnRanges)
    throws(QuantizationError) -> QuantizedColumnHeadModel
  {
    guard ranges.head == name else {
      throw .notRanges(head: name, reason: "they are for head '\(ranges.head)'")
    }
    return f.quantized()
  }

  public static func quantizationNote(_ head: QuantizedColumnHeadModel) -> String? {
    "column head: weights and θ rounded from the float twin's integer grid"
  }

  /// The populations' spike counts of both heads, each on its own front end's windows.
  public static func errors(
    float: FloatColumnHeadModel, quantized: QuantizedColumnHeadModel,
    floatWindows: [[Int8]], integerWindows: [[Int8]]
  ) -> [(name: String, relativeError: Double)] {
    guard var f = try? float.makeHead(), var q = try? quantized.makeHead() else { return [] }
    var hidden = RelativeError()
    var counts = RelativeError()
    for (x, y) in zip(floatWindows, integerWindows) {
      _ = f.classify(x)
      _ = q.classify(y)
      hidden.add(
        reference: Double(f.column.hiddenSpikes), value: Double(q.column.hiddenSpikes))
      for (a, b) in zip(f.column.counts, q.column.counts) {
        counts.add(reference: Double(a), value: Double(b))
      }
    }
    return [("column hidden spikes", hidden.value), ("column population spikes", counts.value)]
  }
}

/// What `spikecam calibrate` records for a column model: how active the float column is on the
/// calibration clips (quantization needs no range: the values are integers already).
public struct ColumnRanges: Sendable, Codable, Equatable {
  /// Always "column" (tells this file from the other heads' ranges).
  public var head: String
  /// Mean spikes of the hidden layer per window.
  public var hiddenSpikesPerWindow: Double
  /// Mean spikes of all class populations per window.
  public var outputSpikesPerWindow: Double
  /// Windows it was measured on.
  public var windows: Int

  /// Makes a record.
  public init(hiddenSpikesPerWindow: Double, outputSpikesPerWindow: Double, windows: Int) {
    head = ColumnClassifierHead.name
    (self.hiddenSpikesPerWindow, self.outputSpikesPerWindow, self.windows) =
      (hiddenSpikesPerWindow, outputSpikesPerWindow, windows)
  }
}
