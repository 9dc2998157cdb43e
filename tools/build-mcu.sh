#!/usr/bin/env bash
# The integer classifier on a microcontroller: builds Board/mcu (Embedded Swift over SpikeCore
# plus a small C start-up) for a Cortex-M4 with an int8 model and the bundled sample's test
# clips baked into flash, runs it under qemu-system-arm (mps2-an386, semihosting for output),
# and checks its decisions against the host board program bit for bit. docs/BOARDS.md explains
# the figures.
#
#   tools/build-mcu.sh setup                       install gcc-arm-none-eabi and qemu-system-arm
#   tools/build-mcu.sh build [MODEL.safetensors]   build .build/mcu/spikecam-mcu.elf
#   tools/build-mcu.sh check [MODEL.safetensors]   build, run, compare, report sizes against the
#                                                  model's board (its __metadata__.board)
#
# MODEL defaults to calibration/gesture9-r4-xylo-int8.safetensors. The host board program
# (tools/build-board.sh build host) is the reference.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=.build/mcu
MODEL=calibration/gesture9-r4-xylo-int8.safetensors
SWIFTC=$(command -v swiftc) || { echo "build-mcu: no swiftc on PATH (Swift 6.2 or newer)" >&2; exit 1; }
TOOLCHAIN=$(dirname "$(readlink -f "$SWIFTC")")
CPU=(-mcpu=cortex-m4 -mthumb -mfloat-abi=soft)
QEMU=(qemu-system-arm -M mps2-an386 -nographic -monitor none -serial none
  -semihosting-config enable=on,target=native)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

setup() {
  local missing=() p
  for p in gcc-arm-none-eabi qemu-system-arm; do
    grep -q "install ok installed" <<<"$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get install -y -q --no-install-recommends "${missing[@]}" ||
    { as_root apt-get update -q && as_root apt-get install -y -q --no-install-recommends "${missing[@]}"; }
}

swift_compile() {
  "$SWIFTC" -target armv7em-none-none-eabi -enable-experimental-feature Embedded -wmo -Osize \
    -Xfrontend -function-sections -warnings-as-errors -parse-as-library "$@"
}

# The model's input side (square), from its header.
input_side() {
  python3 - "$1" <<'EOF'
import json, struct, sys
with open(sys.argv[1], "rb") as f:
    n = struct.unpack("<Q", f.read(8))[0]
    p = json.loads(json.loads(f.read(n))["__metadata__"]["pipeline"])
assert p["width"] == p["height"], "square inputs only"
print(p["width"])
EOF
}

build() {
  [ -f "$MODEL" ] || { echo "build-mcu: no model $MODEL" >&2; exit 66; }
  mkdir -p "$OUT/SpikeCore"
  local core=() program=() start=$SECONDS
  mapfile -t core < <(find Sources/SpikeCore -name '*.swift' | sort)
  mapfile -t program < <({ find Board/mcu Board/Shared -name '*.swift'; echo Sources/SpikeSystem/SHA256.swift; echo Sources/SpikeSystem/ClassName.swift; echo Sources/SpikeSystem/TerminalText.swift; } | sort)
  program+=(Sources/SpikeSystem/CRC32.swift Sources/SpikeSystem/JSONValue.swift Sources/SpikeSystem/ByteArrayAccess.swift
    Sources/SpikeSystem/SafetensorsLayout.swift Sources/SpikeSystem/ModelDigest.swift Sources/SpikeSystem/ModelIdentity.swift)
  local stamp
  stamp=$({ cat "$0" "${core[@]}"; "$SWIFTC" --version 2>&1; } | sha256sum)
  if [ ! -f "$OUT/SpikeCore.o" ] || [ "$(cat "$OUT/SpikeCore.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "build-mcu: SpikeCore for armv7em"
    rm -f "$OUT/SpikeCore.o"
    swift_compile -module-name SpikeCore -emit-module -emit-module-path "$OUT/SpikeCore/SpikeCore.swiftmodule" \
      "${core[@]}" -c -o "$OUT/SpikeCore.o"
    echo "$stamp" >"$OUT/SpikeCore.stamp"
  fi
  rm -f "$OUT/spikecam-mcu.o"
  swift_compile -module-name spikecam_mcu -I "$OUT/SpikeCore" -I Board/mcu "${program[@]}" \
    -c -o "$OUT/spikecam-mcu.o"
  arm-none-eabi-gcc "${CPU[@]}" -Os -std=gnu11 -Wall -Wextra -Werror -ffreestanding -fno-builtin \
    -fno-tree-loop-distribute-patterns -fno-short-enums -ffunction-sections -c Board/mcu/mcu.c -o "$OUT/mcu.o"
  # The model file and the sample's test clips at the model's input size, as read-only data.
  local side
  side=$(input_side "$MODEL")
  cp "$MODEL" "$OUT/model.bin"
  if [ "$side" -eq 64 ]; then
    cp calibration/gesture9-sample/test_clips.u8 "$OUT/clips.bin"
  else
    tools/board/downscale-clips.py calibration/gesture9-sample/test_clips.u8 "$side" "$OUT/clips.bin"
  fi
  for blob in model clips; do
    (cd "$OUT" && arm-none-eabi-objcopy -I binary -O elf32-littlearm -B arm \
      --rename-section .data=.rodata.$blob,alloc,load,readonly,data,contents $blob.bin $blob.o)
  done
  arm-none-eabi-gcc "${CPU[@]}" -nostdlib -T Board/mcu/mps2-an386.ld -Wl,--gc-sections,-z,noexecstack,--no-enum-size-warning \
    -o "$OUT/spikecam-mcu.elf" "$OUT/mcu.o" "$OUT/spikecam-mcu.o" "$OUT/SpikeCore.o" \
    "$OUT/model.o" "$OUT/clips.o" -lgcc
  echo "build-mcu: $OUT/spikecam-mcu.elf ($MODEL, ${side}×${side} clips) $((SECONDS - start))s"
  arm-none-eabi-size -A "$OUT/spikecam-mcu.elf" | grep -E '^\.(vectors|text|rodata|ARM|data|bss|stack)'
}

check() {
  build
  local host=.build/board/host/spikecam-board
  [ -x "$host" ] || tools/build-board.sh build host
  local expected=$OUT/expected.txt actual=$OUT/actual.txt
  "$host" --model "$MODEL" --clips "$OUT/clips.bin" >"$expected"
  local status=0
  timeout 600 "${QEMU[@]}" -kernel "$OUT/spikecam-mcu.elf" >"$OUT/qemu.txt" 2>&1 || status=$?
  grep '^{"clip"' "$OUT/qemu.txt" >"$actual" || true
  if [ $status -ne 0 ]; then
    cat "$OUT/qemu.txt" >&2
    echo "build-mcu: FAILED: the program under qemu-system-arm exited with $status" >&2
    exit 1
  fi
  if ! cmp -s "$expected" "$actual" || [ ! -s "$expected" ]; then
    diff "$expected" "$actual" | head >&2 || true
    echo "build-mcu: FAILED: the Cortex-M4's decisions differ from the host board program's" >&2
    exit 1
  fi
  echo "build-mcu: $(wc -l <"$actual") decisions on the Cortex-M4 = host, bit for bit"
  local board report
  board=$(python3 - "$MODEL" <<'EOF'
import json, struct, sys
with open(sys.argv[1], "rb") as f:
    print(json.loads(f.read(struct.unpack("<Q", f.read(8))[0]))["__metadata__"]["board"])
EOF
  )
  report=$(grep '^{"memory"' "$OUT/qemu.txt")
  echo "build-mcu: measured $report"
  if [ -f "firmware-config/$board.json" ]; then
    local spikecam=${SPIKECAM_BIN:-.build/release/spikecam}
    [ -x "$spikecam" ] || { swift build -c release --product spikecam >/dev/null; spikecam=.build/release/spikecam; }
    echo "build-mcu: the model's memory map on $board (spikecam inspect --board):"
    "$spikecam" inspect "$MODEL" --board "firmware-config/$board.json" | sed -n '/^memory map/,$p'
  fi
}

mode=${1:-build}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] && MODEL=$1
case $mode in
  setup) setup ;;
  build) build ;;
  check) setup && check ;;
  *)
    echo "usage: tools/build-mcu.sh setup | build [MODEL] | check [MODEL]" >&2
    exit 64
    ;;
esac
