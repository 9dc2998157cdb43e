import Foundation
import SpikeCore
import SpikeReference
import Testing

@testable import SpikeModel

/// A small R-STDP model on toy clips (4 motion classes), built once per process.
enum SmallPopulationModel {
  static let pipeline = PipelineConfig(timesteps: 4, patch: 16, stride: 16, perColumn: 4)
  static let shared = Result { try make() }

  static func build() throws -> (
    PopulationFloatModel, PopulationInt8Model, train: ClipSet, test: ClipSet
  ) {
    try shared.get()
  }

  static func make() throws -> (
    PopulationFloatModel, PopulationInt8Model, train: ClipSet, test: ClipSet
  ) {
    let train = ToyClips.make(perClass: 10, seed: 3)
    let test = ToyClips.make(perClass: 8, seed: 11)
    var o = PopulationTrainingOptions()
    o.pipeline = pipeline
    o.perClass = 4
    o.stdpClips = 4
    o.epochs = 6
    let f = try PopulationTrainer.train(train, validation: nil, options: o) {
      _, _, _, _ in
    }
    let (ranges, _) = try PopulationClassifierHead.calibrate(
      f, clips: train, method: .minMax, progress: { _, _, _, _ in })
    return (f, try f.quantized(ranges: ranges), train, test)
  }

  /// Accuracy of the float and integer pipelines on `clips`, and their argmax agreement.
  static func score(
    _ f: PopulationFloatModel, _ q: PopulationInt8Model, _ clips: ClipSet
  ) throws -> (float: Double, int: Double, agreement: Double) {
    var fp = try f.makePipeline()
    var qp = try q.makePipeline()
    var (fr, qr, agree) = (0, 0, 0)
    for c in 0..<clips.clipCount {
      fp.reset()
      qp.reset()
      var fd: FloatDecision?
      var qd: Decision?
      for k in 0..<clips.framesPerClip {
        if let d = clips.withFrame(c, k, { fp.push($0) }) { fd = d }
        if let d = clips.withFrame(c, k, { qp.push($0) }) { qd = d }
      }
      let a = try #require(fd).classIndex
      let b = try #require(qd).classIndex
      if a == clips.labels[c] { fr += 1 }
      if b == clips.labels[c] { qr += 1 }
      if a == b { agree += 1 }
    }
    let n = Double(clips.clipCount)
    return (Double(fr) / n, Double(qr) / n, Double(agree) / n)
  }
}

@Suite struct PopulationHeadTests {
  /// R-STDP on 40 toy clips reaches well above chance (25 %) on 32 held-out clips: at least
  /// 60 % for the float head and the integer head.
  @Test func trainingBeatsChance() throws {
    let (f, q, _, test) = try SmallPopulationModel.build()
    let s = try SmallPopulationModel.score(f, q, test)
    print("R-STDP toy: float \(s.float), int \(s.int), agreement \(s.agreement)")
    #expect(s.float >= 0.6)
    #expect(s.int >= 0.6)
  }
}

@Suite struct PopulationModelFileTests {
  /// Float and int8 R-STDP models survive a write and read unchanged, carry `head: rstdp`, and
  /// rebuild pipelines that decide like the originals.
  @Test func roundTripsBothKinds() throws {
    let (f, q, _, test) = try SmallPopulationModel.build()
    let floatPath = Python.temporaryPath("rstdp-float.safetensors")
    let intPath = Python.temporaryPath("rstdp-int8.safetensors")
    defer {
      unlink(floatPath)
      unlink(intPath)
    }
    try f.write(board: "test", path: floatPath)
    try q.write(board: "test", path: intPath)
    #expect(try SafetensorsFile.read(path: floatPath).metadata["head"] == "rstdp")
    guard case .float(let fRead) = try ClassifierModelFile.read(path: floatPath),
      let f2 = fRead as? PopulationFloatModel
    else {
      Issue.record("float R-STDP model read back as another kind")
      return
    }
    guard case .int8(let qRead) = try ClassifierModelFile.read(path: intPath),
      let q2 = qRead as? PopulationInt8Model
    else {
      Issue.record("int8 R-STDP model read back as another kind")
      return
    }
    #expect(f2.head == f.head && f2.frontEnd == f.frontEnd && f2.classNames == f.classNames)
    #expect(q2.head == q.head && q2.frontEnd == q.frontEnd && q2.classNames == q.classNames)
    let before = try SmallPopulationModel.score(f, q, test)
    let after = try SmallPopulationModel.score(f2, q2, test)
    #expect(before == after)
  }

  /// An attention classifier now records `head: attention`, and a file from before the key
  /// existed (the bundled model) still reads as an attention model.
  @Test func attentionFilesWithAndWithoutHeadKey() throws {
    let bundled = Python.packageRoot + "/calibration/gesture9-int8.safetensors"
    let file = try SafetensorsFile.read(path: bundled)
    if file.metadata["head"] == nil {
      guard case .int8(let model) = try ClassifierModelFile.read(file),
        model is AttentionInt8Model
      else {
        Issue.record("a file without a head key must read as an attention model")
        return
      }
    }
    let (f, _, _) = try SmallModel.build()
    #expect(f.image(board: "x").metadata["head"] == "attention")
  }

  /// A classifier whose head this build does not know is refused with a message naming the
  /// key, the value and the heads it reads.
  @Test func unknownHeadIsRefused() throws {
    let (f, _, _, _) = try SmallPopulationModel.build()
    var w = f.image(board: "x")
    w.metadata["head"] = "liquid-state"
    let file = try SafetensorsFile.parse(w.bytes(), file: "mystery.safetensors")
    do {
      _ = try ClassifierModelFile.read(file)
      Issue.record("an unknown head was accepted")
    } catch {
      #expect(error.field == "__metadata__.head")
      #expect(error.description.contains("liquid-state"))
      #expect(error.description.contains("rstdp"))
    }
  }

  /// The int8 model agrees with its float twin on the toy test clips: argmax agreement
  /// ≥ 90 % and accuracy within 10 points (32 clips: one clip is 3 points).
  @Test func quantizedAgreesWithFloat() throws {
    let (f, q, _, test) = try SmallPopulationModel.build()
    let s = try SmallPopulationModel.score(f, q, test)
    #expect(s.agreement >= 0.9)
    #expect(abs(s.float - s.int) <= 0.1)
    #expect(
      q.head.parameters.stateShift > 0, "the calibrated range should leave room for fraction bits")
  }

  /// Training is deterministic for a seed.
  @Test func trainingIsDeterministic() throws {
    let (f, _, train, _) = try SmallPopulationModel.build()
    var o = PopulationTrainingOptions()
    o.pipeline = SmallPopulationModel.pipeline
    o.perClass = 4
    o.stdpClips = 4
    o.epochs = 6
    let again = try PopulationTrainer.train(train, validation: nil, options: o) {
      _, _, _, _ in
    }
    #expect(again.head == f.head)
    #expect(again.frontEnd == f.frontEnd)
  }
}

@Suite struct PopulationCheckpointTests {
  /// A run stopped after 2 of 5 epochs and resumed from its checkpoint gives bit-for-bit the
  /// model of an uninterrupted run; a checkpoint of other options is refused.
  @Test func resumedRunMatchesUninterruptedRun() throws {
    let train = ToyClips.make(perClass: 4, seed: 5)
    let validation = ToyClips.make(perClass: 2, seed: 6)
    var o = PopulationTrainingOptions()
    o.pipeline = SmallPopulationModel.pipeline
    o.perClass = 3
    o.stdpClips = 3
    o.epochs = 5
    let dir = Python.temporaryPath("rstdp-checkpoint")
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let quiet: ClassifierTrainer.Progress = { _, _, _, _ in }
    let whole = try PopulationTrainer.train(
      train, validation: validation, options: o, progress: quiet)
    _ = try PopulationTrainer.train(
      train, validation: validation, options: o, checkpoint: dir, stopAfterEpochs: 2,
      progress: quiet)
    let saved = try #require(try PopulationTrainingCheckpoint.read(directory: dir))
    #expect(saved.epochsDone == 2)
    var stages: [String] = []
    let resumed = try PopulationTrainer.train(
      train, validation: validation, options: o, checkpoint: dir, resume: true
    ) { stage, done, _, _ in if done == 1 || stage == "rstdp" { stages.append("\(stage) \(done)") }
    }
    #expect(!stages.contains("stdp 1"), "a resumed run must not redo the STDP stage")
    #expect(stages.filter { $0.hasPrefix("rstdp") } == ["rstdp 3", "rstdp 4", "rstdp 5"])
    #expect(resumed.head == whole.head)
    #expect(resumed.frontEnd == whole.frontEnd)
    var other = o
    other.epochs = 6
    #expect(throws: ConfigError.self) {
      _ = try PopulationTrainer.train(
        train, validation: validation, options: other, checkpoint: dir, resume: true,
        progress: quiet)
    }
  }
}
