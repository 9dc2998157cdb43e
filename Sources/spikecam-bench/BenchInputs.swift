import SpikeCapture
import SpikeModel

/// A workload's exit code after its message went to stderr.
struct BenchExit: Error {
  let code: Int32
}

/// The int8 attention model and the looped clip that the end-to-end workloads stream, read with
/// one set of messages and exit codes (65: not an int8 attention model, 66: cannot read).
enum BenchInputs {
  /// The product's default model: the attention head's int8 classifier.
  typealias Model = QuantizedClassifierModel<AttentionClassifierHead>

  static func int8Model(_ path: String) throws(BenchExit) -> Model {
    let file: ClassifierModelFile.Model
    do throws(ModelError) {
      file = try ClassifierModelFile.read(path: path)
    } catch {
      BenchIO.err("Error: \(error.description)\n")
      throw BenchExit(code: 66)
    }
    guard case .int8(let read) = file, let model = read as? Model else {
      BenchIO.err("Error: \(path) is not an int8 attention model; pass one\n")
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
