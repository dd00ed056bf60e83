"""Checks of machine-wide state: rc files, cmd.exe AutoRun, long paths, env registration."""

from __future__ import annotations

import os
import re
from pathlib import Path

from envstrap.doctor import files
from envstrap.doctor.model import Context, Issue, Severity, check
from envstrap.doctor.registry import AUTORUN_KEY, LONG_PATHS_KEY

RC_NAMES = (".condarc", "condarc", ".mambarc", "mambarc")


def rc_candidates(ctx: Context) -> list[Path]:
    """User- and system-level rc locations conda or mamba read (conda's SEARCH_PATH; see
    docs/design/micromamba.md, "Configuration files")."""
    home = ctx.home
    env = ctx.environ
    if os.name == "nt":
        system = [Path(env.get("ProgramData", r"C:\ProgramData")) / "conda"]
        user_config = Path(env.get("APPDATA", home))
    else:
        system = [Path("/etc/conda"), Path("/var/lib/conda")]
        user_config = home / ".config"
    folders = system + [user_config / "conda", home / ".conda", user_config / "mamba",
                        home / ".mamba"]
    if env.get("XDG_CONFIG_HOME"):
        folders += [Path(env["XDG_CONFIG_HOME"]) / "conda", Path(env["XDG_CONFIG_HOME"]) / "mamba"]
    paths = [folder / name for folder in folders for name in RC_NAMES]
    paths += [folder / f"{stem}.d" for folder in folders for stem in ("condarc", "mambarc")]
    paths += [home / ".condarc", home / ".mambarc"]
    return list(dict.fromkeys(paths))


@check("machine.rc-files", Severity.WARNING,
       "user- or system-level conda/mamba rc files that conda or mamba would read")
def rc_files(ctx: Context) -> list[Issue]:
    found = [p for p in rc_candidates(ctx)
             if p.is_file() or (p.is_dir() and any(p.glob("*.y*ml")))]
    if not found:
        return []
    return [Issue("conda/mamba read configuration from outside this environment: "
                  + ", ".join(str(p) for p in found),
                  "remove or rename these files; they apply to every environment on this "
                  "machine (this environment's own settings live in its .condarc)")]


HOOK_WORDS = re.compile(r"conda|mamba", re.I)
QUOTED_PATH = re.compile(r'"([^"]+\.(?:bat|cmd|exe))"|(\S+\.(?:bat|cmd|exe))', re.I)


@check("machine.autorun", Severity.WARNING,
       "cmd.exe AutoRun values (HKCU, HKLM) that run conda/mamba hooks or missing files")
def autorun(ctx: Context) -> list[Issue]:
    if ctx.registry is None:
        return []
    issues = []
    for hive in ("HKCU", "HKLM"):
        value = ctx.registry.read(hive, AUTORUN_KEY, "AutoRun")
        if not value or not isinstance(value, str):
            continue
        where = f"{hive}\\{AUTORUN_KEY}\\AutoRun"
        for match in QUOTED_PATH.finditer(value):
            path = match.group(1) or match.group(2)
            if not os.path.exists(os.path.expandvars(path)):
                issues.append(Issue(f"{where} runs {path}, which does not exist: every cmd.exe "
                                    "prints an error", f"remove that entry from {where}",
                                    Severity.ERROR))
        if HOOK_WORDS.search(value):
            issues.append(Issue(f"{where} runs conda/mamba hooks in every cmd.exe: {value}",
                                f"remove the conda/mamba part of {where} (left by "
                                "'conda init' or 'micromamba shell init')"))
    return issues


MAX_PATH = 259  # 260 including the terminating NUL


@check("machine.long-paths", Severity.ERROR,
       "LongPathsEnabled is off and the environment's longest path exceeds MAX_PATH")
def long_paths(ctx: Context) -> list[Issue]:
    if ctx.registry is None:
        return []
    if ctx.registry.read("HKLM", LONG_PATHS_KEY, "LongPathsEnabled") == 1:
        return []
    longest = ""
    for dirpath, _dirs, names in os.walk(ctx.layout.prefix):
        for name in names:
            candidate = os.path.join(dirpath, name)
            if len(candidate) > len(longest):
                longest = candidate
    if len(longest) > MAX_PATH:
        return [Issue(f"LongPathsEnabled is off and {len(longest)} characters is over MAX_PATH "
                      f"({MAX_PATH}): {longest}",
                      "use a shorter folder (e.g. C:\\envs\\py312), or have an administrator "
                      "enable long paths")]
    if len(str(ctx.layout.prefix)) + 100 > MAX_PATH:
        return [Issue(f"LongPathsEnabled is off and the folder name alone takes "
                      f"{len(str(ctx.layout.prefix))} of {MAX_PATH} characters: new packages "
                      "may not fit", "use a shorter folder", Severity.WARNING)]
    return []


@check("machine.environments-txt", Severity.INFO,
       "~/.conda/environments.txt exists (environments registered by conda/micromamba create)")
def environments_txt(ctx: Context) -> list[Issue]:
    path = ctx.home / ".conda" / "environments.txt"
    try:
        entries = [line.strip() for line in files.read_text(path).splitlines() if line.strip()]
    except files.Unreadable:
        return []
    if str(ctx.layout.prefix) in entries:
        return [Issue(f"this environment is registered in {path} (not by envstrap)",
                      f"remove its line from {path}", Severity.WARNING)]
    return [Issue(f"{path} lists {len(entries)} environment(s) made by conda/micromamba create",
                  "nothing to do for this environment; remove stale lines if you like")]
