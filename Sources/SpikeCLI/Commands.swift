import SpikeModel

/// The subcommand table: names and options follow
/// docs/ARCHITECTURE.md, "Command-line contract" (scripts depend on them).
/// Each subcommand's implementation lives in its own file as `Commands.<name>Run`.
enum Commands {
  static var all: [Subcommand] {
    [devices, record, train, calibrate, quantize, eval, run, inspect, features, keygen, sign]
  }

  static let json = OptionSpec("json", help: "Print machine-readable JSON instead of text.")
  static let seed = OptionSpec("seed", value: "N", help: "Seed of every random stream (default 1).")
  static let board = OptionSpec(
    "board", value: "BOARD.json", help: "Board profile from firmware-config/.")
  static let trustedKeys = OptionSpec(
    "trusted-keys", value: "FILE",
    help: "Load only models signed by one of these keys (one ed25519:HEX per line).")
  static let floatModel = OptionSpec(
    "model", value: "FLOAT.safetensors", help: "Float model.", isRequired: true)
  static let dataSet = OptionSpec("data", value: "DIR", help: "Data set folder.", isRequired: true)

  static let devices = Subcommand(
    name: "devices", abstract: "List V4L2 capture devices, formats, sizes and frame rates.",
    options: [
      OptionSpec("device", value: "PATH", help: "Only this device, e.g. /dev/video0 (exit 69 if unusable)."), json,
    ], run: devicesRun)

  static let record = Subcommand(
    name: "record", abstract: "Record labelled clips from a webcam into a data set folder.",
    options: [
      OptionSpec("device", value: "PATH", help: "V4L2 device, e.g. /dev/video0.", isRequired: true),
      OptionSpec("label", value: "NAME", help: "Class label of the clips.", isRequired: true),
      OptionSpec("out", value: "DIR", help: "Data set folder (created if missing).", isRequired: true),
      OptionSpec("clips", value: "N", help: "Number of clips to record (default 10)."),
      OptionSpec("frames", value: "N", help: "Frames per clip (default 16)."),
      OptionSpec("fps", value: "N", help: "Frames per second (default 12)."),
      OptionSpec("pause-ms", value: "MS", help: "Pause before each clip (default 1000)."),
      OptionSpec(
        "split", value: "train|val|test",
        help: "Split of the clips, written to labels.csv (default: none, or train once the "
          + "data set has splits)."),
    ], run: recordRun, stopsOnSignal: true)

  static let train = Subcommand(
    name: "train", abstract: "Train the float model: STDP for the spiking layer, then the head.",
    options: [
      dataSet,
      OptionSpec("out", value: "FLOAT.safetensors", help: "Float model to write.", isRequired: true),
      OptionSpec("config", value: "FILE", help: "Network and training configuration (JSON)."),
      OptionSpec(
        "head", value: ClassifierHeads.names.joined(separator: "|"),
        help: "Classifier head (default \(ClassifierHeads.names[0]))."),
      seed,
      OptionSpec("epochs", value: "N", help: "Passes over the training windows (default 15)."),
      OptionSpec("clips-per-class", value: "N", help: "Use at most N training clips per class."),
      OptionSpec(
        "augment", value: "LIST",
        help: "Train the head on mirror,flip,reverse variants too, or none (default "
          + "mirror,reverse when the classes are Gesture-9's)."),
      OptionSpec(
        "augment-variants", value: "N",
        help: "Use each clip in N of the variants: the identity and N−1 drawn with --seed "
          + "(default all)."),
      OptionSpec("stdp-clips", value: "N", help: "Clips for the STDP phase (default 200)."),
      OptionSpec(
        "pan-search", value: "N",
        help: "Compensate camera pans of up to N pixels per frame in the encoder (0…16, default 0)."),
      OptionSpec(
        "pan-consensus", value: "G:M:Q",
        help: "Compensate a pan only when Q % of G×G blocks see it beat no shift by M grey levels "
          + "per pixel (e.g. 4:2:50), or off (default)."),
      OptionSpec(
        "adaptive-threshold", value: "R:N:MIN:MAX",
        help: "Scale the event step by the frame's contrast range / R, kept above N/4 × the "
          + "typical frame change and within MIN…MAX (e.g. 160:8:4:32), or off (default)."),
      OptionSpec(
        "encoder", value: "NAME",
        help: "Spike encoder: frame-difference (default), ttfs, rate, poisson or gaussian[:M]."),
      OptionSpec("board-name", value: "NAME", help: "Board name recorded in the model."),
      OptionSpec(
        "front-end", value: "FLOAT.safetensors",
        help: "Train the head on this model's spiking layer as it is (no STDP stage)."),
      OptionSpec("checkpoint", value: "DIR", help: "Write a checkpoint after STDP and each epoch."),
      OptionSpec("resume", help: "Continue the run checkpointed in --checkpoint DIR."),
    ], run: trainRun)

  static let calibrate = Subcommand(
    name: "calibrate", abstract: "Record activation ranges of a float model on sample clips.",
    options: [
      floatModel, dataSet,
      OptionSpec("out", value: "RANGES.json", help: "Ranges file to write.", isRequired: true),
      OptionSpec("split", value: "NAME", help: "Split to calibrate on (default train)."),
      OptionSpec("clips", value: "N", help: "Use about N clips, balanced by class (default 500)."),
      OptionSpec(
        "method", value: "minmax|mse|percentile:P",
        help: "Range rule (default minmax; mse: least int8 squared error per activation)."),
    ], run: calibrateRun)

  static let quantize = Subcommand(
    name: "quantize", abstract: "Quantize a float model to the integer model for a board.",
    options: [
      floatModel,
      OptionSpec("calibration", value: "RANGES.json", help: "Ranges from calibrate.", isRequired: true),
      OptionSpec("board", value: "BOARD.json", help: "Board profile.", isRequired: true),
      OptionSpec("out", value: "INT.safetensors", help: "Integer model to write.", isRequired: true),
    ], run: quantizeRun)

  static let eval = Subcommand(
    name: "eval", abstract: "Score a model on a data split, float and integer side by side.",
    options: [
      OptionSpec("model", value: "MODEL.safetensors", help: "Model to score.", isRequired: true),
      OptionSpec("float", value: "FLOAT.safetensors", help: "Float twin to compare against."),
      OptionSpec("data", value: "DIR", help: "Data set folder (or --suite)."),
      OptionSpec("split", value: "NAME", help: "Split to score (default test)."),
      OptionSpec("suite", value: "DIR", help: "Score every condition of a robustness suite instead."),
      OptionSpec("path", value: "raw|camera|both", help: "With --suite: the frames as they are, through the camera path, or both (default)."),
      OptionSpec("smooth", value: "N", help: "With --suite: streams' events are run's --on-change decisions smoothed over N (default 3)."),
      OptionSpec("smooth-by", value: "majority|mean", help: "With --suite: the smoothing rule (default majority)."),
      OptionSpec("min-score", value: "S", help: "With --suite: streams' events need a smoothed score of at least S (default 0)."),
      OptionSpec("jpeg-quality", value: "Q", help: "With --suite: JPEG quality of the camera path (default 80)."),
      OptionSpec("clips", value: "N", help: "Score only the first N clips (per condition with --suite)."),
      trustedKeys,
      OptionSpec("predictions", value: "FILE", help: "Write every scored clip's label and predicted classes as CSV."),
      OptionSpec("pictures", value: "DIR", help: "Write the confusion matrix (one per condition and path with --suite) as PNG."),
      OptionSpec(
        "silence-spiking-layer",
        help: "Set every synapse of the spiking layer to 0 first, so the head sees no spikes."),
      json,
    ], run: evalRun)

  static let run = Subcommand(
    name: "run", abstract: "Classify a webcam or a clip in real time.",
    discussion: """
      One JSON line per published decision on stdout (with --json or when stdout is not a
      terminal) and, with --mqtt, on a broker. The line schema, the publishing options and the
      MQTT topics: docs/CLI.md; running as a systemd service: docs/SERVICE.md.
      """,
    options: [
      OptionSpec("model", value: "INT.safetensors", help: "Integer model.", isRequired: true),
      OptionSpec("device", value: "PATH", help: "V4L2 device to read."),
      OptionSpec("clip", value: "PATH", help: "Clip to read instead of a device."),
      board,
      OptionSpec("frames", value: "N", help: "Stop after N frames."),
      OptionSpec("learn", help: "Run STDP on the live stream and save the model (needs --save)."),
      OptionSpec("save", value: "PATH", help: "Where --learn writes the adapted int8 model."),
      OptionSpec("learn-rate", value: "R", help: "STDP rate, a power of two: 1 … 1/4096 (default 1/256)."),
      OptionSpec("learn-every", value: "N", help: "Learn from one frame in N (default 1)."),
      OptionSpec("save-every", value: "N", help: "Also save every N frames while learning."),
      OptionSpec("loop", help: "Replay --clip endlessly (stop with Ctrl-C)."),
      OptionSpec("realtime", help: "Play --clip at its frame rate instead of as fast as possible."),
      OptionSpec("frame-timeout-ms", value: "MS", help: "Reopen --device when no frame comes for MS ms (default 5000)."),
      OptionSpec("reopen", value: "N", help: "Reopen attempts per device outage before exit 74 (default 8; 0: none)."),
      OptionSpec("reopen-backoff", value: "MS", help: "First wait before a reopen, doubled each attempt up to 30 s (default 500)."),
      trustedKeys, json,
    ] + RunOutputOptions.specs, run: runRun, stopsOnSignal: true)

  static let features = Subcommand(
    name: "features",
    abstract: "Write a float model's per-frame features of a data split (for PyTorch).",
    discussion: """
      Runs the float front end on every clip of the split and writes FEATURES.safetensors:
      `features` (U8 [clips, frames − 1, F]: each frame's features after the first frame),
      `labels` (I32 [clips]) and, for an attention model, `logits` (F32 [clips, classes]: the
      float twin on each clip's last window of K frames). See docs/PYTORCH.md.
      """,
    options: [
      floatModel,
      dataSet,
      OptionSpec("out", value: "FEATURES.safetensors", help: "File to write.", isRequired: true),
      OptionSpec("split", value: "NAME", help: "Split (default train)."),
      OptionSpec("clips", value: "N", help: "Only the first N clips."),
    ], run: featuresRun)

  static let inspect = Subcommand(
    name: "inspect", abstract: "Show a model's summary, tensors, checksum and memory map.",
    arguments: [ArgumentSpec("MODEL", help: "Model file (.safetensors).")],
    options: [
      board, trustedKeys,
      OptionSpec(
        "tuning",
        help: "Measure the spiking neurons' direction, expansion and rotation tuning with drifting "
          + "gratings and bars, rings and a pinwheel."),
      OptionSpec("speed", value: "N", help: "With --tuning: pixels per frame (default 2)."),
      OptionSpec("period", value: "N", help: "With --tuning: grating period in pixels (default 16)."),
      OptionSpec(
        "pictures", value: "DIR",
        help: "Write PNG pictures: receptive fields, tuning curves, a spike raster and membrane traces."),
      OptionSpec("data", value: "DIR", help: "With --pictures: the data set of the clip to record (default a sweeping bar)."),
      OptionSpec("split", value: "NAME", help: "With --pictures --data: its split (default test)."),
      OptionSpec("index", value: "N", help: "With --pictures --data: the clip's index (default 0)."),
      OptionSpec("column", value: "N", help: "With --pictures: the column drawn large (default the busiest)."),
      json,
    ], run: inspectRun)

  static let keygen = Subcommand(
    name: "keygen", abstract: "Make an Ed25519 key pair for signing models.",
    options: [
      OptionSpec(
        "out", value: "NAME",
        help: "Write the secret key to NAME.key (mode 0600) and the public key to NAME.pub.",
        isRequired: true)
    ], run: keygenRun)

  static let sign = Subcommand(
    name: "sign", abstract: "Sign a model file with a secret key from keygen.",
    options: [
      OptionSpec("key", value: "NAME.key", help: "Secret key from `spikecam keygen`.", isRequired: true),
      OptionSpec("model", value: "MODEL.safetensors", help: "Model to sign.", isRequired: true),
      OptionSpec("out", value: "SIGNED.safetensors", help: "Where to write it (default: in place)."),
    ], run: signRun)
}
