#!/usr/bin/env bash
# Checks tools/systemd/spikecam.service with `systemd-analyze verify`; any warning fails.
#
#   tools/systemd/verify.sh [SPIKECAM_BINARY]     (default: .build/debug/spikecam)
#
# verify insists that ExecStart's program exists, so the check runs on a copy whose ExecStart
# names the built binary instead of /usr/local/bin/spikecam.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-$PWD/.build/debug/spikecam}
[ -x "$bin" ] || { echo "verify: $bin is not built (swift build --product spikecam)" >&2; exit 1; }
command -v systemd-analyze >/dev/null ||
  { echo "verify: no systemd-analyze (tools/setup.sh installs the systemd package)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s|^ExecStart=/usr/local/bin/spikecam |ExecStart=$bin |" tools/systemd/spikecam.service >"$tmp/spikecam.service"
grep -q "^ExecStart=$bin run " "$tmp/spikecam.service" ||
  { echo "verify: ExecStart must run /usr/local/bin/spikecam run …" >&2; exit 1; }
out=$(systemd-analyze verify "$tmp/spikecam.service" 2>&1) || { echo "$out" >&2; exit 1; }
if [ -n "$out" ]; then
  echo "verify: systemd-analyze verify warned about spikecam.service:" >&2
  echo "$out" >&2
  exit 1
fi
echo "spikecam.service: systemd-analyze verify passed"
