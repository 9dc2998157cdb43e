import SpikeSystem

/// Which signers a command trusts (`--trusted-keys FILE`, a board profile's `trusted_keys`).
/// With no keys every model loads as before; with keys, only a model signed by one of them
/// does: an unsigned one, one from a format-1 file, or one signed by another key is refused.
public struct ModelTrust: Sendable, Equatable {
  /// The trusted public keys (empty: no signature required).
  public var keys: [TrustedKey]

  public init(keys: [TrustedKey] = []) { self.keys = keys }

  /// Whether a signature is required.
  public var isRequired: Bool { !keys.isEmpty }

  /// Refuses `file` unless a trusted key signed it (its signature was verified by the parser).
  public func check(_ file: SafetensorsFile) throws(ModelError) {
    guard isRequired else { return }
    guard let signer = file.signer else {
      throw ModelError(
        .untrusted, file: file.file, field: "__metadata__.\(ModelIntegrity.signatureKey)",
        "the model is not signed, and trusted keys are configured (--trusted-keys or the board's "
          + "trusted_keys): sign it with `spikecam sign --key KEY.key --model FILE`")
    }
    guard keys.contains(signer) else {
      throw ModelError(
        .untrusted, file: file.file, field: "__metadata__.\(ModelIntegrity.signerKey)",
        "signed by \(signer), which is not one of the \(keys.count) trusted key(s)")
    }
  }

  /// Largest trusted-keys file read.
  public static let maxFileBytes = 1 << 16

  /// Reads a trusted-keys file: one `ed25519:<64 hex digits>` key per line, anything after
  /// the key (a name) ignored, blank lines and `#` comments skipped.
  public static func load(path: String) throws(ModelError) -> [TrustedKey] {
    let bytes: [UInt8]
    do throws(FileError) {
      bytes = try InputFile.read(path, limit: maxFileBytes)
    } catch {
      throw ModelError(error)
    }
    return try parse(bytes, path: path)
  }

  /// Parses the text of a trusted-keys file; `path` names it in errors.
  public static func parse(_ bytes: [UInt8], path: String) throws(ModelError) -> [TrustedKey] {
    guard bytes.count <= maxFileBytes else {
      throw ModelError(.oversized, file: path, field: "file", "more than \(maxFileBytes) bytes")
    }
    var keys: [TrustedKey] = []
    for (n, line) in String(decoding: bytes, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false
    ).enumerated() {
      let text = line.drop { $0 == " " || $0 == "\t" }
      if text.isEmpty || text.hasPrefix("#") { continue }
      let word = String(text.prefix { $0 != " " && $0 != "\t" && $0 != "\r" })
      guard let key = TrustedKey(word) else {
        throw ModelError(
          .badKey, file: path, field: "line \(n + 1)",
          "is not an 'ed25519:' key of 64 hex digits (what `spikecam keygen` writes to NAME.pub)")
      }
      keys.append(key)
    }
    guard !keys.isEmpty else {
      throw ModelError(.badKey, file: path, field: "file", "holds no key")
    }
    return keys
  }
}

extension ModelError {
  /// A file that could not be read, as a model error (66 when missing, 65 when it is not a
  /// regular file or too large, 1 otherwise).
  public init(_ error: FileError) {
    switch error.kind {
    case .missing: self.init(.missingFile, file: error.path, field: "file", "no such file")
    case .tooLarge: self.init(.oversized, file: error.path, field: "file", error.reason)
    case .wrongType, .changed: self.init(.notAFile, file: error.path, field: "file", error.reason)
    case .system: self.init(.unreadable, file: error.path, field: "file", error.reason)
    }
  }
}

/// A secret signing key file (`spikecam keygen`'s NAME.key): `ed25519-secret:` and the 32-byte
/// seed in 64 hex digits.
public enum SecretKey {
  public static let prefix = "ed25519-secret:"

  /// The 32-byte seed in the key file `path`.
  public static func load(path: String) throws(ModelError) -> [UInt8] {
    let bytes: [UInt8]
    do throws(FileError) {
      bytes = try InputFile.read(path, limit: 4096)
    } catch {
      throw ModelError(error)
    }
    return try parse(bytes, path: path)
  }

  /// Parses the text of a secret key file; `path` names it in errors.
  public static func parse(_ bytes: [UInt8], path: String) throws(ModelError) -> [UInt8] {
    let text = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isWhitespace).first
      .map(String.init) ?? ""
    guard text.hasPrefix(prefix), text.utf8.count == prefix.utf8.count + 64,
      let seed = Hex.decode(String(text.dropFirst(prefix.count)))
    else {
      throw ModelError(
        .badKey, file: path, field: "file",
        "is not a secret key from `spikecam keygen` (ed25519-secret: and 64 hex digits)")
    }
    return seed
  }
}
