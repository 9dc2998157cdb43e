"""Renders clips in chunks, in worker processes when asked; same bytes either way.

An item is (maker, label, stream, index): clip `index` of random stream `stream`, drawn from its own
generator [seed, stream, index] by `wide.render` or `transitions.render`, so the order of work and
the number of processes never change a clip."""
import multiprocessing as mp
import numpy as np
from . import transitions, wide
from .gesture9 import SIZE, T

MAKERS = {"wide": wide.render, "transition": transitions.render}
_BANKS = {}


def _work(args):
    pool, items, recipes, seed = args
    clips = np.empty((len(items), T, SIZE, SIZE), np.uint8)
    rows = []
    for j, (maker, label, stream, index) in enumerate(items):
        clips[j], row = MAKERS[maker](int(label), recipes[maker], _BANKS[pool], np.random.default_rng([seed, stream, index]))
        rows.append(row)
    return clips, rows


def render_items(bank, items, recipes, seed, jobs=1, chunk=250):
    """Yields (clips, rows) chunk by chunk, in order. recipes: {maker: recipe}."""
    _BANKS[bank.pool] = bank
    tasks = [(bank.pool, items[i:i + chunk], recipes, seed) for i in range(0, len(items), chunk)]
    if jobs <= 1 or len(tasks) == 1:
        for t in tasks:
            yield _work(t)
        return
    with mp.get_context("fork").Pool(jobs) as p:       # the workers inherit the decoded banks
        yield from p.imap(_work, tasks)


def render(bank, labels, recipe, seed, stream, jobs=1, chunk=250):
    """The wide clips 0..n-1 of one stream."""
    items = [("wide", int(lab), stream, i) for i, lab in enumerate(labels)]
    yield from render_items(bank, items, {"wide": recipe}, seed, jobs, chunk)
