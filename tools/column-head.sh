#!/usr/bin/env bash
# The paper's full column as the classifier head, on the bundled model's front end: for every
# seed, `train --head column --front-end calibration/gesture9-float.safetensors` on Gesture-9's
# training clips (STDP of the 500-neuron hidden layer, then R-STDP of 9 populations of 100; the
# R-STDP pass kept is the best on Gesture-9 val), calibrated, quantized for rpi-4 and scored once
# on Gesture-9 test with its float twin; then the mean ± sd over seeds.
#
#   tools/column-head.sh [--data DIR] [--out DIR] [--seeds "1 2 3"] [--quick]
#
#   --data DIR   the data sets of tools/reproduce.sh (default .cache/data): g9
#   --out DIR    models and result files (default .cache/column-head)
#   --quick      a smoke run (20 clips a class, 1 pass each): checks the pipeline, not a result
#
# Time here (2 cores): about 10 minutes a seed.
set -euo pipefail
cd "$(dirname "$0")/.."

data=.cache/data
out=.cache/column-head
seeds="1 2 3"
quick=()
while [ $# -gt 0 ]; do
  case $1 in
    --data) data=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --quick) quick=(--clips-per-class 20 --epochs 1); shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "column-head: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
done
[ -d "$data/g9" ] || { echo "column-head: no $data/g9; make it first: tools/reproduce.sh --stage data --data $data" >&2; exit 66; }
mkdir -p "$out"
B=.build/release/spikecam
swift build -c release --product spikecam

for s in $seeds; do
  m=$out/seed$s
  mkdir -p "$m"
  if [ ! -f "$m/test.json" ]; then
    printf '\n== seed %s\n' "$s" >&2
    $B train --data "$data/g9" --head column --seed "$s" \
      --front-end calibration/gesture9-float.safetensors "${quick[@]}" --out "$m/float.safetensors"
    $B calibrate --model "$m/float.safetensors" --data "$data/g9" --split train --out "$m/ranges.json"
    $B quantize --model "$m/float.safetensors" --calibration "$m/ranges.json" \
      --board firmware-config/rpi-4.json --out "$m/int8.safetensors"
    $B eval --model "$m/int8.safetensors" --float "$m/float.safetensors" --data "$data/g9" \
      --split test --json >"$m/test.json.part"
    mv "$m/test.json.part" "$m/test.json"
  fi
done

python3 - "$out" $seeds <<'PY'
import json, statistics, sys
out, seeds = sys.argv[1], sys.argv[2:]
rows = [json.load(open(f"{out}/seed{s}/test.json")) for s in seeds]
def pick(key):
    return [r[key] for r in rows]
for key in ("accuracy", "float_accuracy", "agreement"):
    values = [100 * v if v <= 1 else v for v in pick(key)]
    spread = statistics.stdev(values) if len(values) > 1 else 0.0
    print(f"{key}: {statistics.mean(values):.2f} ± {spread:.2f} % over seeds {' '.join(seeds)} "
          f"({', '.join(f'{v:.2f}' for v in values)})")
PY
