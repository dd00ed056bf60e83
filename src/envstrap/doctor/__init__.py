"""`doctor`: audit an environment and the current shell for anything that breaks isolation.

Checks (grouped by what they look at) → findings → exit code: 0 no errors, 1 errors,
NOT_AN_ENVSTRAP_ENV when the folder is not an envstrap environment at all.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from envstrap.doctor import machine_checks, shell_checks, target_checks  # noqa: F401 (register)
from envstrap.doctor.files import read_manifest
from envstrap.doctor.model import CheckInfo, Context, Finding, Issue, Severity, ordered_checks
from envstrap.doctor.registry import system_registry
from envstrap.errors import EnvstrapError, ExitCode
from envstrap.layout import EnvLayout


def default_target(environ: Mapping[str, str]) -> Path:
    for name in ("ENVSTRAP_PREFIX", "CONDA_PREFIX"):
        if environ.get(name):
            return Path(environ[name])
    raise EnvstrapError("no TARGET given and no environment is active", ExitCode.USAGE,
                        hint="python -m envstrap doctor PATH/TO/ENV")


def make_context(target: Path, environ: Mapping[str, str], deep: bool = False) -> Context:
    layout = EnvLayout(Path(os.path.abspath(target)))
    if not layout.envstrap_dir.is_dir() or not layout.conda_meta.is_dir():
        raise EnvstrapError(f"{layout.prefix} is not an envstrap environment "
                            "(no .envstrap or conda-meta folder)", ExitCode.NOT_AN_ENVSTRAP_ENV,
                            hint="give the folder envstrap.sh created")
    home = Path(environ.get("USERPROFILE" if os.name == "nt" else "HOME") or Path.home())
    return Context(layout=layout, environ=environ, home=home, deep=deep,
                   registry=system_registry())


def run_checks(ctx: Context) -> list[Finding]:
    if ctx.manifest is None:
        ctx = ctx._replace(manifest=read_manifest(ctx.layout.manifest))
    findings = []
    for info in ordered_checks():
        for issue in _run_one(info, ctx):
            findings.append(Finding(info.id, issue.severity or info.severity, issue.finding,
                                    issue.fix))
    return findings


def _run_one(info: CheckInfo, ctx: Context) -> list[Issue]:
    """A check's issues; a check that fails (a crafted folder, a bug) is itself an error
    finding, so one check never stops the others or ends doctor in a traceback."""
    try:
        return info.run(ctx)
    except Exception as exc:  # RecursionError and MemoryError included
        return [Issue(f"this check could not finish: {type(exc).__name__}: {exc}",
                      "repair or recreate the environment; if it is an untouched envstrap "
                      "environment, please report this", Severity.ERROR)]


def exit_code(findings: list[Finding]) -> ExitCode:
    return ExitCode.FAILED if any(f.severity is Severity.ERROR for f in findings) else ExitCode.OK
