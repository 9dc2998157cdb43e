import Foundation
import SpikeCore
import SpikeReference

/// What `spikecam train` asks of a head, whatever it is: the front end, the options every head
/// shares (nil: the head's default, or its key in the `--config` file), the `--config` file
/// itself for the head's own keys, and checkpointing.
public struct TrainingRequest: Sendable {
  /// Front end.
  public var pipeline = PipelineConfig()
  /// Seed of the head's initialisation and of the order of training.
  public var seed: UInt32 = 1
  /// Clips shown to the spiking layer during the unsupervised STDP stage.
  public var stdpClips = 200
  /// Passes over the training windows.
  public var epochs: Int?
  /// Symmetries to train on (heads that train on transformed clips: attention).
  public var augment: [ClipTransform]?
  /// Variants each clip is used in (with `augment`).
  public var augmentVariants: Int?
  /// The `--config` JSON (snake_case keys): each head reads its own keys from it.
  public var config: Data?
  /// A trained front end to keep as it is (no STDP stage), so heads compare on one front end.
  public var frontEnd: FloatFrontEnd?
  /// Folder to checkpoint into after the STDP stage and every epoch.
  public var checkpoint: String?
  /// Continue the run checkpointed in `checkpoint`.
  public var resume = false
  /// End after this many epochs (the model so far), as an interruption would.
  public var stopAfterEpochs: Int?

  /// Defaults.
  public init() {}
}

/// What training shares across heads: checking the clips, the unsupervised STDP stage of the
/// front end, and the windows a front end makes of clips.
public enum ClassifierTrainer {
  /// Progress report: stage, items done, items in the stage, a short note (e.g. loss).
  public typealias Progress = (_ stage: String, _ done: Int, _ total: Int, _ note: String) -> Void

  /// Checks the front end and that the clips fit it (frame size, enough frames for a window),
  /// and returns the number of classes (at least two).
  static func classCount(_ clips: ClipSet, _ p: PipelineConfig) throws(ConfigError) -> Int {
    try p.validate()
    if let mismatch = clips.mismatch(p) { throw .inconsistent(mismatch) }
    let classes = max(clips.classNames.count, (clips.labels.max() ?? 0) + 1)
    guard classes >= 2 else { throw .inconsistent("training needs at least two classes") }
    return classes
  }

  /// The front end: the given one, or the unsupervised STDP stage on `count` seeded clips.
  static func frontEnd(
    _ given: FloatFrontEnd?, _ clips: ClipSet, _ p: PipelineConfig, _ count: Int,
    _ progress: Progress
  ) throws(ConfigError) -> FloatFrontEnd {
    if let given { return given }
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
    return FloatFrontEnd(
      pipeline: p, weights: learner.network.storedWeights(projection: 0), theta: learner.theta)
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

  /// The K-frame window at the end of each clip (or of the clips `only` lists) through
  /// `pipeline`'s front end, as real values, with the clip transformed by `variant` (mirrored,
  /// flipped, reversed) on the way in.
  public static func windows<Head: FloatWindowHead>(
    _ clips: ClipSet, _ pipeline: inout FloatClassifierPipeline<Head>,
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
      out.append(pipeline.window.map(Float.init))
      if (n + 1) % 50 == 0 || n + 1 == indices.count { progress(stage, n + 1, indices.count, "") }
    }
    return out
  }

  /// Runs `write` with the checkpoint folder, if there is one; a failure is a training error.
  static func save(into directory: String?, _ write: (String) throws(ModelError) -> Void)
    throws(ConfigError)
  {
    guard let directory else { return }
    do throws(ModelError) {
      try write(directory)
    } catch {
      throw .inconsistent("checkpoint: \(error.description)")
    }
  }

  /// `classes` names: the data set's, then `class<i>` for any it lacks.
  static func names(_ given: [String], _ classes: Int) -> [String] {
    (0..<classes).map { $0 < given.count ? given[$0] : "class\($0)" }
  }

  /// Reads a head's keys (`Keys`, snake_case) from the `--config` JSON.
  static func configKeys<Keys: Decodable>(_ config: Data?, as: Keys.Type) throws(ConfigError)
    -> Keys?
  {
    guard let config else { return nil }
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    do {
      return try decoder.decode(Keys.self, from: config)
    } catch {
      throw .inconsistent("--config is not a training config (\(error)); keys are snake_case")
    }
  }
}

/// The best epoch of a training run so far, by validation accuracy; without validation clips
/// every epoch is the best so far (the last one is kept).
struct BestEpoch {
  /// The validation windows and their labels, if any.
  let windows: [[Float]]?
  let labels: [Int]
  /// Validation accuracy of the best epoch (−1 before any epoch or without validation).
  private(set) var accuracy: Double

  /// Tracks `windows` (nil: no validation), starting from a resumed run's best `accuracy`.
  init(_ windows: [[Float]]?, _ labels: [Int]?, accuracy: Double?) {
    self.windows = windows
    self.labels = labels ?? []
    self.accuracy = accuracy ?? -1
  }

  /// Scores this epoch's `head`: the progress note (`, val 81.2%`, empty without validation)
  /// and whether it is the best so far.
  mutating func score<Head: FloatWindowHead>(_ head: inout Head) -> (note: String, isBest: Bool)
  {
    guard let windows else { return ("", true) }
    var right = 0
    for (w, l) in zip(windows, labels) where head.classify(w).classIndex == l { right += 1 }
    let now = Double(right) / Double(max(1, windows.count))
    let note = ", val \(String(format: "%.1f", 100 * now))%"
    guard now > accuracy else { return (note, false) }
    accuracy = now
    return (note, true)
  }

  /// Ends an epoch: scores `head`, hands it to `keep` when it is the best so far, and returns
  /// the progress note.
  mutating func score<Head: FloatWindowHead>(_ head: inout Head, keep: (Head) -> Void) -> String {
    let (note, isBest) = score(&head)
    if isBest { keep(head) }
    return note
  }
}
