import SpikeModel

/// Reads the input as a model image: the safetensors container (header, offsets, dtypes,
/// checksum) and then, when it says it is a classifier, the full classifier model. Either it
/// loads, or it is refused with a `ModelError` that names the file.
public func fuzzModelImage(_ data: UnsafeRawBufferPointer) {
  do {
    let file = try SafetensorsFile.parse(Array(data), file: "fuzz.safetensors")
    if ClassifierModelFile.isClassifier(file) {
      _ = try ClassifierModelFile.read(file)
    } else {
      refusedOrRead { () throws(ModelError) in _ = try AttentionModelFile.readFloat(file) }
      refusedOrRead { () throws(ModelError) in _ = try AttentionModelFile.readQuantized(file) }
    }
  } catch {
    precondition(error.description.contains("fuzz.safetensors"), "refusal does not name the file")
  }
}

func refusedOrRead(_ body: () throws(ModelError) -> Void) {
  do { try body() } catch {
    precondition(error.description.contains("fuzz.safetensors"), "refusal does not name the file")
  }
}
