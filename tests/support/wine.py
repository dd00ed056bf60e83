"""Run batch files in wine's cmd.exe, the stand-in for Windows cmd.exe in the Windows tests.

wine's cmd is a re-implementation, not Microsoft's (docs/testing.md, "Windows", lists where it
differs). Every Windows test shares one wine prefix (wine's "C:" drive and registry) in
tests/.cache/wine/, with its own HOME, so nothing is written to the real or the isolated home
folders, and one wineserver:

- the prefix is created once, under a lock, and wine is left to finish every background task of
  that first start (`wineserver -w`) before it counts as ready;
- then the prefix's wineserver is started persistent (`wineserver -pN`): it and wine's services
  stay up between runs and for PERSIST_SECONDS after the last one, so one cmd run costs one
  process start, not a server start plus services. (A persistent server cannot be started in a
  folder that does not exist yet: on a fresh checkout the old order got a server that quit 3 s
  after each run, and every run paid for starting it and wine's services again.)
- nothing kills the server at the end: test modules and concurrent sessions on the same checkout
  share it, and it exits by itself.

Each run gets a pseudo-terminal as stdin so wine creates a console: without one `chcp` reports
code page 0 and cannot switch, as on Windows without a console.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import os
import pty
import re
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

from tests.support import shells

CACHE = Path(__file__).resolve().parents[1] / ".cache" / "wine"
PREFIX = CACHE / "prefix"
READY = CACHE / "prefix-ready"  # written once the prefix is completely created
PERSIST_SECONDS = 60
HANG_SECONDS = shells.HANG_SECONDS
# By its full path: a bare "cmd" makes wine start it through start.exe, one more process per run.
CMD_EXE = "C:\\windows\\system32\\cmd.exe"
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
            timeout: float = HANG_SECONDS) -> CmdResult:
        """Run `script` (batch lines) as workdir/driver.bat in `cmd /d /c` (`/v:on` too if
        asked), with code page 65001 set first so `set` and `echo` write UTF-8; stdout and
        stderr come back as text. cmd starts in `cwd` (default: workdir)."""
        workdir.mkdir(parents=True, exist_ok=True)
        driver = workdir / "driver.bat"
        head = "@echo off\n" + ("chcp 65001 >nul\n" if console else "")
        driver.write_bytes((head + script).replace("\n", "\r\n").encode("utf-8"))
        argv = [self.loader, CMD_EXE, "/d"] + (["/v:on"] if delayed_expansion else []) + \
            ["/c", windows_path(driver)]
        run_env = dict(self.env)
        run_env.update(env or {})
        result = _run_cmd(argv, run_env, cwd or workdir, console, timeout)
        crash = WINE_CRASH.search(result.stderr)
        if crash:
            warnings.warn(WineCrashed(f"wine itself crashed ({crash.group(0)!r}) running "
                                      f"{driver}; that run was repeated once"), stacklevel=2)
            result = _run_cmd(argv, run_env, cwd or workdir, console, timeout)
        return result

    def stop(self) -> None:
        """Nothing to stop: the shared server serves every module and session on this checkout
        and exits by itself PERSIST_SECONDS after its last run (kept for fixtures that yield a
        Wine and then call stop())."""


class WineCrashed(UserWarning):
    """wine crashed inside its own code, and the run was repeated (listed in pytest's summary)."""


# The one crash of wine itself seen in this suite: once in about 400 runs, in a fresh checkout
# under load, where every run then started a wineserver of its own and went through start.exe
# (both gone now; see the module docstring). A NULL pointer read inside wine, not an error a batch
# file can make. A run that shows exactly this line is repeated once, with a warning; any other
# failure, or the same crash twice, is the test's.
WINE_CRASH = re.compile(r"^wine: Unhandled page fault on read access to 0000000000000008 at "
                        r"address [0-9A-Fa-f]+ \(thread [0-9A-Fa-f]+\), starting debugger\.\.\.$",
                        re.M)


def _run_cmd(argv: list[str], env: dict[str, str], cwd: Path, console: bool,
             timeout: float) -> CmdResult:
    master = slave = None
    stdin: int = subprocess.DEVNULL
    if console:
        master, slave = pty.openpty()
        stdin = slave
    try:
        done = subprocess.run(argv, env=env, cwd=cwd, stdin=stdin, capture_output=True,
                              timeout=timeout)
    finally:
        for fd in (master, slave):
            if fd is not None:
                os.close(fd)
    return CmdResult(done.returncode, done.stdout.decode("utf-8", "replace"),
                     done.stderr.decode("utf-8", "replace"))


def _environment(dll_overrides: str) -> dict[str, str]:
    return {
        "WINEPREFIX": str(PREFIX),
        "WINEDEBUG": "-all",
        # never offer to download Mono or Gecko
        "WINEDLLOVERRIDES": "mscoree,mshtml=" + (f";{dll_overrides}" if dll_overrides else ""),
        "HOME": str(CACHE / "home"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PATH": "/usr/bin:/bin",
    }


@contextlib.contextmanager
def _cache_lock() -> Iterator[None]:
    """Held while the prefix is created and its server started (two sessions may start at once)."""
    with prefix_lock("lock"):
        yield


@contextlib.contextmanager
def prefix_lock(name: str) -> Iterator[None]:
    """An exclusive lock, tests/.cache/wine/NAME, for a change to the shared prefix that one
    session at a time may make (e.g. a drive letter)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / name, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _run_quietly(argv: list[str], env: dict[str, str], timeout: float) -> int:
    return subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, timeout=timeout).returncode


def _create_prefix_once(loader: str, server: str, env: dict[str, str]) -> None:
    """Create the prefix if it is not marked ready; a prefix whose creation was interrupted (no
    marker) is made again. Ready means wine has finished everything its first start does."""
    if READY.exists():
        return
    if PREFIX.exists():
        _run_quietly([server, "-k"], env, HANG_SECONDS)
        shutil.rmtree(PREFIX)
    (CACHE / "home").mkdir(parents=True, exist_ok=True)
    # creates and initializes it, then waits until wineboot, services and the server are done
    _run_quietly([loader, "cmd", "/c", "exit 0"], env, HANG_SECONDS)
    _run_quietly([server, "-w"], env, HANG_SECONDS)
    if not (PREFIX / "system.reg").is_file():
        raise RuntimeError(f"wine did not create its prefix in {PREFIX}")
    READY.touch()


def _keep_server_running(server: str, env: dict[str, str]) -> None:
    """Start the prefix's wineserver, persistent for PERSIST_SECONDS after its last client.
    Status 2: a server already runs (an earlier module's or session's); it is used."""
    # Its messages go to a file: the server inherits stderr, and a pipe would stay open as long
    # as the server runs.
    with tempfile.TemporaryFile() as errors:
        done = subprocess.run([server, f"-p{PERSIST_SECONDS}"], env=env,
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors,
                              timeout=HANG_SECONDS)
        if done.returncode not in (0, 2):
            errors.seek(0)
            message = errors.read().decode("utf-8", "replace").strip()
            raise RuntimeError(f"wineserver -p{PERSIST_SECONDS} failed ({done.returncode}): "
                               f"{message}")


def start_wine(dll_overrides: str = "") -> Wine:
    """The shared wine prefix, created once, with its server running; skip or, under CI, fail
    without wine. `dll_overrides` is added to WINEDLLOVERRIDES (e.g. to prefer a stand-in .exe)
    for the runs of the returned Wine only."""
    shells.require("wine")
    loader = _tool("wine64", "/usr/lib/wine/wine64", "/usr/lib64/wine/wine64")
    server = _tool("wineserver", "/usr/lib/wine/wineserver64", "/usr/lib/wine/wineserver")
    env = _environment(dll_overrides)
    with _cache_lock():
        _create_prefix_once(loader, server, env)
        _keep_server_running(server, env)
    # wine's services start with the first program; start them before the first test's run.
    _run_quietly([loader, CMD_EXE, "/c", "exit 0"], env, HANG_SECONDS)
    return Wine(loader=loader, server=server, env=env)


def build_mingw(source: Path, name: str, libs: tuple[str, ...] = (),
                defines: tuple[str, ...] = ()) -> Path:
    """A Windows stand-in program compiled from `source` with mingw-w64 (`defines` are -D
    options), cached under tests/.cache/wine by the hash of the source and the defines."""
    gcc = shells.require("x86_64-w64-mingw32-gcc")
    digest = hashlib.sha256(source.read_bytes() + "".join(
        f"\0-D{d}" for d in defines).encode()).hexdigest()[:16]
    exe = CACHE / f"{name}-{digest}.exe"
    if not exe.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = exe.with_name(f"{exe.name}.{os.getpid()}.tmp")  # two sessions may build at once
        subprocess.run([gcc, "-municode", "-Os", "-s", *(f"-D{d}" for d in defines), "-o",
                        str(tmp), str(source), *libs],
                       check=True, capture_output=True, timeout=HANG_SECONDS)
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
