#!/usr/bin/env bash
# The project's checks, beyond the README's `swift test`.
#
#   tools/check.sh quick          build with warnings as errors, the tests, SpikeCore invariants
#   tools/check.sh full           quick, then the tests under AddressSanitizer and ThreadSanitizer,
#                                 the C shim under UBSan, and every fuzz target for FUZZ_SECONDS
#   tools/check.sh fuzz [T…]      only the fuzz targets (all, or the ones named)
#
# FUZZ_SECONDS (default 60) bounds each fuzz target's run. Fuzzing grows a working corpus in
# .build/fuzz-corpus/<target>/ from the seeds in Tests/Fuzz/<target>/; a crash, leak, timeout
# (10 s) or out-of-memory (one allocation above 256 MB) input is saved in
# Tests/Fuzz/findings/<target>/ and fails the check. Each finding becomes a regression test
# (see Tests/Fuzz/README.md). Sanitizer builds use their own
# scratch folders under .build/ so they do not invalidate the normal debug build.
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_TARGETS=(fuzz-jpeg fuzz-pgm fuzz-y4m fuzz-mjpeg fuzz-csv-json fuzz-board-config fuzz-cli-args fuzz-model-image fuzz-mqtt-url fuzz-keys)
failures=()

step() { printf '\n== %s\n' "$*"; }

# Runs a command and prints how long it took; a failure is recorded, not fatal, so every check
# reports.
timed() {
  local name=$1 start=$SECONDS
  shift
  if "$@"; then
    printf -- '-- %s: ok (%d s)\n' "$name" $((SECONDS - start))
  else
    printf -- '-- %s: FAILED (%d s)\n' "$name" $((SECONDS - start))
    failures+=("$name")
  fi
}

invariants() {
  local bad=0
  # SpikeCore is the integer-only core: no import at all (not even Glibc or Foundation) ...
  if grep -rnE '^\s*(@[A-Za-z_]+(\([^)]*\))?\s+)*import\s' Sources/SpikeCore; then
    echo "SpikeCore must not import anything (see docs/ARCHITECTURE.md, \"Modules\")"
    bad=1
  fi
  # ... and no floating point, not even in comments.
  if grep -rnwE 'Float(16|32|64|80)?|Double|CGFloat' Sources/SpikeCore; then
    echo "SpikeCore must not mention Float/Double; float code belongs in SpikeReference"
    bad=1
  fi
  # ... and it compiles as Embedded Swift (no Codable, no existentials, no runtime reflection),
  # so it ports to boards without the full runtime.
  local out
  out=$(mktemp -d)
  if ! swiftc -enable-experimental-feature Embedded -wmo -parse-as-library -module-name SpikeCore \
    $(find Sources/SpikeCore -name '*.swift' | sort) -c -o "$out/SpikeCore.o"; then
    echo "SpikeCore must compile as Embedded Swift (keep Codable and friends in SpikeModel)"
    bad=1
  fi
  rm -rf "$out"
  # What reads untrusted input and writes files must not need Foundation: the runtime on a board
  # uses it (SpikeSystem, the signature seam, and the model file's reader and integrity check).
  if grep -nE '^\s*import\s+Foundation' -r Sources/SpikeSystem Sources/SpikeSignature \
    Sources/SpikeModel/Files/Safetensors.swift Sources/SpikeModel/Files/SafetensorsWriter.swift \
    Sources/SpikeModel/Files/ModelIntegrity.swift Sources/SpikeModel/Files/ModelTrust.swift; then
    echo "SpikeSystem, SpikeSignature and the model reader must not import Foundation"
    bad=1
  fi
  return $bad
}

quick() {
  step "build with warnings as errors"
  timed build swift build --build-tests -Xswiftc -warnings-as-errors \
    -Xcc -Wall -Xcc -Wextra -Xcc -Werror
  step "tests"
  timed tests swift test --skip-build
  step "SpikeCore invariants"
  timed invariants invariants
}

sanitizers() {
  step "tests under AddressSanitizer"
  LSAN_OPTIONS=suppressions=$PWD/tools/lsan.supp \
    timed asan-tests swift test --scratch-path .build/asan --sanitize=address
  step "tests under ThreadSanitizer"
  timed tsan-tests swift test --scratch-path .build/tsan --sanitize=thread
  # `--sanitize=undefined` is not available for Swift on Linux; the C shim gets UBSan with traps
  # (a trap is SIGILL, which fails the test run).
  step "tests with the C shim under UBSan"
  timed ubsan-tests swift test --scratch-path .build/ubsan \
    -Xcc -fsanitize=undefined -Xcc -fsanitize-trap=undefined
}

# Builds and runs one fuzz target for FUZZ_SECONDS; prints its executions.
fuzz_one() {
  local target=$1
  local corpus=.build/fuzz-corpus/$target findings=Tests/Fuzz/findings/$target
  local log=.build/fuzz-logs/$target.log
  mkdir -p "$corpus" "$findings" .build/fuzz-logs
  # The swift driver forwards only the last -sanitize= to the compiler, so the Swift modules
  # would get ASan without coverage from the two --sanitize flags: one combined flag fixes it.
  swift build -c release --sanitize=fuzzer --sanitize=address --scratch-path .build/fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DSPIKECAM_FUZZ --product "$target" \
    >.build/fuzz-logs/$target.build.log 2>&1 || {
    tail -20 .build/fuzz-logs/$target.build.log
    return 1
  }
  local before status=0
  before=$(find "$findings" -type f | wc -l)
  nice .build/fuzz/release/"$target" "$corpus" "Tests/Fuzz/$target" \
    -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=256 \
    -print_final_stats=1 \
    -artifact_prefix="$findings/" >"$log" 2>&1 || status=$?
  local runs rate after
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  after=$(find "$findings" -type f | wc -l)
  printf '   %-18s %12s executions %9s/s  corpus %5d  new findings %d\n' \
    "$target" "${runs:-0}" "${rate:-0}" "$(find "$corpus" -type f | wc -l)" $((after - before))
  if [ "$status" -ne 0 ] || [ "$after" -gt "$before" ]; then
    grep -E '^==[0-9]+==|ERROR|SUMMARY|Fatal error|artifact' "$log" | head -20
    return 1
  fi
}

fuzz() {
  local targets=("$@")
  [ ${#targets[@]} -gt 0 ] || targets=("${FUZZ_TARGETS[@]}")
  step "fuzzing ${#targets[@]} targets for ${FUZZ_SECONDS} s each"
  for target in "${targets[@]}"; do
    timed "$target" fuzz_one "$target"
  done
}

mode=${1:-quick}
[ $# -gt 0 ] && shift
case "$mode" in
  quick) quick ;;
  full)
    quick
    sanitizers
    fuzz
    ;;
  fuzz) fuzz "$@" ;;
  *)
    echo "usage: tools/check.sh quick|full|fuzz [target…]" >&2
    exit 64
    ;;
esac

if [ ${#failures[@]} -gt 0 ]; then
  printf '\ncheck %s FAILED: %s\n' "$mode" "${failures[*]}"
  exit 1
fi
printf '\ncheck %s passed\n' "$mode"
