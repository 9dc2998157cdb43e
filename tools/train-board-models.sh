#!/usr/bin/env bash
# Trains, calibrates, quantizes and scores the models for the small boards (docs/BOARDS.md, "A
# model for every board profile") exactly as the bundled model is made, with the training
# configs in calibration/train-configs/, for several seeds, and prints the results table:
#   retina32 (32×32 input) quantized for rpi-zero-2w and loihi-core, retina4 (4×4) for xylo.
#
#   tools/train-board-models.sh --train DIR --g9 DIR [--dev DIR] [--suite DIR] [--out DIR]
#                               [--seeds "1 2 3"] [--models "retina32 retina4"]
#
#   --train   the bundled model's training set (g9pan: README, "Classify, evaluate, train your own")
#   --g9      standard Gesture-9 (calibration on 500 train clips; the test split is scored)
#   --dev     a development split to report beside test (scored on its `val` split)
#   --suite   a robustness suite to score (raw frames), e.g. the suite's test pool
#   --out     where the models go (default .build/board-models); finished steps are kept, so a
#             run can be continued
#
# Seed 1 of each is what calibration/ bundles: gesture9-MODEL-float.safetensors,
# gesture9-MODEL-ranges.json and gesture9-MODEL-BOARD-int8.safetensors per board.
set -euo pipefail
cd "$(dirname "$0")/.."

train="" g9="" dev="" suite="" out=.build/board-models seeds="1 2 3"
models="retina32 retina4"
while [ $# -gt 0 ]; do
  case $1 in
    --train) train=$2 ;;
    --g9) g9=$2 ;;
    --dev) dev=$2 ;;
    --suite) suite=$2 ;;
    --out) out=$2 ;;
    --seeds) seeds=$2 ;;
    --models) models=$2 ;;
    *) echo "train-board-models: unknown option $1 (see the header of $0)" >&2; exit 64 ;;
  esac
  shift 2
done
[ -n "$train" ] && [ -n "$g9" ] || { echo "train-board-models: give --train DIR and --g9 DIR" >&2; exit 64; }
B=${SPIKECAM_BIN:-.build/release/spikecam}
[ -x "$B" ] || swift build -c release --product spikecam

# The boards each model is quantized for (the first is the one scored), and its camera-pan
# search, which scales with the retina: 6 pixels at 64×64 (the bundled model's), 3 at 32×32;
# the rate encoder of the 4×4 retina has none.
boards_of() {
  case $1 in
    retina32) echo "loihi-core rpi-zero-2w" ;;
    retina4) echo "xylo" ;;
  esac
}
pan_search() {
  case $1 in
    retina32) echo 3 ;;
    retina4) echo 0 ;;
  esac
}

# Runs a step unless its output exists (a finished step is never redone).
step() {
  local output=$1
  shift
  [ -s "$output" ] && return
  "$@"
}

accuracy() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d[sys.argv[2]])" "$@"; }

rows=()
for model in $models; do
  config=calibration/train-configs/$model.json
  for seed in $seeds; do
    d=$out/$model-s$seed
    mkdir -p "$d"
    echo "== $model seed $seed" >&2
    step "$d/float.safetensors" nice -n 10 "$B" train --data "$train" --config "$config" \
      --seed "$seed" --pan-search "$(pan_search "$model")" --out "$d/float.safetensors"
    step "$d/ranges.json" nice -n 10 "$B" calibrate --model "$d/float.safetensors" --data "$g9" \
      --method mse --out "$d/ranges.json"
    for board in $(boards_of "$model"); do
      step "$d/$board-int8.safetensors" nice -n 10 "$B" quantize --model "$d/float.safetensors" \
        --calibration "$d/ranges.json" --board "firmware-config/$board.json" \
        --out "$d/$board-int8.safetensors"
    done
    # One int8 model per board, the same tensors: the first is scored.
    board=$(boards_of "$model" | cut -d' ' -f1)
    q=$d/$board-int8.safetensors
    # Test is scored once per model: a score on file is never recomputed.
    if [ ! -s "$d/test.json" ]; then
      nice -n 10 "$B" eval --model "$q" --float "$d/float.safetensors" \
        --data "$g9" --split test --json >"$d/test.json.new"
      mv "$d/test.json.new" "$d/test.json"
    fi
    row="$model $seed $(accuracy "$d/test.json" float_accuracy) $(accuracy "$d/test.json" accuracy)"
    row+=" $(accuracy "$d/test.json" agreement)"
    if [ -n "$dev" ]; then
      [ -s "$d/dev.json" ] || nice -n 10 "$B" eval --model "$q" --data "$dev" \
        --split val --json >"$d/dev.json"
      row+=" $(accuracy "$d/dev.json" accuracy)"
    else
      row+=" -"
    fi
    if [ -n "$suite" ]; then
      [ -s "$d/suite.json" ] || nice -n 10 "$B" eval --model "$q" --suite "$suite" \
        --path raw --json >"$d/suite.json"
      row+=" $(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['mean']['raw']['accuracy'])" "$d/suite.json")"
    else
      row+=" -"
    fi
    rows+=("$row")
  done
done

# Mean and spread (sample standard deviation) over seeds, per board.
printf '%s\n' "${rows[@]}" | python3 -c '
import statistics, sys
rows = [l.split() for l in sys.stdin if l.strip()]
print("model        seed  float    int8     agree    dev      suite")
for r in rows:
    print(f"{r[0]:12} {r[1]:>4}  " + "  ".join(f"{float(v) * 100:6.2f}%" if v != "-" else "     - " for v in r[2:]))
print()
print("model        seeds  float (mean ± sd)   int8 (mean ± sd)    agreement   dev int8      suite int8")
for model in dict.fromkeys(r[0] for r in rows):
    got = [r for r in rows if r[0] == model]
    def ms(i):
        v = [float(r[i]) * 100 for r in got if r[i] != "-"]
        if not v: return "       -        "
        sd = statistics.stdev(v) if len(v) > 1 else 0.0
        return f"{statistics.mean(v):6.2f} ± {sd:4.2f} %"
    print(f"{model:12} {len(got):>5}  {ms(2)}   {ms(3)}   {ms(4)}  {ms(5)}  {ms(6)}")
'
