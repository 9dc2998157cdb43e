import SpikeSystem

/// The clip readers' and writers' file calls (`SpikeSystem`: inputs that cannot hang, one
/// durable writer), with failures as `CaptureError`.
enum FileSystem {
  /// A file error as a capture error: missing (66), not a regular file or too large (65),
  /// anything else with its errno.
  static func captureError(_ error: FileError) -> CaptureError {
    switch error.kind {
    case .missing: return .fileMissing(path: error.path)
    case .wrongType, .tooLarge, .changed: return .badFile(path: error.path, reason: error.reason)
    case .system(let call, let code): return .systemError(path: error.path, call: call, errno: code)
    }
  }

  static func exists(_ path: String) -> Bool { InputFile.exists(path) }

  static func isDirectory(_ path: String) -> Bool { InputFile.isDirectory(path) }

  /// Reads a whole regular file into `buffer` without allocating; returns its length.
  static func readFile(_ path: String, into buffer: UnsafeMutableRawBufferPointer)
    throws(CaptureError) -> Int
  {
    do throws(FileError) { return try InputFile.read(path, into: buffer) } catch {
      throw captureError(error)
    }
  }

  /// Reads a whole regular file, refusing one larger than `limit` bytes.
  static func readFile(_ path: String, limit: Int) throws(CaptureError) -> [UInt8] {
    do throws(FileError) { return try InputFile.read(path, limit: limit) } catch {
      throw captureError(error)
    }
  }

  /// Opens a regular file for reading through a `FileWindow` of pieces up to `capacity` bytes,
  /// refusing one larger than `limit` bytes.
  static func window(_ path: String, limit: Int, capacity: Int) throws(CaptureError) -> FileWindow
  {
    do throws(FileError) {
      let (fd, size) = try InputFile.openRegular(path, limit: limit)
      return FileWindow(fd: fd, count: size, capacity: capacity)
    } catch {
      throw captureError(error)
    }
  }

  /// Names in a folder (without "." and ".."), sorted bytewise.
  static func list(_ path: String) throws(CaptureError) -> [String] {
    do throws(FileError) { return try InputFile.list(path) } catch { throw captureError(error) }
  }

  /// Runs a `SpikeSystem` call, mapping its error.
  static func run<R>(_ body: () throws(FileError) -> R) throws(CaptureError) -> R {
    do throws(FileError) { return try body() } catch { throw captureError(error) }
  }
}
