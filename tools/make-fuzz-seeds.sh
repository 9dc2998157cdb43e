#!/usr/bin/env bash
# Regenerates the seed corpora in Tests/Fuzz/<target>/ from files in the repository, plus a few
# tiny synthetic files (ffmpeg, cjpeg). Seeds stay a few KB each; libFuzzer grows its own corpus
# elsewhere (tools/check.sh fuzz), so these folders change only when this script changes.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v ffmpeg >/dev/null && command -v cjpeg >/dev/null || {
  echo "make-fuzz-seeds: needs ffmpeg and cjpeg (libjpeg-turbo-progs)" >&2
  exit 1
}
F=Tests/Fuzz
clip=calibration/gesture9-sample/clips/test/test_00005
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -rf "$F"/fuzz-*
mkdir -p "$F"/{fuzz-jpeg,fuzz-pgm,fuzz-y4m,fuzz-mjpeg,fuzz-board-config,fuzz-csv-json,fuzz-cli-args,fuzz-model-image,fuzz-mqtt-url,fuzz-keys}
q() { ffmpeg -loglevel error -y "$@"; }

# PGM: a data set frame, a commented header with maxval < 255, the shortest header.
cp "$clip/f00.pgm" "$F/fuzz-pgm/frame-64x64.pgm"
printf 'P5\n# comment\n4 2 # inline\n15\n\x00\x03\x07\x0f\x01\x02\x04\x08' >"$F/fuzz-pgm/maxval15.pgm"
printf 'P5 3 1 255\n\x00\x80\xff' >"$F/fuzz-pgm/short.pgm"

# JPEG: grey baseline, progressive, restart markers, arithmetic, colour 4:2:0 and 4:4:4, and
# a frame of the sample video scaled down.
cjpeg -quality 75 "$clip/f00.pgm" >"$F/fuzz-jpeg/grey-baseline.jpg"
cjpeg -quality 50 -progressive "$clip/f05.pgm" >"$F/fuzz-jpeg/grey-progressive.jpg"
cjpeg -quality 60 -restart 1 "$clip/f09.pgm" >"$F/fuzz-jpeg/grey-restart.jpg"
cjpeg -quality 60 -arithmetic "$clip/f12.pgm" >"$F/fuzz-jpeg/grey-arithmetic.jpg"
q -f lavfi -i testsrc=size=48x32 -frames:v 1 -pix_fmt yuvj420p -q:v 8 "$F/fuzz-jpeg/colour-420.jpg"
q -f lavfi -i testsrc=size=40x24 -frames:v 1 -pix_fmt yuvj444p -q:v 8 "$F/fuzz-jpeg/colour-444.jpg"
q -i calibration/sample-640x480.avi -frames:v 1 -vf scale=80:60 -q:v 10 "$F/fuzz-jpeg/sample-80x60.jpg"

# y4m: the test fixtures.
cp Tests/SpikeCaptureTests/Fixtures/*.y4m "$F/fuzz-y4m/"

# MJPEG: the sample AVI's headers and first frame, tiny AVIs and a raw stream.
head -c 14318 calibration/sample-640x480.avi >"$F/fuzz-mjpeg/sample-first-frame.avi"
q -f lavfi -i testsrc=size=32x24:rate=5 -frames:v 3 -c:v mjpeg -q:v 20 "$F/fuzz-mjpeg/tiny.avi"
q -f lavfi -i testsrc=size=32x24:rate=5 -frames:v 2 -c:v mjpeg -q:v 20 -f mjpeg \
  "$F/fuzz-mjpeg/tiny.mjpeg"

# Board profiles.
cp firmware-config/*.json "$F/fuzz-board-config/"

# labels.csv and meta.json (both go to the one target).
head -c 2048 calibration/gesture9-sample/labels.csv >"$F/fuzz-csv-json/gesture9-labels.csv"
cp calibration/gesture9-sample/meta.json "$F/fuzz-csv-json/gesture9-meta.json"
printf 'clip,label,split\r\nwave_0001,wave,train\r\n"odd, ""name""",stop,test\r\n' \
  >"$F/fuzz-csv-json/clip-label.csv"
printf '{"T": 8, "H": 32, "W": 48, "classes": ["a", "b\\u00e9\\ud83d\\ude00"]}' \
  >"$F/fuzz-csv-json/small-meta.json"

# Command lines, one word per line.
a="$F/fuzz-cli-args"
printf 'run\n--model\nint.safetensors\n--clip\nclip.avi\n--board=rpi-4.json\n--frames\n100\n--json' >"$a/run"
printf 'record\n--device\n/dev/video0\n--label\nwave\n--out\ndata\n--clips\n5' >"$a/record"
printf 'inspect\nmodel.safetensors\n--board\nxylo.json\n--\n-x' >"$a/inspect"
printf 'train\n--data\nd\n--out\nf.safetensors\n--head\nrstdp\n--seed\n-3\n-h' >"$a/train"
printf 'eval\n--model\nm\n--data\nd\n--split=test\n--float\nf\n--json' >"$a/eval"
printf 'run\n--model\nm\n--device\n/dev/video0\n--mqtt\nmqtts://u@h/t\n--mqtt-ca\nca.pem\n--on-change\n--min-score=0.6\n--smooth\n5\n--top-k\n3' >"$a/run-mqtt"
printf 'sign\n--key\nalice.key\n--model\nm.safetensors\n--out=signed.safetensors' >"$a/sign"
printf 'keygen\n--out\nalice\n-h' >"$a/keygen"
printf 'run\n--model\nm\n--clip\nc.avi\n--trusted-keys\nkeys.pub\n--realtime' >"$a/run-trusted"
# --mqtt URLs: plain, TLS with escapes and IPv6, a bad port, a wildcard topic.
u="$F/fuzz-mqtt-url"
printf 'mqtt://localhost/spikecam' >"$u/plain"
printf 'mqtts://user:p%%40ss@[::1]:8883/a/b%%20c' >"$u/tls-v6"
printf 'mqtt://u@host:99999/t' >"$u/bad-port"
printf 'mqtt://host/a/+/b' >"$u/wildcard"
printf 'mqtt://uant%%20:99@99UnsafeRa/u@hoost:99@9/t' >"$u/password-in-topic"
# Model images: a tiny float attention head (Python safetensors) and a tiny int8 classifier
# (train → calibrate → quantize on the bundled sample with a small network).
m="$F/fuzz-model-image"
python3 tools/export_pytorch.py --out "$m/attention-float-tiny.safetensors" --tokens 4 --features 8 \
  --width 8 --heads 2 --hidden 8 --classes 3 --seed 1 >/dev/null
swift build --product spikecam >/dev/null
t=$(mktemp -d)
printf '{"patch": 16, "stride": 16, "per_column": 2, "tokens": 4, "width": 8, "heads": 2, "hidden": 8, "epochs": 1, "timesteps": 4, "stdp_clips": 4}' >"$t/tiny.json"
.build/debug/spikecam train --data calibration/gesture9-sample --config "$t/tiny.json" --out "$t/f.safetensors" --seed 1 2>/dev/null
.build/debug/spikecam calibrate --model "$t/f.safetensors" --data calibration/gesture9-sample --out "$t/r.json" >/dev/null
.build/debug/spikecam quantize --model "$t/f.safetensors" --calibration "$t/r.json" \
  --board firmware-config/rpi-4.json --out "$m/classifier-int8-tiny.safetensors" >/dev/null
# the same head with 12-bit activations (format 3, activation_bits in the header)
.build/debug/spikecam calibrate --model "$t/f.safetensors" --data calibration/gesture9-sample \
  --activation-bits 12 --out "$t/r12.json" >/dev/null
.build/debug/spikecam quantize --model "$t/f.safetensors" --calibration "$t/r12.json" \
  --board firmware-config/rpi-4.json --out "$m/classifier-a12-tiny.safetensors" >/dev/null
# the same with the encoder's camera-pan compensation (pipeline.panSearch in the header)
printf '{"patch": 16, "stride": 16, "per_column": 2, "tokens": 4, "width": 8, "heads": 2, "hidden": 8, "epochs": 1, "timesteps": 4, "stdp_clips": 4, "pan_search": 3}' >"$t/pan.json"
.build/debug/spikecam train --data calibration/gesture9-sample --config "$t/pan.json" --out "$t/pf.safetensors" --seed 1 2>/dev/null
.build/debug/spikecam calibrate --model "$t/pf.safetensors" --data calibration/gesture9-sample --out "$t/pr.json" >/dev/null
.build/debug/spikecam quantize --model "$t/pf.safetensors" --calibration "$t/pr.json" \
  --board firmware-config/rpi-4.json --out "$m/classifier-int8-pan-tiny.safetensors" >/dev/null
printf '{"patch": 16, "stride": 16, "per_column": 2, "tokens": 4, "timesteps": 4, "stdp_clips": 4, "per_class": 2}' >"$t/rstdp.json"
.build/debug/spikecam train --head rstdp --data calibration/gesture9-sample --config "$t/rstdp.json" \
  --epochs 1 --out "$t/rf.safetensors" --seed 1 2>/dev/null
.build/debug/spikecam calibrate --model "$t/rf.safetensors" --data calibration/gesture9-sample --out "$t/rr.json" >/dev/null 2>&1
.build/debug/spikecam quantize --model "$t/rf.safetensors" --calibration "$t/rr.json" \
  --board firmware-config/rpi-4.json --out "$m/rstdp-int8-tiny.safetensors" >/dev/null 2>&1
printf '{"patch": 16, "stride": 16, "per_column": 2, "tokens": 4, "timesteps": 4, "stdp_clips": 4, "column_hidden": 8, "per_class": 2, "rstdp_epochs": 1}' >"$t/column.json"
.build/debug/spikecam train --head column --data calibration/gesture9-sample --config "$t/column.json" \
  --out "$t/cf.safetensors" --seed 1 2>/dev/null
.build/debug/spikecam calibrate --model "$t/cf.safetensors" --data calibration/gesture9-sample --out "$t/cr.json" >/dev/null 2>&1
.build/debug/spikecam quantize --model "$t/cf.safetensors" --calibration "$t/cr.json" \
  --board firmware-config/rpi-4.json --out "$m/column-int8-tiny.safetensors" >/dev/null 2>&1
rm -rf "$t"
chmod 644 "$m"/*

# Key files: a trusted-keys file (two keys, a name, a comment) and RFC 8032's first secret key.
printf 'ed25519:0d2e9bf6fffe3a8bf0c05d4acbf7cc34bc1a007068a76ae95e1141e22e509eb8 alice\n# a comment\n\ned25519:d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a\n' \
  >"$F/fuzz-keys/trusted.pub"
printf 'ed25519-secret:9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60\n' >"$F/fuzz-keys/secret.key"

# The crafted inputs of docs/SECURITY.md, and the signed model seed.
tools/make-hostile-seeds.sh
ls -la "$F"/* | awk '{ s += $5 } END { print s " bytes in seeds" }'
