"""Activation scripts: one plan (plan.py), one small class per shell next to its templates
(shell.py holds the contract they all implement and the one function that fills them)."""

from __future__ import annotations

from envstrap import __version__
from envstrap.activation.cmd import CmdShell
from envstrap.activation.fish import FishShell
from envstrap.activation.plan import build_plan
from envstrap.activation.posix import PosixShell
from envstrap.activation.powershell import PowerShell
from envstrap.activation.shell import Shell
from envstrap.fsutil import write_text_atomic
from envstrap.layout import EnvLayout

# Which shells each platform gets.
SHELLS: dict[str, tuple[Shell, ...]] = {
    "posix": (PosixShell(), FishShell()),
    "windows": (CmdShell(), PowerShell()),
}


def write_activation_scripts(layout: EnvLayout) -> list[str]:
    """Render and write every activation script for the layout's platform; return file names."""
    plan = build_plan(layout)
    written = []
    for shell in SHELLS[layout.platform.name]:
        for name, text in shell.render(plan, __version__).items():
            write_text_atomic(layout.prefix / name, text, newline=shell.newline, bom=shell.bom)
            written.append(name)
    return written
