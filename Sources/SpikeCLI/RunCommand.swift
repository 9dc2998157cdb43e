import Foundation
import SpikeCapture
import SpikeCore
import SpikeModel
import SpikeSystem
import SpikeSystemd

extension Commands {
  /// `spikecam run --model INT (--device PATH | --clip PATH) [--board B] [--frames N] [--json]`:
  /// one JSON line per published decision on stdout (with `--json` or when stdout is not a
  /// terminal) and with `--mqtt` on a broker, a status line on a terminal; which decisions are
  /// published is `RunOutputOptions`' policy. Under systemd (`Type=notify`) it says READY
  /// after the first frame and pings the watchdog while frames flow. SIGINT/SIGTERM stop
  /// cleanly with exit 0 at any moment (the handlers are installed before any file is opened:
  /// `Subcommand.stopsOnSignal`), leaving no file half written. Memory is fixed at start: one
  /// frame buffer, the pipeline's rings.
  static func runRun(_ arguments: ParsedArguments, _ console: Console) throws(CLIError) {
    let modelPath = try arguments.required("model")
    let device = arguments.value("device")
    let clip = arguments.value("clip")
    guard (device == nil) != (clip == nil) else {
      throw .usage("give exactly one of --device PATH or --clip PATH")
    }
    let maxFrames = try arguments.integer("frames", default: Int.max, in: 1...Int.max)
    let reopen = try ReopenPolicy(arguments: arguments)
    // A stop that comes before the first frame ends the run here, as cleanly as a later one.
    func stoppedEarly() -> Bool {
      guard StopRequest.isRequested else { return false }
      console.err("0 frames, 0 decisions, 0 published, 0 dropped (stopped by signal)\n")
      return true
    }
    let profile = try arguments.value("board").map { (p: String) throws(CLIError) in
      try ModelSupport.board(p)
    }
    let trust = try ModelSupport.trust(arguments, board: profile)
    if stoppedEarly() { return }
    let (model, modelID) = try ModelSupport.identifiedModel(
      modelPath, trust: trust, console: console)
    guard case .int8(let integer) = model else {
      throw .badInput(
        "\(modelPath): is a float model; run takes the int8 model from `spikecam quantize`")
    }
    var frameSlots = 4
    if let profile, let boardPath = arguments.value("board") {
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
    if stoppedEarly() { return }
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
    let cancel = Cancellation.stopRequest
    if let device {
      var camera: DeviceStream
      do throws(CaptureError) {
        camera = try DeviceStream(
          path: device, preprocess: preprocess, frameSlots: frameSlots, policy: reopen)
      } catch {
        throw CLIError.device(error)
      }
      var progress = StreamProgress()
      var failure: StreamError?
      let reason: String
      do throws(StreamError) {
        reason = try StreamRunner.run(
          &camera, into: &loop, maxFrames: maxFrames, cancel: cancel, progress: &progress
        ).reason
      } catch {
        failure = error
        reason = "device_lost"
      }
      // The device is closed before the closing event, however the stream ended.
      camera.stopCapture()
      RunEvents(output: output).stopped(
        reason: reason, progress: progress, decisions: loop.decisions,
        corrupt: camera.health.skips.count, reopens: camera.reopens)
      if let failure { throw ModelSupport.cliError(failure) }
    } else {
      var source: SourceStream<ClipSource>
      do throws(CaptureError) {
        source = SourceStream(
          try ClipSource(
            path: clip!, preprocess: preprocess,
            pacing: arguments.flag("realtime") ? .realTime : .asFastAsPossible,
            loop: arguments.flag("loop")))
      } catch {
        if StopRequest.isRequested { return }
        throw ModelSupport.cliError(error)
      }
      guard source.format.byteCount == model.pipeline.pixels else {
        throw .badInput(
          "\(clip!): frames are \(source.format); the model expects "
            + "\(model.pipeline.width)x\(model.pipeline.height)")
      }
      var progress = StreamProgress()
      do throws(StreamError) {
        _ = try StreamRunner.run(
          &source, into: &loop, maxFrames: maxFrames, cancel: cancel, progress: &progress)
      } catch {
        throw ModelSupport.cliError(error)
      }
    }
    if !options.json && loop.published > 0 { console.out("\n") }
    if let failure = loop.learningFailure { throw failure }
    if let learning = loop.learning, let adapted = loop.learningPipeline {
      learningSaved = true
      try learning.save(adapted)
      console.err(learning.summary + "\n")
    }
    console.err(
      "\(loop.frames) frames, \(loop.decisions) decisions, \(loop.published) published, "
        + "\(loop.dropped) dropped"
        + (loop.outputClosed
          ? " (stdout closed)" : StopRequest.isRequested ? " (stopped by signal)" : "") + "\n")
  }

  static func monotonicNanos() -> UInt64 { StopRequest.monotonicNanos() }
}

/// What happens to each frame: push it through the pipeline, keep the decision if the policy
/// says it is worth publishing, and hand it to the output; capture events go to the output too.
struct DecisionLoop: FrameConsumer {
  let model: ClassifierModelFile.Model
  var pipeline: any FrameClassifier<SpikeFeatureExtractor, Decision>
  let output: RunOutput
  /// `--on-change`, `--min-score`, `--smooth`, `--top-k`.
  var filter: DecisionFilter
  /// systemd's notify socket, when run as a `Type=notify` service.
  let notifier: ServiceNotifier?
  let start: UInt64
  /// Frames seen and lost so far (the stream runner counts them).
  var progress = StreamProgress()
  var frames: Int { progress.frames }
  var dropped: UInt64 { progress.dropped }
  /// Decisions the classifier made, and those the policy published.
  var decisions = 0
  var published = 0
  /// Set when stdout went away (`run … | head -1`): the run stops as if signalled.
  var outputClosed = false
  /// On-device learning (`--learn`) and the pipeline it adapts, nil otherwise.
  var learning: LearningSession?
  var learningPipeline: (any FrameClassifier<SpikeFeatureExtractor, Decision>)?
  /// Why learning stopped the run (an unreadable reward schedule), nil otherwise.
  var learningFailure: CLIError?

  var json: Bool { output.json }
  var console: Console { output.console }

  mutating func handle(_ event: StreamEvent, progress: StreamProgress) {
    self.progress = progress
    RunEvents(output: output).report(event)
    if case .reopened = event { restartStream() }
  }

  /// A reopened device starts a new stream: the frames before the outage must not be
  /// differenced against the ones after it.
  mutating func restartStream() {
    if learningPipeline != nil { learningPipeline!.reset() } else { pipeline.reset() }
    filter.restartStream()
  }

  mutating func consume(
    _ frame: UnsafeBufferPointer<UInt8>, stamp: FrameStamp, progress: StreamProgress
  ) {
    self.progress = progress
    output.framesRead = frames
    // Frames flowing is what keeps the watchdog quiet; the first one means ready.
    notifier?.workDone(
      now: Commands.monotonicNanos(), status: "classifying \(output.lines.source)")
    let outcome: Decision?
    let scores: [Int16]
    if learning != nil, learningPipeline != nil {
      let plan: (learn: Bool, label: Int?)
      do throws(CLIError) {
        plan = try learning!.beforeFrame(&learningPipeline!)
      } catch {
        // The run stops here; what was learned is saved before the error is reported.
        learningFailure = error
        StopRequest.request(StopRequest.learningFailed)
        return
      }
      outcome = learningPipeline!.push(frame, learn: plan.learn, label: plan.label)
      learning!.afterFrame(learningPipeline!, decided: outcome != nil, console: console)
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
        StopRequest.request(StopRequest.outputClosed)
      }
    }
    if !json {
      // Integer arithmetic and decimal text only: the same line on every machine.
      let elapsed = Int64(clamping: now &- min(now, start))
      let fps = elapsed > 0 ? JSON.decimal(Int64(frames) * 1_000_000_000, per: elapsed, digits: 1) : "0.0"
      let percent = JSON.decimal(Int64(decision.score) * 100, per: 32768, digits: 0)
      let label = TerminalText.safe(model.classNames[decision.classIndex])
      console.out(
        "\r\u{1B}[Kframe \(frames - 1)  \(label)  \(percent)%  \(fps) fps  dropped \(dropped)  "
          + "\(JSON.decimal(Int64(clamping: latency), per: 1_000_000, digits: 1)) ms")
    }
  }
}

extension ReopenPolicy {
  /// `--frame-timeout-ms`, `--reopen`, `--reopen-backoff`.
  init(arguments: ParsedArguments) throws(CLIError) {
    let defaults = ReopenPolicy()
    self.init(
      frameTimeoutMilliseconds: try arguments.integer(
        "frame-timeout-ms", default: defaults.frameTimeoutMilliseconds, in: Self.frameTimeoutRange),
      attempts: try arguments.integer("reopen", default: defaults.attempts, in: Self.attemptsRange),
      backoffMilliseconds: try arguments.integer(
        "reopen-backoff", default: defaults.backoffMilliseconds, in: Self.backoffRange))
  }
}
