import Foundation
import SpikeSystem

/// What a model was trained on, kept in `__metadata__.training_data` (JSON) so `spikecam eval`
/// can tell when it scores clips the model has seen: `train` records it, `quantize` carries it
/// into the int8 model, other loaders ignore it.
///
/// A clip is known by the SHA-256 of its pixels (so renaming or moving a data set does not hide
/// it); the record keeps the first 6 bytes of each (48 bits: a chance collision between 10⁵
/// training clips and 10⁴ scored ones is about 4·10⁻⁶), sorted and base64-encoded, 8 characters
/// per clip. Above `maxHashedClips` only the set's digest is kept.
public struct TrainingData: Codable, Sendable, Equatable {
  /// One split's identity.
  public struct Clips: Codable, Sendable, Equatable {
    /// The split name the clips came from (e.g. `train`).
    public var split: String
    /// Number of clips.
    public var clips: Int
    /// SHA-256 (hex) over every clip's 32-byte pixel digest followed by its label as a 32-bit
    /// little-endian integer, in data set order: the same clips and labels give the same value.
    public var sha256: String
    /// Sorted 6-byte prefixes of the clips' pixel digests, base64; nil above `maxHashedClips`.
    public var clipHashes: String?

    enum CodingKeys: String, CodingKey {
      case split, clips, sha256
      case clipHashes = "clip_hashes"
    }

    /// The identity of `clips`, read from split `split`.
    public init(_ clips: ClipSet, split: String) {
      let clipBytes = clips.framesPerClip * clips.frameBytes
      var all: [UInt8] = []
      all.reserveCapacity(clips.clipCount * 36)
      var prefixes: [UInt64] = []
      prefixes.reserveCapacity(clips.clipCount)
      for c in 0..<clips.clipCount {
        let digest = SHA256.digest(Array(clips.pixels[(c * clipBytes)..<((c + 1) * clipBytes)]))
        all += digest
        let label = UInt32(truncatingIfNeeded: clips.labels[c])
        all += (0..<4).map { UInt8(truncatingIfNeeded: label >> (8 * $0)) }
        prefixes.append(TrainingData.prefix(digest))
      }
      self.split = split
      self.clips = clips.clipCount
      sha256 = SHA256.hex(all)
      clipHashes =
        clips.clipCount > TrainingData.maxHashedClips ? nil : TrainingData.encode(prefixes)
    }

    /// How many of `clips` are among these clips (by pixel digest); nil when only the set's
    /// digest was kept and the two sets differ (overlap unknown).
    public func overlap(with clips: ClipSet) -> Int? {
      guard let text = clipHashes, let known = TrainingData.decode(text) else {
        return Clips(clips, split: split).sha256 == sha256 ? clips.clipCount : nil
      }
      let clipBytes = clips.framesPerClip * clips.frameBytes
      var count = 0
      for c in 0..<clips.clipCount {
        let digest = SHA256.digest(Array(clips.pixels[(c * clipBytes)..<((c + 1) * clipBytes)]))
        if known.contains(TrainingData.prefix(digest)) { count += 1 }
      }
      return count
    }
  }

  /// The clips the head's weights were fitted on.
  public var train: Clips
  /// The clips that chose among epochs (best validation accuracy), if any.
  public var validation: Clips?

  /// `__metadata__` key.
  public static let metadataKey = "training_data"
  /// Largest split whose per-clip hashes are kept (8 characters each, about 2 MB; the header
  /// is limited to 4 MiB).
  public static let maxHashedClips = 250_000

  /// A record of `train` (and `validation`) clips.
  public init(train: Clips, validation: Clips?) {
    (self.train, self.validation) = (train, validation)
  }

  /// The record as the metadata value.
  public var json: String { ClassifierModelFile.json(self) }

  /// Reads a metadata value; nil if it is not a record.
  public init?(json text: String) {
    guard let value = try? JSONDecoder().decode(TrainingData.self, from: Data(text.utf8)) else {
      return nil
    }
    self = value
  }

  static func prefix(_ digest: [UInt8]) -> UInt64 {
    (0..<6).reduce(0) { $0 << 8 | UInt64(digest[$1]) }
  }

  static func encode(_ prefixes: [UInt64]) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(prefixes.count * 6)
    for p in Set(prefixes).sorted() {
      for i in (0..<6).reversed() { bytes.append(UInt8(truncatingIfNeeded: p >> (8 * UInt64(i)))) }
    }
    return Data(bytes).base64EncodedString()
  }

  static func decode(_ text: String) -> Set<UInt64>? {
    guard let data = Data(base64Encoded: text), data.count % 6 == 0 else { return nil }
    let bytes = [UInt8](data)
    var out = Set<UInt64>(minimumCapacity: bytes.count / 6)
    for start in stride(from: 0, to: bytes.count, by: 6) {
      out.insert(bytes[start..<start + 6].reduce(0) { $0 << 8 | UInt64($1) })
    }
    return out
  }
}
