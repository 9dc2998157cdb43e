/// Which of a classifier's decisions are worth publishing, and how they are smoothed first
/// (`spikecam run --on-change --min-score S --smooth N --smooth-by R --top-k K`). Scores are
/// Q15 (32768 = 1), as the heads give them.
public struct DecisionPolicy: Sendable, Equatable {
  /// Publish a decision only when its class differs from the last published one.
  public var onChange: Bool
  /// Publish only decisions whose (smoothed) score is at least this, Q15; 0 publishes all.
  public var minimumScore: Int16
  /// How many of the latest decisions the smoothing looks at (1: no smoothing).
  public var window: Int
  /// The smoothing rule.
  public var smoothing: Smoothing
  /// How many classes a published decision lists with their scores, best first (0: none).
  public var topK: Int

  /// Longest smoothing window (the running score sums stay inside Int32).
  public static let maxWindow = 4096

  /// Every decision as it comes: no smoothing, no filter, no class list.
  public init(
    onChange: Bool = false, minimumScore: Int16 = 0, window: Int = 1,
    smoothing: Smoothing = .majority, topK: Int = 0
  ) {
    (self.onChange, self.minimumScore, self.window, self.smoothing, self.topK) =
      (onChange, minimumScore, window, smoothing, topK)
  }

  /// Why this policy cannot run a classifier of `classes` classes, or nil when it can.
  public func problem(classes: Int) -> String? {
    if classes < 1 { return "a classifier needs at least one class" }
    if window < 1 || window > Self.maxWindow {
      return "the smoothing window must be 1...\(Self.maxWindow) decisions, got \(window)"
    }
    if topK < 0 || topK > classes {
      return "top-k must be 0...\(classes) (the model's classes), got \(topK)"
    }
    if minimumScore < 0 { return "the minimum score must be 0...1" }
    return nil
  }

  /// How the last `window` decisions become one.
  public enum Smoothing: Sendable, Equatable {
    /// The class decided most often (ties: the one decided most recently); its score is its
    /// mean score over the window.
    case majority
    /// The class with the highest mean score over the window (ties: the lower class index).
    case meanScore
  }
}

/// Q15 scores as decimal text, in integers only.
public enum Q15 {
  /// One in Q15.
  public static let one: Int32 = 32768

  /// Parses a decimal in [0, 1] (`0`, `1`, `0.6`, `.75`, `1.0`; at most 9 fraction digits)
  /// to the nearest Q15 value, 1 saturating to 32767; nil for anything else.
  public static func parse(_ text: String) -> Int16? {
    var whole: Int64 = 0
    var fraction: Int64 = 0
    var scale: Int64 = 1
    var seenPoint = false
    var digits = 0
    for byte in text.utf8 {
      if byte == UInt8(ascii: ".") {
        if seenPoint { return nil }
        seenPoint = true
        continue
      }
      guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
      let digit = Int64(byte - UInt8(ascii: "0"))
      digits += 1
      if seenPoint {
        guard scale < 1_000_000_000 else { return nil }
        fraction = fraction * 10 + digit
        scale *= 10
      } else {
        guard whole < 10 else { return nil }
        whole = whole * 10 + digit
      }
    }
    guard digits > 0, whole <= 1, whole == 0 || fraction == 0 else { return nil }
    // round((whole + fraction / scale) · 32768), halves up.
    let q = (whole * scale + fraction) * Int64(one)
    let rounded = (2 * q + scale) / (2 * scale)
    return Int16(min(rounded, Int64(Int16.max)))
  }
}
