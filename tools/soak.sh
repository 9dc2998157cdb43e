#!/usr/bin/env bash
# Soak test (docs/PERFORMANCE.md, "Soak"): the bundled clip, looped, through the whole integer classifier.
#  1. release build, SOAK_FRAMES frames (default 10^6): VmRSS and heap over the first and last
#     10 % of the run must be flat (spikecam-bench soak exits 1 otherwise);
#  2. an AddressSanitizer build (LeakSanitizer on), SOAK_ASAN_FRAMES frames (default 20,000):
#     any memory error or leak fails. Its RSS is not judged (ASan's quarantine grows it by design).
#  3. `long-clip` (not in the default): `spikecam run --clip` on a generated MJPEG stream of
#     LONG_CLIP_FRAMES frames (default 20,000, about 650 MB) repeated 4 times (about 2.6 GB): its
#     peak RSS must stay within 4 MiB of the bundled clip's (clips are read through one buffer
#     that moves over the file), and its decisions on the first copy must equal those of the single copy; the board
#     program (tools/build-board.sh, host build) must decide as it does, in at most 4 MiB.
# Usage: tools/soak.sh [release|asan|long-clip]   (release and asan by default)
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
if [[ $what == long-clip ]]; then
  frames=${LONG_CLIP_FRAMES:-20000}
  work=${LONG_CLIP_DIR:-.build/long-clip}
  mkdir -p "$work"
  swift build -c release --product spikecam
  bin=.build/release/spikecam
  model=calibration/gesture9-int8.safetensors
  if [ ! -f "$work/one-$frames.mjpeg" ]; then
    echo "== long clip: $frames frames of 640x480 MJPEG (ffmpeg testsrc2)"
    ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=640x480:rate=30 -frames:v "$frames" \
      -c:v mjpeg -q:v 3 -pix_fmt yuvj422p -f mjpeg "$work/one-$frames.mjpeg.tmp"
    mv "$work/one-$frames.mjpeg.tmp" "$work/one-$frames.mjpeg"
  fi
  one=$work/one-$frames.mjpeg
  four=$work/four-$frames.mjpeg
  [ -f "$four" ] || cat "$one" "$one" "$one" "$one" >"$four"
  peak() {  # peak RSS in KiB of `spikecam run` on $1; decisions' frame,class,score to $2
    /usr/bin/time -f %M -o "$work/time" "$bin" run --model "$model" --clip "$1" --json 2>/dev/null |
      python3 -c 'import sys, json
for l in sys.stdin:
    d = json.loads(l); print(d["frame"], d["class"], d["score"])' >"$2"
    cat "$work/time"
  }
  base=$(peak calibration/sample-640x480.avi "$work/sample.txt")
  single=$(peak "$one" "$work/one.txt")
  long=$(peak "$four" "$work/four.txt")
  printf 'peak RSS: bundled clip %d KiB; %s (%d bytes) %d KiB; %s (%d bytes) %d KiB\n' "$base" \
    "$one" "$(stat -c %s "$one")" "$single" "$four" "$(stat -c %s "$four")" "$long"
  lines=$(wc -l <"$work/one.txt")
  head -n "$lines" "$work/four.txt" | cmp -s - "$work/one.txt" ||
    { echo "soak: FAILED: the long clip's first copy decided differently" >&2; exit 1; }
  ((long - base <= 4096)) || { echo "soak: FAILED: the long clip's peak RSS grew by $((long - base)) KiB" >&2; exit 1; }
  ((long <= 16384)) || { echo "soak: FAILED: spikecam run's peak RSS is $long KiB, over 16 MiB" >&2; exit 1; }
  echo "soak: long clip flat (+$((long - base)) KiB over the bundled clip), decisions identical"
  # The board program plays the same file with the same code (index, decode, preprocessing):
  # its decisions must be spikecam run's, in at most 4 MiB.
  tools/build-board.sh build host >/dev/null
  /usr/bin/time -f %M -o "$work/time" .build/board/host/spikecam-board --model "$model" \
    --clips "$four" 2>/dev/null | python3 -c 'import sys, json
for l in sys.stdin:
    d = json.loads(l); print(d["frame"], d["class"], d["score"])' >"$work/board-four.txt"
  board=$(cat "$work/time")
  cmp -s "$work/board-four.txt" "$work/four.txt" ||
    { echo "soak: FAILED: the board program decided differently on the long clip" >&2; exit 1; }
  ((board <= 4096)) || { echo "soak: FAILED: the board program's peak RSS is $board KiB" >&2; exit 1; }
  echo "soak: board program on the long clip: peak RSS $board KiB, decisions identical to spikecam run's"
fi
