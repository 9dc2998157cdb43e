/// What the user or the board profile asks of a camera. Every field left `nil` is chosen by
/// SpikeCam: the first of MJPEG, JPEG, YUYV, GREY the device offers, the smallest size that
/// still covers the preprocessing's scaled size, and the driver's frame rate.
public struct CaptureRequest: Sendable, Equatable {
  /// Force this pixel format.
  public var pixelFormat: PixelFormat?
  /// Force this frame size (both or neither).
  public var size: FrameFormat?
  /// Ask for this frame rate.
  public var framesPerSecond: Int?
  /// The preprocessing the frames go through (its scaled size guides the choice of size).
  public var preprocess: Preprocess

  public init(
    pixelFormat: PixelFormat? = nil, size: FrameFormat? = nil, framesPerSecond: Int? = nil,
    preprocess: Preprocess = .gesture9
  ) {
    (self.pixelFormat, self.size, self.framesPerSecond, self.preprocess) =
      (pixelFormat, size, framesPerSecond, preprocess)
  }
}

/// A format and size the device offers, as negotiation sees it.
public struct FormatOffer: Sendable, Equatable {
  public var pixelFormat: PixelFormat
  public var sizes: [FrameSizeRange]

  public init(pixelFormat: PixelFormat, sizes: [FrameSizeRange]) {
    (self.pixelFormat, self.sizes) = (pixelFormat, sizes)
  }
}

/// The choice of format and size: pure, so it is tested without a device.
public enum Negotiation {
  /// Picks the pixel format and size for `request` among `offers`.
  ///
  /// - Throws: `.unsupportedFormat` when a forced format or size is not offered, or when the
  ///   device offers none of the formats SpikeCam decodes.
  public static func choose(
    _ request: CaptureRequest, offers: [FormatOffer], path: String
  ) throws(CaptureError) -> (PixelFormat, FrameFormat) {
    var available = offers.filter { $0.pixelFormat.isSupported }.map { offer in
      ([offer.pixelFormat.description] + offer.sizes.map { $0.description }).joined(separator: " ")
    }
    let others = offers.count - available.count
    if others > 0 {
      available.append("\(others) other format\(others == 1 ? "" : "s") SpikeCam does not decode")
    }
    let offer: FormatOffer
    if let forced = request.pixelFormat {
      guard forced.isSupported else {
        throw .unsupportedFormat(
          path: path, requested: "\(forced) (SpikeCam decodes MJPG, JPEG, YUYV and GREY)",
          available: available)
      }
      guard let match = offers.first(where: { $0.pixelFormat == forced }) else {
        throw .unsupportedFormat(path: path, requested: forced.description, available: available)
      }
      offer = match
    } else {
      guard
        let match = PixelFormat.preferred.lazy.compactMap({ wanted in
          offers.first { $0.pixelFormat == wanted }
        }).first
      else {
        throw .unsupportedFormat(
          path: path, requested: "MJPG, JPEG, YUYV or GREY", available: available)
      }
      offer = match
    }
    if let size = request.size {
      // A driver that does not enumerate sizes gets the request as is; S_FMT then checks it.
      guard
        offer.sizes.isEmpty
          || offer.sizes.contains(where: { $0.contains(width: size.width, height: size.height) })
      else {
        throw .unsupportedFormat(
          path: path, requested: "\(offer.pixelFormat) \(size)", available: available)
      }
      return (offer.pixelFormat, size)
    }
    return (offer.pixelFormat, defaultSize(of: offer.sizes, preprocess: request.preprocess))
  }

  /// The smallest offered size (by area) whose height covers the preprocessing's scaled height
  /// and whose width covers its crop; the largest offered size if none does; 640×480 when the
  /// driver lists none.
  public static func defaultSize(of sizes: [FrameSizeRange], preprocess: Preprocess) -> FrameFormat {
    let minHeight = preprocess.scaledHeight
    let minWidth = max(preprocess.output.width, preprocess.scaledHeight * 4 / 3)
    var candidates: [FrameFormat] = []
    for range in sizes {
      if range.isDiscrete {
        candidates.append(FrameFormat(width: range.minWidth, height: range.minHeight))
      } else if let fit = range.smallest(atLeastWidth: minWidth, height: minHeight) {
        candidates.append(fit)
      } else {
        candidates.append(FrameFormat(width: range.maxWidth, height: range.maxHeight))
      }
    }
    let covering = candidates.filter {
      $0.height >= minHeight && $0.width >= preprocess.output.width
    }
    if let best = covering.min(by: { ($0.byteCount, $0.width) < ($1.byteCount, $1.width) }) {
      return best
    }
    return candidates.max(by: { $0.byteCount < $1.byteCount })
      ?? FrameFormat(width: 640, height: 480)
  }
}

extension VideoDevice {
  /// Chooses a format and size for `request` (see `Negotiation.choose`) and sets them.
  @discardableResult
  public mutating func negotiate(_ request: CaptureRequest) throws(CaptureError) -> StreamFormat {
    var offers: [FormatOffer] = []
    for description in try formats() {
      let sizes =
        description.pixelFormat.isSupported ? try frameSizes(of: description.pixelFormat) : []
      offers.append(FormatOffer(pixelFormat: description.pixelFormat, sizes: sizes))
    }
    let (pixelFormat, size) = try Negotiation.choose(request, offers: offers, path: path)
    return try setFormat(
      pixelFormat, width: size.width, height: size.height, framesPerSecond: request.framesPerSecond)
  }
}
