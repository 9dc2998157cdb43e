@testable import SpikeCore

/// Encodes an array frame into fresh planes (tests only; the streaming path reuses planes).
func encoded<E: SpikeEncoder>(_ encoder: inout E, _ frame: [UInt8]) -> SpikePlanes {
  var planes = SpikePlanes(count: encoder.outputCount, timesteps: encoder.timesteps)
  frame.withUnsafeBufferPointer { encoder.encode($0, into: &planes) }
  return planes
}

/// Steps at which `channel` spikes.
func spikeSteps(_ planes: SpikePlanes, channel: Int) -> [Int] {
  (0..<planes.timesteps).filter { planes.isSet(step: $0, channel: channel) }
}

/// A frame holding every grey level once: pixel i has value i.
let allGreyLevels: [UInt8] = (0..<256).map { UInt8($0) }
