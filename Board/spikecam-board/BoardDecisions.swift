import CSpikeBoard
import SpikeCore

/// What the board program does with each frame of a stream that `StreamRunner` drives (a camera
/// or a video), as `spikecam run`'s decision loop does: classify it, filter the decision
/// (SpikeCore's `DecisionFilter`: run's `--on-change`, `--smooth`, `--min-score`) and print its
/// line; report the stream's events; after a reopened camera, forget the old stream.
struct BoardDecisions: FrameConsumer {
  /// How decisions are printed.
  enum Lines {
    /// A camera: `spikecam run --device --json`'s lines and events, with their clock.
    case run(RunLines)
    /// A file: the time-free lines (`DecisionLine`) machines compare bit for bit.
    case file
  }

  var model: BoardModel
  let policy: DecisionPolicy
  let lines: Lines
  private var filter: DecisionFilter
  /// Decisions made, printed or not.
  private(set) var decisions = 0
  /// Frames classified in this pass over the source (the lines' frame numbers).
  private var frameInPass = 0

  init(model: consuming BoardModel, policy: DecisionPolicy, lines: Lines) {
    filter = DecisionFilter(policy: policy, classes: model.classNames.count)
    (self.policy, self.lines) = (policy, lines)
    self.model = model
  }

  /// A new pass over a file: the classifier from rest, frames counted from 0.
  mutating func startPass() {
    model.pipeline.reset()
    filter = DecisionFilter(policy: policy, classes: model.classNames.count)
    frameInPass = 0
  }

  mutating func consume(
    _ frame: UnsafeBufferPointer<UInt8>, stamp: FrameStamp, progress: StreamProgress
  ) {
    let index = frameInPass
    frameInPass += 1
    guard let raw = model.pipeline.push(frame, learn: false) else { return }
    decisions += 1
    guard let decision = filter.push(raw, scores: model.pipeline.classScores) else { return }
    let label = model.classNames[decision.classIndex]
    switch lines {
    case .file:
      print(DecisionLine.text(clip: nil, frame: index, decision: decision, label: label))
    case .run(let run):
      let now = monotonicNanos()
      print(
        run.decision(
          frame: index, decision: decision, top: [], scores: [], frames: progress.frames,
          dropped: progress.dropped, latencyNanos: now &- min(now, stamp.captureNanos), now: now))
    }
  }

  mutating func handle(_ event: StreamEvent, progress: StreamProgress) {
    if case .run(let run) = lines { report(StreamReport(event, device: run.source), progress) }
    if case .reopened = event {
      // A reopened camera starts a new stream: its frames must not be differenced against the
      // ones before the outage.
      model.pipeline.reset()
      filter.restartStream()
    }
  }

  /// Prints an event as `spikecam run --device --json` does: its line on stdout, its sentence
  /// on stderr.
  func report(_ report: StreamReport, _ progress: StreamProgress) {
    guard case .run(let run) = lines else { return }
    let frames = progress.frames
    print(
      run.event(report.name, frame: frames > 0 ? frames - 1 : nil, now: monotonicNanos()) {
        $0.add(membersOf: report.fields)
      })
    note("spikecam-board: " + TerminalText.safe(report.message))
  }
}
