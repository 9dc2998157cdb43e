#if canImport(CSpikeCamSys)
  import CSpikeCamSys
#else
  import CSpikeBoard  // the board program: the same C seam through its own module
#endif
#if canImport(SpikeSystem)
  import SpikeSystem
#endif

#if canImport(Glibc)
  import Glibc
#else
  import CSpikeBoard  // the board program: glibc's declarations through its C seam
#endif

/// One mmap'ed capture buffer: trivially destroyed, so the device can keep them inline.
struct MappedBuffer {
  var base: UnsafeMutableRawPointer?
  var length = 0
}

/// A frame the driver filled, dequeued and not yet handed back with `requeue`.
public struct CapturedBuffer: Sendable, Equatable {
  /// Index of the mmap'ed buffer holding the bytes.
  public var index: Int
  /// Bytes the driver wrote.
  public var bytesUsed: Int
  /// The driver's frame counter (gaps are frames it dropped).
  public var sequence: UInt32
  /// Capture time on the monotonic clock, nanoseconds.
  public var timestampNanos: UInt64
  /// The driver marked the data as possibly corrupt (`V4L2_BUF_FLAG_ERROR`).
  public var hasError: Bool
}

/// An open V4L2 capture device with its mmap'ed streaming buffers.
///
/// Noncopyable so the descriptor has exactly one owner: `deinit` stops streaming, unmaps every
/// buffer and closes the descriptor on every path (errors, early returns, a thread that
/// ends), and `close()` does the same but reports failures. A fatal error while streaming
/// (unplug, I/O error) shuts the device down at once and is thrown again by later calls.
///
/// Setup (`open`, `negotiate`, `startStreaming`) may allocate; the streaming calls
/// (`dequeue`, `bytes(of:)`, `requeue`) do not.
public struct VideoDevice: ~Copyable {
  /// Most buffers we ever ask for: enough to absorb a late consumer, small enough for latency.
  public static let maxBuffers = 8

  /// The device node, e.g. `/dev/video0`.
  public let path: String
  /// What the driver says it is.
  public let capabilities: DeviceCapabilities
  /// The descriptor, or -1 once closed.
  public private(set) var fileDescriptor: Int32
  /// The format set by `negotiate`/`setFormat`, `nil` before.
  public internal(set) var format: StreamFormat?
  var buffers = InlineArray<8, MappedBuffer>(repeating: MappedBuffer())
  var bufferCount = 0
  /// Whether `VIDIOC_STREAMON` succeeded and `STREAMOFF` has not run.
  public private(set) var isStreaming = false
  var failure: CaptureError?

  private init(path: String, fileDescriptor: Int32, capabilities: DeviceCapabilities) {
    (self.path, self.fileDescriptor, self.capabilities) = (path, fileDescriptor, capabilities)
  }

  deinit {
    cleanUp()
  }

  /// Opens `path` (non-blocking), checks it is a streaming video capture device and attaches
  /// libv4l2 with conversion off.
  ///
  /// - Throws: `.noSuchDevice`, `.deviceAccessDenied` (names the group), `.deviceBusy`,
  ///   `.notACaptureDevice`, or `.systemError`.
  public static func open(_ path: String) throws(CaptureError) -> VideoDevice {
    let fd: Int32
    switch system_open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC) {
    case .success(let value): fd = value
    case .failure(let failure): throw failure.captureError(path: path)
    }
    // Query with the plain descriptor first: libv4l2 prints to stderr on non-V4L2 files.
    var cap = v4l2_capability()
    if case .failure(let failure) = system_ioctl(fd, .queryCapabilities, &cap) {
      _ = system_close(fd)
      throw failure.captureError(path: path, ownDescriptor: fd)
    }
    let caps =
      cap.capabilities & UInt32(V4L2_CAP_DEVICE_CAPS) != 0 ? cap.device_caps : cap.capabilities
    let info = DeviceCapabilities(
      driver: cString(cap.driver), card: cString(cap.card), busInfo: cString(cap.bus_info),
      deviceCapabilities: caps)
    guard caps & UInt32(V4L2_CAP_VIDEO_CAPTURE) != 0, caps & UInt32(V4L2_CAP_STREAMING) != 0 else {
      _ = system_close(fd)
      throw .notACaptureDevice(path: path)
    }
    if case .failure(let failure) = system_libv4l2Attach(fd) {
      _ = system_close(fd)
      throw failure.captureError(path: path, ownDescriptor: fd)
    }
    return VideoDevice(path: path, fileDescriptor: fd, capabilities: info)
  }

  /// Runs one ioctl; a failure becomes the typed error (and, for `fatal`, shuts down).
  mutating func ioctl<Argument>(
    _ call: SystemCall, _ argument: inout Argument, fatal: Bool = false
  ) throws(CaptureError) {
    if let failure { throw failure }
    if case .failure(let error) = system_ioctl(fileDescriptor, call, &argument) {
      let typed = error.captureError(path: path, ownDescriptor: fileDescriptor)
      if fatal { fail(typed) }
      throw typed
    }
  }

  /// A read-only ioctl for enumeration: the raw failure, so callers can end a list on EINVAL.
  func query<Argument>(_ call: SystemCall, _ argument: inout Argument) -> Result<
    Int32, SystemFailure
  > {
    system_ioctl(fileDescriptor, call, &argument)
  }

  // MARK: - Streaming

  /// Asks for `count` mmap buffers, maps and queues them, and starts streaming.
  /// On failure everything done so far is undone and the device stays open.
  public mutating func startStreaming(bufferCount count: Int = 4) throws(CaptureError) {
    precondition(
      (2...Self.maxBuffers).contains(count), "buffer count must be 2...\(Self.maxBuffers)")
    precondition(format != nil, "negotiate or set a format before streaming")
    precondition(!isStreaming, "already streaming")
    if let failure { throw failure }
    do throws(CaptureError) {
      var request = v4l2_requestbuffers()
      request.count = UInt32(count)
      request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
      request.memory = V4L2_MEMORY_MMAP.rawValue
      try ioctl(.requestBuffers, &request)
      guard request.count >= 2 else {
        throw .systemError(
          path: path, call: "VIDIOC_REQBUFS (driver gave \(request.count) buffers)", errno: Errno(ENOMEM))
      }
      for index in 0..<min(Int(request.count), Self.maxBuffers) {
        var buffer = Self.emptyBuffer(index: index)
        try ioctl(.queryBuffer, &buffer)
        let length = Int(buffer.length)
        switch system_mmap(fileDescriptor, length: length, offset: Int(buffer.m.offset)) {
        case .success(let base):
          buffers[index] = MappedBuffer(base: base, length: length)
          bufferCount = index + 1
        case .failure(let error):
          throw error.captureError(path: path, ownDescriptor: fileDescriptor)
        }
      }
      for index in 0..<bufferCount {
        var buffer = Self.emptyBuffer(index: index)
        try ioctl(.queueBuffer, &buffer)
      }
      var type = Int32(V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue)
      try ioctl(.streamOn, &type)
      isStreaming = true
    } catch {
      releaseBuffers()
      throw error
    }
  }

  /// Waits up to `timeoutMilliseconds` for a filled buffer and dequeues it; `nil` when none
  /// arrived yet (poll timeout or `EAGAIN`). Hand it back with `requeue` after reading it.
  ///
  /// - Throws: `.deviceVanished` (unplugged), `.systemError`; the device is then shut down.
  public mutating func dequeue(timeoutMilliseconds: Int) throws(CaptureError) -> CapturedBuffer? {
    if let failure { throw failure }
    precondition(isStreaming, "dequeue needs a streaming device")
    switch system_poll(
      fileDescriptor, events: Int16(POLLIN),
      timeoutMilliseconds: Int32(clamping: timeoutMilliseconds))
    {
    case .success(let events):
      if events == 0 { return nil }
    // POLLERR without POLLIN: let DQBUF say why (ENODEV after an unplug).
    case .failure(let error):
      let typed = error.captureError(path: path, ownDescriptor: fileDescriptor)
      fail(typed)
      throw typed
    }
    var buffer = Self.emptyBuffer(index: 0)
    switch system_ioctl(fileDescriptor, .dequeueBuffer, &buffer) {
    case .success:
      break
    case .failure(let error) where error.errno == EAGAIN:
      return nil
    case .failure(let error):
      let typed = error.captureError(path: path, ownDescriptor: fileDescriptor)
      fail(typed)
      throw typed
    }
    let index = Int(buffer.index)
    guard index < bufferCount else {
      let typed = CaptureError.systemError(
        path: path, call: "VIDIOC_DQBUF (buffer index \(index))", errno: Errno(EINVAL))
      fail(typed)
      throw typed
    }
    let monotonic =
      buffer.flags & UInt32(V4L2_BUF_FLAG_TIMESTAMP_MASK)
      == UInt32(V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC)
    let stamp =
      monotonic && (buffer.timestamp.tv_sec != 0 || buffer.timestamp.tv_usec != 0)
      ? UInt64(buffer.timestamp.tv_sec) * 1_000_000_000 + UInt64(buffer.timestamp.tv_usec) * 1000
      : monotonicNanos()
    return CapturedBuffer(
      index: index, bytesUsed: min(Int(buffer.bytesused), buffers[index].length),
      sequence: buffer.sequence,
      timestampNanos: stamp, hasError: buffer.flags & UInt32(V4L2_BUF_FLAG_ERROR) != 0)
  }

  /// The bytes of a dequeued buffer; valid until it is requeued.
  public func bytes(of buffer: CapturedBuffer) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: buffers[buffer.index].base, count: buffer.bytesUsed)
  }

  /// Gives a dequeued buffer back to the driver.
  public mutating func requeue(_ captured: CapturedBuffer) throws(CaptureError) {
    var buffer = Self.emptyBuffer(index: captured.index)
    try ioctl(.queueBuffer, &buffer, fatal: true)
  }

  /// Stops streaming and releases the buffers; the device stays open for another format.
  public mutating func stopStreaming() throws(CaptureError) {
    if let failure { throw failure }
    var firstError: CaptureError?
    if isStreaming {
      var type = Int32(V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue)
      if case .failure(let error) = system_ioctl(fileDescriptor, .streamOff, &type) {
        firstError = error.captureError(path: path, ownDescriptor: fileDescriptor)
      }
      isStreaming = false
    }
    if let error = releaseBuffers(), firstError == nil { firstError = error }
    if let firstError { throw firstError }
  }

  /// Stops streaming, unmaps and closes, reporting the first failure (the descriptor is
  /// closed either way).
  public consuming func close() throws(CaptureError) {
    guard fileDescriptor >= 0 else { return }  // a fatal error already shut it down
    var firstError: CaptureError?
    do { try stopStreaming() } catch { firstError = error }
    if case .failure(let error) = system_close(fileDescriptor), firstError == nil {
      firstError = error.captureError(path: path)
    }
    fileDescriptor = -1
    if let firstError { throw firstError }
  }

  // MARK: - Internals

  /// Remembers a fatal error and releases everything, so the descriptor is closed when the
  /// error reaches the caller.
  mutating func fail(_ error: CaptureError) {
    failure = error
    shutDown()
  }

  /// Best-effort STREAMOFF, munmap, close, then marks the device closed.
  mutating func shutDown() {
    cleanUp()
    isStreaming = false
    bufferCount = 0
    buffers = InlineArray(repeating: MappedBuffer())
    fileDescriptor = -1
  }

  /// STREAMOFF, munmap and close with errors ignored (nobody is left to tell): what `deinit`
  /// and a fatal error do.
  func cleanUp() {
    guard fileDescriptor >= 0 else { return }
    if isStreaming {
      var type = Int32(V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue)
      _ = system_ioctl(fileDescriptor, .streamOff, &type)
    }
    _ = unmapAll()
    _ = system_close(fileDescriptor)
  }

  /// Unmaps every buffer and frees the driver's (REQBUFS 0); the first error, if any.
  func unmapAll() -> CaptureError? {
    var firstError: CaptureError?
    for index in 0..<bufferCount {
      if let base = buffers[index].base,
        case .failure(let error) = system_munmap(base, length: buffers[index].length),
        firstError == nil
      {
        firstError = error.captureError(path: path)
      }
    }
    if bufferCount > 0 {
      var request = v4l2_requestbuffers()
      request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
      request.memory = V4L2_MEMORY_MMAP.rawValue
      _ = system_ioctl(fileDescriptor, .requestBuffers, &request)
    }
    return firstError
  }

  /// `unmapAll`, then forgets the buffers.
  @discardableResult
  mutating func releaseBuffers() -> CaptureError? {
    let error = unmapAll()
    buffers = InlineArray(repeating: MappedBuffer())
    bufferCount = 0
    return error
  }

  static func emptyBuffer(index: Int) -> v4l2_buffer {
    var buffer = v4l2_buffer()
    buffer.index = UInt32(index)
    buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
    buffer.memory = V4L2_MEMORY_MMAP.rawValue
    return buffer
  }
}

/// Now on the monotonic clock, nanoseconds.
func monotonicNanos() -> UInt64 {
  var now = timespec()
  clock_gettime(CLOCK_MONOTONIC, &now)
  return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

/// A fixed-size C char array (imported as a tuple) as a String.
func cString<T>(_ tuple: T) -> String {
  withUnsafeBytes(of: tuple) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
}
