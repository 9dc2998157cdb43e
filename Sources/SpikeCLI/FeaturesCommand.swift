import Foundation
import SpikeCore
import SpikeModel
import SpikeReference

extension Commands {
  /// `spikecam features --model FLOAT --data DIR --out FEATURES.safetensors [--split S]`: the
  /// float front end's per-frame features of every clip (what the head reads), the labels and,
  /// for an attention model, the float twin's logits on each clip's last window, so a head can
  /// be trained or checked outside SpikeCam (tools/spikecam_torch.py, docs/PYTORCH.md).
  static func featuresRun(_ arguments: ParsedArguments, _ console: Console) throws(CLIError) {
    let (modelPath, model) = try ModelSupport.floatModel(arguments)
    let data = try arguments.required("data")
    let splits = ModelSupport.splits(data)
    let split =
      arguments.value("split") ?? (splits.contains("train") ? "train" : splits.first ?? "train")
    let out = try arguments.required("out")
    var extractor: FloatSpikeFeatureExtractor
    // Logits come with the attention head, whose PyTorch twin tools/spikecam_torch.py is.
    let head = (model as? FloatClassifierModel<AttentionClassifierHead>)?.head
    var attention = head?.makeHead()
    do throws(ConfigError) {
      extractor = try model.frontEnd.makeExtractor()
    } catch {
      throw .badInput("\(modelPath): \(error.description)")
    }
    let all = try ModelSupport.clips(data, split: split, for: model.pipeline)
    let clips = all.first(try arguments.integer("clips", default: all.clipCount, in: 1...Int.max))
    let p = model.pipeline
    try ModelSupport.checkFrames(clips, p, data: data)
    // Frame 0 only sets the encoder's reference; the pipeline's window starts at frame 1.
    let frames = clips.framesPerClip - 1
    let f = p.features
    var features = [UInt8](repeating: 0, count: clips.clipCount * frames * f)
    var logits: [Float] = []
    let progress = ProgressLine(console: console)
    for c in 0..<clips.clipCount {
      extractor.reset()
      for t in 0..<clips.framesPerClip {
        clips.withFrame(c, t) { extractor.extract($0, learn: false) }
        guard t > 0 else { continue }
        let base = (c * frames + t - 1) * f
        for i in 0..<f {
          // Pooled event counts and spike counts are integers 0…127 in both twins.
          let v = extractor.features[i]
          guard v >= 0 else {
            throw .failure("feature \(i) of clip \(c) frame \(t) is \(v), not a count 0…127")
          }
          features[base + i] = UInt8(v)
        }
      }
      if attention != nil {
        let start = (c * frames + frames - p.tokens) * f
        attention!.forward(features[start..<(start + p.tokens * f)].map { Float($0) })
        logits += attention!.logits
      }
      progress.report("features", c + 1, clips.clipCount, "")
    }
    var w = SafetensorsWriter()
    w.add("features", features, shape: [clips.clipCount, frames, f])
    w.add("labels", clips.labels.map { Int32($0) }, shape: [clips.clipCount])
    if let head { w.add("logits", logits, shape: [clips.clipCount, head.config.classes]) }
    w.metadata = [
      "format": "spikecam.features", "format_version": "1", "split": split,
      "classes": json(clips.classNames), "pipeline": json(p), "tokens": String(p.tokens),
      "first_frame": "1", "model": modelPath, "head": model.headName,
      "clips": json(TrainingData.Clips(clips, split: split)),
    ]
    if let head { w.metadata["config"] = json(head.config) }
    do throws(ModelError) {
      try w.write(path: out)
    } catch {
      throw ModelSupport.cliError(error)
    }
    console.err(
      "wrote \(out): \(clips.clipCount) clips × \(frames) frames × \(f) features of split "
        + "'\(split)'" + (head == nil ? "" : ", and the float twin's logits") + "\n")
  }

  /// Sorted-key JSON of a value, as model files store their metadata.
  private static func json<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
  }
}
