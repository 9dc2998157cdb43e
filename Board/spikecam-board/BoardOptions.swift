import SpikeCore

/// The board program's command line.
struct BoardOptions {
  static let usage = """
    usage: spikecam-board --model INT8.safetensors --clips CLIPS.u8|VIDEO [--clip-frames N | --stream] [--repeat N]
           spikecam-board --model INT8.safetensors --device /dev/videoN [--frames N]
             [--frame-timeout-ms MS] [--reopen N] [--reopen-backoff MS]
           (either form) [--on-change] [--smooth N] [--smooth-by majority|mean] [--min-score S]

    Classifies raw clips (frames of the model's width x height, 8-bit luma, back to back, as
    Gesture-9's <split>_clips.u8), a video (MJPEG: AVI or concatenated JPEGs; or y4m) or a
    V4L2 camera (MJPEG, YUYV or GREY), decoded and scaled as spikecam run does, with an int8
    model: one JSON line per decision (for a camera, spikecam run --device --json's lines and
    events).
      --clip-frames N         raw clips: frames per clip; each clip starts from rest (default 16)
      --stream                raw clips: the whole file is one stream (a video always is)
      --repeat N              play the file N times (default 1)
      --frames N              stop after N frames (default: until SIGINT or SIGTERM)
      --frame-timeout-ms MS   reopen a camera silent this long (default 5000)
      --reopen N              reopen attempts per camera outage before exit 74 (default 8; 0: none)
      --reopen-backoff MS     first wait before a reopen, doubled each attempt up to 30 s
                              (default 500)
      --on-change             streams: print a decision only when its class changes
      --smooth N              streams: smooth each decision over the last N (default 1: none)
      --smooth-by RULE        majority (default): the class decided most often; mean: the best
                              mean score
      --min-score S           streams: print only decisions scoring at least S (0...1)
    For an always-on camera: --on-change --smooth 9 --min-score 0.4 (as spikecam run).
    """

  var model = ""
  var clips = ""
  var device = ""
  /// Frames to classify before stopping; nil for all.
  var maxFrames: Int?
  /// How a lost camera is reopened, as `spikecam run` does it.
  var reopen = ReopenPolicy()
  /// `spikecam run`'s decision filter.
  var policy = DecisionPolicy()
  /// Frames per clip; nil plays the file as one stream.
  var clipFrames: Int? = 16
  /// Whether `--clip-frames` or `--stream` was given (a video refuses them).
  var clipFramesGiven = false
  var repeats = 1

  /// Parses `arguments` (without the program name); nil asks for help.
  static func parse(_ arguments: [String]) throws(BoardError) -> BoardOptions? {
    var o = BoardOptions()
    var i = 0
    func value() throws(BoardError) -> String {
      guard i + 1 < arguments.count else {
        throw BoardError(BoardError.usage, "\(arguments[i]) needs a value")
      }
      i += 1
      return arguments[i]
    }
    func integer(in range: ClosedRange<Int>) throws(BoardError) -> Int {
      let name = arguments[i]
      let text = try value()
      guard let n = Int(text), range.contains(n) else {
        throw BoardError(
          BoardError.usage,
          "\(name) takes a whole number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
      }
      return n
    }
    func count() throws(BoardError) -> Int {
      let name = arguments[i]
      let text = try value()
      guard let n = Int(text), n >= 1 else {
        throw BoardError(
          BoardError.usage, "\(name) takes a whole number of at least 1, got '\(text)'")
      }
      return n
    }
    while i < arguments.count {
      let a = arguments[i]
      if a.utf8.elementsEqual("-h".utf8) || a.utf8.elementsEqual("--help".utf8) { return nil }
      if a.utf8.elementsEqual("--model".utf8) {
        o.model = try value()
      } else if a.utf8.elementsEqual("--clips".utf8) {
        o.clips = try value()
      } else if a.utf8.elementsEqual("--clip-frames".utf8) {
        o.clipFrames = try count()
        o.clipFramesGiven = true
      } else if a.utf8.elementsEqual("--stream".utf8) {
        o.clipFrames = nil
        o.clipFramesGiven = true
      } else if a.utf8.elementsEqual("--repeat".utf8) {
        o.repeats = try count()
      } else if a.utf8.elementsEqual("--device".utf8) {
        o.device = try value()
      } else if a.utf8.elementsEqual("--frames".utf8) {
        o.maxFrames = try count()
      } else if a.utf8.elementsEqual("--frame-timeout-ms".utf8) {
        o.reopen.frameTimeoutMilliseconds = try integer(in: ReopenPolicy.frameTimeoutRange)
      } else if a.utf8.elementsEqual("--reopen".utf8) {
        o.reopen.attempts = try integer(in: ReopenPolicy.attemptsRange)
      } else if a.utf8.elementsEqual("--reopen-backoff".utf8) {
        o.reopen.backoffMilliseconds = try integer(in: ReopenPolicy.backoffRange)
      } else if a.utf8.elementsEqual("--on-change".utf8) {
        o.policy.onChange = true
      } else if a.utf8.elementsEqual("--smooth".utf8) {
        o.policy.window = try count()  // checked with the model's classes (`policy.problem`)
      } else if a.utf8.elementsEqual("--smooth-by".utf8) {
        let rule = try value()
        if rule.utf8.elementsEqual("majority".utf8) {
          o.policy.smoothing = .majority
        } else if rule.utf8.elementsEqual("mean".utf8) {
          o.policy.smoothing = .meanScore
        } else {
          throw BoardError(BoardError.usage, "--smooth-by takes majority or mean, got '\(rule)'")
        }
      } else if a.utf8.elementsEqual("--min-score".utf8) {
        let text = try value()
        guard let q = Q15.parse(text) else {
          throw BoardError(
            BoardError.usage, "--min-score takes a number in 0...1 (e.g. 0.6), got '\(text)'")
        }
        o.policy.minimumScore = q
      } else {
        throw BoardError(BoardError.usage, "unknown option '\(a)'")
      }
      i += 1
    }
    guard !o.model.isEmpty else { throw BoardError(BoardError.usage, "--model is required") }
    guard o.clips.isEmpty != o.device.isEmpty else {
      throw BoardError(BoardError.usage, "give one of --clips and --device")
    }
    if !o.device.isEmpty, o.clipFramesGiven || o.repeats != 1 {
      throw BoardError(
        BoardError.usage, "\(o.device) is a camera: --clip-frames, --stream and --repeat do not apply")
    }
    return o
  }
}
