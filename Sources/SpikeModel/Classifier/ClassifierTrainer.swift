import Foundation
import SpikeCore
import SpikeReference

/// Settings of `spikecam train` (defaults are the bundled Gesture-9 model's).
public struct ClassifierTrainingOptions: Sendable {
  /// Front end.
  public var pipeline = PipelineConfig()
  /// Attention token width d.
  public var width = 32
  /// Attention heads.
  public var heads = 4
  /// MLP width.
  public var hidden = 64
  /// Clips shown to the spiking layer during the unsupervised STDP phase.
  public var stdpClips = 200
  /// Passes of Adam over the training windows.
  public var epochs = 30
  /// Adam learning rate.
  public var learningRate: Float = 2e-3
  /// Windows per Adam step.
  public var batchSize = 16
  /// Seed of the head's initialisation and shuffling (the front end uses `pipeline.seed`).
  public var seed: UInt32 = 1

  /// Defaults.
  public init() {}
}

/// Trains the float classifier in two stages: unsupervised STDP of the spiking layer on a seeded
/// selection of clips (k-WTA columns learn motion templates from the current and delayed
/// events), then the attention head with Adam on the frozen layer's per-frame spike counts.
public enum ClassifierTrainer {
  /// Progress report: stage, items done, items in the stage, a short note (e.g. loss).
  public typealias Progress = (_ stage: String, _ done: Int, _ total: Int, _ note: String) -> Void

  /// Runs both stages; keeps the head of the epoch with the best validation accuracy when
  /// `validation` is given (else the last).
  public static func train(
    _ clips: ClipSet, validation: ClipSet?, options o: ClassifierTrainingOptions,
    progress: Progress
  ) throws(ConfigError) -> FloatClassifierModel {
    let p = o.pipeline
    try p.validate()
    guard clips.frameBytes == p.pixels else {
      throw .inconsistent(
        "clips have \(clips.frameBytes)-pixel frames; the pipeline expects \(p.width)×\(p.height)")
    }
    guard clips.framesPerClip > p.tokens else {
      throw .inconsistent(
        "clips have \(clips.framesPerClip) frames; a window needs \(p.tokens + 1)")
    }
    let classes = max(clips.classNames.count, (clips.labels.max() ?? 0) + 1)
    guard classes >= 2 else { throw .inconsistent("training needs at least two classes") }

    // Stage 1: STDP on a seeded selection of clips.
    var learner = try FloatSpikeFeatureExtractor(
      config: p, network: FloatSpikingNetwork(description: p.network(learning: true)))
    var rng = SplitMix64(seed: UInt64(p.seed) &* 0x9E37_79B9_7F4A_7C15)
    let stdpCount = min(o.stdpClips, clips.clipCount)
    for n in 0..<stdpCount {
      let c = rng.below(clips.clipCount)
      learner.reset()
      for f in 0..<clips.framesPerClip {
        clips.withFrame(c, f) { learner.extract($0, learn: true) }
      }
      progress("stdp", n + 1, stdpCount, "")
    }
    let mask = learner.network.projections[0].synapses.connected
    let attention = AttentionConfig(
      tokens: p.tokens, features: p.features, width: o.width, heads: o.heads, hidden: o.hidden,
      classes: classes)
    if let problem = attention.problem() { throw .inconsistent("attention head: \(problem)") }
    var model = FloatClassifierModel(
      pipeline: p, attention: attention,
      head: FloatAttentionParameters(randomFor: attention, seed: UInt64(o.seed)),
      weights: SynapsePacking.pack(learner.network.weights(projection: 0), mask: mask),
      theta: learner.theta, classNames: names(clips.classNames, classes))

    // Stage 2: features of the frozen layer, then Adam on the head.
    var pipeline = try model.makePipeline()
    let train = windows(clips, &pipeline, stage: "features", progress: progress)
    let val = validation.map { windows($0, &pipeline, stage: "features (val)", progress: progress) }
    var head = FloatAttentionHead(config: attention, parameters: model.head)
    var trainer = FloatAttentionTrainer()
    trainer.learningRate = o.learningRate
    trainer.batchSize = o.batchSize
    trainer.seed = UInt64(o.seed)
    var best = -1.0
    for epoch in 0..<o.epochs {
      let loss = trainer.epoch(&head, windows: train, labels: clips.labels)
      var note = "loss \(String(format: "%.3f", loss))"
      if let val, let validation {
        let accuracy = self.accuracy(&head, val, validation.labels)
        note += ", val \(String(format: "%.1f", 100 * accuracy))%"
        if accuracy > best {
          best = accuracy
          model.head = head.parameters
        }
      } else {
        model.head = head.parameters
      }
      progress("head", epoch + 1, o.epochs, note)
    }
    return model
  }

  /// The K-frame window at the end of each clip, through `pipeline`'s front end.
  public static func windows(
    _ clips: ClipSet, _ pipeline: inout FloatClassifierPipeline, stage: String,
    progress: Progress
  ) -> [[Float]] {
    var out: [[Float]] = []
    out.reserveCapacity(clips.clipCount)
    for c in 0..<clips.clipCount {
      pipeline.reset()
      for f in 0..<clips.framesPerClip {
        _ = clips.withFrame(c, f) { pipeline.pushFeatures($0) }
      }
      out.append(pipeline.window)
      if (c + 1) % 50 == 0 || c + 1 == clips.clipCount {
        progress(stage, c + 1, clips.clipCount, "")
      }
    }
    return out
  }

  static func accuracy(_ head: inout FloatAttentionHead, _ windows: [[Float]], _ labels: [Int])
    -> Double
  {
    var right = 0
    for (w, l) in zip(windows, labels) where head.classify(w).classIndex == l { right += 1 }
    return Double(right) / Double(max(1, windows.count))
  }

  static func names(_ given: [String], _ classes: Int) -> [String] {
    (0..<classes).map { $0 < given.count ? given[$0] : "class\($0)" }
  }
}
