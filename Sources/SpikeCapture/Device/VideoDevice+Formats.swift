#if canImport(CSpikeCamSys)
  import CSpikeCamSys
#else
  import CSpikeBoard  // the board program: the same C seam through its own module
#endif
#if canImport(SpikeSystem)
  import SpikeSystem
#endif

#if canImport(Glibc)
  import Glibc
#else
  import CSpikeBoard  // the board program: glibc's declarations through its C seam
#endif

extension VideoDevice {
  /// The pixel formats the device itself offers (emulated ones are left out).
  public func formats() throws(CaptureError) -> [FormatDescription] {
    var result: [FormatDescription] = []
    var template = v4l2_fmtdesc()
    template.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
    try enumerate(.enumerateFormats, template, index: { $0.index = $1 }, enumeratesOptionally: false) {
      description in
      if description.flags & UInt32(V4L2_FMT_FLAG_EMULATED) == 0 {
        result.append(
          FormatDescription(
            pixelFormat: PixelFormat(rawValue: description.pixelformat),
            name: cString(description.description),
            isCompressed: description.flags & UInt32(V4L2_FMT_FLAG_COMPRESSED) != 0))
      }
      return true
    }
    return result
  }

  /// Frame sizes offered for `format` (empty when the driver does not enumerate them).
  public func frameSizes(of format: PixelFormat) throws(CaptureError) -> [FrameSizeRange] {
    var result: [FrameSizeRange] = []
    var template = v4l2_frmsizeenum()
    template.pixel_format = format.rawValue
    try enumerate(.enumerateFrameSizes, template, index: { $0.index = $1 }, enumeratesOptionally: true) {
      size in
      if size.type == V4L2_FRMSIZE_TYPE_DISCRETE.rawValue {
        result.append(
          FrameSizeRange(width: Int(size.discrete.width), height: Int(size.discrete.height)))
        return true
      }
      let s = size.stepwise
      let continuous = size.type == V4L2_FRMSIZE_TYPE_CONTINUOUS.rawValue
      result.append(
        FrameSizeRange(
          minWidth: Int(s.min_width), maxWidth: Int(s.max_width),
          widthStep: continuous ? 1 : Int(s.step_width),
          minHeight: Int(s.min_height), maxHeight: Int(s.max_height),
          heightStep: continuous ? 1 : Int(s.step_height)))
      return false  // a stepwise range is the whole list
    }
    return result
  }

  /// Frame intervals offered for `format` at `width`×`height`.
  public func frameIntervals(of format: PixelFormat, width: Int, height: Int) throws(CaptureError)
    -> FrameIntervals
  {
    var list: [FrameInterval] = []
    var range: FrameIntervals?
    var template = v4l2_frmivalenum()
    template.pixel_format = format.rawValue
    template.width = UInt32(width)
    template.height = UInt32(height)
    try enumerate(.enumerateFrameIntervals, template, index: { $0.index = $1 }, enumeratesOptionally: true) {
      interval in
      if interval.type == V4L2_FRMIVAL_TYPE_DISCRETE.rawValue {
        list.append(FrameInterval(interval.discrete))
        return true
      }
      let s = interval.stepwise
      range = .range(shortest: FrameInterval(s.min), longest: FrameInterval(s.max))
      return false  // a stepwise range is the whole list
    }
    return range ?? .discrete(list)
  }

  /// Runs one V4L2 enumeration: `call` on `template` with its `index` set to 0, 1, … (at most
  /// 256), handing each filled entry to `each` until it returns false or the driver ends the
  /// list with EINVAL. `enumeratesOptionally`: ENOTTY ends it too (drivers need not enumerate
  /// sizes and intervals; every capture driver enumerates formats).
  private func enumerate<Entry>(
    _ call: SystemCall, _ template: Entry, index: (inout Entry, UInt32) -> Void,
    enumeratesOptionally: Bool, each: (Entry) -> Bool
  ) throws(CaptureError) {
    for position in UInt32(0)..<256 {
      var item = template
      index(&item, position)
      switch query(call, &item) {
      case .success:
        if !each(item) { return }
      case .failure(let error)
      where error.errno == EINVAL || (enumeratesOptionally && error.errno == ENOTTY):
        return
      case .failure(let error):
        throw error.captureError(path: path, ownDescriptor: fileDescriptor)
      }
    }
  }

  /// Sets `format` at `width`×`height` and, when given, `framesPerSecond`; returns what the
  /// driver actually set.
  ///
  /// - Throws: `.unsupportedFormat` when the driver picks another format or size (drivers
  ///   adjust silently), `.deviceBusy` when another process streams from it.
  @discardableResult
  public mutating func setFormat(
    _ pixelFormat: PixelFormat, width: Int, height: Int, framesPerSecond: Int? = nil
  ) throws(CaptureError) -> StreamFormat {
    var request = v4l2_format()
    request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
    request.fmt.pix.pixelformat = pixelFormat.rawValue
    request.fmt.pix.width = UInt32(width)
    request.fmt.pix.height = UInt32(height)
    request.fmt.pix.field = V4L2_FIELD_NONE.rawValue
    do throws(CaptureError) {
      try ioctl(.setFormat, &request)
    } catch .systemError(_, _, Errno(EINVAL)) {
      throw .unsupportedFormat(
        path: path, requested: "\(pixelFormat) \(width)x\(height)", available: availableSummary())
    }
    let pix = request.fmt.pix
    guard pix.pixelformat == pixelFormat.rawValue, Int(pix.width) == width,
      Int(pix.height) == height
    else {
      throw .unsupportedFormat(
        path: path, requested: "\(pixelFormat) \(width)x\(height)",
        available: availableSummary())
    }
    var stream = StreamFormat(
      pixelFormat: pixelFormat, width: width, height: height,
      bytesPerLine: Int(pix.bytesperline), sizeImage: Int(pix.sizeimage), interval: nil)
    stream.interval = try setRate(framesPerSecond)
    format = stream
    return stream
  }

  /// Sets the frame rate when the driver allows it; the interval in force, if it says.
  mutating func setRate(_ framesPerSecond: Int?) throws(CaptureError) -> FrameInterval? {
    var parameters = v4l2_streamparm()
    parameters.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
    guard case .success = query(.getParameters, &parameters) else { return nil }
    let canSet = parameters.parm.capture.capability & UInt32(V4L2_CAP_TIMEPERFRAME) != 0
    if let framesPerSecond, canSet {
      parameters.parm.capture.timeperframe.numerator = 1
      parameters.parm.capture.timeperframe.denominator = UInt32(framesPerSecond)
      try ioctl(.setParameters, &parameters)
    }
    let t = parameters.parm.capture.timeperframe
    return t.numerator > 0 && t.denominator > 0
      ? FrameInterval(numerator: Int(t.numerator), denominator: Int(t.denominator)) : nil
  }

  /// "MJPG 640x480, YUYV 320x180 640x480 …" for error messages: what the user could ask for
  /// instead (formats SpikeCam cannot decode are only counted).
  func availableSummary() -> [String] {
    guard let formats = try? formats() else { return [] }
    var result: [String] = []
    for format in formats where format.pixelFormat.isSupported {
      let sizes = (try? frameSizes(of: format.pixelFormat)) ?? []
      result.append(
        ([format.pixelFormat.description] + sizes.map { $0.description }).joined(separator: " "))
    }
    let others = formats.count - result.count
    if others > 0 {
      result.append("\(others) other format\(others == 1 ? "" : "s") SpikeCam does not decode")
    }
    return result
  }
}

extension FrameInterval {
  /// The interval of a V4L2 fraction (seconds per frame).
  fileprivate init(_ fraction: v4l2_fract) {
    self.init(numerator: Int(fraction.numerator), denominator: Int(fraction.denominator))
  }
}
