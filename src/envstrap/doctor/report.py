"""doctor's output: human text (colour only on a terminal, NO_COLOR honoured) or JSON.

JSON schema (version 1), documented in docs/doctor.md:
{"schema": 1, "envstrap_version": str, "target": str, "deep": bool,
 "error": null | {"exit_code": int, "message": str},   # doctor could not run (then no checks)
 "summary": {"error": int, "warning": int, "info": int},
 "checks": [check id, ...],            # every check that ran
 "findings": [{"id", "severity", "finding", "fix"}, ...]}

Findings quote what they found (paths, manifest fields), which in a crafted folder may hold
terminal escape sequences: text output shows control characters escaped, and JSON is ASCII.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping

from envstrap import __version__
from envstrap.doctor.model import CHECKS, Context, Finding, Severity, ordered_checks

SCHEMA_VERSION = 1
_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
# Control characters (C0, DEL, C1), format characters (bidirectional overrides among them) and
# line/paragraph separators, and lone surrogates (undecodable file names): shown escaped, never
# sent to the terminal.
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def summary(findings: list[Finding]) -> dict[str, int]:
    return {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}


def _document(target: str, deep: bool, error: dict | None, findings: list[Finding],
              checks: list[str]) -> str:
    return json.dumps({
        "schema": SCHEMA_VERSION,
        "envstrap_version": __version__,
        "target": target,
        "deep": deep,
        "error": error,
        "summary": summary(findings),
        "checks": checks,
        "findings": [{"id": f.id, "severity": f.severity.value, "finding": f.finding,
                      "fix": f.fix} for f in findings],
    }, indent=2)


def render_json(ctx: Context, findings: list[Finding]) -> str:
    return _document(str(ctx.layout.prefix), ctx.deep, None, findings,
                     [c.id for c in ordered_checks()])


def render_json_error(target: str, deep: bool, exit_code: int, message: str) -> str:
    """The JSON document when doctor could not run: the error and its exit code, no checks."""
    return _document(target, deep, {"exit_code": exit_code, "message": message}, [], [])


def escape_controls(text: str) -> str:
    """`text` with control, format and separator characters shown as \\xNN / \\uNNNN."""
    return "".join(
        (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
        if unicodedata.category(c) in _UNSAFE_CATEGORIES else c
        for c in text)


def use_colour(is_tty: bool, environ: Mapping[str, str]) -> bool:
    return is_tty and "NO_COLOR" not in environ and environ.get("TERM") != "dumb"


def render_text(ctx: Context, findings: list[Finding], colour: bool) -> str:
    lines = [f"envstrap doctor: {escape_controls(str(ctx.layout.prefix))}"]
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    for f in sorted(findings, key=lambda f: order[f.severity]):
        label = f"{f.severity.value:<7}"
        if colour:
            label = f"{_COLOURS[f.severity]}{label}\033[0m"
        lines.append(f"  {label} {f.id}: {escape_controls(f.finding)}")
        lines.append(f"          fix: {escape_controls(f.fix)}")
    counts = summary(findings)
    verdict = "no problems found" if not findings else ", ".join(
        f"{n} {name}{'s' if n != 1 else ''}" for name, n in counts.items())
    lines.append(f"{len(CHECKS)} checks: {verdict}")
    return "\n".join(lines)
