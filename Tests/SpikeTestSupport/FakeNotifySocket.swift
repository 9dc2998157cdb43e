import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A stand-in for systemd's notify socket: a Unix datagram socket the test binds (a path, or a
/// name in the abstract namespace when `abstract`), read with generous deadlines. Point
/// `NOTIFY_SOCKET` at `address`.
public final class FakeNotifySocket {
  public let address: String
  private let fd: Int32

  public init(abstract: Bool = false) throws {
    fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
    guard fd >= 0 else { throw TestSupportError("socket: \(errno)") }
    let name = "spikecam-notify-" + UUID().uuidString.prefix(8)
    address = abstract ? "@" + name : NSTemporaryDirectory() + name
    var sa = sockaddr_un()
    sa.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(address.utf8)
    withUnsafeMutableBytes(of: &sa.sun_path) { raw in
      for (i, b) in bytes.enumerated() { raw[i] = b }
      if abstract { raw[0] = 0 }
    }
    let length =
      MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)! + bytes.count + (abstract ? 0 : 1)
    let rc = withUnsafePointer(to: &sa) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(length)) }
    }
    guard rc == 0 else {
      close(fd)
      throw TestSupportError("bind \(address): \(errno)")
    }
  }

  deinit {
    close(fd)
    if !address.hasPrefix("@") { unlink(address) }
  }

  /// The next datagram, or nil when none comes within `seconds`.
  public func receive(within seconds: Int32 = 30) -> String? {
    var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    guard poll(&p, 1, seconds * 1000) == 1 else { return nil }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let n = recv(fd, &buffer, buffer.count, 0)
    return n >= 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : nil
  }

  /// Whether a datagram is waiting right now.
  public var hasPending: Bool {
    var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    return poll(&p, 1, 0) == 1
  }
}
