import Foundation
import SpikeCore
import SpikeModel
import SpikeReference
import Testing

/// The float head and its int8 quantization on the bundled Gesture-9 sample clips, with simple
/// per-frame features computed here: ON/OFF frame-difference counts pooled over 16×16-pixel cells,
/// clamped to 127 like the spiking layer's int8 counts, divided by 16 (F = 32, K = 15).
@Suite struct Gesture9AttentionTests {
  static let config = AttentionConfig(
    tokens: 15, features: 32, width: 32, heads: 2, hidden: 32, classes: 9)

  @Test func quantizedHeadAgreesWithFloatOnHeldOutClips() throws {
    let clips = try Gesture9Sample.load()
    let train = clips.filter { $0.split == "train" }.flatMap(Gesture9Sample.augmented)
    let test = clips.filter { $0.split == "test" }.flatMap(Gesture9Sample.augmented)
    let trainWindows = train.map { Gesture9Sample.features($0.frames) }
    let testWindows = test.map { Gesture9Sample.features($0.frames) }
    var head = FloatAttentionHead(
      config: Self.config, parameters: FloatAttentionParameters(randomFor: Self.config, seed: 21))
    var trainer = FloatAttentionTrainer()
    for _ in 0..<15 { trainer.epoch(&head, windows: trainWindows, labels: train.map(\.label)) }
    // A few outliers set the min/max ranges; the 99.99th percentile gives finer steps.
    let ranges = AttentionCalibrator(method: .percentile(99.99)).calibrate(head, windows: trainWindows)
    // The float head sees counts / 16 (a gentler input range for training); the int8 input is
    // then the exact count at input scale 1/16.
    let model = try AttentionQuantizer.quantize(
      config: Self.config, parameters: head.parameters, ranges: ranges, inputScale: 1.0 / 16)
    let result = compare(head, model, testWindows, test.map(\.label))
    let learned = compare(head, model, trainWindows, train.map(\.label))
    print(
      "gesture9 sample (\(testWindows.count) held-out windows from \(test.count / 8) clips × 8 "
        + "symmetries): float accuracy \(result.floatAccuracy), int8 accuracy \(result.intAccuracy), "
        + "agreement \(result.agreement) (chance 0.111); float training accuracy "
        + "\(learned.floatAccuracy)")
    print(QuantizationReport(float: head, quantized: model, windows: testWindows).table)
    // One training clip per class: the float head learns the training windows but generalizes
    // only a little (held-out accuracy 0.18–0.35 over init seeds 1–8, chance 0.11), so many
    // held-out windows sit near a decision boundary, where rounding can flip the argmax. Measured
    // here: 3 of 72 held-out windows disagree and int8 is 2 windows less accurate; over seeds
    // 1–8 the worst were 4 and 2. The bounds allow one window more than the worst seen.
    #expect(learned.floatAccuracy >= 0.6, "the float head did not learn the training clips")
    let windows = Double(testWindows.count)
    #expect(((1 - result.agreement) * windows).rounded() <= 5, "int8 and float disagree too often")
    #expect(
      ((result.floatAccuracy - result.intAccuracy) * windows).rounded() <= 3,
      "int8 loses too much accuracy")
  }
}

/// Reads the bundled sample clips (`calibration/gesture9-sample`, PGM frames).
enum Gesture9Sample {
  struct Clip {
    var split: String
    var label: Int
    var frames: [[UInt8]]  // 16 frames of 64×64
  }

  static let side = 64

  static func load() throws -> [Clip] {
    let root = Python.packageRoot + "/calibration/gesture9-sample"
    let csv = try String(contentsOfFile: root + "/labels.csv", encoding: .utf8)
    var clips: [Clip] = []
    for line in csv.split(whereSeparator: \.isNewline).dropFirst() {
      let f = line.split(separator: ",").map(String.init)
      let label = try #require(f.count > 2 ? Int(f[2]) : nil, "bad labels.csv line '\(line)'")
      var frames: [[UInt8]] = []
      for t in 0..<16 {
        let path = "\(root)/clips/\(f[1])/\(f[0])/f\(t < 10 ? "0" : "")\(t).pgm"
        let data = try #require(FileManager.default.contents(atPath: path), "\(path) is missing")
        try #require(data.count >= side * side, "\(path) is too short")
        frames.append(Array(data.suffix(side * side)))  // P5 header, then 64×64 bytes
      }
      clips.append(Clip(split: f[1], label: label, frames: frames))
    }
    try #require(clips.count == 18, "expected 9 train and 9 test clips")
    return clips
  }

  /// The 8 flips/time reversals of a clip with their relabelled classes.
  static func augmented(_ clip: Clip) -> [Clip] {
    let hMap = [0, 2, 1, 3, 4, 5, 6, 8, 7]
    let vMap = [0, 1, 2, 4, 3, 5, 6, 8, 7]
    let tMap = [0, 2, 1, 4, 3, 6, 5, 8, 7]
    var out: [Clip] = []
    for variant in 0..<8 {
      var c = clip
      if variant & 1 != 0 {
        c.frames = c.frames.map { flip($0, horizontal: true) }
        c.label = hMap[c.label]
      }
      if variant & 2 != 0 {
        c.frames = c.frames.map { flip($0, horizontal: false) }
        c.label = vMap[c.label]
      }
      if variant & 4 != 0 {
        c.frames.reverse()
        c.label = tMap[c.label]
      }
      out.append(c)
    }
    return out
  }

  static func flip(_ f: [UInt8], horizontal: Bool) -> [UInt8] {
    var o = f
    for y in 0..<side {
      for x in 0..<side {
        o[y * side + x] = horizontal ? f[y * side + side - 1 - x] : f[(side - 1 - y) * side + x]
      }
    }
    return o
  }

  /// `[15][32]`: for each frame pair, ON (Δ ≥ 24) and OFF (Δ ≤ −24) counts per 16×16 cell.
  static func features(_ frames: [[UInt8]]) -> [Float] {
    var w = [Float](repeating: 0, count: 15 * 32)
    for t in 1..<16 {
      for y in 0..<side {
        for x in 0..<side {
          let d = Int(frames[t][y * side + x]) - Int(frames[t - 1][y * side + x])
          let cell = (y / 16) * 4 + x / 16
          if d >= 24 { w[(t - 1) * 32 + cell] += 1 }
          if d <= -24 { w[(t - 1) * 32 + 16 + cell] += 1 }
        }
      }
    }
    return w.map { min($0, 127) / 16 }
  }
}
