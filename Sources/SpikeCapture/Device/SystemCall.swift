/// The system calls the capture path makes, named as errors and fault injection name them.
///
/// Every V4L2 request has its own case, so a test can fail exactly "the 3rd `VIDIOC_DQBUF`"
/// and an error message can say which request the driver refused.
public enum SystemCall: Sendable, Equatable, CustomStringConvertible {
  case open
  case close
  case poll
  case mmap
  case munmap
  case queryCapabilities
  case enumerateFormats
  case enumerateFrameSizes
  case enumerateFrameIntervals
  case getFormat
  case setFormat
  case getParameters
  case setParameters
  case requestBuffers
  case queryBuffer
  case queueBuffer
  case dequeueBuffer
  case streamOn
  case streamOff
  case libv4l2Attach

  /// The C name, e.g. `VIDIOC_DQBUF`.
  public var description: String {
    switch self {
    case .open: return "open"
    case .close: return "close"
    case .poll: return "poll"
    case .mmap: return "mmap"
    case .munmap: return "munmap"
    case .queryCapabilities: return "VIDIOC_QUERYCAP"
    case .enumerateFormats: return "VIDIOC_ENUM_FMT"
    case .enumerateFrameSizes: return "VIDIOC_ENUM_FRAMESIZES"
    case .enumerateFrameIntervals: return "VIDIOC_ENUM_FRAMEINTERVALS"
    case .getFormat: return "VIDIOC_G_FMT"
    case .setFormat: return "VIDIOC_S_FMT"
    case .getParameters: return "VIDIOC_G_PARM"
    case .setParameters: return "VIDIOC_S_PARM"
    case .requestBuffers: return "VIDIOC_REQBUFS"
    case .queryBuffer: return "VIDIOC_QUERYBUF"
    case .queueBuffer: return "VIDIOC_QBUF"
    case .dequeueBuffer: return "VIDIOC_DQBUF"
    case .streamOn: return "VIDIOC_STREAMON"
    case .streamOff: return "VIDIOC_STREAMOFF"
    case .libv4l2Attach: return "v4l2_fd_open"
    }
  }
}
