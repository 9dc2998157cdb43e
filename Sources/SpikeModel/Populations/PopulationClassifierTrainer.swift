import Foundation
import SpikeCore
import SpikeReference

/// Settings of `spikecam train --head rstdp`.
public struct PopulationTrainingOptions: Sendable {
  /// Front end (the same defaults as the attention model's).
  public var pipeline = PipelineConfig()
  /// Neurons per class population.
  public var perClass = 10
  /// Steps each frame is held for.
  public var substeps = 4
  /// Clips shown to the spiking layer during the unsupervised STDP phase.
  public var stdpClips = 200
  /// Passes of R-STDP over the training windows (Gesture-9's validation accuracy levels off
  /// after about 25).
  public var epochs = 30
  /// The R-STDP rule.
  public var settings = PopulationRSTDPSettings()
  /// Initial thresholds: this times each neuron's mean per-frame input.
  public var thresholdFactor: Float = 3
  /// Divide weight changes by each feature's mean magnitude on the training windows.
  public var scaleUpdates = false
  /// Seed of the head's initial weights and of the trial order.
  public var seed: UInt32 = 1

  /// Defaults.
  public init() {}
}

/// Trains the float classifier with the paper's head: unsupervised STDP of the spiking layer
/// (the same stage as `ClassifierTrainer`'s, or a given front end kept as it is), then R-STDP
/// trials of the class populations on the frozen layer's K-frame windows, one trial per clip in
/// a seeded order per epoch, the reward given at the end of each window.
public enum PopulationClassifierTrainer {
  /// Runs both stages. `frontEnd` (weights and θ of a trained model with the same pipeline)
  /// skips the STDP stage, so both heads can be compared on identical features. Keeps the head
  /// of the epoch with the best validation accuracy when `validation` is given (else the last).
  ///
  /// With `checkpoint`, a checkpoint is written atomically into that folder after the STDP
  /// stage and after every epoch; with `resume`, a checkpoint found there (of the same run:
  /// same options and data size, else an error) is continued, giving the same model as an
  /// uninterrupted run. `stopAfterEpochs` ends the run early (the model so far), as an
  /// interruption would.
  public static func train(
    _ clips: ClipSet, validation: ClipSet?, options o: PopulationTrainingOptions,
    frontEnd: (weights: [Float], theta: [Float])? = nil, checkpoint: String? = nil,
    resume: Bool = false, stopAfterEpochs: Int? = nil, progress: ClassifierTrainer.Progress
  ) throws(ConfigError) -> FloatPopulationClassifierModel {
    let p = o.pipeline
    let classes = try ClassifierTrainer.classCount(clips, p)
    let config = PopulationHeadConfig(
      tokens: p.tokens, features: p.features, classes: classes, perClass: o.perClass,
      substeps: o.substeps)
    try config.validate()

    let fingerprint = Self.fingerprint(o, config, clips, validation)
    let resumed = try PopulationTrainingCheckpoint.resume(
      checkpoint, resume: resume, fingerprint: fingerprint)
    let weights: [Float]
    let theta: [Float]
    if let resumed {
      weights = resumed.model.weights
      theta = resumed.model.theta
    } else if let frontEnd {
      weights = frontEnd.weights
      theta = frontEnd.theta
    } else {
      (weights, theta) = try ClassifierTrainer.stdp(clips, p, o.stdpClips, progress)
    }
    var model = FloatPopulationClassifierModel(
      pipeline: p, config: config,
      head: FloatPopulationHeadParameters(randomFor: config, seed: UInt64(o.seed)),
      weights: weights, theta: theta, classNames: ClassifierTrainer.names(clips.classNames, classes)
    )
    func save(_ epochsDone: Int, _ head: FloatPopulationHeadParameters, _ best: Double)
      throws(ConfigError)
    {
      guard let checkpoint else { return }
      var current = model
      current.head = head
      do throws(ModelError) {
        try PopulationTrainingCheckpoint(
          epochsDone: epochsDone, fingerprint: fingerprint, model: current, best: model.head,
          bestAccuracy: best
        ).write(directory: checkpoint)
      } catch {
        throw .inconsistent("checkpoint: \(error.description)")
      }
    }
    if resumed == nil { try save(0, model.head, -1) }
    var pipeline = try model.makePipeline()
    let train = windows(clips, &pipeline, stage: "features", progress: progress)
    let val = validation.map { windows($0, &pipeline, stage: "features (val)", progress: progress) }

    var head = pipeline.head
    head.scaleThresholds(
      to: Array(train.prefix(200)), factor: o.thresholdFactor, settings: o.settings)
    let start = min(resumed?.epochsDone ?? 0, o.epochs)
    var settings = o.settings
    if o.scaleUpdates { settings.featureScale = featureScale(train, features: config.features) }
    var traces = PopulationRSTDPTraces()
    var rng = SplitMix64(seed: UInt64(o.seed) &* 0x2545_F491_4F6C_DD1D &+ 1)
    var order = Array(0..<train.count)
    var best = -1.0
    if let resumed, start > 0 {
      head.parameters = resumed.model.head
      model.head = resumed.best
      best = resumed.bestAccuracy
    }
    for epoch in 0..<o.epochs {
      for i in stride(from: order.count - 1, to: 0, by: -1) {
        order.swapAt(i, rng.below(i + 1))
      }
      if epoch < start { continue }
      settings.learningRate =
        o.settings.learningRate * (1 - 0.8 * Float(epoch) / Float(max(o.epochs, 1)))
      var right = 0
      for c in order {
        let label = clips.labels[c]
        if head.learn(train[c], label: label, settings: settings, traces: &traces).classIndex
          == label
        {
          right += 1
        }
      }
      var note =
        "train \(String(format: "%.1f", 100 * Double(right) / Double(max(1, train.count))))%"
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
      progress("rstdp", epoch + 1, o.epochs, note)
      try save(epoch + 1, head.parameters, best)
      if let stopAfterEpochs, epoch + 1 >= stopAfterEpochs { break }
    }
    return model
  }

  /// What a checkpoint must match to be resumed: every option and the data's size and labels.
  static func fingerprint(
    _ o: PopulationTrainingOptions, _ c: PopulationHeadConfig, _ clips: ClipSet,
    _ validation: ClipSet?
  ) -> String {
    let s = o.settings
    let parts: [String] = [
      ClassifierModelFile.json(o.pipeline), ClassifierModelFile.json(c), "\(o.stdpClips)",
      "\(o.epochs)", "\(o.seed)", "\(o.thresholdFactor)", "\(o.scaleUpdates)",
      "\(s.learningRate) \(s.weightLimit) \(s.preDecay) \(s.postDecay) \(s.depression)",
      "\(s.eligibilityDecay) \(s.homeostasisRate) \(s.targetSpikes) \(s.inhibitionRatio)",
      "\(s.selfInhibitionRatio) \(s.punishFraction)",
      "train \(clips.clipCount) \(clips.labels.reduce(0) { $0 &* 31 &+ $1 })",
      "val \(validation?.clipCount ?? 0) \(validation?.labels.reduce(0) { $0 &* 31 &+ $1 } ?? 0)",
    ]
    return parts.joined(separator: "; ")
  }

  /// Mean magnitude of each feature over all frames of `windows` (at least 0.1).
  static func featureScale(_ windows: [[Float]], features f: Int) -> [Float] {
    var sum = [Double](repeating: 0, count: f)
    var frames = 0
    for w in windows {
      for t in 0..<w.count / f {
        for j in 0..<f { sum[j] += Double(abs(w[t * f + j])) }
        frames += 1
      }
    }
    return sum.map { Float(max($0 / Double(max(frames, 1)), 0.1)) }
  }

  /// The K-frame window at the end of each clip, through `pipeline`'s front end.
  public static func windows(
    _ clips: ClipSet, _ pipeline: inout FloatPopulationClassifierPipeline, stage: String,
    progress: ClassifierTrainer.Progress
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

  /// Share of `windows` the head classifies as `labels`.
  public static func accuracy(
    _ head: inout FloatPopulationHead, _ windows: [[Float]], _ labels: [Int]
  ) -> Double {
    var right = 0
    for (w, l) in zip(windows, labels) where head.classify(w).classIndex == l { right += 1 }
    return Double(right) / Double(max(1, windows.count))
  }
}
