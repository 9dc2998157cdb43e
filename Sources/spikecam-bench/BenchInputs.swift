import SpikeCapture
import SpikeModel

/// A workload's exit code after its message went to stderr.
struct BenchExit: Error {
  let code: Int32
}

/// The int8 model and the looped clip that the end-to-end workloads stream, read with one set of
/// messages and exit codes (65: not an int8 model, 66: cannot read).
enum BenchInputs {
  static func int8Model(_ path: String) throws(BenchExit) -> QuantizedClassifierModel {
    let file: ClassifierModelFile.Model
    do throws(ModelError) {
      file = try ClassifierModelFile.read(path: path)
    } catch {
      BenchIO.err("Error: \(error.description)\n")
      throw BenchExit(code: 66)
    }
    guard case .int8(let model) = file else {
      BenchIO.err("Error: \(path) is a float model; pass the int8 model\n")
      throw BenchExit(code: 65)
    }
    return model
  }

  static func loopedClip(_ path: String) throws(BenchExit) -> MJPEGFileSource {
    do throws(CaptureError) {
      return try MJPEGFileSource(path: path, loop: true)
    } catch {
      BenchIO.err("Error: \(error.description)\n")
      throw BenchExit(code: 66)
    }
  }
}
