#if canImport(Glibc)
  import Glibc
#endif

/// What a consumer waiting on an empty `FrameRing` sleeps on: a mutex and a condition variable
/// on the monotonic clock. The waiter checks its condition under the mutex and the ringer rings
/// under it, so a ring that comes between the check and the sleep is not lost.
final class Doorbell: @unchecked Sendable {  // the pthread objects are only used under `mutex`
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

  init() {
    pthread_mutex_init(mutex, nil)
    var attributes = pthread_condattr_t()
    pthread_condattr_init(&attributes)
    // The monotonic clock: a wall-clock step must not stretch or cut a frame timeout.
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
    pthread_cond_init(condition, &attributes)
    pthread_condattr_destroy(&attributes)
  }

  deinit {
    pthread_cond_destroy(condition)
    pthread_mutex_destroy(mutex)
    condition.deallocate()
    mutex.deallocate()
  }

  /// Wakes the waiter; call it after making its condition true.
  func ring() {
    pthread_mutex_lock(mutex)
    pthread_cond_broadcast(condition)
    pthread_mutex_unlock(mutex)
  }

  /// Sleeps until `ready()` holds (checked under the lock before every sleep) or the monotonic
  /// clock reads `deadline`.
  func wait(untilMonotonicNanos deadline: UInt64, until ready: () -> Bool) {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    var until = timespec(
      tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
    while !ready() {
      if pthread_cond_timedwait(condition, mutex, &until) == ETIMEDOUT { return }
    }
  }
}
