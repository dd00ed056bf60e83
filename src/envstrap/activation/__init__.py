"""Activation scripts: one plan (plan.py), one small renderer per shell."""

from __future__ import annotations

from types import ModuleType

from envstrap import __version__
from envstrap.activation import cmd, fish, posix, powershell
from envstrap.activation.plan import ActivationPlan, build_plan
from envstrap.fsutil import write_text_atomic
from envstrap.layout import EnvLayout

# Which renderers each platform gets. Every renderer exposes FILENAME (its main script) and
# render(plan, version); one that writes several files also has render_files(plan, version) ->
# {file name: text}. NEWLINE and BOM, when present, say how its files are written.
RENDERERS = {
    "posix": (posix, fish),
    "windows": (cmd, powershell),
}


def script_names(renderer: ModuleType) -> tuple[str, ...]:
    """The files a renderer writes (FILENAMES, or its single FILENAME), known without rendering."""
    return getattr(renderer, "FILENAMES", (renderer.FILENAME,))


def rendered_files(renderer: ModuleType, plan: ActivationPlan) -> dict[str, str]:
    """{file name: text} for one renderer."""
    if hasattr(renderer, "render_files"):
        return renderer.render_files(plan, __version__)
    return {renderer.FILENAME: renderer.render(plan, __version__)}


def write_activation_scripts(layout: EnvLayout) -> list[str]:
    """Render and write every activation script for the layout's platform; return file names."""
    plan = build_plan(layout)
    written = []
    for renderer in RENDERERS[layout.platform.name]:
        newline = getattr(renderer, "NEWLINE", "\n")
        bom = getattr(renderer, "BOM", False)
        for name, text in rendered_files(renderer, plan).items():
            write_text_atomic(layout.prefix / name, text, newline=newline, bom=bom)
            written.append(name)
    return written
