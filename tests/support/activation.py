"""One driver per shell for the shared activation scenarios (tests/test_activation.py).

A scenario is a list of steps written through a driver (source the environment, deactivate,
dump the environment, record the last status, set a variable, change PATH, raw lines); the
driver turns them into a script in its shell's language, runs it, and hands back stdout,
stderr, every dump and every status. Adding a shell means adding a driver here.

- POSIX shells (bash, dash, zsh, ksh) and fish run with `-c` and no rc files (tests/support/
  shells.py); dumps are `env -0`, after activation, so activation itself starts no process.
- cmd runs in wine's cmd.exe (tests/support/wine.py); dumps are `set`. Scripts are started
  without CALL from a called label, which returns the script's own status (wine's CALL of a
  batch file reports every non-zero status as 1).
- PowerShell cannot run here: it has no driver; its scenarios are parse checks
  (tests/test_activation_render.py).
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

from envstrap.activation import write_activation_scripts
from envstrap.layout import WINDOWS, EnvLayout
from tests.support import shells
from tests.support import wine as winesupport

POSIX = ("bash", "dash", "zsh", "ksh")
ALL = POSIX + ("fish", "cmd")

# Variables a shell changes by itself between two dumps; not compared. ksh93 adds _AST_FEATURES
# to the environment of the commands it starts. wine's cmd: none seen.
VOLATILE = {name: shells.SHELL_VOLATILE for name in POSIX + ("fish",)}
VOLATILE["cmd"] = frozenset()

_STATUS = re.compile(r"^@status:([\w-]+)=(\d+)\r?$", re.M)
_WHICH = re.compile(r"^@which:(\w+)=(.*?)\r?$", re.M)


@dataclasses.dataclass
class Run:
    stdout: str  # without the status lines
    stderr: str
    dumps: dict[str, dict[str, str]]
    statuses: dict[str, int]
    found: dict[str, str]  # program -> the path the shell found it at (Driver.which)

    def messages(self) -> list[str]:
        """envstrap's own stderr lines, in order."""
        return [line for line in self.stderr.splitlines() if line.startswith("envstrap: ")]


def _write(path: Path, text: str, crlf: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((text.replace("\n", "\r\n") if crlf else text).encode("utf-8"))


class Driver:
    """What every shell's driver provides; `self.work` holds its scripts and dumps."""

    name: str
    windows = False
    path_separator = ":"

    def __init__(self, work: Path) -> None:
        self.work = work
        self.work.mkdir(parents=True, exist_ok=True)

    # ---- the environment ----------------------------------------------------------------------

    def make_prefix(self, parent: Path, name: str) -> Path:
        raise NotImplementedError

    def native(self, path: Path) -> str:
        """A path as the shell and the scripts show it."""
        return str(path)

    def path_dirs(self, prefix: Path) -> list[str]:
        """The PATH entries activation adds, in order."""
        layout = EnvLayout(prefix, WINDOWS) if self.windows else EnvLayout(prefix)
        base = self.native(prefix)
        sep = "\\" if self.windows else "/"
        return [base + (sep + d.replace("/", sep) if d else "") for d in layout.platform.path_dirs]

    # ---- steps --------------------------------------------------------------------------------

    def source(self, prefix: Path, label: str = "activate") -> str:
        raise NotImplementedError

    def deactivate(self, label: str = "deactivate", prefix: Path | None = None) -> str:
        """`deactivate` as a user types it; cmd: `prefix`'s deactivate.bat by its path, when
        PATH may no longer find it first."""
        raise NotImplementedError

    def dump(self, label: str) -> str:
        raise NotImplementedError

    def set_var(self, name: str, value: str) -> str:
        raise NotImplementedError

    def unset_var(self, name: str) -> str:
        raise NotImplementedError

    def set_path(self, entries: list[str]) -> str:
        """PATH := entries, where the entry "$PATH" stands for PATH as it is now."""
        raise NotImplementedError

    def echo(self, text: str) -> str:
        raise NotImplementedError

    def add_path_hooks(self, prefix: Path, entry: str) -> None:
        """An activate.d hook that puts `entry` first on PATH, and its deactivate.d twin."""
        raise NotImplementedError

    def which(self, tool: str) -> str:
        """A step that prints `@which:TOOL=PATH` for the program the shell finds."""
        raise NotImplementedError

    def child(self, prefix: Path, label: str) -> str:
        """A step that starts a child shell which activates `prefix` (status under `label`)."""
        raise NotImplementedError

    # ---- running ------------------------------------------------------------------------------

    def run(self, steps: list[str], env: dict[str, str] | None = None) -> Run:
        raise NotImplementedError

    def _collect(self, stdout: str, stderr: str) -> Run:
        statuses = {m.group(1): int(m.group(2)) for m in _STATUS.finditer(stdout)}
        dumps = {}
        for path in self.work.glob("dump-*.txt"):
            dumps[path.stem[len("dump-"):]] = self.read_dump(path)
            path.unlink()
        found = {m.group(1): m.group(2) for m in _WHICH.finditer(stdout)}
        return Run(_WHICH.sub("", _STATUS.sub("", stdout)), stderr, dumps, statuses, found)

    def read_dump(self, path: Path) -> dict[str, str]:
        raise NotImplementedError

    def comparable(self, environ: dict[str, str]) -> dict[str, str]:
        return {k: v for k, v in environ.items() if k not in VOLATILE[self.name]}


class PosixDriver(Driver):
    """bash, dash, zsh, ksh and (subclass) fish, on a fake prefix with tiny programs."""

    def __init__(self, name: str, work: Path, env: dict[str, str]) -> None:
        super().__init__(work)
        self.name = name
        self.env = env

    def make_prefix(self, parent: Path, name: str) -> Path:
        from tests.conftest import make_fake_prefix

        return make_fake_prefix(parent, name)

    def quote(self, text: str) -> str:
        return shells.sh_quote(text)

    def source(self, prefix: Path, label: str = "activate") -> str:
        return f". {self.quote(str(prefix / 'activate'))}; echo @status:{label}=$?"

    def deactivate(self, label: str = "deactivate", prefix: Path | None = None) -> str:
        return f"deactivate; echo @status:{label}=$?"

    def dump(self, label: str) -> str:
        return f"env -0 > {self.quote(str(self.work / f'dump-{label}.txt'))}"

    def set_var(self, name: str, value: str) -> str:
        return f"export {name}={self.quote(value)}"

    def unset_var(self, name: str) -> str:
        return f"unset {name}"

    def set_path(self, entries: list[str]) -> str:
        parts = ['"$PATH"' if e == "$PATH" else self.quote(e) for e in entries]
        return "PATH=" + ":".join(parts) + "; export PATH"

    def echo(self, text: str) -> str:
        return f"printf '%s\\n' {self.quote(text)}"

    def add_path_hooks(self, prefix: Path, entry: str) -> None:
        """An activate.d hook that puts `entry` first on PATH, and its deactivate.d twin."""
        q = self.quote(entry)
        _write(prefix / "etc/conda/activate.d/path.sh", f'PATH={q}:"$PATH"; export PATH\n')
        _write(prefix / "etc/conda/deactivate.d/path.sh",
               f'PATH=${{PATH#{q}:}}; export PATH\n')

    def run(self, steps: list[str], env: dict[str, str] | None = None) -> Run:
        run_env = dict(self.env)
        run_env.update(env or {})
        done = shells.run(self.name, "\n".join(steps), run_env, cwd=self.work)
        return self._collect(done.stdout, done.stderr)

    def read_dump(self, path: Path) -> dict[str, str]:
        return shells.read_dump(path)


    def which(self, tool: str) -> str:
        if self.name == "ksh":  # ksh prints $'...'-quoted paths; let it unquote them
            return f'eval "_t=$(command -v {tool})"; printf \'@which:%s=%s\\n\' {tool} "$_t"'
        return f'printf \'@which:%s=%s\\n\' {tool} "$(command -v {tool})"'

    def child(self, prefix: Path, label: str) -> str:
        flag = " -f" if self.name == "zsh" else ""
        inner = self.source(prefix, label)
        return f"{self.quote(shells.require(self.name))}{flag} -c {self.quote(inner)}"


class FishDriver(PosixDriver):
    def quote(self, text: str) -> str:
        return shells.fish_quote(text)

    def source(self, prefix: Path, label: str = "activate") -> str:
        return f"source {self.quote(str(prefix / 'activate.fish'))}; echo @status:{label}=$status"

    def deactivate(self, label: str = "deactivate", prefix: Path | None = None) -> str:
        return f"deactivate; echo @status:{label}=$status"

    def set_var(self, name: str, value: str) -> str:
        return f"set -gx {name} {self.quote(value)}"

    def unset_var(self, name: str) -> str:
        return f"set -e {name}"

    def set_path(self, entries: list[str]) -> str:
        parts = ["$PATH" if e == "$PATH" else self.quote(e) for e in entries]
        return "set -gx PATH " + " ".join(parts)

    def which(self, tool: str) -> str:
        return f"printf '@which:%s=%s\\n' {tool} (command -s {tool})"

    def child(self, prefix: Path, label: str) -> str:
        inner = self.source(prefix, label)
        return f"{self.quote(shells.require('fish'))} --no-config -c {self.quote(inner)}"

    def add_path_hooks(self, prefix: Path, entry: str) -> None:
        q = self.quote(entry)
        _write(prefix / "etc/conda/activate.d/path.fish", f"set -gx PATH {q} $PATH\n")
        _write(prefix / "etc/conda/deactivate.d/path.fish",
               f"test \"$PATH[1]\" = {q}; and set -e PATH[1]\n")


class CmdDriver(Driver):
    """wine's cmd.exe, on a folder laid out like a Windows environment."""

    name = "cmd"
    windows = True
    path_separator = ";"

    def __init__(self, work: Path, wine: winesupport.Wine, standin: Path) -> None:
        super().__init__(work)
        self.wine = wine
        self.standin = standin
        self._prefixes: list[str] = []
        self._children: list[str] = []
        self._texts: list[str] = []

    def make_prefix(self, parent: Path, name: str) -> Path:
        prefix = parent / name
        for rel in ("python.exe", "Scripts/conda.exe", "Library/bin/mamba.exe"):
            (prefix / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.standin, prefix / rel)
        for tool in ("conda", "mamba", "deactivate"):
            _write(prefix / "condabin" / f"{tool}.bat", f"@echo condabin wrapper {tool}\n", True)
        on = prefix / "etc" / "conda" / "activate.d"
        off = prefix / "etc" / "conda" / "deactivate.d"
        _write(on / "a.bat", '@set "HOOK_TRACE=%HOOK_TRACE%on-a,"\n'
                             '@set "HOOK_PREFIX=%CONDA_PREFIX%"\n', True)
        _write(on / "b.bat", '@set "HOOK_TRACE=%HOOK_TRACE%on-b,"\n', True)
        _write(on / "a.sh", "HOOK_TRACE=wrong-shell\n")
        _write(off / "a.bat", '@set "HOOK_TRACE=%HOOK_TRACE%off-a,"\n'
                              "@echo trace=%HOOK_TRACE%\n"
                              '@set "HOOK_TRACE="\n@set "HOOK_PREFIX="\n', True)
        _write(off / "b.bat", '@set "HOOK_TRACE=%HOOK_TRACE%off-b,"\n', True)
        (prefix / "conda-meta").mkdir(parents=True, exist_ok=True)
        write_activation_scripts(EnvLayout(prefix, WINDOWS))
        return prefix

    def native(self, path: Path) -> str:
        return winesupport.windows_path(path)

    def source(self, prefix: Path, label: str = "activate") -> str:
        n = self._index(prefix)
        return f"call :_t_activate_{n}\necho @status:{label}=%errorlevel%"

    def deactivate(self, label: str = "deactivate", prefix: Path | None = None) -> str:
        if prefix is None:
            return f"call :_t_deactivate\necho @status:{label}=%errorlevel%"
        n = self._index(prefix)
        return f"call :_t_deactivate_{n}\necho @status:{label}=%errorlevel%"

    def _index(self, prefix: Path) -> int:
        if str(prefix) not in self._prefixes:
            self._prefixes.append(str(prefix))
        return self._prefixes.index(str(prefix))

    def dump(self, label: str) -> str:
        return f'set > "{self.native(self.work / f"dump-{label}.txt")}"'

    def set_var(self, name: str, value: str) -> str:
        assert not set(value) & set('"%!\r\n'), value
        return f'set "{name}={value}"'

    def unset_var(self, name: str) -> str:
        return f'set "{name}="'

    def set_path(self, entries: list[str]) -> str:
        """Entries travel in variables (the driver file is read in the OEM code page)."""
        parts = []
        for entry in entries:
            if entry == "$PATH":
                parts.append("%PATH%")
            else:
                self._texts.append(entry)
                parts.append(f"%T_TEXT_{len(self._texts) - 1}%")
        return 'set "PATH=' + ";".join(parts) + '"'

    def echo(self, text: str) -> str:
        return f"echo {text}"

    def which(self, tool: str) -> str:
        """The stand-in program prints `stand-in <its own path>`: run it as cmd finds it (not
        through `for /f`, which wine decodes in the ANSI code page)."""
        return f"echo @which-next:{tool}\n{tool}"

    def child(self, prefix: Path, label: str) -> str:
        n = len(self._children)
        self._children.append(str(prefix))
        child = self.work / f"child{n}.bat"
        _write(child, f'@call :x\n@echo @status:{label}=%errorlevel%\n@goto :eof\n:x\n'
                      f'@"%T_CHILD_{n}%\\activate.bat"\n', True)
        return f'cmd /d /c "{self.native(child)}"'

    def add_path_hooks(self, prefix: Path, entry: str) -> None:
        _write(prefix / "etc/conda/activate.d/path.bat", f'@set "PATH={entry};%PATH%"\n', True)
        _write(prefix / "etc/conda/deactivate.d/path.bat", '@set "PATH=%PATH:*;=%"\n', True)

    def run(self, steps: list[str], env: dict[str, str] | None = None, **kwargs) -> Run:
        # Paths travel in variables: wine reads the driver in the OEM code page.
        run_env = dict(env or {})
        labels = ["goto :eof"]
        for n, prefix in enumerate(self._prefixes):
            run_env[f"T_PREFIX_{n}"] = self.native(Path(prefix))
            labels += [f":_t_activate_{n}", f'"%T_PREFIX_{n}%\\activate.bat"',
                       f":_t_deactivate_{n}", f'"%T_PREFIX_{n}%\\deactivate.bat"']
        labels += [":_t_deactivate", "deactivate"]
        for n, prefix in enumerate(self._children):
            run_env[f"T_CHILD_{n}"] = self.native(Path(prefix))
        for n, text in enumerate(self._texts):
            run_env[f"T_TEXT_{n}"] = text
        done = self.wine.run("\n".join(steps + labels) + "\n", self.work, run_env, **kwargs)
        self._prefixes, self._children, self._texts = [], [], []
        stdout = re.sub(r"^@which-next:(\w+)\nstand-in (.*)$", r"@which:\1=\2",
                        done.stdout.replace("\r\n", "\n"), flags=re.M)
        return self._collect(stdout, done.stderr.replace("\r\n", "\n"))

    def read_dump(self, path: Path) -> dict[str, str]:
        return winesupport.read_set_dump(path)
