#!/usr/bin/env bash
# Soak test (docs/PERFORMANCE.md, "Soak"): the bundled clip, looped, through the whole integer classifier.
#  1. release build, SOAK_FRAMES frames (default 10^6): VmRSS and heap over the first and last
#     10 % of the run must be flat (spikecam-bench soak exits 1 otherwise);
#  2. an AddressSanitizer build (LeakSanitizer on), SOAK_ASAN_FRAMES frames (default 20,000):
#     any memory error or leak fails. Its RSS is not judged (ASan's quarantine grows it by design).
# Usage: tools/soak.sh [release|asan]   (both by default)
set -euo pipefail
cd "$(dirname "$0")/.."
FRAMES=${SOAK_FRAMES:-1000000}
ASAN_FRAMES=${SOAK_ASAN_FRAMES:-20000}
what=${1:-all}

if [[ $what == all || $what == release ]]; then
  echo "== soak: release build, $FRAMES frames"
  swift build -c release --product spikecam-bench
  .build/release/spikecam-bench soak --frames "$FRAMES"
fi
if [[ $what == all || $what == asan ]]; then
  echo "== soak: AddressSanitizer + LeakSanitizer build, $ASAN_FRAMES frames"
  swift build -c release --product spikecam-bench --sanitize=address --scratch-path .build/asan
  ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=0 \
    .build/asan/release/spikecam-bench soak --frames "$ASAN_FRAMES" --samples 100 --no-memory-verdict
  echo "soak: AddressSanitizer and LeakSanitizer clean over $ASAN_FRAMES frames"
fi
