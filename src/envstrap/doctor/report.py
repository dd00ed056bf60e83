"""doctor's output: human text (colour only on a terminal, NO_COLOR honoured) or JSON.

JSON schema (version 1), documented in docs/doctor.md:
{"schema": 1, "envstrap_version": str, "target": str, "deep": bool,
 "summary": {"error": int, "warning": int, "info": int},
 "checks": [check id, ...],            # every check that ran
 "findings": [{"id", "severity", "finding", "fix"}, ...]}
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from envstrap import __version__
from envstrap.doctor.model import CHECKS, Context, Finding, Severity, ordered_checks

SCHEMA_VERSION = 1
_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}


def summary(findings: list[Finding]) -> dict[str, int]:
    return {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}


def render_json(ctx: Context, findings: list[Finding]) -> str:
    return json.dumps({
        "schema": SCHEMA_VERSION,
        "envstrap_version": __version__,
        "target": str(ctx.layout.prefix),
        "deep": ctx.deep,
        "summary": summary(findings),
        "checks": [c.id for c in ordered_checks()],
        "findings": [{"id": f.id, "severity": f.severity.value, "finding": f.finding,
                      "fix": f.fix} for f in findings],
    }, indent=2, ensure_ascii=False)


def use_colour(is_tty: bool, environ: Mapping[str, str]) -> bool:
    return is_tty and "NO_COLOR" not in environ and environ.get("TERM") != "dumb"


def render_text(ctx: Context, findings: list[Finding], colour: bool) -> str:
    lines = [f"envstrap doctor: {ctx.layout.prefix}"]
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    for f in sorted(findings, key=lambda f: order[f.severity]):
        label = f"{f.severity.value:<7}"
        if colour:
            label = f"{_COLOURS[f.severity]}{label}\033[0m"
        lines.append(f"  {label} {f.id}: {f.finding}")
        lines.append(f"          fix: {f.fix}")
    counts = summary(findings)
    verdict = "no problems found" if not findings else ", ".join(
        f"{n} {name}{'s' if n != 1 else ''}" for name, n in counts.items())
    lines.append(f"{len(CHECKS)} checks: {verdict}")
    return "\n".join(lines)
