"""What doctor reports: findings with an id, a severity, one line of finding and one of fix.

Checks register themselves with @check; each returns the issues it found (none when healthy).
The registry of checks is also the source of the check list in docs/doctor.md.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from pathlib import Path
from typing import Callable, NamedTuple

from envstrap.doctor.registry import Registry
from envstrap.layout import EnvLayout


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Issue(NamedTuple):
    """What one check found; severity None means the check's default severity."""

    finding: str
    fix: str
    severity: Severity | None = None


class Finding(NamedTuple):
    id: str
    severity: Severity
    finding: str
    fix: str


class Context(NamedTuple):
    """Everything a check may look at; tests build one with fake values."""

    layout: EnvLayout
    environ: Mapping[str, str]
    home: Path
    deep: bool = False
    registry: Registry | None = None  # None off Windows
    # .envstrap/manifest.json's fields ({} when missing or unreadable), read once by
    # doctor.run_checks for every check that looks at them
    manifest: Mapping[str, object] | None = None


class CheckInfo(NamedTuple):
    id: str
    severity: Severity
    looks_for: str
    run: Callable[[Context], list[Issue]]


CHECKS: list[CheckInfo] = []
GROUPS = ("target", "shell", "machine")  # report order: the folder, this shell, the machine


def ordered_checks() -> list[CheckInfo]:
    return sorted(CHECKS, key=lambda c: GROUPS.index(c.id.split(".", 1)[0]))


def check(check_id: str, severity: Severity, looks_for: str):
    """Register a check function under an id, with its default severity and a description."""

    def register(function: Callable[[Context], list[Issue]]):
        if check_id.split(".", 1)[0] not in GROUPS or any(c.id == check_id for c in CHECKS):
            raise ValueError(f"bad or duplicate check id {check_id}")
        CHECKS.append(CheckInfo(check_id, severity, looks_for, function))
        return function

    return register
