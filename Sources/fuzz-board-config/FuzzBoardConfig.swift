import Foundation
import SpikeFuzzSupport
import SpikeModel

/// Reads the input as a board profile (`firmware-config/*.json`): it is refused with a
/// `BoardProfileError` naming the file, or it parses into a profile that passes its own
/// validation.
func fuzzBoardConfig(_ data: UnsafeRawBufferPointer) {
  do {
    let profile = try BoardProfile.parse(Data(data), file: "fuzz.json")
    try profile.validate(file: "fuzz.json")
  } catch {
    precondition(error.description.contains("fuzz.json"), "refusal does not name the file")
  }
}

#if SPIKECAM_FUZZ
  @c(LLVMFuzzerTestOneInput)
  func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzBoardConfig(UnsafeRawBufferPointer(start: data, count: size))
    return 0
  }
#else
  @main enum Replay {
    static func main() { FuzzReplay.run(fuzzBoardConfig) }
  }
#endif
