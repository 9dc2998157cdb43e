import Foundation
import SpikeCore
import SpikeModel

/// `spikecam inspect MODEL --tuning`: the front end's neurons' responses to gratings and bars
/// drifting in 8 directions, expanding and contracting rings and a turning pinwheel, measured on
/// the integer front end with the encoder's pan compensation off (a full-field drifting grating
/// is a pan to it), beside the same network with its initial, unlearned weights.
struct TuningReport {
  var path: String
  var trained: MotionTuning
  var untrained: MotionTuning
  /// Layer names, index = layer.
  var layerNames: [String]

  /// Measures the model at `path`.
  static func measure(
    _ model: ClassifierModelFile.Model, path: String, settings: MotionTuning.Settings
  ) throws(CLIError) -> TuningReport {
    var p = model.pipeline
    guard p.featureSet.hasSpikes else {
      throw .badInput("\(path): the model's features leave its spiking layer out (features \(p.featureSet.name)); nothing to measure")
    }
    p.panSearch = 0
    p.panConsensus = nil
    do throws(ConfigError) {
      try settings.validate()
      var trained = try model.integerExtractor(pipeline: p)
      var untrained = try SpikeFeatureExtractor(
        config: p, network: SpikingNetwork(description: p.network(learning: false)))
      let names = trained.network.description.layers.indices.map { $0 == 0 ? "columns" : "layer \($0)" }
      return TuningReport(
        path: path, trained: MotionTuning.measure(&trained, settings: settings),
        untrained: MotionTuning.measure(&untrained, settings: settings), layerNames: names)
    } catch {
      throw .badInput("\(path): \(error.description)")
    }
  }

  /// The summaries of one layer: gratings, bars, rings, pinwheel.
  func summaries(_ t: MotionTuning, layer l: Int) -> [(String, TuningSummary)] {
    let n = t.layerSizes[l]
    return [
      ("gratings", TuningSummary(directions: t.gratings, layer: l, neurons: n)),
      ("bars", TuningSummary(directions: t.bars, layer: l, neurons: n)),
      ("expansion", TuningSummary(pairs: t.rings, layer: l, neurons: n)),
      ("rotation", TuningSummary(pairs: t.pinwheel, layer: l, neurons: n)),
    ]
  }

  static let arrows = ["→", "↗", "↑", "↖", "←", "↙", "↓", "↘"]

  var text: String {
    let s = trained.settings
    var t = "tuning of \(path): integer front end, pan compensation off; gratings of period "
    t += "\(s.period) px and \(s.barWidth)-px bars at \(s.speed) px/frame in 8 directions, rings "
    t += "expanding and contracting, a pinwheel turning each way (\(s.frames) frames each)\n"
    t += "selective: direction index (R_pref − R_null)/(R_pref + R_null) ≥ 0.5; for rings and "
    t += "pinwheel |(R_a − R_b)/(R_a + R_b)| ≥ 0.5\n"
    for l in trained.layerSizes.indices {
      t += "\n\(layerNames[l]) (\(trained.layerSizes[l]) neurons)      trained (STDP)                 initial weights\n"
      for ((name, a), (_, b)) in zip(summaries(trained, layer: l), summaries(untrained, layer: l)) {
        func cell(_ x: TuningSummary) -> String {
          String(
            format: "%4d (%5.1f %%) mean %.2f, %d resp.", x.selective, 100 * x.selectiveFraction,
            x.meanIndex, x.responsive)
        }
        t += "  " + name.padding(toLength: 10, withPad: " ", startingAt: 0) + "  " + cell(a) + "   " + cell(b) + "\n"
      }
      let g = TuningSummary(directions: trained.gratings, layer: l, neurons: trained.layerSizes[l])
      t += "  preferred directions of the selective neurons (gratings): "
      t += zip(Self.arrows, g.preferred).map { "\($0) \($1)" }.joined(separator: "  ") + "\n"
      let r = summaries(trained, layer: l)
      t += "  expanding \(r[2].1.preferred[0]), contracting \(r[2].1.preferred[1]); "
      t += "clockwise \(r[3].1.preferred[0]), counter-clockwise \(r[3].1.preferred[1])\n"
    }
    return t
  }

  var json: String {
    func layer(_ m: MotionTuning, _ l: Int) -> [String: Any] {
      var entry: [String: Any] = ["name": layerNames[l], "neurons": m.layerSizes[l]]
      for (name, s) in summaries(m, layer: l) {
        entry[name] = [
          "selective": s.selective, "selective_fraction": s.selectiveFraction,
          "responsive": s.responsive, "mean_index": s.meanIndex, "preferred": s.preferred,
        ] as [String: Any]
      }
      return entry
    }
    var layers: [[String: Any]] = []
    for l in trained.layerSizes.indices {
      var entry = layer(trained, l)
      entry["untrained"] = layer(untrained, l)
      entry["curves"] = [
        "gratings": trained.gratings[l], "bars": trained.bars[l], "rings": trained.rings[l],
        "pinwheel": trained.pinwheel[l],
      ]
      layers.append(entry)
    }
    let s = trained.settings
    let object: [String: Any] = [
      "model": path, "period": s.period, "speed": s.speed, "bar_width": s.barWidth,
      "frames": s.frames, "directions": Self.arrows.indices.map { 45 * $0 }, "layers": layers,
    ]
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
