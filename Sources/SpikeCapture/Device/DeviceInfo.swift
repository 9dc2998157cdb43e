/// What `VIDIOC_QUERYCAP` says about a device.
public struct DeviceCapabilities: Sendable, Equatable {
  /// Kernel driver name, e.g. `uvcvideo`, `vivid`.
  public var driver: String
  /// Device name, e.g. `HD Webcam`.
  public var card: String
  /// Where it is attached, e.g. `usb-0000:00:14.0-1`.
  public var busInfo: String
  /// `V4L2_CAP_*` bits of this node (device_caps when the driver sets them).
  public var deviceCapabilities: UInt32
}

/// One pixel format a device offers natively (formats libv4l2 would emulate are left out).
public struct FormatDescription: Sendable, Equatable {
  /// The four-character code.
  public var pixelFormat: PixelFormat
  /// The driver's name for it, e.g. `Motion-JPEG`.
  public var name: String
  /// Whether the driver marks it compressed.
  public var isCompressed: Bool
}

/// Frame sizes a device offers for one format: a single size (discrete) or a range.
public struct FrameSizeRange: Sendable, Equatable, CustomStringConvertible {
  public var minWidth: Int
  public var maxWidth: Int
  public var widthStep: Int
  public var minHeight: Int
  public var maxHeight: Int
  public var heightStep: Int

  /// One discrete size.
  public init(width: Int, height: Int) {
    self.init(
      minWidth: width, maxWidth: width, widthStep: 1, minHeight: height, maxHeight: height,
      heightStep: 1)
  }

  /// A stepwise or continuous range.
  public init(
    minWidth: Int, maxWidth: Int, widthStep: Int, minHeight: Int, maxHeight: Int, heightStep: Int
  ) {
    (self.minWidth, self.maxWidth) = (minWidth, maxWidth)
    self.widthStep = max(1, widthStep)
    (self.minHeight, self.maxHeight) = (minHeight, maxHeight)
    self.heightStep = max(1, heightStep)
  }

  /// Whether this is one size rather than a range.
  public var isDiscrete: Bool { minWidth == maxWidth && minHeight == maxHeight }

  /// Whether the device accepts exactly `width`×`height`.
  public func contains(width: Int, height: Int) -> Bool {
    (minWidth...maxWidth).contains(width) && (minHeight...maxHeight).contains(height)
      && (width - minWidth) % widthStep == 0 && (height - minHeight) % heightStep == 0
  }

  /// The smallest accepted size at least `width`×`height`, or `nil` if the range is too small.
  public func smallest(atLeastWidth width: Int, height: Int) -> FrameFormat? {
    func up(_ value: Int, _ low: Int, _ step: Int) -> Int {
      value <= low ? low : low + (value - low + step - 1) / step * step
    }
    let w = up(width, minWidth, widthStep)
    let h = up(height, minHeight, heightStep)
    return w <= maxWidth && h <= maxHeight ? FrameFormat(width: w, height: h) : nil
  }

  public var description: String {
    isDiscrete
      ? "\(minWidth)x\(minHeight)"
      : "\(minWidth)x\(minHeight) to \(maxWidth)x\(maxHeight) in steps of \(widthStep)x\(heightStep)"
  }
}

/// A frame interval as a fraction of a second (V4L2 speaks intervals, people speak rates).
public struct FrameInterval: Sendable, Equatable, CustomStringConvertible {
  public var numerator: Int
  public var denominator: Int

  public init(numerator: Int, denominator: Int) {
    (self.numerator, self.denominator) = (numerator, denominator)
  }

  /// Frames per second, rounded to two decimals for display.
  public var rateText: String {
    guard numerator > 0 else { return "?" }
    let hundredths = (denominator * 100 + numerator / 2) / numerator
    let fraction = String(hundredths % 100 + 100).dropFirst()  // two digits
    if hundredths % 100 == 0 { return "\(hundredths / 100)" }
    return "\(hundredths / 100)." + (hundredths % 10 == 0 ? fraction.prefix(1) : fraction)
  }

  public var description: String { "\(rateText) fps" }
}

/// Frame intervals for one format and size: a list, or a range (stepwise/continuous).
public enum FrameIntervals: Sendable, Equatable {
  case discrete([FrameInterval])
  case range(shortest: FrameInterval, longest: FrameInterval)
}

/// The format a device was set to: what every captured buffer holds.
public struct StreamFormat: Sendable, Equatable, CustomStringConvertible {
  public var pixelFormat: PixelFormat
  public var width: Int
  public var height: Int
  /// Bytes from one row to the next (uncompressed formats).
  public var bytesPerLine: Int
  /// Largest buffer the driver fills.
  public var sizeImage: Int
  /// Time per frame the driver reports, when it lets us set it.
  public var interval: FrameInterval?

  public init(
    pixelFormat: PixelFormat, width: Int, height: Int, bytesPerLine: Int = 0, sizeImage: Int = 0,
    interval: FrameInterval? = nil
  ) {
    (self.pixelFormat, self.width, self.height, self.bytesPerLine, self.sizeImage, self.interval) =
      (pixelFormat, width, height, bytesPerLine, sizeImage, interval)
  }

  public var frameFormat: FrameFormat { FrameFormat(width: width, height: height) }

  public var description: String {
    "\(pixelFormat) \(width)x\(height)" + (interval.map { " at \($0)" } ?? "")
  }
}
