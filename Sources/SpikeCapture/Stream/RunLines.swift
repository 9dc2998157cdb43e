import SpikeCore

#if canImport(SpikeSystem)
  import SpikeSystem  // the package build; the board program compiles JSONWriter and WallClock in
#endif

/// The JSON lines `spikecam run` prints and publishes, schema `schema` (docs/CLI.md, "run
/// output"), the board program's camera lines too: every line starts with the same header (schema version, wall-clock time, seconds
/// since start, host, device or clip, model id); a decision adds the frame and the class, an
/// event its name (first key), the last frame read and its own fields. Integer arithmetic only.
public struct RunLines {
  /// Version of the line format; raised when a key changes meaning or goes away.
  public static let schema = 1

  /// Where frames come from: the key (`device` or `clip`) and the path.
  public let sourceKey: String
  public let source: String
  /// The model's id (`ModelIdentity`).
  public let model: String
  /// Class names, by class index.
  public let labels: [String]
  /// Monotonic start of the run (nanoseconds), the zero of `t`.
  public let start: UInt64
  public let host = WallClock.hostName

  public init(sourceKey: String, source: String, model: String, labels: [String], start: UInt64) {
    (self.sourceKey, self.source, self.model, self.labels, self.start) =
      (sourceKey, source, model, labels, start)
  }

  /// A published decision: frame number, class, label, score; `top` (class indices, best
  /// first, with `scores`) when asked for; frames per second, frames the camera dropped and
  /// the latency from capture to decision.
  public func decision(
    frame: Int, decision: Decision, top: [Int], scores: [Int16], frames: Int, dropped: UInt64,
    latencyNanos: UInt64, now: UInt64
  ) -> String {
    var line = JSONObject()
    header(&line, now: now)
    line.add("frame", frame)
    line.add("class", decision.classIndex)
    line.add("label", labels[decision.classIndex])
    line.add("score", json: Self.q15(decision.score))
    if !top.isEmpty {
      line.add(
        "top",
        json: JSON.array(
          top.map { c in
            var entry = JSONObject()
            entry.add("class", c)
            entry.add("label", labels[c])
            entry.add("score", json: Self.q15(scores[c]))
            return entry.json
          }))
    }
    let elapsedMicros = max(Int64(clamping: (now &- start) / 1000), 1)
    line.add("fps", json: JSON.decimal(Int64(frames) * 1_000_000, per: elapsedMicros, digits: 1))
    line.add("dropped", dropped)
    line.add("latency_ms", json: JSON.decimal(Int64(clamping: latencyNanos), per: 1_000_000, digits: 3))
    return line.json
  }

  /// An event: `{"event":NAME, header…, "frame":LAST, fields…}`, `frame` being the number of
  /// the last frame read before it (none before the first frame).
  public func event(_ name: String, frame: Int?, now: UInt64, _ fields: (inout JSONObject) -> Void) -> String {
    var line = JSONObject()
    line.add("event", name)
    header(&line, now: now)
    if let frame { line.add("frame", frame) }
    fields(&line)
    return line.json
  }

  private func header(_ line: inout JSONObject, now: UInt64) {
    line.add("schema", Self.schema)
    line.add("time", WallClock.now())
    line.add("t", json: JSON.decimal(Int64(clamping: now &- start), per: 1_000_000_000, digits: 3))
    line.add("host", host)
    line.add(sourceKey, source)
    line.add("model", model)
  }

  /// A Q15 score as a decimal in [0, 1] with 4 digits.
  public static func q15(_ score: Int16) -> String {
    JSON.decimal(Int64(max(score, 0)), per: 32768, digits: 4)
  }
}
