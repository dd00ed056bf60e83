"""Reading the package records micromamba (or conda) wrote into PREFIX/conda-meta."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Callable, NamedTuple

from envstrap.errors import EnvstrapError, ExitCode

# The index fields of a package record, the ones that belong in a channel's repodata.json
# (conda-meta adds others, such as files and paths, that do not): kept as read, for `bundle`.
INDEX_KEYS = ("name", "version", "build", "build_number", "depends", "constrains",
              "license", "license_family", "timestamp", "noarch", "subdir", "arch",
              "platform", "features", "track_features", "python_site_packages_path")


class PackageRecord(NamedTuple):
    name: str
    version: str
    build: str
    url: str
    md5: str
    sha256: str
    subdir: str
    index: Mapping[str, object] = MappingProxyType({})  # the INDEX_KEYS the record has

    @property
    def dist(self) -> str:
        return f"{self.name}-{self.version}-{self.build}"


def _read_file(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def read_records(conda_meta: Path,
                 read: Callable[[str], bytes] = _read_file) -> list[PackageRecord]:
    """All installed packages, sorted by name; a record without a URL cannot be locked.
    `read` reads one record's bytes (doctor passes its reader for folders it cannot trust)."""
    if not conda_meta.is_dir():
        raise EnvstrapError(f"no conda-meta folder in {conda_meta.parent}",
                            ExitCode.NOT_AN_ENVSTRAP_ENV)
    records = []
    for name in _record_names(conda_meta):
        try:
            data = json.loads(read(os.path.join(conda_meta, name)).decode("utf-8"))
        except (OSError, ValueError) as exc:
            raise EnvstrapError(f"unreadable package record {conda_meta / name}: {exc}",
                                ExitCode.FINALIZE_FAILED) from exc
        if not isinstance(data, dict) or "name" not in data:
            continue
        records.append(PackageRecord(
            name=data["name"], version=str(data.get("version", "")),
            build=str(data.get("build", data.get("build_string", ""))),
            url=str(data.get("url", "")), md5=str(data.get("md5", "") or ""),
            sha256=str(data.get("sha256", "") or ""), subdir=str(data.get("subdir", "")),
            index={key: data[key] for key in INDEX_KEYS if key in data},
        ))
    return sorted(records, key=lambda r: r.name)


def _record_names(conda_meta: Path) -> list[str]:
    """The *.json names in conda-meta, sorted as their paths sort (case ignored on Windows).
    Listed with os.scandir: with a thousand records, pathlib's globbing and Path comparisons
    cost more than reading the files."""
    names = [entry.name for entry in os.scandir(conda_meta)
             if os.path.normcase(entry.name).endswith(".json")]
    return sorted(names, key=os.path.normcase)


def find(records: list[PackageRecord], name: str) -> PackageRecord | None:
    return next((r for r in records if r.name == name), None)
