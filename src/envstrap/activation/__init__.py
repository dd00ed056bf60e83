"""Activation scripts: one plan (plan.py), one small renderer per shell."""

from __future__ import annotations

from envstrap import __version__
from envstrap.activation import fish, posix
from envstrap.activation.plan import build_plan
from envstrap.fsutil import write_text_atomic
from envstrap.layout import EnvLayout

# Which renderers each platform gets; every renderer exposes FILENAME and render(plan, version).
RENDERERS = {
    "posix": (posix, fish),
    "windows": (),
}


def write_activation_scripts(layout: EnvLayout) -> list[str]:
    """Render and write every activation script for the layout's platform; return file names."""
    plan = build_plan(layout)
    written = []
    for renderer in RENDERERS[layout.platform.name]:
        write_text_atomic(layout.prefix / renderer.FILENAME, renderer.render(plan, __version__))
        written.append(renderer.FILENAME)
    return written
