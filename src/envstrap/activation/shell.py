"""The contract every shell's activation implements, and the one function that fills its templates.

Each shell is a small class next to its script templates (real files in the shell's own
language, read through the package's loader so a zipped stage 1 finds them too). A template marks
slots as @NAME@; `plan_slots` fills the same slots from the plan for every shell, asking the
shell only how it writes a literal, a list, a path, a value, an assignment and a guard. Filling
is one pass, so a value that happens to contain "@NAME@" (a prefix, say) is never substituted
again.
"""

from __future__ import annotations

import abc
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from envstrap.activation.plan import (
    CONDA_LEVEL,
    PROMPT_UNSAFE_CHARACTERS,
    ActivationPlan,
    Literal,
    PrefixPath,
    PromptModifier,
    Value,
)
from envstrap.guard import Marker

PLACEHOLDER = re.compile(r"@[A-Z_]+@")


class Shell(abc.ABC):
    """One shell's activation: the files it writes and how it spells the plan's data."""

    files: ClassVar[tuple[str, ...]]  # the files written into the environment, main script first
    templates: ClassVar[tuple[str, ...]]  # the template file of each, in this package
    newline: ClassVar[str] = "\n"  # line ending of the written files
    bom: ClassVar[bool] = False  # whether they start with a UTF-8 byte order mark
    # For the default value(): the expressions holding the folder and the prompt name at
    # activation time (shells that write a folder and a quoted rest side by side: sh, fish).
    prefix_expression: ClassVar[str] = ""
    modifier_expression: ClassVar[str] = ""
    # The functions the templates define, by the slot that lists them where they are removed
    # again (`unset -f @KEPT_FUNCTIONS@`): cleanup lines come from this data, not fixed text.
    function_slots: ClassVar[dict[str, tuple[str, ...]]] = {}

    @abc.abstractmethod
    def quote(self, text: str) -> str:
        """`text` as a literal in which nothing is expanded."""

    @abc.abstractmethod
    def render_list(self, items: Sequence[str]) -> str:
        """A list of literal strings, as this shell writes one in a loop or array."""

    @abc.abstractmethod
    def native_path(self, relative: str) -> str:
        """A path inside the environment ("etc/conda/activate.d"), as the literal this shell's
        templates append to the environment folder."""

    def value(self, value: Value) -> str:
        """A plan value as an expression; the folder is known only at activation time. By
        default the folder's expression followed by the quoted rest of the path."""
        if isinstance(value, Literal):
            return self.quote(value.text)
        if isinstance(value, PrefixPath):
            rest = self.quote("/" + value.relative) if value.relative else ""
            return self.prefix_expression + rest
        if isinstance(value, PromptModifier):
            return self.modifier_expression
        raise TypeError(value)

    @abc.abstractmethod
    def set_var(self, name: str, value: Value) -> str:
        """The line that sets and exports `name`."""

    def set_vars(self, pairs: Sequence[tuple[str, Value]]) -> str:
        """The lines that set and export every pair, in order."""
        return "\n".join(self.set_var(name, value) for name, value in pairs)

    @abc.abstractmethod
    def path_entries(self, relatives: Sequence[str]) -> str:
        """The folders activation puts first on PATH, in order, as this shell's PATH value."""

    @abc.abstractmethod
    def guard(self, marker: Marker) -> str:
        """The lines that refuse activation (status 3) while `marker` says another environment
        is active."""

    def unsafe_characters(self, characters: str) -> str:
        """The characters a prompt must not carry, in the form the template tests them."""
        return self.render_list(list(characters))

    def extra_slots(self, plan: ActivationPlan) -> dict[str, str]:
        """Slots only this shell's templates have."""
        return {}

    def check(self, plan: ActivationPlan) -> None:
        """Raise ValueError when this shell cannot carry the plan."""
        return None

    def finish(self, text: str) -> str:
        """Last touch on a filled template (cmd puts `@` in front of every command)."""
        return text

    def after_write(self, prefix: Path) -> str:
        """What follows writing the files into `prefix` (sh's: zsh's compiled copies); a
        one-line note when it could not be done, which is never an error."""
        return ""

    def template(self, name: str) -> str:
        # Read through the package's loader, as pkgutil.get_data does (a folder or a zipapp):
        # importlib.resources would import tempfile, zipfile and more on every finalize. Line
        # ends become "\n" as in a file read as text.
        module = sys.modules[type(self).__module__]
        data = module.__loader__.get_data(os.path.join(os.path.dirname(module.__file__), name))
        return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")

    def render(self, plan: ActivationPlan, version: str) -> dict[str, str]:
        """{file name: text}, with "\\n" line ends (the writer turns them into `newline`)."""
        self.check(plan)
        slots = plan_slots(self, plan, version)
        return {name: self.finish(fill(self.template(template), slots))
                for name, template in zip(self.files, self.templates)}


def plan_slots(shell: Shell, plan: ActivationPlan, version: str) -> dict[str, str]:
    """Every slot that comes from the plan, the same for all shells, in each shell's syntax."""
    slots = {
        "@VERSION@": version,
        "@FILENAME@": shell.files[0],
        "@MARKER@": plan.marker_variable,
        "@PROMPT_OPT_OUT@": plan.prompt_opt_out,
        "@FALLBACK@": shell.quote(plan.baked_prefix),
        "@GUARD@": "\n".join(shell.guard(marker) for marker in plan.guard_markers),
        "@SAVED@": shell.render_list(plan.saved_variables),
        "@RESTORED@": shell.render_list(plan.saved_variables[1:]),  # PATH is restored on its own
        "@MANAGED@": shell.render_list(plan.managed_names),
        "@UNSET_VARS@": shell.render_list(plan.unset_vars),
        "@UNSAFE@": shell.unsafe_characters(PROMPT_UNSAFE_CHARACTERS),
        "@PATH_DIRS@": shell.path_entries(plan.path_dirs),
        # The last folder conda's deactivate takes off PATH (bin; condabin it keeps): without
        # it the environment is not active.
        "@ACTIVE_DIR@": shell.path_entries(plan.path_dirs[-2:-1]),
        "@SET_VARS@": shell.set_vars(plan.set_vars),
        # What a resume after conda's suspend sets again: all but conda's level, which conda set.
        "@RESUME_VARS@": shell.set_vars([(n, v) for n, v in plan.set_vars if n != CONDA_LEVEL]),
        "@STATE_FILE@": shell.native_path(plan.state_file),
        "@ENV_VARS_D@": shell.native_path(plan.env_vars_dir),
        "@ACTIVATE_D@": shell.native_path(plan.activate_hooks_dir),
        "@DEACTIVATE_D@": shell.native_path(plan.deactivate_hooks_dir),
        "@UNSET_SENTINEL@": shell.quote(plan.unset_sentinel),
        "@INTERNAL_PREFIX@": plan.internal_prefix,
    }
    slots.update({slot: " ".join(names) for slot, names in shell.function_slots.items()})
    slots.update(shell.extra_slots(plan))
    return slots


def fill(template: str, slots: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda match: slots[match.group(0)], template)
