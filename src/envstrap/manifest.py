"""TARGET/.envstrap/manifest.json: how and from what the environment was made."""

from __future__ import annotations

import dataclasses
import datetime
import json
import platform
from typing import Any

from envstrap import __version__
from envstrap.records import PackageRecord, find

SCHEMA_VERSION = 1


@dataclasses.dataclass(frozen=True)
class BootstrapInfo:
    """What stage 0 did, handed over on the command line of `finalize`."""

    python_request: str = ""
    extra_specs: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    pkgs_dir: str = ""
    micromamba_version: str = ""
    micromamba_sha256: str = ""
    micromamba_source: str = ""
    lock: str = ""
    offline: bool = False
    bundle: str = ""
    started: str = ""


def utc_now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_manifest(prefix: str, info: BootstrapInfo, records: list[PackageRecord],
                   subdir: str) -> dict[str, Any]:
    python = find(records, "python")
    return {
        "schema": SCHEMA_VERSION,
        "envstrap_version": __version__,
        "prefix": prefix,  # where it was made; doctor compares it with where it is now
        "platform": subdir,
        "machine": {"system": platform.system(), "release": platform.release(),
                    "machine": platform.machine()},
        "python_version": python.version if python else "",
        "micromamba": {"version": info.micromamba_version, "sha256": info.micromamba_sha256,
                       "source": info.micromamba_source},
        "options": {
            "python": info.python_request,
            "with": list(info.extra_specs),
            "channels": list(info.channels),
            "pkgs_dir": info.pkgs_dir,
            "lock": info.lock,
            "offline": info.offline,
            "bundle": info.bundle,
        },
        "timestamps": {"started": info.started, "finalized": utc_now()},
        "packages": [
            {"name": r.name, "version": r.version, "build": r.build, "url": r.url,
             "md5": r.md5, "sha256": r.sha256}
            for r in records
        ],
    }


def render_manifest(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
