"""Run batch files in wine's cmd.exe, the stand-in for Windows cmd.exe in the activation tests.

wine's cmd is a re-implementation, not Microsoft's (docs/testing.md, "Windows", lists where it
differs). The wine prefix (wine's "C:" drive and registry) lives in tests/.cache/wine/, with its
own HOME, so nothing is written to the real or the isolated home folders. One wineserver runs for
the whole test session: it and wine's background services are started once with their output
sent to /dev/null (otherwise every run would wait for them to close its pipes) and stopped at
the end.

Each run gets a pseudo-terminal as stdin so wine creates a console: without one `chcp` reports
code page 0 and cannot switch, as on Windows without a console.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pty
import shutil
import subprocess
from pathlib import Path

from tests.support import shells

CACHE = Path(__file__).resolve().parents[1] / ".cache" / "wine"
STANDIN_SOURCE = Path(__file__).resolve().parents[1] / "standins" / "windows_program.c"


def windows_path(path: Path | str) -> str:
    """The path as wine's cmd sees it: drive Z: is the Linux root."""
    return "Z:" + str(path).replace("/", "\\")


def _tool(name: str, *candidates: str) -> str:
    """A wine program: one of the candidate paths, else `name` on PATH (required)."""
    for candidate in candidates:
        if os.access(candidate, os.X_OK):
            return candidate
    return shells.require(name)


@dataclasses.dataclass
class CmdResult:
    returncode: int
    stdout: str
    stderr: str


@dataclasses.dataclass
class Wine:
    loader: str
    server: str
    env: dict[str, str]

    def run(self, script: str, workdir: Path, env: dict[str, str] | None = None, *,
            delayed_expansion: bool = False, console: bool = True, cwd: Path | None = None,
            timeout: float = 60) -> CmdResult:
        """Run `script` (batch lines) as workdir/driver.bat in `cmd /d /c` (`/v:on` too if
        asked), with code page 65001 set first so `set` and `echo` write UTF-8; stdout and
        stderr come back as text. cmd starts in `cwd` (default: workdir)."""
        workdir.mkdir(parents=True, exist_ok=True)
        driver = workdir / "driver.bat"
        head = "@echo off\n" + ("chcp 65001 >nul\n" if console else "")
        driver.write_bytes((head + script).replace("\n", "\r\n").encode("utf-8"))
        argv = [self.loader, "cmd", "/d"] + (["/v:on"] if delayed_expansion else []) + \
            ["/c", windows_path(driver)]
        run_env = dict(self.env)
        run_env.update(env or {})
        master = slave = None
        stdin: int = subprocess.DEVNULL
        if console:
            master, slave = pty.openpty()
            stdin = slave
        try:
            done = subprocess.run(argv, env=run_env, cwd=cwd or workdir, stdin=stdin,
                                  capture_output=True, timeout=timeout)
        finally:
            for fd in (master, slave):
                if fd is not None:
                    os.close(fd)
        return CmdResult(done.returncode, done.stdout.decode("utf-8", "replace"),
                         done.stderr.decode("utf-8", "replace"))

    def stop(self) -> None:
        subprocess.run([self.server, "-k"], env=self.env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)


def start_wine(cache: Path = CACHE, dll_overrides: str = "") -> Wine:
    """Create (once) and start a wine prefix kept under `cache`; skip or, under CI, fail without
    wine. `dll_overrides` is added to WINEDLLOVERRIDES (e.g. to prefer a stand-in .exe)."""
    shells.require("wine")
    loader = _tool("wine64", "/usr/lib/wine/wine64", "/usr/lib64/wine/wine64")
    server = _tool("wineserver", "/usr/lib/wine/wineserver64", "/usr/lib/wine/wineserver")
    home = cache / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = {
        "WINEPREFIX": str(cache / "prefix"),
        "WINEDEBUG": "-all",
        # never offer to download Mono or Gecko
        "WINEDLLOVERRIDES": "mscoree,mshtml=" + (f";{dll_overrides}" if dll_overrides else ""),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PATH": "/usr/bin:/bin",
    }
    quiet = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL,
             "stderr": subprocess.DEVNULL}
    subprocess.run([server, "-p"], env=env, timeout=60, **quiet)
    subprocess.run([loader, "cmd", "/c", "exit 0"], env=env, timeout=180, **quiet)
    return Wine(loader=loader, server=server, env=env)


def build_mingw(source: Path, name: str, libs: tuple[str, ...] = ()) -> Path:
    """A Windows stand-in program compiled from `source` with mingw-w64, cached under
    tests/.cache/wine by source hash."""
    gcc = shells.require("x86_64-w64-mingw32-gcc")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    exe = CACHE / f"{name}-{digest}.exe"
    if not exe.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = exe.with_name(exe.name + ".tmp")
        subprocess.run([gcc, "-municode", "-Os", "-s", "-o", str(tmp), str(source), *libs],
                       check=True, capture_output=True, timeout=120)
        shutil.move(str(tmp), exe)
    return exe


def build_standin_exe() -> Path:
    """tests/standins/windows_program.c compiled with mingw-w64 (cached by source hash)."""
    return build_mingw(STANDIN_SOURCE, "standin")


def read_set_dump(path: Path) -> dict[str, str]:
    """Parse `set > file` output (UTF-8, code page 65001); names keep their case."""
    result = {}
    for line in path.read_bytes().decode("utf-8").split("\r\n"):
        if line:
            name, _, value = line.partition("=")
            result[name] = value
    return result
