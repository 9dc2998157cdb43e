import Foundation
import SpikeCore
import SpikeReference

/// Settings of the R-STDP head's training (`spikecam train --head rstdp`).
public struct PopulationTrainingOptions: HeadTrainingOptions {
  /// Front end (the same defaults as the attention model's).
  public var pipeline = PipelineConfig()
  /// Seed of the head's initial weights and of the trial order.
  public var seed: UInt32 = 1
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

  /// Defaults.
  public init() {}

  /// The options of a `train` request: the shared ones, then the R-STDP keys of its
  /// `--config` file (`rstdp_epochs` sets the epochs), then the command line's epochs.
  public init(_ r: TrainingRequest) throws(ConfigError) {
    if let c = try takeShared(r, keys: Keys.self) {
      if let v = c.perClass { perClass = v }
      if let v = c.substeps { substeps = v }
      if let v = c.rstdpEpochs { epochs = v }
      if let v = c.rstdpLearningRate { settings.learningRate = v }
      if let v = c.rstdpTargetSpikes { settings.targetSpikes = v }
      if let v = c.rstdpInhibitionRatio { settings.inhibitionRatio = v }
      if let v = c.rstdpSelfInhibitionRatio { settings.selfInhibitionRatio = v }
      if let v = c.rstdpPunishFraction { settings.punishFraction = v }
      if let v = c.rstdpScaleUpdates { scaleUpdates = v }
    }
    epochs = r.epochs ?? epochs
  }

  /// The R-STDP head's keys of the `train --config` file.
  struct Keys: Decodable {
    var perClass, substeps, rstdpEpochs: Int?
    var rstdpLearningRate, rstdpTargetSpikes, rstdpInhibitionRatio: Float?
    var rstdpSelfInhibitionRatio, rstdpPunishFraction: Float?
    var rstdpScaleUpdates: Bool?
  }
}

/// Trains the float classifier with the paper's head: unsupervised STDP of the spiking layer
/// (`ClassifierTrainer`'s, or a given front end kept as it is), then R-STDP trials of the class
/// populations on the frozen layer's K-frame windows, one trial per clip in a seeded order per
/// epoch, the reward given at the end of each window.
public enum PopulationTrainer: HeadTrainer {
  /// Runs both stages (`HeadTrainer`); a given front end lets both heads be compared on
  /// identical features. The populations learn in one R-STDP trial per clip, in a seeded order
  /// each epoch, with a learning rate that falls linearly toward a fifth of its start.
  public static func train(_ clips: ClipSet, options o: PopulationTrainingOptions, run: TrainingRun)
    throws(ConfigError) -> FloatClassifierModel<PopulationClassifierHead>
  {
    let p = o.pipeline
    let classes = try ClassifierTrainer.classCount(clips, p)
    let config = PopulationHeadConfig(
      tokens: p.tokens, features: p.features, classes: classes, perClass: o.perClass,
      substeps: o.substeps)
    try config.validate()

    let fingerprint = Self.fingerprint(o, config, clips, run.validation)
    let (resumed, frontEnd) = try PopulationTrainingCheckpoint.start(
      clips, p, stdpClips: o.stdpClips, run: run, fingerprint: fingerprint)
    var model = FloatClassifierModel<PopulationClassifierHead>(
      frontEnd: frontEnd,
      head: FloatPopulationHeadModel(
        config: config,
        parameters: FloatPopulationHeadParameters(randomFor: config, seed: UInt64(o.seed))),
      classNames: ClassifierTrainer.names(clips.classNames, classes))
    func save(_ epochsDone: Int, _ current: FloatPopulationHeadParameters, _ best: Double)
      throws(ConfigError)
    {
      try PopulationTrainingCheckpoint(
        epochsDone: epochsDone, fingerprint: fingerprint, model: model, head: current,
        best: model.head.parameters, bestAccuracy: best
      ).save(run)
    }
    if resumed == nil { try save(0, model.head.parameters, -1) }
    var pipeline = try model.makePipeline()
    let train = ClassifierTrainer.windows(
      clips, &pipeline, stage: "features", progress: run.progress)
    let val = run.validation.map {
      ClassifierTrainer.windows($0, &pipeline, stage: "features (val)", progress: run.progress)
    }

    var head = pipeline.head
    head.scaleThresholds(
      to: Array(train.prefix(200)), factor: o.thresholdFactor, settings: o.settings)
    let start = min(resumed?.epochsDone ?? 0, o.epochs)
    var settings = o.settings
    if o.scaleUpdates { settings.featureScale = featureScale(train, features: config.features) }
    var traces = PopulationRSTDPTraces()
    var rng = SplitMix64(seed: UInt64(o.seed) &* 0x2545_F491_4F6C_DD1D &+ 1)
    var order = Array(0..<train.count)
    var best = BestEpoch(val, run.validation?.labels, accuracy: resumed?.bestAccuracy)
    if let resumed, start > 0 {
      head.parameters = resumed.model.head.parameters
      model.head.parameters = resumed.best
    }
    for epoch in 0..<o.epochs {
      rng.shuffle(&order)
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
      let note = best.score(&head) { model.head.parameters = $0.parameters }
      let accuracy = 100 * Double(right) / Double(max(1, train.count))
      let train = "train \(String(format: "%.1f", accuracy))%"
      run.progress("rstdp", epoch + 1, o.epochs, train + note)
      try save(epoch + 1, head.parameters, best.accuracy)
      if let stop = run.stopAfterEpochs, epoch + 1 >= stop { break }
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
}
