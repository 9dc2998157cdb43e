import SpikeSystem
import CLibPNG
import Foundation

/// An error writing or reading a PNG file, with what to do about it.
public struct PictureError: Error, CustomStringConvertible, Equatable {
  /// What went wrong.
  public var description: String

  init(_ description: String) { self.description = description }
}

/// PNG encoding and decoding through libpng's simplified API (8-bit RGB), and writing a picture
/// to a file atomically (a temporary file renamed over the path).
public enum PNGFile {
  /// The PNG bytes of `canvas`.
  public static func encode(_ canvas: Canvas) throws(PictureError) -> [UInt8] {
    var image = png_image()
    image.version = UInt32(PNG_IMAGE_VERSION)
    image.width = UInt32(canvas.width)
    image.height = UInt32(canvas.height)
    image.format = UInt32(PNG_FORMAT_RGB)
    let stride = Int32(canvas.width * 3)
    var size = 0
    let sized = canvas.pixels.withUnsafeBufferPointer {
      png_image_write_to_memory(&image, nil, &size, 0, $0.baseAddress, stride, nil)
    }
    guard sized != 0, size > 0 else { throw PictureError("libpng cannot size the PNG: \(message(&image))") }
    var bytes = [UInt8](repeating: 0, count: size)
    let written = bytes.withUnsafeMutableBytes { out in
      canvas.pixels.withUnsafeBufferPointer {
        png_image_write_to_memory(&image, out.baseAddress, &size, 0, $0.baseAddress, stride, nil)
      }
    }
    guard written != 0 else { throw PictureError("libpng cannot encode the PNG: \(message(&image))") }
    return Array(bytes[0..<size])
  }

  /// Decodes PNG bytes to an 8-bit RGB canvas (for checking what was written).
  public static func decode(_ bytes: [UInt8]) throws(PictureError) -> Canvas {
    var image = png_image()
    image.version = UInt32(PNG_IMAGE_VERSION)
    let begun = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
    guard begun != 0 else { throw PictureError("not a PNG libpng reads: \(message(&image))") }
    image.format = UInt32(PNG_FORMAT_RGB)
    var canvas = Canvas(width: Int(image.width), height: Int(image.height))
    let finished = canvas.pixels.withUnsafeMutableBytes {
      png_image_finish_read(&image, nil, $0.baseAddress, Int32(canvas.width * 3), nil)
    }
    guard finished != 0 else { throw PictureError("libpng cannot decode the PNG: \(message(&image))") }
    return canvas
  }

  /// Writes `canvas` to `path` as a PNG: a temporary file beside it, renamed over it.
  public static func write(_ canvas: Canvas, to path: String) throws(PictureError) {
    let bytes = try encode(canvas)
    do throws(FileError) {
      try DurableFile.write(bytes, to: path)
    } catch {
      throw PictureError("cannot write \(path): \(error.description)")
    }
  }

  /// libpng's message in a failed `png_image`, and releases the image's state.
  static func message(_ image: inout png_image) -> String {
    let text = withUnsafeBytes(of: image.message) { raw in
      String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
    png_image_free(&image)
    return text
  }
}
