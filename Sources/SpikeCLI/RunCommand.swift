import Foundation
import SpikeCapture
import SpikeCore
import SpikeModel
import SpikeSystemd

/// Set by SIGINT/SIGTERM (1) or a closed stdout (2); the run loop checks it once per frame and
/// stops cleanly.
nonisolated(unsafe) private var stopRequested: sig_atomic_t = 0

extension Commands {
  /// `spikecam run --model INT (--device PATH | --clip PATH) [--board B] [--frames N] [--json]`:
  /// one JSON line per published decision on stdout (with `--json` or when stdout is not a
  /// terminal) and with `--mqtt` on a broker, a status line on a terminal; which decisions are
  /// published is `RunOutputOptions`' policy. Under systemd (`Type=notify`) it says READY
  /// after the first frame and pings the watchdog while frames flow. SIGINT/SIGTERM stop
  /// cleanly with exit 0. Memory is fixed at start: one frame buffer, the pipeline's rings.
  static let runRun: @Sendable (ParsedArguments, Console) throws(CLIError) -> Void = {
    arguments, console throws(CLIError) in
    let modelPath = try arguments.required("model")
    let device = arguments.value("device")
    let clip = arguments.value("clip")
    guard (device == nil) != (clip == nil) else {
      throw .usage("give exactly one of --device PATH or --clip PATH")
    }
    let maxFrames = try arguments.integer("frames", default: Int.max, in: 1...Int.max)
    let reopen = try ReopenPolicy(arguments: arguments)
    let (model, modelID) = try ModelSupport.identifiedModel(modelPath)
    guard case .int8(let integer) = model else {
      throw .badInput(
        "\(modelPath): is a float model; run takes the int8 model from `spikecam quantize`")
    }
    var frameSlots = 4
    if let boardPath = arguments.value("board") {
      let profile = try ModelSupport.board(boardPath)
      _ = try ModelSupport.fit(
        model.footprint, on: profile, input: model.pipeline, boardPath: boardPath)
      frameSlots = max(1, profile.rings.frameSlots)
    }
    // On-device learning adapts the spiking front end; the head stays as it is.
    let learning = try LearningSession.from(arguments, model: integer)
    let learningPipeline = try learning?.makePipeline()
    // While learning, the plain pipeline is never pushed: share the learning one's storage.
    let pipeline: any FrameClassifier<SpikeFeatureExtractor, Decision>
    if let learningPipeline {
      pipeline = learningPipeline
    } else {
      do throws(ConfigError) {
        pipeline = try integer.makePipeline(learning: nil)
      } catch {
        throw .badInput("\(modelPath): \(error.description)")
      }
    }
    let preprocess = Preprocess.live(
      for: FrameFormat(width: model.pipeline.width, height: model.pipeline.height))
    let options = try RunOutputOptions(
      arguments: arguments, classes: model.classNames.count, console: console)
    let start = monotonicNanos()
    let output = try RunOutput(
      lines: RunLines(
        sourceKey: device == nil ? "clip" : "device", source: device ?? clip!, model: modelID,
        labels: model.classNames, start: start),
      options: options, console: console)
    let notifier = ServiceNotifier.fromEnvironment()
    // Last out: STOPPING for systemd, then the broker gets what is queued and `offline`.
    defer {
      notifier?.stopping()
      output.finish()
    }
    stopRequested = 0
    unblockStopSignals()
    let previousInt = signal(SIGINT) { _ in stopRequested = 1 }
    let previousTerm = signal(SIGTERM) { _ in stopRequested = 1 }
    defer {
      signal(SIGINT, previousInt)
      signal(SIGTERM, previousTerm)
    }
    var loop = DecisionLoop(
      model: model, pipeline: pipeline, output: output,
      filter: DecisionFilter(policy: options.policy, classes: model.classNames.count),
      notifier: notifier, start: start)
    loop.learning = learning
    loop.learningPipeline = learningPipeline
    var learningSaved = false
    // A run that fails (camera gone, bad clip) still keeps what it learned.
    defer {
      if !learningSaved, let adapted = loop.learningPipeline {
        loop.learning?.saveAfterFailure(adapted, console: console)
      }
    }
    if let device {
      var camera = RunDeviceLoop(
        path: device, preprocess: preprocess, frameSlots: frameSlots, policy: reopen, loop: loop)
      try camera.run(&loop, maxFrames: maxFrames) {
        stopRequested == 0 ? nil : stopRequested == 2 ? "stdout_closed" : "signal"
      }
    } else {
      var source: ClipSource
      do throws(CaptureError) {
        source = try ClipSource(
          path: clip!, preprocess: preprocess,
          pacing: arguments.flag("realtime") ? .realTime : .asFastAsPossible,
          loop: arguments.flag("loop"))
      } catch {
        throw ModelSupport.cliError(error)
      }
      guard source.format.byteCount == model.pipeline.pixels else {
        throw .badInput(
          "\(clip!): frames are \(source.format); the model expects "
            + "\(model.pipeline.width)x\(model.pipeline.height)")
      }
      var frame = [UInt8](repeating: 0, count: source.format.byteCount)
      while stopRequested == 0 && loop.frames < maxFrames {
        let stamp: FrameStamp?
        do throws(CaptureError) {
          stamp = try frame.withUnsafeMutableBufferPointer { (b) throws(CaptureError) in
            try source.nextFrame(into: b)
          }
        } catch {
          if stopRequested != 0 { break }
          throw ModelSupport.cliError(error)
        }
        guard let stamp else { break }
        frame.withUnsafeBufferPointer { loop.handle($0, stamp) }
      }
    }
    if !options.json && loop.published > 0 { console.out("\n") }
    if let learning = loop.learning, let adapted = loop.learningPipeline {
      learningSaved = true
      try learning.save(adapted)
      console.err(learning.summary + "\n")
    }
    console.err(
      "\(loop.frames) frames, \(loop.decisions) decisions, \(loop.published) published, "
        + "\(loop.dropped) dropped"
        + (loop.outputClosed
          ? " (stdout closed)" : stopRequested != 0 ? " (stopped by signal)" : "") + "\n")
  }

  /// A parent may start us with SIGINT/SIGTERM blocked (the mask is inherited); a blocked
  /// signal would stay pending forever and `run` would never stop, so unblock both.
  static func unblockStopSignals() {
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    sigaddset(&set, SIGTERM)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }

  static func monotonicNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
  }
}

/// What happens to each frame: push it through the pipeline, keep the decision if the policy
/// says it is worth publishing, and hand it to the output.
struct DecisionLoop {
  let model: ClassifierModelFile.Model
  var pipeline: any FrameClassifier<SpikeFeatureExtractor, Decision>
  let output: RunOutput
  /// `--on-change`, `--min-score`, `--smooth`, `--top-k`.
  var filter: DecisionFilter
  /// systemd's notify socket, when run as a `Type=notify` service.
  let notifier: ServiceNotifier?
  let start: UInt64
  var frames = 0
  /// Decisions the classifier made, and those the policy published.
  var decisions = 0
  var published = 0
  var dropped: UInt64 = 0
  var lastSequence: UInt64?
  /// Set when stdout went away (`run … | head -1`): the run stops as if signalled.
  var outputClosed = false
  /// On-device learning (`--learn`) and the pipeline it adapts, nil otherwise.
  var learning: LearningSession?
  var learningPipeline: (any FrameClassifier<SpikeFeatureExtractor, Decision>)?

  var json: Bool { output.json }
  var console: Console { output.console }

  mutating func handle(_ frame: UnsafeBufferPointer<UInt8>, _ stamp: FrameStamp) {
    if let last = lastSequence, stamp.sequence > last + 1 { dropped += stamp.sequence - last - 1 }
    lastSequence = stamp.sequence
    frames += 1
    output.framesRead = frames
    // Frames flowing is what keeps the watchdog quiet; the first one means ready.
    notifier?.workDone(
      now: Commands.monotonicNanos(), status: "classifying \(output.lines.source)")
    let outcome: Decision?
    let scores: [Int16]
    if learning != nil, learningPipeline != nil {
      let learn = learning!.beforeFrame(&learningPipeline!)
      outcome = learningPipeline!.push(frame, learn: learn)
      learning!.afterFrame(learningPipeline!, console: console)
      scores = learningPipeline!.classScores
    } else {
      outcome = pipeline.push(frame)
      scores = pipeline.classScores
    }
    guard let raw = outcome else { return }
    decisions += 1
    guard let decision = filter.push(raw, scores: scores) else { return }
    published += 1
    let now = Commands.monotonicNanos()
    let latency = now &- min(now, stamp.captureNanos)
    if json || output.publishes {
      output.decision(
        output.lines.decision(
          frame: frames - 1, decision: decision, top: filter.top, scores: filter.meanScores,
          frames: frames, dropped: dropped, latencyNanos: latency, now: now))
      if console.isOutputClosed {
        outputClosed = true
        stopRequested = 2
      }
    }
    if !json {
      let elapsed = Double(now - start) / 1e9
      console.out(
        String(
          format: "\r\u{1B}[Kframe %d  %@  %.0f%%  %.1f fps  dropped %llu  %.1f ms", frames - 1,
          model.classNames[decision.classIndex], 100 * Double(decision.score) / 32768,
          elapsed > 0 ? Double(frames) / elapsed : 0, dropped, Double(latency) / 1e6))
    }
  }
}
