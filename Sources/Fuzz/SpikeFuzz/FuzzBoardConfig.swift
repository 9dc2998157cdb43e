import Foundation
import SpikeModel

/// Reads the input as a board profile (`firmware-config/*.json`): it is refused with a
/// `BoardProfileError` naming the file, or it parses into a profile that passes its own
/// validation.
public func fuzzBoardConfig(_ data: UnsafeRawBufferPointer) {
  do {
    let profile = try BoardProfile.parse(Data(data), file: "fuzz.json")
    try profile.validate(file: "fuzz.json")
  } catch {
    precondition(error.description.contains("fuzz.json"), "refusal does not name the file")
  }
}
