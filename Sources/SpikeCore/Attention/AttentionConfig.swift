/// Sizes of the attention head: K tokens of F features → width d, h heads, MLP width, classes.
///
/// Shared by the integer head, its float twin and the model file (`__metadata__.config`).
public struct AttentionConfig: Sendable, Equatable {
  /// Frames per window (tokens), K.
  public var tokens: Int
  /// Features per frame (spike counts), F.
  public var features: Int
  /// Token width, d.
  public var width: Int
  /// Attention heads, h (d is a multiple of h).
  public var heads: Int
  /// MLP hidden width.
  public var hidden: Int
  /// Output classes.
  public var classes: Int

  /// Makes a configuration; call `validate()` on values read from a file.
  public init(tokens: Int, features: Int, width: Int, heads: Int, hidden: Int, classes: Int) {
    (self.tokens, self.features, self.width, self.heads, self.hidden, self.classes) =
      (tokens, features, width, heads, hidden, classes)
  }

  /// Width of one head.
  public var headWidth: Int { width / heads }

  /// Why the sizes cannot run with `activations`, or `nil` when they can. Caps keep every
  /// int32 sum in range.
  public func problem(activations: ActivationWidth = .int8) -> String? {
    let limits: [(String, Int, Int)] = [
      ("tokens", tokens, 64), ("features", features, 4096), ("width", width, 1024),
      ("heads", heads, 64), ("hidden", hidden, 4096), ("classes", classes, 1024),
    ]
    for (name, value, cap) in limits where value < 1 || value > cap {
      return "\(name) is \(value), expected 1...\(cap)"
    }
    if width % heads != 0 { return "width \(width) is not a multiple of heads \(heads)" }
    if classes < 2 { return "classes is \(classes), expected at least 2" }
    if headWidth > activations.largestHeadWidth {
      return "width / heads is \(headWidth); \(activations.bits)-bit activations take at most "
        + "\(activations.largestHeadWidth)"
    }
    return nil
  }
}
