import SpikeCapture

/// Reads the input both as a data set's `labels.csv` and as its `meta.json`: the table is
/// rectangular, the metadata within its limits, or the input is refused with a `CaptureError`.
public func fuzzCSVJSON(_ data: UnsafeRawBufferPointer) {
  let bytes = Array(data)
  do {
    let table = try CSVTable.parse(bytes, name: "labels.csv")
    precondition(!table.header.isEmpty, "table without a header")
    precondition(table.rows.allSatisfy { $0.count == table.header.count }, "ragged table")
  } catch {
    precondition(!error.description.isEmpty)
  }
  do {
    let meta = try Dataset.Meta(json: bytes, path: "meta.json")
    if let format = meta.format {
      precondition(format.width >= 1 && format.width <= PGM.maxSide)
      precondition(format.height >= 1 && format.height <= PGM.maxSide)
    }
    if let classes = meta.classes { precondition(!classes.isEmpty && classes.count <= 65536) }
  } catch {
    precondition(!error.description.isEmpty)
  }
}
