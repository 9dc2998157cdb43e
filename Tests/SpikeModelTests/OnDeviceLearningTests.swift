import CSpikeCamSys
import Foundation
import SpikeCore
import Testing

@testable import SpikeModel

/// On-device learning of an int8 classifier (`spikecam run --learn`): STDP and θ change the
/// front end deterministically, frames not learned are plain inference, the adapted model
/// writes and reads back with its record, and learning allocates nothing per frame.
@Suite struct OnDeviceLearningTests {
  /// `frames` toy frames through a learning pipeline, learning from every `every`-th.
  static func adapt(
    _ q: AttentionInt8Model, _ clips: ClipSet, frames: Int, learning: OnDeviceLearning
  ) throws -> (AttentionInt8Model, [Decision]) {
    var p = try q.makeLearningPipeline(learning)
    let theta = q.frontEnd.pipeline.trainingThetaAdaptation
    var decisions: [Decision] = []
    var learned = 0
    for f in 0..<frames {
      let (learn, adapt) = learning.plan(frame: f)
      try p.extractor.setThetaAdaptation(adapt ? theta : nil)
      if learn { learned += 1 }
      let c = (f / clips.framesPerClip) % clips.clipCount
      if let d = clips.withFrame(c, f % clips.framesPerClip, { p.push($0, learn: learn) }) {
        decisions.append(d)
      }
    }
    return (q.adapted(from: p.extractor, frames: learned, learning: learning), decisions)
  }

  /// Which frames learn and adapt θ: one in `every`, θ on one learned frame in 2^rateShift.
  @Test func planSpacesLearningAndTheta() {
    let plan = OnDeviceLearning(rateShift: 2, every: 3)
    let frames = (0..<30).map { plan.plan(frame: $0) }
    #expect(frames.indices.filter { frames[$0].learn } == Array(stride(from: 0, to: 30, by: 3)))
    #expect(frames.indices.filter { frames[$0].theta } == [0, 12, 24])
    #expect(OnDeviceLearning(rateShift: 0).plan(frame: 7) == (true, true))
  }

  /// The same stream gives the same weights and θ twice, and they differ from the start.
  @Test func learningIsDeterministicAndChangesTheFrontEnd() throws {
    let (_, q, clips) = try SmallModel.build()
    let learning = OnDeviceLearning(rateShift: 0, every: 1)
    let (a, da) = try Self.adapt(q, clips, frames: 96, learning: learning)
    let (b, db) = try Self.adapt(q, clips, frames: 96, learning: learning)
    #expect(a.frontEnd == b.frontEnd && da == db)
    #expect(a.frontEnd.weights != q.frontEnd.weights, "STDP must change the weights")
    #expect(a.frontEnd.theta != q.frontEnd.theta, "θ must adapt")
    #expect(a.adaptation == OnDeviceAdaptation(framesLearned: 96, rateShift: 0, every: 1))
    // A lower rate moves the weights less.
    let (slow, _) = try Self.adapt(q, clips, frames: 96, learning: OnDeviceLearning(rateShift: 6))
    func distance(_ m: AttentionInt8Model) -> Int {
      zip(m.frontEnd.weights, q.frontEnd.weights).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
    }
    #expect(distance(slow) < distance(a))
  }

  /// With learning off on every frame, a learning pipeline decides exactly as the plain one
  /// (θ frozen, no STDP), and the saved model is unchanged apart from its record.
  @Test func framesNotLearnedArePlainInference() throws {
    let (_, q, clips) = try SmallModel.build()
    var plain = try q.makePipeline()
    var learner = try q.makeLearningPipeline(OnDeviceLearning())
    for f in 0..<64 {
      let c = (f / 16) % clips.clipCount
      let a = clips.withFrame(c, f % 16) { plain.push($0) }
      let b = clips.withFrame(c, f % 16) { learner.push($0, learn: false) }
      #expect(a == b)
    }
    let same = q.adapted(from: learner.extractor, frames: 0, learning: OnDeviceLearning())
    #expect(same.frontEnd == q.frontEnd)
  }

  /// The adapted model writes atomically (0644, no temporary left), reads back with its
  /// record and checksum, and two identical runs write identical bytes.
  @Test func adaptedModelRoundTrips() throws {
    let (_, q, clips) = try SmallModel.build()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "spikecam-learn-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let learning = OnDeviceLearning(rateShift: 2, every: 2)
    var paths: [String] = []
    for run in 0..<2 {
      let (a, _) = try Self.adapt(q, clips, frames: 48, learning: learning)
      let path = dir.appendingPathComponent("a\(run).safetensors").path
      try a.write(board: "rpi-4", path: path)
      paths.append(path)
    }
    let bytes = try paths.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
    #expect(bytes[0] == bytes[1])
    let attributes = try FileManager.default.attributesOfItem(atPath: paths[0])
    #expect((attributes[.posixPermissions] as? Int) == 0o666 & ~processUmask())
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == [
      "a0.safetensors", "a1.safetensors",
    ])
    guard case .int8(let read) = try ClassifierModelFile.read(path: paths[0]),
      let back = read as? AttentionInt8Model
    else {
      Issue.record("kind changed")
      return
    }
    #expect(back.adaptation == OnDeviceAdaptation(framesLearned: 24, rateShift: 2, every: 2))
    #expect(back.board == "rpi-4")
    // Learning again accumulates the record.
    let again = back.adapted(
      from: try back.makeLearningPipeline(learning).extractor, frames: 10, learning: learning)
    #expect(again.adaptation?.framesLearned == 34)
  }

  /// Learning with θ switched on and off every frame allocates nothing: glibc's bytes in use
  /// are identical before and after 200 warmed-up frames, in a child process. The pipeline is
  /// driven as `run` drives it, whatever the head: through `any FrameClassifier`.
  @Test func learningAllocatesNothingPerFrame() async {
    await #expect(processExitsWith: .success) {
      guard let (_, q, clips) = try? SmallModel.build(),
        var p = try? (q as any AnyQuantizedClassifierModel).makePipeline(
          learning: OnDeviceLearning(rateShift: 1, every: 1))
      else { exit(2) }
      let theta = q.frontEnd.pipeline.trainingThetaAdaptation
      func frame(_ f: Int) {
        let learn = f % 2 == 0
        try? p.extractor.setThetaAdaptation(learn ? theta : nil)
        _ = clips.withFrame((f / 16) % clips.clipCount, f % 16) { p.push($0, learn: learn) }
      }
      for f in 0..<48 { frame(f) }
      // A digest, not a copy: a held copy would make the next weight update copy the buffer.
      func digest() -> Int {
        p.extractor.network.projections[0].synapses.weights.enumerated().reduce(0) {
          $0 &+ ($1.offset &+ 1) &* Int($1.element)
        }
      }
      let weights = digest()
      // Up to three windows of 200 frames: the test runner's own threads may allocate now and
      // then, but a path that allocates per frame grows the heap in every window.
      var flat = false
      var f = 48
      for _ in 0..<3 where !flat {
        let before = spikecam_heap_bytes_in_use()
        for _ in 0..<200 {
          frame(f)
          f += 1
        }
        flat = spikecam_heap_bytes_in_use() == before
      }
      let learned = digest() != weights
      exit(!flat ? 3 : (learned ? 0 : 4))
    }
  }
}
