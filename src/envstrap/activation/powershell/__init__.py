"""`Activate.ps1`, for Windows PowerShell 5.1 and PowerShell 7.

The environment is the folder the script is in (`$PSScriptRoot`); nothing in the file names it,
so a moved or renamed environment activates where it is. Every literal is single-quoted (`'`
doubled, and the typographic quotes PowerShell also treats as single quotes), so no text from
the plan is ever expanded. The file is UTF-8 with a BOM: Windows PowerShell 5.1 reads a file
without one in the ANSI code page. Only syntax of PowerShell 3 and later is used (no `??`,
ternary or `&&`).

    . C:\\path\\to\\env\\Activate.ps1     (or & / .\\Activate.ps1: both work)
    deactivate

Everything happens in a script block, so the caller's variables are untouched; the only globals
are `$_envstrap` (what deactivate needs), the `deactivate` function and, unless
ENVSTRAP_DISABLE_PROMPT is set, a wrapped `prompt` function. A refusal (status 3 in
`$LASTEXITCODE`, message on stderr) defines and changes nothing else.

No PowerShell runs in this project's tests: they parse the file (tree-sitter-powershell) and
check its key lines; docs/testing.md ("Windows") has the manual smoke test.
"""

from __future__ import annotations

from collections.abc import Sequence

from envstrap.activation.plan import (
    CONDA_HOOK,
    CONDA_LEVEL,
    CONDA_RESUME_HOOK,
    ActivationPlan,
    Literal,
    PrefixPath,
    PromptModifier,
    Value,
)
from envstrap.activation.shell import Shell
from envstrap.guard import Marker

# PowerShell reads all of these as a single quote; inside a single-quoted string each is doubled.
_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b"


class PowerShell(Shell):
    files = ("Activate.ps1", CONDA_HOOK + ".ps1", CONDA_RESUME_HOOK + ".ps1")
    templates = ("Activate.ps1", "conda-hook.ps1", "conda-resume.ps1")
    newline = "\r\n"
    bom = True

    def quote(self, text: str) -> str:
        """A single-quoted PowerShell string: nothing inside is expanded."""
        for q in _SINGLE_QUOTES:
            text = text.replace(q, q + q)
        return "'" + text + "'"

    def render_list(self, items: Sequence[str]) -> str:
        return "@(" + ", ".join(self.quote(i) for i in items) + ")"

    def native_path(self, relative: str) -> str:
        """Appended to the folder: `$prefix + '\\etc\\conda\\activate.d'`."""
        return self.quote("\\" + relative.replace("/", "\\"))

    def value(self, value: Value) -> str:
        """A PowerShell expression; $prefix holds the folder at activation."""
        if isinstance(value, Literal):
            return self.quote(value.text)
        if isinstance(value, PrefixPath):
            if not value.relative:
                return "$prefix"
            return "($prefix + " + self.native_path(value.relative) + ")"
        if isinstance(value, PromptModifier):
            return "$modifier"
        raise TypeError(value)

    def set_var(self, name: str, value: Value) -> str:
        return f"    [Environment]::SetEnvironmentVariable({self.quote(name)}, {self.value(value)})"

    def path_entries(self, relatives: Sequence[str]) -> str:
        # Each entry in parentheses: PowerShell's comma binds tighter than +.
        return "@(" + ", ".join(self.value(PrefixPath(d)) for d in relatives) + ")"

    def extra_slots(self, plan: ActivationPlan) -> dict[str, str]:
        return {"@CONDA_LEVEL@": self.quote(CONDA_LEVEL)}

    def guard(self, marker: Marker) -> str:
        var = self.quote(marker.variable)
        active = "$value -and $value -notmatch '^0+$'" if marker.positive_number else "$value"
        return (f"    $value = [Environment]::GetEnvironmentVariable({var})\n"
                f"    if ({active}) {{\n"
                f"        & $refuse {var} $value {self.quote(marker.meaning)}\n"
                "        return\n"
                "    }")


SHELL = PowerShell()
FILENAME = SHELL.files[0]
quote = SHELL.quote
