import Foundation
import SpikeCore
import SpikeModel
import SpikeReference
import SpikeTestSupport
import Testing

/// Files written by the real `safetensors` Python package load here, and ours load there.
@Suite(
  .enabled(
    if: Python.hasSafetensors || PythonTools.required,
    "python3 with safetensors and numpy is not installed; run tools/setup.sh"))
struct PythonInteropTests {
  static let config = AttentionConfig(
    tokens: 4, features: 6, width: 8, heads: 2, hidden: 12, classes: 3)

  @Test func readsAFileWrittenBySafetensorsNumpy() throws {
    let path = Python.temporaryPath("numpy.safetensors")
    let script = """
      import numpy as np
      from safetensors.numpy import save_file
      save_file({"w": np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5,
                 "i8": np.array([-128, 0, 127], dtype=np.int8),
                 "i16": np.array([-300, 300], dtype=np.int16),
                 "i32": np.array([[-70000], [70000]], dtype=np.int32),
                 "u8": np.array([255], dtype=np.uint8)}, "\(path)", metadata={"note": "hello"})
      """
    try Python.run(script)
    let file = try SafetensorsFile.read(path: path)
    #expect(file.metadata["note"] == "hello")
    #expect(try file.floats("w", shape: [2, 3]) == [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5])
    #expect(try file.int8s("i8", shape: [3]) == [-128, 0, 127])
    #expect(try file.int16s("i16", shape: [2]) == [-300, 300])
    #expect(try file.int32s("i32", shape: [2, 1]) == [-70000, 70000])
    #expect(try file.uint8s("u8", shape: [1]) == [255])
  }

  @Test func readsAModelFromTheExportScript() throws {
    let path = Python.temporaryPath("export.safetensors")
    let tool = Python.packageRoot + "/tools/export_pytorch.py"
    _ = try Python.run(
      "import runpy, sys; sys.argv = ['export', '--out', '\(path)', '--tokens', '4', "
        + "'--features', '6', '--width', '8', '--heads', '2', '--hidden', '12', '--classes', '3', "
        + "'--board', 'pi4']; runpy.run_path('\(tool)', run_name='__main__')")
    let file = try SafetensorsFile.read(path: path)
    #expect(file.hasChecksum)
    #expect(file.metadata["board"] == "pi4")
    let (config, parameters) = try AttentionModelFile.readFloat(file)
    #expect(config == Self.config)
    #expect(parameters[.norm1Gamma] == [Float](repeating: 1, count: 8))
    var head = FloatAttentionHead(config: config, parameters: parameters)
    _ = head.classify([Float](repeating: 1, count: 24))
    let logits = head.logits
    #expect(logits.allSatisfy { $0.isFinite })
  }

  @Test func pythonReadsOurFloatAndInt8Files() throws {
    let floatPath = Python.temporaryPath("ours-float.safetensors")
    let p = FloatAttentionParameters(randomFor: Self.config, seed: 9)
    try AttentionModelFile.writeFloat(
      config: Self.config, parameters: p, board: "pi5", path: floatPath)
    let output = try Python.run(
      """
      import zlib, json, struct
      from safetensors.numpy import load_file
      from safetensors import safe_open
      t = load_file("\(floatPath)")
      with safe_open("\(floatPath)", "np") as f: meta = f.metadata()
      blob = open("\(floatPath)", "rb").read()
      n = struct.unpack("<Q", blob[:8])[0]
      ok = "%08x" % zlib.crc32(blob[8 + n:]) == meta["crc32"]
      print(len(t), t["head.weight"].shape, "%.6f" % float(t["proj.weight"].sum()), meta["board"], ok)
      """)
    let sum = p[.projectionWeight].reduce(0, +)
    #expect(output.contains("21 (3, 8)"))
    #expect(output.contains("pi5 True"))
    let printed = output.split(separator: " ")[3]
    #expect(abs((Double(printed) ?? .nan) - Double(sum)) < 1e-4, "\(output)")

    let int8Path = Python.temporaryPath("ours-int8.safetensors")
    let head = FloatAttentionHead(config: Self.config, parameters: p)
    let windows = (0..<8).map { n in (0..<24).map { Float(($0 * 7 + n) % 5) } }
    let model = try AttentionQuantizer.quantize(
      config: Self.config, parameters: p, ranges: AttentionCalibrator().calibrate(head, windows: windows))
    try AttentionModelFile.writeQuantized(model, board: "pi5", path: int8Path)
    let int8Output = try Python.run(
      """
      from safetensors.numpy import load_file
      t = load_file("\(int8Path)")
      print(t["proj.weight"].dtype, t["norm1.weight"].dtype, t["pos_embed"].dtype, int(t["head.weight"].astype(int).sum()))
      """)
    let headSum = model.parameters.head.weights.reduce(0) { $0 + Int($1) }
    #expect(
      int8Output.trimmingCharacters(in: .whitespacesAndNewlines) == "int8 int16 int32 \(headSum)")
  }
}

/// Paths and python3 snippets for the model tests (the runner is `PythonTools`).
enum Python {
  static let packageRoot = PythonTools.packageRoot

  static let hasSafetensors = PythonTools.has(["safetensors.numpy", "numpy"])

  static func temporaryPath(_ name: String) -> String {
    NSTemporaryDirectory() + "spikecam-\(getpid())-" + name
  }

  @discardableResult
  static func run(_ script: String) throws -> String {
    try PythonTools.script(script)
  }
}
