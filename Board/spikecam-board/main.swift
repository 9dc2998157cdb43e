import CSpikeBoard
import SpikeCore

// spikecam-board: the integer classifier on a Linux board, Embedded Swift plus C. Reads an int8
// model file and a camera, a video (MJPEG or y4m) or raw clips, and prints one JSON line per
// decision.

/// Prints `Error: …` on stderr and exits with the error's code.
func fail(_ error: BoardError) -> Never {
  note("Error: \(error.message)")
  exit(error.code)
}

func run(_ o: BoardOptions) throws(BoardError) {
  let bytes = try ModelFile.read(o.model)
  // withUnsafeBytes rethrows untyped errors; Result keeps the typed one.
  var model = try bytes.withUnsafeBytes { raw in
    Result { () throws(BoardError) in try BoardModel(SafetensorsImage(raw, file: o.model)) }
  }.get()
  let input = FrameFormat(width: model.config.width, height: model.config.height)
  if let problem = o.policy.problem(classes: model.classNames.count) {
    throw BoardError(BoardError.usage, problem)
  }
  if !o.device.isEmpty { return try runCamera(o, model, input) }
  let kind = FileReader.kind(of: o.clips)
  if kind != .raw { return try runVideo(o, kind, model, input) }
  var clips = try RawClipFile(path: o.clips, frameBytes: model.config.pixels)
  defer { clips.close() }
  if let n = o.clipFrames, clips.frameCount % n != 0 {
    throw BoardError(
      BoardError.badInput,
      "\(o.clips): \(clips.frameCount) frames is not a whole number of \(n)-frame clips")
  }
  if o.clipFrames != nil, o.policy != DecisionPolicy() {
    throw BoardError(
      BoardError.usage,
      "--on-change, --smooth, --smooth-by and --min-score filter a stream: add --stream, or play "
        + "a video or a camera")
  }
  try play(
    &clips, &model, clipFrames: o.clipFrames, repeats: o.repeats, maxFrames: o.maxFrames,
    policy: o.policy)
}

/// `--device`: the camera on `spikecam run`'s runner, with run's lines and events, the closing
/// `stopped` event, and the counts on stderr.
func runCamera(_ o: BoardOptions, _ model: BoardModel, _ input: FrameFormat) throws(BoardError) {
  // A line a decision, as it happens: whoever reads a live camera's output (a pipe, a log)
  // must not wait for a full buffer.
  setvbuf(stdout, nil, _IOLBF, 0)
  var camera = try DeviceCamera(path: o.device, output: input, policy: o.reopen)
  note("\(o.device): \(camera.streamDescription)")
  var decisions = BoardDecisions(
    model: model, policy: o.policy,
    lines: .run(
      RunLines(
        sourceKey: "device", source: o.device, model: model.identity, labels: model.classNames,
        start: monotonicNanos())))
  var progress = StreamProgress()
  var failure: StreamError?
  let reason: String
  do throws(StreamError) {
    reason = try StreamRunner.run(
      &camera, into: &decisions, maxFrames: o.maxFrames ?? .max, cancel: .stopRequest,
      progress: &progress
    ).reason
  } catch {
    failure = error
    reason = "device_lost"
  }
  // The device is closed before the closing event, however the run ended (as spikecam run).
  camera.close()
  let skips = camera.health.skips
  decisions.report(
    .stopped(
      reason: reason, progress: progress, decisions: decisions.decisions, corrupt: skips.count,
      reopens: camera.reopener.reopens), progress)
  note(
    "\(progress.frames) frames, \(progress.dropped) dropped by the driver, \(skips.count) skipped as corrupt"
      + (skips.last.map { " (last: \($0))" } ?? ""))
  noteStop(frames: progress.frames, decisions: decisions.decisions)
  if let failure { throw BoardError(stream: failure) }
}

/// `--clips VIDEO`: an MJPEG or y4m video, `--repeat` passes, on `spikecam run --clip`'s own
/// sources and runner.
func runVideo(_ o: BoardOptions, _ kind: ClipKind, _ model: BoardModel, _ input: FrameFormat)
  throws(BoardError)
{
  try checkOneStream(o)
  var decisions = BoardDecisions(model: model, policy: o.policy, lines: .file)
  var frames = 0
  var skipped = (count: 0, last: "")
  // `spikecam run --clip`'s own sources, opened on the board's file window, one pass each.
  for _ in 0..<o.repeats {
    decisions.startPass()
    let limit = (o.maxFrames ?? .max) - frames
    let end: StreamEnd
    if kind == .mjpeg {
      let file = try FileWindow.open(o.clips, what: "video file", capacity: MJPEGFrames.largestFrame)
      var video = SourceStream(
        try BoardError.reading(o.clips) { () throws(CaptureError) in
          try MJPEGFileSource(
            file: file, name: o.clips, preprocess: Preprocess.live(for: input),
            pacing: .asFastAsPossible, loop: false, framesPerSecond: nil)
        })
      end = try playStream(&video, &decisions, limit, &frames)
      if video.source.skippedFrames > 0 {
        skipped = (skipped.count + video.source.skippedFrames, video.source.lastSkipReason)
      }
    } else {
      let file = try FileWindow.open(o.clips, what: "y4m file", capacity: Y4MHeader.maxLine)
      var video = SourceStream(
        try BoardError.reading(o.clips) { () throws(CaptureError) in
          try Y4MSource(
            file: file, name: o.clips, preprocess: Preprocess.live(for: input),
            pacing: .asFastAsPossible, loop: false)
        })
      end = try playStream(&video, &decisions, limit, &frames)
    }
    guard end == .sourceEnded else { break }
  }
  if skipped.count > 0 {
    note(
      "\(skipped.count) of the video's frames skipped, not decoded cleanly (last: \(skipped.last))")
  }
  noteStop(frames: frames, decisions: decisions.decisions)
}

/// Drives one pass over a video with `spikecam run`'s runner; adds the frames played to `frames`.
func playStream<Source: FrameSource & ~Copyable>(
  _ video: inout SourceStream<Source>, _ decisions: inout BoardDecisions, _ limit: Int,
  _ frames: inout Int
) throws(BoardError) -> StreamEnd {
  var progress = StreamProgress()
  defer { frames += progress.frames }
  do throws(StreamError) {
    return try StreamRunner.run(
      &video, into: &decisions, maxFrames: limit, cancel: .stopRequest, progress: &progress)
  } catch {
    throw BoardError(stream: error)
  }
}

/// `N frames, M decisions (stopped by signal)` on stderr when SIGINT or SIGTERM ended the run.
func noteStop(frames: Int, decisions: Int) {
  if spikecam_stop_cause() != 0 { note("\(frames) frames, \(decisions) decisions (stopped by signal)") }
}

/// A video plays as one stream, as `spikecam run --clip` plays it: clip lengths do not apply.
func checkOneStream(_ o: BoardOptions) throws(BoardError) {
  guard o.clipFrames == nil || !o.clipFramesGiven else {
    throw BoardError(
      BoardError.usage, "\(o.clips) is a video, which plays as one stream: drop --clip-frames")
  }
}

/// Classifies every frame of `clips` (`repeats` times, at most `maxFrames`), one JSON line per
/// decision; returns the frames classified. Each clip of `clipFrames` frames, or the whole
/// input as one stream when nil, starts from rest.
@discardableResult
func play<Clips: BoardClips & ~Copyable>(
  _ clips: inout Clips, _ model: inout BoardModel, clipFrames: Int?, repeats: Int, maxFrames: Int?,
  policy: DecisionPolicy = DecisionPolicy()
) throws(BoardError) -> (frames: Int, decisions: Int) {
  var frames = 0
  var decisions = 0
  passes: for pass in 0..<repeats {
    if pass > 0 { try clips.rewind() }
    // `spikecam run`'s decision filter (--on-change, --smooth, --min-score): SpikeCore's.
    var filter = DecisionFilter(policy: policy, classes: model.classNames.count)
    var index = 0
    while true {
      // Checked before reading, so a camera stops with `maxFrames` frames taken, as run does.
      if let maxFrames, frames == maxFrames { break passes }
      guard try clips.next() else { break }
      // SIGINT/SIGTERM end the run between frames: every printed line is whole, exit 0.
      if spikecam_stop_cause() != 0 { break passes }
      frames += 1
      let frameInClip = clipFrames.map { index % $0 } ?? index
      if frameInClip == 0 { model.pipeline.reset() }
      let decision = clips.frame.withUnsafeBufferPointer { model.pipeline.push($0, learn: false) }
      if decision != nil { decisions += 1 }
      if let raw = decision, let decision = filter.push(raw, scores: model.pipeline.classScores) {
        print(
          DecisionLine.text(
            clip: clipFrames.map { index / $0 }, frame: frameInClip, decision: decision,
            label: model.classNames[decision.classIndex]))
      }
      index += 1
    }
  }
  noteStop(frames: frames, decisions: decisions)
  return (frames, decisions)
}

/// A line on stderr.
func note(_ text: String) {
  var copy = text + "\n"
  copy.withUTF8 { _ = spikecam_board_write_all(2, $0.baseAddress, $0.count) }
}

/// The C entry point: Embedded Swift has no `CommandLine`, so the arguments come from argv.
@_cdecl("main")
func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
  // Installed before any file is opened, as `spikecam run` does: a service manager's SIGTERM
  // ends the program cleanly at any moment.
  spikecam_stop_install_handlers()
  var arguments: [String] = []
  for i in 1..<Int(argc) { arguments.append(String(cString: argv[i]!)) }
  do throws(BoardError) {
    guard let options = try BoardOptions.parse(arguments) else {
      print(BoardOptions.usage)
      return 0
    }
    try run(options)
  } catch {
    if error.code == BoardError.usage {
      fail(BoardError(error.code, "\(error.message)\n\(BoardOptions.usage)"))
    }
    fail(error)
  }
  return 0
}
