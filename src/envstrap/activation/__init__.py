"""Activation scripts: one plan (plan.py), one small class per shell next to its templates
(shell.py holds the contract they all implement and the one function that fills them)."""

from __future__ import annotations

import sys

from envstrap import __version__
from envstrap.activation.plan import build_plan
from envstrap.activation.shell import Shell
from envstrap.fsutil import write_text_atomic
from envstrap.layout import EnvLayout


def platform_shells(platform: str) -> tuple[Shell, ...]:
    """The shells a platform gets ("posix" or "windows"). Only their renderers are imported:
    a POSIX finalize or doctor has no use for cmd's and PowerShell's, nor Windows for sh's."""
    if platform == "windows":
        from envstrap.activation.cmd import CmdShell
        from envstrap.activation.powershell import PowerShell

        return (CmdShell(), PowerShell())
    from envstrap.activation.fish import FishShell
    from envstrap.activation.posix import PosixShell

    return (PosixShell(), FishShell())


def __getattr__(name: str) -> dict[str, tuple[Shell, ...]]:
    """SHELLS, which shells each platform gets, made (importing every renderer) when asked for."""
    if name != "SHELLS":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    shells = {platform: platform_shells(platform) for platform in ("posix", "windows")}
    globals()["SHELLS"] = shells
    return shells


def write_activation_scripts(layout: EnvLayout) -> list[str]:
    """Render and write every activation script for the layout's platform; return their names
    (not the optional files a shell adds after them: zsh's compiled copies). A shell's note
    (they could not be made) goes to stderr, one line."""
    plan = build_plan(layout)
    written = []
    for shell in platform_shells(layout.platform.name):
        for name, text in shell.render(plan, __version__).items():
            write_text_atomic(layout.prefix / name, text, newline=shell.newline, bom=shell.bom)
            written.append(name)
        note = shell.after_write(layout.prefix)
        if note:
            print(f"envstrap: note: {note}", file=sys.stderr)
    return written
