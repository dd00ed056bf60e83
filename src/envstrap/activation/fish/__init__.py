"""`activate.fish`, sourced by fish.

fish finds the file it sources (`status --current-filename`), so the script never embeds the
environment's path: a moved or copied folder activates where it now is. Only builtins run.

fish parses the whole of a sourced file before running it, and command substitutions cost it
more than most commands (docs/performance.md): `activate.fish` holds the usual path only, with
the plan's names written out and the quick checks as single expressions made here;
`.envstrap/activate-more.fish` (the full guard, the full config-var reader, conda's suspend and
resume, a PATH changed while active) is sourced only when one of those is needed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from envstrap.activation.plan import (
    CONDA_HOOK,
    CONDA_RESUME_HOOK,
    PROMPT_UNSAFE_CHARACTERS,
    ActivationPlan,
    PrefixPath,
    Value,
)
from envstrap.activation.shell import Shell
from envstrap.guard import Marker

_WORD = re.compile(r"[A-Za-z0-9_]+")
# What activate.fish sources for everything but the usual path (kept out of it so fish need not
# parse it on every activation).
MORE = ".envstrap/activate-more.fish"
_SPACE = r"[ \t\n\r\v\f]*"  # JSON's whitespace, as the config-var reader spells it


class FishShell(Shell):
    files = ("activate.fish", CONDA_HOOK + ".fish", CONDA_RESUME_HOOK + ".fish", MORE)
    templates = ("activate.fish", "conda-hook.fish", "conda-resume.fish", "activate-more.fish")
    # _envstrap_p: the folder, and the prompt name (one replace makes both: @LOCATE_RE@)
    prefix_expression = "$_envstrap_p[1]"
    modifier_expression = "$_envstrap_p[2]"
    # activate-more.fish's functions, removed after each use (_envstrap_more_done).
    function_slots = {
        "@MORE_FUNCTIONS@": ("_envstrap_refuse", "_envstrap_guard", "_envstrap_config_var",
                             "_envstrap_config_file", "_envstrap_all_config_vars",
                             "_envstrap_suspend", "_envstrap_resume", "_envstrap_path_changed",
                             "_envstrap_more_done"),
    }

    def quote(self, text: str) -> str:
        """Single-quote for fish, where only \\\\ and \\' are special inside single quotes."""
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"

    def render_list(self, items: Sequence[str]) -> str:
        return " ".join(i if _WORD.fullmatch(i) else self.quote(i) for i in items)

    def native_path(self, relative: str) -> str:
        return self.quote(relative)

    def finish(self, text: str) -> str:
        """The written file without the template's comment lines after its header (the lines
        up to the first that is not a comment) and without indentation: fish parses the whole
        of a sourced file at each activation. No template continues a quoted string over a line,
        so this changes no value."""
        lines = text.split("\n")
        head = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
        body = [line.lstrip(" ") for line in lines[head:]]
        return "\n".join(lines[:head] + [line for line in body
                                          if line and not line.startswith("#")]) + "\n"

    def extra_slots(self, plan: ActivationPlan) -> dict[str, str]:
        plain = [m.variable for m in plan.guard_markers if not m.positive_number]
        numbers = [m.variable for m in plan.guard_markers if m.positive_number]
        unsafe = "".join(re.escape(c) for c in PROMPT_UNSAFE_CHARACTERS)
        w = _SPACE
        return {
            "@MORE@": self.native_path(MORE),
            # True when any marker would refuse (or make a no-op): one test instead of five.
            "@GUARD_FAST@": "; or ".join(
                [f'test -n "{"".join("$" + v for v in plain)}"']
                + [f"not contains -- \"${v}\" '' 0" for v in numbers]),
            "@RESTORED_COUNT@": str(len(plan.saved_variables) - 1),
            "@PATH_COUNT@": str(len(plan.path_dirs)),
            # From this file's resolved path, two lines: the folder, and "(<its name>) " with
            # the unsafe characters as "_". One global replace, by PCRE2's conditional
            # substitution: group 1 (a lookahead: the folder) replaces the folder's parents,
            # group 2 each unsafe character of its name, and the rest is "/<file name>".
            "@LOCATE_RE@": self.quote(rf"^(?=((?:.*/)?[^/]*)/[^/]*$)(?:.*/)?(?=[^/]*/[^/]*$)"
                                      rf"|([{unsafe}])|/[^/]*$") + " "
                           + self.quote(r"${1:+$1\n(:${2:+_:) }}"),
            "@PLAIN_STATE@": self.quote(plain_state_pattern(plan)),
            # A plain state's members as name and value lines; the pattern's other two
            # alternatives take the text before the first and after the last. (Replacements
            # hold no escape but \n: before fish 3.5, regex-easyesc off, fish reads them as its
            # own escapes first, and \U would be a broken Unicode escape there.)
            "@PLAIN_PAIRS@": self.quote(
                rf'^{w}\{{{w}"env_vars"{w}:{w}\{{{w}|"([^"]*)"{w}:{w}"([^"]*)"({w},{w})?'
                rf"|{w}\}}{w}\}}{w}$") + " " + self.quote(r"${1:+$1\n$2${3:+\n}:}"),
            "@CONDA_HOOK_FILE@": self.native_path(CONDA_HOOK + ".fish"),
            "@RESUME_HOOK_FILE@": self.native_path(CONDA_RESUME_HOOK + ".fish"),
        }

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


def plain_state_pattern(plan: ActivationPlan) -> str:
    """conda-meta/state as conda writes it, `{"env_vars": {...}}`, where every name is a usable
    variable name that activation does not manage and every value is non-empty, has no escape
    (so no quote either) and is not the unset sentinel: the config vars activate.fish applies
    itself. Anything else goes to the full reader, which checks, decodes and warns."""
    managed = "|".join(n for n in plan.managed_names if n == n.upper())
    key = (f'"(?!(?i:{managed})"|(?i:{re.escape(plan.internal_prefix)}))'
           '[A-Za-z_][A-Za-z0-9_]*"')
    value = rf'"(?!{re.escape(plan.unset_sentinel)}")[^"\\\x00-\x1f\x7f]+"'
    w = _SPACE
    pair = f"({key}{w}:{w}{value})"
    return rf'^{w}\{{{w}"env_vars"{w}:{w}\{{{w}(?:{pair}(?:{w},{w}(?1))*)?{w}\}}{w}\}}{w}$'


SHELL = FishShell()
FILENAME = SHELL.files[0]
quote = SHELL.quote
