#!/usr/bin/env bash
# Installs the system packages SpikeCam builds and tests with (Debian/Ubuntu), once.
# Safe to run again: it installs only what is missing. Needs root or sudo for apt-get.
set -euo pipefail

packages=(pkg-config libv4l-dev libjpeg-dev libjpeg-turbo-progs v4l-utils nettle-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# The model-file interop tests call python3 with safetensors and numpy (tools/export_pytorch.py
# uses them too); install them only when missing. Without python3 those tests skip.
if command -v python3 >/dev/null && ! python3 -c "import safetensors.numpy, numpy" 2>/dev/null; then
  python3 -m pip install -q safetensors numpy 2>/dev/null \
    || python3 -m pip install -q --break-system-packages safetensors numpy \
    || echo "setup: pip install safetensors numpy failed; interop tests will skip" >&2
fi
command -v swift >/dev/null || { echo "setup: no 'swift' on PATH; install Swift 6.2 or newer (swift.org)" >&2; exit 1; }
