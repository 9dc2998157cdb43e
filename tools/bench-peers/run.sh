#!/usr/bin/env bash
# RefNet-v1 peer comparison: makes the virtualenv (PyPI), builds the C program and, if it has the
# refnet workload, spikecam-bench (release); then runs every peer as interleaved rounds on one
# thread each and prints the table of medians. See tools/bench-peers/README.md.
#
#   tools/bench-peers/run.sh [--quick] [--rounds N] [--modes infer,train] [--no-swift]
#                            [--spikecam-bench PATH] [--no-install]
#
# Run it on a quiet machine, preferably under `nice` if others share it; it runs one benchmark at a time.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$root/.build/peers"
venv="$root/.build/peers-venv"
swift=1 install=1 spikecam="" pass=()
while (($#)); do
  case "$1" in
    --no-swift) swift=0 ;;
    --no-install) install=0 ;;
    --spikecam-bench) spikecam="$2"; shift ;;
    --quick) pass+=(--quick) ;;
    --rounds|--modes|--timeout) pass+=("$1" "$2"); shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Error: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
  shift
done
mkdir -p "$build"
skip=()
say() { echo "== $*" >&2; }

# 1. The virtualenv. Pins: Brian2 2.9.0 (what pip offers for Python 3.11) fails to import with
#    numpy 2.4 (ndarray.ptp), hence numpy<2.4.
py="$venv/bin/python"
if [[ ! -x "$py" ]]; then
  say "creating $venv"
  python3 -m venv "$venv"
fi
if ((install)); then
  if ! "$py" -c 'import numpy, brian2, Cython' 2>/dev/null; then
    say "installing numpy, brian2, cython from PyPI"
    "$py" -m pip install -q "numpy<2.4" brian2 cython
  fi
  if ! "$py" -c 'import torch, snntorch' 2>/dev/null; then
    # PyPI's torch wheel for Linux x86_64 is the CUDA build: it depends on ~20 nvidia-* wheels and
    # triton (several GB), and without them `import torch` fails. The CPU build (+cpu) is not on
    # PyPI. Use a +cpu wheel from pip's find-links (the machine image ships one) when there is one.
    pyver="$("$py" -c 'import sys; print(f"cp{sys.version_info[0]}{sys.version_info[1]}")')"
    wheel=""
    IFS=' ' read -r -a dirs <<<"${PIP_FIND_LINKS:-} /opt/wheels"
    for d in "${dirs[@]}"; do
      [[ -d "$d" ]] || continue
      wheel="$(ls "$d"/torch-*+cpu-"$pyver"-*linux*x86_64.whl 2>/dev/null | sort -V | tail -1 || true)"
      [[ -n "$wheel" ]] && break
    done
    if [[ -n "$wheel" ]]; then
      say "installing $(basename "$wheel") (CPU-only) and snntorch"
      "$py" -m pip install -q "$wheel"
      # snntorch declares no dependency pip must resolve here; --no-deps guarantees torch stays.
      "$py" -m pip install -q --no-deps snntorch
    fi
  fi
fi
if ! "$py" -c 'import torch, snntorch' 2>/dev/null; then
  skip+=(--skip "snntorch=no CPU-only torch: PyPI only has the CUDA build (several GB of nvidia-* wheels), and no torch-*+cpu wheel is in pip's find-links")
  skip+=(--skip "snntorch-batcht=no CPU-only torch (see above)")
fi
if ! "$py" -c 'import brian2' 2>/dev/null; then
  for b in numpy cython standalone; do skip+=(--skip "brian2-$b=brian2 is not installed"); done
fi

# 2. The C program.
say "building snn_ref (gcc -O3 -march=native)"
gcc -O3 -march=native -Wall -Wextra -Werror -o "$build/snn_ref" "$here/snn_ref.c"

# 3. SpikeCam: only when spikecam-bench has the refnet workload.
if [[ -z "$spikecam" && $swift == 1 ]]; then
  if grep -rqs 'refnet' "$root/Sources/spikecam-bench" && command -v swift >/dev/null; then
    # Same ISA as the C peer's -march=native; its own build path keeps the default build intact.
    native=(-c release -Xswiftc -target-cpu -Xswiftc native --build-path "$root/.build/native")
    say "building spikecam-bench (swift build ${native[*]})"
    if (cd "$root" && swift build "${native[@]}" --product spikecam-bench >&2); then
      spikecam="$(cd "$root" && swift build "${native[@]}" --show-bin-path)/spikecam-bench"
    fi
  fi
fi
args=()
if [[ -n "$spikecam" ]]; then
  if grep -q '"fnv1a_features"' <<<"$("$spikecam" refnet --mode infer --frames 2 --warmup 1 --json 2>/dev/null)"; then
    args+=(--spikecam-bench "$spikecam")
  else
    say "spikecam-bench has no working refnet workload yet: SpikeCam is left out"
  fi
else
  say "spikecam-bench refnet is not built (no refnet workload, or --no-swift): SpikeCam is left out"
fi

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
say "running (records: $build/results-$stamp.jsonl)"
exec "$py" "$here/run_bench.py" --python "$py" --snn-ref "$build/snn_ref" \
  --out "$build/results-$stamp.jsonl" "${args[@]}" "${skip[@]}" "${pass[@]}"
