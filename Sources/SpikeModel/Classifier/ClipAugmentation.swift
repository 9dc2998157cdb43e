import SpikeCore

/// Label-preserving symmetries of motion clips, for training the head on more windows than the
/// data set holds. Each transform maps a clip to a valid clip of a known class, so the head sees
/// every class in both directions of its pair (e.g. left as often as right).
///
/// The label maps follow Gesture-9's generator (`make_clips.py`, y pointing down):
/// - `mirror` (x → W−1−x): left ↔ right, circle_cw ↔ circle_ccw; none, up, down, approach and
///   recede stay. The generator already mirrors backgrounds, so mirrored clips are in the data's
///   own distribution.
/// - `flip` (y → H−1−y): up ↔ down, circle_cw ↔ circle_ccw; the others stay. Upside-down
///   backgrounds and objects are outside the generator's distribution, yet flipped clips still
///   help: they show the head background motion in directions the training clips lack.
/// - `reverse` (frames in reverse order): left ↔ right, up ↔ down, approach ↔ recede (the zoom
///   is geometric, so its reversal is the other class's path exactly), circle_cw ↔ circle_ccw;
///   none stays (its jitter is independent per frame).
/// A class whose name is not one of these nine makes the transform unusable: its meaning under
/// the symmetry is unknown, so `labelMap` throws instead of guessing.
public enum ClipTransform: String, CaseIterable, Sendable, Codable {
  /// Left–right mirror.
  case mirror
  /// Up–down flip.
  case flip
  /// Time reversal.
  case reverse

  /// Pairs of class names the transform swaps.
  var swaps: [(String, String)] {
    switch self {
    case .mirror: [("left", "right"), ("circle_cw", "circle_ccw")]
    case .flip: [("up", "down"), ("circle_cw", "circle_ccw")]
    case .reverse:
      [("left", "right"), ("up", "down"), ("approach", "recede"), ("circle_cw", "circle_ccw")]
    }
  }

  /// Class names the transform leaves unchanged.
  var keeps: Set<String> {
    switch self {
    case .mirror: ["none", "up", "down", "approach", "recede"]
    case .flip: ["none", "left", "right", "approach", "recede"]
    case .reverse: ["none"]
    }
  }

  /// `mirror,reverse` → those transforms; `none` (or nothing) → none.
  public static func list(_ text: String) throws(ConfigError) -> [ClipTransform] {
    var out: [ClipTransform] = []
    for part in text.split(separator: ",") {
      let name = part.filter { !$0.isWhitespace }
      if name.isEmpty || name == "none" { continue }
      guard let t = ClipTransform(rawValue: name) else {
        throw .inconsistent("augmentation '\(name)' is unknown; use mirror, flip, reverse or none")
      }
      out.append(t)
    }
    return out
  }

  /// The class each class becomes under the transform.
  public func labelMap(_ classNames: [String]) throws(ConfigError) -> [Int] {
    var map = Array(classNames.indices)
    for (i, name) in classNames.enumerated() {
      if keeps.contains(name) { continue }
      guard let other = swaps.first(where: { $0.0 == name || $0.1 == name }) else {
        throw .inconsistent(
          "augmentation '\(rawValue)' does not know what class '\(name)' becomes; train without "
            + "it (augment: [] in the config, or --augment none)")
      }
      let partner = other.0 == name ? other.1 : other.0
      guard let j = classNames.firstIndex(of: partner) else {
        throw .inconsistent(
          "augmentation '\(rawValue)' turns '\(name)' into '\(partner)', which this data set "
            + "lacks; train without it (--augment none)")
      }
      map[i] = j
    }
    return map
  }
}

/// One combination of transforms (a subset of `ClipTransform`), applied frame by frame while
/// features are extracted, so no transformed copy of the clips is kept in memory.
public struct ClipVariant: Sendable, Equatable {
  /// Transforms applied (in any order: they commute).
  public var transforms: Set<ClipTransform>

  /// A variant applying `transforms`.
  public init(_ transforms: Set<ClipTransform>) { self.transforms = transforms }

  /// Every subset of `transforms`, the identity first: the training set is used once per
  /// variant (2ⁿ windows per clip).
  public static func all(_ transforms: [ClipTransform]) -> [ClipVariant] {
    let unique = ClipTransform.allCases.filter(transforms.contains)
    return (0..<(1 << unique.count)).map { bits in
      ClipVariant(Set(unique.indices.filter { bits & (1 << $0) != 0 }.map { unique[$0] }))
    }
  }

  /// Class of a clip of class `label` after the variant.
  public func labelMap(_ classNames: [String]) throws(ConfigError) -> [Int] {
    var map = Array(classNames.indices)
    for t in ClipTransform.allCases where transforms.contains(t) {
      let m = try t.labelMap(classNames)
      map = map.map { m[$0] }
    }
    return map
  }

  /// The source frame shown at position `f` of `count`.
  public func sourceFrame(_ f: Int, of count: Int) -> Int {
    transforms.contains(.reverse) ? count - 1 - f : f
  }

  /// Copies `frame` (`width × height`) into `out`, mirrored and/or flipped.
  public func transform(
    _ frame: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
    into out: UnsafeMutableBufferPointer<UInt8>
  ) {
    let mirror = transforms.contains(.mirror)
    let flip = transforms.contains(.flip)
    for y in 0..<height {
      let sy = flip ? height - 1 - y : y
      for x in 0..<width {
        out[y * width + x] = frame[sy * width + (mirror ? width - 1 - x : x)]
      }
    }
  }

  /// A short name for progress lines (`identity`, `mirror+reverse`, …).
  public var name: String {
    transforms.isEmpty
      ? "identity"
      : ClipTransform.allCases.filter(transforms.contains).map(\.rawValue).joined(separator: "+")
  }
}
