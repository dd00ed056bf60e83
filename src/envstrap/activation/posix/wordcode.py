"""zsh's compiled copies of the sh activation files: NAME.zwc next to NAME, made by `zcompile`.

zsh's `.` reads NAME.zwc instead of parsing NAME when NAME.zwc is there, is not older than NAME
and was made by the same zsh version; otherwise (another zsh version, an edited NAME, a file
that is no dump) it parses NAME, silently (zsh's Src/parse.c, try_source_file and
load_dump_header). Parsing the 7.7 KB `activate` was most of what zsh spent on an activation
(docs/performance.md). bash, dash and ksh never look at a .zwc. The copies are optional: made
when a zsh is on PATH at finalize, and activation is the same without them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

EXTENSION = ".zwc"
# A hang, not slowness: compiling takes milliseconds.
TIMEOUT_SECONDS = 60
# Run with `zsh -f` (no rc files but /etc/zshenv, which zsh always reads): zsh's own options
# (emulate -R), no alias expanded (-U), read into memory when sourced rather than mapped (-R:
# what zsh's manual advises for scripts; a mapped file stays mapped while the shell runs).
# Arguments: pairs of (compiled file, file).
SCRIPT = ('emulate -R zsh; while (( $# )); do zcompile -R -U -- "$1" "$2" || exit 1; '
          "shift 2; done")


def compile_for_zsh(prefix: Path, names: Sequence[str]) -> str:
    """Write NAME.zwc for each NAME in `prefix` with the zsh on PATH. "" when done or when
    there is no zsh; else why not, in one line. Either every copy is new or none is left (a
    stale one from an earlier finalize is removed): zsh then parses the files."""
    targets = [prefix / (name + EXTENSION) for name in names]
    temps = [t.with_name(f".{t.name}.tmp-{os.getpid()}{EXTENSION}") for t in targets]
    zsh = shutil.which("zsh")
    problem = _run(zsh, prefix, temps, list(names)) if zsh else ""
    try:
        for temp, target in zip(temps, targets):
            if zsh and not problem:
                os.replace(temp, target)
            else:
                target.unlink(missing_ok=True)
    except OSError as exc:
        problem = str(exc)
        for target in targets:
            _remove(target)
    finally:
        for temp in temps:
            _remove(temp)
    return problem


def _run(zsh: str, prefix: Path, temps: list[Path], names: list[str]) -> str:
    """zcompile in `prefix`, by relative names: a dump records the name it was made from
    (zsh looks a sourced file up by its last part), and no generated file needs the folder."""
    import subprocess  # only when there is a zsh

    pairs = [p for temp, name in zip(temps, names) for p in (str(temp.relative_to(prefix)), name)]
    try:
        result = subprocess.run([zsh, "-f", "-c", SCRIPT, "zsh", *pairs], cwd=prefix,
                                stdin=subprocess.DEVNULL, capture_output=True,
                                timeout=TIMEOUT_SECONDS)
    except (OSError, subprocess.SubprocessError) as exc:
        return str(exc) or type(exc).__name__
    if result.returncode == 0 and all(t.is_file() for t in temps):
        return ""
    lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else f"zsh exited with status {result.returncode}"


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
