import Foundation
import SpikeCore
import SpikeReference

/// Settings of the attention head's training (defaults are the bundled Gesture-9 model's).
public struct AttentionTrainingOptions: HeadTrainingOptions {
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
  /// Passes of Adam over the training windows (each clip gives one window per augmentation
  /// variant, so 15 passes over the default 4 variants are 60 passes over the clips).
  public var epochs = 15
  /// Adam learning rate.
  public var learningRate: Float = 2e-3
  /// Windows per Adam step.
  public var batchSize = 16
  /// Seed of the head's initialisation and shuffling (the front end uses `pipeline.seed`).
  public var seed: UInt32 = 1
  /// Symmetries the head is trained on (every combination, `ClipVariant.all`); nil chooses
  /// `defaultAugmentation` when every class name has a known label map, else none.
  public var augment: [ClipTransform]? = nil
  /// Variants each clip is used in: nil or ≥ 2ⁿ for all of them; fewer gives every clip the
  /// identity plus a seeded random choice of the others (the cost of N variants, the variety of
  /// all of them across the set).
  public var augmentVariants: Int? = nil

  /// The augmentation of the bundled model: mirror and time reversal (4 windows per clip).
  /// Adding `flip` helps on 3,600 clips (all 8 variants) but not on 14,400 (4 of 8 per clip).
  public static let defaultAugmentation: [ClipTransform] = [.mirror, .reverse]

  /// Defaults.
  public init() {}

  /// The options of a `train` request: the shared ones, then the attention keys of its
  /// `--config` file, then the command line's epochs and augmentation.
  public init(_ r: TrainingRequest) throws(ConfigError) {
    if let c = try takeShared(r, keys: Keys.self) {
      if let v = c.augment { augment = try ClipTransform.list(v.joined(separator: ",")) }
      if let v = c.augmentVariants {
        guard v >= 1 else { throw .inconsistent("--config: augment_variants must be at least 1") }
        augmentVariants = v
      }
      if let v = c.width { width = v }
      if let v = c.heads { heads = v }
      if let v = c.hidden { hidden = v }
      if let v = c.epochs { epochs = v }
      if let v = c.learningRate { learningRate = v }
      if let v = c.batchSize { batchSize = v }
    }
    epochs = r.epochs ?? epochs
    augment = r.augment ?? augment
    augmentVariants = r.augmentVariants ?? augmentVariants
  }

  /// The attention head's keys of the `train --config` file.
  struct Keys: Decodable {
    var width, heads, hidden, epochs, batchSize, augmentVariants: Int?
    var learningRate: Float?
    var augment: [String]?
  }
}

/// Trains the float attention classifier in two stages: unsupervised STDP of the spiking layer
/// on a seeded selection of clips (k-WTA columns learn motion templates from the current and
/// delayed events; `ClassifierTrainer`), then the attention head with Adam on the frozen
/// layer's per-frame features.
public enum AttentionTrainer: HeadTrainer {
  /// Runs both stages (`HeadTrainer`); the head learns with Adam on the frozen front end's
  /// windows of every clip and of the augmentation variants chosen for it.
  public static func train(_ clips: ClipSet, options o: AttentionTrainingOptions, run: TrainingRun)
    throws(ConfigError) -> FloatClassifierModel<AttentionClassifierHead>
  {
    let p = o.pipeline
    let classes = try ClassifierTrainer.classCount(clips, p)

    let attention = try o.attention(classes: classes)
    let transforms = try augmentation(o.augment, clips.classNames, classes)
    let fingerprint =
      run.checkpoint == nil
      ? ""
      : Self.fingerprint(o, transforms, classes, clips, run.validation, frontEnd: run.frontEnd)
    // Stage 1: STDP on a seeded selection of clips (or the checkpoint's or given front end).
    let (resumed, frontEnd) = try AttentionTrainingCheckpoint.start(
      clips, p, stdpClips: o.stdpClips, run: run, fingerprint: fingerprint)
    let names = ClassifierTrainer.names(clips.classNames, classes)
    var model = FloatClassifierModel<AttentionClassifierHead>(
      frontEnd: frontEnd,
      head: FloatAttentionModel(
        config: attention,
        parameters: resumed?.best
          ?? FloatAttentionParameters(randomFor: attention, seed: UInt64(o.seed))),
      classNames: names)
    var trainer = FloatAttentionTrainer()
    trainer.learningRate = o.learningRate
    trainer.batchSize = o.batchSize
    trainer.seed = UInt64(o.seed)
    func save(_ epochsDone: Int, _ current: FloatAttentionParameters, _ best: Double)
      throws(ConfigError)
    {
      try AttentionTrainingCheckpoint(
        epochsDone: epochsDone, fingerprint: fingerprint, model: model, head: current,
        best: model.head.parameters, bestAccuracy: best, adamFirst: trainer.first,
        adamSecond: trainer.second, adamStep: trainer.step
      ).save(run)
    }
    if resumed == nil { try save(0, model.head.parameters, -1) }

    // Stage 2: features of the frozen layer, then Adam on the head.
    var pipeline = try model.makePipeline()
    let variants = ClipVariant.all(transforms)
    let members = assign(clips.clipCount, variants.count, o.augmentVariants, seed: o.seed)
    var train: [[Float]] = []
    var labels: [Int] = []
    train.reserveCapacity(members.reduce(0) { $0 + $1.count })
    for (v, chosen) in zip(variants, members) where !chosen.isEmpty {
      let map = try v.labelMap(names)
      let stage = v.transforms.isEmpty ? "features" : "features (\(v.name))"
      train += ClassifierTrainer.windows(
        clips, &pipeline, variant: v, only: chosen, stage: stage, progress: run.progress)
      labels += chosen.map { map[clips.labels[$0]] }
    }
    let val = run.validation.map {
      ClassifierTrainer.windows($0, &pipeline, stage: "features (val)", progress: run.progress)
    }
    var head = pipeline.head
    var best = BestEpoch(val, run.validation?.labels, accuracy: resumed?.bestAccuracy)
    if let resumed {
      head.parameters = resumed.model.head.parameters
      trainer.restore(
        first: resumed.adamFirst, second: resumed.adamSecond, step: resumed.adamStep)
    }
    for epoch in min(resumed?.epochsDone ?? 0, o.epochs)..<o.epochs {
      if let stop = run.stopAfterEpochs, epoch >= stop { break }
      let loss = trainer.epoch(&head, windows: train, labels: labels)
      let note = best.score(&head) { model.head.parameters = $0.parameters }
      run.progress("head", epoch + 1, o.epochs, "loss \(String(format: "%.3f", loss))" + note)
      try save(epoch + 1, head.parameters, best.accuracy)
    }
    return model
  }

  /// What a checkpoint must match to be resumed: every option, the augmentation in effect, the
  /// data (sizes, labels, class names and a hash of the pixels) and a given front end.
  static func fingerprint(
    _ o: AttentionTrainingOptions, _ transforms: [ClipTransform], _ classes: Int,
    _ clips: ClipSet, _ validation: ClipSet?, frontEnd: FloatFrontEnd?
  ) -> String {
    func data(_ set: ClipSet?) -> String {
      guard let set else { return "none" }
      return "\(set.clipCount)×\(set.framesPerClip)×\(set.frameBytes) "
        + "labels \(set.labels.reduce(0) { $0 &* 31 &+ $1 }) names \(set.classNames) "
        + "pixels \(ClassifierTrainer.digest(set.pixels))"
    }
    var parts: [String] = [
      ClassifierModelFile.json(o.pipeline), "width \(o.width) heads \(o.heads)",
      "hidden \(o.hidden) classes \(classes) stdp \(o.stdpClips) epochs \(o.epochs)",
      "lr \(o.learningRate) batch \(o.batchSize) seed \(o.seed)",
      "augment \(transforms.map(\.rawValue))",
      "variants \(o.augmentVariants.map(String.init) ?? "all")",
      "train \(data(clips))", "val \(data(validation))",
    ]
    if let frontEnd {
      let bytes = frontEnd.weights.flatMap { withUnsafeBytes(of: $0.bitPattern, Array.init) }
      parts.append("front end \(ClassifierTrainer.digest(bytes))")
    }
    return parts.joined(separator: "; ")
  }

  /// The transforms to train with: `requested`, or when nil the default ones if every class
  /// has a known label map under them (a user's own classes get none rather than a wrong map).
  static func augmentation(_ requested: [ClipTransform]?, _ given: [String], _ classes: Int)
    throws(ConfigError) -> [ClipTransform]
  {
    if let requested { return requested }
    let n = ClassifierTrainer.names(given, classes)
    for t in AttentionTrainingOptions.defaultAugmentation {
      do throws(ConfigError) { _ = try t.labelMap(n) } catch { return [] }
    }
    return AttentionTrainingOptions.defaultAugmentation
  }

  /// The clips each variant is used on: all of them, or (with `perClip` below the variant
  /// count) every clip for the identity and a seeded random `perClip − 1` of the others.
  static func assign(_ clipCount: Int, _ variantCount: Int, _ perClip: Int?, seed: UInt32)
    -> [[Int]]
  {
    let all = Array(0..<clipCount)
    guard let perClip, perClip < variantCount else {
      return Array(repeating: all, count: variantCount)
    }
    var members = [[Int]](repeating: [], count: variantCount)
    members[0] = all
    var rng = SplitMix64(seed: UInt64(seed) &* 0xD1B5_4A32_D192_ED03 &+ 1)
    for c in 0..<clipCount {
      var others = Array(1..<variantCount)
      rng.shuffle(&others)
      for v in others.prefix(max(0, perClip - 1)) { members[v].append(c) }
    }
    return members
  }
}

extension AttentionTrainingOptions {
  /// The attention block these options make for `classes` classes, checked.
  func attention(classes: Int) throws(ConfigError) -> AttentionConfig {
    let p = pipeline
    let attention = AttentionConfig(
      tokens: p.tokens, features: p.features, width: width, heads: heads, hidden: hidden,
      classes: classes)
    if let problem = attention.problem() { throw .inconsistent("attention head: \(problem)") }
    return attention
  }
}
