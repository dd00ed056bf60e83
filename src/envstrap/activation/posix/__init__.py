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
    Value,
)
from envstrap.activation.shell import Shell
from envstrap.guard import Marker

_WORD = re.compile(r"[A-Za-z0-9_]+")


class PosixShell(Shell):
    files = ("activate", CONDA_HOOK + ".sh", CONDA_RESUME_HOOK + ".sh")
    templates = ("activate.sh", "conda-hook.sh", "conda-resume.sh")
    prefix_expression = '"$_envstrap_p"'
    modifier_expression = '"$_ENVSTRAP_MODIFIER"'
    # The functions activate.sh defines: those gone when the sourced file ends, and those
    # activation leaves for deactivate (and conda's hooks), gone after it.
    temporary_functions = ("_envstrap_main", "_envstrap_done", "_envstrap_normalize",
                           "_envstrap_refuse", "_envstrap_decode", "_envstrap_structure",
                           "_envstrap_config_file", "_envstrap_config_vars")
    kept_functions = ("deactivate", "_envstrap_undo", "_envstrap_hooks")

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
        restored = plan.saved_variables[1:]  # PATH is saved and restored on its own
        return {
            "@RESERVED_PATTERN@": "|".join(plan.managed_names + (plan.internal_prefix + "*",)),
            # One word, empty exactly when none of them has a value (names are checked data).
            "@ANY_SET@": "".join(f"${{{name}+x}}" for name in restored),
            "@UNSAFE_ANY@": "|".join("*" + c + "*" for c in
                                     self.unsafe_characters(PROMPT_UNSAFE_CHARACTERS).split("|")),
            "@TEMPORARY_FUNCTIONS@": " ".join(self.temporary_functions),
            "@KEPT_FUNCTIONS@": " ".join(self.kept_functions),
        }

    def native_path(self, relative: str) -> str:
        return self.quote(relative)

    def set_var(self, name: str, value: Value) -> str:
        return f"    {name}={self.value(value)}; export {name}"

    def set_vars(self, pairs: Sequence[tuple[str, Value]]) -> str:
        """Two commands for all of them: the assignments, then one export."""
        names = " ".join(name for name, _ in pairs)
        assignments = " \\\n        ".join(f"{name}={self.value(value)}" for name, value in pairs)
        return f"    {assignments}\n    export {names}"

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


SHELL = PosixShell()
FILENAME = SHELL.files[0]
quote = SHELL.quote
