import Foundation
import SpikeCapture
import SpikeCore
import SpikeModel
import SpikeSystem

extension Commands {
  /// `spikecam run --model INT (--device PATH | --clip PATH) [--board B] [--frames N] [--json]`:
  /// one JSON line per decision on stdout (with `--json` or when stdout is not a terminal), a
  /// status line on a terminal; SIGINT/SIGTERM stop cleanly with exit 0 at any moment (the
  /// handlers are installed before any file is opened: `Subcommand.stopsOnSignal`), leaving no
  /// file half written. Memory is fixed at start: one frame buffer, the pipeline's rings.
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
    // A stop that comes before the first frame ends the run here, as cleanly as a later one.
    func stoppedEarly() -> Bool {
      guard StopRequest.isRequested else { return false }
      console.err("0 frames, 0 decisions, 0 dropped (stopped by signal)\n")
      return true
    }
    let profile = try arguments.value("board").map { (p: String) throws(CLIError) in
      try ModelSupport.board(p)
    }
    let trust = try ModelSupport.trust(arguments, board: profile)
    if stoppedEarly() { return }
    let model = try ModelSupport.model(modelPath, trust: trust, console: console)
    guard !model.isFloat else {
      throw .badInput(
        "\(modelPath): is a float model; run takes the int8 model from `spikecam quantize`")
    }
    var frameSlots = 4
    if let profile {
      _ = try ModelSupport.fit(model.footprint, on: profile, input: model.pipeline)
      frameSlots = max(1, profile.rings.frameSlots)
    }
    // On-device learning adapts the spiking layer of an attention-head model.
    var learning: OnlineLearning?
    if case .int8(let attention) = model {
      learning = try OnlineLearning.from(arguments, model: attention)
    } else if let option = ["learn", "save", "learn-rate", "learn-every", "save-every"].first(
      where: { arguments.flag($0) || arguments.value($0) != nil })
    {
      throw .usage("--\(option): on-device learning needs an attention-head model; \(modelPath) is not one")
    }
    let learningPipeline = try learning?.makePipeline()
    // While learning, the plain pipeline is never pushed: share the learning one's storage.
    let pipeline: any FrameClassifier
    if let learningPipeline {
      pipeline = learningPipeline
    } else {
      pipeline = try ModelSupport.integerPipeline(model, path: modelPath)
    }
    // Gesture-9's live recipe (the one the bundled models were trained on) for 64×64 models.
    let output = FrameFormat(width: model.pipeline.width, height: model.pipeline.height)
    let preprocess =
      output == Preprocess.gesture9.output
      ? Preprocess.gesture9 : Preprocess(output: output, scaledHeight: output.height * 3 / 2)
    let json = arguments.flag("json") || !console.isTerminal
    if stoppedEarly() { return }
    var loop = DecisionLoop(
      model: model, pipeline: pipeline, json: json, console: console, start: monotonicNanos())
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
        !StopRequest.isRequested
          ? nil : StopRequest.cause == StopRequest.outputClosed ? "stdout_closed" : "signal"
      }
    } else {
      var source: ClipSource
      do throws(CaptureError) {
        source = try ClipSource(
          path: clip!, preprocess: preprocess,
          pacing: arguments.flag("realtime") ? .realTime : .asFastAsPossible,
          loop: arguments.flag("loop"))
      } catch {
        if StopRequest.isRequested { return }
        throw ModelSupport.cliError(error)
      }
      guard source.format.byteCount == model.pipeline.pixels else {
        throw .badInput(
          "\(clip!): frames are \(source.format); the model expects "
            + "\(model.pipeline.width)x\(model.pipeline.height)")
      }
      var frame = [UInt8](repeating: 0, count: source.format.byteCount)
      while !StopRequest.isRequested && loop.frames < maxFrames {
        let stamp: FrameStamp?
        do throws(CaptureError) {
          stamp = try frame.withUnsafeMutableBufferPointer { (b) throws(CaptureError) in
            try source.nextFrame(into: b)
          }
        } catch {
          if StopRequest.isRequested { break }
          throw ModelSupport.cliError(error)
        }
        guard let stamp else { break }
        frame.withUnsafeBufferPointer { loop.handle($0, stamp) }
      }
    }
    if !json && loop.decisions > 0 { console.out("\n") }
    if let learning = loop.learning, let adapted = loop.learningPipeline {
      learningSaved = true
      try learning.save(adapted)
      console.err(learning.summary + "\n")
    }
    console.err(
      "\(loop.frames) frames, \(loop.decisions) decisions, \(loop.dropped) dropped"
        + (loop.outputClosed
          ? " (stdout closed)" : StopRequest.isRequested ? " (stopped by signal)" : "") + "\n")
  }

  static func monotonicNanos() -> UInt64 { StopRequest.monotonicNanos() }
}

/// What happens to each frame: push it through the pipeline and print the decision.
struct DecisionLoop {
  let model: ClassifierModelFile.Model
  var pipeline: any FrameClassifier
  let json: Bool
  let console: Console
  let start: UInt64
  var frames = 0
  var decisions = 0
  var dropped: UInt64 = 0
  var lastSequence: UInt64?
  /// Set when stdout went away (`run … | head -1`): the run stops as if signalled.
  var outputClosed = false
  /// On-device learning (`--learn`) and the attention pipeline it adapts, nil otherwise.
  var learning: OnlineLearning?
  var learningPipeline: ClassifierPipeline?

  mutating func handle(_ frame: UnsafeBufferPointer<UInt8>, _ stamp: FrameStamp) {
    if let last = lastSequence, stamp.sequence > last + 1 { dropped += stamp.sequence - last - 1 }
    lastSequence = stamp.sequence
    frames += 1
    let outcome: Decision?
    if learning != nil, learningPipeline != nil {
      let learn = learning!.beforeFrame(&learningPipeline!)
      outcome = learningPipeline!.push(frame, learn: learn)
      learning!.afterFrame(learningPipeline!, console: console)
    } else {
      outcome = pipeline.push(frame)
    }
    guard let decision = outcome else { return }
    decisions += 1
    // Integer arithmetic and decimal text only: the same line on every machine, no Foundation.
    let now = Commands.monotonicNanos()
    let elapsed = Int64(now &- min(now, start))
    let latency = Int64(now &- min(now, stamp.captureNanos))
    let fps = elapsed > 0 ? JSON.decimal(Int64(frames) * 1_000_000_000, per: elapsed, digits: 1) : "0.0"
    let label = model.classNames[decision.classIndex]
    if json {
      var line = JSONObject()
      line.add("t", json: JSON.decimal(elapsed, per: 1_000_000_000, digits: 3))
      line.add("frame", frames - 1)
      line.add("class", decision.classIndex)
      line.add("label", label)
      line.add("score", json: JSON.decimal(Int64(decision.score), per: 32768, digits: 4))
      line.add("fps", json: fps)
      line.add("dropped", dropped)
      line.add("latency_ms", json: JSON.decimal(latency, per: 1_000_000, digits: 3))
      console.out(line.json + "\n")
      if console.isOutputClosed {
        outputClosed = true
        StopRequest.request(StopRequest.outputClosed)
      }
    } else {
      let percent = JSON.decimal(Int64(decision.score) * 100, per: 32768, digits: 0)
      console.out(
        "\r\u{1B}[Kframe \(frames - 1)  \(TerminalText.safe(label))  \(percent)%  \(fps) fps  "
          + "dropped \(dropped)  \(JSON.decimal(latency, per: 1_000_000, digits: 1)) ms")
    }
  }
}
