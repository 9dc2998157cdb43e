#if canImport(SpikeSystem)
  import SpikeSystem  // the package build; the board programs compile SpikeSystem's files in
#endif

/// A safetensors image in memory (a file read whole, or bytes in flash), checked by the host's
/// own code before any tensor is read: `SafetensorsLayout` (header, dtypes, shapes, byte ranges,
/// CRC32) and `ModelDigest` (the whole-file SHA-256 of a format-2 model). The Ed25519 signature
/// is checked on the host (`spikecam inspect --trusted-keys`): the board has no Ed25519.
public struct SafetensorsImage {
  /// Where it came from, for messages.
  let file: String
  /// The whole image.
  let bytes: UnsafeRawBufferPointer
  let layout: SafetensorsLayout

  /// Checks the image; `bytes` must stay valid while this value is used.
  public init(_ bytes: UnsafeRawBufferPointer, file: String) throws(BoardError) {
    self.file = file
    self.bytes = bytes
    do throws(SafetensorsProblem) {
      layout = try SafetensorsLayout(bytes)
      _ = try ModelDigest.verify(
        bytes, ModelDigest.fields(layout.metadataMembers, headerOffset: 8))
    } catch {
      throw .model(file, error.field, error.reason)
    }
  }

  /// Metadata string `key`.
  func metadata(_ key: String) -> String? { layout.metadata(key) }

  /// Metadata `key` parsed as JSON (the pipeline, config and class list are JSON text).
  func json(_ key: String) throws(BoardError) -> JSONValue? {
    guard let text = metadata(key) else { return nil }
    do throws(JSONError) {
      return try JSONValue.parse(Array(text.utf8), limits: .init(depth: 16))
    } catch {
      throw .model(file, "__metadata__.\(key)", error.description)
    }
  }
}
