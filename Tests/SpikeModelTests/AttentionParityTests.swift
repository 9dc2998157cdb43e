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

  /// The same float head and ranges with 12-bit activations. Both integer heads are measured
  /// against the float head with the int8 weights they share, with ranges taken on the windows
  /// they run (nothing clips), so what is left is the activations' rounding and the integer
  /// kernels: 12-bit activations must cut it.
  @Test func twelveBitActivationsTrackTheFloatHeadCloser() throws {
    let (trained, _) = Self.trainedHead()
    let head = FloatAttentionHead(
      config: Self.config, parameters: Self.int8Weights(trained.parameters))
    let test = SyntheticMotion(grid: 4, tokens: Self.config.tokens).make(count: 500, seed: 12)
    let ranges = AttentionCalibrator().calibrate(head, windows: test.windows)
    var wide = ranges
    wide.activationBits = 12
    let int8 = try AttentionQuantizer.quantize(
      config: Self.config, parameters: head.parameters, ranges: ranges)
    let int12 = try AttentionQuantizer.quantize(
      config: Self.config, parameters: head.parameters, ranges: wide)
    #expect(int12.parameters.activations == .int12)
    #expect(int12.parameters.projection.weights == int8.parameters.projection.weights)
    let windows = Array(test.windows.prefix(50))
    let narrow = QuantizationReport(float: head, quantized: int8, windows: windows)
    let fine = QuantizationReport(float: head, quantized: int12, windows: windows)
    print(narrow.table)
    print(fine.table)
    for (a, b) in zip(narrow.rows, fine.rows) {
      // Stated bound: every 12-bit activation (and the softmax, and the logits) within 0.5 %
      // RMS of the float head, and at a fifth of the int8 head's error or less (about a tenth
      // here: the kernels' own roundings stay).
      #expect(b.relativeError < 0.005, "\(b.name) rel. error \(b.relativeError)")
      #expect(
        b.relativeError <= a.relativeError / 5,
        "\(b.name): \(b.relativeError) vs int8 \(a.relativeError)")
    }
    let r8 = compare(head, int8, test.windows, test.labels)
    let r12 = compare(head, int12, test.windows, test.labels)
    print("agreement with the float head: int8 \(r8.agreement), 12-bit \(r12.agreement)")
    #expect(r12.agreement >= 0.99)
    #expect(r12.agreement >= r8.agreement)
  }

  /// `p` with every weight matrix rounded to the quantizer's int8 grid (per output channel).
  static func int8Weights(_ p: FloatAttentionParameters) -> FloatAttentionParameters {
    var q = p
    let pairs: [(AttentionTensor, AttentionTensor)] = [
      (.projectionWeight, .projectionBias), (.queryWeight, .queryBias), (.keyWeight, .keyBias),
      (.valueWeight, .valueBias), (.outputWeight, .outputBias), (.mlp1Weight, .mlp1Bias),
      (.mlp2Weight, .mlp2Bias), (.headWeight, .headBias),
    ]
    for (weight, bias) in pairs {
      let rows = p[bias].count
      let columns = p[weight].count / rows
      var w = p[weight]
      for o in 0..<rows {
        let row = (o * columns)..<((o + 1) * columns)
        let scale = (w[row].map(abs).max() ?? 0) / 127
        guard scale > 0 else { continue }
        for i in row { w[i] = (w[i] / scale).rounded() * scale }
      }
      q[weight] = w
    }
    return q
  }

  /// A width this build does not run, and a head too wide for 12-bit `Q·Kᵀ`, are refused with
  /// what to do, by the quantizer and by the reader.
  @Test func unsupportedActivationWidthsAreRefused() throws {
    let (head, trainWindows) = Self.trainedHead()
    var ranges = AttentionCalibrator().calibrate(head, windows: Array(trainWindows.prefix(20)))
    ranges.activationBits = 16
    #expect(throws: QuantizationError.self) {
      try AttentionQuantizer.quantize(
        config: Self.config, parameters: head.parameters, ranges: ranges)
    }
    ranges.activationBits = 12
    let model = try AttentionQuantizer.quantize(
      config: Self.config, parameters: head.parameters, ranges: ranges)
    let image = AttentionModelFile.quantizedImage(model, board: "b")
    let length = image.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    let header = String(decoding: image[8..<(8 + length)], as: UTF8.self)
    #expect(header.contains("\"activation_bits\":\"12\""))
    let sixteen = try ReaderAgreementTests.resealed(
      image,
      header: header.replacingOccurrences(
        of: "\"activation_bits\":\"12\"", with: "\"activation_bits\":\"16\""))
    do {
      _ = try AttentionModelFile.readQuantized(SafetensorsFile.parse(sixteen, file: "m"))
      Issue.record("a 16-bit model was read")
    } catch {
      #expect(error.description.contains("activation_bits"), "\(error.description)")
    }
    let wide = AttentionConfig(tokens: 4, features: 8, width: 512, heads: 1, hidden: 8, classes: 2)
    #expect(wide.problem() == nil)
    #expect(wide.problem(activations: .int12)?.contains("at most 256") == true)
  }

  /// Both widths read back bit for bit. A 12-bit model is format 3 with `activation_bits`; an
  /// int8 model stays format 2 without the key, so older builds still read it.
  @Test(arguments: [8, 12])
  func quantizedModelFileRoundTripsBitExactly(_ bits: Int) throws {
    let (head, trainWindows) = Self.trainedHead()
    var ranges = AttentionCalibrator().calibrate(head, windows: Array(trainWindows.prefix(50)))
    ranges.activationBits = bits == 8 ? nil : bits
    let model = try AttentionQuantizer.quantize(
      config: Self.config, parameters: head.parameters, ranges: ranges)
    #expect(model.parameters.activations.bits == bits)
    let image = AttentionModelFile.quantizedImage(model, board: "test-board")
    let file = try SafetensorsFile.parse(image, file: "mem.safetensors")
    #expect(file.metadata["board"] == "test-board")
    #expect(file.metadata["format_version"] == (bits == 8 ? "2" : "3"))
    #expect(file.metadata["activation_bits"] == (bits == 8 ? nil : "\(bits)"))
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
