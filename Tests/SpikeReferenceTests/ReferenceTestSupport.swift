import SpikeCore

/// Encodes an array frame into fresh planes (tests only).
func encoded<E: SpikeEncoder>(_ encoder: inout E, _ frame: [UInt8]) -> SpikePlanes {
  var planes = SpikePlanes(count: encoder.outputCount, timesteps: encoder.timesteps)
  frame.withUnsafeBufferPointer { encoder.encode($0, into: &planes) }
  return planes
}

/// The single spike step of `channel` (encoders that fire each channel once).
func firstStep(_ planes: SpikePlanes, channel: Int) -> Int? {
  (0..<planes.timesteps).first { planes.isSet(step: $0, channel: channel) }
}

/// A frame holding every grey level once: pixel i has value i.
let allGreyLevels: [UInt8] = (0..<256).map { UInt8($0) }
