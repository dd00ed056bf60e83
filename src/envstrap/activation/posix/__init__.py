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
from pathlib import Path

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
# What `activate` sources for everything but the usual path (kept out of it so the shell need
# not parse it on every activation).
MORE = ".envstrap/activate-more.sh"
# What `activate` sources for the parts some activations need (small: parsed only then).
RARE = ".envstrap/activate-rare.sh"
# What `deactivate` sources: its work (bash copies a function's body at definition and call).
DEACTIVATE = ".envstrap/deactivate.sh"
# The name of envstrap's own conda hooks in deactivate.d and activate.d (the same in both):
# `activate` and `deactivate` skip them, they do nothing there.
OWN_HOOK = CONDA_HOOK.rsplit("/", 1)[1] + ".sh"


class PosixShell(Shell):
    files = ("activate", CONDA_HOOK + ".sh", CONDA_RESUME_HOOK + ".sh", MORE, RARE, DEACTIVATE)
    templates = ("activate.sh", "conda-hook.sh", "conda-resume.sh", "activate-more.sh",
                 "activate-rare.sh", "deactivate.sh")
    prefix_expression = '"$_es_p"'
    modifier_expression = '"$_ENVSTRAP_MODIFIER"'
    # The functions the templates define: activate's own, gone when the sourced file ends;
    # those activation leaves for deactivate (and conda's hooks), gone after it; and
    # activate-more's, gone after each use (_envstrap_more_done).
    function_slots = {
        "@TEMPORARY_FUNCTIONS@": ("_envstrap_done",),
        "@KEPT_FUNCTIONS@": ("deactivate",),
        "@MORE_FUNCTIONS@": ("_envstrap_guard", "_envstrap_refuse", "_envstrap_decode",
                             "_envstrap_structure", "_envstrap_config_file",
                             "_envstrap_take_back", "_envstrap_config_vars",
                             "_envstrap_suspend",
                             "_envstrap_path_changed",
                             "_envstrap_more_done"),
    }

    # The files zsh reads compiled (NAME.zwc, made by the zsh on PATH at finalize when there
    # is one): activate at every activation, the others when sourced (wordcode.py).
    zsh_compiled = (files[0], MORE, RARE, DEACTIVATE)

    def after_write(self, prefix: Path) -> str:
        """zsh's compiled copies; when they cannot be made, zsh parses the files (same result,
        slower): a note, not an error."""
        from envstrap.activation.posix.wordcode import compile_for_zsh

        problem = compile_for_zsh(prefix, self.zsh_compiled)
        return f"zsh could not compile the activation scripts ({problem}); zsh parses them " \
            "instead" if problem else ""

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
            # Their first letters: a list with no name starting so needs no check.
            "@RESERVED_INITIALS@": "".join(sorted({n[0] for n in plan.managed_names
                                                    + (plan.internal_prefix,)})),
            # The reserved names again, for one name: short, as `activate` parses it at every
            # activation (reserved_name).
            "@RESERVED_NAME@": reserved_name(plan),
            # One word, empty exactly when none of them has a value (names are checked data).
            "@ANY_SET@": "".join(f"${{{name}+x}}" for name in restored),
            "@UNSAFE_ANY@": "|".join("*" + c + "*" for c in
                                     self.unsafe_characters(PROMPT_UNSAFE_CHARACTERS).split("|")),
            "@MORE@": self.native_path(MORE),
            "@RARE@": self.native_path(RARE),
            "@DEACTIVATE@": self.native_path(DEACTIVATE),
            # The guard's usual case in one test: every marker empty (a number: 0 or empty).
            "@GUARD_WORD@": guard_word(plan),
            "@GUARD_CLEAR@": ":0" * sum(m.positive_number for m in plan.guard_markers),
            "@OWN_HOOK@": OWN_HOOK,
        }

    def finish(self, text: str) -> str:
        """The written file without the template's comment lines (its header and the shellcheck
        directives stay) and indentation: the shell reads every byte of a sourced file at each
        activation (docs/performance.md). No line of the templates continues a quoted string
        with leading spaces, so this changes no value."""
        lines = text.split("\n")
        head = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
        body = [line.lstrip(" ") for line in lines[head:]]
        return "\n".join(lines[:head] + [line for line in body if line and (
            not line.startswith("#") or line.startswith("# shellcheck"))])

    def native_path(self, relative: str) -> str:
        return self.quote(relative)

    def set_var(self, name: str, value: Value) -> str:
        return f"    {name}={self.value(value)}; export {name}"

    def set_vars(self, pairs: Sequence[tuple[str, Value]]) -> str:
        """One `export NAME=value ...` for all of them (each value is quoted, so no shell splits
        it; none refers to another)."""
        assignments = " \\\n        ".join(f"{name}={self.value(value)}" for name, value in pairs)
        return f"    export {assignments}"

    def path_entries(self, relatives: Sequence[str]) -> str:
        """Inside double quotes in the template: the folder expands, the rest has no specials
        (layout folders are plain names)."""
        return ":".join("$_es_p" + (f"/{d}" if d else "") for d in relatives)

    def guard(self, marker: Marker) -> str:
        var = marker.variable
        empty = '0|""' if marker.positive_number else '""'
        default = "0" if marker.positive_number else ""
        return (f'    case "${{{var}:-{default}}}" in {empty}) ;; *)\n'
                f'        _envstrap_refuse {var} "${{{var}}}" {self.quote(marker.meaning)}; '
                "return 3 ;;\n"
                "    esac")


def reserved_name(plan: ActivationPlan) -> str:
    """A `case` pattern matching a managed name: names that share their start up to the first
    "_" (CONDA_, MAMBA_, _CONDA_, _CE_) by that start, the others whole, and the internal
    prefix. It also matches other names with such a start (CONDA_X): those go to the full
    reader, which applies them (activate-more.sh's exact check)."""
    def start(name: str) -> str:
        cut = name.find("_", 1)
        return name[:cut + 1] if cut > 0 else name

    shared = {s for s in map(start, plan.managed_names)
              if s != "" and sum(start(n) == s for n in plan.managed_names) > 1}
    patterns = []
    for name in plan.managed_names:
        pattern = f"{start(name)}*" if start(name) in shared else name
        if pattern not in patterns:
            patterns.append(pattern)
    return "|".join(patterns + [f"{plan.internal_prefix}*"])


def guard_word(plan: ActivationPlan) -> str:
    """The markers' values as one word: the plain ones side by side, then ":" and each number
    (0 when empty), so a shell with no environment active gives exactly ":0" per number."""
    plain = "".join(f"${{{m.variable}:-}}" for m in plan.guard_markers if not m.positive_number)
    numbers = "".join(f":${{{m.variable}:-0}}" for m in plan.guard_markers if m.positive_number)
    return f'"{plain}{numbers}"'


SHELL = PosixShell()
FILENAME = SHELL.files[0]
quote = SHELL.quote
