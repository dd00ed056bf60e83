"""Reading the package records micromamba (or conda) wrote into PREFIX/conda-meta."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from envstrap.errors import EnvstrapError, ExitCode


@dataclasses.dataclass(frozen=True)
class PackageRecord:
    name: str
    version: str
    build: str
    url: str
    md5: str
    sha256: str
    subdir: str

    @property
    def dist(self) -> str:
        return f"{self.name}-{self.version}-{self.build}"


def read_records(conda_meta: Path) -> list[PackageRecord]:
    """All installed packages, sorted by name; a record without a URL cannot be locked."""
    if not conda_meta.is_dir():
        raise EnvstrapError(f"no conda-meta folder in {conda_meta.parent}",
                            ExitCode.NOT_AN_ENVSTRAP_ENV)
    records = []
    for path in sorted(conda_meta.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise EnvstrapError(f"unreadable package record {path}: {exc}",
                                ExitCode.FINALIZE_FAILED) from exc
        if not isinstance(data, dict) or "name" not in data:
            continue
        records.append(PackageRecord(
            name=data["name"], version=str(data.get("version", "")),
            build=str(data.get("build", data.get("build_string", ""))),
            url=str(data.get("url", "")), md5=str(data.get("md5", "") or ""),
            sha256=str(data.get("sha256", "") or ""), subdir=str(data.get("subdir", "")),
        ))
    return sorted(records, key=lambda r: r.name)


def find(records: list[PackageRecord], name: str) -> PackageRecord | None:
    return next((r for r in records if r.name == name), None)
