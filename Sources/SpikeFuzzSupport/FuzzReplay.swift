import Foundation

/// What a fuzz target does when built without libFuzzer (a plain `swift build`): it runs its
/// body once over every file, or every file in every folder, named on its command line. So the
/// fuzz code compiles in every build, and a corpus or a finding replays under a debugger.
public enum FuzzReplay {
  /// Replays the inputs named in `CommandLine.arguments`; exits 0 when none crashed.
  public static func run(_ body: (UnsafeRawBufferPointer) -> Void) {
    let paths = CommandLine.arguments.dropFirst()
    guard !paths.isEmpty else {
      print("usage: \(CommandLine.arguments[0]) FILE|FOLDER…")
      print("Replays inputs; build with tools/check.sh fuzz for a libFuzzer binary.")
      return
    }
    var count = 0
    for path in paths {
      for file in files(at: path) {
        guard let data = FileManager.default.contents(atPath: file) else {
          print("cannot read \(file)")
          continue
        }
        data.withUnsafeBytes { body($0) }
        count += 1
      }
    }
    print("replayed \(count) inputs")
  }

  /// `path` itself, or the regular files in it when it is a folder, in name order.
  static func files(at path: String) -> [String] {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue
    else { return [path] }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    return names.sorted().filter { !$0.hasPrefix(".") }.map { path + "/" + $0 }
  }
}
