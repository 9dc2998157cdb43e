#!/usr/bin/env python3
"""SpikeCam's float attention head in PyTorch, and the commands to move heads between the two.

`AttentionHead` computes what `FloatAttentionHead` (Sources/SpikeReference) computes, op for op:
per-frame features [K, F] -> token projection + learned positional term -> one post-LayerNorm
block (multi-head self-attention with scores scaled by 1/sqrt(d/h), residual, LayerNorm
eps 1e-5; ReLU MLP, residual, LayerNorm) -> mean over the K tokens -> linear head -> logits. Its
state_dict uses the model file's tensor names, so a SpikeCam head loads into it unchanged.

Commands (docs/PYTORCH.md):
  check   compare this module's logits with the float twin's logits in a features file
  export  write a float model's head as a PyTorch file (state_dict plus config)
  train   train or fine-tune the head on features files and write a complete float model
          (the front end of a SpikeCam float model, the head from PyTorch)

Features files come from `spikecam features --model FLOAT --data DIR --split S --out F`.
"""
import argparse
import math
import os
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spikecam_model as files  # noqa: E402


class Attention(nn.Module):
    """Multi-head self-attention over the K tokens (no mask), as the float twin's `attend`."""

    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(width, width)
        self.k = nn.Linear(width, width)
        self.v = nn.Linear(width, width)
        self.out = nn.Linear(width, width)

    def forward(self, x, grid=None):
        grid = grid or Grid()
        b, k, d = x.shape
        w = d // self.heads

        def split(t):
            return t.view(b, k, self.heads, w).transpose(1, 2)  # [B, h, K, w]

        q, key, v = (split(grid.on(name, grid.linear(m, x)))
                     for name, m in (("queries", self.q), ("keys", self.k), ("values", self.v)))
        scores = (q @ key.transpose(-1, -2)) * (1.0 / math.sqrt(w))
        attended = grid.on("attended", (torch.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(b, k, d))
        return grid.on("attentionOut", grid.linear(self.out, attended))


class Grid:
    """The int8 grid of `spikecam quantize`, applied in float (tools/quant-sensitivity.py): each
    activation named in `bounds` is rounded to its step `bound / levels` and saturates at
    +-levels steps, and with `weights` every weight matrix is rounded per output channel (step
    max|W[o,:]| / 127). An empty grid is the plain float head."""

    def __init__(self, bounds=None, weights=False, levels=127):
        self.bounds = bounds or {}
        self.weights = weights
        self.levels = levels  # steps each side of 0: 127 for int8, 32767 for a 16-bit grid

    def on(self, name, t):
        if name not in self.bounds:
            return t
        n = self.levels
        step = max(self.bounds[name], 1e-6) / n
        return torch.clamp(torch.round(t / step), -n, n) * step

    def linear(self, module, x):
        w = module.weight
        if self.weights:
            scale = w.abs().amax(dim=1, keepdim=True).clamp_min(1e-12) / 127
            w = torch.round(w / scale) * scale
        return nn.functional.linear(x, w, module.bias)


class MLP(nn.Module):
    def __init__(self, width, hidden):
        super().__init__()
        self.fc1 = nn.Linear(width, hidden)
        self.fc2 = nn.Linear(hidden, width)

    def forward(self, x, grid=None):
        grid = grid or Grid()
        hidden = grid.on("mlpHidden", torch.relu(grid.linear(self.fc1, x)))
        return grid.on("mlpOut", grid.linear(self.fc2, hidden))


class AttentionHead(nn.Module):
    """The float classifier's head: [B, K, F] features -> [B, C] logits."""

    def __init__(self, tokens, features, width, heads, hidden, classes):
        super().__init__()
        if width % heads:
            raise ValueError(f"width {width} is not a multiple of heads {heads}")
        self.config = {"tokens": tokens, "features": features, "width": width, "heads": heads,
                       "hidden": hidden, "classes": classes}
        self.proj = nn.Linear(features, width)
        self.pos_embed = nn.Parameter(torch.empty(tokens, width).uniform_(-0.1, 0.1))
        self.attn = Attention(width, heads)
        self.norm1 = nn.LayerNorm(width, eps=1e-5)
        self.mlp = MLP(width, hidden)
        self.norm2 = nn.LayerNorm(width, eps=1e-5)
        self.head = nn.Linear(width, classes)
        # The plain float head; a `Grid` of bounds computes on the int8 grid instead.
        self.grid = Grid()

    def forward(self, x):
        g = self.grid
        h0 = g.on("embedded", g.linear(self.proj, x) + self.pos_embed)
        x1 = g.on("normalized1", self.norm1(h0 + self.attn(h0, g)))
        x2 = g.on("normalized2", self.norm2(x1 + self.mlp(x1, g)))
        return g.linear(self.head, g.on("pooled", x2.mean(dim=1)))

    @classmethod
    def from_config(cls, config):
        return cls(**{k: int(config[k]) for k in
                      ("tokens", "features", "width", "heads", "hidden", "classes")})

    @classmethod
    def from_model(cls, path):
        """The head of a SpikeCam float attention model."""
        tensors, metadata = files.read_float_classifier(path)
        if metadata.get("head", "attention") != "attention":
            raise files.ModelFileError(f"{path}: has a '{metadata['head']}' head, not attention")
        config = files.json_value(metadata, "config", path)
        head = cls.from_config(config)
        head.load_arrays(files.check_head(tensors, config))
        return head

    def load_arrays(self, arrays):
        self.load_state_dict({k: torch.from_numpy(np.array(v, dtype=np.float32))
                              for k, v in arrays.items()})

    def arrays(self):
        """The head's tensors under the model file's names, as float32 numpy arrays."""
        return {k: v.detach().cpu().float().numpy() for k, v in self.state_dict().items()}


def last_windows(features, tokens):
    """Each clip's last window of K frames, as the float twin decides on: [clips, K, F] float."""
    if features.shape[1] < tokens:
        raise files.ModelFileError(f"clips have {features.shape[1]} feature frames; the head "
                                   f"needs {tokens}")
    return torch.from_numpy(features[:, -tokens:, :].astype(np.float32))


def logits_of(head, windows, batch=256):
    head.eval()
    with torch.no_grad():
        return torch.cat([head(windows[i:i + batch]) for i in range(0, len(windows), batch)])


# Commands

def check(a):
    head = AttentionHead.from_model(a.model)
    data = files.read_features(a.features)
    if data["logits"] is None:
        sys.exit(f"Error: {a.features} has no logits (its model has no attention head)")
    ours = logits_of(head, last_windows(data["features"], head.config["tokens"])).numpy()
    theirs = data["logits"]
    diff = np.abs(ours - theirs)
    scale = max(1.0, float(np.abs(theirs).max()))
    agree = float(np.mean(ours.argmax(1) == theirs.argmax(1)))
    print(f"clips {len(theirs)}  max |logit difference| {diff.max():.3g}  "
          f"(largest |logit| {np.abs(theirs).max():.3g})  argmax agreement {100 * agree:.2f}%")
    if diff.max() > a.tolerance * scale or agree < 1.0:
        sys.exit(f"Error: PyTorch and SpikeCam's float twin differ by more than "
                 f"{a.tolerance:g} x max(1, largest |logit|)")


def export(a):
    head = AttentionHead.from_model(a.model)
    torch.save({"config": head.config, "state_dict": head.state_dict()}, a.out)
    print(f"wrote {a.out}: head {files.compact_json(head.config)}")


def accuracy(head, windows, labels):
    return float((logits_of(head, windows).argmax(1) == labels).float().mean())


def train(a):
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    data = files.read_features(a.features)
    val = files.read_features(a.val) if a.val else None
    snn, pipeline, classes, _, front_metadata = files.front_end(a.front_end)
    if data["pipeline"] != pipeline:
        sys.exit(f"Error: {a.features} was made with another front end than {a.front_end}'s")
    if a.scratch:
        head = AttentionHead(pipeline["tokens"], data["features"].shape[2], a.width, a.heads,
                             a.hidden, len(data["classes"]))
    else:
        head = AttentionHead.from_model(a.init or a.front_end)
        if head.config["classes"] != len(data["classes"]):
            sys.exit(f"Error: the head to fine-tune has {head.config['classes']} classes, the "
                     f"features {len(data['classes'])}; use --scratch")
    tokens = head.config["tokens"]
    windows = last_windows(data["features"], tokens)
    labels = torch.from_numpy(data["labels"])
    val_windows = last_windows(val["features"], tokens) if val else None
    val_labels = torch.from_numpy(val["labels"]) if val else None
    optimiser = torch.optim.Adam(head.parameters(), lr=a.lr, weight_decay=a.weight_decay)
    loss_of = nn.CrossEntropyLoss()
    best = (-1.0, None)
    for epoch in range(1, a.epochs + 1):
        head.train()
        order = torch.from_numpy(rng.permutation(len(windows)))
        total = 0.0
        for start in range(0, len(order), a.batch_size):
            batch = order[start:start + a.batch_size]
            optimiser.zero_grad()
            loss = loss_of(head(windows[batch]), labels[batch])
            loss.backward()
            optimiser.step()
            total += float(loss.detach()) * len(batch)
        note = f"epoch {epoch}/{a.epochs} loss {total / len(windows):.4f} " \
               f"train {100 * accuracy(head, windows, labels):.2f}%"
        if val:
            v = accuracy(head, val_windows, val_labels)
            note += f" val {100 * v:.2f}%"
            if v > best[0]:
                best = (v, {k: t.clone() for k, t in head.state_dict().items()})
        print(note, file=sys.stderr)
    if best[1] is not None:
        head.load_state_dict(best[1])
    record = None
    if data["clips"] is not None:
        record = {"train": data["clips"], "validation": val["clips"] if val else None}
    files.write_classifier(a.front_end, head.arrays(), head.config, a.out,
                           classes=data["classes"], board=front_metadata.get("board", "unspecified"),
                           training_data=record)
    if a.state_dict_out:
        torch.save({"config": head.config, "state_dict": head.state_dict()}, a.state_dict_out)
    print(f"wrote {a.out}: front end of {a.front_end}, head trained in PyTorch "
          f"{files.compact_json(head.config)}"
          + (f", best val {100 * best[0]:.2f}%" if val else ""))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="PyTorch's logits against the float twin's")
    c.add_argument("--model", required=True, help="float model (FLOAT.safetensors)")
    c.add_argument("--features", required=True, help="from spikecam features on that model")
    c.add_argument("--tolerance", type=float, default=1e-4,
                   help="largest |logit difference| / max(1, largest |logit|) (default 1e-4)")
    c.set_defaults(run=check)
    e = sub.add_parser("export", help="a float model's head as a PyTorch file")
    e.add_argument("--model", required=True)
    e.add_argument("--out", required=True, help="HEAD.pt: {'config', 'state_dict'}")
    e.set_defaults(run=export)
    t = sub.add_parser("train", help="train or fine-tune the head; write a complete float model")
    t.add_argument("--features", required=True, help="training features (spikecam features)")
    t.add_argument("--val", help="validation features: keep the epoch that scores best on them")
    t.add_argument("--front-end", required=True, help="float model whose front end to use")
    t.add_argument("--out", required=True, help="complete float model to write")
    t.add_argument("--init", help="fine-tune this float model's head (default: --front-end's)")
    t.add_argument("--scratch", action="store_true", help="start from a fresh head instead")
    t.add_argument("--width", type=int, default=32)
    t.add_argument("--heads", type=int, default=4)
    t.add_argument("--hidden", type=int, default=64)
    t.add_argument("--epochs", type=int, default=30)
    t.add_argument("--lr", type=float, default=2e-3)
    t.add_argument("--weight-decay", type=float, default=0.0)
    t.add_argument("--batch-size", type=int, default=16)
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("--state-dict-out", help="also save the head as a PyTorch file")
    t.set_defaults(run=train)
    a = p.parse_args(argv)
    # The head's tensors are small: one thread is fastest (more threads only wait on each other,
    # 20x slower per epoch on a busy 2-core machine).
    torch.set_num_threads(1)
    try:
        a.run(a)
    except files.ModelFileError as e:
        sys.exit(f"Error: {e}")


if __name__ == "__main__":
    main()
