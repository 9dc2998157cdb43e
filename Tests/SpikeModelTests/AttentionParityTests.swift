import Foundation
import SpikeCore
import SpikeModel
import SpikeReference
import Testing

@Suite struct AttentionParityTests {
  static let config = AttentionConfig(
    tokens: 8, features: 16, width: 16, heads: 2, hidden: 32, classes: SyntheticMotion.classes)

  @Test func quantizedHeadAgreesWithFloatOnSyntheticMotion() throws {
    let task = SyntheticMotion(grid: 4, tokens: Self.config.tokens)
    let train = task.make(count: 300, seed: 11)
    let test = task.make(count: 300, seed: 12)
    var head = FloatAttentionHead(
      config: Self.config, parameters: FloatAttentionParameters(randomFor: Self.config, seed: 3))
    var trainer = FloatAttentionTrainer()
    let start = ContinuousClock.now
    for e in 0..<8 {
      let loss = trainer.epoch(&head, windows: train.windows, labels: train.labels)
      print("epoch \(e) loss \(loss)")
    }
    print("training took \(ContinuousClock.now - start)")
    let ranges = Calibrator().calibrate(head, windows: Array(train.windows.prefix(100)))
    let model = try AttentionQuantizer.quantize(
      config: Self.config, parameters: head.parameters, ranges: ranges)
    var int8 = model.makeHead()
    var input = [Int8](repeating: 0, count: Self.config.tokens * Self.config.features)
    var floatCorrect = 0
    var intCorrect = 0
    var agree = 0
    for (window, label) in zip(test.windows, test.labels) {
      let f = head.classify(window)
      model.quantizeInput(window, into: &input)
      let q = int8.classify(input)
      floatCorrect += f.classIndex == label ? 1 : 0
      intCorrect += q.classIndex == label ? 1 : 0
      agree += f.classIndex == q.classIndex ? 1 : 0
    }
    let n = Double(test.labels.count)
    print("float \(Double(floatCorrect) / n) int8 \(Double(intCorrect) / n) agree \(Double(agree) / n)")
  }
}
