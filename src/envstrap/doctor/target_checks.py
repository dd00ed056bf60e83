"""Checks of the environment folder itself."""

from __future__ import annotations

import os
import re
from pathlib import Path

from envstrap.activation import platform_shells
from envstrap.activation.posix import PosixShell
from envstrap.doctor import files
from envstrap.doctor.model import Context, Issue, Severity, check
from envstrap.layout import REFUSED_CHARACTERS, WINDOWS
from envstrap.lockfile import parse_lock
from envstrap.records import read_records

RERUN = "run the same envstrap bootstrap command again: it resumes an incomplete environment"


def manifest_text(ctx: Context, key: str) -> str:
    """A manifest field as text ("" when missing; a crafted manifest may hold any JSON type)."""
    value = ctx.manifest.get(key)
    return value if isinstance(value, str) else ""


@check("target.incomplete", Severity.ERROR, "the completion marker .envstrap/complete is missing")
def incomplete(ctx: Context) -> list[Issue]:
    if ctx.layout.complete_marker.is_file():
        return []
    return [Issue("the environment is incomplete: .envstrap/complete is missing", RERUN)]


@check("target.manifest", Severity.ERROR, ".envstrap/manifest.json is missing or unreadable")
def manifest(ctx: Context) -> list[Issue]:
    if ctx.manifest:
        return []
    return [Issue(".envstrap/manifest.json is missing or unreadable", RERUN)]


@check("target.tools", Severity.ERROR,
       "python, conda or mamba missing (with --deep: not runnable, or python not at home)")
def tools(ctx: Context) -> list[Issue]:
    layout = ctx.layout
    issues = []
    for name, path in (("python", layout.python), ("conda", layout.conda),
                       ("mamba", layout.mamba)):
        if not path.is_file():
            issues.append(Issue(f"{name} is missing ({path})",
                                f"reinstall it from the activated environment: "
                                f"conda install {name}" if name != "conda" else RERUN))
        elif ctx.deep:
            issues += _run_tool(ctx, name, path)
    return issues


def _run_tool(ctx: Context, name: str, path) -> list[Issue]:
    import subprocess  # only --deep starts processes; keep the plain run's start-up small

    argv = ([str(path), "-I", "-c", "import sys; print(sys.prefix)"] if name == "python"
            else [str(path), "--version"])
    try:
        result = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [Issue(f"{name} does not run: {exc}", "reinstall it: conda install " + name)]
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        return [Issue(f"'{name} --version' failed with exit code {result.returncode}: {last}",
                      f"reinstall it: conda install {name}")]
    if name == "python":
        found = result.stdout.strip()
        if os.path.normcase(os.path.realpath(found)) != \
                os.path.normcase(os.path.realpath(ctx.layout.prefix)):
            return [Issue(f"python reports sys.prefix {found}, not this environment",
                          "the environment was moved or python is broken; recreate it")]
    return []


@check("target.activation", Severity.ERROR,
       "activation scripts missing, or the sh/dash fallback folder is not this folder")
def activation(ctx: Context) -> list[Issue]:
    issues = []
    for shell in platform_shells(ctx.layout.platform.name):
        for name in shell.files:
            if not (ctx.layout.prefix / name).is_file() and \
                    _part_of_activation(ctx.layout.prefix, shell.files[0], name):
                issues.append(Issue(f"activation script {name} is missing", RERUN))
    script = ctx.layout.prefix / PosixShell.files[0]
    if script.is_file():
        try:
            text = files.read_text(script)
        except files.Unreadable as exc:
            return [*issues, Issue(f"{script.name} cannot be read: {exc}", RERUN)]
        # _es_p since 4d2a217; _envstrap_p in environments made before
        match = re.search(r"^ *_(?:es|envstrap)_p=('(?:[^']|'\\'')*') *# FALLBACK", text, re.M)
        if match:
            recorded = match.group(1)[1:-1].replace("'\\''", "'")
            if recorded != str(ctx.layout.prefix):
                issues.append(Issue(
                    f"{script.name} points sh/dash at {recorded}, not at this folder "
                    "(bash, zsh, ksh and fish find the folder themselves)",
                    "in sh/dash, source it from bash, zsh or ksh instead; or recreate the "
                    "environment here", Severity.WARNING))
    return issues


def _part_of_activation(prefix: Path, main: str, name: str) -> bool:
    """Whether `name` belongs to this environment's activation. A helper in .envstrap/ that the
    shell's main script does not name was not written by the envstrap that made the
    environment (an older one wrote fewer: deactivate.sh came later); anything else does."""
    if name == main or not name.startswith(".envstrap/"):
        return True
    try:
        return name in files.read_text(prefix / main)
    except files.Unreadable:
        return True


@check("target.moved", Severity.WARNING, "the folder was moved or renamed since it was made")
def moved(ctx: Context) -> list[Issue]:
    made_in = manifest_text(ctx, "prefix")
    if not made_in or made_in == str(ctx.layout.prefix):
        return []
    return [Issue(
        f"made in {made_in}, now at {ctx.layout.prefix}: activation follows the folder in bash, "
        "zsh, ksh and fish, but sh/dash activation, .condarc (package cache, envs folder) and "
        "the #! lines of conda, pip and other entry points still name the old place",
        "move it back, or make a new environment here from .envstrap/lock.txt")]


@check("target.refused-path", Severity.ERROR,
       "a Windows environment's path holds a character cmd.exe cannot carry")
def refused_path(ctx: Context) -> list[Issue]:
    if ctx.layout.platform is not WINDOWS:
        return []
    found = [c for c in REFUSED_CHARACTERS if c in str(ctx.layout.prefix)]
    if not found:
        return []
    return [Issue(f"{ctx.layout.prefix} holds "
                  + "; ".join(f"{c} ({REFUSED_CHARACTERS[c]})" for c in found)
                  + ": envstrap refuses such a target, and activate.bat refuses it (status 4)",
                  "move the folder to a path without ! % ^ ; or double quotes")]


@check("target.condarc", Severity.WARNING, "the environment's own .condarc is missing")
def condarc(ctx: Context) -> list[Issue]:
    if ctx.layout.condarc.is_file():
        return []
    return [Issue(".condarc is missing: conda and mamba fall back to your user configuration",
                  RERUN)]


@check("target.lock-drift", Severity.INFO, "installed packages differ from .envstrap/lock.txt")
def lock_drift(ctx: Context) -> list[Issue]:
    try:
        locked = {url for url, _ in parse_lock(files.read_text(ctx.layout.lock))}
        # finalize's own reader, reading through doctor's size-capped, FIFO-safe one
        installed = {r.url for r in read_records(ctx.layout.conda_meta, files.read_bytes)}
    except Exception:  # a missing lock or records are other checks' findings
        return []
    added, removed = installed - locked, locked - installed
    if not added and not removed:
        return []
    names = sorted(u.rsplit("/", 1)[-1] for u in added | removed)
    return [Issue(f"{len(added)} package(s) added and {len(removed)} removed since the lock: "
                  + ", ".join(names[:6]) + (" ..." if len(names) > 6 else ""),
                  "normal after conda/mamba installs; to record the new state run: "
                  "conda list --explicit --md5 > .envstrap/lock.txt")]
