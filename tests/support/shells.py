"""Run snippets in real shells and read back their environment.

Shells are found on PATH. Locally a missing shell skips its tests; under CI=true it fails them,
because CI must prove every shell works.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

POSIX_SHELLS = ("bash", "dash", "zsh", "ksh")
ALL_SHELLS = POSIX_SHELLS + ("fish",)

# Variables a shell changes by itself; excluded when comparing environments.
# ksh93 adds _AST_FEATURES to the environment of the commands it starts.
SHELL_VOLATILE = frozenset({"_", "SHLVL", "PWD", "OLDPWD", "_AST_FEATURES"})


# Timeouts catch hangs, not slowness: one call may wait its turn on a machine whose cores are
# busy many times over (CI, other sessions), so no test waits less than this for a program.
HANG_SECONDS = 600

def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(tool: str) -> str:
    """Path of a required tool: skip locally when missing, fail under CI."""
    path = shutil.which(tool)
    if path:
        return path
    message = f"{tool} is not installed (the test command installs it)"
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)
    raise AssertionError  # unreachable


def run(shell: str, script: str, env: dict[str, str], cwd: Path | None = None,
        timeout: float = HANG_SECONDS) -> subprocess.CompletedProcess:
    """Run `script` with `shell -c` (no rc files) and capture its output as text."""
    exe = require(shell)
    argv = [exe, "--no-config", "-c", script] if shell == "fish" else [exe, "-c", script]
    if shell == "zsh":
        argv = [exe, "-f", "-c", script]  # -f: no startup files
    return subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


def dump_command(shell: str, path: Path) -> str:
    """A shell command that writes the exported environment, NUL-separated, to `path`."""
    quoted = "'" + str(path).replace("'", "'\\''") + "'"
    if shell == "fish":
        quoted = "'" + str(path).replace("\\", "\\\\").replace("'", "\\'") + "'"
    return f"env -0 > {quoted}"


def read_dump(path: Path) -> dict[str, str]:
    result = {}
    for entry in path.read_bytes().split(b"\0"):
        if entry:
            name, _, value = entry.decode("utf-8", "surrogateescape").partition("=")
            result[name] = value
    return result


def comparable(environ: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in environ.items() if k not in SHELL_VOLATILE}


def sh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def quote_for(shell: str, text: str) -> str:
    return fish_quote(text) if shell == "fish" else sh_quote(text)


def source_command(shell: str, prefix: Path) -> str:
    if shell == "fish":
        return f"source {fish_quote(str(prefix / 'activate.fish'))}"
    return f". {sh_quote(str(prefix / 'activate'))}"
