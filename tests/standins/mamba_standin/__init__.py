"""TEST STAND-IN for micromamba (tests/standins/micromamba.py says what it does). NOT micromamba.

Modules: ``cli`` (command line, main), ``config`` (paths, rc files, prefixes, settings),
``install`` (solve, link, history, registration); here: its version and how it reports.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# It mimics the micromamba bootstrap/micromamba.pins pins (checked by test_micromamba_standin);
# write_launcher(version=...) puts another one into the launcher, and 1.x turns 1.x behaviours on.
VERSION = os.environ.get("MICROMAMBA_STANDIN_VERSION") or "2.5.0"
MAJOR = int(VERSION.split(".")[0]) if VERSION.split(".")[0].isdigit() else 2
ARGV0_VARIABLE = "MICROMAMBA_STANDIN_ARGV0"  # set by the launchers: $0 as invoked


class CliError(Exception):
    """A CLI11 parse error: its message, "Run with --help ...", its exit code (109: Extras)."""

    def __init__(self, message: str, code: int = 109) -> None:
        super().__init__(message)
        self.code = code


class Abort(Exception):
    """``LOG_ERROR << ...; throw std::runtime_error(message)``: error lines, then "critical"."""

    def __init__(self, message: str, errors: list[str] | tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.errors = list(errors)


class NotImplementedByStandIn(Exception):
    """What envstrap and its tests do not use: refused loudly, never half done."""


def say(text: str = "") -> None:  # micromamba's Console: stdout
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def log(level: str, message: str) -> None:  # spdlog's "level    libmamba message" on stderr
    sys.stdout.flush()
    sys.stderr.write(f"{level:<9}{'libmamba':<8} {message}\n")
    sys.stderr.flush()


def argv0() -> str:
    return os.environ.get(ARGV0_VARIABLE) or "micromamba"


def exe_name() -> str:
    return Path(argv0()).stem or "micromamba"
