import SpikeCore

/// Labelled clips in memory: `clipCount` clips of `framesPerClip` frames of `frameBytes` luma
/// bytes each, back to back (the layout of Gesture-9's raw files and of a loaded data set).
public struct ClipSet: Sendable {
  /// All pixels.
  public var pixels: [UInt8]
  /// Class id per clip.
  public var labels: [Int]
  /// Frames per clip.
  public var framesPerClip: Int
  /// Bytes per frame.
  public var frameBytes: Int
  /// Class names, index = class id.
  public var classNames: [String]

  /// Wraps clips; sizes must agree.
  public init(
    pixels: [UInt8], labels: [Int], framesPerClip: Int, frameBytes: Int, classNames: [String]
  ) {
    precondition(pixels.count == labels.count * framesPerClip * frameBytes, "clip sizes differ")
    (self.pixels, self.labels, self.framesPerClip, self.frameBytes, self.classNames) =
      (pixels, labels, framesPerClip, frameBytes, classNames)
  }

  /// Number of clips.
  public var clipCount: Int { labels.count }

  /// Calls `body` with frame `f` of clip `c`.
  public func withFrame<R>(_ c: Int, _ f: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    let start = (c * framesPerClip + f) * frameBytes
    return pixels.withUnsafeBufferPointer { all in
      body(UnsafeBufferPointer(rebasing: all[start..<start + frameBytes]))
    }
  }

  /// The first `count` clips (all of them when there are fewer).
  public func first(_ count: Int) -> ClipSet {
    guard count < clipCount else { return self }
    let clipBytes = framesPerClip * frameBytes
    return ClipSet(
      pixels: Array(pixels[0..<(max(count, 0) * clipBytes)]), labels: Array(labels.prefix(count)),
      framesPerClip: framesPerClip, frameBytes: frameBytes, classNames: classNames)
  }

  /// At most `perClass` clips of each class, in order (all when `perClass` is nil).
  public func subsample(perClass: Int?) -> ClipSet {
    guard let perClass else { return self }
    var taken = [Int](repeating: 0, count: max(classNames.count, (labels.max() ?? 0) + 1))
    var keep: [Int] = []
    for (i, l) in labels.enumerated() where taken[l] < perClass {
      taken[l] += 1
      keep.append(i)
    }
    let clipBytes = framesPerClip * frameBytes
    var out: [UInt8] = []
    out.reserveCapacity(keep.count * clipBytes)
    for i in keep { out += pixels[i * clipBytes..<(i + 1) * clipBytes] }
    return ClipSet(
      pixels: out, labels: keep.map { labels[$0] }, framesPerClip: framesPerClip,
      frameBytes: frameBytes, classNames: classNames)
  }
}

extension ClipSet {
  /// Why these clips cannot feed the front end `p` (frame size, enough frames for a window
  /// after the first), or nil when they can.
  public func mismatch(_ p: PipelineConfig) -> String? {
    if frameBytes != p.pixels {
      return "frames have \(frameBytes) pixels; the front end expects \(p.width)×\(p.height)"
    }
    if framesPerClip <= p.tokens {
      return "clips have \(framesPerClip) frames; a window needs at least \(p.tokens + 1)"
    }
    return nil
  }
}
