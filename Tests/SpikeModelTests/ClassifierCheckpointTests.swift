import Foundation
import SpikeCore
import SpikeModel
import Testing

@Suite struct ClassifierCheckpointTests {
  static var quiet: ClassifierTrainer.Progress { { _, _, _, _ in } }

  /// A tiny attention run with validation and a seeded subset of the augmentation variants,
  /// so the checkpoint must carry the best head, Adam's moments and its shuffle state.
  static var options: AttentionTrainingOptions {
    var o = AttentionTrainingOptions()
    o.pipeline = SmallModel.pipeline
    o.width = 16
    o.hidden = 32
    o.stdpClips = 3
    o.epochs = 4
    o.batchSize = 8
    o.augment = [.mirror, .reverse]
    o.augmentVariants = 2
    return o
  }

  static func bytes(_ m: AttentionFloatModel, _ dir: String, _ name: String) throws -> Data {
    let path = dir + "/" + name
    try m.write(board: "test", path: path)
    return try Data(contentsOf: URL(fileURLWithPath: path))
  }

  static func folder(_ name: String) throws -> String {
    let dir = Python.temporaryPath(name)
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  /// Stopped after 2 of 4 epochs and resumed: the same model file bytes as an uninterrupted
  /// run, without redoing STDP or the finished epochs; other options are refused.
  @Test func resumedRunWritesTheSameModel() throws {
    let train = ToyClips.make(perClass: 3, seed: 5)
    let validation = ToyClips.make(perClass: 1, seed: 6)
    let o = Self.options
    let dir = try Self.folder("attention-checkpoint")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let wholeDir = try Self.folder("attention-checkpoint-whole")
    defer { try? FileManager.default.removeItem(atPath: wholeDir) }
    let whole = try AttentionTrainer.train(
      train, validation: validation, options: o, checkpoint: wholeDir, progress: Self.quiet)
    let partial = try AttentionTrainer.train(
      train, validation: validation, options: o, checkpoint: dir, stopAfterEpochs: 2,
      progress: Self.quiet)
    let saved = try #require(try AttentionTrainingCheckpoint.read(directory: dir))
    #expect(saved.epochsDone == 2 && saved.adamStep > 0)
    #expect(saved.model.frontEnd == whole.frontEnd && saved.best == partial.head.parameters)
    let mode = try FileManager.default.attributesOfItem(
      atPath: AttentionTrainingCheckpoint.file.path(dir))[.posixPermissions] as? Int
    #expect(mode == 0o666 & ~processUmask())
    var stages: [String] = []
    let resumed = try AttentionTrainer.train(
      train, validation: validation, options: o, checkpoint: dir, resume: true
    ) { stage, done, _, _ in if done == 1 || stage == "head" { stages.append("\(stage) \(done)") } }
    #expect(!stages.contains("stdp 1"), "a resumed run must not redo the STDP stage")
    #expect(stages.filter { $0.hasPrefix("head") } == ["head 3", "head 4"])
    #expect(
      try Self.bytes(resumed, dir, "b.safetensors") == Self.bytes(whole, dir, "a.safetensors"))
    // The final checkpoints hold the last head and Adam's state too: equal bytes show the
    // resumed epochs ran exactly as the uninterrupted ones, whichever epoch validated best.
    let last = { (d: String) in
      try Data(contentsOf: URL(fileURLWithPath: AttentionTrainingCheckpoint.file.path(d)))
    }
    #expect(try last(dir) == last(wholeDir))
    #expect(try AttentionTrainingCheckpoint.read(directory: dir)?.model.head != saved.model.head)
    var other = o
    other.augmentVariants = 3
    #expect(throws: ConfigError.self) {
      _ = try AttentionTrainer.train(
        train, validation: validation, options: other, checkpoint: dir, resume: true,
        progress: Self.quiet)
    }
  }

  /// Resuming from the STDP-stage checkpoint (no Adam state yet) also matches.
  @Test func resumeAfterStdpStageMatches() throws {
    let train = ToyClips.make(perClass: 3, seed: 7)
    var o = Self.options
    o.epochs = 2
    let dir = try Self.folder("attention-checkpoint-stdp")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let whole = try AttentionTrainer.train(
      train, validation: nil, options: o, progress: Self.quiet)
    _ = try AttentionTrainer.train(
      train, validation: nil, options: o, checkpoint: dir, stopAfterEpochs: 0,
      progress: Self.quiet)
    let saved = try #require(try AttentionTrainingCheckpoint.read(directory: dir))
    #expect(saved.epochsDone == 0 && saved.adamStep == 0 && saved.bestAccuracy == -1)
    let resumed = try AttentionTrainer.train(
      train, validation: nil, options: o, checkpoint: dir, resume: true, progress: Self.quiet)
    #expect(
      try Self.bytes(resumed, dir, "b.safetensors") == Self.bytes(whole, dir, "a.safetensors"))
  }

  /// A truncated or damaged checkpoint is refused with an error naming the checkpoint.
  @Test func damagedCheckpointIsRefused() throws {
    let train = ToyClips.make(perClass: 2, seed: 8)
    var o = Self.options
    o.epochs = 1
    let dir = try Self.folder("attention-checkpoint-bad")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    _ = try AttentionTrainer.train(
      train, validation: nil, options: o, checkpoint: dir, progress: Self.quiet)
    let path = AttentionTrainingCheckpoint.file.path(dir)
    let good = try Data(contentsOf: URL(fileURLWithPath: path))
    var flipped = good
    flipped[good.count - 5] ^= 0x40
    for bad in [good.prefix(good.count / 2), flipped] {
      try Data(bad).write(to: URL(fileURLWithPath: path))
      do throws(ConfigError) {
        _ = try AttentionTrainer.train(
          train, validation: nil, options: o, checkpoint: dir, resume: true, progress: Self.quiet)
        Issue.record("a damaged checkpoint was accepted")
      } catch {
        #expect(error.description.contains("checkpoint"), "\(error.description)")
        #expect(error.description.contains(path), "\(error.description)")
      }
    }
  }
}
