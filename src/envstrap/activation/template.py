"""Filling a shell script template from the activation plan: the part every renderer shares.

Templates mark slots as @NAME@. Each renderer supplies its own quoting and the few slots whose
syntax is its own (PATH entries, variable assignments, the guard); the plan-derived slots below
are the same for every shell. Substitution is one pass, so a value that happens to contain
"@NAME@" (a prefix, say) is never substituted again.
"""

from __future__ import annotations

import re
from typing import Callable

from envstrap.activation.plan import PROMPT_UNSAFE_CHARACTERS, ActivationPlan

PLACEHOLDER = re.compile(r"@[A-Z_]+@")


def plan_slots(plan: ActivationPlan, version: str, quote: Callable[[str], str],
               separator: str) -> dict[str, str]:
    """Slots taken straight from the plan; `separator` joins the unsafe prompt characters
    into a pattern list ("|" for a sh case pattern, " " for a fish list)."""
    return {
        "@VERSION@": version,
        "@MARKER@": plan.marker_variable,
        "@SAVED@": " ".join(plan.saved_variables),
        "@RESTORED@": " ".join(plan.saved_variables[1:]),  # PATH is restored on its own
        "@UNSAFE@": separator.join(quote(c) for c in PROMPT_UNSAFE_CHARACTERS),
        "@UNSET_VARS@": " ".join(plan.unset_vars),
        "@STATE_FILE@": quote(plan.state_file),
        "@ENV_VARS_D@": quote(plan.env_vars_dir),
        "@PROMPT_OPT_OUT@": plan.prompt_opt_out,
        "@ACTIVATE_D@": quote(plan.activate_hooks_dir),
        "@DEACTIVATE_D@": quote(plan.deactivate_hooks_dir),
        "@UNSET_SENTINEL@": quote(plan.unset_sentinel),
    }


def fill(template: str, slots: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda match: slots[match.group(0)], template)
