import Foundation
import SpikeCore
import SpikeModel
import SpikeReference
import Testing

/// Trained float head vs its int8 quantization on held-out data
/// (docs/ARCHITECTURE.md, "Number formats" and "Kernels").
@Suite struct AttentionParityTests {
  static let config = AttentionConfig(
    tokens: 8, features: 16, width: 16, heads: 2, hidden: 32, classes: SyntheticMotion.classes)

  /// A float head trained on the synthetic motion task (seeded: same weights every run), once.
  static func trainedHead() -> (head: FloatAttentionHead, train: [[Float]]) { trained }

  static let trained: (head: FloatAttentionHead, train: [[Float]]) = {
    let task = SyntheticMotion(grid: 4, tokens: config.tokens)
    let train = task.make(count: 400, seed: 11)
    var head = FloatAttentionHead(
      config: config, parameters: FloatAttentionParameters(randomFor: config, seed: 3))
    var trainer = FloatAttentionTrainer()
    for _ in 0..<10 { trainer.epoch(&head, windows: train.windows, labels: train.labels) }
    return (head, train.windows)
  }()

  @Test func quantizedHeadAgreesWithFloatOnHeldOutSyntheticMotion() throws {
    let (head, trainWindows) = Self.trainedHead()
    let test = SyntheticMotion(grid: 4, tokens: Self.config.tokens).make(count: 500, seed: 12)
    let ranges = AttentionCalibrator().calibrate(head, windows: Array(trainWindows.prefix(100)))
    let model = try AttentionQuantizer.quantize(
      config: Self.config, parameters: head.parameters, ranges: ranges)
    let result = compare(head, model, test.windows, test.labels)
    print(
      "synthetic motion (\(test.labels.count) held-out windows): float accuracy "
        + "\(result.floatAccuracy), int8 accuracy \(result.intAccuracy), agreement \(result.agreement)"
    )
    print(
      QuantizationReport(float: head, quantized: model, windows: Array(test.windows.prefix(50)))
        .table)
    #expect(result.floatAccuracy > 0.6, "the float head did not learn the task")
    #expect(result.agreement >= 0.97)
    #expect(result.floatAccuracy - result.intAccuracy <= 0.015)
  }

  @Test func percentileCalibrationAlsoAgrees() throws {
    let (head, trainWindows) = Self.trainedHead()
    let test = SyntheticMotion(grid: 4, tokens: Self.config.tokens).make(count: 200, seed: 13)
    let ranges = AttentionCalibrator(method: .percentile(99.99))
      .calibrate(head, windows: Array(trainWindows.prefix(100)))
    #expect(ranges.method == "percentile:99.99")
    let model = try AttentionQuantizer.quantize(
      config: Self.config, parameters: head.parameters, ranges: ranges)
    let result = compare(head, model, test.windows, test.labels)
    print("percentile calibration agreement \(result.agreement)")
    #expect(result.agreement >= 0.97)
  }

  @Test func reportShowsSmallErrorsAndCatchesABrokenScale() throws {
    let (head, trainWindows) = Self.trainedHead()
    let ranges = AttentionCalibrator().calibrate(head, windows: Array(trainWindows.prefix(60)))
    let model = try AttentionQuantizer.quantize(
      config: Self.config, parameters: head.parameters, ranges: ranges)
    let windows = Array(trainWindows.suffix(40))
    let report = QuantizationReport(float: head, quantized: model, windows: windows)
    for row in report.rows {
      // Stated bound: every int8 activation within 10 % RMS of its float twin.
      #expect(row.relativeError < 0.10, "\(row.name) rel. error \(row.relativeError)")
    }
    // A layer whose calibration range is 20× too small saturates; the report must point at it.
    var bad = ranges
    bad.ranges["mlpOut"]?.bound /= 20
    let broken = try AttentionQuantizer.quantize(
      config: Self.config, parameters: head.parameters, ranges: bad)
    let badReport = QuantizationReport(float: head, quantized: broken, windows: windows)
    let row = try #require(badReport.rows.first { $0.name == "mlpOut" })
    #expect(row.relativeError > 0.3)
  }

  @Test func quantizedModelFileRoundTripsBitExactly() throws {
    let (head, trainWindows) = Self.trainedHead()
    let ranges = AttentionCalibrator().calibrate(head, windows: Array(trainWindows.prefix(50)))
    let model = try AttentionQuantizer.quantize(
      config: Self.config, parameters: head.parameters, ranges: ranges)
    let image = AttentionModelFile.quantizedImage(model, board: "test-board")
    let file = try SafetensorsFile.parse(image, file: "mem.safetensors")
    #expect(file.metadata["board"] == "test-board")
    let loaded = try AttentionModelFile.readQuantized(file)
    #expect(loaded.parameters == model.parameters)
    var a = model.makeHead()
    var b = loaded.makeHead()
    var input = [Int8](repeating: 0, count: Self.config.tokens * Self.config.features)
    for window in trainWindows.prefix(20) {
      model.quantizeInput(window, into: &input)
      #expect(a.classify(input) == b.classify(input))
      #expect(a.logits == b.logits)
    }
  }
}

struct Comparison {
  var floatAccuracy: Double
  var intAccuracy: Double
  var agreement: Double
}

/// Runs both heads over labelled windows.
func compare(
  _ head: FloatAttentionHead, _ model: QuantizedAttentionModel, _ windows: [[Float]],
  _ labels: [Int]
) -> Comparison {
  var head = head
  var int8 = model.makeHead()
  var input = [Int8](repeating: 0, count: model.config.tokens * model.config.features)
  var floatCorrect = 0
  var intCorrect = 0
  var agree = 0
  for (window, label) in zip(windows, labels) {
    let f = head.classify(window)
    model.quantizeInput(window, into: &input)
    let q = int8.classify(input)
    floatCorrect += f.classIndex == label ? 1 : 0
    intCorrect += q.classIndex == label ? 1 : 0
    agree += f.classIndex == q.classIndex ? 1 : 0
  }
  let n = Double(labels.count)
  return Comparison(
    floatAccuracy: Double(floatCorrect) / n, intAccuracy: Double(intCorrect) / n,
    agreement: Double(agree) / n)
}
