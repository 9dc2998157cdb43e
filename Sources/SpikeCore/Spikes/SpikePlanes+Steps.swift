extension SpikePlanes {
  /// Silences every channel at one step, so a layer can write that step's spikes afresh.
  public mutating func clearStep(_ step: Int) {
    precondition(step >= 0 && step < timesteps, "step \(step) outside 0..<\(timesteps)")
    for w in 0..<wordsPerPlane { words[step * wordsPerPlane + w] = 0 }
  }
}

extension SpikePlanes {
  /// `clearStep` for a layer of `neurons` neurons about to write the step, after checking that
  /// its `inputs` drive values and these planes have one entry per neuron.
  mutating func clearStep(_ step: Int, neurons: Int, inputs: Int) {
    precondition(
      inputs == neurons && count == neurons, "input and spikes must have one entry per neuron")
    clearStep(step)
  }
}
