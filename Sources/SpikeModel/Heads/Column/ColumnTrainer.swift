import Foundation
import SpikeCore
import SpikeReference

/// Settings of the column head's training (`spikecam train --head column`).
public struct ColumnTrainingOptions: HeadTrainingOptions {
  /// Front end (the same defaults as the attention model's).
  public var pipeline = PipelineConfig()
  /// Seed of the column's initial weights and of the trial order.
  public var seed: UInt32 = 1
  /// Clips shown to the front end's spiking layer during its STDP stage.
  public var stdpClips = 200
  /// Neurons of the column's STDP layer (the paper's 500).
  public var hidden = 500
  /// Neurons per class population (the paper's 100).
  public var perClass = 100
  /// Steps each frame is held for.
  public var substeps = 4
  /// Passes of STDP over the training windows (stage 1, unsupervised).
  public var stdpEpochs = 1
  /// Passes of R-STDP over the training windows (stage 2).
  public var epochs = 3
  /// The paper's options of the hidden layer (neuron model, connection, homeostasis, kernel).
  public var hiddenLayer = LayerOptions()
  /// The same for the class populations.
  public var outputLayer = LayerOptions()

  /// Defaults.
  public init() {}

  /// The options of a `train` request: the shared ones, then the column's keys of its
  /// `--config` file, then the command line's epochs (R-STDP passes).
  public init(_ r: TrainingRequest) throws(ConfigError) {
    if let c = try takeShared(r, keys: Keys.self) {
      if let v = c.columnHidden { hidden = v }
      if let v = c.perClass { perClass = v }
      if let v = c.substeps { substeps = v }
      if let v = c.columnStdpEpochs { stdpEpochs = v }
      if let v = c.rstdpEpochs { epochs = v }
      if let v = c.columnHiddenLayer { hiddenLayer = v }
      if let v = c.columnOutputLayer { outputLayer = v }
    }
    epochs = r.epochs ?? epochs
    try ConfigError.check("column_stdp_epochs", stdpEpochs, 0, 1000)
    try ConfigError.check("rstdp_epochs", epochs, 0, 1000)
  }

  /// The column head's keys of the `train --config` file (`per_class`, `substeps` and
  /// `rstdp_epochs` mean what they mean for the R-STDP head; the two layer objects take the
  /// front end's `neuron`, `connection`, `homeostasis` and `stdp_kernel` keys).
  struct Keys: Decodable {
    var columnHidden, perClass, substeps, columnStdpEpochs, rstdpEpochs: Int?
    var columnHiddenLayer, columnOutputLayer: LayerOptions?
  }
}

/// Trains the float classifier with the paper's column: the front end's STDP stage (or a given
/// front end), then the column's two stages on the frozen front end's K-frame windows, one
/// trial per clip in a seeded order per pass: STDP of the hidden layer (no labels), then
/// R-STDP of the class populations with the paper's label reward (+ for the true class's
/// population, − for the others), the hidden layer frozen. With validation clips, the R-STDP
/// pass with the best validation accuracy is kept.
public enum ColumnTrainer: HeadTrainer {
  public static func train(_ clips: ClipSet, options o: ColumnTrainingOptions, run: TrainingRun)
    throws(ConfigError) -> FloatClassifierModel<ColumnClassifierHead>
  {
    // Each pass over thousands of clips is minutes; a checkpoint format for the column is not
    // written yet, so say so rather than ignore the folder.
    if run.checkpoint != nil {
      throw .inconsistent(
        "the column head does not write checkpoints; train it without --checkpoint/--resume")
    }
    let p = o.pipeline
    let classes = try ClassifierTrainer.classCount(clips, p)
    var config = ColumnHeadConfig(
      tokens: p.tokens, features: p.features, classes: classes, hidden: o.hidden,
      perClass: o.perClass, substeps: o.substeps, seed: Int(o.seed))
    config.hiddenLayer = o.hiddenLayer
    config.outputLayer = o.outputLayer
    try config.validate()
    let frontEnd = try ClassifierTrainer.frontEnd(
      run.frontEnd, clips, p, o.stdpClips, run.progress)
    var head = try FloatColumnHead(config: config)
    var model = FloatClassifierModel<ColumnClassifierHead>(
      frontEnd: frontEnd, head: FloatColumn.model(of: head),
      classNames: ClassifierTrainer.names(clips.classNames, classes))
    var pipeline = try ClassifierPipeline(extractor: frontEnd.makeExtractor(), head: head)
    let train = ClassifierTrainer.windows(
      clips, &pipeline, stage: "features", progress: run.progress)
    let val = run.validation.map {
      ClassifierTrainer.windows($0, &pipeline, stage: "features (val)", progress: run.progress)
    }
    var rng = SplitMix64(seed: UInt64(o.seed) &* 0x2545_F491_4F6C_DD1D &+ 1)
    var order = Array(0..<train.count)
    for pass in 0..<o.stdpEpochs {
      rng.shuffle(&order)
      for (n, c) in order.enumerated() {
        _ = head.learn(train[c], stage: .stdp)
        if (n + 1) % 200 == 0 || n + 1 == order.count {
          run.progress("column stdp", pass * order.count + n + 1, o.stdpEpochs * order.count, "")
        }
      }
    }
    model.head = FloatColumn.model(of: head)
    var best = BestEpoch(val, run.validation?.labels, accuracy: nil)
    for epoch in 0..<o.epochs {
      rng.shuffle(&order)
      var right = 0
      for c in order {
        let label = clips.labels[c]
        if head.learn(train[c], stage: .rstdp(label: label)).classIndex == label { right += 1 }
      }
      let note = best.score(&head) { model.head = FloatColumn.model(of: $0) }
      let accuracy = 100 * Double(right) / Double(max(1, train.count))
      run.progress("column rstdp", epoch + 1, o.epochs, "train \(String(format: "%.1f", accuracy))%" + note)
      if let stop = run.stopAfterEpochs, epoch + 1 >= stop { break }
    }
    return model
  }
}
