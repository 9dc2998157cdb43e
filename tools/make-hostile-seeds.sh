#!/usr/bin/env bash
# Writes the crafted inputs of docs/SECURITY.md as fuzz seeds: Tests/Fuzz/<target>/refused-*
# (each must be refused with a typed error, never hang or allocate what it claims;
# FuzzCorpusTests and ModelImageSeedTests check that) and format-2 model seeds (signed-*, which
# must load). Deterministic: Ed25519 signatures are, and the key is RFC 8032's first test key.
# Needs python3 and a built `spikecam` (SPIKECAM, default .build/debug/spikecam).
set -euo pipefail
cd "$(dirname "$0")/.."
F=Tests/Fuzz
B=${SPIKECAM:-.build/debug/spikecam}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Raw MJPEG that took quadratic time to index: SOI, then APP0 segments of length 4 each holding
# an SOI, then a byte that is no marker.
python3 -c "import sys; sys.stdout.buffer.write(b'\xff\xd8' + b'\xff\xe0\x00\x04\xff\xd8' * 2000 + b'\x00' * 4)" \
  >"$F/fuzz-mjpeg/refused-quadratic-app0-chain.mjpeg"

# A 17-byte PGM header claiming 8192x8192 (284 MB before), and y4m claiming a huge frame.
printf 'P5\n8192 8192\n255\n' >"$F/fuzz-pgm/refused-huge-header.pgm"
printf 'YUV4MPEG2 W16384 H16384 F30:1 C444\nFRAME\n\x00\x00' >"$F/fuzz-y4m/refused-huge-frame.y4m"

# labels.csv: a line of commas (612 MB for 32 MB of them before); meta.json: class names with
# escape sequences, and a key given twice.
python3 -c "import sys; sys.stdout.write('clip,label\n' + ',' * 4000 + '\n')" >"$F/fuzz-csv-json/refused-commas.csv"
printf '{"T": 8, "H": 32, "W": 48, "classes": ["ok", "\\u001b]0;owned\\u0007", "two\\nlines"]}' \
  >"$F/fuzz-csv-json/refused-control-classes.json"
printf '{"T": 8, "T": 9, "classes": ["a"]}' >"$F/fuzz-csv-json/refused-duplicate-key.json"

# Models: the tiny classifier signed (format 2), then each attack on it.
m=$F/fuzz-model-image
printf 'ed25519-secret:9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60\n' >"$tmp/rfc.key"
"$B" sign --key "$tmp/rfc.key" --model "$m/classifier-int8-tiny.safetensors" \
  --out "$m/signed-classifier-int8-tiny.safetensors" >/dev/null
python3 - "$m" <<'PY'
import json, struct, subprocess, sys
m = sys.argv[1]
signed = open(f"{m}/signed-classifier-int8-tiny.safetensors", "rb").read()

def replace(image, old, new):
    assert len(old) == len(new) and image.count(old) >= 1, old
    return image.replace(old, new, 1)

# A header edit the CRC32 never saw: the event threshold.
start = signed.index(b'eventThreshold\\":') + len(b'eventThreshold\\":')
edited = signed[:start] + (b"9" if signed[start:start + 1] != b"9" else b"8") + signed[start + 1:]
open(f"{m}/refused-header-edit.safetensors", "wb").write(edited)
# Another signer named (covered by the digest).
other = b"ed25519:3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"
signer = signed[signed.index(b"ed25519:"):signed.index(b"ed25519:") + len(other)]
open(f"{m}/refused-signer-swap.safetensors", "wb").write(replace(signed, signer, other))
# A signature that is not this file's (the digest blanks it, the signature check does not).
at = signed.index(b'"signature":"') + len(b'"signature":"')
flipped = signed[:at] + (b"1" if signed[at:at + 1] != b"1" else b"2") + signed[at + 1:]
open(f"{m}/refused-signature-swap.safetensors", "wb").write(flipped)
# Truncated.
open(f"{m}/refused-truncated.safetensors", "wb").write(signed[: len(signed) // 2])
# A 4 KiB shape (the 4 MiB, 2M-entry one cost 147 MB).
header = b'{"t":{"dtype":"U8","data_offsets":[0,1],"shape":[' + b"1," * 2000 + b"1]}}"
open(f"{m}/refused-long-shape.safetensors", "wb").write(struct.pack("<Q", len(header)) + header + b"\0")
# Sealed (digest right) but with escape sequences in a class name.
n = struct.unpack("<Q", signed[:8])[0]
h = json.loads(signed[8:8 + n])
meta = h["__metadata__"]
for k in ("signature", "signed_by", "sha256"):
    meta.pop(k, None)
classes = json.loads(meta["classes"])
classes[0] = "\x1b]0;owned\x07" + classes[0]
meta["classes"] = json.dumps(classes)
text = json.dumps(h, sort_keys=True, separators=(",", ":")).encode()
text += b" " * ((8 - (8 + len(text)) % 8) % 8)
plain = struct.pack("<Q", len(text)) + text + signed[8 + n:]
meta["format_version"] = "1"
open(f"/tmp/.hostile-classes", "wb").write(plain)
PY
python3 tools/model_digest.py --reseal /tmp/.hostile-classes "$m/refused-control-classes.safetensors" >/dev/null
rm -f /tmp/.hostile-classes
echo "hostile seeds written"
