import Foundation
import Testing

/// Paths the clip tests read: the package's own `calibration/` data and the fixture resources.
enum TestPaths {
  /// The package root, from this file's location.
  static let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()

  static var calibration: String { packageRoot + "/calibration" }
  static var sampleDataset: String { calibration + "/gesture9-sample" }
  static var sampleAVI: String { calibration + "/sample-640x480.avi" }

  static func fixture(_ name: String) throws -> String {
    try #require(Bundle.module.path(forResource: name, ofType: nil, inDirectory: "Fixtures"))
  }

  /// A fresh empty folder under the system temporary folder.
  static func temporaryFolder() throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "spikecam-test-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
  }

  static func read(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
  }

  static func write(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
  }
}
