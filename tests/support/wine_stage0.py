"""wine helpers for the Windows stage-0 tests (tests/test_bootstrap_bat.py), on top of
tests/support/wine.py.

The stage-0 tests share the one wine prefix and wineserver of tests/support/wine.py with the
activation tests, and put TEST STAND-INS into its C:\\windows\\system32 (the activation tests
never run either program):

- curl.exe: wine ships none (Windows 10 1803+ does), so envstrap.bat's download path would stop
  at "curl.exe is missing". The stand-in copies file:/// URLs only (no https);
- certutil.exe: wine's is a stub that prints nothing, so `certutil -hashfile` is replaced (native
  before builtin for it, through WINEDLLOVERRIDES, in the stage-0 tests' runs only).

Both are tests/standins/windows_stage0.c, which also plays micromamba.exe and python.exe.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import wine as winesupport
from tests.support.wine import Wine

CACHE = winesupport.CACHE
SYSTEM32 = winesupport.PREFIX / "drive_c" / "windows" / "system32"
REG_EXE = "C:\\windows\\system32\\reg.exe"  # by its full path: no start.exe in between
STANDIN_SOURCE = Path(__file__).resolve().parents[1] / "standins" / "windows_stage0.c"


def build_stage0_standin() -> Path:
    """tests/standins/windows_stage0.c compiled with mingw-w64 (cached by source hash), its
    micromamba.exe saying by default that it is the version bootstrap/micromamba.pins pins."""
    from tests.conftest import pinned_micromamba_version

    version = pinned_micromamba_version()
    assert re.fullmatch(r"[0-9A-Za-z.]+", version), version  # goes into a C string literal
    return winesupport.build_mingw(STANDIN_SOURCE, "stage0-standin", ("-lbcrypt", "-lshell32"),
                                   (f'STANDIN_PINNED_VERSION=L"{version}"',))


def start_stage0_wine(standin: Path) -> Wine:
    """The shared wine prefix with curl.exe and certutil.exe stand-ins in its system32; skip or,
    under CI, fail without wine."""
    # the certutil stand-in is preferred over wine's stub of the same name
    wine = winesupport.start_wine(dll_overrides="certutil.exe=n")
    for name in ("curl.exe", "certutil.exe"):
        target = SYSTEM32 / name
        if not target.exists() or target.read_bytes() != standin.read_bytes():
            # a concurrent session never sees half a file, nor writes the same temporary one
            tmp = target.with_name(f"{name}.{os.getpid()}.tmp")
            shutil.copyfile(standin, tmp)
            os.replace(tmp, target)
    return wine


def set_long_paths(wine: Wine, enabled: bool | None) -> None:
    """Write LongPathsEnabled in the TEST prefix's registry (None: delete the value). envstrap.bat
    itself only reads it."""
    key = r"HKLM\SYSTEM\CurrentControlSet\Control\FileSystem"
    if enabled is None:
        argv = [wine.loader, REG_EXE, "delete", key, "/v", "LongPathsEnabled", "/f"]
    else:
        argv = [wine.loader, REG_EXE, "add", key, "/v", "LongPathsEnabled", "/t", "REG_DWORD",
                "/d", "1" if enabled else "0", "/f"]
    done = subprocess.run(argv, env=wine.env, stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=winesupport.HANG_SECONDS)
    # `reg delete` of a value that is not there fails, and that is fine; a failed `reg add`
    # would leave the test checking the wrong setting.
    if enabled is not None and done.returncode != 0:
        raise RuntimeError(f"reg add LongPathsEnabled failed ({done.returncode}): "
                           f"{done.stderr.decode('utf-8', 'replace')}")


def short_tmp_path(factory: pytest.TempPathFactory) -> Path:
    """A new empty folder with a short name (pytest's temporary root/bN) for one test's
    envstrap.bat runs, in place of pytest's folder named after the test (up to 31 characters).

    Made when envstrap.bat counted every target's characters one goto each (:check_long_path;
    wine 8's cmd reads the batch file from its first line for every goto); since it counts only
    targets over 139 characters, short and named folders measured the same for single tests
    (docs/testing.md). The hostile part of each target (its own name) is unchanged."""
    return factory.mktemp("b")
