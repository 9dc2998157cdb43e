#if canImport(Glibc)
  import Glibc
#endif

/// Everything `spikecam devices` says about one capture device.
public struct DeviceSurvey: Sendable {
  /// One frame size with its frame rates.
  public struct Size: Sendable {
    public var range: FrameSizeRange
    public var intervals: FrameIntervals
  }

  /// One native format with its sizes.
  public struct Format: Sendable {
    public var description: FormatDescription
    public var sizes: [Size]
  }

  public var path: String
  public var capabilities: DeviceCapabilities
  public var formats: [Format]
  /// What SpikeCam would negotiate with no options, or why it cannot use the device.
  public var choice: Result<StreamFormat, CaptureError>

  /// Opens `path` read-only in spirit (no format is set, nothing streams) and enumerates it.
  public static func survey(_ path: String, preprocess: Preprocess = .gesture9) throws(CaptureError)
    -> DeviceSurvey
  {
    let device = try VideoDevice.open(path)
    var formats: [Format] = []
    for description in try device.formats() {
      var sizes: [Size] = []
      for range in try device.frameSizes(of: description.pixelFormat) {
        let intervals =
          range.isDiscrete
          ? try device.frameIntervals(
            of: description.pixelFormat, width: range.minWidth, height: range.minHeight)
          : .discrete([])
        sizes.append(Size(range: range, intervals: intervals))
      }
      formats.append(Format(description: description, sizes: sizes))
    }
    let offers = formats.map {
      FormatOffer(pixelFormat: $0.description.pixelFormat, sizes: $0.sizes.map(\.range))
    }
    let choice: Result<StreamFormat, CaptureError>
    do throws(CaptureError) {
      let (pixelFormat, size) = try Negotiation.choose(
        CaptureRequest(preprocess: preprocess), offers: offers, path: path)
      choice = .success(
        StreamFormat(pixelFormat: pixelFormat, width: size.width, height: size.height))
    } catch {
      choice = .failure(error)
    }
    return DeviceSurvey(
      path: path, capabilities: device.capabilities, formats: formats, choice: choice)
  }

  /// The `/dev/video*` nodes, in number order.
  public static func videoNodes(in folder: String = "/dev") -> [String] {
    guard let directory = opendir(folder) else { return [] }
    defer { closedir(directory) }
    var numbers: [Int] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name.hasPrefix("video"), let number = Int(name.dropFirst(5)) { numbers.append(number) }
    }
    return numbers.sorted().map { "\(folder)/video\($0)" }
  }
}
