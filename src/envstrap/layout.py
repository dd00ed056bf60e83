"""Where things live inside an environment folder, per platform, as plain data.

Windows and POSIX share one model; only the values differ. Relative paths use "/" and are turned
into native separators by whoever renders them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple


class PlatformLayout(NamedTuple):
    name: str  # "posix" or "windows"
    path_dirs: tuple[str, ...]  # prepended to PATH on activation, in this order ("" = the prefix)
    python: str
    conda: str
    mamba: str


POSIX = PlatformLayout(
    name="posix",
    # conda's activation of a root prefix on POSIX: PREFIX/bin, then PREFIX/condabin.
    path_dirs=("bin", "condabin"),
    python="bin/python",
    conda="bin/conda",
    mamba="bin/mamba",
)

WINDOWS = PlatformLayout(
    name="windows",
    # conda's order exactly (docs/design/windows.md): conda and mamba then resolve to
    # Scripts\conda.exe and Library\bin\mamba.exe.
    path_dirs=("", "Library/mingw-w64/bin", "Library/usr/bin", "Library/bin", "Scripts", "bin",
               "condabin"),
    python="python.exe",
    conda="Scripts/conda.exe",
    mamba="Library/bin/mamba.exe",
)


# Characters a Windows environment path must not contain, with the reason. One set for stage 0
# (tools/build.py writes it into envstrap.bat and envstrap.ps1), the cmd.exe activation renderer
# and doctor. Everything else Windows allows in a file name works: spaces, ( ) & = , ' and
# non-ASCII letters are tested.
REFUSED_CHARACTERS = {
    "!": "it is eaten by cmd's delayed expansion (cmd /V:ON, micromamba's own activation "
         "scripts), so micromamba cannot carry it",
    "%": "CALL expands it a second time, so activate.bat could not be called by its path",
    "^": "CALL doubles it inside quotes, so activate.bat could not find its folder (conda "
         "refuses it too)",
    ";": "it separates PATH entries",
    '"': "it ends a quoted value (Windows does not allow it in file names either)",
}


def current_platform() -> PlatformLayout:
    return WINDOWS if os.name == "nt" else POSIX


def machine_info() -> tuple[str, str, str]:
    """platform.system(), .release() and .machine(). Where os.uname() exists they are its
    fields, so it is read directly: importing platform is a noticeable part of stage 1's start."""
    uname = os.uname() if hasattr(os, "uname") else None
    if uname and any(uname) and uname.sysname != "OpenVMS":
        return uname.sysname, uname.release, uname.machine
    import platform

    return platform.system(), platform.release(), platform.machine()


def conda_subdir() -> str:
    """The conda platform name of this machine (linux-64, osx-arm64, win-64, ...)."""
    machine = machine_info()[2].lower()
    arch = {"x86_64": "64", "amd64": "64", "aarch64": "aarch64", "arm64": "arm64",
            "ppc64le": "ppc64le"}.get(machine, machine)
    system = {"linux": "linux", "darwin": "osx", "win32": "win"}.get(sys.platform, sys.platform)
    if system == "linux" and arch == "arm64":
        arch = "aarch64"
    return f"{system}-{arch}"


class EnvLayout(NamedTuple):
    """The files of one environment folder that envstrap reads or writes."""

    prefix: Path
    platform: PlatformLayout = current_platform()

    def path(self, relative: str) -> Path:
        return self.prefix.joinpath(*relative.split("/")) if relative else self.prefix

    @property
    def envstrap_dir(self) -> Path:
        return self.prefix / ".envstrap"

    @property
    def manifest(self) -> Path:
        return self.envstrap_dir / "manifest.json"

    @property
    def lock(self) -> Path:
        return self.envstrap_dir / "lock.txt"

    @property
    def complete_marker(self) -> Path:
        """Written last by `finalize`: its presence means the environment is complete."""
        return self.envstrap_dir / "complete"

    @property
    def incomplete_marker(self) -> Path:
        """Written first by stage 0: an environment being built (or left half-built)."""
        return self.envstrap_dir / "incomplete"

    @property
    def stage1_zipapp(self) -> Path:
        """The stage 1 that made the environment, kept so doctor can run from it alone."""
        return self.envstrap_dir / "stage1.pyz"

    @property
    def condarc(self) -> Path:
        return self.prefix / ".condarc"

    @property
    def conda_meta(self) -> Path:
        return self.prefix / "conda-meta"

    @property
    def python(self) -> Path:
        return self.path(self.platform.python)

    @property
    def conda(self) -> Path:
        return self.path(self.platform.conda)

    @property
    def mamba(self) -> Path:
        return self.path(self.platform.mamba)
