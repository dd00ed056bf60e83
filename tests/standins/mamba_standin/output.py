"""TEST STAND-IN output (not micromamba's code): Console prints on stdout, spdlog-style
"level    libmamba message" lines on stderr, and the two ways a command fails."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ARGV0_VARIABLE = "MICROMAMBA_STANDIN_ARGV0"  # set by the launcher: $0 as invoked


class CliError(Exception):
    """A CLI11 parse error: its message, "Run with --help for more information.", its code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


class Abort(Exception):
    """micromamba's ``LOG_ERROR << ...; throw std::runtime_error(message)``: the error lines,
    then "critical libmamba <message>", exit 1."""

    def __init__(self, message: str, errors: tuple[str, ...] | list[str] = ()) -> None:
        super().__init__(message)
        self.errors = list(errors)


class NotImplementedByStandIn(Exception):
    """Anything envstrap and its tests do not use: refused loudly, never half done."""


class Output:
    def print(self, text: str = "") -> None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    def log(self, level: str, message: str) -> None:
        sys.stdout.flush()
        sys.stderr.write(f"{level:<9}{'libmamba':<8} {message}\n")
        sys.stderr.flush()


OUT = Output()


def argv0() -> str:
    return os.environ.get(ARGV0_VARIABLE) or "micromamba"


def exe_name() -> str:
    return Path(argv0()).stem or "micromamba"
