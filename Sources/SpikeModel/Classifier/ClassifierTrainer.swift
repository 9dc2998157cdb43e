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
}

/// Trains the float classifier in two stages: unsupervised STDP of the spiking layer on a seeded
/// selection of clips (k-WTA columns learn motion templates from the current and delayed
/// events), then the attention head with Adam on the frozen layer's per-frame spike counts.
public enum ClassifierTrainer {
  /// Progress report: stage, items done, items in the stage, a short note (e.g. loss).
  public typealias Progress = (_ stage: String, _ done: Int, _ total: Int, _ note: String) -> Void

  /// Checks the front end and that the clips fit it (frame size, enough frames for a window),
  /// and returns the number of classes (at least two), for either head's training.
  static func classCount(_ clips: ClipSet, _ p: PipelineConfig) throws(ConfigError) -> Int {
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
    return classes
  }

  /// Runs both stages; keeps the head of the epoch with the best validation accuracy when
  /// `validation` is given (else the last).
  ///
  /// With `checkpoint`, a checkpoint is written atomically into that folder after the STDP
  /// stage and after every epoch; with `resume`, a checkpoint found there (of the same run:
  /// same options and data, else an error) is continued, giving the same model as an
  /// uninterrupted run. `stopAfterEpochs` ends the run early (the model so far), as an
  /// interruption would.
  public static func train(
    _ clips: ClipSet, validation: ClipSet?, options o: ClassifierTrainingOptions,
    checkpoint: String? = nil, resume: Bool = false, stopAfterEpochs: Int? = nil,
    progress: Progress
  ) throws(ConfigError) -> FloatClassifierModel {
    let p = o.pipeline
    let classes = try ClassifierTrainer.classCount(clips, p)

    let attention = AttentionConfig(
      tokens: p.tokens, features: p.features, width: o.width, heads: o.heads, hidden: o.hidden,
      classes: classes)
    if let problem = attention.problem() { throw .inconsistent("attention head: \(problem)") }
    let transforms = try augmentation(o.augment, clips.classNames, classes)
    let fingerprint =
      checkpoint == nil ? "" : Self.fingerprint(o, transforms, classes, clips, validation)
    let resumed = try ClassifierTrainingCheckpoint.resume(
      checkpoint, resume: resume, fingerprint: fingerprint)

    // Stage 1: STDP on a seeded selection of clips (or the checkpoint's front end).
    let weights: [Float]
    let theta: [Float]
    if let resumed {
      (weights, theta) = (resumed.model.weights, resumed.model.theta)
    } else {
      (weights, theta) = try stdp(clips, p, o.stdpClips, progress)
    }
    var model = FloatClassifierModel(
      pipeline: p, attention: attention,
      head: resumed?.best ?? FloatAttentionParameters(randomFor: attention, seed: UInt64(o.seed)),
      weights: weights, theta: theta, classNames: names(clips.classNames, classes))
    var trainer = FloatAttentionTrainer()
    trainer.learningRate = o.learningRate
    trainer.batchSize = o.batchSize
    trainer.seed = UInt64(o.seed)
    func save(_ epochsDone: Int, _ current: FloatAttentionParameters, _ best: Double)
      throws(ConfigError)
    {
      guard let checkpoint else { return }
      var now = model
      now.head = current
      do throws(ModelError) {
        try ClassifierTrainingCheckpoint(
          epochsDone: epochsDone, fingerprint: fingerprint, model: now, best: model.head,
          bestAccuracy: best, adamFirst: trainer.first, adamSecond: trainer.second,
          adamStep: trainer.step
        ).write(directory: checkpoint)
      } catch {
        throw .inconsistent("checkpoint: \(error.description)")
      }
    }
    if resumed == nil { try save(0, model.head, -1) }

    // Stage 2: features of the frozen layer, then Adam on the head.
    var pipeline = try model.makePipeline()
    let variants = ClipVariant.all(transforms)
    let members = assign(clips.clipCount, variants.count, o.augmentVariants, seed: o.seed)
    var train: [[Float]] = []
    var labels: [Int] = []
    train.reserveCapacity(members.reduce(0) { $0 + $1.count })
    for (v, chosen) in zip(variants, members) where !chosen.isEmpty {
      let map = try v.labelMap(names(clips.classNames, classes))
      let stage = v.transforms.isEmpty ? "features" : "features (\(v.name))"
      train += windows(
        clips, &pipeline, variant: v, only: chosen, stage: stage, progress: progress)
      labels += chosen.map { map[clips.labels[$0]] }
    }
    let val = validation.map { windows($0, &pipeline, stage: "features (val)", progress: progress) }
    var head = FloatAttentionHead(config: attention, parameters: model.head)
    var best = -1.0
    if let resumed {
      head.parameters = resumed.model.head
      best = resumed.bestAccuracy
      trainer.restore(
        first: resumed.adamFirst, second: resumed.adamSecond, step: resumed.adamStep)
    }
    for epoch in min(resumed?.epochsDone ?? 0, o.epochs)..<o.epochs {
      if let stopAfterEpochs, epoch >= stopAfterEpochs { break }
      let loss = trainer.epoch(&head, windows: train, labels: labels)
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
      try save(epoch + 1, head.parameters, best)
    }
    return model
  }

  /// FNV-1a over 64-bit words: tells data sets apart at memory speed (a CRC of Gesture-9's
  /// 0.9 GB of training pixels would take seconds).
  static func digest(_ bytes: [UInt8]) -> UInt64 {
    bytes.withUnsafeBytes { raw in
      var h: UInt64 = 0xCBF2_9CE4_8422_2325
      let words = raw.count / 8
      for i in 0..<words {
        h = (h ^ raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* 0x100_0000_01B3
      }
      for i in words * 8..<raw.count { h = (h ^ UInt64(raw[i])) &* 0x100_0000_01B3 }
      return h
    }
  }

  /// The unsupervised STDP stage: the connected weights and θ of the spiking layer after
  /// `count` seeded clips (shared by both heads).
  static func stdp(_ clips: ClipSet, _ p: PipelineConfig, _ count: Int, _ progress: Progress)
    throws(ConfigError) -> ([Float], [Float])
  {
    var learner = try FloatSpikeFeatureExtractor(
      config: p, network: FloatSpikingNetwork(description: p.network(learning: true)))
    var rng = SplitMix64(seed: UInt64(p.seed) &* 0x9E37_79B9_7F4A_7C15)
    let n = min(count, clips.clipCount)
    for i in 0..<n {
      let c = rng.below(clips.clipCount)
      learner.reset()
      for f in 0..<clips.framesPerClip {
        clips.withFrame(c, f) { learner.extract($0, learn: true) }
      }
      progress("stdp", i + 1, n, "")
    }
    return (learner.network.storedWeights(projection: 0), learner.theta)
  }

  /// What a checkpoint must match to be resumed: every option, the augmentation in effect and
  /// the data (sizes, labels, class names and a hash of the pixels).
  static func fingerprint(
    _ o: ClassifierTrainingOptions, _ transforms: [ClipTransform], _ classes: Int,
    _ clips: ClipSet, _ validation: ClipSet?
  ) -> String {
    func data(_ set: ClipSet?) -> String {
      guard let set else { return "none" }
      return "\(set.clipCount)×\(set.framesPerClip)×\(set.frameBytes) "
        + "labels \(set.labels.reduce(0) { $0 &* 31 &+ $1 }) names \(set.classNames) "
        + "pixels \(digest(set.pixels))"
    }
    let parts: [String] = [
      ClassifierModelFile.json(o.pipeline), "width \(o.width) heads \(o.heads)",
      "hidden \(o.hidden) classes \(classes) stdp \(o.stdpClips) epochs \(o.epochs)",
      "lr \(o.learningRate) batch \(o.batchSize) seed \(o.seed)",
      "augment \(transforms.map(\.rawValue))",
      "variants \(o.augmentVariants.map(String.init) ?? "all")",
      "train \(data(clips))", "val \(data(validation))",
    ]
    return parts.joined(separator: "; ")
  }

  /// The transforms to train with: `requested`, or when nil the default ones if every class
  /// has a known label map under them (a user's own classes get none rather than a wrong map).
  static func augmentation(_ requested: [ClipTransform]?, _ given: [String], _ classes: Int)
    throws(ConfigError) -> [ClipTransform]
  {
    if let requested { return requested }
    let n = names(given, classes)
    for t in ClassifierTrainingOptions.defaultAugmentation {
      do throws(ConfigError) { _ = try t.labelMap(n) } catch { return [] }
    }
    return ClassifierTrainingOptions.defaultAugmentation
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
      for i in stride(from: others.count - 1, to: 0, by: -1) { others.swapAt(i, rng.below(i + 1)) }
      for v in others.prefix(max(0, perClip - 1)) { members[v].append(c) }
    }
    return members
  }

  /// The K-frame window at the end of each clip (or of the clips `only` lists), through
  /// `pipeline`'s front end, with the clip transformed by `variant` (mirrored, flipped,
  /// reversed) on the way in.
  public static func windows(
    _ clips: ClipSet, _ pipeline: inout FloatClassifierPipeline,
    variant: ClipVariant = ClipVariant([]), only: [Int]? = nil, stage: String,
    progress: Progress
  ) -> [[Float]] {
    let indices = only ?? Array(0..<clips.clipCount)
    var out: [[Float]] = []
    out.reserveCapacity(indices.count)
    let side = pipeline.extractor.config
    var scratch = [UInt8](repeating: 0, count: clips.frameBytes)
    let moves = variant.transforms.contains(.mirror) || variant.transforms.contains(.flip)
    for (n, c) in indices.enumerated() {
      pipeline.reset()
      for f in 0..<clips.framesPerClip {
        let source = variant.sourceFrame(f, of: clips.framesPerClip)
        if moves {
          clips.withFrame(c, source) { frame in
            scratch.withUnsafeMutableBufferPointer {
              variant.transform(frame, width: side.width, height: side.height, into: $0)
            }
          }
          _ = scratch.withUnsafeBufferPointer { pipeline.pushFeatures($0) }
        } else {
          _ = clips.withFrame(c, source) { pipeline.pushFeatures($0) }
        }
      }
      out.append(pipeline.window)
      if (n + 1) % 50 == 0 || n + 1 == indices.count { progress(stage, n + 1, indices.count, "") }
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
