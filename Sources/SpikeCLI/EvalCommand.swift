import Foundation
import SpikeCore
import SpikeModel
import SpikeReference
import SpikeSystem

extension Commands {
  /// `spikecam eval --model M [--float F] --data DIR [--split test] [--json]`: accuracy, and with
  /// a float twin, argmax agreement, per-class table, confusion matrix and per-layer error.
  static func evalRun(_ arguments: ParsedArguments, _ console: Console) throws(CLIError) {
    let modelPath = try arguments.required("model")
    let suitePath = arguments.value("suite")
    guard (suitePath == nil) != (arguments.value("data") == nil) else {
      throw .usage("give either --data DIR or --suite DIR")
    }
    let split = arguments.value("split") ?? "test"
    let trust = try ModelSupport.trust(arguments)
    let model = try ModelSupport.model(modelPath, trust: trust, console: console)
    let reference = try arguments.value("float").map { (p: String) throws(CLIError) in
      try ModelSupport.floatModel(p, trust: trust)
    }
    var runner: ClipClassifier
    do throws(ConfigError) {
      runner = try ClipClassifier(model)
      if arguments.flag("silence-spiking-layer") { try runner.silenceSpikingLayer() }
    } catch {
      throw .badInput("\(modelPath): \(error.description)")
    }
    var twin: ClipClassifier?
    if let reference {
      guard reference.pipeline == model.pipeline, reference.headName == model.head else {
        throw .badInput("--float: its front end or head differs from --model's; give the model's own float twin")
      }
      do throws(ConfigError) {
        twin = try ClipClassifier(.float(reference))
        if arguments.flag("silence-spiking-layer") { try twin!.silenceSpikingLayer() }
      } catch {
        throw .badInput("--float: \(error.description)")
      }
    }
    if let suitePath {
      try evalSuite(
        arguments, console: console, suitePath: suitePath, modelPath: modelPath, model: model,
        reference: reference, runner: &runner, twin: &twin)
      return
    }
    let data = try arguments.required("data")
    let clips = try ModelSupport.clips(data, split: split, for: runner.pipelineConfig)
    let limit = try arguments.integer("clips", default: clips.clipCount, in: 1...Int.max)
    try ModelSupport.checkFrames(clips, runner.pipelineConfig, data: data)
    let count = min(limit, clips.clipCount)
    let seen = SeenClips(
      clips, first: count, models: [modelPath] + [arguments.value("float")].compactMap { $0 })
    if let seen { console.err(TerminalText.safe(lines: seen.warnings(scored: count))) }
    var outputs = EvalOutputs(arguments, hasFloat: twin != nil, suite: false)
    try outputs.prepare()
    var result = EvalResult(
      split: split, classes: model.classNames, hasFloat: twin != nil)
    result.head = model.head
    result.seen = seen
    var featureError = RelativeError()
    var floatWindows: [[Int8]] = []
    var integerWindows: [[Int8]] = []
    let progress = ProgressLine(console: console)
    for c in 0..<count {
      let label = clips.labels[c]
      let predicted = runner.classify(clips, c)
      var floatPredicted: Int?
      if twin != nil {
        floatPredicted = twin!.classify(clips, c)
        for (x, y) in zip(twin!.window, runner.window) {
          featureError.add(reference: Double(x), value: Double(y))
        }
        floatWindows.append(twin!.window)
        integerWindows.append(runner.window)
      }
      result.add(label: label, predicted: predicted, floatPredicted: floatPredicted)
      outputs.add(clip: c, label: label, predicted: predicted, floatPredicted: floatPredicted)
      progress.report("eval", c + 1, count, "")
    }
    // The integer model against its float twin: the front end's features, then the head's own
    // stages.
    if let reference, case .int8(let q) = model,
      let rows = q.headErrors(
        against: reference, floatWindows: floatWindows, integerWindows: integerWindows)
    {
      result.layers.append(("spike features", featureError.value))
      result.layers += rows.map { ($0.name, $0.relativeError) }
    }
    if let reference, case .int8(let q) = model {
      result.agreementSources = q.agreementSources(
        against: reference, floatWindows: floatWindows, integerWindows: integerWindows)
    }
    try outputs.finish()
    try outputs.picture(
      "confusion", matrix: result.confusion, classes: model.classNames,
      title: "CONFUSION: \((modelPath as NSString).lastPathComponent), \(split), \(String(format: "%.2f", 100 * result.accuracy)) %")
    console.out(
      arguments.flag("json")
        ? result.json(model: modelPath, float: arguments.value("float"))
        : TerminalText.safe(lines: result.text))
  }
}

/// Runs one whole clip through a fresh pipeline of either kind and any head and returns the
/// last decision.
struct ClipClassifier {
  private var integer: (any FrameClassifier<SpikeFeatureExtractor, Decision>)?
  private var float: (any FrameClassifier<FloatSpikeFeatureExtractor, FloatDecision>)?

  /// The model's front end.
  let pipelineConfig: PipelineConfig
  /// Classes of the model.
  let classCount: Int

  init(_ model: ClassifierModelFile.Model) throws(ConfigError) {
    pipelineConfig = model.pipeline
    classCount = model.classNames.count
    switch model {
    case .float(let m): float = try m.makeFloatPipeline()
    case .int8(let m): integer = try m.makePipeline(learning: nil)
    }
  }

  /// The window the last decision was made on.
  var window: [Int8] { integer?.window ?? float?.window ?? [] }

  /// Starts a new stream.
  mutating func reset() {
    integer?.reset()
    float?.reset()
  }

  /// Every class's score in the last decision, Q15.
  var classScores: [Int16] { integer?.classScores ?? float?.classScores ?? [] }

  /// Feeds one frame; the decision on it, nil until the first window is full. The float twin's
  /// decision is given with its class's Q15 score, so both twins' decisions go through the
  /// same `DecisionFilter`.
  mutating func push(_ frame: UnsafeBufferPointer<UInt8>) -> Decision? {
    if var p = integer.take() {
      defer { integer = p }
      return p.push(frame)
    }
    if var p = float.take() {
      defer { float = p }
      guard let d = p.push(frame) else { return nil }
      return Decision(classIndex: d.classIndex, score: p.classScores[d.classIndex])
    }
    return nil
  }

  /// The class of the last window of clip `c` (−1 if the clip is too short for a window).
  mutating func classify(_ clips: ClipSet, _ c: Int) -> Int {
    var decided = -1
    reset()
    for f in 0..<clips.framesPerClip {
      if let d = clips.withFrame(c, f, { push($0) }) { decided = d.classIndex }
    }
    return decided
  }
}

/// Counts and their text and JSON forms.
struct EvalResult {
  var split: String
  var classes: [String]
  var hasFloat: Bool
  var confusion: [[Int]]
  var floatRight = 0
  var agree = 0
  var floatPerClass: [Int]
  var layers: [(String, Double)] = []
  /// With an integer model and its float twin: the agreement of the heads alone (both on the
  /// float front end's windows) and of the front ends alone (the float head on both windows).
  var agreementSources: (head: Double, frontEnd: Double)?
  /// The model's head (`attention` or `rstdp`).
  var head = "attention"
  /// Scored clips the model trained or validated on, when the model records its training data.
  var seen: SeenClips?

  init(split: String, classes: [String], hasFloat: Bool) {
    (self.split, self.classes, self.hasFloat) = (split, classes, hasFloat)
    confusion = Array(repeating: Array(repeating: 0, count: classes.count), count: classes.count)
    floatPerClass = Array(repeating: 0, count: classes.count)
  }

  var clips: Int { confusion.reduce(0) { $0 + $1.reduce(0, +) } }
  var right: Int { classes.indices.reduce(0) { $0 + confusion[$1][$1] } }
  var accuracy: Double { Double(right) / Double(max(clips, 1)) }
  var floatAccuracy: Double { Double(floatRight) / Double(max(clips, 1)) }
  var agreement: Double { Double(agree) / Double(max(clips, 1)) }

  mutating func add(label: Int, predicted: Int, floatPredicted: Int?) {
    guard label >= 0 && label < classes.count else { return }
    // A clip without a window (too short) counts as wrong, in column 0's row-stealing way.
    let p = predicted >= 0 && predicted < classes.count ? predicted : (label + 1) % classes.count
    confusion[label][p] += 1
    if let f = floatPredicted {
      if f == label {
        floatRight += 1
        floatPerClass[label] += 1
      }
      if f == predicted { agree += 1 }
    }
  }

  func pct(_ x: Double) -> String { String(format: "%.2f%%", 100 * x) }

  var text: String {
    var t = "split \(split): \(clips) clips, head \(head)\naccuracy        \(pct(accuracy))\n"
    if hasFloat {
      t += "float accuracy  \(pct(floatAccuracy))\nagreement       \(pct(agreement))\n"
    }
    if let a = agreementSources {
      t += "  heads alone   \(pct(a.head)) (both heads on the float front end's windows)\n"
      t += "  front ends    \(pct(a.frontEnd)) (the float head on both front ends' windows)\n"
    }
    t += "\nclass         clips  accuracy" + (hasFloat ? "  float" : "") + "\n"
    for (i, name) in classes.enumerated() {
      let n = confusion[i].reduce(0, +)
      let a = Double(confusion[i][i]) / Double(max(n, 1))
      t += name.padding(toLength: 12, withPad: " ", startingAt: 0)
        + String(format: "%7d  %8@", n, pct(a))
      if hasFloat { t += String(format: "  %@", pct(Double(floatPerClass[i]) / Double(max(n, 1)))) }
      t += "\n"
    }
    t += "\nconfusion (rows: true class, columns: predicted)\n"
    t += "            " + classes.indices.map { String(format: "%5d", $0) }.joined() + "\n"
    for (i, name) in classes.enumerated() {
      t += name.padding(toLength: 12, withPad: " ", startingAt: 0)
        + confusion[i].map { String(format: "%5d", $0) }.joined() + "\n"
    }
    if !layers.isEmpty {
      t += "\nper-layer relative error, integer vs float\n"
      for (name, e) in layers {
        t += name.padding(toLength: 26, withPad: " ", startingAt: 0) + String(format: "%.4f\n", e)
      }
    }
    return t
  }

  func json(model: String, float: String?) -> String {
    var object = JSONObject()
    object.add("accuracy", json: JSON.number(accuracy))
    if hasFloat { object.add("agreement", json: JSON.number(agreement)) }
    if let a = agreementSources {
      object.add("agreement_front_end", json: JSON.number(a.frontEnd))
      object.add("agreement_head", json: JSON.number(a.head))
    }
    object.add("classes", json: JSON.array(strings: classes))
    object.add("clips", clips)
    object.add("confusion", json: JSON.array(confusion.map { JSON.array($0.map(String.init)) }))
    if hasFloat {
      object.add("float", float ?? "")
      object.add("float_accuracy", json: JSON.number(floatAccuracy))
    }
    object.add("head", head)
    if hasFloat {
      object.add("layers", json: JSON.array(layers.map { layer in
        var o = JSONObject()
        o.add("name", layer.0)
        o.add("relative_error", json: JSON.number(layer.1))
        return o.json
      }))
    }
    object.add("model", model)
    object.add("per_class", json: JSON.array(classes.indices.map { i in
      let n = confusion[i].reduce(0, +)
      var row = JSONObject()
      row.add("accuracy", json: JSON.number(Double(confusion[i][i]) / Double(max(n, 1))))
      row.add("class", classes[i])
      row.add("clips", n)
      if hasFloat {
        row.add("float_accuracy", json: JSON.number(Double(floatPerClass[i]) / Double(max(n, 1))))
      }
      return row.json
    }))
    if let seen {
      object.add("seen_in_training", json: seen.trained.map(String.init) ?? "null")
      object.add("seen_in_validation", json: seen.validated.map(String.init) ?? "null")
    }
    object.add("split", split)
    return object.json + "\n"
  }
}

extension JSON {
  /// A finite Double as a JSON number (shortest round-trip text); `null` otherwise.
  static func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }
}

extension ClipClassifier {
  /// Sets every synapse of the spiking front end to 0, so no neuron fires and the head sees
  /// only the pooled event counts: what the spiking layer adds, measured without retraining
  /// (`eval --silence-spiking-layer`).
  mutating func silenceSpikingLayer() throws(ConfigError) {
    if var p = integer.take() {
      defer { integer = p }
      for k in 0..<p.extractor.network.projectionCount {
        let n = p.extractor.network.storedWeights(projection: k).count
        try p.extractor.network.setStoredWeights(projection: k, [Int8](repeating: 0, count: n))
      }
    }
    if var p = float.take() {
      defer { float = p }
      for k in 0..<p.extractor.network.projectionCount {
        let n = p.extractor.network.storedWeights(projection: k).count
        try p.extractor.network.setStoredWeights(projection: k, [Float](repeating: 0, count: n))
      }
    }
  }
}
