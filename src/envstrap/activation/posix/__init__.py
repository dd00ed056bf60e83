"""`activate` (template: activate.sh), sourced by sh, dash, bash, zsh and ksh.

The script starts no process: only shell builtins run (no subshell, no command substitution), so
activation is fast and works with an empty PATH. bash, zsh and ksh93 find the file they are
sourced from; plain sh/dash cannot, so the absolute folder is baked in as their fallback and
`doctor` reports when it no longer matches. Nothing is defined before the guard has passed, so a
refused activation leaves the shell exactly as it was.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from envstrap.activation.plan import (
    CONDA_HOOK,
    CONDA_RESUME_HOOK,
    PROMPT_UNSAFE_CHARACTERS,
    ActivationPlan,
    Literal,
    PrefixPath,
    PromptModifier,
    Value,
)
from envstrap.activation.shell import Shell
from envstrap.guard import Marker

_WORD = re.compile(r"[A-Za-z0-9_]+")


class PosixShell(Shell):
    files = ("activate", CONDA_HOOK + ".sh", CONDA_RESUME_HOOK + ".sh")
    templates = ("activate.sh", "conda-hook.sh", "conda-resume.sh")

    def quote(self, text: str) -> str:
        """Single-quote for POSIX sh: nothing inside is expanded."""
        return "'" + text.replace("'", "'\\''") + "'"

    def render_list(self, items: Sequence[str]) -> str:
        """Words for `for x in ...` (plain names stay bare)."""
        return " ".join(i if _WORD.fullmatch(i) else self.quote(i) for i in items)

    def unsafe_characters(self, characters: str) -> str:
        """A `case` pattern matching any one of them (quoting characters backslash-escaped)."""
        return "|".join("\\" + c if c in "$`\\\"'" else c for c in characters)

    def extra_slots(self, plan: ActivationPlan) -> dict[str, str]:
        return {
            "@RESERVED_PATTERN@": "|".join(plan.managed_names + (plan.internal_prefix + "*",)),
            # Straight-line code for the plan's fixed names: no loop, no eval at run time.
            "@SAVE_FIXED@": "\n".join(save_line(n) for n in plan.saved_variables),
            "@RESTORE_FIXED@": "\n".join(restore_line(n, export=True)
                                          for n in plan.saved_variables[1:]),
            "@UNSAFE_ANY@": "|".join("*" + c + "*" for c in
                                     self.unsafe_characters(PROMPT_UNSAFE_CHARACTERS).split("|")),
            "@SAVE_PROMPT@": "    " + save_line("PS1"),
            "@RESTORE_PROMPT@": "    " + restore_line("PS1", export=False),
            # What activation leaves, for a resume after conda suspended it (conda-resume.sh).
            "@SNAP_FIXED@": "\n".join(save_line(n, "NEW", "NHAD")
                                       for n in plan.saved_variables[1:]),
            "@SNAP_PROMPT@": "    " + save_line("PS1", "NEW", "NHAD"),
        }

    def native_path(self, relative: str) -> str:
        return self.quote(relative)

    def value(self, value: Value) -> str:
        """A shell word; `$_envstrap_p` holds the prefix at activation time."""
        if isinstance(value, Literal):
            return self.quote(value.text)
        if isinstance(value, PrefixPath):
            return '"$_envstrap_p"' + (self.quote("/" + value.relative) if value.relative else "")
        if isinstance(value, PromptModifier):
            return '"$_envstrap_modifier"'
        raise TypeError(value)

    def set_var(self, name: str, value: Value) -> str:
        return f"    {name}={self.value(value)}; export {name}"

    def path_entries(self, relatives: Sequence[str]) -> str:
        """Inside double quotes in the template: the folder expands, the rest has no specials
        (layout folders are plain names)."""
        return ":".join("$_envstrap_p" + (f"/{d}" if d else "") for d in relatives)

    def guard(self, marker: Marker) -> str:
        var = marker.variable
        empty = '0|""' if marker.positive_number else '""'
        default = "0" if marker.positive_number else ""
        return (f'    case "${{{var}:-{default}}}" in {empty}) ;; *)\n'
                f'        _envstrap_refuse {var} "${{{var}}}" {self.quote(marker.meaning)}; '
                "return 3 ;;\n"
                "    esac")


def save_line(name: str, value: str = "OLD", had: str = "HAD") -> str:
    """What _envstrap_save (or, with NEW NHAD, _envstrap_snap) does for `name`, written out
    (names are checked plan data)."""
    return (f"    case ${{{name}+set}} in "
            f"set) _ENVSTRAP_{value}_{name}=${name} _ENVSTRAP_{had}_{name}=1 ;; "
            f"*) _ENVSTRAP_{had}_{name}=0 ;; esac")


def restore_line(name: str, export: bool) -> str:
    """What _envstrap_restore does for `name`, written out."""
    put_back = f"{name}=$_ENVSTRAP_OLD_{name}" + (f"; export {name}" if export else "")
    return (f"        case ${{_ENVSTRAP_HAD_{name}:-0}} in "
            f"1) {put_back} ;; *) unset {name} ;; esac; "
            f"unset _ENVSTRAP_OLD_{name} _ENVSTRAP_HAD_{name}")


SHELL = PosixShell()
FILENAME = SHELL.files[0]
quote = SHELL.quote
