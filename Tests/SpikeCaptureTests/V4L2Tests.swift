import Foundation
import Testing

import SpikeCapture

/// Everything that opens a device or injects faults, one test at a time (a device can only
/// stream to one opener). The device suites need a real V4L2 device; `.ci/run` runs them in a VM:
///   bash .ci/v4l2-vm -- .build/debug/SpikeCamPackageTests.xctest --testing-library swift-testing --filter V4L2Tests
@Suite(.serialized) struct V4L2Tests {
  static let device = ProcessInfo.processInfo.environment["V4L2_TEST_DEVICE"]
  static let loopback = ProcessInfo.processInfo.environment["V4L2_LOOPBACK_DEVICE"]
  static let howToRun =
    "set V4L2_TEST_DEVICE=/dev/videoN to run, or run the tests in the VM: bash .ci/v4l2-vm -- "
    + ".build/debug/SpikeCamPackageTests.xctest --testing-library swift-testing --filter V4L2Tests"

  /// How many of this process's descriptors refer to `path`.
  static func descriptors(of path: String) -> Int {
    let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    return fds.filter {
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)")) == target
    }.count
  }

  /// Runs `body` with a clean fault plan, and leaves none behind.
  static func withFaults<T>(_ body: () throws -> T) rethrows -> T {
    #if SPIKECAM_FAULT_INJECTION
      FaultInjection.reset()
      defer { FaultInjection.reset() }
    #endif
    return try body()
  }

  /// The error `body` throws as a `CaptureError` (nil when it throws none).
  static func captureError(_ body: () throws(CaptureError) -> Void) -> CaptureError? {
    do throws(CaptureError) {
      try body()
      return nil
    } catch {
      return error
    }
  }
}
