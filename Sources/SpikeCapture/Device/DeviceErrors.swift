#if canImport(CSpikeCamSys)
  import CSpikeCamSys
#endif
#if canImport(Glibc)
  import Glibc
#else
  import CSpikeBoard  // the board program: glibc's declarations through its C seam
#endif
#if canImport(SpikeSystem)
  import SpikeSystem
#endif

extension SystemFailure {
  /// The typed, actionable error for this failure on the device at `path`. `ownDescriptor`
  /// (if any) is left out when looking for the process that holds a busy device.
  func captureError(path: String, ownDescriptor: Int32 = -1) -> CaptureError {
    switch errno {
    case ENOENT:
      return .noSuchDevice(path: path)
    case ENXIO, ENODEV:
      return call == .open ? .noSuchDevice(path: path) : .deviceVanished(path: path)
    case EACCES, EPERM:
      return .deviceAccessDenied(path: path, group: DeviceNode.groupName(of: path) ?? "video")
    case EBUSY:
      return .deviceBusy(path: path, holder: DeviceNode.holders(of: path, except: ownDescriptor))
    case ENOTTY where call == .queryCapabilities, EINVAL where call == .queryCapabilities:
      return .notACaptureDevice(path: path)
    default:
      return .systemError(path: path, call: call.description, errno: Errno(errno))
    }
  }
}

/// Facts about a device node that make error messages actionable.
enum DeviceNode {
  /// Name of the group owning `path` (`video` on most systems).
  static func groupName(of path: String) -> String? {
    var info = stat()
    guard stat(path, &info) == 0, let group = getgrgid(info.st_gid) else { return nil }
    return String(cString: group.pointee.gr_name)
  }

  /// "process 123 (ffmpeg)" for every process holding `path` open, found by scanning
  /// `/proc/*/fd` (cheap: one readlink per descriptor, only on the error path); `nil` when none
  /// is visible (another user's processes are hidden from us).
  static func holders(of path: String, except ownDescriptor: Int32) -> String? {
    guard let target = realPath(path), let proc = opendir("/proc") else { return nil }
    defer { closedir(proc) }
    let me = getpid()
    var found: [String] = []
    while let entry = readdir(proc) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard let pid = Int32(name) else { continue }
      let fdFolder = "/proc/\(pid)/fd"
      guard let fds = opendir(fdFolder) else { continue }
      defer { closedir(fds) }
      while let fdEntry = readdir(fds) {
        let fdName = withUnsafeBytes(of: fdEntry.pointee.d_name) { raw in
          String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        guard let fd = Int32(fdName), !(pid == me && fd == ownDescriptor) else { continue }
        // Paths are bytes: compared as such, not as Unicode text.
        guard let link = readLink("\(fdFolder)/\(fdName)"), link.utf8.elementsEqual(target.utf8)
        else { continue }
        let command = readFirstLine("/proc/\(pid)/comm") ?? "?"
        found.append(
          pid == me ? "this process (pid \(pid), \(command))" : "process \(pid) (\(command))")
        break
      }
    }
    return found.isEmpty ? nil : found.joined(separator: ", ")
  }

  static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  static func readLink(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink(path, &buffer, buffer.count - 1)
    guard count > 0 else { return nil }
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  static func readFirstLine(_ path: String) -> String? {
    let fd = spikecam_device_open(path, O_RDONLY | O_CLOEXEC)  // open(2), callable from Swift
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 256)
    let count = read(fd, &buffer, buffer.count)
    guard count > 0 else { return nil }
    return String(decoding: buffer[0..<count].prefix { $0 != 10 }, as: UTF8.self)
  }
}
