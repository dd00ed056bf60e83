"""`bundle`: everything needed to make the same environment again with no network at all.

    OUT/
      README.txt           how to use it
      bundle.json          what it holds (schema 2): platform, python, micromamba, source env
      lock.txt             the explicit lock (original package URLs and md5s)
      channels.txt         the channels the environment uses, one per line
      pkgs/<subdir>/<file> every package file, checked against its recorded sha256 (or md5),
                           in its own subdir (<platform> or noarch)
      pkgs/<subdir>/repodata.json   for <platform> and noarch: pkgs/ is a local channel
      micromamba/<platform>/micromamba[.exe]
      SHA256SUMS           "<sha256>  <path>" for every file above (sha256sum -c format)

The packages are laid out as a channel because micromamba 1.x reads each URL of an explicit
lock as CHANNEL/SUBDIR/FILENAME: stage 0 points the lock at pkgs/<subdir>/<file>, which every
supported micromamba takes (schema 1 bundles kept them flat in pkgs/; stage 0 refuses those).
`envstrap.sh NEW --bundle OUT` checks every line of SHA256SUMS before it runs anything, and
refuses a bundle whose SHA256SUMS does not list lock.txt, channels.txt and the micromamba.
SHA256SUMS travels with the bundle, so it detects damage, not tampering.
The bundle is built in a sibling folder and renamed into place, so it is whole or absent.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import urllib.parse
import urllib.request
from pathlib import Path

from envstrap import __version__
from envstrap.doctor.files import read_manifest
from envstrap.errors import EnvstrapError, ExitCode
from envstrap.fsutil import write_text_atomic
from envstrap.layout import EnvLayout
from envstrap.lockfile import render_lock
from envstrap.manifest import utc_now
from envstrap.records import PackageRecord, read_records

SUMS = "SHA256SUMS"
SCHEMA = 2  # 2: packages in pkgs/<subdir>/ with a repodata.json per subdir; 1: flat in pkgs/


def file_digest(path: Path, algorithm: str) -> str:
    digest = hashlib.new(algorithm)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check(path: Path, record: PackageRecord) -> None:
    algorithm, expected = ("sha256", record.sha256) if record.sha256 else ("md5", record.md5)
    actual = file_digest(path, algorithm)
    if actual != expected:
        raise EnvstrapError(f"{path.name}: {algorithm} {actual} does not match the recorded "
                            f"{expected}", ExitCode.FAILED,
                            hint="the package cache or the channel holds a different file")


def _fetch(record: PackageRecord, cache_dirs: list[Path], dest: Path) -> None:
    """Copy the package from a cache, else download it (https or file only), then check it."""
    name = record.url.rsplit("/", 1)[-1]
    for folder in cache_dirs:
        if (folder / name).is_file():
            shutil.copyfile(folder / name, dest)
            _check(dest, record)
            return
    scheme = urllib.parse.urlsplit(record.url).scheme
    if scheme not in ("https", "file"):
        raise EnvstrapError(f"{name} is not in the package cache and its URL is not https: "
                            f"{record.url}", ExitCode.FAILED)
    try:
        with urllib.request.urlopen(record.url, timeout=60) as response, \
                open(dest, "wb") as out:  # noqa: S310 (scheme checked above)
            shutil.copyfileobj(response, out)
    except OSError as exc:
        raise EnvstrapError(f"cannot fetch {record.url}: {exc}", ExitCode.FAILED) from exc
    _check(dest, record)


def _micromamba_name(platform: str) -> str:
    """The binary's file name, in stage 0's cache and in a bundle alike."""
    return "micromamba.exe" if platform.startswith("win-") else "micromamba"


def _find_micromamba(manifest: dict, cache_dirs: list[Path], given: Path | None) -> Path:
    if given is not None:
        if not given.is_file():
            raise EnvstrapError(f"micromamba {given} is not a file", ExitCode.USAGE)
        return given
    sha = manifest.get("micromamba", {}).get("sha256", "")
    name = _micromamba_name(manifest.get("platform", ""))
    for folder in cache_dirs:
        candidate = folder / ".envstrap-micromamba" / sha / name
        if sha and candidate.is_file() and file_digest(candidate, "sha256") == sha:
            return candidate
    raise EnvstrapError("no verified micromamba for this environment's platform in its package "
                        "cache", ExitCode.MICROMAMBA_UNAVAILABLE,
                        hint="pass --micromamba PATH (the binary to put in the bundle)")


def _package_subdir(record: PackageRecord, platform: str) -> str:
    """The channel subdir a package belongs in: the platform's own, or noarch."""
    subdir = record.subdir or platform
    if subdir not in (platform, "noarch"):
        raise EnvstrapError(f"{record.dist} is a {subdir} package, not {platform} or noarch",
                            ExitCode.FAILED, hint="the environment mixes platforms")
    return subdir


def _repodata_entry(record: PackageRecord, path: Path) -> dict:
    """The repodata.json entry of one package: its index fields as read from conda-meta by
    read_records, and the size and hashes of the very file in the bundle."""
    entry = {key: value for key, value in record.index.items() if value not in (None, "")}
    entry.update(name=record.name, version=record.version, build=record.build,
                 subdir=path.parent.name, md5=file_digest(path, "md5"),
                 sha256=file_digest(path, "sha256"), size=path.stat().st_size)
    entry.setdefault("build_number", 0)
    entry.setdefault("depends", [])
    return entry


def _write_repodata(pkgs: Path, subdirs: tuple[str, ...], entries: dict[Path, dict]) -> None:
    for subdir in subdirs:
        repodata: dict = {"info": {"subdir": subdir}, "packages": {}, "packages.conda": {},
                          "removed": [], "repodata_version": 1}
        for path, entry in sorted(entries.items()):
            if path.parent.name == subdir:
                kind = "packages.conda" if path.name.endswith(".conda") else "packages"
                repodata[kind][path.name] = entry
        (pkgs / subdir).mkdir(parents=True, exist_ok=True)
        write_text_atomic(pkgs / subdir / "repodata.json",
                          json.dumps(repodata, indent=1, sort_keys=True) + "\n")


def _readme(prefix: Path, platform: str, count: int) -> str:
    if platform.startswith("win-"):
        how = ("  bootstrap\\envstrap.bat NEW_FOLDER --bundle THIS_FOLDER\n"
               "  bootstrap\\envstrap.ps1 NEW_FOLDER --bundle THIS_FOLDER   (PowerShell)\n")
    else:
        how = "  sh bootstrap/envstrap.sh NEW_FOLDER --bundle THIS_FOLDER\n"
    return (f"envstrap bundle of {prefix} ({platform}, {count} packages).\n"
            f"Make the same environment with no network:\n{how}"
            f"Every file is listed with its sha256 in {SUMS}; envstrap checks them all first.\n")


def make_bundle(target: Path, out: Path, micromamba: Path | None = None) -> Path:
    layout = EnvLayout(target)
    if not layout.complete_marker.is_file():
        raise EnvstrapError(f"{target} is not a complete envstrap environment",
                            ExitCode.NOT_AN_ENVSTRAP_ENV)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise EnvstrapError(f"{out} exists and is not an empty folder", ExitCode.USAGE,
                            hint="choose a new folder for the bundle")
    manifest = read_manifest(layout.manifest)
    platform = manifest.get("platform")
    if not isinstance(platform, str) or not platform:
        raise EnvstrapError(f"{layout.manifest} is missing, unreadable or names no platform",
                            ExitCode.NOT_AN_ENVSTRAP_ENV,
                            hint="envstrap doctor on the environment says what else is wrong")
    options = manifest.get("options", {})
    cache_dirs = [Path(p) for p in (options.get("pkgs_dir"), str(layout.prefix / "pkgs")) if p]
    records = read_records(layout.conda_meta)
    binary = _find_micromamba(manifest, cache_dirs, micromamba)

    staging = out.with_name(f".{out.name}.partial-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        pkgs = staging / "pkgs"
        entries: dict[Path, dict] = {}
        for record in records:
            dest = pkgs / _package_subdir(record, platform) / record.url.rsplit("/", 1)[-1]
            dest.parent.mkdir(parents=True, exist_ok=True)
            _fetch(record, cache_dirs, dest)
            entries[dest] = _repodata_entry(record, dest)
        _write_repodata(pkgs, (platform, "noarch"), entries)
        mm_dest = staging / "micromamba" / platform / _micromamba_name(platform)
        mm_dest.parent.mkdir(parents=True)
        shutil.copyfile(binary, mm_dest)
        mm_dest.chmod(0o755)
        write_text_atomic(staging / "lock.txt", render_lock(records, platform))
        write_text_atomic(staging / "channels.txt",
                          "".join(f"{c}\n" for c in options.get("channels", [])))
        write_text_atomic(staging / "bundle.json", json.dumps({
            "schema": SCHEMA, "envstrap_version": __version__, "created": utc_now(),
            "platform": platform, "python_version": manifest.get("python_version", ""),
            "source_prefix": str(layout.prefix), "packages": len(records),
            "micromamba": {"version": manifest.get("micromamba", {}).get("version", ""),
                           "sha256": file_digest(mm_dest, "sha256")},
        }, indent=2) + "\n")
        write_text_atomic(staging / "README.txt", _readme(layout.prefix, platform, len(records)))
        sums = sorted(p for p in staging.rglob("*") if p.is_file())
        write_text_atomic(staging / SUMS, "".join(
            f"{file_digest(p, 'sha256')}  {p.relative_to(staging).as_posix()}\n" for p in sums))
        if out.exists():
            out.rmdir()
        os.replace(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out
