import Glibc

/// Starts POSIX threads for the loops that must run beside the caller (capture, MQTT): the
/// one place that hands a Swift closure through `pthread_create`'s untyped context.
public enum SystemThread {
  /// Starts a thread that runs `body` once and ends; join or detach the handle. The closure is
  /// kept alive until the thread has run it.
  public static func start(_ body: @escaping () -> Void) -> Result<pthread_t, Errno> {
    let context = Unmanaged.passRetained(Body(body)).toOpaque()
    var handle = pthread_t()
    let status = pthread_create(
      &handle, nil,
      { context in
        Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
        return nil
      }, context)
    guard status == 0 else {
      Unmanaged<Body>.fromOpaque(context).release()
      return .failure(Errno(status))
    }
    return .success(handle)
  }

  private final class Body {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
  }
}
