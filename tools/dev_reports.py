"""The development-side reports of one `tools/reproduce.sh --out` seed folder, as the comparison
tools read them (paired-table.py, agreement-sources.py): `eval --json` on train-v3 val
(`dev.json`), Gesture-9 val (`g9-val.json`) and suite-dev-v2's raw path (`suite-dev.json`)."""
import json
import os
import statistics

SPLITS = (("dev.json", "train-v3 val"), ("g9-val.json", "Gesture-9 val"))


def splits(folder):
    """Title -> the `eval --data` report, for each split report the folder holds."""
    out = {}
    for name, title in SPLITS:
        path = os.path.join(folder, name)
        if os.path.exists(path):
            with open(path) as f:
                out[title] = json.load(f)
    return out


def suite(folder):
    """The `eval --suite` report on suite-dev-v2, or None."""
    path = os.path.join(folder, "suite-dev.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def spread(values):
    """Mean, and ± the sample standard deviation when there is more than one value."""
    mean = statistics.fmean(values)
    return f"{mean:.2f}" if len(values) == 1 else f"{mean:.2f} ± {statistics.stdev(values):.2f}"
