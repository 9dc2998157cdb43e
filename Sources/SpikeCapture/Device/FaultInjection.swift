#if SPIKECAM_FAULT_INJECTION
  import Synchronization

  /// Debug-only fault injection for the system-call seam: make the Nth call of one system
  /// call fail with a chosen errno, so tests reach the EBUSY/ENODEV/EINVAL/EIO/EINTR paths
  /// beside the tests against a real device (never instead of them).
  ///
  /// Compiled only when `SPIKECAM_FAULT_INJECTION` is defined (debug builds, see
  /// Package.swift). The plan is process-wide: tests that use it must run serialized with every
  /// other test that opens a device.
  public enum FaultInjection {
    struct Rule {
      var call: SystemCall
      var errno: Int32
      var nth: Int
      var times: Int
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
      plan.withLock { $0.rules.append(Rule(call: call, errno: errno, nth: nth, times: times)) }
    }

    /// Removes every rule.
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
        for index in plan.rules.indices where plan.rules[index].call == call {
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
