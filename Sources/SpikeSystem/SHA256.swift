/// SHA-256 (FIPS 180-4), streaming, whole blocks hashed in place: the digest of model files
/// (`ModelIntegrity`) and what `inspect` prints. Same value as `sha256sum` over the same bytes.
public struct SHA256: Sendable {
  private static let k: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4,
    0xab1c_5ed5, 0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe,
    0x9bdc_06a7, 0xc19b_f174, 0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f,
    0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da, 0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7,
    0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967, 0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc,
    0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85, 0xa2bf_e8a1, 0xa81a_664b,
    0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070, 0x19a4_c116,
    0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7,
    0xc671_78f2,
  ]

  private var h: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
    0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab,
    0x5be0_cd19
  )
  /// A partial block waiting for more bytes.
  private var pending = [UInt8](repeating: 0, count: 64)
  private var filled = 0
  private var length: UInt64 = 0

  /// An empty hash.
  public init() {}

  /// Adds bytes. Whole blocks are compressed straight from `bytes` (no copy).
  public mutating func update(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return }
    length &+= UInt64(bytes.count)
    var i = 0
    if filled > 0 {
      let take = min(64 - filled, bytes.count)
      pending.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: filled).copyMemory(from: base, byteCount: take) }
      filled += take
      i = take
      guard filled == 64 else { return }
      pending.withUnsafeBytes { compress($0.baseAddress!) }
      filled = 0
    }
    while bytes.count - i >= 64 {
      compress(base + i)
      i += 64
    }
    if i < bytes.count {
      let rest = bytes.count - i
      pending.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: base + i, byteCount: rest) }
      filled = rest
    }
  }

  /// Adds bytes.
  public mutating func update(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { update($0) }
  }

  /// Adds `count` copies of `byte`.
  public mutating func update(repeating byte: UInt8, count: Int) {
    let chunk = [UInt8](repeating: byte, count: min(count, 256))
    var left = count
    while left > 0 {
      let take = min(left, chunk.count)
      chunk.withUnsafeBytes { update(UnsafeRawBufferPointer(rebasing: $0[0..<take])) }
      left -= take
    }
  }

  /// The 32-byte digest of everything added (the hash is spent).
  public mutating func finish() -> [UInt8] {
    let bits = length &* 8
    var pad: [UInt8] = [0x80]
    while (Int(length % 64) + pad.count) % 64 != 56 { pad.append(0) }
    for shift in stride(from: 56, through: 0, by: -8) {
      pad.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
    }
    update(pad)
    var out: [UInt8] = []
    out.reserveCapacity(32)
    for v in [h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7] {
      for s in [24, 16, 8, 0] { out.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) }
    }
    return out
  }

  /// The digest of `bytes`.
  public static func digest(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
    var hash = SHA256()
    hash.update(bytes)
    return hash.finish()
  }

  /// The digest of `bytes`.
  public static func digest(_ bytes: [UInt8]) -> [UInt8] {
    bytes.withUnsafeBytes { digest($0) }
  }

  /// The digest of `bytes` as 64 lowercase hex digits, as `sha256sum` prints it.
  public static func hex(_ bytes: [UInt8]) -> String { Hex.encode(digest(bytes)) }

  /// One 64-byte block at `block`, with the message schedule on the stack and unchecked
  /// pointer access (a model is hashed on every load, in debug builds too).
  private mutating func compress(_ block: UnsafeRawPointer) {
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
      Self.k.withUnsafeBufferPointer { k in
        for t in 0..<16 {
          w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self))
        }
        for t in 16..<64 {
          let a = w[t - 15]
          let b = w[t - 2]
          let s0 = (a >> 7 | a << 25) ^ (a >> 18 | a << 14) ^ (a >> 3)
          let s1 = (b >> 17 | b << 15) ^ (b >> 19 | b << 13) ^ (b >> 10)
          w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, hh) = h
        for t in 0..<64 {
          let choose = (e & f) ^ (~e & g)
          let sigma1 = (e >> 6 | e << 26) ^ (e >> 11 | e << 21) ^ (e >> 25 | e << 7)
          let t1 = hh &+ sigma1 &+ choose &+ k[t] &+ w[t]
          let sigma0 = (a >> 2 | a << 30) ^ (a >> 13 | a << 19) ^ (a >> 22 | a << 10)
          let t2 = sigma0 &+ ((a & b) ^ (a & c) ^ (b & c))
          hh = g
          g = f
          f = e
          e = d &+ t1
          d = c
          c = b
          b = a
          a = t1 &+ t2
        }
        h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e, h.5 &+ f, h.6 &+ g, h.7 &+ hh)
      }
    }
  }
}

/// Lowercase hexadecimal text of bytes, and back.
public enum Hex {
  /// `bytes` as lowercase hex digits.
  public static func encode(_ bytes: [UInt8]) -> String {
    let digits: [UInt8] = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(2 * bytes.count)
    for b in bytes {
      out.append(digits[Int(b >> 4)])
      out.append(digits[Int(b & 15)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Whether `text` is `count` lowercase hex digits (how model files write digests).
  public static func isLowercase(_ text: String, count: Int) -> Bool {
    text.utf8.count == count
      && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
  }

  /// The bytes of `text` (hex digits of either case, even count), or nil.
  public static func decode(_ text: String) -> [UInt8]? {
    let chars = Array(text.utf8)
    guard chars.count % 2 == 0 else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(chars.count / 2)
    var i = 0
    while i < chars.count {
      guard let high = value(chars[i]), let low = value(chars[i + 1]) else { return nil }
      out.append(high << 4 | low)
      i += 2
    }
    return out
  }

  static func value(_ c: UInt8) -> UInt8? {
    switch c {
    case 0x30...0x39: return c - 0x30
    case 0x61...0x66: return c - 0x61 + 10
    case 0x41...0x46: return c - 0x41 + 10
    default: return nil
    }
  }
}
