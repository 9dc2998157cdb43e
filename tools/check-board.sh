#!/usr/bin/env bash
# Checks the board programs that tools/build-board.sh built: the aarch64 and armv7hf binaries
# run under qemu-user and must print the host's decisions bit for bit, and the host build must
# print what `spikecam run` prints for the same clips (frame, class, label, score).
#
#   tools/check-board.sh [MODEL.safetensors …]   default: every int8 model in calibration/
#
# Clips: the bundled Gesture-9 sample (9 test and 9 train clips), one by one and as one stream
# each, area-downscaled first for a model with a smaller input (as the data set readers do);
# and videos the board program decodes and scales itself, as `spikecam run --clip` does: MJPEG
# (the bundled 640x480 AVI, as a raw stream, damaged and cut short) and y4m (the test clips as
# 4:2:0 and luma-only streams, and one cut inside a frame). Also checks that the live path's JPEG decode (tools/board/jpeg-digest over the C seam and
# libjpeg-turbo) gives the same pixels on every target, that the decision filter (--on-change,
# --smooth, --min-score) publishes what spikecam run publishes, and that SIGINT and SIGTERM stop every
# build cleanly (exit 0, whole lines). Prints sizes and peak RSS.
# SPIKECAM_BIN: the host spikecam to compare with (default: a release build of this package).
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=.build/board
WORK=$OUT/check
SAMPLE=calibration/gesture9-sample
TARGETS=(host aarch64 armv7hf)
declare -A RUNNER=([host]="" [aarch64]=qemu-aarch64-static [armv7hf]=qemu-arm-static)
failures=()

fail() {
  echo "check-board: FAILED: $*" >&2
  failures+=("$*")
}

for t in "${TARGETS[@]}"; do
  [ -x "$OUT/$t/spikecam-board" ] || { echo "check-board: no $OUT/$t/spikecam-board; run tools/build-board.sh build" >&2; exit 69; }
done
if [ -n "${SPIKECAM_BIN:-}" ]; then
  spikecam=$SPIKECAM_BIN
else
  swift build -c release --product spikecam >/dev/null
  spikecam=.build/release/spikecam
fi
models=("$@")
[ ${#models[@]} -gt 0 ] || mapfile -t models < <(ls calibration/*.safetensors | grep -v -e float -e rstdp)

rm -rf "$WORK"
mkdir -p "$WORK"

# The model's input side (square models only, as every data set is square).
input_side() {
  "$spikecam" inspect "$1" --json | python3 -c '
import json, sys
p = json.loads(json.load(sys.stdin)["metadata"]["pipeline"])
assert p["width"] == p["height"], "square inputs only"
print(p["width"])'
}

# Frames of a raw file as a PGM clip folder (what `spikecam run --clip` reads).
pgm_folder() {
  local raw=$1 side=$2 dir=$3 bytes=$(($2 * $2))
  mkdir -p "$dir"
  local n=$(($(stat -c %s "$raw") / bytes)) i
  for ((i = 0; i < n; i++)); do
    { printf 'P5\n%d %d\n255\n' "$side" "$side"; dd if="$raw" bs="$bytes" skip="$i" count=1 status=none; } \
      >"$dir/$(printf 'frame_%06d.pgm' "$i")"
  done
}

# The fields of a decision that do not depend on time, from either program.
# run's schema-1 line names its time, host, clip and model before the frame.
from_run() { sed -E 's/^\{.*"model":"[^"]*",/{/; s/,"fps".*$/}/'; }
from_board() { sed -E 's/"clip":[0-9]+,//; s/,"score_q15":[0-9]+\}$/}/'; }

for model in "${models[@]}"; do
  name=$(basename "$model" .safetensors)
  side=$(input_side "$model")
  echo "== $name ($side×$side input)"
  for split in test train; do
    clips=$SAMPLE/${split}_clips.u8
    if [ "$side" -ne 64 ]; then
      tools/board/downscale-clips.py "$clips" "$side" "$WORK/$name-$split.u8"
      clips=$WORK/$name-$split.u8
    fi
    # Host spikecam, clip by clip and as one stream.
    for c in $(ls "$SAMPLE/clips/$split"); do
      "$spikecam" run --model "$model" --clip "$SAMPLE/clips/$split/$c" --json 2>/dev/null | from_run
    done >"$WORK/$name-$split.run-clips"
    pgm_folder "$clips" "$side" "$WORK/$name-$split.stream"
    "$spikecam" run --model "$model" --clip "$WORK/$name-$split.stream" --json 2>/dev/null |
      from_run >"$WORK/$name-$split.run-stream"
    for t in "${TARGETS[@]}"; do
      ${RUNNER[$t]} "$OUT/$t/spikecam-board" --model "$model" --clips "$clips" >"$WORK/$name-$split.$t-clips" ||
        fail "$name $split: $t exited with $?"
      ${RUNNER[$t]} "$OUT/$t/spikecam-board" --model "$model" --clips "$clips" --stream \
        >"$WORK/$name-$split.$t-stream" || fail "$name $split: $t --stream exited with $?"
    done
    for mode in clips stream; do
      base=$WORK/$name-$split
      n=$(wc -l <"$base.host-$mode")
      [ "$n" -gt 0 ] || fail "$name $split $mode: the host board program made no decisions"
      from_board <"$base.host-$mode" | cmp -s - "$base.run-$mode" ||
        fail "$name $split $mode: the board program's decisions differ from spikecam run's ($base.*)"
      for t in aarch64 armv7hf; do
        cmp -s "$base.host-$mode" "$base.$t-$mode" ||
          fail "$name $split $mode: $t differs from the host ($base.$t-$mode)"
      done
      echo "   $split $mode: $n decisions, host = spikecam run, aarch64 = armv7hf = host"
    done
  done
done

echo "== videos: MJPEG (the bundled AVI as recorded, as a raw stream, damaged, cut short) and y4m"
tools/board/video-variants.py calibration/sample-640x480.avi "$SAMPLE/test_clips.u8" "$WORK/video"
videos=(calibration/sample-640x480.avi "$WORK/video/stream.mjpeg" "$WORK/video/damaged.avi"
  "$WORK/video/truncated.avi" "$WORK/video/clips-420.y4m" "$WORK/video/clips-mono.y4m"
  "$WORK/video/clips-cut.y4m")
# compare_video LABEL BASE MODEL VIDEO [OPTION…]: plays VIDEO with `spikecam run --clip` and
# every board build, with the same options; each build must exit as spikecam run does (rc), the
# host build must decide as it does, and the ARM builds print the host's lines byte for byte.
# Leaves the host's decision count in n.
compare_video() {
  local label=$1 base=$2 model=$3 video=$4 t trc
  shift 4
  # A stream cut inside a frame ends both programs with exit 65 after the frames before it.
  rc=0
  "$spikecam" run --model "$model" --clip "$video" "$@" --json 2>/dev/null >"$base.run-raw" || rc=$?
  grep '"class"' "$base.run-raw" | from_run >"$base.run" || true
  for t in "${TARGETS[@]}"; do
    trc=0
    ${RUNNER[$t]} "$OUT/$t/spikecam-board" --model "$model" --clips "$video" "$@" >"$base.$t" \
      2>"$base.$t.err" || trc=$?
    [ "$trc" -eq "$rc" ] || fail "$label: $t exited with $trc, spikecam run with $rc"
  done
  n=$(wc -l <"$base.host")
  from_board <"$base.host" | cmp -s - "$base.run" ||
    fail "$label: the board program's decisions differ from spikecam run's ($base.*)"
  for t in aarch64 armv7hf; do
    cmp -s "$base.host" "$base.$t" || fail "$label: $t differs from the host ($base.$t)"
  done
}
for model in "${models[@]}"; do
  name=$(basename "$model" .safetensors)
  for video in "${videos[@]}"; do
    base=$WORK/$name-video-$(basename "$video")
    compare_video "$name $(basename "$video")" "$base" "$model" "$video"
    [ "$n" -gt 0 ] || fail "$name $(basename "$video"): the host board program made no decisions"
    echo "   $name $(basename "$video"): $n decisions, host = spikecam run, aarch64 = armv7hf = host" \
      "$(sed -n 's/ of the video.s frames skipped.*/ skipped/p' "$base.host.err")$([ "$rc" -eq 0 ] || echo "exit $rc both")"
  done
done

echo "== the decision filter (--on-change --smooth 9 --min-score 0.4, as for an always-on camera)"
for video in calibration/sample-640x480.avi "$WORK/video/clips-420.y4m"; do
  compare_video "filter $(basename "$video")" "$WORK/filter-$(basename "$video")" \
    calibration/gesture9-int8.safetensors "$video" --on-change --smooth 9 --min-score 0.4
  [ "$n" -gt 1 ] || fail "filter $(basename "$video"): the host board program published $n decisions"
  echo "   $(basename "$video"): $n published, host = spikecam run, aarch64 = armv7hf = host"
done

echo "== refusals: a missing, empty or foreign file, clip lengths for a video (exit code and message)"
: >"$WORK/empty.u8"
printf 'RIFF\020\000\000\000WAVEfmt ' >"$WORK/wave.avi"
refusal() {  # refusal EXIT WORDS ARGS…: every build exits EXIT and says WORDS on stderr
  local want=$1 words=$2 t rc
  shift 2
  for t in "${TARGETS[@]}"; do
    rc=0
    ${RUNNER[$t]} "$OUT/$t/spikecam-board" --model calibration/gesture9-int8.safetensors "$@" \
      >/dev/null 2>"$WORK/refusal.err" || rc=$?
    [ "$rc" -eq "$want" ] && grep -q "$words" "$WORK/refusal.err" ||
      fail "$t $*: exit $rc, stderr $(head -1 "$WORK/refusal.err"); expected $want and '$words'"
  done
  echo "   $*: exit $want, '$words'"
}
refusal 66 "no such clip file" --clips "$WORK/missing.u8"
refusal 65 "the clip file is empty" --clips "$WORK/empty.u8"
refusal 65 "RIFF file of type 'WAVE', not AVI" --clips "$WORK/wave.avi"
refusal 65 "truncated frame at byte" --clips "$WORK/video/clips-cut.y4m"
refusal 64 "plays as one stream" --clips calibration/sample-640x480.avi --clip-frames 16
refusal 64 "filter a stream" --clips "$SAMPLE/test_clips.u8" --on-change

echo "== JPEG decode (calibration/sample-640x480.avi, DCT scales 1/1 to 1/8)"
for t in "${TARGETS[@]}"; do
  ${RUNNER[$t]} "$OUT/$t/jpeg-digest" calibration/sample-640x480.avi >"$WORK/jpeg.$t" ||
    fail "jpeg-digest on $t exited with $?"
done
for t in aarch64 armv7hf; do
  cmp -s "$WORK/jpeg.host" "$WORK/jpeg.$t" || fail "JPEG decode: $t differs from the host"
done
echo "   $(wc -l <"$WORK/jpeg.host") frames × 4 scales: aarch64 = armv7hf = host"

echo "== SIGINT and SIGTERM mid-run (a stream repeated far longer than the check waits)"
for t in "${TARGETS[@]}"; do
  before=${#failures[@]}
  for sig in INT TERM; do
    out=$WORK/signal.$t.$sig
    ${RUNNER[$t]} "$OUT/$t/spikecam-board" --model calibration/gesture9-int8.safetensors \
      --clips "$SAMPLE/test_clips.u8" --stream --repeat 1000000 >"$out.out" 2>"$out.err" &
    pid=$!
    # Wait for the first decisions to reach the file, at most 5 minutes: the handlers are in by
    # then (a background job starts with SIGINT ignored until the program installs its own).
    for ((i = 0; i < 6000; i++)); do
      [ -s "$out.out" ] && break
      sleep 0.05
    done
    kill -s "$sig" "$pid"
    rc=0
    wait "$pid" || rc=$?
    if [ "$rc" -ne 0 ] || ! grep -q "(stopped by signal)" "$out.err"; then
      fail "$t SIG$sig: exit $rc, stderr: $(cat "$out.err")"
    elif ! python3 -c 'import json, sys
[json.loads(l) for l in open(sys.argv[1])]' "$out.out"; then
      fail "$t SIG$sig: a decision line was cut ($out.out)"
    fi
  done
  [ ${#failures[@]} -eq "$before" ] &&
    echo "   $t: SIGINT and SIGTERM stop it between frames, exit 0, every line whole ($(head -1 "$out.err"))"
done

echo "== sizes and peak RSS (spikecam-board on the bundled model, test clips as a stream × 20)"
for t in "${TARGETS[@]}"; do
  rss=$( { /usr/bin/time -f '%M' ${RUNNER[$t]} "$OUT/$t/spikecam-board" \
    --model calibration/gesture9-int8.safetensors --clips "$SAMPLE/test_clips.u8" --stream \
    --repeat 20 >/dev/null; } 2>&1 | tail -1)
  printf '   %-8s %9d bytes  peak RSS %6d KiB%s\n' "$t" "$(stat -c %s "$OUT/$t/spikecam-board")" \
    "$rss" "$([ -n "${RUNNER[$t]}" ] && echo " (under ${RUNNER[$t]}: the emulator's own memory included)")"
done

if [ ${#failures[@]} -gt 0 ]; then
  printf 'check-board: FAILED: %s\n' "${failures[@]}" >&2
  exit 1
fi
echo "check-board: passed"
