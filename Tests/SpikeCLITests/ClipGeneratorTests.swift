import SpikeTestSupport
import Testing

/// The clip generators' own tests (tools/clipgen/test_clipgen.py): the pools stay disjoint,
/// camera motion is never the label, streams keep their quiet stretches, moved paths stay in
/// view, and the same seed makes the same bytes with any number of processes. Run here so a
/// change to the generators that breaks them fails the suite.
@Suite(
  .enabled(
    if: PythonTools.required || PythonTools.missing(["numpy"]) == nil,
    "python3 with numpy is not installed; run tools/setup.sh"))
struct ClipGeneratorTests {
  @Test func generatorTestsPass() throws {
    if let reason = PythonTools.missing(["numpy"]) {
      Issue.record("SPIKECAM_REQUIRE_PYTHON=1 but \(reason)")
      return
    }
    // The test runner's threads block most signals and a spawned process inherits the mask;
    // the generators' process pools stop their workers with SIGTERM, so it is cleared first.
    let tools = PythonTools.packageRoot + "/tools"
    do {
      try PythonTools.script(
        """
        import signal, unittest
        signal.pthread_sigmask(signal.SIG_SETMASK, set())
        unittest.main(module=None, argv=["unittest", "discover", "-s", "\(tools)/clipgen",
                                         "-t", "\(tools)", "-p", "test_*.py"])
        """)
    } catch let failure as PythonTools.Failure {
      Issue.record("tools/clipgen tests failed: \(failure)")
    }
  }
}
