import Testing

@testable import SpikeCore

@Suite struct SpikePlanesTests {
  @Test func setBitsLandInTheirWordAndCount() {
    var planes = SpikePlanes(count: 130, timesteps: 3)
    #expect(planes.wordsPerPlane == 3 && planes.words.count == 9)
    planes.set(step: 0, channel: 0)
    planes.set(step: 1, channel: 64)
    planes.set(step: 2, channel: 129)
    planes.set(step: 2, channel: 129)
    #expect(planes.words[0] == 1 && planes.words[4] == 1 && planes.words[8] == 2)
    #expect(planes.isSet(step: 2, channel: 129) && !planes.isSet(step: 1, channel: 129))
    #expect(planes.spikeCount(step: 2) == 1 && planes.totalSpikes == 3)
    planes.clear()
    #expect(planes.totalSpikes == 0)
  }
}
