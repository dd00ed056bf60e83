"""Activation computed once, as data; every shell renderer turns the same plan into a script.

The plan says which variables to set (and to what, relative to the environment folder), which to
unset, which folders go first on PATH, where the activate.d / deactivate.d scripts and the
`conda env config vars` state live, and which variables mean "another environment is active".
Deactivation is the same list replayed backwards, so activate and deactivate cannot drift apart.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Union

from envstrap.guard import ACTIVE_ENV_MARKERS, MARKER_VARIABLE, Marker
from envstrap.layout import EnvLayout


class Literal(NamedTuple):
    """A fixed text value."""

    text: str


class PrefixPath(NamedTuple):
    """A path inside the environment, found at activation time ("" = the folder itself)."""

    relative: str = ""


class PromptModifier(NamedTuple):
    """"(<folder name>) ", computed at activation time so a renamed folder shows its new name."""


Value = Union[Literal, PrefixPath, PromptModifier]

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# Characters a prompt must not carry through: shell expansion in PS1 ($, `, \, !), zsh prompt
# escapes (%) and quotes. They are replaced by "_" in the displayed name only.
PROMPT_UNSAFE_CHARACTERS = "$`\\%!\"'"

# envstrap's own deactivate.d hook, one per shell kind (the shell adds its extension): conda runs
# it when it deactivates the environment (docs/conda-interop.md). conda runs deactivate.d in
# reverse name order, so a name that sorts first runs after every package's script.
CONDA_HOOK = "etc/conda/deactivate.d/000-envstrap"
# Its twin in activate.d (sorted first, so it runs first): resumes what the hook suspended.
CONDA_RESUME_HOOK = "etc/conda/activate.d/000-envstrap"
# conda's count of environments activated in the shell: conda sets it before it runs activate.d,
# so a resume leaves it as conda set it (conda may come back to this environment at level 3).
CONDA_LEVEL = "CONDA_SHLVL"


class _PlanFields(NamedTuple):
    path_dirs: tuple[str, ...]
    set_vars: tuple[tuple[str, Value], ...]
    unset_vars: tuple[str, ...]
    baked_prefix: str  # only for shells that cannot find the file they are sourced from
    guard_markers: tuple[Marker, ...] = ACTIVE_ENV_MARKERS
    marker_variable: str = MARKER_VARIABLE
    prompt_opt_out: str = "ENVSTRAP_DISABLE_PROMPT"
    activate_hooks_dir: str = "etc/conda/activate.d"
    deactivate_hooks_dir: str = "etc/conda/deactivate.d"
    env_vars_dir: str = "etc/conda/env_vars.d"  # package-provided variables (flat JSON objects)
    state_file: str = "conda-meta/state"  # `conda env config vars` (JSON, key "env_vars"); wins
    unset_sentinel: str = "***unset***"  # conda's value meaning "unset this variable"
    # The prompt lives in PS1 (sh) and PROMPT (cmd); fish and PowerShell wrap a function.
    prompt_variables: tuple[str, ...] = ("PS1", "PROMPT")
    # Every name the scripts use for themselves upper-cases to this prefix (_envstrap_p,
    # _ENVSTRAP_OLD_PATH, ...): a config var may not take one (it would be code, not data).
    internal_prefix: str = "_ENVSTRAP_"


class ActivationPlan(_PlanFields):
    """The plan's fields (above), checked when it is made: every name must be portable."""

    __slots__ = ()

    def __new__(cls, *args: object, **kwargs: object) -> ActivationPlan:
        plan = super().__new__(cls, *args, **kwargs)
        for name in plan.saved_variables:
            if not _NAME.match(name):
                raise ValueError(f"not a portable variable name: {name!r}")
        return plan

    @property
    def saved_variables(self) -> tuple[str, ...]:
        """Every variable activation touches (besides the prompt), saved and restored exactly."""
        names = ("PATH",) + tuple(n for n, _ in self.set_vars) + self.unset_vars
        return tuple(dict.fromkeys(names))

    @property
    def managed_names(self) -> tuple[str, ...]:
        """Names a config var may not set, in every shell: what activation saves, the prompts
        (and, by pattern, every name starting with internal_prefix)."""
        return self.saved_variables + self.prompt_variables


def build_plan(layout: EnvLayout) -> ActivationPlan:
    """What activating this environment means, mirroring conda's activation of a root prefix."""
    plat = layout.platform
    return ActivationPlan(
        path_dirs=plat.path_dirs,
        set_vars=(
            ("CONDA_PREFIX", PrefixPath()),
            ("CONDA_DEFAULT_ENV", PrefixPath()),
            ("CONDA_SHLVL", Literal("1")),
            ("CONDA_PROMPT_MODIFIER", PromptModifier()),
            ("CONDA_EXE", PrefixPath(plat.conda)),
            ("_CONDA_EXE", PrefixPath(plat.conda)),
            ("_CONDA_ROOT", PrefixPath()),
            ("CONDA_PYTHON_EXE", PrefixPath(plat.python)),
            ("MAMBA_ROOT_PREFIX", PrefixPath()),
            ("MAMBA_EXE", PrefixPath(plat.mamba)),
            # Shielding. mamba reads only MAMBARC/CONDARC when either is set, so the user's and
            # the system's rc files are shut out; conda reads $CONDARC last, so this file
            # outranks them (doctor reports rc files conda would still merge in). See
            # docs/design/micromamba.md, "Configuration files".
            ("CONDARC", PrefixPath(".condarc")),
            ("MAMBARC", PrefixPath(".condarc")),
            # The user's site-packages must not leak into the environment.
            ("PYTHONNOUSERSITE", Literal("1")),
            (MARKER_VARIABLE, PrefixPath()),
        ),
        # conda's "meta" variables that must not survive from elsewhere, the two variables that
        # make the environment's Python import foreign code or look for its stdlib elsewhere,
        # and variables that override any rc file (package cache, channels, envs folders).
        # (CONDA_ROOT from elsewhere would make conda read that root's .condarc.)
        unset_vars=("_CE_M", "_CE_CONDA", "PYTHONPATH", "PYTHONHOME", "CONDA_PKGS_DIRS",
                    "CONDA_CHANNELS", "CONDA_ENVS_PATH", "CONDA_ENVS_DIRS", "CONDA_ROOT"),
        baked_prefix=str(layout.prefix),
    )
