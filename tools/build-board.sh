#!/usr/bin/env bash
# Builds the board program (Board/spikecam-board: Embedded Swift over SpikeCore, plus C) for
# Linux boards, and checks it under emulation. docs/BOARDS.md says what each target runs on.
#
#   tools/build-board.sh setup              install the cross compilers, qemu-user and the
#                                           arm64/armhf libjpeg sysroots (apt; root or sudo)
#   tools/build-board.sh build [TARGET…]    build host, aarch64, armv7hf (default: all three)
#   tools/build-board.sh check              build all three, then tools/check-board.sh
#
# TARGET: host (x86_64, the reference), aarch64 (Pi Zero 2 W, Pi 3/4/5 on a 64-bit OS),
# armv7hf (Pi 2/3/4/5 and Zero 2 W on 32-bit Raspberry Pi OS).
# Output: .build/board/TARGET/spikecam-board (static, stripped) and its map of sizes.
# BOARD_LINK=dynamic links glibc dynamically instead (libjpeg stays static); BOARD_OPT=-Osize
# optimises for size instead of speed.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=.build/board
LINK=${BOARD_LINK:-static}
OPT=${BOARD_OPT:--O}
SWIFTC=$(command -v swiftc) || { echo "build-board: no swiftc on PATH (Swift 6.2 or newer)" >&2; exit 1; }
TOOLCHAIN=$(dirname "$(readlink -f "$SWIFTC")")
EMBEDDED=$TOOLCHAIN/../lib/swift/embedded

# Per target: Swift target triple and flags, C compiler prefix, Debian multiarch name, the
# Debian architecture of its libjpeg, and the qemu that runs it (empty on the host).
target_config() {
  case $1 in
    host)
      SWIFT_TARGET=x86_64-unknown-linux-gnu SWIFT_FLAGS=() CROSS="" TRIPLET=x86_64-linux-gnu
      DEB_ARCH=amd64 RUNNER=""
      ;;
    aarch64)
      SWIFT_TARGET=aarch64-none-none-elf SWIFT_FLAGS=() CROSS=aarch64-linux-gnu- TRIPLET=aarch64-linux-gnu
      DEB_ARCH=arm64 RUNNER=qemu-aarch64-static
      ;;
    armv7hf)
      # Hard-float calls (VFP registers), as Debian's and Raspberry Pi OS's armhf libraries use.
      SWIFT_TARGET=armv7-none-none-eabi SWIFT_FLAGS=(-Xllvm -float-abi=hard -Xcc -mfloat-abi=hard)
      CROSS=arm-linux-gnueabihf- TRIPLET=arm-linux-gnueabihf DEB_ARCH=armhf RUNNER=qemu-arm-static
      ;;
    *)
      echo "build-board: unknown target '$1' (host, aarch64 or armv7hf)" >&2
      exit 64
      ;;
  esac
}

# The Debian packages each part needs.
# The cross compilers only recommend their C library's headers, and the install below takes no
# recommended packages: the headers are named, or a fresh machine has no <dirent.h> for arm64.
HOST_PACKAGES=(gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf libc6-dev-arm64-cross libc6-dev-armhf-cross
  qemu-user-static libjpeg-dev time)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Cross compilers and qemu from apt; libjpeg for arm64/armhf unpacked into a sysroot folder
# (apt-get download + dpkg -x: nothing foreign is installed, and the host's libjpeg-dev stays).
setup() {
  local missing=() p
  for p in "${HOST_PACKAGES[@]}"; do
    grep -q "install ok installed" <<<"$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" || missing+=("$p")
  done
  local foreign=()
  for a in arm64 armhf; do
    [ -f "$OUT/sysroot-$a/usr/include/jpeglib.h" ] || foreign+=("$a")
  done
  local update=0
  for a in "${foreign[@]}"; do
    if ! grep -qx "$a" <<<"$(dpkg --print-foreign-architectures)"; then
      as_root dpkg --add-architecture "$a"
      update=1
    fi
  done
  if [ ${#missing[@]} -gt 0 ] || [ ${#foreign[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    if [ $update -eq 1 ] || ! apt-cache show "libjpeg62-turbo-dev:arm64" >/dev/null 2>&1; then
      as_root apt-get update -q
    fi
    [ ${#missing[@]} -eq 0 ] || as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
  for a in "${foreign[@]}"; do
    local dir=$OUT/sysroot-$a download
    download=$(mktemp -d)
    chmod a+rwx "$download" # apt downloads as its own user
    (cd "$download" && apt-get download -q "libjpeg62-turbo-dev:$a" >/dev/null)
    rm -rf "$dir"
    mkdir -p "$dir"
    dpkg -x "$download"/libjpeg62-turbo-dev_*_"$a".deb "$dir"
    rm -rf "$download"
    echo "build-board: libjpeg for $a in $dir ($(cd "$dir" && ls usr/lib/*/libjpeg.a))"
  done
}

# Include and library folders of the target's libjpeg (static archive only).
jpeg_paths() {
  if [ "$DEB_ARCH" = amd64 ]; then
    JPEG_INCLUDE=(-I/usr/include -I/usr/include/$TRIPLET)
    JPEG_ARCHIVE=/usr/lib/$TRIPLET/libjpeg.a
  else
    local root=$OUT/sysroot-$DEB_ARCH
    JPEG_INCLUDE=(-I$root/usr/include -I$root/usr/include/$TRIPLET)
    JPEG_ARCHIVE=$root/usr/lib/$TRIPLET/libjpeg.a
  fi
  [ -f "$JPEG_ARCHIVE" ] || {
    echo "build-board: no $JPEG_ARCHIVE; run tools/build-board.sh setup" >&2
    exit 69
  }
}

# swiftc for the target. ELF targets other than the host see glibc's headers through the cross
# compiler's include folder, with the macros a Linux compiler predefines.
swift_compile() {
  local flags=("${SWIFT_FLAGS[@]}")
  if [ -n "$CROSS" ]; then
    flags+=(-Xcc -isystem -Xcc "/usr/$TRIPLET/include" -Xcc -D__linux__ -Xcc -D__gnu_linux__
      -Xcc -D__unix__ -Xcc -Dlinux -Xcc -Dunix)
  fi
  # One section per function, so the link keeps only what the program reaches (SpikeCore's
  # whole module is one object).
  "$SWIFTC" -target "$SWIFT_TARGET" -enable-experimental-feature Embedded -wmo "$OPT" \
    -Xfrontend -function-sections \
    -Xcc -D_FILE_OFFSET_BITS=64 -warnings-as-errors "${flags[@]}" "$@"
}

# Rebuilds only when the inputs or flags changed (a stamp of their hashes).
up_to_date() {
  local stamp=$1
  shift
  local now
  now=$({ echo "$SWIFT_TARGET $OPT $LINK ${SWIFT_FLAGS[*]}"; "$SWIFTC" --version 2>&1; cat "$0" "$@"; } | sha256sum)
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$now" ] && return 0
  echo "$now" >"$stamp.new"
  return 1
}

build() {
  local target=$1
  target_config "$target"
  jpeg_paths
  local dir=$OUT/$target
  mkdir -p "$dir/SpikeCore"
  local core=() board=()
  mapfile -t core < <(find Sources/SpikeCore -name '*.swift' | sort)
  # The board program: its own files, the parts it shares with the microcontroller program,
  # and the host's own files for what both do alike: the model file's layout, JSON, digest and
  # checksums, and the MJPEG frame walk, y4m reader, frame size and preprocessing of `spikecam
  # run --clip` (one copy).
  mapfile -t board < <({ find Board/spikecam-board Board/Shared -name '*.swift'; echo Sources/SpikeSystem/SHA256.swift; echo Sources/SpikeSystem/ClassName.swift; echo Sources/SpikeSystem/TerminalText.swift; } | sort)
  board+=(Sources/SpikeSystem/CRC32.swift Sources/SpikeSystem/JSONValue.swift Sources/SpikeSystem/ByteArrayAccess.swift
    Sources/SpikeSystem/SafetensorsLayout.swift Sources/SpikeSystem/ModelDigest.swift
    Sources/SpikeSystem/ModelIdentity.swift Sources/SpikeCapture/Clips/MJPEGFrames.swift
    Sources/SpikeCapture/Clips/ClipBytes.swift Sources/SpikeCapture/Clips/FileWindow.swift
    Sources/SpikeCapture/Clips/Y4MHeader.swift Sources/SpikeCapture/Clips/FormatRefusal.swift
    Sources/SpikeCapture/Frame/FrameFormat.swift Sources/SpikeCapture/Frame/Preprocess.swift
    Sources/SpikeCapture/CaptureError.swift Sources/SpikeCapture/JPEGDecoder.swift
    Sources/SpikeCapture/FrameSources/FrameConverter.swift Sources/SpikeCapture/FrameSources/SkipReason.swift
    Sources/SpikeCapture/FrameSources/V4L2Source.swift Sources/SpikeCapture/Frame/FrameSource.swift
    Sources/SpikeCapture/Ring/StopSignal.swift Sources/SpikeCapture/Ring/CaptureHealth.swift
    Sources/SpikeCapture/Device/VideoDevice.swift Sources/SpikeCapture/Device/VideoDevice+Formats.swift
    Sources/SpikeCapture/Device/Negotiation.swift Sources/SpikeCapture/Device/PixelFormat.swift
    Sources/SpikeCapture/Device/Syscalls.swift Sources/SpikeCapture/Device/SystemCall.swift
    Sources/SpikeCapture/Device/DeviceErrors.swift Sources/SpikeCapture/Device/DeviceInfo.swift
    Sources/SpikeSystem/Errno.swift Sources/SpikeSystem/JSONWriter.swift Sources/SpikeSystem/WallClock.swift
    Sources/SpikeCapture/Stream/RunLines.swift Sources/SpikeCapture/Stream/StreamProgress.swift
    Sources/SpikeCapture/Stream/ReopenPolicy.swift Sources/SpikeCapture/Stream/DeviceReopener.swift
    Sources/SpikeCapture/Stream/StreamEvent.swift Sources/SpikeCapture/Stream/StreamReport.swift
    Sources/SpikeCapture/Stream/CorruptFrameReports.swift Sources/SpikeCapture/Stream/Cancellation.swift
    Sources/SpikeCapture/Stream/FrameStream.swift Sources/SpikeCapture/Stream/StreamRunner.swift
    Sources/SpikeCapture/Clips/MJPEGFileSource.swift Sources/SpikeCapture/Clips/Y4MSource.swift
    Sources/SpikeCapture/Clips/ClipPacing.swift Sources/SpikeSystem/StopRequest.swift)
  local start=$SECONDS
  if ! up_to_date "$dir/SpikeCore.stamp" "${core[@]}"; then
    echo "build-board: $target: SpikeCore"
    rm -f "$dir/SpikeCore.o"
    swift_compile -parse-as-library -module-name SpikeCore -emit-module \
      -emit-module-path "$dir/SpikeCore/SpikeCore.swiftmodule" "${core[@]}" -c -o "$dir/SpikeCore.o"
    mv "$dir/SpikeCore.stamp.new" "$dir/SpikeCore.stamp"
  fi
  if ! up_to_date "$dir/board.stamp" "${board[@]}" Board/CSpikeBoard/* Sources/CSpikeSystem/include/* \
    Sources/CSpikeCamSys/include/* "$dir/SpikeCore.o"; then
    echo "build-board: $target: spikecam-board"
    rm -f "$dir/spikecam-board.o"
    swift_compile -parse-as-library -module-name spikecam_board -I "$dir/SpikeCore" -I Board/CSpikeBoard \
      -Xcc -ISources/CSpikeSystem/include -Xcc -ISources/CSpikeCamSys/include \
      "${board[@]}" -c -o "$dir/spikecam-board.o"
    mv "$dir/board.stamp.new" "$dir/board.stamp"
  fi
  # The C seam of the live path (libjpeg decode with setjmp recovery), compiled for the target
  # with its libjpeg: the board program decodes videos with it, as the host does.
  # clang (the toolchain's, as SwiftPM compiles the seam) finds Debian's cross headers itself.
  local cc=("$TOOLCHAIN/clang" --target="$TRIPLET" -O2 -Wall -Wextra -Werror -std=gnu11
    "${JPEG_INCLUDE[@]}" -ISources/CSpikeCamSys/include)
  "${cc[@]}" -c Sources/CSpikeCamSys/jpeg_shim.c -o "$dir/jpeg_shim.o"
  "${cc[@]}" -c tools/board/jpeg-digest.c -o "$dir/jpeg-digest.o"
  "${cc[@]}" -ISources/CSpikeSystem/include -c Sources/CSpikeSystem/stop.c -o "$dir/stop.o"
  "${cc[@]}" -ISources/CSpikeSystem/include -c Sources/CSpikeSystem/system.c -o "$dir/system.o"
  "${cc[@]}" -c Board/CSpikeBoard/device_calls.c -o "$dir/device_calls.o"
  local link=(-static)
  [ "$LINK" = dynamic ] && link=()
  # lld: GNU ld refuses the Embedded stdlib's protected symbols in a non-PIE executable.
  "${CROSS}gcc" "${link[@]}" -fuse-ld=lld -B"$TOOLCHAIN" -Wl,--gc-sections -o "$dir/spikecam-board.unstripped" \
    "$dir/spikecam-board.o" "$dir/SpikeCore.o" "$dir/stop.o" "$dir/system.o" "$dir/device_calls.o" "$dir/jpeg_shim.o" "$JPEG_ARCHIVE" -lm
  "${CROSS}strip" -o "$dir/spikecam-board" "$dir/spikecam-board.unstripped"
  # A JPEG decode check over the same seam, linked with the target's libjpeg (tools/board/).
  "${CROSS}gcc" "${link[@]}" -o "$dir/jpeg-digest" "$dir/jpeg-digest.o" "$dir/jpeg_shim.o" "$JPEG_ARCHIVE"
  "${CROSS}strip" "$dir/jpeg-digest"
  printf 'build-board: %-8s %s  %8d bytes (%s, %s)  %ds\n' "$target" "$dir/spikecam-board" \
    "$(stat -c %s "$dir/spikecam-board")" "$LINK" "$OPT" $((SECONDS - start))
}

mode=${1:-build}
[ $# -gt 0 ] && shift
case $mode in
  setup) setup ;;
  build)
    targets=("$@")
    [ ${#targets[@]} -gt 0 ] || targets=(host aarch64 armv7hf)
    for t in "${targets[@]}"; do build "$t"; done
    ;;
  check)
    setup
    for t in host aarch64 armv7hf; do build "$t"; done
    tools/check-board.sh
    ;;
  *)
    echo "usage: tools/build-board.sh setup | build [host|aarch64|armv7hf…] | check" >&2
    exit 64
    ;;
esac
