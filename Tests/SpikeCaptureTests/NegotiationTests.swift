import Testing

import SpikeCapture

@Suite struct NegotiationTests {
  static let vividLike: [FormatOffer] = [
    FormatOffer(
      pixelFormat: .yuyv,
      sizes: [320, 640, 1280].map { FrameSizeRange(width: $0, height: $0 * 9 / 16) }),
    FormatOffer(pixelFormat: PixelFormat(code: "RGB3")!, sizes: []),
    FormatOffer(pixelFormat: .grey, sizes: [FrameSizeRange(width: 640, height: 480)]),
  ]
  static let webcamLike: [FormatOffer] = [
    FormatOffer(pixelFormat: .yuyv, sizes: [FrameSizeRange(width: 640, height: 480)]),
    FormatOffer(
      pixelFormat: .mjpeg,
      sizes: [
        FrameSizeRange(width: 1280, height: 720), FrameSizeRange(width: 160, height: 120),
        FrameSizeRange(width: 640, height: 480),
      ]),
  ]

  @Test func prefersMJPEGThenYUYVAndTheSmallestCoveringSize() throws {
    let webcam = try Negotiation.choose(CaptureRequest(), offers: Self.webcamLike, path: "/dev/x")
    #expect(webcam.0 == .mjpeg && webcam.1 == FrameFormat(width: 160, height: 120))
    let vivid = try Negotiation.choose(CaptureRequest(), offers: Self.vividLike, path: "/dev/x")
    #expect(vivid.0 == .yuyv && vivid.1 == FrameFormat(width: 320, height: 180))
  }

  @Test func forcedFormatAndSize() throws {
    let grey = try Negotiation.choose(
      CaptureRequest(pixelFormat: .grey), offers: Self.vividLike, path: "/dev/x")
    #expect(grey.0 == .grey && grey.1 == FrameFormat(width: 640, height: 480))
    let big = try Negotiation.choose(
      CaptureRequest(pixelFormat: .yuyv, size: FrameFormat(width: 1280, height: 720)),
      offers: Self.vividLike, path: "/dev/x")
    #expect(big.1 == FrameFormat(width: 1280, height: 720))
  }

  @Test func unsupportedRequestsSayWhatIsOffered() {
    #expect {
      try Negotiation.choose(
        CaptureRequest(pixelFormat: .mjpeg), offers: Self.vividLike, path: "/dev/video0")
    } throws: { error in
      guard case .unsupportedFormat(let path, let requested, let available) = error as? CaptureError
      else { return false }
      return path == "/dev/video0" && requested == "MJPG"
        && available == [
          "YUYV 320x180 640x360 1280x720", "GREY 640x480",
          "1 other format SpikeCam does not decode",
        ]
    }
    #expect(throws: CaptureError.self) {
      try Negotiation.choose(
        CaptureRequest(pixelFormat: .yuyv, size: FrameFormat(width: 100, height: 100)),
        offers: Self.vividLike, path: "/d")
    }
    #expect(throws: CaptureError.self) {
      try Negotiation.choose(
        CaptureRequest(pixelFormat: PixelFormat(code: "RGB3")), offers: Self.vividLike, path: "/d")
    }
    #expect(throws: CaptureError.self) {
      try Negotiation.choose(CaptureRequest(), offers: [Self.vividLike[1]], path: "/d")
    }
  }

  @Test func stepwiseSizesRoundUpToTheStep() {
    let range = FrameSizeRange(
      minWidth: 48, maxWidth: 1920, widthStep: 16, minHeight: 32, maxHeight: 1080, heightStep: 8)
    #expect(range.smallest(atLeastWidth: 128, height: 96) == FrameFormat(width: 128, height: 96))
    #expect(range.smallest(atLeastWidth: 130, height: 97) == FrameFormat(width: 144, height: 104))
    #expect(range.contains(width: 144, height: 104) && !range.contains(width: 145, height: 104))
    #expect(
      Negotiation.defaultSize(of: [range], preprocess: .gesture9)
        == FrameFormat(width: 128, height: 96))
  }

  @Test func fourCharacterCodes() {
    #expect(PixelFormat(code: "MJPG") == .mjpeg && PixelFormat.mjpeg.description == "MJPG")
    #expect(PixelFormat(code: "Y16")?.description == "Y16 ")
    #expect(
      PixelFormat(rawValue: PixelFormat(code: "Y16 ")!.rawValue | 0x8000_0000).description
        == "Y16 -BE")
    #expect(PixelFormat(code: "TOOLONG") == nil)
    #expect(FrameInterval(numerator: 1001, denominator: 30000).rateText == "29.97")
    #expect(FrameInterval(numerator: 1, denominator: 25).rateText == "25")
  }
}

@Suite struct FrameIntervalTextTests {
  @Test func ratesAreWrittenShort() {
    #expect(FrameInterval(numerator: 2, denominator: 25).rateText == "12.5")
    #expect(FrameInterval(numerator: 1, denominator: 60).rateText == "60")
    #expect(FrameInterval(numerator: 0, denominator: 60).rateText == "?")
  }
}
