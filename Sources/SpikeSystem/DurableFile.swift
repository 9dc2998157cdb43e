/// The one way SpikeCam writes a file: models, checkpoints, calibration ranges, a data set's
/// `labels.csv` (`Folder` does the work; clip frames go into a temporary folder through
/// `Folder.create` and are published by one rename).
public enum DurableFile {
  /// Replaces the file `path` with `bytes` (see `Folder.replace`): a temporary file in the same
  /// folder, fsync, rename, fsync of the folder; never through a link; 0666 less the umask.
  public static func write(_ bytes: [UInt8], to path: String) throws(FileError) {
    let (folder, name) = split(path)
    guard !name.isEmpty, name != ".", name != ".." else {
      throw FileError(.wrongType(found: "a folder name", expected: "a file name"), path: path)
    }
    try Folder(folder).replace(name, with: bytes)
  }

  /// The folder and the file name of `path` (`.` for a bare name).
  public static func split(_ path: String) -> (folder: String, name: String) {
    guard let slash = path.lastIndex(of: "/") else { return (".", path) }
    let folder = slash == path.startIndex ? "/" : String(path[..<slash])
    return (folder, String(path[path.index(after: slash)...]))
  }
}
