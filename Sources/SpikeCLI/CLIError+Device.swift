import SpikeCapture

extension CLIError {
  /// A camera failure as a CLI error, so scripts can tell what to do from the exit code alone:
  /// 75 busy (try again later), 77 no permission, 74 lost while streaming, 69 anything else
  /// that makes the device unusable (missing, not a camera, no format SpikeCam decodes).
  static func device(_ error: CaptureError) -> CLIError {
    switch error {
    case .deviceBusy: return .deviceBusy(error.description)
    case .permissionDenied, .deviceAccessDenied: return .permissionDenied(error.description)
    case .deviceVanished, .frameTimeout: return .deviceLost(error.description)
    default: return .unavailable(error.description)
    }
  }
}
