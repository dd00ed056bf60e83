"""TEST STAND-IN builder: a native executable (ELF on Linux) in place of the micromamba binary.

:func:`build_elf_launcher` compiles ``elf_launcher.c`` (next to this file) with the system C
compiler into a small program that behaves exactly like the sh launcher of
:func:`tests.standins.micromamba.write_launcher`: it sets ``MICROMAMBA_STANDIN_ARGV0`` to its
``argv[0]`` and execs ``PYTHON -I -B SCRIPT ARGS...``. The bootstrap's download step checks magic
bytes (ELF/Mach-O/PE) and a sha256 before running what it fetched, so the tests serve this real
binary from the local HTTPS server (tests/support/https_server.py). It is NOT micromamba.

Compiled once per process for each (source, compiler, python, script), then copied.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from tests.support.shells import HANG_SECONDS

__all__ = ["C_SOURCE", "ELF_MAGIC", "build_elf_launcher", "c_string_literal"]

C_SOURCE = Path(__file__).with_name("elf_launcher.c")
ELF_MAGIC = b"\x7fELF"
DEFAULT_SCRIPT = Path(__file__).with_name("micromamba.py")

_CACHE: dict[tuple[str, ...], Path] = {}
_CACHE_LOCK = threading.Lock()
_CACHE_DIR: Path | None = None

# Bytes that may stand for themselves inside a C string literal (no quote, backslash or "?",
# which could start a trigraph); everything else becomes a three-digit octal escape.
_PLAIN = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 /._-+,:=@%")


def c_string_literal(value: str | bytes) -> str:
    """`value` (a path) as a C string literal with exactly its bytes (os.fsencode for str)."""
    raw = os.fsencode(value) if isinstance(value, str) else value
    if b"\0" in raw:
        raise ValueError("a C string cannot hold NUL")
    return '"' + "".join(chr(b) if b in _PLAIN else f"\\{b:03o}" for b in raw) + '"'


def build_elf_launcher(dest: Path, target_script: Path = DEFAULT_SCRIPT,
                       python: str = sys.executable) -> Path:
    """Write the compiled launcher to `dest` (a file path; an existing folder means
    ``dest/micromamba``), executable, and return that path.

    Running it is running ``python -I -B target_script ARGS...`` with
    ``MICROMAMBA_STANDIN_ARGV0=argv[0]``. `python` is made absolute (symlinks kept, as the sh
    launcher does with sys.executable; a bare name is looked up on PATH); `target_script` is
    resolved. Both may contain spaces, quotes and non-ASCII characters. Needs ``cc`` or
    ``gcc``: skips the calling test locally, fails it under CI=true when neither exists.
    """
    dest = Path(dest)
    if dest.is_dir():
        dest = dest / "micromamba"
    python_path = _absolute_python(python)
    script_path = str(Path(target_script).resolve())
    built = _compiled(python_path, script_path)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
    shutil.copyfile(built, tmp)
    tmp.chmod(0o755)
    os.replace(tmp, dest)
    dest.chmod(dest.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return dest


def _absolute_python(python: str) -> str:
    if os.sep not in python:
        found = shutil.which(python)
        if not found:
            raise FileNotFoundError(f"python {python!r} not found on PATH")
        python = found
    return os.path.abspath(python)


def _compiler() -> str:
    for name in ("cc", "gcc"):
        found = shutil.which(name)
        if found:
            return found
    from tests.support.shells import require

    return require("cc")


def _compiled(python_path: str, script_path: str) -> Path:
    global _CACHE_DIR
    compiler = _compiler()
    source = C_SOURCE.read_bytes()
    key = (hashlib.sha256(source).hexdigest(), compiler, python_path, script_path)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached is not None and cached.is_file():
            return cached
        if _CACHE_DIR is None or not _CACHE_DIR.is_dir():
            _CACHE_DIR = Path(tempfile.mkdtemp(prefix="envstrap-test-elf-"))
            atexit.register(shutil.rmtree, _CACHE_DIR, True)
        out = _CACHE_DIR / f"micromamba-{hashlib.sha256(repr(key).encode()).hexdigest()[:16]}"
        argv = [compiler, "-std=c99", "-O2", "-Wall", "-Wextra",
                f"-DSTANDIN_PYTHON={c_string_literal(python_path)}",
                f"-DSTANDIN_SCRIPT={c_string_literal(script_path)}",
                "-o", str(out), str(C_SOURCE)]
        result = subprocess.run(argv, capture_output=True, text=True, timeout=HANG_SECONDS)
        if result.returncode != 0 or not out.is_file():
            raise RuntimeError(f"compiling {C_SOURCE.name} failed ({result.returncode}):\n"
                               f"{' '.join(argv)}\n{result.stdout}{result.stderr}")
        _CACHE[key] = out
        return out
