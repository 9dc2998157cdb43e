import Foundation
import SpikeCore
import SpikeModel
import SpikePictures

/// `spikecam inspect MODEL --pictures DIR`: PNG pictures of what the spiking layer learned and
/// does, from the integer front end (a float model's is rounded to it, exactly):
/// - `receptive-fields.png`: every column neuron's input weights, ON and OFF, each delay;
///   `receptive-fields-column-N.png` the chosen column's neurons, large;
/// - `tuning.png`: every neuron's direction tuning (polar plots, gratings and bars);
///   `tuning-column-N.png` the chosen column's; `preferred-directions.png` the selective
///   neurons' preferred directions;
/// - `raster.png` and `traces.png`: the spike raster of the clip (`--data DIR [--split S]
///   [--index I]`, default a bar sweeping rightward) and the membrane voltage of its four
///   busiest neurons.
struct NetworkPictures {
  var model: ClassifierModelFile.Model
  var path: String
  var folder: String

  func write(_ canvas: Canvas, _ name: String, into written: inout [String]) throws(CLIError) {
    let file = (folder as NSString).appendingPathComponent(name)
    do throws(PictureError) {
      try PNGFile.write(canvas, to: file)
    } catch {
      throw .failure("\(file): \(error.description)")
    }
    written.append(file)
  }

  /// A clip's frames: from the data set, or a bar sweeping rightward across the field.
  static func clip(_ arguments: ParsedArguments, _ p: PipelineConfig) throws(CLIError)
    -> (frames: [[UInt8]], title: String)
  {
    guard let data = arguments.value("data") else {
      let bar = MotionStimulus(.bar(direction: 0))
      let n = bar.frameCount(width: p.width, height: p.height, frames: 0)
      let frames = (0..<n).map { f in
        var frame = [UInt8](repeating: 0, count: p.pixels)
        frame.withUnsafeMutableBufferPointer { bar.frame(f, width: p.width, height: p.height, into: $0) }
        return frame
      }
      return (frames, "A 4-PX BAR SWEEPING RIGHT AT 2 PX/FRAME")
    }
    let split = arguments.value("split") ?? "test"
    let clips = try ModelSupport.clips(data, split: split, for: p)
    try ModelSupport.checkFrames(clips, p, data: data)
    let index = try arguments.integer("index", default: 0, in: 0...max(0, clips.clipCount - 1))
    let frames = (0..<clips.framesPerClip).map { f in clips.withFrame(index, f) { Array($0) } }
    let label = clips.labels[index]
    let name = label < clips.classNames.count ? clips.classNames[label] : "\(label)"
    return (frames, "\((data as NSString).lastPathComponent) \(split) CLIP \(index) (\(name))")
  }

  func run(_ arguments: ParsedArguments) throws(CLIError) -> [String] {
    let p = model.pipeline
    guard p.featureSet.hasSpikes else {
      throw .badInput("\(path): the model's features leave its spiking layer out (features \(p.featureSet.name)); nothing to draw")
    }
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw .failure("--pictures \(folder): cannot create the folder (\(error.localizedDescription))")
    }
    var written: [String] = []
    var extractor: SpikeFeatureExtractor
    var still = p
    still.panSearch = 0
    still.panConsensus = nil
    var tuned: SpikeFeatureExtractor
    do throws(ConfigError) {
      extractor = try model.integerExtractor()
      tuned = try model.integerExtractor(pipeline: still)
    } catch {
      throw .badInput("\(path): \(error.description)")
    }
    // The clip: which neurons are busiest (watched), then recorded step by step.
    let (frames, title) = try Self.clip(arguments, p)
    let neurons = p.neurons
    var totals = [Int](repeating: 0, count: neurons)
    extractor.reset()
    for frame in frames {
      frame.withUnsafeBufferPointer { extractor.extract($0, learn: false) }
      for j in 0..<neurons { totals[j] += Int(extractor.network.counts[0][j]) }
    }
    let busiest = Array(totals.indices.sorted { totals[$0] > totals[$1] || (totals[$0] == totals[$1] && $0 < $1) }.prefix(4))
    var busiestColumn = 0
    var columnTotals = [Int](repeating: 0, count: p.columns)
    for j in 0..<neurons { columnTotals[j / p.perColumn] += totals[j] }
    busiestColumn = columnTotals.indices.max { columnTotals[$0] < columnTotals[$1] } ?? 0
    let column = try arguments.integer("column", default: busiestColumn, in: 0...(p.columns - 1))
    let steps = frames.count * p.timesteps
    var recorder: LayerRecorder
    do throws(RecordingError) {
      recorder = try LayerRecorder(layer: 0, neurons: neurons, watching: busiest, capacity: steps)
    } catch {
      throw .failure(error.description)
    }
    extractor.reset()
    for frame in frames { frame.withUnsafeBufferPointer { extractor.extract($0, recording: &recorder) } }
    let raster = RasterPicture(
      spikes: (0..<neurons).map { recorder.raster.spikeSteps(of: $0).map(Int.init) }, steps: steps,
      stepsPerFrame: p.timesteps, inputSpikes: recorder.inputSpikes.map(Int.init),
      title: "SPIKE RASTER: \(title.uppercased()), \(frames.count) FRAMES OF \(p.timesteps) STEPS")
    try write(raster.picture(), "raster.png", into: &written)
    let layer = extractor.network.layers[0]
    let traces = TracePicture(
      voltages: busiest.indices.map { recorder.traces.trace(slot: $0).map(Int.init) },
      thresholds: busiest.map { Int(layer.parameters.threshold) + Int(layer.theta[$0]) },
      spikes: busiest.map { recorder.raster.spikeSteps(of: $0).map(Int.init) },
      names: busiest.map { "NEURON \($0) (COLUMN \($0 / p.perColumn)), \(totals[$0]) SPIKES" },
      stepsPerFrame: p.timesteps)
    try write(traces.picture(), "traces.png", into: &written)

    // Receptive fields, from the stored synapses: each neuron's inputs in field order.
    let synapses = extractor.network.synapses(0)
    var fields = [[Int]](repeating: [], count: neurons)
    for j in 0..<neurons {
      synapses.layout.forEachInColumn(j) { _, slot in fields[j].append(Int(synapses.weights[slot])) }
    }
    let rf = ReceptiveFieldPicture(
      fields: fields, patch: p.patch, polarities: p.encoderChannels, delays: p.delays,
      perColumn: p.perColumn, columnsAcross: p.columnsAcross)
    try write(rf.picture(), "receptive-fields.png", into: &written)
    try write(rf.columnPicture(column), "receptive-fields-column-\(column).png", into: &written)

    // Tuning.
    let tuning = MotionTuning.measure(&tuned)
    let gratings = (0..<neurons).map { tuning.curve(\.gratings, layer: 0, neuron: $0) }
    let bars = (0..<neurons).map { tuning.curve(\.bars, layer: 0, neuron: $0) }
    let indices = gratings.map { TuningSummary.directionIndex($0[...])?.index }
    let picture = TuningPicture(gratings: gratings, bars: bars, indices: indices)
    try write(picture.picture(), "tuning.png", into: &written)
    let members = Array((column * p.perColumn)..<((column + 1) * p.perColumn))
    try write(picture.neuronsPicture(members), "tuning-column-\(column).png", into: &written)
    let summary = TuningSummary(directions: tuning.gratings, layer: 0, neurons: neurons)
    try write(
      TuningPicture.preferredDirections(
        summary.preferred, title: "PREFERRED (\(summary.selective) OF \(neurons))"),
      "preferred-directions.png", into: &written)
    return written
  }
}
