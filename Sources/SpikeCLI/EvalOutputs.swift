import Foundation
import SpikeCore
import SpikeSystem
import SpikePictures

/// What `eval` writes beside its report: `--predictions FILE`, every scored clip's label and
/// predictions as CSV (for paired comparisons of two models on the same clips), and
/// `--pictures DIR`, the confusion matrices as PNG.
struct EvalOutputs {
  /// `--predictions`: the CSV path.
  var predictionsPath: String?
  /// `--pictures`: the folder.
  var picturesPath: String?
  /// CSV lines so far, header first.
  private var lines: [String] = []
  private var hasFloat: Bool

  init(_ arguments: ParsedArguments, hasFloat: Bool, suite: Bool) {
    predictionsPath = arguments.value("predictions")
    picturesPath = arguments.value("pictures")
    self.hasFloat = hasFloat
    lines = [(suite ? "condition,path," : "") + "clip,label,predicted" + (hasFloat ? ",float_predicted" : "")]
  }

  /// Adds one clip's row (`prefix`: the suite's condition and path).
  mutating func add(prefix: String = "", clip: Int, label: Int, predicted: Int, floatPredicted: Int?) {
    guard predictionsPath != nil else { return }
    lines.append(
      prefix + "\(clip),\(label),\(predicted)" + (floatPredicted.map { ",\($0)" } ?? ""))
  }

  /// Writes a confusion matrix picture named `name` (no extension) into the pictures folder.
  func picture(_ name: String, matrix: [[Int]], classes: [String], title: String) throws(CLIError) {
    guard let folder = picturesPath else { return }
    let path = (folder as NSString).appendingPathComponent(name + ".png")
    do throws(PictureError) {
      try PNGFile.write(ConfusionPicture(matrix: matrix, names: classes, title: title).picture(), to: path)
    } catch {
      throw .failure("\(path): \(error.description)")
    }
  }

  /// Creates the pictures folder (if asked for) before any scoring, so a bad path fails fast.
  func prepare() throws(CLIError) {
    guard let folder = picturesPath else { return }
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw .failure("--pictures \(folder): cannot create the folder (\(error.localizedDescription))")
    }
  }

  /// Writes the predictions CSV with the one durable writer (temporary file, fsync, rename).
  func finish() throws(CLIError) {
    guard let path = predictionsPath else { return }
    do throws(FileError) {
      try DurableFile.write(Array((lines.joined(separator: "\n") + "\n").utf8), to: path)
    } catch {
      throw .failure("--predictions \(path): \(error.description)")
    }
  }
}
