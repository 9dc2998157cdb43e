import SpikeBoard
import SpikeModel

/// Reads the input as a model image: the safetensors container (header, offsets, dtypes,
/// checksum) and then, when it says it is a classifier, the full classifier model. Either it
/// loads, or it is refused with a `ModelError` that names the file. The board programs' reader
/// reads it too, and may accept it only if the host's does (unless the host refused a signature
/// alone: the board checks none).
public func fuzzModelImage(_ data: UnsafeRawBufferPointer) {
  let board = try? BoardModel(SafetensorsImage(data, file: "fuzz.safetensors"))
  do {
    let file = try SafetensorsFile.parse(Array(data), file: "fuzz.safetensors")
    if ClassifierModelFile.isClassifier(file) {
      let model = try ClassifierModelFile.read(file)
      if let board {
        precondition(
          !model.isFloat && model.head == "attention" && model.classNames == board.classNames,
          "the board reader reads this file as another model")
      }
    } else {
      refusedOrRead { () throws(ModelError) in _ = try AttentionModelFile.readFloat(file) }
      refusedOrRead { () throws(ModelError) in _ = try AttentionModelFile.readQuantized(file) }
    }
  } catch {
    precondition(error.description.contains("fuzz.safetensors"), "refusal does not name the file")
    precondition(
      board == nil || error.kind == .badSignature || error.kind == .missingLibrary,
      "the board reader accepts a file the host refuses: \(error)")
  }
}

func refusedOrRead(_ body: () throws(ModelError) -> Void) {
  do { try body() } catch {
    precondition(error.description.contains("fuzz.safetensors"), "refusal does not name the file")
  }
}
