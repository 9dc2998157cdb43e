"""SpikeCam model files (docs/MODEL_FORMAT.md) for the Python tools: the one module that reads
and writes them, so a change of the file format is made here only.

A model file is safetensors with string metadata. SpikeCam's reader checks `__metadata__.crc32`
(CRC-32 of the tensor bytes) and, in format 2, `__metadata__.sha256` (the whole-file digest,
computed by tools/model_digest.py, the one Python implementation of it); `write` stamps both
after the `safetensors` package has laid out the tensors. Everything is numpy; PyTorch is not
needed here.
"""
import json
import os
import struct
import sys
import tempfile
import zlib

import numpy as np
from safetensors import safe_open
from safetensors.numpy import save as save_bytes

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model_digest  # noqa: E402

CLASSIFIER = "spikecam.classifier"
ATTENTION = "spikecam.attention"
FEATURES = "spikecam.features"
FORMAT_VERSION = "2"
TRAINING_DATA = "training_data"


class ModelFileError(Exception):
    """A file that is not what the tool needs; the message says what to do."""


def read(path):
    """(tensors, metadata) of a safetensors file, after checking its crc32 and, in format 2, its
    whole-file sha256."""
    if not os.path.exists(path):
        raise ModelFileError(f"{path}: no such file")
    with open(path, "rb") as fh:
        blob = fh.read()
    try:
        model_digest.verify(blob, path)
    except ValueError as e:
        raise ModelFileError(f"{e}: the file was changed or damaged after it was written")
    with safe_open(path, "np") as f:
        metadata = dict(f.metadata() or {})
        tensors = {name: f.get_tensor(name) for name in f.keys()}
    if "crc32" in metadata:
        (n,) = struct.unpack("<Q", blob[:8])
        if "%08x" % (zlib.crc32(blob[8 + n:]) & 0xFFFFFFFF) != metadata["crc32"]:
            raise ModelFileError(f"{path}: the tensor bytes do not match __metadata__.crc32")
    return tensors, metadata


def write(path, tensors, metadata):
    """Writes `tensors` (name -> numpy array) and string `metadata` as a format-2 file: the
    safetensors package lays out the tensors, then crc32 and the whole-file sha256 are stamped
    (`model_digest.seal`). Like SpikeCam's writer: a new temporary file in the same folder
    (never through a link), fsync, rename over `path`, fsync of the folder, 0666 less the umask."""
    blob = save_bytes({k: np.ascontiguousarray(v) for k, v in tensors.items()},
                      metadata={k: str(v) for k, v in metadata.items()
                                if k not in ("crc32", "sha256", "signature", "signed_by")})
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    data = blob[8 + n:]
    header.setdefault("__metadata__", {})["crc32"] = "%08x" % (zlib.crc32(data) & 0xFFFFFFFF)
    image = model_digest.seal(header, data)
    folder = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fh.fileno(), 0o666 & ~umask)
            fh.write(image)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.lexists(temporary):
            os.unlink(temporary)
        raise
    dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


def json_value(metadata, key, path="model"):
    """A JSON-valued metadata entry, or an error naming it."""
    if key not in metadata:
        raise ModelFileError(f"{path}: __metadata__ has no '{key}'")
    try:
        return json.loads(metadata[key])
    except json.JSONDecodeError as e:
        raise ModelFileError(f"{path}: __metadata__.{key} is not JSON ({e})")


def compact_json(value):
    """JSON as SpikeCam writes its metadata: sorted keys, no spaces."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


# The attention head: documented names and shapes (PyTorch layout, weight is [out, in]).

def head_shapes(config):
    d, f, k = config["width"], config["features"], config["tokens"]
    h, n = config["hidden"], config["classes"]
    return {
        "proj.weight": (d, f), "proj.bias": (d,), "pos_embed": (k, d),
        "attn.q.weight": (d, d), "attn.q.bias": (d,), "attn.k.weight": (d, d),
        "attn.k.bias": (d,), "attn.v.weight": (d, d), "attn.v.bias": (d,),
        "attn.out.weight": (d, d), "attn.out.bias": (d,),
        "norm1.weight": (d,), "norm1.bias": (d,),
        "mlp.fc1.weight": (h, d), "mlp.fc1.bias": (h,), "mlp.fc2.weight": (d, h),
        "mlp.fc2.bias": (d,), "norm2.weight": (d,), "norm2.bias": (d,),
        "head.weight": (n, d), "head.bias": (n,),
    }


def head_config_from(tensors, heads):
    """Sizes of a head from its tensors (the head count cannot be inferred, so it is given)."""
    k, d = tensors["pos_embed"].shape
    return {"tokens": int(k), "features": int(tensors["proj.weight"].shape[1]), "width": int(d),
            "heads": int(heads), "hidden": int(tensors["mlp.fc1.weight"].shape[0]),
            "classes": int(tensors["head.weight"].shape[0])}


def check_head(tensors, config):
    """The head's tensors as float32 arrays, or an error naming the first wrong one."""
    if config["width"] % config["heads"] != 0:
        raise ModelFileError(f"width {config['width']} is not a multiple of heads "
                             f"{config['heads']}")
    out = {}
    for name, shape in head_shapes(config).items():
        if name not in tensors:
            raise ModelFileError(f"the head has no tensor '{name}'")
        value = np.asarray(tensors[name], dtype=np.float32)
        if tuple(value.shape) != shape:
            raise ModelFileError(f"{name} has shape {tuple(value.shape)}, expected {shape}")
        if not np.all(np.isfinite(value)):
            raise ModelFileError(f"{name} has values that are not finite")
        out[name] = value
    return out


def head_metadata(config, board="unspecified"):
    """Metadata of a head-only file (`spikecam.attention`, read by `spikecam inspect`)."""
    return {"format": ATTENTION, "format_version": FORMAT_VERSION, "kind": "float",
            "config": compact_json(config), "board": board}


# Classifier models: the front end (snn.weight, snn.theta, metadata pipeline) and a head.

def read_float_classifier(path):
    """(tensors, metadata) of a float classifier model, refusing anything else."""
    tensors, metadata = read(path)
    if metadata.get("format") != CLASSIFIER:
        raise ModelFileError(f"{path}: is '{metadata.get('format', 'not a SpikeCam model')}', "
                             f"expected a classifier model from `spikecam train`")
    if metadata.get("kind") != "float":
        raise ModelFileError(f"{path}: is an {metadata.get('kind')} model; give the float model "
                             f"that `spikecam train` wrote")
    return tensors, metadata


def front_end(path):
    """The spiking front end of a float classifier model: (snn tensors, pipeline, classes,
    network summary, metadata)."""
    tensors, metadata = read_float_classifier(path)
    return ({"snn.weight": tensors["snn.weight"].astype(np.float32),
             "snn.theta": tensors["snn.theta"].astype(np.float32)},
            json_value(metadata, "pipeline", path), json_value(metadata, "classes", path),
            json_value(metadata, "network", path), metadata)


def write_classifier(front_end_path, head, config, out, classes=None, board="unspecified",
                     training_data=None):
    """Writes a complete float classifier: the front end of `front_end_path` (any float
    classifier model) and the attention `head` (name -> array, documented names) of sizes
    `config`. The head must read the front end's features and window length."""
    snn, pipeline, front_classes, network, metadata = front_end(front_end_path)
    classes = list(classes if classes is not None else front_classes)
    f = network["features"]["total"]
    if config["features"] != f or config["tokens"] != pipeline["tokens"]:
        raise ModelFileError(
            f"the head reads {config['tokens']} frames of {config['features']} features; the "
            f"front end of {front_end_path} makes {pipeline['tokens']} frames of {f}")
    if len(classes) != config["classes"]:
        raise ModelFileError(f"the head has {config['classes']} classes, the class list "
                             f"{len(classes)}")
    tensors = dict(check_head(head, config))
    tensors.update(snn)
    meta = {"format": CLASSIFIER, "format_version": FORMAT_VERSION, "kind": "float",
            "head": "attention", "config": compact_json(config), "board": board,
            "pipeline": metadata["pipeline"], "classes": compact_json(classes),
            "network": metadata["network"]}
    if training_data is not None:
        meta[TRAINING_DATA] = compact_json(training_data)
    write(out, tensors, meta)


def read_features(path):
    """A `spikecam features` file: dict with features (uint8 [clips, frames, F]), labels,
    logits (when the model had an attention head, else None), and metadata."""
    tensors, metadata = read(path)
    if metadata.get("format") != FEATURES:
        raise ModelFileError(f"{path}: is not a features file; make one with `spikecam features`")
    return {"features": tensors["features"], "labels": tensors["labels"].astype(np.int64),
            "logits": tensors.get("logits"), "tokens": int(metadata["tokens"]),
            "classes": json_value(metadata, "classes", path),
            "pipeline": json_value(metadata, "pipeline", path),
            "clips": json_value(metadata, "clips", path) if "clips" in metadata else None,
            "metadata": metadata}
