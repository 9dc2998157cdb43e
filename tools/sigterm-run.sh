#!/usr/bin/env bash
# `spikecam run` as a service manager treats it: SIGTERM at random moments, TRIES times (default
# 200). Each try starts a learning run on the bundled clip that saves every 3 frames into a fresh
# folder, waits until the process catches SIGTERM (its handler is the first thing `run` sets
# up), sleeps a random 0–MAX_MS ms (default 2000: model load, clip indexing, decisions, saves),
# sends SIGTERM and checks: exit 0, no temporary file left, and the saved model (if any) loads
# with its digest verified. Prints the tally; exits 1 on any failure.
#
#   tools/sigterm-run.sh [TRIES]      SPIKECAM=path/to/spikecam (default .build/release/spikecam)
set -euo pipefail
cd "$(dirname "$0")/.."
TRIES=${1:-200}
MAX_MS=${MAX_MS:-2000}
B=${SPIKECAM:-.build/release/spikecam}
[ -x "$B" ] || { echo "sigterm-run: no $B; build it with: swift build -c release --product spikecam" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

catches_sigterm() {  # SigCgt has bit 15 (SIGTERM)
  local mask
  mask=$(awk '/^SigCgt:/ {print $2}' "/proc/$1/status" 2>/dev/null) || return 1
  [ -n "$mask" ] && (( (16#$mask >> 14) & 1 ))
}

ok=0 failed=0 saved=0
for ((i = 1; i <= TRIES; i++)); do
  dir=$work/$i
  mkdir -p "$dir"
  "$B" run --model calibration/gesture9-int8.safetensors --clip calibration/sample-640x480.avi \
    --loop --json --learn --save "$dir/adapted.safetensors" --save-every 3 \
    >"$dir/out" 2>"$dir/err" &
  pid=$!
  until catches_sigterm "$pid"; do
    kill -0 "$pid" 2>/dev/null || break
  done
  delay=$((RANDOM % (MAX_MS + 1)))
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -TERM "$pid" 2>/dev/null || true
  status=0
  wait "$pid" || status=$?
  problem=""
  [ "$status" -eq 0 ] || problem="exit $status"
  if grep -q '^\.tmp-' <<<"$(ls -A "$dir")"; then problem="$problem; temporary file left"; fi
  if [ -e "$dir/adapted.safetensors" ]; then
    saved=$((saved + 1))
    "$B" inspect "$dir/adapted.safetensors" >/dev/null 2>&1 || problem="$problem; saved model does not load"
  fi
  if [ -n "$problem" ]; then
    failed=$((failed + 1))
    echo "try $i (SIGTERM after ${delay} ms): $problem; stderr: $(tail -2 "$dir/err" | tr '\n' ' ')"
  else
    ok=$((ok + 1))
  fi
  rm -rf "$dir"
done
echo "sigterm-run: $ok of $TRIES tries exited 0 with nothing half written ($saved saved a model); $failed failed"
[ "$failed" -eq 0 ]
