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
    FloatPopulationClassifierModel, QuantizedPopulationClassifierModel, train: ClipSet,
    test: ClipSet
  ) {
    try shared.get()
  }

  static func make() throws -> (
    FloatPopulationClassifierModel, QuantizedPopulationClassifierModel, train: ClipSet,
    test: ClipSet
  ) {
    let train = ToyClips.make(perClass: 10, seed: 3)
    let test = ToyClips.make(perClass: 8, seed: 11)
    var o = PopulationTrainingOptions()
    o.pipeline = pipeline
    o.perClass = 4
    o.stdpClips = 4
    o.epochs = 6
    let f = try PopulationClassifierTrainer.train(train, validation: nil, options: o) {
      _, _, _, _ in
    }
    let ranges = try PopulationCalibration.ranges(f, clips: train)
    return (f, try QuantizedPopulationClassifierModel(float: f, ranges: ranges), train, test)
  }

  /// Accuracy of the float and integer pipelines on `clips`, and their argmax agreement.
  static func score(
    _ f: FloatPopulationClassifierModel, _ q: QuantizedPopulationClassifierModel, _ clips: ClipSet
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
