"""TEST STAND-IN for micromamba 2.5.0, the pinned version. This is NOT micromamba (nor its
pinned build: a bundle holding it passes envstrap's pin check only where a test pins its sha256).

It implements what envstrap's stage 0 calls: ``--version``; ``install -r ROOT -p TARGET
--rc-file FILE -y [--offline]`` with ``-f LOCK`` (``@EXPLICIT``, ``#md5``/``#sha256:`` checked)
or ``--override-channels --strict-channel-priority -c CHANNEL... SPECS``. And what the isolation
tests need, as docs/design/micromamba.md describes micromamba: the rc search (replaced by
``--rc-file``, ``MAMBARC``, ``CONDARC``), the root prefix, the package cache
(``CONDA_PKGS_DIRS``, ``pkgs_dirs``), ``create`` registering in ``~/.conda/environments.txt``,
``mambaf*`` files in ``$TMPDIR``, ``conda-meta/history``, ``pip`` with ``python``. py-rattler
solves and links. Anything else fails loudly: exit 1 naming the stand-in, or CLI11's exit 109.
``write_launcher(version="1.5.5")`` makes a 1.x (docs/micromamba-versions.md). The code is in
``mamba_standin/``; where it is looser than micromamba: docs/testing.md.
"""

from __future__ import annotations

import os
import shlex
import stat
import sys
from pathlib import Path

if __name__ == "__main__":  # run as a program with -I: make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.standins.mamba_standin import ARGV0_VARIABLE, VERSION  # noqa: E402
from tests.standins.mamba_standin.config import parse_rc_text  # noqa: E402

__all__ = ["VERSION", "parse_rc_text", "write_launcher"]


def write_launcher(dest_dir: Path, name: str = "micromamba", version: str | None = None) -> Path:
    """Write ``dest_dir/name``, an executable sh wrapper running this stand-in with this Python
    (the one with py-rattler) and ``-I -B`` (the real binary ignores Python's settings), $0
    passed on for messages and history; ``version`` (e.g. "1.5.5") is written into it, so a
    copy (a bundle's) keeps it."""
    launcher = Path(dest_dir) / name
    launcher.parent.mkdir(parents=True, exist_ok=True)
    pinned = (f"MICROMAMBA_STANDIN_VERSION={shlex.quote(version)}\n"
              "export MICROMAMBA_STANDIN_VERSION\n") if version else ""
    launcher.write_text(
        "#!/bin/sh\n"
        "# TEST STAND-IN launcher: runs tests/standins/micromamba.py, which is NOT micromamba.\n"
        f'{ARGV0_VARIABLE}="$0"\nexport {ARGV0_VARIABLE}\n{pinned}'
        f"exec {shlex.quote(os.path.abspath(sys.executable))} -I -B "
        f'{shlex.quote(str(Path(__file__).resolve()))} "$@"\n', encoding="utf-8")
    launcher.chmod(launcher.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return launcher


if __name__ == "__main__":
    from tests.standins.mamba_standin.cli import main

    _code = main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_code)  # rattler's runtime may still have threads (aborted requests): no finalizing
