"""The explicit lock: one package URL with its hash per line, replayable with no solve.

Format is conda's `@EXPLICIT` file, which conda (`conda create --file`) and micromamba
(`install -f`) both read. Each URL carries `#<md5>`: the one hash form every conda and micromamba
version verifies; the sha256 of each package is kept in manifest.json's package list.
"""

from __future__ import annotations

from envstrap.errors import EnvstrapError, ExitCode
from envstrap.records import PackageRecord


def render_lock(records: list[PackageRecord], subdir: str) -> str:
    missing = [r.dist for r in records if not r.url or not r.md5]
    if missing:
        raise EnvstrapError(
            "cannot write an explicit lock: no URL or md5 recorded for " + ", ".join(missing),
            ExitCode.FINALIZE_FAILED,
        )
    lines = [
        "# This file may be used to create an environment using:",
        "# $ conda create --prefix <path> --file <this file>",
        "# (or: micromamba install -p <path> -f <this file>)",
        f"# platform: {subdir}",
        "@EXPLICIT",
    ]
    lines += [f"{r.url}#{r.md5}" for r in records]
    return "\n".join(lines) + "\n"


def parse_lock(text: str) -> list[tuple[str, str]]:
    """(url, hash) pairs of an explicit lock, in file order."""
    body = text.split("@EXPLICIT", 1)
    if len(body) != 2:
        raise EnvstrapError("not an explicit lock file (no @EXPLICIT line)", ExitCode.USAGE)
    pairs = []
    for line in body[1].splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            url, _, digest = line.partition("#")
            pairs.append((url, digest))
    return pairs
