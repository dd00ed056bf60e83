"""`activate.fish`, sourced by fish.

fish finds the file it sources (`status --current-filename`), so the script never embeds the
environment's path: a moved or copied folder activates where it now is. Only builtins run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from envstrap.activation.plan import (
    CONDA_HOOK,
    CONDA_RESUME_HOOK,
    PrefixPath,
    Value,
)
from envstrap.activation.shell import Shell
from envstrap.guard import Marker

_WORD = re.compile(r"[A-Za-z0-9_]+")


class FishShell(Shell):
    files = ("activate.fish", CONDA_HOOK + ".fish", CONDA_RESUME_HOOK + ".fish")
    templates = ("activate.fish", "conda-hook.fish", "conda-resume.fish")
    prefix_expression = "$_envstrap_p"
    modifier_expression = "$_envstrap_modifier"

    def quote(self, text: str) -> str:
        """Single-quote for fish, where only \\\\ and \\' are special inside single quotes."""
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"

    def render_list(self, items: Sequence[str]) -> str:
        return " ".join(i if _WORD.fullmatch(i) else self.quote(i) for i in items)

    def native_path(self, relative: str) -> str:
        return self.quote(relative)

    def set_var(self, name: str, value: Value) -> str:
        return f"    set -gx {name} {self.value(value)}"

    def path_entries(self, relatives: Sequence[str]) -> str:
        return " ".join(self.value(PrefixPath(d)) for d in relatives)

    def guard(self, marker: Marker) -> str:
        var = marker.variable
        extra = f'; and test "${var}" != 0' if marker.positive_number else ""
        return (f'    if set -q {var}; and test -n "${var}"{extra}\n'
                f'        _envstrap_refuse $_envstrap_p {var} "${var}" '
                f"{self.quote(marker.meaning)}\n"
                "        return 3\n"
                "    end")


SHELL = FishShell()
FILENAME = SHELL.files[0]
quote = SHELL.quote
