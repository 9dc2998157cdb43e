#!/usr/bin/env bash
# A head on spike counts alone, with one and with two delay frames in the spiking layer: for
# every seed, the bundled front end's recipe (pan search, pan consensus, adaptive event step)
# with `train --config` {"features": "spikes"} or {"features": "spikes", "delay_frames": 2},
# trained on Gesture-9's training clips, calibrated (percentile 99.5), quantized for rpi-5 (two
# delays make 24,576 inputs, over rpi-4's limit) and scored on the development side only:
# Gesture-9 val and the development suite's clip conditions (raw clips). Prints both per seed and
# their mean ± sd.
#
#   tools/spike-delays.sh [--data DIR] [--out DIR] [--seeds "1 2 3"]
#
#   --data DIR   the data sets of tools/reproduce.sh (default .cache/data): g9, suite-dev-v2
#   --out DIR    models and result files (default .cache/spike-delays)
#
# Time here (2 cores): about 10 minutes a model, and a few minutes a suite evaluation.
set -euo pipefail
cd "$(dirname "$0")/.."

data=.cache/data
out=.cache/spike-delays
seeds="1 2 3"
while [ $# -gt 0 ]; do
  case $1 in
    --data) data=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "spike-delays: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
done
for need in "$data/g9" "$data/suite-dev-v2"; do
  [ -d "$need" ] || { echo "spike-delays: no $need; make it first: tools/reproduce.sh --stage data --data $data" >&2; exit 66; }
done
mkdir -p "$out"
B=.build/release/spikecam
swift build -c release --product spikecam >&2

for s in $seeds; do
  for delays in 1 2; do
    m=$out/seed$s/delays$delays
    mkdir -p "$m"
    if [ ! -f "$m/int8.safetensors" ]; then
      if [ "$delays" = 1 ]; then echo '{"features": "spikes"}'; else echo '{"features": "spikes", "delay_frames": 2}'; fi >"$m/config.json"
      $B train --data "$data/g9" --seed "$s" --config "$m/config.json" --pan-search 6 \
        --pan-consensus 4:2:50 --adaptive-threshold 160:4:4:32 --out "$m/float.safetensors" 2>"$m/train.log"
      $B calibrate --model "$m/float.safetensors" --data "$data/g9" --split train \
        --method percentile:99.5 --out "$m/ranges.json" >/dev/null 2>&1
      $B quantize --model "$m/float.safetensors" --calibration "$m/ranges.json" \
        --board firmware-config/rpi-5.json --out "$m/int8.safetensors" >/dev/null
    fi
    [ -f "$m/val.json" ] ||
      $B eval --model "$m/int8.safetensors" --data "$data/g9" --split val --json >"$m/val.json" 2>/dev/null
    if [ ! -f "$m/suite.json" ]; then
      $B eval --model "$m/int8.safetensors" --suite "$data/suite-dev-v2" --path raw --json \
        >"$m/suite.json.part" 2>/dev/null
      mv "$m/suite.json.part" "$m/suite.json"
    fi
  done
done

python3 - "$out" $seeds <<'PY'
import json, statistics, sys
out, seeds = sys.argv[1], sys.argv[2:]
def percent(x):
    return 100 * x if x <= 1 else x
def suite_mean(path):
    return percent(json.load(open(path))["mean"]["raw"]["accuracy"])
for delays in ("1", "2"):
    val = [percent(json.load(open(f"{out}/seed{s}/delays{delays}/val.json"))["accuracy"]) for s in seeds]
    dev = [suite_mean(f"{out}/seed{s}/delays{delays}/suite.json") for s in seeds]
    sd = lambda v: statistics.stdev(v) if len(v) > 1 else 0.0
    print(f"delay frames {delays}: Gesture-9 val {statistics.mean(val):.2f} ± {sd(val):.2f} "
          f"({', '.join(f'{v:.2f}' for v in val)}); development suite mean "
          f"{statistics.mean(dev):.2f} ± {sd(dev):.2f} ({', '.join(f'{v:.2f}' for v in dev)})")
PY
