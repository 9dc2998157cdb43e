/// A clip file's bytes read at offsets from its start: the whole file mapped
/// (`UnsafeRawBufferPointer`) or a bounded window that moves over it (the board program's
/// `FileWindow`), so one frame walk (`MJPEGFrames`, `Y4MHeader`) reads either.
///
/// Plain Swift with no imports, so the board program compiles this very file as Embedded Swift.
public protocol ClipBytes {
  /// The file's length in bytes.
  var count: Int { get }
  /// The byte at `offset`, `0 ≤ offset < count`.
  subscript(offset: Int) -> UInt8 { get }
}

extension UnsafeRawBufferPointer: ClipBytes {}
