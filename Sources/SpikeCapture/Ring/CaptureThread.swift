import SpikeSystem
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A thread that moves frames from a `FrameSource` into a `FrameRing` until the source ends,
/// fails, or `stop()` is called. The source moves into the thread and is destroyed there (a
/// camera is closed) before `join` returns.
///
/// The loop allocates nothing per frame: one staging buffer of the ring's frame size is made
/// when the thread starts.
public final class CaptureThread: @unchecked Sendable {  // state is atomic or behind a Mutex
  /// How the loop ended.
  public enum Outcome: Sendable, Equatable {
    /// Still running.
    case running
    /// The source returned `nil` (end of a clip, or a stop request the source saw).
    case finished
    /// `stop()` was called.
    case stopped
    /// The source threw.
    case failed(CaptureError)
  }

  /// The ring frames go into.
  public let ring: FrameRing
  /// Set by `stop()`; pass it to sources that block (such as `V4L2Source`) so they wake up.
  public let stopSignal: StopSignal
  let state = Mutex<Outcome>(.running)
  let framesCaptured = Atomic<Int>(0)
  var thread: pthread_t?

  /// Starts a thread running `source` into `ring`.
  public init<Source: FrameSource & ~Copyable>(
    source: consuming Source, ring: FrameRing, stopSignal: StopSignal = StopSignal()
  ) {
    precondition(source.format == ring.format, "the source's frames must match the ring's format")
    (self.ring, self.stopSignal) = (ring, stopSignal)
    let box = SourceBox(source)
    // The thread holds the loop strongly until it ends (deinit then runs there or after join).
    switch SystemThread.start({ self.run(box) }) {
    case .success(let handle): thread = handle
    case .failure(let error): preconditionFailure("cannot start the capture thread: \(error)")
    }
  }

  /// Frames pushed into the ring so far.
  public var captured: Int { framesCaptured.load(ordering: .relaxed) }

  /// How the loop ended (`.running` until it does).
  public var outcome: Outcome { state.withLock { $0 } }

  /// Asks the loop to end after the current frame, and waits for it.
  public func stop() {
    stopSignal.set()
    join()
  }

  /// Waits for the loop to end; the source has been destroyed when this returns.
  public func join() {
    guard let handle = thread else { return }
    thread = nil
    pthread_join(handle, nil)
  }

  deinit {
    guard let handle = thread else { return }
    stopSignal.set()
    if pthread_equal(handle, pthread_self()) != 0 {
      pthread_detach(handle)  // the last reference went away on the capture thread itself
    } else {
      pthread_join(handle, nil)
    }
  }

  private func run<Source: FrameSource & ~Copyable>(_ box: SourceBox<Source>) {
    var staging = [UInt8](repeating: 0, count: ring.format.byteCount)
    var outcome = Outcome.finished
    while true {
      if stopSignal.isSet {
        outcome = .stopped
        break
      }
      do throws(CaptureError) {
        let stamp = try staging.withUnsafeMutableBufferPointer { buffer throws(CaptureError) in
          try box.source!.nextFrame(into: buffer)
        }
        guard let stamp else {
          outcome = stopSignal.isSet ? .stopped : .finished
          break
        }
        staging.withUnsafeBufferPointer { _ = ring.push($0, stamp: stamp) }
        framesCaptured.add(1, ordering: .relaxed)
      } catch {
        outcome = .failed(error)
        break
      }
    }
    box.source = nil  // closes a camera here, before anyone waiting in join() wakes up
    state.withLock { $0 = outcome }
    ring.wake()  // a consumer waiting for frames learns at once that none will come
  }
}

/// Holds a noncopyable source so the thread can own it.
final class SourceBox<Source: FrameSource & ~Copyable> {
  var source: Source?
  init(_ source: consuming Source) { self.source = .some(source) }
}
