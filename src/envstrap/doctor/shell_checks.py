"""Checks of the current shell: what would leak into, or shadow, the environment."""

from __future__ import annotations

import os
from pathlib import Path

from envstrap.doctor.model import Context, Issue, Severity, check
from envstrap.guard import ACTIVE_ENV_MARKERS, marker_is_set

TOOLS = ("python", "python3", "pip", "pip3", "conda", "mamba", "micromamba")


def this_env_is_active(ctx: Context) -> bool:
    return ctx.environ.get("ENVSTRAP_PREFIX") == str(ctx.layout.prefix)


def _is_this_env(marker: str, value: str, ctx: Context) -> bool:
    if marker in ("ENVSTRAP_PREFIX", "CONDA_PREFIX"):
        return value == str(ctx.layout.prefix)
    if marker == "CONDA_SHLVL":  # 1 is this environment's own level
        return value == "1" and ctx.environ.get("CONDA_PREFIX") == str(ctx.layout.prefix)
    return False


@check("shell.other-env", Severity.ERROR,
       "another environment is active in this shell (the same rule activation enforces)")
def other_env(ctx: Context) -> list[Issue]:
    issues = []
    for marker in ACTIVE_ENV_MARKERS:
        if marker_is_set(marker, ctx.environ):
            value = ctx.environ[marker.variable]
            if not _is_this_env(marker.variable, value, ctx):
                issues.append(Issue(
                    f"{marker.variable} is set ('{value}'): {marker.meaning}",
                    "deactivate it (deactivate / conda deactivate), or open a new shell"))
    return issues


def _env_dirs(ctx: Context) -> list[str]:
    return [os.path.normcase(str(ctx.layout.path(d))) for d in ctx.layout.platform.path_dirs]


def _executables(directory: str, tool: str) -> list[Path]:
    names = [tool] if os.name != "nt" else [tool + ext for ext in (".exe", ".bat", ".cmd")]
    found = []
    for name in names:
        path = Path(directory) / name
        if path.is_file() and os.access(path, os.X_OK):
            found.append(path)
    return found


@check("shell.foreign-tools", Severity.WARNING,
       "python, pip, conda or mamba from elsewhere on PATH, ahead of (error) or beside "
       "(warning) the environment's own")
def foreign_tools(ctx: Context) -> list[Issue]:
    env_dirs = _env_dirs(ctx)
    active = this_env_is_active(ctx)
    issues = []
    for tool in TOOLS:
        first_own = None
        foreign: list[tuple[int, Path]] = []
        for index, directory in enumerate(ctx.environ.get("PATH", "").split(os.pathsep)):
            if not directory:
                continue
            for exe in _executables(directory, tool):
                if os.path.normcase(directory.rstrip("/\\")) in env_dirs:
                    first_own = index if first_own is None else first_own
                else:
                    foreign.append((index, exe))
        if not foreign:
            continue
        index, exe = foreign[0]
        ahead = active and (first_own is None or index < first_own)
        if ahead:
            issues.append(Issue(f"'{tool}' runs {exe}, ahead of this environment's own",
                                f"remove {exe.parent} from PATH (check your shell profile)",
                                Severity.ERROR))
        else:
            issues.append(Issue(f"another '{tool}' is on PATH: {exe}",
                                f"remove {exe.parent} from PATH so only one Python stack is "
                                "reachable (check your shell profile)"))
    return issues


@check("shell.pythonhome", Severity.ERROR, "PYTHONHOME is set (Python looks for its stdlib "
       "elsewhere)")
def pythonhome(ctx: Context) -> list[Issue]:
    value = ctx.environ.get("PYTHONHOME")
    if value is None:
        return []
    return [Issue(f"PYTHONHOME is set ('{value}')",
                  "unset it (and remove it from your profile or system settings)")]


@check("shell.pythonpath", Severity.WARNING,
       "PYTHONPATH is set (foreign code on sys.path; an error while this environment is active)")
def pythonpath(ctx: Context) -> list[Issue]:
    value = ctx.environ.get("PYTHONPATH")
    if value is None:
        return []
    severity = Severity.ERROR if this_env_is_active(ctx) else None
    return [Issue(f"PYTHONPATH is set ('{value}'): its modules shadow the environment's",
                  "unset it; activation unsets it, so something set it afterwards", severity)]


def user_site(home: Path, python_version: str, environ) -> Path:
    major_minor = ".".join(python_version.split(".")[:2]) or "3"
    if os.name == "nt":
        base = Path(environ.get("PYTHONUSERBASE") or
                    Path(environ.get("APPDATA", home)) / "Python")
        return base / f"Python{major_minor.replace('.', '')}" / "site-packages"
    base = Path(environ.get("PYTHONUSERBASE") or home / ".local")
    return base / "lib" / f"python{major_minor}" / "site-packages"


@check("shell.user-site", Severity.WARNING,
       "user site-packages enabled and present (PYTHONNOUSERSITE not set)")
def user_site_enabled(ctx: Context) -> list[Issue]:
    if ctx.environ.get("PYTHONNOUSERSITE"):
        return []
    from envstrap.doctor.target_checks import manifest_text

    site = user_site(ctx.home, manifest_text(ctx, "python_version"), ctx.environ)
    if not site.is_dir():
        return []
    return [Issue(f"user site-packages {site} would be imported by this environment's Python",
                  "activate the environment (it sets PYTHONNOUSERSITE=1), or empty that folder")]


RC_VARIABLES = ("CONDARC", "MAMBARC", "CONDA_PKGS_DIRS", "CONDA_ENVS_PATH", "CONDA_ENVS_DIRS",
                "CONDA_CHANNELS", "MAMBA_ROOT_PREFIX", "CONDA_ROOT")


@check("shell.rc-variables", Severity.WARNING,
       "CONDARC, MAMBARC, CONDA_PKGS_DIRS and similar set from outside the environment")
def rc_variables(ctx: Context) -> list[Issue]:
    from envstrap.activation.plan import PrefixPath, build_plan

    ours = {}
    for name, value in build_plan(ctx.layout).set_vars:
        if isinstance(value, PrefixPath):
            ours[name] = str(ctx.layout.path(value.relative))
    issues = []
    for name in RC_VARIABLES:
        value = ctx.environ.get(name)
        if value is None or (this_env_is_active(ctx) and ours.get(name) == value):
            continue
        issues.append(Issue(f"{name} is set ('{value}'): conda/mamba configuration from outside "
                            "this environment", f"unset {name} (and remove it from your profile)"))
    return issues


def _path_entries(ctx: Context) -> list[str]:
    return [os.path.normcase(d.rstrip("/\\")) for d in
            ctx.environ.get("PATH", "").split(os.pathsep) if d]


def _conda_level_of(prefix: str, environ) -> int:
    """The level conda keeps `prefix` at under the active environment (CONDA_PREFIX_<n>, n
    below CONDA_SHLVL), or 0."""
    level = environ.get("CONDA_SHLVL", "")
    for n in range(1, int(level) if level.isdigit() else 0):
        if environ.get(f"CONDA_PREFIX_{n}") == prefix:
            return n
    return 0


@check("shell.half-active", Severity.ERROR,
       "this environment half active: marked active with its folders gone from PATH (`conda "
       "deactivate` or `conda activate OTHER` without envstrap's deactivate.d hook, or PATH "
       "reset), activated by conda instead of envstrap, stacked or kept under another "
       "environment conda activated, or its condabin left on PATH")
def half_active(ctx: Context) -> list[Issue]:
    """conda's own commands can leave a shell between states (docs/conda-interop.md)."""
    prefix = str(ctx.layout.prefix)
    entries = _path_entries(ctx)
    # The folders conda takes off PATH when it deactivates (all but condabin); on POSIX: bin.
    own = [os.path.normcase(str(ctx.layout.path(d))) for d in ctx.layout.platform.path_dirs
           if d != "condabin"]
    condabin = os.path.normcase(str(ctx.layout.path("condabin")))
    on_path = any(d in entries for d in own)
    marked = ctx.environ.get("ENVSTRAP_PREFIX") == prefix
    conda_prefix = ctx.environ.get("CONDA_PREFIX", "")
    issues = []
    # In cmd, deactivate.bat is found on PATH only while the folder itself is on it.
    deactivate = ("deactivate" if ctx.layout.platform.name != "windows" else
                  f"{ctx.layout.path('deactivate.bat')}` (cmd) or `deactivate` (PowerShell)")
    underneath = _conda_level_of(prefix, ctx.environ)
    if marked and conda_prefix and conda_prefix != prefix:
        how = ("stacked under" if on_path else "still marked active (CONDARC, MAMBARC) under")
        issues.append(Issue(
            f"this environment is {how} {conda_prefix}, which conda activated on top "
            "(--stack, auto_stack; or `conda activate OTHER` in a shell started from the one "
            "that activated it, or without envstrap's hooks)",
            "run `conda deactivate` until this environment is back (CONDA_SHLVL 1), then "
            "`conda deactivate` or `deactivate` once more; activate one environment at a time"))
    elif marked and not on_path:
        issues.append(Issue(
            "ENVSTRAP_PREFIX names this environment but its folders are not on PATH: the "
            "shell is half deactivated (conda deactivated it without envstrap's hook, or PATH "
            "was reset); CONDARC and MAMBARC may still point here",
            f"run `{deactivate}` in the shell that activated it; in a shell started from "
            "there, exit it; otherwise open a new shell"))
    if conda_prefix == prefix and not marked:
        issues.append(Issue(
            "conda activated this environment, not envstrap: CONDARC and MAMBARC do not point "
            "at its .condarc, so user and system configuration apply",
            "run `conda deactivate`, then activate with envstrap's activate script",
            Severity.WARNING))
    if underneath and not marked and conda_prefix and conda_prefix != prefix:
        # What `conda activate OTHER` leaves now that envstrap's hooks suspend it: only conda's
        # record of the shell. cmd alone shows the suspension (its bookkeeping is exported).
        suspended = (ctx.environ.get("_ENVSTRAP_ACTIVE") == prefix and
                     bool(ctx.environ.get("_ENVSTRAP_SUSPENDED")))
        state = ("envstrap's activation of it is suspended (its variables are as before "
                 "activation)" if suspended else "it is not active")
        issues.append(Issue(
            f"conda activated {conda_prefix} on top of this environment (CONDA_PREFIX_"
            f"{underneath} names it): {state}, and conda keeps its condabin on PATH "
            f"({ctx.layout.path('condabin')}) as its record of the shell",
            "run `conda deactivate` to return to this environment (envstrap's activation "
            "resumes where envstrap activated it); activate one environment at a time",
            Severity.WARNING))
    elif condabin in entries and not on_path and not marked and conda_prefix != prefix:
        issues.append(Issue(
            f"this environment's condabin is still on PATH ({ctx.layout.path('condabin')}), "
            "left by conda's deactivate or activate of another environment: its conda stays "
            "reachable while the environment is not active",
            "remove that entry from PATH, or open a new shell", Severity.WARNING))
    return issues
