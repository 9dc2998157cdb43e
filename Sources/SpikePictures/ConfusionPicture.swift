/// A confusion matrix: a row per true class, a column per predicted class, each cell's count
/// on a white-to-blue scale of the row's share.
public struct ConfusionPicture: Sendable {
  /// `matrix[true][predicted]` counts.
  public var matrix: [[Int]]
  /// Class names, index = class.
  public var names: [String]
  /// A title line.
  public var title: String

  public init(matrix: [[Int]], names: [String], title: String) {
    (self.matrix, self.names, self.title) = (matrix, names, title)
  }

  public func picture() -> Canvas {
    let n = names.count
    let cell = 40
    let left = 12 + (names.map { Canvas.textWidth($0) }.max() ?? 0) + 24
    let top = 48
    var canvas = Canvas(
      width: max(left + n * cell + 12, Canvas.textWidth(title) + 12), height: top + n * cell + 40)
    canvas.text(title, x: 6, y: 6, .black)
    canvas.text("PREDICTED", x: left, y: 22, .black)
    for (i, name) in names.enumerated() {
      canvas.text("\(i)", x: left + i * cell + cell / 2 - 3, y: top - 12, .black)
      canvas.text("\(i) \(name)", x: 6, y: top + i * cell + cell / 2 - 3, .black)
    }
    for i in 0..<n {
      let total = max(1, matrix[i].reduce(0, +))
      for j in 0..<n {
        let count = matrix[i][j]
        let share = Double(count) / Double(total)
        let x = left + j * cell
        let y = top + i * cell
        canvas.fill(x: x, y: y, width: cell, height: cell, .heat(share))
        canvas.frame(x: x, y: y, width: cell, height: cell, .lightGrey)
        let text = "\(count)"
        canvas.text(
          text, x: x + (cell - Canvas.textWidth(text)) / 2, y: y + cell / 2 - 3,
          share > 0.5 ? .white : .black)
      }
    }
    canvas.text("ROWS: TRUE CLASS; CELLS: CLIPS (SHADE: SHARE OF THE ROW)", x: 6, y: top + n * cell + 14, .black)
    return canvas
  }
}
