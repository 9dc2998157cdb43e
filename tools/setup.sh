#!/usr/bin/env bash
# Installs the system packages SpikeCam builds and tests with (Debian/Ubuntu), once.
# Safe to run again: it installs only what is missing. Needs root or sudo for apt-get.
# The clip generators need more (ffmpeg and the source packages): tools/setup-data.sh, docs/DATA.md.
set -euo pipefail

# libpng-dev: the pictures of `inspect --pictures` and `eval --pictures`. ffmpeg:
# tools/videos_to_dataset.py and its tests decode videos with it. libmosquitto-dev:
# `run --mqtt`; mosquitto, mosquitto-clients and openssl: the tests' real broker, subscriber and
# TLS certificates; systemd: `systemd-analyze verify` of tools/systemd/spikecam.service.
# nettle-dev: Ed25519 for model signatures.
packages=(pkg-config libv4l-dev libjpeg-dev libpng-dev libjpeg-turbo-progs v4l-utils ffmpeg libmosquitto-dev
  mosquitto mosquitto-clients openssl systemd nettle-dev)

missing=()
for p in "${packages[@]}"; do
  grep -q "install ok installed" <<<"$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# The Python tools and the interop tests use the packages of tools/requirements.txt; install the
# missing ones. PyTorch comes from a local CPU wheel when there is one (SPIKECAM_WHEELS, default
# /opt/wheels), else from PyPI only when SPIKECAM_REQUIRE_PYTHON=1 (CI: the tests must not skip);
# without it the PyTorch tests skip (docs/PYTORCH.md says how to install it).
if command -v python3 >/dev/null; then
  pip_install() {
    python3 -m pip install -q "$@" 2>/dev/null || python3 -m pip install -q --break-system-packages "$@"
  }
  requirements="$(dirname "$0")/requirements.txt"
  if ! python3 -c "import numpy, safetensors.numpy, nir, h5py" 2>/dev/null; then
    # shellcheck disable=SC2046 # one argument per requirement line
    pip_install $(grep -v -e '^torch' -e '^#' "$requirements") \
      || echo "setup: pip install of tools/requirements.txt failed; the interop tests will skip" >&2
  fi
  if ! python3 -c "import torch" 2>/dev/null; then
    torch_version=$(sed -n 's/^torch==//p' "$requirements")
    wheel=$(ls "${SPIKECAM_WHEELS:-/opt/wheels}"/torch-"$torch_version"+cpu-*.whl 2>/dev/null | head -1 || true)
    if [ -n "$wheel" ]; then
      pip_install "$wheel" || echo "setup: pip install $wheel failed" >&2
    elif [ "${SPIKECAM_REQUIRE_PYTHON:-}" = 1 ]; then
      pip_install "torch==$torch_version" || echo "setup: pip install torch failed" >&2
    else
      echo "setup: PyTorch is not installed; the PyTorch tests skip (see docs/PYTORCH.md)" >&2
    fi
  fi
fi
command -v swift >/dev/null || { echo "setup: no 'swift' on PATH; install Swift 6.2 or newer (swift.org)" >&2; exit 1; }
