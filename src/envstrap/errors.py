"""The one exception type envstrap raises, and the exit codes shared by every stage.

Stage-0 scripts (bootstrap/envstrap.sh, .bat, .ps1) use the same numbers: tools/build.py writes
this table (and the meanings, in their help) into their generated regions; docs/exit-codes.md
lists them for users.
"""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    OK = 0
    FAILED = 1  # an operation failed; for `doctor`: at least one error was found
    USAGE = 2  # bad command line
    SHELL_NOT_CLEAN = 3  # another Python environment is active in this shell
    TARGET_REFUSED = 4  # the target path is unsafe or unusable
    MICROMAMBA_UNAVAILABLE = 5  # no usable, verified micromamba binary
    CREATE_FAILED = 6  # micromamba could not create the environment
    FINALIZE_FAILED = 7  # stage 1 could not finish the environment
    NOT_AN_ENVSTRAP_ENV = 8  # the folder is not (or not yet) an envstrap environment
    TARGET_BUSY = 9  # another envstrap run holds the target's lock
    STAGE1_DAMAGED = 10  # a single-file envstrap whose built-in stage 1 fails its sha256
    INTERRUPTED = 130  # Ctrl-C
    TERMINATED = 143  # SIGTERM


EXIT_CODE_MEANINGS = {
    ExitCode.OK: "success",
    ExitCode.FAILED: "failed (doctor: errors found)",
    ExitCode.USAGE: "bad command line",
    ExitCode.SHELL_NOT_CLEAN: "another Python environment is active in this shell",
    ExitCode.TARGET_REFUSED: "target path refused (unsafe or unusable)",
    ExitCode.MICROMAMBA_UNAVAILABLE: "no usable, verified micromamba",
    ExitCode.CREATE_FAILED: "micromamba could not create the environment",
    ExitCode.FINALIZE_FAILED: "stage 1 could not finish the environment",
    ExitCode.NOT_AN_ENVSTRAP_ENV: "not a (complete) envstrap environment",
    ExitCode.TARGET_BUSY: "another envstrap run is using the target",
    ExitCode.STAGE1_DAMAGED: "this single-file envstrap is damaged (its stage 1 fails its sha256)",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
    ExitCode.TERMINATED: "terminated (SIGTERM)",
}


class EnvstrapError(Exception):
    """A failure the user can act on: a message, an optional hint, and the exit code to use."""

    def __init__(self, message: str, code: ExitCode = ExitCode.FAILED, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = ExitCode(code)
        self.hint = hint

    def render(self) -> str:
        text = f"envstrap: error: {self.message}"
        return f"{text}\nenvstrap: hint: {self.hint}" if self.hint else text
