import Foundation
import SpikeCapture
import SpikeCore
import SpikeModel
import SpikeSystem

/// The input paths a suite is scored on.
enum SuitePath: String, CaseIterable {
  /// The suite's 64×64 frames as they are.
  case raw
  /// Each frame as a 640×480 webcam JPEG, decoded and preprocessed as `run` does.
  case camera
}

/// One condition's scores on one path: per clip (a clips condition) or per gesture (a stream
/// condition), for the model and its float twin.
struct SuiteCell {
  var clips: EvalResult?
  var stream: StreamScore?
  var floatStream: StreamScore?
}

extension Commands {
  /// The decision filter streams are scored with unless `--smooth`, `--smooth-by` or
  /// `--min-score` say otherwise: `run --on-change --smooth 9 --smooth-by majority
  /// --min-score 0.4`, chosen on the development pool's streams only (docs/RESULTS.md, "Stream
  /// decision filter (chosen on the development pool)"). It was `--smooth 3 --min-score 0`.
  static let streamPolicy = DecisionPolicy(
    onChange: true, minimumScore: Q15.parse("0.4")!, window: 9, smoothing: .majority)

  /// `spikecam eval --suite DIR`: every condition of a robustness suite, on the raw frames and
  /// through the camera path, as one table (docs/DATA.md, "The robustness suite").
  static func evalSuite(
    _ arguments: ParsedArguments, console: Console, suitePath: String, modelPath: String,
    model: ClassifierModelFile.Model, reference: (any AnyFloatClassifierModel)?,
    runner: inout ClipClassifier, twin: inout ClipClassifier?
  ) throws(CLIError) {
    let suite: RobustnessSuite
    do throws(CaptureError) {
      suite = try RobustnessSuite.load(directory: suitePath)
    } catch {
      throw ModelSupport.cliError(error)
    }
    let paths: [SuitePath]
    switch arguments.value("path") ?? "both" {
    case "both": paths = SuitePath.allCases
    case let name:
      guard let one = SuitePath(rawValue: name) else {
        throw .usage("--path must be raw, camera or both (got '\(name)')")
      }
      paths = [one]
    }
    // Streams are scored on the gesture events `run --on-change` would publish.
    let policy = try RunOutputOptions.policy(
      arguments, classes: model.classNames.count, defaults: streamPolicy)
    let quality = try arguments.integer("jpeg-quality", default: 80, in: 1...100)
    let limit = try arguments.integer("clips", default: Int.max, in: 1...Int.max)
    let tokens = runner.pipelineConfig.tokens
    let input = FrameFormat(
      width: runner.pipelineConfig.width, height: runner.pipelineConfig.height)
    guard suite.frameFormat.width >= input.width, suite.frameFormat.height >= input.height else {
      throw .badInput(
        "\(suitePath): frames are \(suite.frameFormat); the model expects \(input)")
    }
    // The camera path shows the model's input frames to a simulated webcam and preprocesses
    // them as `run` would for this model.
    let live = Preprocess.live(for: input)
    let progress = ProgressLine(console: console)
    var outputs = EvalOutputs(arguments, hasFloat: twin != nil, suite: true)
    try outputs.prepare()
    var rows: [(RobustnessSuite.Condition, [SuitePath: SuiteCell])] = []
    for condition in suite.conditions {
      var cells: [SuitePath: SuiteCell] = [:]
      switch condition.kind {
      case .clips:
        let plain = try ModelSupport.clips(
          condition.directory, split: "test", for: runner.pipelineConfig
        ).first(limit)
        try ModelSupport.checkFrames(plain, runner.pipelineConfig, data: condition.directory)
        for path in paths {
          let clips =
            path == .camera ? try cameraPath(plain, quality: quality, preprocess: live) : plain
          var result = EvalResult(split: condition.name, classes: model.classNames, hasFloat: twin != nil)
          var (floatWindows, integerWindows): ([[Int8]], [[Int8]]) = ([], [])
          for c in 0..<clips.clipCount {
            let predicted = runner.classify(clips, c)
            let floatPredicted = twin?.classify(clips, c)
            if let twin {
              floatWindows.append(twin.window)
              integerWindows.append(runner.window)
            }
            result.add(label: clips.labels[c], predicted: predicted, floatPredicted: floatPredicted)
            outputs.add(
              prefix: "\(condition.name),\(path.rawValue),", clip: c, label: clips.labels[c],
              predicted: predicted, floatPredicted: floatPredicted)
            progress.report("\(condition.name) \(path.rawValue)", c + 1, clips.clipCount, "")
          }
          try outputs.picture(
            "confusion-\(condition.name)-\(path.rawValue)", matrix: result.confusion,
            classes: model.classNames,
            title: "\(condition.name.uppercased()) (\(path.rawValue.uppercased())): \(String(format: "%.2f", 100 * result.accuracy)) %")
          if let reference, case .int8(let q) = model {
            result.agreementSources = q.agreementSources(
              against: reference, floatWindows: floatWindows, integerWindows: integerWindows)
          }
          cells[path] = SuiteCell(clips: result)
        }
      case .stream:
        let streams: RobustnessSuite.Streams
        do throws(CaptureError) {
          streams = try suite.streams(condition)
        } catch {
          throw ModelSupport.cliError(error)
        }
        for path in paths {
          var cell = SuiteCell(stream: StreamScore(), floatStream: twin == nil ? nil : StreamScore())
          for s in streams.frames.indices {
            var frames = streams.frames[s]
            if input != suite.frameFormat {
              frames = ModelSupport.downscaled(frames, from: suite.frameFormat, to: input)
            }
            if path == .camera {
              frames = try cameraPath(
                frames, frameBytes: input.byteCount, quality: quality, preprocess: live)
            }
            let count = streams.frameCount(s)
            // This stream's gestures, by their row in gestures.csv.
            let rows = streams.gestures.indices.filter { streams.gestures[$0].stream == s }
            let marks = rows.map { row in
              let gesture = streams.gestures[row]
              return (gesture.start, gesture.end, gesture.label)
            }
            let tolerance = tokens + policy.window
            let events = detectEvents(
              &runner, frames, count: count, frameBytes: input.byteCount, policy: policy)
            let detected = cell.stream!.add(
              frames: count, gestures: marks, events: events, tolerance: tolerance)
            var floatDetected: [Int?]?
            if twin != nil {
              let floatEvents = detectEvents(
                &twin!, frames, count: count, frameBytes: input.byteCount, policy: policy)
              floatDetected = cell.floatStream!.add(
                frames: count, gestures: marks, events: floatEvents, tolerance: tolerance)
            }
            // A stream's rows are its gestures: the first event's class, -1 when none came.
            for (g, mark) in marks.enumerated() {
              outputs.add(
                prefix: "\(condition.name),\(path.rawValue),", clip: rows[g], label: mark.2,
                predicted: detected[g] ?? -1, floatPredicted: floatDetected.map { $0[g] ?? -1 })
            }
            progress.report("\(condition.name) \(path.rawValue)", s + 1, streams.frames.count, "")
          }
          cells[path] = cell
        }
      }
      rows.append((condition, cells))
    }
    try outputs.finish()
    let report = SuiteReport(
      suite: suite, model: modelPath, float: arguments.value("float"), paths: paths, policy: policy,
      quality: quality, rows: rows)
    console.out(arguments.flag("json") ? report.json : TerminalText.safe(lines: report.text))
  }

  /// The gesture events a classifier raises over one recording, fed frame by frame from a
  /// fresh state: the decisions `run` would publish with `policy` (on change, smoothed), other
  /// than `none` (class 0).
  static func detectEvents(
    _ classifier: inout ClipClassifier, _ frames: [UInt8], count: Int, frameBytes: Int,
    policy: DecisionPolicy
  ) -> [(frame: Int, classIndex: Int)] {
    var filter = DecisionFilter(policy: policy, classes: classifier.classCount)
    var events: [(frame: Int, classIndex: Int)] = []
    classifier.reset()
    frames.withUnsafeBufferPointer { all in
      for f in 0..<count {
        let frame = UnsafeBufferPointer(rebasing: all[f * frameBytes..<(f + 1) * frameBytes])
        guard let decision = classifier.push(frame),
          let published = filter.push(decision, scores: classifier.classScores),
          published.classIndex != 0
        else { continue }
        events.append((f, published.classIndex))
      }
    }
    return events
  }

  /// Every frame of `clips` through the camera path.
  static func cameraPath(_ clips: ClipSet, quality: Int, preprocess: Preprocess) throws(CLIError)
    -> ClipSet
  {
    let pixels = try cameraPath(
      clips.pixels, frameBytes: clips.frameBytes, quality: quality, preprocess: preprocess)
    return ClipSet(
      pixels: pixels, labels: clips.labels, framesPerClip: clips.framesPerClip,
      frameBytes: clips.frameBytes, classNames: clips.classNames)
  }

  /// Frames of `frameBytes` bytes, back to back, through the camera path.
  static func cameraPath(
    _ frames: [UInt8], frameBytes: Int, quality: Int, preprocess: Preprocess
  ) throws(CLIError) -> [UInt8] {
    var camera = CameraPath(preprocess: preprocess, quality: quality)
    guard camera.output.byteCount == frameBytes else {
      throw .badInput(
        "the camera path makes \(camera.output) frames; these frames have \(frameBytes) pixels")
    }
    var out = [UInt8](repeating: 0, count: frames.count)
    var refused: SkipReason?
    frames.withUnsafeBufferPointer { input in
      out.withUnsafeMutableBufferPointer { output in
        for f in 0..<frames.count / frameBytes where refused == nil {
          let range = f * frameBytes..<(f + 1) * frameBytes
          refused = camera.apply(
            UnsafeBufferPointer(rebasing: input[range]),
            into: UnsafeMutableBufferPointer(rebasing: output[range]))
        }
      }
    }
    if let refused { throw .failure("the camera path refused its own frame: \(refused)") }
    return out
  }
}

extension ClipSet {
  /// The first `n` clips (all when there are fewer).
  func first(_ n: Int) -> ClipSet {
    guard n < clipCount else { return self }
    return ClipSet(
      pixels: Array(pixels[0..<n * framesPerClip * frameBytes]), labels: Array(labels[0..<n]),
      framesPerClip: framesPerClip, frameBytes: frameBytes, classNames: classNames)
  }
}

/// The suite's table, as text and as JSON.
struct SuiteReport {
  var suite: RobustnessSuite
  var model: String
  var float: String?
  var paths: [SuitePath]
  var policy: DecisionPolicy
  var quality: Int
  var rows: [(RobustnessSuite.Condition, [SuitePath: SuiteCell])]

  private func pct(_ x: Double) -> String { String(format: "%6.2f", 100 * x) }

  /// `majority` or `mean`, as `--smooth-by` takes it.
  var smoothBy: String { policy.smoothing == .majority ? "majority" : "mean" }

  /// The `run` options that publish the events streams were scored on.
  var filterFlags: String {
    var score = JSON.decimal(Int64(policy.minimumScore), per: 32768, digits: 4)
    while score.hasSuffix("0") && score.contains(".") { score.removeLast() }
    if score.hasSuffix(".") { score.removeLast() }
    return "--on-change --smooth \(policy.window) --smooth-by \(smoothBy) --min-score \(score)"
  }

  /// Mean accuracy over the clips conditions on `path` (model, float twin).
  func mean(_ path: SuitePath) -> (model: Double, float: Double?, conditions: Int) {
    let results = rows.compactMap { $0.1[path]?.clips }
    guard !results.isEmpty else { return (0, nil, 0) }
    let n = Double(results.count)
    let model = results.map(\.accuracy).reduce(0, +) / n
    let float = float == nil ? nil : results.map(\.floatAccuracy).reduce(0, +) / n
    return (model, float, results.count)
  }

  var text: String {
    var t = "suite \(suite.directory) (\(suite.split)): \(rows.count) conditions; model \(model)"
    if let float { t += ", float twin \(float)" }
    t += "\n"
    if paths.contains(.camera) { t += "camera path: 640x480 JPEG quality \(quality), decoded and preprocessed as `run` does\n" }
    t += "clips: accuracy %; streams: gestures detected with the right label % and false alarms per minute of quiet"
      + " (events: run's decisions with \(filterFlags))\n\n"
    let twin = float != nil
    var header = "condition".padding(toLength: 24, withPad: " ", startingAt: 0) + "  clips"
    for path in paths {
      header += "  | \(path.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0))"
      header += twin ? "   int8   float  agree" : "  model"
    }
    t += header + "\n"
    for (condition, cells) in rows where condition.kind == .clips {
      var line = condition.name.padding(toLength: 24, withPad: " ", startingAt: 0)
      line += String(format: "  %5d", cells[paths[0]]?.clips?.clips ?? 0)
      for path in paths {
        guard let r = cells[path]?.clips else { continue }
        line += "  |       " + pct(r.accuracy)
        if twin { line += "  " + pct(r.floatAccuracy) + " " + pct(r.agreement) }
      }
      t += line + "\n"
    }
    let streams = rows.filter { $0.0.kind == .stream }
    if !streams.isEmpty {
      t += "\n" + "streams".padding(toLength: 24, withPad: " ", startingAt: 0) + "  gestures"
      for path in paths {
        t += "  | \(path.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0))  right  wrong missed  alarms/min  quiet min"
        if twin { t += "  float right  alarms/min" }
      }
      t += "\n"
      for (condition, cells) in streams {
        var line = condition.name.padding(toLength: 24, withPad: " ", startingAt: 0)
        line += String(format: "  %8d", cells[paths[0]]?.stream?.gestures ?? 0)
        for path in paths {
          guard let s = cells[path]?.stream else { continue }
          line += String(
            format: "  |       %@  %5d  %5d  %10.2f  %9.1f", pct(s.detectionRate), s.wrongLabel,
            s.missed, s.falseAlarmsPerMinute(fps: suite.fps), Double(s.quietFrames) / Double(suite.fps * 60))
          if let f = cells[path]?.floatStream {
            line += String(format: "       %@  %10.2f", pct(f.detectionRate), f.falseAlarmsPerMinute(fps: suite.fps))
          }
        }
        t += line + "\n"
      }
    }
    for path in paths {
      let m = mean(path)
      guard m.conditions > 0 else { continue }
      t += "\nmean of \(m.conditions) clips conditions, \(path.rawValue): \(pct(m.model).trimmingCharacters(in: .whitespaces)) %"
      if let f = m.float { t += " (float \(pct(f).trimmingCharacters(in: .whitespaces)) %)" }
    }
    return t + "\n"
  }

  var json: String {
    let conditions = rows.map { condition, cells in
      var row: [(String, String)] = [
        ("name", JSON.quoted(condition.name)), ("kind", JSON.quoted(condition.kind.rawValue)),
        ("description", JSON.quoted(condition.description)),
      ]
      for path in paths {
        guard let cell = cells[path] else { continue }
        var entry: [(String, String)] = []
        if let r = cell.clips {
          entry = [
            ("clips", String(r.clips)), ("accuracy", JSON.number(r.accuracy)),
            ("confusion", JSON.array(r.confusion.map { JSON.array($0.map(String.init)) })),
          ]
          if float != nil {
            entry += [
              ("float_accuracy", JSON.number(r.floatAccuracy)), ("agreement", JSON.number(r.agreement)),
            ]
          }
          if let a = r.agreementSources {
            entry += [
              ("agreement_head", JSON.number(a.head)),
              ("agreement_front_end", JSON.number(a.frontEnd)),
            ]
          }
        }
        if let s = cell.stream { entry = streamJSON(s) }
        if let f = cell.floatStream { entry.append(("float", Self.object(streamJSON(f)))) }
        row.append((path.rawValue, Self.object(entry)))
      }
      return Self.object(row)
    }
    var object: [(String, String)] = [
      ("suite", JSON.quoted(suite.directory)), ("split", JSON.quoted(suite.split)),
      ("model", JSON.quoted(model)), ("smooth", String(policy.window)),
      ("smooth_by", JSON.quoted(smoothBy)),
      ("min_score", JSON.number(Double(policy.minimumScore) / 32768)),
      ("jpeg_quality", String(quality)), ("classes", JSON.array(strings: suite.classNames)),
      ("conditions", JSON.array(conditions)), ("paths", JSON.array(strings: paths.map(\.rawValue))),
    ]
    if let float { object.append(("float", JSON.quoted(float))) }
    var means: [(String, String)] = []
    for path in paths {
      let m = mean(path)
      var entry = [("conditions", String(m.conditions)), ("accuracy", JSON.number(m.model))]
      if let f = m.float { entry.append(("float_accuracy", JSON.number(f))) }
      means.append((path.rawValue, Self.object(entry)))
    }
    object.append(("mean", Self.object(means)))
    return Self.object(object) + "\n"
  }

  private func streamJSON(_ s: StreamScore) -> [(String, String)] {
    [
      ("gestures", String(s.gestures)), ("right", String(s.right)),
      ("wrong_label", String(s.wrongLabel)), ("missed", String(s.missed)),
      ("detection_rate", JSON.number(s.detectionRate)), ("false_alarms", String(s.falseAlarms)),
      ("quiet_minutes", JSON.number(Double(s.quietFrames) / Double(suite.fps * 60))),
      ("false_alarms_per_minute", JSON.number(s.falseAlarmsPerMinute(fps: suite.fps))),
    ]
  }

  /// A JSON object of members whose values are JSON text, keys in bytewise order (as the
  /// report always had them).
  private static func object(_ members: [(String, String)]) -> String {
    var object = JSONObject()
    for (key, value) in members.sorted(by: { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }) {
      object.add(key, json: value)
    }
    return object.json
  }
}
