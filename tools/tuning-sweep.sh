#!/usr/bin/env bash
# Direction selectivity of the front end's columns after STDP, for a few of the paper's layer
# options: for each setting, the bundled front end's recipe (pan search, pan consensus, adaptive
# event step) is trained by STDP on 200 Gesture-9 training clips (a one-epoch head on 30 clips a
# class comes with it and is not used), then `inspect --tuning` measures the columns on drifting
# gratings and bars. Prints one line per setting: neurons selective to gratings and to bars.
# Nothing here reads a test split; the stimuli are synthetic.
#
#   tools/tuning-sweep.sh [--data DIR] [--out DIR]
#
#   --data DIR   the data sets of tools/reproduce.sh (default .cache/data): g9
#   --out DIR    models (default .cache/tuning-sweep)
set -euo pipefail
cd "$(dirname "$0")/.."

data=.cache/data
out=.cache/tuning-sweep
while [ $# -gt 0 ]; do
  case $1 in
    --data) data=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "tuning-sweep: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
done
[ -d "$data/g9" ] || { echo "tuning-sweep: no $data/g9; make it first: tools/reproduce.sh --stage data --data $data" >&2; exit 66; }
mkdir -p "$out"
B=.build/release/spikecam
swift build -c release --product spikecam >&2

settings=(
  'as-bundled|{}|1'
  'flat-kernel|{"stdp_kernel": "flat"}|1'
  'homeostasis-1|{"homeostasis": {"window": 64, "target": 1, "gain": 64}}|1'
  'homeostasis-4|{"homeostasis": {"window": 64, "target": 4, "gain": 64}}|1'
  'explif|{"neuron": "explif"}|1'
  'adex|{"neuron": "adex"}|1'
  'winners-2|{"winners": 2}|1'
  'delays-2|{"delay_frames": 2}|1'
  'delays-2-seed-2|{"delay_frames": 2}|2'
  'delays-2-seed-3|{"delay_frames": 2}|3'
  'delays-3|{"delay_frames": 3}|1'
  'delays-4|{"delay_frames": 4}|1'
  'delays-2-explif|{"delay_frames": 2, "neuron": "explif"}|1'
  'delays-2-flat|{"delay_frames": 2, "stdp_kernel": "flat"}|1'
)
for entry in "${settings[@]}"; do
  IFS='|' read -r name config seed <<<"$entry"
  printf '%s\n' "$config" >"$out/$name.json"
  $B train --data "$data/g9" --out "$out/$name.safetensors" --epochs 1 --clips-per-class 30 \
    --seed "$seed" --pan-search 6 --pan-consensus 4:2:50 --adaptive-threshold 160:4:4:32 \
    --config "$out/$name.json" >"$out/$name.log" 2>&1
  tuning=$($B inspect "$out/$name.safetensors" --tuning)
  line() { grep -E "^  $1 " <<<"$tuning" | sed -E 's/^ +[a-z]+ +([0-9]+) \( *([0-9.]+) %\).*/\1 (\2 %)/'; }
  printf '%-18s seed %s  gratings %-14s bars %s\n' "$name" "$seed" "$(line gratings)" "$(line bars)"
done
