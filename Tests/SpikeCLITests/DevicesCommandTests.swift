import Foundation
import SpikeCLI
import SpikeCapture
import Testing

@Suite struct DevicesCommandTests {
  static let hasNoVideoNodes = DeviceSurvey.videoNodes().isEmpty
  static let device = ProcessInfo.processInfo.environment["V4L2_TEST_DEVICE"]

  @Test(.enabled(if: hasNoVideoNodes, "this machine has /dev/video* nodes"))
  func noDevicesIsAClearMessageAndSuccess() throws {
    let result = try runSpikeCam(["devices"])
    #expect(result.status == 0 && result.stderr.isEmpty)
    #expect(result.stdout.hasPrefix("No V4L2 capture devices found (no /dev/video* nodes).\n"))
    let json = try runSpikeCam(["devices", "--json"])
    #expect(json.status == 0 && json.stdout == "{\"devices\":[],\"skipped\":[]}\n")
  }

  @Test func aNamedDeviceThatFailsExits69() throws {
    let missing = try runSpikeCam(["devices", "--device", "/dev/spikecam-no-such-video"])
    #expect(missing.status == 69 && missing.stdout.isEmpty)
    #expect(
      missing.stderr
        == "Error: no video device at /dev/spikecam-no-such-video; list the cameras present with 'spikecam devices' (or 'v4l2-ctl --list-devices')\n"
    )
    let notVideo = try runSpikeCam(["devices", "--device", "/dev/null"])
    #expect(notVideo.status == 69)
    #expect(
      notVideo.stderr
        == "Error: /dev/null is not a video capture device; find one with 'spikecam devices' (or 'v4l2-ctl --list-devices')\n")
  }

  /// In the VM: vivid is listed with YUYV sizes and rates, and SpikeCam's choice.
  @Test(.enabled(if: device != nil, "no V4L2_TEST_DEVICE: run in the VM (see README, 'Cameras')"))
  func listsARealDevice() throws {
    let path = try #require(Self.device)
    let console = BufferConsole()
    #expect(SpikeCam.main(["devices", "--device", path], console: console) == 0)
    #expect(console.stdout.hasPrefix("\(path): "))
    #expect(console.stdout.contains("  SpikeCam would capture YUYV "))
    #expect(console.stdout.contains("  YUYV  "))
    #expect(console.stdout.contains(" fps\n"))
    let json = BufferConsole()
    #expect(SpikeCam.main(["devices", "--json"], console: json) == 0)
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    let devices = try #require(object?["devices"] as? [[String: Any]])
    let first = try #require(devices.first { $0["path"] as? String == path })
    let choice = try #require(first["choice"] as? [String: Any])
    #expect(choice["format"] as? String == "YUYV")
    let formats = try #require(first["formats"] as? [[String: Any]])
    #expect(
      formats.contains { $0["format"] as? String == "YUYV" && $0["decoded"] as? Bool == true })
  }
}
