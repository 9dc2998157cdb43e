import Foundation
import SpikeModel
import SpikeReference
import SpikeTestSupport
import Testing

/// The PyTorch reference of the head (tools/spikecam_torch.py) against SpikeCam's float twin,
/// and a head trained in PyTorch imported as a complete model, with the real PyTorch CPU wheel.
@Suite(
  .serialized,
  .enabled(
    if: PythonTools.required || PythonTools.missing(["torch", "safetensors", "numpy"]) == nil,
    "python3 with torch, safetensors and numpy is not installed; run tools/setup.sh"))
struct PyTorchInteropTests {
  /// Largest |logit difference| allowed, relative to max(1, largest |logit|): both sides are
  /// Float32 and sum in different orders.
  static let tolerance = 1e-4

  init() throws {
    if let reason = PythonTools.missing(["torch", "safetensors", "numpy"]) {
      Issue.record("SPIKECAM_REQUIRE_PYTHON=1 but \(reason)")
      throw ToyModel.Failure(description: reason)
    }
  }

  /// `spikecam features` on the test split, then `spikecam_torch.py check`: PyTorch's logits
  /// equal the float twin's within the tolerance and every argmax agrees. The file's logits are
  /// the float pipeline's own (checked here against `FloatClassifierPipeline`).
  @Test func pytorchLogitsAgreeWithTheFloatTwin() throws {
    let toy = try ToyModel.get()
    let dir = try ToyModel.scratch("torch-check")
    let features = dir + "/test-features.safetensors"
    let (code, _, err) = spikecam([
      "features", "--model", toy.model, "--data", toy.data, "--split", "test", "--out", features,
    ])
    try #require(code == 0, "\(err)")
    let file = try SafetensorsFile.read(path: features)
    let clips = 16
    let logits = try file.floats("logits", shape: [clips, 4])
    guard case .float(let any) = try ClassifierModelFile.read(path: toy.model),
      let model = any as? FloatClassifierModel<AttentionClassifierHead>
    else {
      Issue.record("the toy model is not a float attention model")
      return
    }
    var pipeline = try model.makePipeline()
    let (pixels, _) = ToyDataset.make(perClass: 4, seed: 9)
    for c in 0..<4 {
      pipeline.reset()
      var decided = false
      for f in 0..<16 {
        let start = (c * 16 + f) * 4096
        decided = pixels[start..<start + 4096].withUnsafeBufferPointer {
          pipeline.push($0) != nil
        }
      }
      #expect(decided)
      #expect(pipeline.head.logits == Array(logits[(c * 4)..<(c * 4 + 4)]))
    }
    let output = try PythonTools.tool(
      "spikecam_torch.py", ["check", "--model", toy.model, "--features", features])
    #expect(output.contains("clips 16") && output.contains("argmax agreement 100.00%"), "\(output)")
    let difference = Self.number(after: "max |logit difference| ", in: output)
    let largest = Self.number(after: "largest |logit| ", in: output)
    #expect(difference <= Self.tolerance * max(1, largest), "\(output)")
  }

  /// `quant-sensitivity.py` on the bundled model and the sample's features: its float head on
  /// the grid of the bundled ranges agrees with the float head as often as the real int8 head
  /// does, within two of the 18 clips, and a 16-bit grid agrees at least as often.
  @Test func quantSensitivityTracksTheInt8Head() throws {
    let dir = try ToyModel.scratch("quant-sensitivity")
    let float = packageRoot + "/calibration/gesture9-float.safetensors"
    let ranges = packageRoot + "/calibration/gesture9-ranges.json"
    let sample = packageRoot + "/calibration/gesture9-sample"
    var files: [String] = []
    for split in ["train", "test"] {
      let features = dir + "/\(split).safetensors"
      let (code, _, err) = spikecam([
        "features", "--model", float, "--data", sample, "--split", split, "--out", features,
      ])
      try #require(code == 0, "\(err)")
      files.append(features)
    }
    let output = try PythonTools.tool(
      "quant-sensitivity.py", ["--model", float, "--ranges", ranges, "--features"] + files)
    #expect(output.hasPrefix("18 windows"), "\(output)")
    let gridded = Self.number(after: "| every activation and the weights (int8) | ", in: output)
    let wide = Self.number(
      after: "| every activation on a 16-bit grid up to its largest |x|, int8 weights | ", in: output)
    #expect(wide >= gridded, "\(output)")
    // The real int8 head on the same 18 clips.
    var agreed = 0.0
    for split in ["train", "test"] {
      let (code, out, err) = spikecam([
        "eval", "--model", packageRoot + "/calibration/gesture9-int8.safetensors", "--float",
        float, "--data", sample, "--split", split, "--json",
      ])
      try #require(code == 0, "\(err)")
      let d = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
      agreed += 9 * (d["agreement_head"] as? Double ?? 0)
    }
    #expect(abs(gridded - 100 * agreed / 18) <= 100 * 2.0 / 18 + 1e-9, "\(output)")
    for name in ["embedded", "attended", "pooled"] { #expect(output.contains("| \(name) | ")) }
  }

  /// Fine-tunes the head in PyTorch on the train split's features (choosing on val), writes a
  /// complete model, and checks that calibrate, quantize, eval and run accept it, that its
  /// float twin agrees with PyTorch, that eval warns on the clips it trained on, and that the
  /// exported head re-imports to the same tensors; the training record follows the model.
  @Test func aHeadTrainedInPyTorchImportsQuantizesEvaluatesAndRuns() throws {
    let toy = try ToyModel.get()
    let dir = try ToyModel.scratch("torch-train")
    func features(_ model: String, _ split: String) throws -> String {
      let out = dir + "/\(split)-" + URL(fileURLWithPath: model).lastPathComponent
      let (code, _, err) = spikecam([
        "features", "--model", model, "--data", toy.data, "--split", split, "--out", out,
      ])
      try #require(code == 0, "\(err)")
      return out
    }
    let trained = dir + "/torch-float.safetensors"
    let head = dir + "/head.pt"
    try PythonTools.tool(
      "spikecam_torch.py",
      [
        "train", "--features", try features(toy.model, "train"), "--val",
        try features(toy.model, "val"), "--front-end", toy.model, "--out", trained, "--epochs",
        "15", "--seed", "3", "--state-dict-out", head,
      ])
    // The float twin of the imported model agrees with PyTorch.
    let check = try PythonTools.tool(
      "spikecam_torch.py", ["check", "--model", trained, "--features", try features(trained, "test")])
    #expect(check.contains("argmax agreement 100.00%"), "\(check)")
    // The PyTorch file re-imports (export_pytorch.py --front-end) to the same tensors.
    let again = dir + "/again-float.safetensors"
    try PythonTools.tool(
      "export_pytorch.py", ["--state-dict", head, "--front-end", toy.model, "--out", again])
    let a = try SafetensorsFile.read(path: trained)
    let b = try SafetensorsFile.read(path: again)
    #expect(a.tensors.map(\.name).sorted() == b.tensors.map(\.name).sorted())
    for name in ["proj.weight", "attn.q.weight", "head.bias", "snn.weight"] {
      let shape = try a.info(name).shape
      #expect(try a.floats(name, shape: shape) == b.floats(name, shape: shape), "\(name)")
    }
    // calibrate, quantize, eval, run.
    let ranges = dir + "/ranges.json"
    let int8 = dir + "/torch-int8.safetensors"
    var (code, out, err) = spikecam(["calibrate", "--model", trained, "--data", toy.data, "--out", ranges])
    #expect(code == 0, "\(err)")
    (code, _, err) = spikecam([
      "quantize", "--model", trained, "--calibration", ranges, "--board",
      PythonTools.packageRoot + "/firmware-config/rpi-4.json", "--out", int8,
    ])
    #expect(code == 0, "\(err)")
    (code, out, err) = spikecam([
      "eval", "--model", int8, "--float", trained, "--data", toy.data, "--split", "test", "--json",
    ])
    #expect(code == 0, "\(err)")
    #expect(!err.contains("warning"), "\(err)")
    let scores = try #require(
      try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    #expect((scores["float_accuracy"] as? Double ?? 0) >= 0.5, "\(out)")
    #expect((scores["agreement"] as? Double ?? 0) >= 0.75, "\(out)")
    #expect(scores["seen_in_training"] as? Int == 0)
    (code, _, err) = spikecam(["eval", "--model", int8, "--data", toy.data, "--split", "train"])
    #expect(code == 0)
    #expect(err.contains("warning: 32 of the 32 clips scored are clips the model trained on"), "\(err)")
    (code, out, err) = spikecam([
      "run", "--model", int8, "--clip", PythonTools.packageRoot + "/calibration/sample-640x480.avi",
      "--json", "--frames", "20",
    ])
    #expect(code == 0, "\(err)")
    #expect(out.split(separator: "\n").count == 20 - 16 + 1)
    // The training record goes from the float model to the int8 one and to a model adapted on
    // the device.
    let adapted = dir + "/adapted-int8.safetensors"
    (code, _, err) = spikecam([
      "run", "--model", int8, "--clip", PythonTools.packageRoot + "/calibration/sample-640x480.avi",
      "--frames", "20", "--learn", "--save", adapted,
    ])
    #expect(code == 0, "\(err)")
    let record = try #require(a.metadata[TrainingData.metadataKey])
    #expect(try SafetensorsFile.read(path: int8).metadata[TrainingData.metadataKey] == record)
    #expect(try SafetensorsFile.read(path: adapted).metadata[TrainingData.metadataKey] == record)
  }

  static func number(after marker: String, in text: String) -> Double {
    guard let range = text.range(of: marker) else { return .nan }
    let rest = text[range.upperBound...].prefix { !$0.isWhitespace && $0 != ")" }
    return Double(rest) ?? .nan
  }
}
