/// Capture and stream failures with the exit codes `spikecam run` gives them.
extension BoardError {
  /// A camera failure: 75 busy (try again later), 77 no permission, 74 lost while streaming,
  /// 69 anything else that makes the device unusable (missing, not a camera, no format SpikeCam
  /// decodes).
  init(device error: CaptureError) {
    let code: Int32
    switch error {
    case .deviceBusy: code = 75
    case .permissionDenied, .deviceAccessDenied: code = 77
    case .deviceVanished, .frameTimeout: code = 74
    default: code = 69
    }
    self.init(code, error.description)
  }

  /// A video that cannot be read: 66 missing, 65 anything else (damaged, cut short, no frame
  /// that decodes).
  init(file error: CaptureError) {
    if case .fileMissing = error {
      self.init(Self.missingInput, error.description)
    } else {
      self.init(Self.badInput, error.description)
    }
  }

  /// A stream that stopped early: its video failed, or its camera was lost for good (74).
  init(stream error: StreamError) {
    switch error {
    case .capture(let capture):
      switch capture {
      case .badFile, .fileMissing: self.init(file: capture)
      default: self.init(device: capture)
      }
    case .gaveUp(let gaveUp): self.init(74, gaveUp.description)
    }
  }

  /// Runs `body`, which opens a video, with its failure as the board's error.
  static func reading<T: ~Copyable>(_ path: String, _ body: () throws(CaptureError) -> T)
    throws(BoardError) -> T
  {
    do throws(CaptureError) { return try body() } catch { throw BoardError(file: error) }
  }
}
