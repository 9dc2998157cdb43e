import SpikeModel

/// The subcommand table: names and options follow
/// docs/ARCHITECTURE.md, "Command-line contract" (scripts depend on them).
/// Each subcommand's implementation lives in its own file as `Commands.<name>Run`.
enum Commands {
  static var all: [Subcommand] {
    [devices, record, train, calibrate, quantize, eval, run, inspect, features, keygen, sign]
  }

  static let json = OptionSpec(row: "[--json]  Print machine-readable JSON instead of text.")
  static let seed = OptionSpec(row: "[--seed <N>]  Seed of every random stream (default 1).")
  static let board = OptionSpec(row: "[--board <BOARD.json>]  Board profile from firmware-config/.")
  static let trustedKeys = OptionSpec(
    row: "[--trusted-keys <FILE>]  Load only models signed by one of these keys (one ed25519:HEX "
      + "per line).")
  static let floatModel = OptionSpec(row: "--model <FLOAT.safetensors>  Float model.")
  static let dataSet = OptionSpec(row: "--data <DIR>  Data set folder.")

  static let devices = Subcommand(
    name: "devices", abstract: "List V4L2 capture devices, formats, sizes and frame rates.",
    options: OptionSpec.table(
      """
      [--device <PATH>]  Only this device, e.g. /dev/video0 (exit 69 if unusable).
      """) + [json], run: devicesRun)

  static let record = Subcommand(
    name: "record", abstract: "Record labelled clips from a webcam into a data set folder.",
    options: OptionSpec.table(
      """
      --device <PATH>             V4L2 device, e.g. /dev/video0.
      --label <NAME>              Class label of the clips.
      --out <DIR>                 Data set folder (created if missing).
      [--clips <N>]               Number of clips to record (default 10).
      [--frames <N>]              Frames per clip (default 16).
      [--fps <N>]                 Frames per second (default 12).
      [--pause-ms <MS>]           Pause before each clip (default 1000).
      [--split <train|val|test>]  Split of the clips, written to labels.csv (default: none, or train
                                  once the data set has splits).
      """), run: recordRun, stopsOnSignal: true)

  static let train = Subcommand(
    name: "train", abstract: "Train the float model: STDP for the spiking layer, then the head.",
    options: [dataSet] + OptionSpec.table(
      """
      --out <FLOAT.safetensors>         Float model to write.
      [--config <FILE>]                 Network and training configuration (JSON).
      [--head <\(ClassifierHeads.names.joined(separator: "|"))>]
          Classifier head (default \(ClassifierHeads.names[0])).
      """) + [seed] + OptionSpec.table(
      """
      [--epochs <N>]                    Passes over the training windows (default 15).
      [--clips-per-class <N>]           Use at most N training clips per class.
      [--augment <LIST>]                Train the head on mirror,flip,reverse variants too, or none
                                        (default mirror,reverse when the classes are Gesture-9's).
      [--augment-variants <N>]          Use each clip in N of the variants: the identity and N−1
                                        drawn with --seed (default all).
      [--stdp-clips <N>]                Clips for the STDP phase (default 200).
      [--pan-search <N>]                Compensate camera pans of up to N pixels per frame in the
                                        encoder (0…16, default 0).
      [--pan-consensus <G:M:Q>]         Compensate a pan only when Q % of G×G blocks see it beat no
                                        shift by M grey levels per pixel (e.g. 4:2:50), or off
                                        (default).
      [--adaptive-threshold <R:N:MIN:MAX>]
          Scale the event step by the frame's contrast range / R, kept above N/4 × the typical frame
          change and within MIN…MAX (e.g. 160:8:4:32), or off (default).
      [--encoder <NAME>]                Spike encoder: frame-difference (default), ttfs, rate,
                                        poisson or gaussian[:M].
      [--board-name <NAME>]             Board name recorded in the model.
      [--front-end <FLOAT.safetensors>]
          Train the head on this model's spiking layer as it is (no STDP stage).
      [--checkpoint <DIR>]              Write a checkpoint after STDP and each epoch.
      [--resume]                        Continue the run checkpointed in --checkpoint DIR.
      """), run: trainRun)

  static let calibrate = Subcommand(
    name: "calibrate", abstract: "Record activation ranges of a float model on sample clips.",
    options: [floatModel, dataSet] + OptionSpec.table(
      """
      --out <RANGES.json>               Ranges file to write.
      [--split <NAME>]                  Split to calibrate on (default train).
      [--clips <N>]                     Use about N clips, balanced by class (default 500).
      [--method <minmax|mse|fidelity|percentile:P>]
          Range rule (default minmax; mse: least int8 squared error per activation;
          fidelity: searched for the int8 head's closeness to the float head).
      [--activation-bits <8|12>]
          Width of the attention head's activations in the quantized model (default 8; 12
          keeps the int8 weights and takes minmax or percentile ranges).
      """), run: calibrateRun)

  static let quantize = Subcommand(
    name: "quantize", abstract: "Quantize a float model to the integer model for a board.",
    options: [floatModel] + OptionSpec.table(
      """
      --calibration <RANGES.json>  Ranges from calibrate.
      --board <BOARD.json>         Board profile.
      --out <INT.safetensors>      Integer model to write.
      """), run: quantizeRun)

  static let eval = Subcommand(
    name: "eval", abstract: "Score a model on a data split, float and integer side by side.",
    options: OptionSpec.table(
      """
      --model <MODEL.safetensors>    Model to score.
      [--float <FLOAT.safetensors>]  Float twin to compare against.
      [--data <DIR>]                 Data set folder (or --suite).
      [--split <NAME>]               Split to score (default test).
      [--suite <DIR>]                Score every condition of a robustness suite instead.
      [--path <raw|camera|both>]     With --suite: the frames as they are, through the camera path,
                                     or both (default).
      [--smooth <N>]                 With --suite: streams' events are run's --on-change decisions
                                     smoothed over N (default 9).
      [--smooth-by <majority|mean>]  With --suite: the smoothing rule (default majority).
      [--min-score <S>]              With --suite: streams' events need a smoothed score of at least
                                     S (default 0.4).
      [--jpeg-quality <Q>]           With --suite: JPEG quality of the camera path (default 80).
      [--clips <N>]                  Score only the first N clips (per condition with --suite).
      """) + [trustedKeys] + OptionSpec.table(
      """
      [--predictions <FILE>]     Write every scored clip's (and stream gesture's) label and predicted classes as CSV.
      [--pictures <DIR>]         Write the confusion matrix (one per condition and path with
                                 --suite) as PNG.
      [--silence-spiking-layer]  Set every synapse of the spiking layer to 0 first, so the head sees
                                 no spikes.
      """) + [json], run: evalRun)

  static let run = Subcommand(
    name: "run", abstract: "Classify a webcam or a clip in real time.",
    discussion: """
      One JSON line per published decision on stdout (with --json or when stdout is not a
      terminal) and, with --mqtt, on a broker. The line schema, the publishing options and the
      MQTT topics: docs/CLI.md; running as a systemd service: docs/SERVICE.md.
      """,
    options: OptionSpec.table(
      """
      --model <INT.safetensors>  Integer model.
      [--device <PATH>]          V4L2 device to read.
      [--clip <PATH>]            Clip to read instead of a device.
      """) + [board] + OptionSpec.table(
      """
      [--frames <N>]             Stop after N frames.
      [--learn]                  Run STDP on the live stream and save the model (needs --save).
      [--save <PATH>]            Where --learn writes the adapted int8 model.
      [--learn-rate <R>]         STDP rate, a power of two: 1 … 1/4096 (default 1/256).
      [--learn-every <N>]        Learn from one frame in N (default 1).
      [--save-every <N>]         Also save every N frames while learning.
      [--reward-label <NAME>]    With --learn: a column head learns every window as class NAME
                                 (R-STDP; the spiking layer stays).
      [--rewards <FILE>]         With --learn: FRAME LABEL lines (a file or named pipe) give the
                                 class the column head learns from each frame on.
      [--loop]                   Replay --clip endlessly (stop with Ctrl-C).
      [--realtime]               Play --clip at its frame rate instead of as fast as possible.
      [--frame-timeout-ms <MS>]  Reopen --device when no frame comes for MS ms (default 5000).
      [--reopen <N>]             Reopen attempts per device outage before exit 74 (default 8; 0:
                                 none).
      [--reopen-backoff <MS>]    First wait before a reopen, doubled each attempt up to 30 s
                                 (default 500).
      """) + [trustedKeys, json] + RunOutputOptions.specs, run: runRun, stopsOnSignal: true)

  static let features = Subcommand(
    name: "features",
    abstract: "Write a float model's per-frame features of a data split (for PyTorch).",
    discussion: """
      Runs the float front end on every clip of the split and writes FEATURES.safetensors:
      `features` (U8 [clips, frames − 1, F]: each frame's features after the first frame),
      `labels` (I32 [clips]) and, for an attention model, `logits` (F32 [clips, classes]: the
      float twin on each clip's last window of K frames). See docs/PYTORCH.md.
      """,
    options: [floatModel, dataSet] + OptionSpec.table(
      """
      --out <FEATURES.safetensors>  File to write.
      [--split <NAME>]              Split (default train).
      [--clips <N>]                 Only the first N clips.
      """), run: featuresRun)

  static let inspect = Subcommand(
    name: "inspect", abstract: "Show a model's summary, tensors, checksum and memory map.",
    arguments: [ArgumentSpec("MODEL", help: "Model file (.safetensors).")],
    options: [board, trustedKeys] + OptionSpec.table(
      """
      [--tuning]          Measure the spiking neurons' direction, expansion and rotation tuning with
                          drifting gratings and bars, rings and a pinwheel.
      [--speed <N>]       With --tuning: pixels per frame (default 2).
      [--period <N>]      With --tuning: grating period in pixels (default 16).
      [--pictures <DIR>]  Write PNG pictures: receptive fields, tuning curves, a spike raster and
                          membrane traces.
      [--data <DIR>]      With --pictures: the data set of the clip to record (default a sweeping
                          bar).
      [--split <NAME>]    With --pictures --data: its split (default test).
      [--index <N>]       With --pictures --data: the clip's index (default 0).
      [--column <N>]      With --pictures: the column drawn large (default the busiest).
      """) + [json], run: inspectRun)

  static let keygen = Subcommand(
    name: "keygen", abstract: "Make an Ed25519 key pair for signing models.",
    options: OptionSpec.table(
      """
      --out <NAME>  Write the secret key to NAME.key (mode 0600) and the public key to NAME.pub.
      """), run: keygenRun)

  static let sign = Subcommand(
    name: "sign", abstract: "Sign a model file with a secret key from keygen.",
    options: OptionSpec.table(
      """
      --key <NAME.key>              Secret key from `spikecam keygen`.
      --model <MODEL.safetensors>   Model to sign.
      [--out <SIGNED.safetensors>]  Where to write it (default: in place).
      """), run: signRun)
}
