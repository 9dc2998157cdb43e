#if canImport(SpikeSystem)
  import SpikeSystem
#endif

/// Why frames could not be read. Every case says what the user can do about it.
public enum CaptureError: Error, Equatable, CustomStringConvertible {
  /// The path does not exist.
  case noSuchDevice(path: String)
  /// The device is open elsewhere.
  case deviceBusy(path: String, holder: String?)
  /// The user may not open the file or device.
  case permissionDenied(path: String)
  /// The user may not open the device node, which belongs to `group` (usually `video`).
  case deviceAccessDenied(path: String, group: String)
  /// The node is not a V4L2 video capture device.
  case notACaptureDevice(path: String)
  /// None of the wanted pixel formats is offered.
  case unsupportedFormat(path: String, requested: String, available: [String])
  /// The device went away while streaming (unplugged).
  case deviceVanished(path: String)
  /// No frame arrived within the timeout.
  case frameTimeout(path: String, milliseconds: Int)
  /// A system call failed in a way not covered above.
  case systemError(path: String, call: String, errno: Errno)
  /// A clip or video file is missing.
  case fileMissing(path: String)
  /// A clip or video file is malformed.
  case badFile(path: String, reason: String)

  public var description: String {
    switch self {
    case .noSuchDevice(let path):
      // Both programs say this; the board program has no `devices` command, v4l2-ctl is everywhere.
      return "no video device at \(path); list the cameras present with 'spikecam devices' "
        + "(or 'v4l2-ctl --list-devices')"
    case .deviceBusy(let path, let holder):
      let who = holder.map { " by \($0)" } ?? ""
      return "\(path) is in use\(who); close the other program or pick another device"
    case .permissionDenied(let path):
      return "permission denied for \(path); add your user to the 'video' group"
        + " (sudo usermod -aG video $USER, then log in again)"
    case .deviceAccessDenied(let path, let group):
      return "permission denied for \(path), which belongs to the '\(group)' group; add your user to it"
        + " (sudo usermod -aG \(group) $USER, then log in again)"
    case .notACaptureDevice(let path):
      return "\(path) is not a video capture device; find one with 'spikecam devices' "
        + "(or 'v4l2-ctl --list-devices')"
    case .unsupportedFormat(let path, let requested, let available):
      return "\(path) does not offer \(requested); it offers \(available.joined(separator: ", "))."
        + " Omit --format to let SpikeCam choose"
    case .deviceVanished(let path):
      return "\(path) went away while streaming (unplugged?); reconnect it and start again"
    case .frameTimeout(let path, let milliseconds):
      return "no frame from \(path) within \(milliseconds) ms; check the camera is connected and lit"
    case .systemError(let path, let call, let code):
      return "\(call) on \(path) failed: \(code); check the device and its driver"
        + " (dmesg), then start again"
    case .fileMissing(let path):
      return "no such file or folder: \(path)"
    case .badFile(let path, let reason):
      return "cannot read \(path): \(reason)"
    }
  }
}
