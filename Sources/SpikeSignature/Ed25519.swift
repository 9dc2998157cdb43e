import CNettle

/// Ed25519 signatures (RFC 8032), the one seam to the C library that computes them (Nettle's
/// `nettle_ed25519_sha512_*`, loaded the first time it is needed). Keys and signatures are plain
/// byte arrays: a 32-byte secret seed, a 32-byte public key, a 64-byte signature.
public enum Ed25519 {
  public static let secretKeyBytes = 32
  public static let publicKeyBytes = 32
  public static let signatureBytes = 64

  /// Nettle's libhogweed is not installed here (or not the version this build expects).
  public struct Unavailable: Error, Equatable, CustomStringConvertible {
    /// What the loader said, and what to install.
    public let description: String
  }

  /// Loads libhogweed once per process.
  static func load() throws(Unavailable) {
    var message: UnsafePointer<CChar>?
    guard spikecam_nettle_load(&message) == 0 else {
      let reason = message.map { String(cString: $0) } ?? "unknown reason"
      throw Unavailable(
        description: "Ed25519 signatures need Nettle: \(reason); install libhogweed6 (apt install libhogweed6)")
    }
  }

  /// A secret seed with its public key: made only once the library is loaded, so signing
  /// cannot fail.
  public struct Signer: Sendable {
    public let secret: [UInt8]
    public let publicKey: [UInt8]

    /// The signer of a 32-byte secret seed.
    public init(secret: [UInt8]) throws(Unavailable) {
      precondition(secret.count == secretKeyBytes, "an Ed25519 secret key is 32 bytes")
      try load()
      var key = [UInt8](repeating: 0, count: publicKeyBytes)
      key.withUnsafeMutableBufferPointer { out in
        secret.withUnsafeBufferPointer { spikecam_ed25519_sha512_public_key(out.baseAddress, $0.baseAddress) }
      }
      (self.secret, publicKey) = (secret, key)
    }

    /// The signature of `message`.
    public func sign(_ message: [UInt8]) -> [UInt8] {
      var signature = [UInt8](repeating: 0, count: signatureBytes)
      signature.withUnsafeMutableBufferPointer { out in
        publicKey.withUnsafeBufferPointer { pub in
          secret.withUnsafeBufferPointer { sec in
            message.withUnsafeBufferPointer { msg in
              spikecam_ed25519_sha512_sign(
                pub.baseAddress, sec.baseAddress, msg.count, msg.baseAddress, out.baseAddress)
            }
          }
        }
      }
      return signature
    }
  }

  /// Whether `signature` is `publicKey`'s signature of `message`.
  public static func verify(_ signature: [UInt8], of message: [UInt8], publicKey: [UInt8]) throws(Unavailable)
    -> Bool
  {
    guard signature.count == signatureBytes, publicKey.count == publicKeyBytes else { return false }
    try load()
    return publicKey.withUnsafeBufferPointer { pub in
      message.withUnsafeBufferPointer { msg in
        signature.withUnsafeBufferPointer { sig in
          spikecam_ed25519_sha512_verify(pub.baseAddress, msg.count, msg.baseAddress, sig.baseAddress) == 1
        }
      }
    }
  }
}
