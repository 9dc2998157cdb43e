/// The receptive fields of a layer of cortical columns: each neuron's input weights over its
/// `patch × patch` field, one small map per input polarity (rows: ON, OFF) and per delay
/// (columns: this frame, then 1…D frames back), white the neuron's largest weight and black 0.
public struct ReceptiveFieldPicture: Sendable {
  /// Per neuron, its weights in field order: rows, then pixels, then channels
  /// (`delay · polarities + polarity`).
  public var fields: [[Int]]
  /// Field side in pixels.
  public var patch: Int
  /// Encoder channels per pixel (2: ON and OFF).
  public var polarities: Int
  /// Frames of delay beside the current one.
  public var delays: Int
  /// Neurons per column.
  public var perColumn: Int
  /// Columns across the image.
  public var columnsAcross: Int

  public init(
    fields: [[Int]], patch: Int, polarities: Int, delays: Int, perColumn: Int, columnsAcross: Int
  ) {
    (self.fields, self.patch, self.polarities, self.delays, self.perColumn, self.columnsAcross) =
      (fields, patch, polarities, delays, perColumn, columnsAcross)
  }

  var channels: Int { polarities * (delays + 1) }
  var columns: Int { fields.count / max(1, perColumn) }
  var polarityNames: [String] { polarities == 2 ? ["ON", "OFF"] : (0..<polarities).map { "C\($0)" } }

  /// Draws neuron `n`'s maps with their top-left corner at (x, y), `scale` pixels a weight.
  func drawNeuron(_ n: Int, into canvas: inout Canvas, x: Int, y: Int, scale: Int) {
    let field = fields[n]
    let top = max(1, field.max() ?? 1)
    let cell = patch * scale
    for p in 0..<polarities {
      for d in 0...delays {
        let ox = x + d * (cell + 1)
        let oy = y + p * (cell + 1)
        let c = d * polarities + p
        for py in 0..<patch {
          for px in 0..<patch {
            let w = field[(py * patch + px) * channels + c]
            canvas.fill(
              x: ox + px * scale, y: oy + py * scale, width: scale, height: scale,
              .grey(Double(max(0, w)) / Double(top)))
          }
        }
      }
    }
  }

  /// Size of one neuron's tile at `scale`.
  func tileSize(scale: Int) -> (Int, Int) {
    let cell = patch * scale
    return ((delays + 1) * (cell + 1) - 1, polarities * (cell + 1) - 1)
  }

  /// Every neuron: the columns laid out as they tile the image, each column's neurons in a
  /// small grid (up to 4 across).
  public func picture(scale: Int = 2) -> Canvas {
    let (tw, th) = tileSize(scale: scale)
    let across = min(perColumn, 4)
    let down = (perColumn + across - 1) / across
    let blockW = across * (tw + 3) + 6
    let blockH = down * (th + 3) + 6
    let rows = (columns + columnsAcross - 1) / columnsAcross
    let header = 24
    var canvas = Canvas(
      width: max(columnsAcross * blockW + 6, 420), height: header + rows * blockH + 6,
      background: .lightGrey)
    canvas.text(
      "RECEPTIVE FIELDS: ROWS \(polarityNames.joined(separator: "/")), COLUMNS T" + (1...max(1, delays)).map { delays > 0 ? " T-\($0)" : "" }.joined(),
      x: 6, y: 8, .black)
    for c in 0..<columns {
      let bx = 6 + (c % columnsAcross) * blockW
      let by = header + (c / columnsAcross) * blockH
      canvas.fill(x: bx - 2, y: by - 2, width: blockW - 4, height: blockH - 4, .white)
      for k in 0..<perColumn {
        drawNeuron(
          c * perColumn + k, into: &canvas, x: bx + (k % across) * (tw + 3),
          y: by + (k / across) * (th + 3), scale: scale)
      }
    }
    return canvas
  }

  /// One column's neurons, large and labelled.
  public func columnPicture(_ column: Int, scale: Int = 8) -> Canvas {
    let (tw, th) = tileSize(scale: scale)
    let label = 16
    let left = 8 + Canvas.textWidth("OFF ")
    let across = min(perColumn, 4)
    let down = (perColumn + across - 1) / across
    let header = 36
    var canvas = Canvas(
      width: left + across * (tw + 16) + 8, height: header + down * (th + label + 12) + 4)
    canvas.text("COLUMN \(column): INPUT WEIGHTS PER NEURON (WHITE = ITS LARGEST)", x: 8, y: 6, .black)
    canvas.text(
      "COLUMNS: T" + (1...max(1, delays)).map { delays > 0 ? ", T-\($0)" : "" }.joined()
        + " (FRAMES BACK)", x: 8, y: 18, .black)
    for k in 0..<perColumn {
      let x = left + (k % across) * (tw + 16)
      let y = header + (k / across) * (th + label + 12)
      canvas.text("NEURON \(column * perColumn + k)", x: x, y: y, .black)
      drawNeuron(column * perColumn + k, into: &canvas, x: x, y: y + label, scale: scale)
      if k % across == 0 {
        for (p, name) in polarityNames.enumerated() {
          canvas.text(name, x: 4, y: y + label + p * (patch * scale + 1) + patch * scale / 2 - 3, .black)
        }
      }
    }
    return canvas
  }
}
