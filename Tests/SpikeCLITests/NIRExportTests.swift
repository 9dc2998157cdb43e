import Foundation
import SpikeModel
import SpikeReference
import SpikeTestSupport
import Testing

/// tools/export_nir.py writes the spiking front end as a NIR graph; the real `nir` package reads
/// it back, and every node, shape and parameter is checked against what SpikeCam builds from
/// the model file (dense weights from the float network, thresholds + θ, decays, inhibition).
@Suite(
  .serialized,
  .enabled(
    if: PythonTools.required || PythonTools.missing(["nir", "numpy", "safetensors"]) == nil,
    "python3 with nir, numpy and safetensors is not installed; run tools/setup.sh"))
struct NIRExportTests {
  init() throws {
    if let reason = PythonTools.missing(["nir", "numpy", "safetensors"]) {
      Issue.record("SPIKECAM_REQUIRE_PYTHON=1 but \(reason)")
      throw ToyModel.Failure(description: reason)
    }
  }

  @Test(arguments: ["float", "int8"]) func readsBackTheFrontEnd(_ kind: String) throws {
    let toy = try ToyModel.get()
    let dir = try ToyModel.scratch("nir-\(kind)")
    var path = toy.model
    if kind == "int8" {
      path = dir + "/toy-int8.safetensors"
      var (code, _, err) = spikecam([
        "calibrate", "--model", toy.model, "--data", toy.data, "--out", dir + "/r.json",
      ])
      try #require(code == 0, "\(err)")
      (code, _, err) = spikecam([
        "quantize", "--model", toy.model, "--calibration", dir + "/r.json", "--board",
        PythonTools.packageRoot + "/firmware-config/rpi-4.json", "--out", path,
      ])
      try #require(code == 0, "\(err)")
    }
    // What SpikeCam builds from the file: the float twin's network (an int8 front end holds the
    // same integer-unit values).
    let loaded = try ClassifierModelFile.read(path: path)
    let p = loaded.pipeline
    let (weights, theta): ([Float], [Float])
    switch loaded {
    case .float(let m): (weights, theta) = (m.frontEnd.weights, m.frontEnd.theta)
    case .int8(let m):
      let q = try #require(m as? QuantizedClassifierModel<AttentionClassifierHead>)
      (weights, theta) = (q.frontEnd.weights.map { Float($0) }, q.frontEnd.theta.map { Float($0) })
    }
    let description = p.network(learning: false)
    var network = try FloatSpikingNetwork(description: description)
    try network.setStoredWeights(projection: 0, weights)
    let dense = network.weights(projection: 0)  // pre-major: [input][neuron]
    let layer = description.layers[0]
    let thresholds = theta.map { Float(layer.neuron.threshold) + $0 }
    try Data(floats: dense).write(to: URL(fileURLWithPath: dir + "/dense.f32"))
    try Data(floats: thresholds).write(to: URL(fileURLWithPath: dir + "/threshold.f32"))

    let graph = dir + "/front-end.nir"
    let printed = try PythonTools.tool("export_nir.py", ["--model", path, "--out", graph])
    #expect(printed.contains("\(p.neurons) CubaLIF neurons"), "\(printed)")
    let inputs = description.inputCount
    let n = p.neurons
    let result = try PythonTools.script(
      """
      import nir, numpy as np
      g = nir.read("\(graph)")
      assert sorted(g.nodes) == ["columns", "inhibition", "input", "output", "synapses"], g.nodes
      assert sorted(g.edges) == sorted([("input", "synapses"), ("synapses", "columns"),
          ("columns", "inhibition"), ("inhibition", "columns"), ("columns", "output")]), g.edges
      assert isinstance(g.nodes["input"], nir.Input) and isinstance(g.nodes["output"], nir.Output)
      assert list(g.nodes["input"].input_type["input"]) == [\(inputs)]
      assert list(g.nodes["output"].output_type["output"]) == [\(n)]
      w = g.nodes["synapses"].weight
      dense = np.fromfile("\(dir)/dense.f32", "<f4").reshape(\(inputs), \(n))
      assert w.shape == (\(n), \(inputs)) and np.array_equal(w, dense.T * \(1 << Int(description.projections[0].weightExponent)))
      c = g.nodes["columns"]
      assert isinstance(c, nir.CubaLIF)
      one = np.ones(\(n))
      assert np.array_equal(c.v_threshold, np.fromfile("\(dir)/threshold.f32", "<f4"))
      assert np.allclose(c.tau_syn, one * 4096 / \(layer.neuron.currentDecay))
      assert np.allclose(c.tau_mem, one * 4096 / \(layer.neuron.voltageDecay))
      assert np.allclose(c.r, c.tau_mem) and np.allclose(c.w_in, c.tau_syn)
      assert np.array_equal(c.v_leak, 0 * one) and np.array_equal(c.v_reset, 0 * one)
      assert int(c.metadata["k_wta_winners_per_column"]) == \(layer.winners)
      assert int(c.metadata["refractory_steps"]) == \(layer.neuron.refractorySteps)
      inh = g.nodes["inhibition"].weight
      per = \(p.perColumn)
      for i in range(\(n)):
          for j in range(\(n)):
              expected = -\(layer.lateralInhibition) if i // per == j // per and i != j else 0
              assert inh[i, j] == expected, (i, j, inh[i, j])
      assert "k-WTA" in g.metadata["not_expressed"]
      print("ok", np.count_nonzero(w))
      """)
    #expect(result.hasPrefix("ok"), "\(result)")
    #expect(result.contains("ok \(dense.filter { $0 != 0 }.count)"), "\(result)")
  }
}

extension Data {
  /// Float32 values, little-endian.
  init(floats: [Float]) {
    self.init(floats.flatMap { v in Swift.withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } })
  }
}
