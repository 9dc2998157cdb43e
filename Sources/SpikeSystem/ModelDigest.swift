/// The whole-file digest of a model file (format 2, docs/MODEL_FORMAT.md "Integrity and
/// origin"): `__metadata__.sha256` is the SHA-256 of the whole file (length prefix, header,
/// tensors) with the 64 digits of this value and the 128 digits of `signature` read as ASCII
/// `0`. Checked on every load, over the very bytes that are parsed, by `spikecam` and the board
/// programs alike; the signature itself is checked on the host (`ModelIntegrity`).
public enum ModelDigest {
  public static let digestKey = "sha256"
  public static let signatureKey = "signature"
  /// Hex digits of each blanked value.
  public static let digestDigits = 64
  public static let signatureDigits = 128

  /// Where the digest's and the signature's hex digits are in the file, with their text.
  public struct Fields: Sendable {
    public var digest: (range: Range<Int>, text: String)?
    public var signature: (range: Range<Int>, text: String)?
    public init() {}
  }

  /// Finds the two fields among `__metadata__`'s members and checks their form
  /// (`headerOffset`: where the header's text starts in the file).
  public static func fields(_ members: [JSONMember], headerOffset: Int) throws(SafetensorsProblem)
    -> Fields
  {
    var found = Fields()
    for member in members {
      // The digits sit between the quotes of the value.
      let digits =
        (headerOffset + member.range.lowerBound + 1)..<(headerOffset + member.range.upperBound - 1)
      if member.key.utf8.elementsEqual(digestKey.utf8) {
        guard let text = member.value.stringValue, Hex.isLowercase(text, count: digestDigits),
          member.range.count == digestDigits + 2
        else { throw bad(digestKey, "must be 64 lowercase hex digits") }
        found.digest = (digits, text)
      } else if member.key.utf8.elementsEqual(signatureKey.utf8) {
        guard let text = member.value.stringValue, Hex.isLowercase(text, count: signatureDigits),
          member.range.count == signatureDigits + 2
        else { throw bad(signatureKey, "must be 128 lowercase hex digits") }
        found.signature = (digits, text)
      }
    }
    if found.signature != nil && found.digest == nil {
      throw bad(digestKey, "missing in a signed file")
    }
    return found
  }

  /// The digest of `image` with the blanked ranges read as `0`.
  public static func digest(_ image: UnsafeRawBufferPointer, blanking: [Range<Int>]) -> [UInt8] {
    var hash = SHA256()
    var cursor = 0
    for range in blanking.sorted(by: { $0.lowerBound < $1.lowerBound }) {
      hash.update(UnsafeRawBufferPointer(rebasing: image[cursor..<range.lowerBound]))
      hash.update(repeating: UInt8(ascii: "0"), count: range.count)
      cursor = range.upperBound
    }
    hash.update(UnsafeRawBufferPointer(rebasing: image[cursor...]))
    return hash.finish()
  }

  /// Checks the digest of `image`; returns its hex digits (nil for a file from before format 2,
  /// which has none).
  public static func verify(_ image: UnsafeRawBufferPointer, _ fields: Fields)
    throws(SafetensorsProblem) -> String?
  {
    guard let (range, expected) = fields.digest else { return nil }
    let blanks = [range] + (fields.signature.map { [$0.range] } ?? [])
    let actual = Hex.encode(digest(image, blanking: blanks))
    guard actual.utf8.elementsEqual(expected.utf8) else {
      throw SafetensorsProblem(
        .checksumMismatch, "__metadata__.\(digestKey)",
        "the file's SHA-256 is \(actual), its header says \(expected): the file was changed or "
          + "damaged after it was written")
    }
    return actual
  }

  private static func bad(_ key: String, _ reason: String) -> SafetensorsProblem {
    SafetensorsProblem(.badMetadata, "__metadata__.\(key)", reason)
  }
}
