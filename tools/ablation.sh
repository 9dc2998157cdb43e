#!/usr/bin/env bash
# What the spiking layer is worth, retrained rather than zeroed: for every seed, three models
# with the bundled recipe that differ only in the features their head sees (`train --config`
# with "features": both, pooled or spikes; a pooled-only model does not run its spiking layer),
# each calibrated, quantized and scored on Gesture-9 test and on the development suite (raw
# clips), with every clip's prediction kept for paired comparisons. Then
# tools/ablation-table.py prints the table: mean ± sd over seeds, and per pair of feature sets
# the paired differences with an exact McNemar test over all seeds' clips.
#
#   tools/ablation.sh [--data DIR] [--out DIR] [--seeds "1 2 3"] [--train-data NAME] [--quick]
#
#   --data DIR        the data sets of tools/reproduce.sh (default .cache/data): g9, the
#                     training set and suite-dev-v2
#   --out DIR         models and result files (default .cache/ablation)
#   --train-data NAME the training set under --data (default train-v3, the bundled recipe's;
#                     g9 trains on Gesture-9's 3,600 clips)
#   --quick           a smoke run (40 clips a class, 2 epochs): checks the pipeline, not a result
#
# Nothing is chosen here: the recipe is the bundled one, chosen on the development split; each
# model is scored once on Gesture-9 test. Time: three trainings per seed (reproduce.sh gives
# their cost), evaluation a few minutes per model.
set -euo pipefail
cd "$(dirname "$0")/.."

data=.cache/data
out=.cache/ablation
seeds="1 2 3"
train_set=train-v3
quick=()
while [ $# -gt 0 ]; do
  case $1 in
    --data) data=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --train-data) train_set=$2; shift 2 ;;
    --quick) quick=(--clips-per-class 40 --epochs 2 --stdp-clips 20); shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "ablation: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
done
for need in "$data/g9" "$data/$train_set" "$data/suite-dev-v2"; do
  [ -d "$need" ] || { echo "ablation: no $need; make the data first: tools/reproduce.sh --stage data --data $data" >&2; exit 66; }
done
mkdir -p "$out"
B=.build/release/spikecam
board=firmware-config/rpi-4.json
front_end=(--pan-search 6 --pan-consensus 4:2:50 --adaptive-threshold 160:4:4:32)
swift build -c release --product spikecam

for s in $seeds; do
  for features in both pooled spikes; do
    m=$out/seed$s/$features
    mkdir -p "$m"
    printf '{"features": "%s"}\n' "$features" >"$m/config.json"
    if [ ! -f "$m/int8.safetensors" ]; then
      printf '\n== seed %s, features %s\n' "$s" "$features" >&2
      $B train --data "$data/$train_set" --seed "$s" --config "$m/config.json" "${front_end[@]}" \
        "${quick[@]}" --out "$m/float.safetensors"
      $B calibrate --model "$m/float.safetensors" --data "$data/$train_set" --split train \
        --method percentile:99.5 --out "$m/ranges.json"
      $B quantize --model "$m/float.safetensors" --calibration "$m/ranges.json" --board "$board" \
        --out "$m/int8.safetensors"
    fi
    $B eval --model "$m/int8.safetensors" --data "$data/g9" --split test --json \
      --predictions "$m/g9-test.csv" >"$m/g9-test.json"
    $B eval --model "$m/int8.safetensors" --suite "$data/suite-dev-v2" --path raw --json \
      --predictions "$m/suite-dev.csv" >"$m/suite-dev.json"
  done
done
python3 tools/ablation-table.py --out "$out" --seeds "$seeds"
