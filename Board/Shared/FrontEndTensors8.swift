import SpikeCore

#if canImport(SpikeSystem)
  import SpikeSystem  // the package build; the board programs compile SafetensorsLayout in
#endif

/// The integer spiking front end's tensors in a model file (`snn.weight`, int8 synapses;
/// `snn.theta`, int32 adaptive thresholds), read and range-checked by one code for `spikecam`
/// and the board programs.
public enum FrontEndTensors8 {
  /// Reads the weights and θ of the front end `p` describes; θ must be in the state range.
  public static func read(
    _ layout: SafetensorsLayout, _ image: UnsafeRawBufferPointer, _ p: PipelineConfig
  ) throws(SafetensorsProblem) -> (weights: [Int8], theta: [Int32]) {
    let weights = try layout.int8s("snn.weight", shape: [p.storedSynapses], in: image)
    let theta = try layout.int32s("snn.theta", shape: [p.neurons], in: image)
    for t in theta where t < 0 || t > Widths.stateMax {
      throw SafetensorsProblem(.outOfRange, "snn.theta", "θ must be in 0...2^23−1")
    }
    return (weights, theta)
  }
}
