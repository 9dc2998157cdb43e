import CNettle

/// Ed25519 signatures (RFC 8032), the one seam to the C library that computes them (Nettle's
/// `nettle_ed25519_sha512_*`). Keys and signatures are plain byte arrays: a 32-byte secret seed, a
/// 32-byte public key, a 64-byte signature.
public enum Ed25519 {
  public static let secretKeyBytes = 32
  public static let publicKeyBytes = 32
  public static let signatureBytes = 64

  /// The public key of a 32-byte secret seed.
  public static func publicKey(secret: [UInt8]) -> [UInt8] {
    precondition(secret.count == secretKeyBytes, "an Ed25519 secret key is 32 bytes")
    var key = [UInt8](repeating: 0, count: publicKeyBytes)
    key.withUnsafeMutableBufferPointer { out in
      secret.withUnsafeBufferPointer { nettle_ed25519_sha512_public_key(out.baseAddress, $0.baseAddress) }
    }
    return key
  }

  /// The signature of `message` by the secret seed `secret`.
  public static func sign(_ message: [UInt8], secret: [UInt8]) -> [UInt8] {
    let key = publicKey(secret: secret)
    var signature = [UInt8](repeating: 0, count: signatureBytes)
    signature.withUnsafeMutableBufferPointer { out in
      key.withUnsafeBufferPointer { pub in
        secret.withUnsafeBufferPointer { sec in
          message.withUnsafeBufferPointer { msg in
            nettle_ed25519_sha512_sign(
              pub.baseAddress, sec.baseAddress, msg.count, msg.baseAddress, out.baseAddress)
          }
        }
      }
    }
    return signature
  }

  /// Whether `signature` is `publicKey`'s signature of `message`.
  public static func verify(_ signature: [UInt8], of message: [UInt8], publicKey: [UInt8]) -> Bool
  {
    guard signature.count == signatureBytes, publicKey.count == publicKeyBytes else { return false }
    return publicKey.withUnsafeBufferPointer { pub in
      message.withUnsafeBufferPointer { msg in
        signature.withUnsafeBufferPointer { sig in
          nettle_ed25519_sha512_verify(pub.baseAddress, msg.count, msg.baseAddress, sig.baseAddress) == 1
        }
      }
    }
  }
}
