import Foundation
import Testing

import SpikeCapture
import SpikeSystem

#if canImport(Glibc)
  import Glibc
#endif

extension V4L2Tests {
  /// The open path's failures, reached on any machine: a regular file stands in for the node
  /// (it fails QUERYCAP with ENOTTY like any non-V4L2 file) and injected errnos do the rest.
  @Suite struct HostFaults {
    let file: String

    init() throws {
      file =
        FileManager.default.temporaryDirectory.appendingPathComponent(
          "spikecam-fake-video-\(UUID().uuidString)"
        ).path
      try Data([0]).write(to: URL(fileURLWithPath: file))
    }

    @Test func missingNodeAndNonV4L2File() {
      V4L2Tests.withFaults {
        #expect(
          V4L2Tests.captureError { () throws(CaptureError) in
            _ = try VideoDevice.open("/dev/spikecam-no-such-video")
          }
            == .noSuchDevice(path: "/dev/spikecam-no-such-video"))
        #expect(
          V4L2Tests.captureError { () throws(CaptureError) in _ = try VideoDevice.open(file) }
            == .notACaptureDevice(path: file))
        #expect(V4L2Tests.descriptors(of: file) == 0)
      }
    }

    #if SPIKECAM_FAULT_INJECTION
      @Test func openFailuresAreTyped() {
        V4L2Tests.withFaults {
          FaultInjection.fail(.open, errno: EBUSY)
          let busy = V4L2Tests.captureError { () throws(CaptureError) in
            _ = try VideoDevice.open(file)
          }
          #expect(busy == .deviceBusy(path: file, holder: nil))
          #expect(busy?.description.contains("is in use") == true)
          FaultInjection.reset()
          FaultInjection.fail(.open, errno: EACCES)
          let denied = V4L2Tests.captureError { () throws(CaptureError) in
            _ = try VideoDevice.open(file)
          }
          #expect(denied == .deviceAccessDenied(path: file, group: "root"))
          #expect(denied?.description.contains("usermod -aG root") == true)
          FaultInjection.reset()
          FaultInjection.fail(.open, errno: ENODEV)
          #expect(
            V4L2Tests.captureError { () throws(CaptureError) in _ = try VideoDevice.open(file) }
              == .noSuchDevice(path: file))
          #expect(V4L2Tests.descriptors(of: file) == 0)
        }
      }

      /// EINTR is retried by the one loop in the seam, however often it comes.
      @Test func interruptedCallsAreRetried() {
        V4L2Tests.withFaults {
          FaultInjection.fail(.open, errno: EINTR, times: 3)
          FaultInjection.fail(.queryCapabilities, errno: EINTR, times: 2)
          #expect(
            V4L2Tests.captureError { () throws(CaptureError) in _ = try VideoDevice.open(file) }
              == .notACaptureDevice(path: file))
          #expect(FaultInjection.firedCount == 5)
          #expect(V4L2Tests.descriptors(of: file) == 0)
        }
      }

      /// A failure after the descriptor exists closes it before the error reaches the caller.
      @Test(arguments: [EIO, EBUSY, EINVAL, ENODEV])
      func queryFailuresCloseTheDescriptor(_ code: Int32) {
        V4L2Tests.withFaults {
          FaultInjection.fail(.queryCapabilities, errno: code)
          let error = V4L2Tests.captureError { () throws(CaptureError) in
            _ = try VideoDevice.open(file)
          }
          switch code {
          case EIO: #expect(error == .systemError(path: file, call: "VIDIOC_QUERYCAP", errno: Errno(EIO)))
          case EBUSY: #expect(error == .deviceBusy(path: file, holder: nil))
          case EINVAL: #expect(error == .notACaptureDevice(path: file))
          default: #expect(error == .deviceVanished(path: file))
          }
          #expect(V4L2Tests.descriptors(of: file) == 0)
        }
      }
    #endif

    @Test func errorMessagesSayWhatToDo() {
      let eio = CaptureError.systemError(path: "/dev/video0", call: "VIDIOC_DQBUF", errno: Errno(EIO))
      #expect(
        eio.description.hasPrefix("VIDIOC_DQBUF on /dev/video0 failed: EIO (Input/output error)"))
      #expect(
        CaptureError.deviceBusy(path: "/dev/video0", holder: "process 42 (cheese)").description
          == "/dev/video0 is in use by process 42 (cheese); close the other program or pick another device"
      )
    }
  }
}
