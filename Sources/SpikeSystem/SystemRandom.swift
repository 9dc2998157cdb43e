import CSpikeSystem
import Glibc

/// Bytes from the kernel's random generator (`getrandom`), for key generation and unique
/// temporary names.
public enum SystemRandom {
  /// Fills `buffer`; traps if the kernel cannot supply randomness (it always can on Linux
  /// once booted, and a key must never be made from anything weaker).
  public static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
    guard let base = buffer.baseAddress else { return }
    var done = 0
    while done < buffer.count {
      let n = spikecam_getrandom(base + done, buffer.count - done)
      if n < 0 {
        precondition(errno == EINTR, "getrandom failed: \(Errno.current)")
        continue
      }
      done += n
    }
  }

  /// `count` random bytes.
  public static func bytes(_ count: Int) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: count)
    out.withUnsafeMutableBytes { fill($0) }
    return out
  }
}
