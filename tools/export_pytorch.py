#!/usr/bin/env python3
"""Export a float SpikeCam attention head as a safetensors model that `spikecam` reads.

Sources of the weights (first that applies):
  --state-dict FILE   a PyTorch state_dict (torch.save) whose keys are the documented names
                      (docs/MODEL_FORMAT.md), optionally under a prefix given by --prefix;
  --npz FILE          a numpy .npz with the same names;
  otherwise           a seeded random initialisation of the configured sizes (for tests/demos).

The file is written with the `safetensors` package (safetensors.torch when torch is installed,
else safetensors.numpy), then its __metadata__ gets the CRC32 of the tensor bytes, which the
SpikeCam reader verifies.

Example:
  python3 tools/export_pytorch.py --out head.safetensors --tokens 16 --features 128 \
      --width 64 --heads 4 --hidden 128 --classes 9 --seed 1
"""
import argparse
import json
import struct
import sys
import zlib

import numpy as np

try:
    import torch  # noqa: F401
    from safetensors.torch import save_file as save_torch
except ImportError:  # torch is optional
    torch = None
from safetensors.numpy import save_file as save_numpy

FORMAT = "spikecam.attention"
FORMAT_VERSION = "1"


def tensor_shapes(c):
    """Documented tensor names and shapes for config c (PyTorch layout: weight is [out, in])."""
    d, f, k, h, n = c["width"], c["features"], c["tokens"], c["hidden"], c["classes"]
    return {
        "proj.weight": (d, f), "proj.bias": (d,), "pos_embed": (k, d),
        "attn.q.weight": (d, d), "attn.q.bias": (d,), "attn.k.weight": (d, d), "attn.k.bias": (d,),
        "attn.v.weight": (d, d), "attn.v.bias": (d,), "attn.out.weight": (d, d),
        "attn.out.bias": (d,), "norm1.weight": (d,), "norm1.bias": (d,),
        "mlp.fc1.weight": (h, d), "mlp.fc1.bias": (h,), "mlp.fc2.weight": (d, h),
        "mlp.fc2.bias": (d,), "norm2.weight": (d,), "norm2.bias": (d,),
        "head.weight": (n, d), "head.bias": (n,),
    }


def config_from(tensors, heads):
    """Sizes inferred from the tensors themselves (heads cannot be, so it is given)."""
    k, d = tensors["pos_embed"].shape
    return {"tokens": int(k), "features": int(tensors["proj.weight"].shape[1]), "width": int(d),
            "heads": heads, "hidden": int(tensors["mlp.fc1.weight"].shape[0]),
            "classes": int(tensors["head.weight"].shape[0])}


def random_tensors(c, seed):
    rng = np.random.default_rng(seed)
    out = {}
    for name, shape in tensor_shapes(c).items():
        if name.endswith("norm1.weight") or name.endswith("norm2.weight"):
            out[name] = np.ones(shape, np.float32)
        elif name == "pos_embed":
            out[name] = rng.uniform(-0.1, 0.1, shape).astype(np.float32)
        elif name.endswith(".weight"):
            bound = 1.0 / np.sqrt(shape[1])
            out[name] = rng.uniform(-bound, bound, shape).astype(np.float32)
        else:
            out[name] = np.zeros(shape, np.float32)
    return out


def stamp_checksum(path):
    """Adds __metadata__.crc32 (CRC32 of the bytes after the header) and rewrites the file."""
    with open(path, "rb") as fh:
        blob = fh.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    data = blob[8 + n:]
    header.setdefault("__metadata__", {})["crc32"] = "%08x" % (zlib.crc32(data) & 0xFFFFFFFF)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    with open(path, "wb") as fh:
        fh.write(struct.pack("<Q", len(text)) + text + data)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True)
    p.add_argument("--state-dict")
    p.add_argument("--npz")
    p.add_argument("--prefix", default="", help="key prefix to strip, e.g. 'model.'")
    for name, default in [("tokens", 16), ("features", 128), ("width", 64), ("heads", 4),
                          ("hidden", 128), ("classes", 9), ("seed", 1)]:
        p.add_argument("--" + name, type=int, default=default)
    p.add_argument("--board", default="unspecified")
    a = p.parse_args(argv)

    if a.state_dict:
        if torch is None:
            sys.exit("Error: --state-dict needs PyTorch (pip install torch)")
        state = torch.load(a.state_dict, map_location="cpu")
        tensors = {k[len(a.prefix):]: v.detach().float().contiguous()
                   for k, v in state.items() if k.startswith(a.prefix)}
        arrays = {k: v.numpy() for k, v in tensors.items()}
        config = config_from(arrays, a.heads)
    elif a.npz:
        arrays = {k: v.astype(np.float32) for k, v in np.load(a.npz).items()}
        config = config_from(arrays, a.heads)
    else:
        config = {k: getattr(a, k) for k in ("tokens", "features", "width", "heads", "hidden",
                                              "classes")}
        arrays = random_tensors(config, a.seed)

    expected = tensor_shapes(config)
    missing = sorted(set(expected) - set(arrays))
    if missing:
        sys.exit("Error: missing tensors: " + ", ".join(missing))
    for name, shape in expected.items():
        if tuple(arrays[name].shape) != shape:
            sys.exit(f"Error: {name} has shape {tuple(arrays[name].shape)}, expected {shape}")
    metadata = {"format": FORMAT, "format_version": FORMAT_VERSION, "kind": "float",
                "config": json.dumps(config, sort_keys=True, separators=(",", ":")),
                "board": a.board}
    if torch is not None:
        save_torch({k: torch.from_numpy(np.ascontiguousarray(arrays[k])) for k in expected},
                   a.out, metadata=metadata)
    else:
        save_numpy({k: np.ascontiguousarray(arrays[k]) for k in expected}, a.out,
                   metadata=metadata)
    stamp_checksum(a.out)
    print(f"wrote {a.out}: {len(expected)} tensors, config {metadata['config']}")


if __name__ == "__main__":
    main()
