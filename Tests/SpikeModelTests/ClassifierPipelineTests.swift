import CSpikeCamSys
import Foundation
import SpikeCore
import SpikeReference
import Testing

@testable import SpikeModel

/// A small model with an untrained front end (seeded initial weights) and a head trained for a
/// few epochs on toy clips: enough to exercise every stage quickly in a debug build.
enum SmallModel {
  static let pipeline = PipelineConfig(timesteps: 4, patch: 16, stride: 16, perColumn: 4)

  /// Built once per process and shared by the tests.
  static let shared = Result { try make() }

  static func build() throws -> (AttentionFloatModel, AttentionInt8Model, ClipSet) {
    try shared.get()
  }

  static func make() throws -> (AttentionFloatModel, AttentionInt8Model, ClipSet) {
    let clips = ToyClips.make(perClass: 6, seed: 3)
    var o = AttentionTrainingOptions()
    o.pipeline = pipeline
    o.width = 16
    o.hidden = 32
    o.stdpClips = 4
    o.epochs = 8
    let f = try AttentionTrainer.train(clips, validation: nil, options: o) { _, _, _, _ in }
    var p = try f.makePipeline()
    let windows = ClassifierTrainer.windows(clips, &p, stage: "", progress: { _, _, _, _ in })
    let ranges = AttentionCalibrator().calibrate(p.head, windows: windows)
    return (f, try f.quantized(ranges: ranges), clips)
  }
}

@Suite struct ClassifierPipelineTests {
  /// Two pipelines from one model give identical windows and decisions, and `reset` replays
  /// the same stream identically.
  @Test func integerPipelineIsDeterministic() throws {
    let (_, q, clips) = try SmallModel.build()
    var a = try q.makePipeline()
    var b = try q.makePipeline()
    var first: [Decision] = []
    for pass in 0..<2 {
      var decisions: [Decision] = []
      for c in 0..<3 {
        for f in 0..<16 {
          let da = clips.withFrame(c, f) { a.push($0) }
          let db = clips.withFrame(c, f) { b.push($0) }
          #expect(da == db)
          #expect(a.window == b.window)
          if let da { decisions.append(da) }
        }
      }
      #expect(decisions.count == 3 * 16 - 15)
      if pass == 0 { first = decisions } else { #expect(decisions == first) }
      a.reset()
      b.reset()
    }
  }

  /// The integer front end's features stay within 5 % (relative L2) of the float twin's, and
  /// the two pipelines agree on at least 20 of the 24 toy clips' decisions.
  @Test func integerTracksFloatOnToyClips() throws {
    let (f, q, clips) = try SmallModel.build()
    var fp = try f.makePipeline()
    var qp = try q.makePipeline()
    var err = 0.0
    var sig = 0.0
    var agree = 0
    for c in 0..<clips.clipCount {
      fp.reset()
      qp.reset()
      var fd: FloatDecision?
      var qd: Decision?
      for k in 0..<16 {
        fd = clips.withFrame(c, k) { fp.push($0) }
        qd = clips.withFrame(c, k) { qp.push($0) }
      }
      for (x, y) in zip(fp.window, qp.window) {
        err += Double((Int(y) - Int(x)) * (Int(y) - Int(x)))
        sig += Double(Int(x) * Int(x))
      }
      if fd?.classIndex == qd?.classIndex { agree += 1 }
    }
    #expect(sig > 0)
    #expect((err / sig).squareRoot() < 0.05)
    #expect(agree >= 20, "agreement \(agree)/24")
  }

  /// The float head learns the toy task: at least 75 % of the training clips right after 8
  /// epochs (chance is 25 %).
  @Test func headLearnsToyTask() throws {
    let (f, _, clips) = try SmallModel.build()
    var p = try f.makePipeline()
    var right = 0
    for c in 0..<clips.clipCount {
      p.reset()
      var d: FloatDecision?
      for k in 0..<16 { d = clips.withFrame(c, k) { p.push($0) } }
      if d?.classIndex == clips.labels[c] { right += 1 }
    }
    #expect(right * 4 >= clips.clipCount * 3, "\(right)/\(clips.clipCount)")
  }

  /// Streaming allocates nothing: glibc's bytes in use are identical before and after 200
  /// warmed-up frames (in a child process so other tests cannot interfere).
  @Test func streamingPipelineAllocatesNothing() async {
    await #expect(processExitsWith: .success) {
      guard let (_, q, clips) = try? SmallModel.build(), var p = try? q.makePipeline() else {
        exit(2)
      }
      var decisions = 0
      for f in 0..<32 { if clips.withFrame(f / 16, f % 16, { p.push($0) }) != nil { decisions += 1 } }
      // Up to three windows: the test runner's own threads may allocate now and then, but a
      // path that allocates per frame grows the heap in every window.
      var flat = false
      var f = 0
      for _ in 0..<3 where !flat {
        let before = spikecam_heap_bytes_in_use()
        for _ in 0..<200 {
          if clips.withFrame((f / 16) % clips.clipCount, f % 16, { p.push($0) }) != nil {
            decisions += 1
          }
          f += 1
        }
        flat = spikecam_heap_bytes_in_use() == before
      }
      exit(flat && decisions > 200 ? 0 : 1)
    }
  }

  /// Both model kinds survive a write/read round trip exactly, and a flipped data byte is
  /// refused by the checksum.
  @Test func modelFilesRoundTrip() throws {
    let (f, q, clips) = try SmallModel.build()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "spikecam-model-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let fPath = dir.appendingPathComponent("f.safetensors").path
    let qPath = dir.appendingPathComponent("q.safetensors").path
    try f.write(board: "rpi-4", path: fPath)
    try q.write(board: "rpi-4", path: qPath)
    guard case .float(let fRead) = try ClassifierModelFile.read(path: fPath),
      case .int8(let qRead) = try ClassifierModelFile.read(path: qPath),
      let f2 = fRead as? AttentionFloatModel, let q2 = qRead as? AttentionInt8Model
    else {
      Issue.record("kinds changed")
      return
    }
    #expect(f2.frontEnd == f.frontEnd && f2.head == f.head && f2.classNames == f.classNames)
    #expect(q2.frontEnd == q.frontEnd)
    var a = try q.makePipeline()
    var b = try q2.makePipeline()
    for k in 0..<16 {
      #expect(clips.withFrame(0, k) { a.push($0) } == clips.withFrame(0, k) { b.push($0) })
    }
    var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: qPath)))
    bytes[bytes.count - 3] ^= 0x40
    #expect(throws: ModelError.self) { _ = try ClassifierModelFile.read(SafetensorsFile.parse(bytes, file: "x")) }
  }
}
