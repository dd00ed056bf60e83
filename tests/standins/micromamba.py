"""TEST STAND-IN for micromamba. This is NOT micromamba.

It answers what envstrap's stage-0 scripts call, plus what the isolation tests need, following
micromamba's source-read and observed behaviour (docs/design/micromamba.md, "design" below);
solving and linking are done by py-rattler, a real conda solver and installer. The code is in
the package tests/standins/mamba_standin/ (output, config, cli, install); this file is the
program and :func:`write_launcher`, which writes the executable sh wrapper tests start it
through.

It mimics micromamba **2.3.3** (`--version`). Not the pinned 2.5.0: a bundle's micromamba that
says it is the pinned version must be the pinned build, so a stand-in claiming 2.5.0 would be
refused (as it should). ``write_launcher(version="1.5.5")`` makes it a 1.x.

Implemented (details in the modules' docstrings):

* ``--version``, ``--help``; ``install`` and ``create`` with ``-r``, ``-p``, ``--rc-file``,
  ``--no-rc``, ``--no-env``, ``-y``, ``--dry-run``, ``--offline``, ``-c``,
  ``--override-channels``, ``--strict-channel-priority``, ``--channel-alias``, ``-f`` (spec
  lists, ``@EXPLICIT`` files with ``#md5``/``#sha256:`` checked) and match specs.
* Configuration (design): CLI > variables > rc files; the 2.x rc search, replaced by
  ``--rc-file``/``MAMBARC``/``CONDARC``; ``CONDA_PKGS_DIRS``; the root prefix from ``-r``,
  ``MAMBA_ROOT_PREFIX``, ``~/micromamba`` or ``$XDG_DATA_HOME/mamba``, its ``pkgs`` the default
  cache.
* What isolation depends on (design): ``install`` needs ``conda-meta`` (except into the root)
  and never registers; ``create`` refuses the root and non-conda folders, deletes a conda
  prefix after its prompt, and registers in ``~/.conda/environments.txt``; a ``mambaf*`` file
  in ``$TMPDIR`` while linking; ``pip`` added to ``python``; ``conda-meta/history``.
* Version modes (issue 10; docs/micromamba-versions.md): 1.x reads ``@EXPLICIT`` URLs as
  ``CHANNEL/SUBDIR/FILENAME`` and ends ``install`` with its activation advice; 2.x warns twice
  per subdir about a missing ``repodata.json.zst`` of a ``file://`` channel unless an rc file
  sets ``repodata_use_zst: false``.

Anything else fails loudly (exit 1 naming the stand-in, or CLI11's exit 109): other
subcommands and options (``-n``, ``--json``, ``-q``, ...), YAML and conda-lock files,
``defaults``, proxies, SSL, pins, ``.pyc`` compilation, Windows. Stricter on purpose: ``-f``
with ``@EXPLICIT`` plus other specs is refused. Where it is looser than micromamba:
docs/testing.md, "Where the micromamba stand-in is looser".
"""

from __future__ import annotations

import os
import shlex
import stat
import sys
from pathlib import Path

if __name__ == "__main__":  # run as a program with -I: make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.standins.mamba_standin import VERSION  # noqa: E402
from tests.standins.mamba_standin.config import parse_rc_text  # noqa: E402
from tests.standins.mamba_standin.output import ARGV0_VARIABLE  # noqa: E402

__all__ = ["VERSION", "parse_rc_text", "write_launcher"]


def write_launcher(dest_dir: Path, name: str = "micromamba", version: str | None = None) -> Path:
    """Write an executable sh wrapper ``dest_dir/name`` that runs this stand-in with the
    Python running this function (the one with py-rattler), ``-I -B`` (a C++ binary ignores
    the caller's Python settings), ``$0`` passed on for messages and history. ``version``
    (e.g. "1.5.5") is written into the wrapper, so a copy of it (a bundle's) keeps it."""
    launcher = Path(dest_dir) / name
    launcher.parent.mkdir(parents=True, exist_ok=True)
    python = shlex.quote(os.path.abspath(sys.executable))
    script = shlex.quote(str(Path(__file__).resolve()))
    pinned = (f"MICROMAMBA_STANDIN_VERSION={shlex.quote(version)}\n"
              "export MICROMAMBA_STANDIN_VERSION\n") if version else ""
    launcher.write_text(
        "#!/bin/sh\n"
        "# TEST STAND-IN launcher: runs tests/standins/micromamba.py, which is NOT micromamba.\n"
        f'{ARGV0_VARIABLE}="$0"\nexport {ARGV0_VARIABLE}\n{pinned}'
        f'exec {python} -I -B {script} "$@"\n', encoding="utf-8")
    launcher.chmod(launcher.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return launcher


if __name__ == "__main__":
    from tests.standins.mamba_standin.cli import main

    _code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # rattler's Rust runtime may still have threads (aborted repodata requests) when the
    # interpreter finalizes, which can crash it: leave without finalizing.
    os._exit(_code)
