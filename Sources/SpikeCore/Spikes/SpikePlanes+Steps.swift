extension SpikePlanes {
  /// Silences every channel at one step, so a layer can write that step's spikes afresh.
  public mutating func clearStep(_ step: Int) {
    precondition(step >= 0 && step < timesteps, "step \(step) outside 0..<\(timesteps)")
    for w in 0..<wordsPerPlane { words[step * wordsPerPlane + w] = 0 }
  }
}
