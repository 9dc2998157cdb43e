#if SPIKECAM_FAULT_INJECTION
  #if canImport(Glibc)
    import Glibc
  #endif
  import Synchronization

  /// Debug-only fault injection for the system-call seam: make the Nth call of one system
  /// call fail with a chosen errno, so tests reach the EBUSY/ENODEV/EINVAL/EIO/EINTR paths
  /// beside the tests against a real device (never instead of them).
  ///
  /// Compiled only when `SPIKECAM_FAULT_INJECTION` is defined (debug builds, see
  /// Package.swift). A rule only fails calls made on the thread that set it, so tests running
  /// in parallel on other threads never see it.
  public enum FaultInjection {
    struct Rule {
      var call: SystemCall
      var errno: Int32
      var nth: Int
      var times: Int
      var thread: pthread_t
      var seen = 0
    }

    struct Plan {
      var rules: [Rule] = []
      var fired = 0
    }

    static let plan = Mutex(Plan())

    /// From now on, the `nth` call of `call` (counting from 1) and the `times − 1` calls after
    /// it fail with `errno` without reaching the kernel.
    public static func fail(_ call: SystemCall, errno: Int32, onCall nth: Int = 1, times: Int = 1) {
      precondition(nth >= 1 && times >= 1, "fault injection counts calls from 1")
      let rule = Rule(call: call, errno: errno, nth: nth, times: times, thread: pthread_self())
      plan.withLock { $0.rules.append(rule) }
    }

    /// Removes every rule (of every thread).
    public static func reset() {
      plan.withLock { $0 = Plan() }
    }

    /// How many calls were failed since the last reset.
    public static var firedCount: Int { plan.withLock { $0.fired } }

    /// The errno to force on this call of `call`, if a rule says so.
    static func forcedErrno(for call: SystemCall) -> Int32? {
      plan.withLock { plan -> Int32? in
        if plan.rules.isEmpty { return nil }
        var forced: Int32?
        let me = pthread_self()
        for index in plan.rules.indices
        where plan.rules[index].call == call && pthread_equal(plan.rules[index].thread, me) != 0 {
          plan.rules[index].seen += 1
          let rule = plan.rules[index]
          if forced == nil, rule.seen >= rule.nth, rule.seen < rule.nth + rule.times {
            forced = rule.errno
          }
        }
        if forced != nil { plan.fired += 1 }
        return forced
      }
    }
  }
#endif
