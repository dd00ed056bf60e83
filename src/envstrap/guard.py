"""The one definition of "another Python environment is active".

Activation scripts, stage 0 and `doctor` all refuse or report the same markers. The activation
renderers read ACTIVE_ENV_MARKERS to emit their checks; tools/build.py writes the list into the
stage-0 scripts' generated regions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple


class Marker(NamedTuple):
    variable: str
    meaning: str
    # conda hooks set CONDA_SHLVL=0 with nothing active, so for it only a value > 0 counts.
    positive_number: bool = False


MARKER_VARIABLE = "ENVSTRAP_PREFIX"

ACTIVE_ENV_MARKERS = (
    Marker(MARKER_VARIABLE, "an envstrap environment is active"),
    Marker("CONDA_PREFIX", "a conda environment is active"),
    Marker("CONDA_SHLVL", "a conda shell level above 0 is set", positive_number=True),
    Marker("VIRTUAL_ENV", "a virtualenv/venv is active"),
    Marker("PYTHON_ENVS", "a Python environment marker (PYTHON_ENVS) is set"),
)


def marker_is_set(marker: Marker, environ: Mapping[str, str]) -> bool:
    value = environ.get(marker.variable, "")
    if not value:
        return False
    if marker.positive_number:
        return not (value.isdigit() and int(value) == 0)
    return True


def active_environment(environ: Mapping[str, str]) -> tuple[Marker, str] | None:
    """The first marker that says an environment is active, with its value; None when clean."""
    for marker in ACTIVE_ENV_MARKERS:
        if marker_is_set(marker, environ):
            return marker, environ[marker.variable]
    return None
