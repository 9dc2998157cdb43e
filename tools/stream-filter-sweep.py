#!/usr/bin/env python3
"""Scores a model's stream conditions under several decision filters: for each setting
`spikecam eval --suite` runs with `--smooth N --smooth-by B --min-score S` on the suite's stream
conditions only, and a Markdown table prints per path (raw, camera) each condition's gestures
with the right label (%) and false alarms per minute of quiet, and their mean.

  python3 tools/stream-filter-sweep.py --suite DIR --model M [--float F] [--path raw|camera|both]
      [--out DIR] [--spikecam BIN] [--sort mean|given] [SETTING ...]

  SETTING      N:B:S, e.g. 9:majority:0.4 (smooth N, smooth-by B, min-score S); with none, the
               140 settings of the development sweep (docs/RESULTS.md, "Stream decision filter
               (chosen on the development pool)")
  --suite DIR  a robustness suite (docs/DATA.md); its stream conditions are scored through a
               partial suite (symlinks and a suite.json naming only them) made in --out
  --out DIR    where the partial suite and one `eval --json` file per setting and path go
               (default .cache/stream-filter-sweep/<suite name>); a file already there is read
               instead of scoring again, so an interrupted sweep resumes
  --sort       mean: best mean right-label first (default); given: in the order of the settings

Choose on the development pool (suite-dev-v2) only; a test pool is scored once, for the setting
chosen, and for the previous one (`9:majority:0.4 3:majority:0`). Time on one core, per setting
on suite-dev-v2's streams (60 streams, 420 gestures): about 7 s on the raw path, 50 s through
the camera path, twice that with --float.
"""
import argparse, json, os, subprocess, sys

STREAMS = ("stream-static", "stream-wall", "stream-still-object")


def dev_sweep():
    """The 140 settings of the development sweep, in the order they were run."""
    grid = []
    for s in ("0", "0.4", "0.5", "0.6", "0.7", "0.3", "0.8"):
        for n in (1, 3, 5, 7, 9, 2, 4, 12):
            for b in ("majority", "mean"):
                grid.append((n, b, s))
    grid += [
        (1, "majority", "0.85"), (1, "majority", "0.9"), (1, "majority", "0.75"),
        (2, "majority", "0.75"), (2, "mean", "0.75"), (4, "majority", "0.65"),
        (4, "majority", "0.75"), (5, "majority", "0.65"), (5, "mean", "0.65"),
        (3, "majority", "0.65"), (3, "mean", "0.65"), (3, "majority", "0.75"),
        (10, "majority", "0"), (10, "mean", "0"), (15, "majority", "0"), (15, "mean", "0"),
        (18, "majority", "0"), (18, "mean", "0"), (24, "mean", "0"), (15, "majority", "0.4"),
        (15, "mean", "0.4"), (15, "mean", "0.3"), (10, "majority", "0.4"), (10, "mean", "0.4"),
        (1, "majority", "0.65"), (1, "majority", "0.95"), (7, "majority", "0.65"),
        (7, "mean", "0.65"),
    ]
    return grid


def setting(text):
    try:
        n, b, s = text.split(":")
        if b not in ("majority", "mean") or int(n) < 1 or not 0 <= float(s) <= 1:
            raise ValueError
        return int(n), b, s
    except ValueError:
        raise argparse.ArgumentTypeError(f"a setting is N:majority|mean:S, got '{text}'")


def partial_suite(suite, out):
    """`out/streams`: the suite's stream conditions alone, as a suite of their own."""
    with open(os.path.join(suite, "suite.json")) as f:
        manifest = json.load(f)
    manifest["conditions"] = [c for c in manifest["conditions"] if c["kind"] == "stream"]
    if not manifest["conditions"]:
        sys.exit(f"stream-filter-sweep: {suite} has no stream conditions")
    folder = os.path.join(out, "streams")
    os.makedirs(folder, exist_ok=True)
    for c in manifest["conditions"]:
        link = os.path.join(folder, c["path"])
        if not os.path.islink(link):
            os.symlink(os.path.abspath(os.path.join(suite, c["path"])), link)
    with open(os.path.join(folder, "suite.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    return folder


def score(args, streams, n, b, s, path):
    twin = "-float" if args.float else ""
    out = os.path.join(args.out, f"smooth{n}-{b}-min{s}-{path}{twin}.json")
    if not (os.path.exists(out) and os.path.getsize(out) > 0):
        command = [args.spikecam, "eval", "--model", args.model, "--suite", streams, "--path", path,
                   "--smooth", str(n), "--smooth-by", b, "--min-score", s, "--json"]
        if args.float:
            command[4:4] = ["--float", args.float]
        print(f"stream-filter-sweep: {n}:{b}:{s} {path}", file=sys.stderr)
        result = subprocess.run(command, stdout=subprocess.PIPE)
        if result.returncode != 0:
            sys.exit(f"stream-filter-sweep: {' '.join(command)} exited {result.returncode}")
        with open(out + ".part", "wb") as f:
            f.write(result.stdout)
        os.replace(out + ".part", out)
    with open(out) as f:
        report = json.load(f)
    return {c["name"]: c[path] for c in report["conditions"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suite", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--float")
    parser.add_argument("--path", choices=("raw", "camera", "both"), default="raw")
    parser.add_argument("--out")
    parser.add_argument("--spikecam", default=".build/release/spikecam")
    parser.add_argument("--sort", choices=("mean", "given"), default="mean")
    parser.add_argument("settings", nargs="*", type=setting)
    args = parser.parse_args()
    suite = os.path.abspath(args.suite.rstrip("/"))
    args.out = args.out or os.path.join(".cache", "stream-filter-sweep", os.path.basename(suite))
    os.makedirs(args.out, exist_ok=True)
    streams = partial_suite(suite, args.out)
    paths = ["raw", "camera"] if args.path == "both" else [args.path]
    rows = []
    for n, b, s in args.settings or dev_sweep():
        cells = {p: score(args, streams, n, b, s, p) for p in paths}
        rates = [100 * cells[p][c]["detection_rate"] for p in paths for c in STREAMS if c in cells[p]]
        rows.append(((n, b, s), cells, sum(rates) / len(rates)))
    if args.sort == "mean":
        rows.sort(key=lambda row: -row[2])
    names = [c for c in STREAMS if c in rows[0][1][paths[0]]]
    header = "| smooth | by | min-score | " + " | ".join(
        f"{p}: {c} % (FA/min)" for p in paths for c in names) + " | mean % | wrong/missed |"
    print(header)
    print("|" + "---|" * (3 + len(paths) * len(names) + 2))
    for (n, b, s), cells, mean in rows:
        figures = " | ".join(
            f"{100 * cells[p][c]['detection_rate']:.2f} ({cells[p][c]['false_alarms_per_minute']:.2f})"
            for p in paths for c in names)
        errors = " ".join(f"{cells[p][c]['wrong_label']}/{cells[p][c]['missed']}"
                          for p in paths for c in names)
        print(f"| {n} | {b} | {s} | {figures} | {mean:.2f} | {errors} |")


if __name__ == "__main__":
    main()
