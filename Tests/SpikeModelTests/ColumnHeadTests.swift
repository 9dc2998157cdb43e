import Foundation
import SpikeCore
import SpikeReference
import SpikeTestSupport
import Testing

@testable import SpikeModel

typealias ColumnFloatModel = FloatClassifierModel<ColumnClassifierHead>
typealias ColumnInt8Model = QuantizedClassifierModel<ColumnClassifierHead>

/// A small paper's column (16 hidden neurons, 4 populations of 4) on toy clips, built once per
/// process.
enum SmallColumnModel {
  static let pipeline = PipelineConfig(timesteps: 4, patch: 16, stride: 16, perColumn: 4)
  static let shared = Result { try make() }

  static var options: ColumnTrainingOptions {
    var o = ColumnTrainingOptions()
    o.pipeline = pipeline
    o.hidden = 16
    o.perClass = 4
    o.stdpClips = 4
    o.epochs = 2
    return o
  }

  static func build() throws -> (ColumnFloatModel, ColumnInt8Model, train: ClipSet, test: ClipSet)
  {
    try shared.get()
  }

  static func make() throws -> (ColumnFloatModel, ColumnInt8Model, train: ClipSet, test: ClipSet)
  {
    let train = ToyClips.make(perClass: 10, seed: 3)
    let test = ToyClips.make(perClass: 8, seed: 11)
    let f = try ColumnTrainer.train(train, validation: nil, options: options) { _, _, _, _ in }
    let (ranges, _) = try ColumnClassifierHead.calibrate(
      f, clips: train, method: .minMax, progress: { _, _, _, _ in })
    return (f, try f.quantized(ranges: ranges), train, test)
  }

  /// Every window's decision of the float and integer pipelines on `clips`, and the integer
  /// populations' spike counts, window after window.
  static func run(_ f: ColumnFloatModel, _ q: ColumnInt8Model, _ clips: ClipSet) throws -> (
    float: [Int], int: [Int], counts: [Int32]
  ) {
    var fp = try f.makePipeline()
    var qp = try q.makePipeline()
    var (fd, qd, counts) = ([Int](), [Int](), [Int32]())
    for c in 0..<clips.clipCount {
      fp.reset()
      qp.reset()
      for k in 0..<clips.framesPerClip {
        if let d = clips.withFrame(c, k, { fp.push($0) }) { fd.append(d.classIndex) }
        if let d = clips.withFrame(c, k, { qp.push($0) }) {
          qd.append(d.classIndex)
          counts += qp.head.column.counts + [Int32(qp.head.column.hiddenSpikes)]
        }
      }
    }
    return (fd, qd, counts)
  }
}

@Suite struct ColumnHeadTests {
  /// The integer column runs like its float twin: the same weights and θ (rounding is exact
  /// on the integer grid), different arithmetic in the neurons (truncating decays against
  /// real ones), so spike counts drift apart within a window. Measured on the toy test
  /// windows, where a population fires a handful of spikes (one spike is 25 %): relative error
  /// of the hidden spikes 0.16, of the population spikes 0.52, argmax agreement 25 of 32
  /// (on Gesture-9 test 0.15–0.23, 0.22–0.32 and 98–99.6 %, docs/RESULTS.md). Stated: 0.25,
  /// 0.70, 70 %.
  @Test func integerColumnAgreesWithFloat() throws {
    let (f, q, _, test) = try SmallColumnModel.build()
    let r = try SmallColumnModel.run(f, q, test)
    #expect(r.float.count == r.int.count && !r.int.isEmpty)
    let agree = zip(r.float, r.int).filter { $0 == $1 }.count
    var fp = try f.makePipeline()
    var qp = try q.makePipeline()
    var floatWindows: [[Int8]] = []
    var intWindows: [[Int8]] = []
    for c in 0..<test.clipCount {
      fp.reset()
      qp.reset()
      for k in 0..<test.framesPerClip {
        _ = test.withFrame(c, k) { fp.pushFeatures($0) }
        _ = test.withFrame(c, k) { qp.pushFeatures($0) }
      }
      floatWindows.append(fp.window)
      intWindows.append(qp.window)
    }
    let errors = ColumnClassifierHead.errors(
      float: f.head, quantized: q.head, floatWindows: floatWindows, integerWindows: intWindows)
    print("column toy: \(agree)/\(r.int.count) windows agree; \(errors)")
    #expect(errors.count == 2)
    #expect(errors[0].relativeError <= 0.25)
    #expect(errors[1].relativeError <= 0.70)
    #expect(agree * 10 >= r.int.count * 7)
    #expect(q.head.weights[0].map(Float.init) == f.head.weights[0].map { $0.rounded() })
  }

  /// The integer column gives the same spikes on every run and machine: a golden FNV-1a hash
  /// of every window's population counts and hidden spikes on the toy test clips.
  @Test func integerColumnIsBitExact() throws {
    let (f, q, _, test) = try SmallColumnModel.build()
    let first = try SmallColumnModel.run(f, q, test)
    let again = try SmallColumnModel.run(f, q, test)
    #expect(first.counts == again.counts)
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for v in first.counts {
      hash = (hash ^ UInt64(UInt32(bitPattern: v))) &* 0x100_0000_01b3
    }
    print("column toy golden: \(String(hash, radix: 16)) over \(first.counts.count) values")
    #expect(hash == Self.golden)
  }
  static let golden: UInt64 = 0x9f2d_8398_c6e9_5f98

  /// Float and int8 column models survive a write and read unchanged and carry `head: column`.
  @Test func roundTripsBothKinds() throws {
    let (f, q, _, test) = try SmallColumnModel.build()
    let floatPath = Python.temporaryPath("column-float.safetensors")
    let intPath = Python.temporaryPath("column-int8.safetensors")
    defer {
      unlink(floatPath)
      unlink(intPath)
    }
    try f.write(board: "test", path: floatPath)
    try q.write(board: "test", path: intPath)
    #expect(try SafetensorsFile.read(path: floatPath).metadata["head"] == "column")
    guard case .float(let fRead) = try ClassifierModelFile.read(path: floatPath),
      let f2 = fRead as? ColumnFloatModel,
      case .int8(let qRead) = try ClassifierModelFile.read(path: intPath),
      let q2 = qRead as? ColumnInt8Model
    else {
      Issue.record("a column model read back as another kind")
      return
    }
    #expect(f2.head == f.head && f2.frontEnd == f.frontEnd && f2.classNames == f.classNames)
    #expect(q2.head == q.head && q2.frontEnd == q.frontEnd)
    #expect(try SmallColumnModel.run(f2, q2, test).counts == SmallColumnModel.run(f, q, test).counts)
  }

  /// A file whose config claims a column larger than its tensors is refused on the tensor's
  /// shape, naming it, before a network that size is built; so is a θ outside the state range.
  @Test func mismatchedAndOutOfRangeFilesAreRefused() throws {
    let (_, q, _, _) = try SmallColumnModel.build()
    var big = q
    big.head.config.hidden = 4096
    let claimed = try SafetensorsFile.parse(
      Self.image(q, config: big.head.config), file: "claims.safetensors")
    #expect {
      _ = try ClassifierModelFile.read(claimed)
    } throws: { error in
      "\(error)".contains("column.hidden.weight") && "\(error)".contains("claims.safetensors")
    }
    var hot = q
    hot.head.theta[1][0] = Widths.stateMax + 1
    let file = try SafetensorsFile.parse(hot.image(board: "x").bytes(), file: "hot.safetensors")
    #expect {
      _ = try ClassifierModelFile.read(file)
    } throws: { error in "\(error)".contains("column.output.theta") }
  }

  /// `q`'s file with its `__metadata__.config` replaced by `config`.
  static func image(_ q: ColumnInt8Model, config: ColumnHeadConfig) throws -> [UInt8] {
    var w = q.image(board: "x")
    w.metadata["config"] = ClassifierModelFile.json(config)
    return w.bytes()
  }

  /// R-STDP on the device: `learn` changes only the populations' weights (the hidden layer
  /// stays as trained), and the same windows give the same weights on every run.
  @Test func integerLearningIsDeterministicAndLeavesTheHiddenLayer() throws {
    let (_, q, train, _) = try SmallColumnModel.build()
    var pipeline = try q.makePipeline()
    var windows: [[Int8]] = []
    for c in 0..<train.clipCount {
      pipeline.reset()
      for k in 0..<train.framesPerClip {
        _ = train.withFrame(c, k) { pipeline.push($0) }
      }
      windows.append(pipeline.window)
    }
    func learned() throws -> ColumnHead {
      var head = try q.head.makeHead()
      for (w, label) in zip(windows, train.labels) { _ = head.learn(w, label: label) }
      return head
    }
    let a = try learned()
    let b = try learned()
    #expect(a.column.weights(projection: 0) == q.head.weights[0])
    #expect(a.column.weights(projection: 1) != q.head.weights[1])
    #expect(a.column.weights(projection: 1) == b.column.weights(projection: 1))
  }

  /// The column keeps no checkpoint yet: a run asking for one is refused, not silently unsaved.
  @Test func checkpointRequestIsRefused() throws {
    let train = ToyClips.make(perClass: 2, seed: 3)
    #expect {
      _ = try ColumnTrainer.train(
        train, validation: nil, options: SmallColumnModel.options, checkpoint: "/tmp/x"
      ) { _, _, _, _ in }
    } throws: { error in "\(error)".contains("--checkpoint") }
  }
}
