#!/usr/bin/env python3
"""The whole-file digest of SpikeCam model files, written a second time, independently of the
Swift reader (docs/MODEL_FORMAT.md, "Integrity and origin"): SHA-256 of the file with the 64
digits of __metadata__.sha256 and the 128 digits of __metadata__.signature read as ASCII "0".

    python3 tools/model_digest.py MODEL.safetensors            # prints the digest, checks it
    python3 tools/model_digest.py --reseal OLD.safetensors NEW.safetensors

--reseal rewrites a format-1 file as format 2 (unsigned): the same tensors at the same offsets,
the same metadata, format_version 2 and the digest. Standard library only; `seal` and `verify`
are what tools/spikecam_model.py writes and reads model files with.
"""
import argparse
import hashlib
import json
import re
import struct
import sys

BLANKED = (("sha256", 64), ("signature", 128))


def header_of(image):
    (length,) = struct.unpack("<Q", image[:8])
    return length, json.loads(image[8 : 8 + length])


def blank_ranges(image, length, metadata):
    """Byte ranges of the blanked values: each key appears once as `"key":"` in the header (a
    JSON string cannot hold a bare quote, so the text is found only where the member is)."""
    header = image[8 : 8 + length]
    ranges = []
    for key, digits in BLANKED:
        if key not in metadata:
            continue
        hits = [m.end() for m in re.finditer(re.escape(f'"{key}":"'.encode()), header)]
        if len(hits) != 1:
            raise ValueError(f"{key}: found {len(hits)} times in the header, expected once")
        start = 8 + hits[0]
        ranges.append((start, start + digits))
    return ranges


def digest(image, ranges):
    blanked = bytearray(image)
    for start, end in ranges:
        blanked[start:end] = b"0" * (end - start)
    return hashlib.sha256(bytes(blanked)).hexdigest()


def seal(header, data):
    """The image of `header` (a dict with `__metadata__`) over the tensor bytes `data`, with
    __metadata__.sha256 set to its whole-file digest: sorted compact JSON, padded with spaces
    so the data starts at a multiple of 8 bytes, as the Swift writer lays it out."""
    header = dict(header)
    metadata = dict(header.get("__metadata__", {}))
    metadata["sha256"] = "0" * 64
    header["__metadata__"] = metadata
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    out = bytearray(struct.pack("<Q", len(text)) + text + data)
    ranges = blank_ranges(out, len(text), metadata)
    value = digest(bytes(out), ranges).encode()
    start, end = ranges[0]
    out[start:end] = value
    return bytes(out)


def verify(image, path="model"):
    """The digest of a format-2 image, checked against its header; None for a format-1 image
    (no __metadata__.sha256). Raises ValueError when they differ."""
    length, header = header_of(image)
    metadata = header.get("__metadata__", {})
    if "sha256" not in metadata:
        return None
    actual = digest(image, blank_ranges(image, length, metadata))
    if actual != metadata["sha256"]:
        raise ValueError(f"{path}: digest {actual}, header says {metadata['sha256']}")
    return actual


def reseal(image):
    length, header = header_of(image)
    metadata = dict(header.get("__metadata__", {}))
    if metadata.get("signature"):
        sys.exit("already signed: nothing to reseal")
    # Format 1 becomes 2; a later version already carries the digest's rules, and keeps its own.
    if (metadata.get("format") in ("spikecam.classifier", "spikecam.attention")
            and metadata.get("format_version", "1") == "1"):
        metadata["format_version"] = "2"
    header["__metadata__"] = metadata
    return seal(header, image[8 + length :])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model")
    parser.add_argument("out", nargs="?")
    parser.add_argument("--reseal", action="store_true")
    args = parser.parse_args()
    image = open(args.model, "rb").read()
    try:
        if args.reseal:
            if not args.out:
                sys.exit("--reseal needs OLD and NEW paths")
            image = reseal(image)
            open(args.out, "wb").write(image)
        actual = verify(image, args.model)
    except ValueError as e:
        sys.exit(str(e))
    if actual is None:
        sys.exit(f"{args.model}: no __metadata__.sha256 (a format-1 file)")
    print(actual)


if __name__ == "__main__":
    main()
