import SpikeSignature
import SpikeSystem

/// The whole-file digest and the optional Ed25519 signature of a model file (format 2,
/// docs/MODEL_FORMAT.md "Integrity and origin"). No Foundation: the runtime checks models with
/// this code.
///
/// - `__metadata__.sha256`: SHA-256 of the whole file with the digest's and the signature's
///   digits read as ASCII `0` (`ModelDigest`, which the board programs share).
/// - `__metadata__.signed_by`: `ed25519:` and the signer's public key (64 hex digits); covered
///   by the digest.
/// - `__metadata__.signature`: the signer's Ed25519 signature (128 hex digits) of the ASCII
///   text `spikecam-model-sha256:` followed by the digest's 64 hex digits.
public enum ModelIntegrity {
  public static let digestKey = ModelDigest.digestKey
  public static let signerKey = "signed_by"
  public static let signatureKey = ModelDigest.signatureKey
  /// What a signature signs, before the digest's hex digits.
  public static let signedPrefix = "spikecam-model-sha256:"

  /// What the parser found in a file's header.
  public struct Fields: Sendable, Equatable {
    /// Where the digest's and the signature's hex digits are, and their text.
    public var located = ModelDigest.Fields()
    /// The `signed_by` key.
    public var signer: TrustedKey?

    public var digest: (range: Range<Int>, text: String)? { located.digest }
    public var signature: (range: Range<Int>, text: String)? { located.signature }

    public static func == (a: Fields, b: Fields) -> Bool {
      a.digest?.range == b.digest?.range && a.digest?.text == b.digest?.text
        && a.signature?.range == b.signature?.range && a.signature?.text == b.signature?.text
        && a.signer == b.signer
    }
  }

  /// The message a signature signs for a digest.
  public static func signedMessage(digest: String) -> [UInt8] {
    Array((signedPrefix + digest).utf8)
  }

  /// Finds and checks the format of the integrity fields among `__metadata__`'s members
  /// (`headerOffset`: where the header's text starts in the file).
  static func fields(
    _ members: [JSONMember], headerOffset: Int, file: String
  ) throws(ModelError) -> Fields {
    func bad(_ key: String, _ reason: String) -> ModelError {
      ModelError(.badMetadata, file: file, field: "__metadata__.\(key)", reason)
    }
    var found = Fields()
    do throws(SafetensorsProblem) {
      found.located = try ModelDigest.fields(members, headerOffset: headerOffset)
    } catch {
      throw ModelError(error, file: file)
    }
    for member in members where member.key.utf8.elementsEqual(signerKey.utf8) {
      guard let text = member.value.stringValue, let key = TrustedKey(text) else {
        throw bad(signerKey, "must be 'ed25519:' and 64 hex digits")
      }
      found.signer = key
    }
    if (found.signature == nil) != (found.signer == nil) {
      throw bad(signatureKey, "'signature' and 'signed_by' go together; one is missing")
    }
    return found
  }

  /// Checks the digest of a parsed image, then its signature; returns the digest's hex digits
  /// (nil for a file from before format 2, which has none).
  static func verify(_ image: UnsafeRawBufferPointer, _ fields: Fields, file: String)
    throws(ModelError) -> String?
  {
    let digest: String?
    do throws(SafetensorsProblem) {
      digest = try ModelDigest.verify(image, fields.located)
    } catch {
      throw ModelError(error, file: file)
    }
    guard let actual = digest else { return nil }
    if let signer = fields.signer, let signature = fields.signature {
      let bytes = Hex.decode(signature.text) ?? []
      let verified: Bool
      do throws(Ed25519.Unavailable) {
        verified = try Ed25519.verify(bytes, of: signedMessage(digest: actual), publicKey: signer.bytes)
      } catch {
        throw ModelError(
          .missingLibrary, file: file, field: "__metadata__.\(signatureKey)",
          "cannot check the signature: \(error.description)")
      }
      guard verified else {
        throw ModelError(
          .badSignature, file: file, field: "__metadata__.\(signatureKey)",
          "does not verify with its signer \(signer): the signature was changed or copied from "
            + "another file")
      }
    }
    return actual
  }
}

/// An Ed25519 public key, written `ed25519:` and 64 hex digits (what `spikecam keygen` puts in
/// NAME.pub, a trusted-keys file line, a board profile's `trusted_keys` item, `signed_by`).
public struct TrustedKey: Sendable, Hashable, CustomStringConvertible {
  public static let prefix = "ed25519:"
  /// The 32 key bytes.
  public var bytes: [UInt8]

  /// Parses `ed25519:<64 hex digits>`.
  public init?(_ text: String) {
    guard text.hasPrefix(Self.prefix) else { return nil }
    let digits = String(text.dropFirst(Self.prefix.count))
    guard digits.utf8.count == 64, let bytes = Hex.decode(digits) else { return nil }
    self.bytes = bytes
  }

  public init(bytes: [UInt8]) {
    precondition(bytes.count == Ed25519.publicKeyBytes, "an Ed25519 public key is 32 bytes")
    self.bytes = bytes
  }

  public var description: String { Self.prefix + Hex.encode(bytes) }
}
