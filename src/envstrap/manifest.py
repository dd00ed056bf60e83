"""TARGET/.envstrap/manifest.json: how and from what the environment was made."""

from __future__ import annotations

import json
import time
from typing import Any, NamedTuple

from envstrap import __version__
from envstrap.layout import machine_info
from envstrap.records import PackageRecord, find

SCHEMA_VERSION = 1


class BootstrapInfo(NamedTuple):
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


def utc_timestamp(seconds: float) -> str:
    """A time as the manifest and markers write it (UTC, ISO 8601, whole seconds)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def utc_now() -> str:
    return utc_timestamp(time.time())


def build_manifest(prefix: str, info: BootstrapInfo, records: list[PackageRecord],
                   subdir: str) -> dict[str, Any]:
    python = find(records, "python")
    system, release, machine = machine_info()
    return {
        "schema": SCHEMA_VERSION,
        "envstrap_version": __version__,
        "prefix": prefix,  # where it was made; doctor compares it with where it is now
        "platform": subdir,
        "machine": {"system": system, "release": release, "machine": machine},
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
    """`json.dumps(manifest, indent=2, ensure_ascii=False)` and a newline, byte for byte. The
    package list is written here: json's indenting encoder is pure Python, and it took longer
    than reading the records with a thousand packages."""
    if not manifest:
        return "{}\n"
    items = []
    for key, value in manifest.items():
        items.append(f"  {_ENCODE(key)}: "
                     + (_string_tables(value) or _indented(value).replace("\n", "\n  ")))
    return "{\n" + ",\n".join(items) + "\n}\n"


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # one value, no indent: json's C code


def _indented(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def _string_tables(value: Any) -> str:
    """A non-empty list of non-empty {str: str} objects as indent=2 writes it inside the top
    level; "" for anything else (left to json)."""
    if not isinstance(value, list) or not value or not all(
            isinstance(item, dict) and item
            and all(isinstance(k, str) and isinstance(v, str) for k, v in item.items())
            for item in value):
        return ""
    objects = ("    {\n" + ",\n".join(f"      {_ENCODE(k)}: {_ENCODE(v)}"
                                       for k, v in item.items()) + "\n    }" for item in value)
    return "[\n" + ",\n".join(objects) + "\n  ]"
