#!/usr/bin/env python3
"""Export a float SpikeCam attention head trained in PyTorch as a model file that `spikecam` reads.

Sources of the weights (first that applies):
  --state-dict FILE   a PyTorch state_dict (torch.save) whose keys are the documented names
                      (docs/MODEL_FORMAT.md), optionally under a prefix given by --prefix, or
                      the {'config', 'state_dict'} file of `tools/spikecam_torch.py export`;
  --npz FILE          a numpy .npz with the same names;
  otherwise           a seeded random initialisation of the configured sizes (for tests/demos).

With --front-end FLOAT.safetensors (a float model from `spikecam train`) the output is a
complete classifier model (that front end + this head), which calibrate, quantize, eval and run
accept; without it, a head-only `spikecam.attention` file that only `inspect` opens.

Example:
  python3 tools/export_pytorch.py --state-dict head.pt --front-end float.safetensors \
      --out mine-float.safetensors
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spikecam_model as files  # noqa: E402

try:
    import torch
except ImportError:  # torch is needed for --state-dict only
    torch = None


def random_tensors(c, seed):
    rng = np.random.default_rng(seed)
    out = {}
    for name, shape in files.head_shapes(c).items():
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
    p.add_argument("--front-end", help="float model whose spiking front end to use")
    a = p.parse_args(argv)

    heads = a.heads
    if a.state_dict:
        if torch is None:
            sys.exit("Error: --state-dict needs PyTorch (pip install -r tools/requirements.txt)")
        state = torch.load(a.state_dict, map_location="cpu")
        if "state_dict" in state and "config" in state:
            heads = int(state["config"]["heads"])
            state = state["state_dict"]
        arrays = {k[len(a.prefix):]: v.detach().float().cpu().numpy()
                  for k, v in state.items() if k.startswith(a.prefix)}
        config = files.head_config_from(arrays, heads)
    elif a.npz:
        arrays = {k: v.astype(np.float32) for k, v in np.load(a.npz).items()}
        config = files.head_config_from(arrays, heads)
    else:
        config = {k: getattr(a, k) for k in ("tokens", "features", "width", "heads", "hidden",
                                              "classes")}
        arrays = random_tensors(config, a.seed)
    try:
        if a.front_end:
            files.write_classifier(a.front_end, arrays, config, a.out, board=a.board)
            print(f"wrote {a.out}: front end of {a.front_end}, head {files.compact_json(config)}")
        else:
            files.write(a.out, files.check_head(arrays, config), files.head_metadata(config, a.board))
            print(f"wrote {a.out}: head only, config {files.compact_json(config)}")
    except files.ModelFileError as e:
        sys.exit(f"Error: {e}")


if __name__ == "__main__":
    main()
