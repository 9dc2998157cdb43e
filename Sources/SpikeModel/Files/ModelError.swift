/// A model file that cannot be used: which file, which field, and why.
public struct ModelError: Error, Equatable, CustomStringConvertible {
  /// The kind of failure (the CLI maps `missingFile` to exit 66 and the rest to 65).
  public enum Kind: String, Sendable, Equatable {
    case missingFile, unreadable, truncated, oversized, badHeader, badMetadata, unsupportedDType
    case wrongDType, shapeMismatch, outOfRange, misaligned, overlapping, incomplete
    case checksumMismatch, missingTensor, badConfig, writeFailed
    /// A signature that does not verify; an unsigned or untrusted model where keys are required;
    /// a key file that cannot be read.
    case badSignature, untrusted, badKey
    /// Not a regular file (a FIFO, a device, a folder), or it changed while read.
    case notAFile
    /// A shared library the check needs (Nettle, for signatures) is not installed.
    case missingLibrary
  }

  /// The kind of failure.
  public var kind: Kind
  /// Path (or label) of the file.
  public var file: String
  /// The header field or tensor name at fault.
  public var field: String
  /// What is wrong and, where it helps, what to do.
  public var reason: String

  /// Makes an error.
  public init(_ kind: Kind, file: String, field: String, _ reason: String) {
    (self.kind, self.file, self.field, self.reason) = (kind, file, field, reason)
  }

  /// `file: field: reason`.
  public var description: String { "\(file): \(field): \(reason)" }
}
