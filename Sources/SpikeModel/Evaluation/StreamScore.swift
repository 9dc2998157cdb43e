/// How a classifier did on continuous recordings: per gesture (detected with the right label,
/// with a wrong one, or missed) and false alarms per minute of quiet.
///
/// A gesture performed over frames `start..<end` owns the frames `start..<end + tolerance`: a
/// decision looks back over a window of K frames and an event needs `hold` agreeing frames, so
/// its event may start up to K + hold frames after the gesture ended. The first event inside a
/// gesture's frames decides it: right label, wrong label. An event outside every gesture's
/// frames is a false alarm; the frames outside every gesture's frames are the quiet time.
public struct StreamScore: Sendable, Equatable {
  /// Gestures scored.
  public var gestures = 0
  /// Gestures whose first event had their label.
  public var right = 0
  /// Gestures whose first event had another label.
  public var wrongLabel = 0
  /// Gestures with no event.
  public var missed = 0
  /// Events during quiet frames.
  public var falseAlarms = 0
  /// Quiet frames.
  public var quietFrames = 0

  public init() {}

  /// Fraction of gestures detected with the right label.
  public var detectionRate: Double { gestures > 0 ? Double(right) / Double(gestures) : 0 }

  /// False alarms per minute of quiet at `fps` frames per second.
  public func falseAlarmsPerMinute(fps: Int) -> Double {
    quietFrames > 0 ? Double(falseAlarms) * Double(fps) * 60 / Double(quietFrames) : 0
  }

  /// Adds one recording of `frames` frames, with its gestures `(start, end, label)` (sorted,
  /// not overlapping) and the events `(frame, class)` a detector raised on it, in frame order.
  /// Returns each gesture's first event class, nil for a missed gesture.
  @discardableResult
  public mutating func add(
    frames: Int, gestures marks: [(start: Int, end: Int, label: Int)],
    events: [(frame: Int, classIndex: Int)], tolerance: Int
  ) -> [Int?] {
    var owner = [Int](repeating: -1, count: frames)
    for (g, mark) in marks.enumerated() {
      for f in mark.start..<min(frames, mark.end + tolerance) where owner[f] < 0 { owner[f] = g }
    }
    var decided = [Int?](repeating: nil, count: marks.count)
    for event in events where (0..<frames).contains(event.frame) {
      let g = owner[event.frame]
      if g < 0 {
        falseAlarms += 1
      } else if decided[g] == nil {
        decided[g] = event.classIndex
        if event.classIndex == marks[g].label { right += 1 } else { wrongLabel += 1 }
      }
    }
    gestures += marks.count
    missed += decided.filter { $0 == nil }.count
    quietFrames += owner.filter { $0 < 0 }.count
    return decided
  }
}
