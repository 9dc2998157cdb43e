"""Runs wide.render_many over chunks, in worker processes when asked; same bytes either way."""
import multiprocessing as mp
import numpy as np
from . import wide

_BANKS = {}


def _work(args):
    pool, labels, recipe, seed, stream, first = args
    return wide.render_many(labels, recipe, _BANKS[pool], seed, stream, first)


def render(bank, labels, recipe, seed, stream, jobs=1, chunk=250):
    """Yields (clips, rows) chunk by chunk, in order."""
    _BANKS[bank.pool] = bank
    tasks = [(bank.pool, labels[i:i + chunk], recipe, seed, stream, i) for i in range(0, len(labels), chunk)]
    if jobs <= 1 or len(tasks) == 1:
        for t in tasks:
            yield _work(t)
        return
    with mp.get_context("fork").Pool(jobs) as p:       # the workers inherit the decoded banks
        yield from p.imap(_work, tasks)
