#!/usr/bin/env bash
# Captures from a real V4L2 device on ARM: boots Debian's arm64 kernel under qemu-system-aarch64
# (no KVM needed) with the vivid test driver, and runs the aarch64 and the armv7hf board programs
# (the latter on the kernel's 32-bit compat layer, as 32-bit Raspberry Pi OS would) on its camera.
# vivid is first set to frames that do not change (tools/board/vivid-still.c), so the decisions
# (frame, class, label, score to 4 decimals, model id: the fields of the lines that do not
# depend on time) can be compared with the host build of the board program and with `spikecam
# run --device`, both run on vivid in the x86 device VM (.ci/v4l2-vm) with the same settings.
#
#   tools/board-vm.sh      needs tools/build-board.sh build (all three), a release spikecam, root
#
# The guest is an initramfs: busybox (Debian's busybox-static for arm64), the vivid module and
# its dependencies from Debian's arm64 kernel package (fetched with apt-get download, nothing
# installed), the two board programs, vivid-still and the bundled model. Output and cache:
# .build/board/arm-vm/.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=.build/board/arm-vm
MODEL=calibration/gesture9-int8.safetensors
FRAMES=${BOARD_VM_FRAMES:-40}
spikecam=${SPIKECAM_BIN:-.build/release/spikecam}
mkdir -p "$OUT"
for t in host aarch64 armv7hf; do
  [ -x ".build/board/$t/spikecam-board" ] || { echo "board-vm: run tools/build-board.sh build first" >&2; exit 69; }
done
[ -x "$spikecam" ] || { echo "board-vm: no $spikecam (swift build -c release)" >&2; exit 69; }
command -v qemu-system-aarch64 >/dev/null || { echo "board-vm: needs qemu-system-aarch64 (apt install qemu-system-arm)" >&2; exit 69; }

# Debian's arm64 kernel and busybox, unpacked (cached).
root=$OUT/debian
if [ ! -d "$root/boot" ]; then
  grep -qx arm64 <<<"$(dpkg --print-foreign-architectures)" || { echo "board-vm: run tools/build-board.sh setup first (arm64 packages)" >&2; exit 69; }
  kernel=$(apt-cache depends linux-image-arm64:arm64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
  download=$(mktemp -d)
  chmod a+rwx "$download"  # apt downloads as its own user
  (cd "$download" && apt-get download -q "$kernel" busybox-static:arm64 >/dev/null)
  rm -rf "$root.tmp" && mkdir -p "$root.tmp"
  for deb in "$download"/*.deb; do dpkg -x "$deb" "$root.tmp"; done
  rm -rf "$download"
  mv "$root.tmp" "$root"
fi
vmlinuz=$(ls "$root"/boot/vmlinuz-* | head -1)
modules=$(ls -d "$root"/lib/modules/* | head -1)

# The initramfs: vivid and what it needs, in load order (from each module's own `depends`).
initrd=$OUT/initrd
rm -rf "$initrd" && mkdir -p "$initrd"/{bin,lib/modules,proc,sys,dev}
cp "$root/bin/busybox" "$initrd/bin/"
order=()
add_module() {
  local file dep
  file=$(find "$modules" -name "$1.ko" | head -1)
  [ -n "$file" ] || { echo "board-vm: no $1.ko in $modules" >&2; exit 1; }
  for dep in $(modinfo -F depends "$file" | tr ',' ' '); do add_module "$dep"; done
  [[ " ${order[*]} " == *" $1 "* ]] && return
  order+=("$1")
  cp "$file" "$initrd/lib/modules/"
}
add_module vivid
printf '%s\n' "${order[@]}" >"$initrd/lib/modules/order"
aarch64-linux-gnu-gcc -static -O2 -Wall -Wextra -Werror -o "$initrd/vivid-still" tools/board/vivid-still.c
cp .build/board/aarch64/spikecam-board "$initrd/spikecam-board-aarch64"
cp .build/board/armv7hf/spikecam-board "$initrd/spikecam-board-armv7hf"
cp "$MODEL" "$initrd/model.safetensors"
cat >"$initrd/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
for m in \$(cat /lib/modules/order); do
  if [ \$m = vivid ]; then insmod /lib/modules/vivid.ko n_devs=1 node_types=0x1 num_inputs=1 input_types=0x0
  else insmod /lib/modules/\$m.ko; fi
done
i=0; while [ ! -e /dev/video0 ] && [ \$i -lt 200 ]; do sleep 0.1; i=\$((i+1)); done
/vivid-still /dev/video0; echo "board-vm: vivid-still rc=\$?"
for t in aarch64 armv7hf; do
  /spikecam-board-\$t --model /model.safetensors --device /dev/video0 --frames $FRAMES >/out 2>/err
  echo "board-vm: \$t rc=\$?"
  sed "s/^/board-vm: \$t err: /" /err
  sed "s/^/board-vm: \$t out: /" /out
done
poweroff -f
INIT
chmod +x "$initrd/init"
(cd "$initrd" && find . | cpio -o -H newc --quiet | gzip -1) >"$OUT/initrd.gz"

echo "== board-vm: arm64 guest ($(basename "$vmlinuz"), vivid; aarch64 and armv7hf programs)"
timeout 900 qemu-system-aarch64 -M virt -cpu cortex-a57 -smp 2 -m 1024 -nographic -no-reboot \
  -kernel "$vmlinuz" -initrd "$OUT/initrd.gz" -append "console=ttyAMA0 quiet loglevel=1 panic=-1" \
  </dev/null | tr -d '\r' >"$OUT/guest.log" || true
grep "^board-vm: " "$OUT/guest.log" | grep -v " out: " || { echo "board-vm: the guest printed nothing (see $OUT/guest.log)" >&2; exit 1; }

echo "== board-vm: x86 guest (the host build of the board program, and spikecam run)"
cat >"$OUT/x86.sh" <<X86
set -e
$OUT/vivid-still /dev/video0
.build/board/host/spikecam-board --model $MODEL --device /dev/video0 --frames $FRAMES >$OUT/x86-board.out 2>$OUT/x86-board.err
$spikecam run --model $MODEL --device /dev/video0 --frames $FRAMES --json >$OUT/x86-run.out 2>$OUT/x86-run.err
X86
gcc -O2 -Wall -Wextra -Werror -o "$OUT/vivid-still" tools/board/vivid-still.c
bash .ci/v4l2-vm -t 600 -- bash "$OUT/x86.sh"

# The fields that do not depend on time (the lines are `spikecam run --device --json`'s).
project='import json, sys
for line in open(sys.argv[1]):
    d = json.loads(line)
    if "event" not in d: print(d["frame"], d["class"], d["label"], "%.4f" % d["score"], d["model"])'
failed=0
python3 -c "$project" "$OUT/x86-board.out" >"$OUT/x86-board.decisions"
for t in aarch64 armv7hf; do
  grep -q "^board-vm: $t rc=0$" "$OUT/guest.log" || { echo "board-vm: FAILED: the $t program did not exit 0" >&2; failed=1; }
  sed -n "s/^board-vm: $t out: //p" "$OUT/guest.log" >"$OUT/$t.out"
  python3 -c "$project" "$OUT/$t.out" >"$OUT/$t.decisions" || failed=1
  if [ "$(wc -l <"$OUT/$t.decisions")" -ne $((FRAMES - 15)) ]; then
    echo "board-vm: FAILED: $t printed $(wc -l <"$OUT/$t.decisions") decisions, not $((FRAMES - 15))" >&2; failed=1
  elif ! cmp -s "$OUT/$t.decisions" "$OUT/x86-board.decisions"; then
    echo "board-vm: FAILED: $t decided differently from the host build on the same frames" >&2; failed=1
  fi
done
if ! cmp -s <(python3 -c "$project" "$OUT/x86-run.out") "$OUT/x86-board.decisions"; then
  echo "board-vm: FAILED: the board program and spikecam run decided differently on vivid" >&2; failed=1
fi
[ $failed -eq 0 ] || exit 1
echo "board-vm: aarch64 and armv7hf captured $FRAMES frames from vivid on an arm64 kernel; their $((FRAMES - 15)) decisions (frame, class, label, score, model) equal the x86 build's and spikecam run's"
