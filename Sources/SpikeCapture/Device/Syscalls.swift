#if canImport(CSpikeCamSys)
  import CSpikeCamSys
#else
  import CSpikeBoard  // the board program: the same C seam through its own module
#endif

// The one seam between the capture code and the kernel: every system call the V4L2 path makes
// goes through a `system_*` function here, which retries EINTR, turns -1 + errno into a
// `SystemFailure`, and (in debug builds) lets tests force an errno on a chosen call.
#if canImport(Glibc)
  import Glibc
#else
  import CSpikeBoard  // the board program: glibc's declarations through its C seam
#endif

/// A system call that returned -1, with its errno.
struct SystemFailure: Error, Equatable {
  var call: SystemCall
  var errno: Int32
}

@inline(__always)
private func forcedErrno(_ call: SystemCall) -> Int32? {
  #if SPIKECAM_FAULT_INJECTION
    return FaultInjection.forcedErrno(for: call)
  #else
    return nil
  #endif
}

/// Runs `body` until it returns something other than -1/EINTR.
private func valueOrErrno(
  _ call: SystemCall, retryOnInterrupt: Bool = true, _ body: () -> Int32
) -> Result<Int32, SystemFailure> {
  while true {
    var result: Int32 = -1
    var code: Int32 = 0
    if let forced = forcedErrno(call) {
      code = forced
    } else {
      result = body()
      if result != -1 { return .success(result) }
      code = errno
    }
    if code == EINTR && retryOnInterrupt { continue }
    return .failure(SystemFailure(call: call, errno: code))
  }
}

extension SystemCall {
  /// The ioctl request code of a V4L2 call.
  var request: UInt {
    switch self {
    case .queryCapabilities: return SPIKECAM_VIDIOC_QUERYCAP
    case .enumerateFormats: return SPIKECAM_VIDIOC_ENUM_FMT
    case .enumerateFrameSizes: return SPIKECAM_VIDIOC_ENUM_FRAMESIZES
    case .enumerateFrameIntervals: return SPIKECAM_VIDIOC_ENUM_FRAMEINTERVALS
    case .getFormat: return SPIKECAM_VIDIOC_G_FMT
    case .setFormat: return SPIKECAM_VIDIOC_S_FMT
    case .getParameters: return SPIKECAM_VIDIOC_G_PARM
    case .setParameters: return SPIKECAM_VIDIOC_S_PARM
    case .requestBuffers: return SPIKECAM_VIDIOC_REQBUFS
    case .queryBuffer: return SPIKECAM_VIDIOC_QUERYBUF
    case .queueBuffer: return SPIKECAM_VIDIOC_QBUF
    case .dequeueBuffer: return SPIKECAM_VIDIOC_DQBUF
    case .streamOn: return SPIKECAM_VIDIOC_STREAMON
    case .streamOff: return SPIKECAM_VIDIOC_STREAMOFF
    case .open, .close, .poll, .mmap, .munmap, .libv4l2Attach:
      preconditionFailure("\(self) is not an ioctl")
    }
  }
}

func system_open(_ path: String, _ flags: Int32) -> Result<Int32, SystemFailure> {
  valueOrErrno(.open) { spikecam_device_open(path, flags) }
}

/// Hands an open descriptor to libv4l2 with format conversion off, so only the device's own
/// formats are visible and frames are the driver's bytes (nothing to do on the board).
func system_libv4l2Attach(_ fd: Int32) -> Result<Int32, SystemFailure> {
  valueOrErrno(.libv4l2Attach) { spikecam_device_attach(fd) }
}

func system_ioctl<Argument>(
  _ fd: Int32, _ call: SystemCall, _ argument: inout Argument
) -> Result<Int32, SystemFailure> {
  let request = call.request
  return withUnsafeMutableBytes(of: &argument) { raw in
    valueOrErrno(call) { spikecam_device_ioctl(fd, request, raw.baseAddress) }
  }
}

/// `poll` on one descriptor; the revents, or 0 on timeout.
func system_poll(_ fd: Int32, events: Int16, timeoutMilliseconds: Int32) -> Result<
  Int16, SystemFailure
> {
  var entry = pollfd(fd: fd, events: events, revents: 0)
  return valueOrErrno(.poll) { poll(&entry, 1, timeoutMilliseconds) }.map {
    $0 == 0 ? 0 : entry.revents
  }
}

func system_mmap(_ fd: Int32, length: Int, offset: Int) -> Result<
  UnsafeMutableRawPointer, SystemFailure
> {
  var base: UnsafeMutableRawPointer?
  return valueOrErrno(.mmap) {
    guard let mapped = spikecam_device_mmap(length, fd, Int64(offset)) else { return -1 }
    base = mapped
    return 0
  }.map { _ in base! }
}

func system_munmap(_ base: UnsafeMutableRawPointer, length: Int) -> Result<Int32, SystemFailure> {
  valueOrErrno(.munmap) { spikecam_device_munmap(base, length) }
}

/// Closes through libv4l2 (which frees its per-descriptor state). Never retried: on Linux the
/// descriptor is gone even when close reports EINTR.
func system_close(_ fd: Int32) -> Result<Int32, SystemFailure> {
  if let forced = forcedErrno(.close) {
    _ = spikecam_device_close(fd)  // the descriptor still goes away, as with a real failing close
    return .failure(SystemFailure(call: .close, errno: forced))
  }
  return valueOrErrno(.close, retryOnInterrupt: false) { spikecam_device_close(fd) }
}
