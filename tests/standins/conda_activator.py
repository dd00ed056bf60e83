"""TEST STAND-IN for conda's shell activator (`conda shell.<shell> activate|deactivate`).
This is NOT conda.

It prints the commands conda 26.7.1's activator (conda/activate.py: `_Activator`,
`build_deactivate`, `_build_activate_stack`, `_yield_commands`, and the per-shell templates of
`PosixActivator`, `FishActivator`, `CmdExeActivator`, `PowerShellActivator`) emits for the
current environment, so tests can eval/source them in a real shell the way conda's shell
functions do (conda.sh: `eval "$(PS1="${PS1:-}" "$CONDA_EXE" shell.posix deactivate)"`;
conda.fish: `eval ($CONDA_EXE shell.fish deactivate)`; _conda_activate.bat: reads the printed
`.env` lines, `_CONDA_SCRIPT=` lines are CALLed, `KEY=` unsets, `KEY=VALUE` sets;
Conda.psm1: `Invoke-Expression`). Written from reading conda's source, not copied from it.

What conda does, and this stand-in with it:

* Commands come out in one fixed order (`_yield_commands`): the PATH of a deactivation
  (`export_path`), then the deactivate.d scripts (reverse-sorted), then unsets, then the prompt
  (`PS1`/`PROMPT`, not exported), then exports (for `activate`, PATH is among these), then the
  activate.d scripts (sorted). So a deactivate.d script's PATH edit survives `conda deactivate`
  (PATH was exported before it ran) but not `conda activate OTHER` (PATH, computed before any
  script ran, is exported after it); and every variable conda writes after the scripts
  (CONDA_SHLVL, CONDA_EXE, _CONDA_EXE, CONDA_PYTHON_EXE, _CONDA_ROOT, the unset CONDA_PREFIX,
  CONDA_DEFAULT_ENV, CONDA_PROMPT_MODIFIER, _CE_M, _CE_CONDA, the prompt) is conda's to decide.
* "Unset" is `export NAME=''` in POSIX shells (exported but empty, conda >= 25), `set -e` in
  fish, `NAME=` (unset) in cmd, `$Env:NAME = $null` in PowerShell.
* The meta variables CONDA_EXE, _CONDA_EXE, CONDA_PYTHON_EXE, _CONDA_ROOT name the conda that
  runs (`--root`: for an envstrap environment, the environment itself), _CE_M and _CE_CONDA
  are unset.
* PATH: activation of a level-0 shell prepends the prefix's folders (and `--root`'s condabin
  when no PATH entry ends in "condabin"); `activate OTHER` replaces the old prefix's folders
  with OTHER's in place (`--stack` prepends and keeps them); deactivation deletes the run from
  the prefix's first folder to its last (POSIX: PREFIX/bin; Windows: PREFIX ... PREFIX\\bin),
  so PREFIX/condabin stays.
* Prompt: `({default_env}) ` (conda's default env_prompt), default_env "base" for the root
  prefix, the folder name for a prefix inside an `envs` folder, else the full path.
* `conda env config vars` (conda-meta/state) and etc/conda/env_vars.d/*.json are applied
  (upper-cased; PATH ignored; `***unset***` skipped) and saved as `__CONDA_SHLVL_<n>_<NAME>`
  when they clobber a set variable; deactivation restores those or unsets the names.
* `reactivate` (what conda's shell functions run after `conda install`/`update`/`remove`, and
  what `conda activate` of the active prefix becomes): the prefix's deactivate.d scripts, then
  PATH (the prefix's folders replaced in place), CONDA_SHLVL, CONDA_PROMPT_MODIFIER (from
  CONDA_DEFAULT_ENV as set) and the meta variables, then its activate.d scripts.
* `auto_stack` (`--auto-stack N`, conda's setting) and `--stack`/`--no-stack` as conda.

Where it is looser than conda (docs/testing.md says so too):

* Environments are given by path only (no names, no `envs_dirs` search); the prefix must have
  a conda-meta folder, as in conda, but nothing else is checked.
* No MSYS2/cygwin path conversion and no Library\\<msys2 variant>\\bin folders on Windows; paths
  are compared case-insensitively there, as conda does, but without normalisation otherwise.
* cmd: the `.env` lines are printed instead of written to a temporary file whose name is
  printed; the caller feeds them to the same loop as _conda_activate.bat.
* Where conda would fail with an IndexError (a prefix's last folder at the very end of PATH
  while looking for an extra Library\\bin after it), this stand-in just stops looking.
* Only the default env_prompt and changeps1 (no `{stacked_env}`, no `changeps1: false`).
* No `hook`, `commands`, `--dev`, csh, xonsh, JSON output, plugins.

Command line:
    conda_activator.py --root PREFIX [--windows] [--auto-stack N] shell.SHELL deactivate|reactivate
    conda_activator.py --root PREFIX [--windows] [--auto-stack N] shell.SHELL activate
        [--stack|--no-stack] OTHER_PREFIX
with SHELL one of posix, bash, dash, zsh, fish, cmd.exe, powershell. It reads the environment it
is started with, as conda does.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

UNSET_SENTINEL = "***unset***"
RESERVED = ("PATH",)


class Shell:
    """How one shell spells conda's five kinds of command."""

    def __init__(self, unset, export, set_, run, join, ps1_var=None, escape_ps1=None,
                 script_ext="", path_join=None):
        self.unset, self.export, self.set, self.run, self.join = unset, export, set_, run, join
        self.path_join = path_join  # None: the platform's PATH separator
        self.ps1_var, self.escape_ps1, self.script_ext = ps1_var, escape_ps1, script_ext


SHELLS = {
    "posix": Shell("export {}=''", "export {}='{}'", "{}='{}'", '. "{}"', "\n",
                   ps1_var="PS1", escape_ps1=lambda s: s.replace("'", "'\"'\"'"),
                   script_ext=".sh"),
    "fish": Shell("set -e {} || true", 'set -gx {} "{}"', 'set -g {} "{}"', 'source "{}"',
                  ";\n", script_ext=".fish", path_join='" "'),
    "cmd.exe": Shell("{}=", "{}={}", "{}={}", "_CONDA_SCRIPT={}", "\n", ps1_var="PROMPT",
                     escape_ps1=lambda s: s, script_ext=".bat"),
    "powershell": Shell("$Env:{} = $null", '$Env:{} = "{}"', '$Env:{} = "{}"', '. "{}"', "\n",
                        script_ext=".ps1"),
}
for _alias in ("bash", "dash", "zsh", "ash"):
    SHELLS[_alias] = SHELLS["posix"]


class Activator:
    """conda's activator for one shell, one platform, one environment snapshot."""

    def __init__(self, shell: str, environ: Mapping[str, str], root: str, windows: bool,
                 auto_stack: int = 0):
        self.shell = SHELLS[shell]
        self.environ = dict(environ)
        self.root = root
        self.windows = windows
        self.sep = "\\" if windows else "/"
        self.os_pathsep = ";" if windows else ":"
        self.pathsep = self.shell.path_join or self.os_pathsep
        self.auto_stack = auto_stack
        self.stack = False

    # ---- what conda reads ------------------------------------------------------------------

    def _get(self, name: str, default: str | None = None) -> str | None:
        return self.environ.get(name, default)

    def _shlvl(self) -> int:
        return int((self._get("CONDA_SHLVL", "") or "").strip() or 0)

    def _same(self, a: str | None, b: str | None) -> bool:
        if a is None or b is None:
            return a is b
        if self.windows:
            return a.rstrip("\\").lower() == b.rstrip("\\").lower()
        return a.rstrip("/") == b.rstrip("/")

    def _join(self, *parts: str) -> str:
        return self.sep.join(parts)

    def meta_vars(self) -> dict[str, str | None]:
        exe = self._join(self.root, "Scripts", "conda.exe") if self.windows else \
            self._join(self.root, "bin", "conda")
        python = self._join(self.root, "python.exe") if self.windows else \
            self._join(self.root, "bin", "python")
        return {"CONDA_EXE": exe, "_CONDA_EXE": exe, "_CE_M": None, "_CE_CONDA": None,
                "CONDA_PYTHON_EXE": python, "_CONDA_ROOT": self.root}

    def env_vars(self, prefix: str) -> dict[str, str]:
        """The prefix's package variables (sorted files), then its `conda env config vars`."""
        found: dict[str, str] = {}
        local = _local_path(prefix)
        package_dir = local / "etc" / "conda" / "env_vars.d"
        if package_dir.is_dir():
            for entry in sorted(package_dir.iterdir()):
                found.update(json.loads(entry.read_text(encoding="utf-8")))
        state = local / "conda-meta" / "state"
        if state.is_file():
            found.update(json.loads(state.read_text(encoding="utf-8")).get("env_vars", {}))
        for name in RESERVED:
            found.pop(name, None)
        return found

    def scripts(self, prefix: str, kind: str) -> list[str]:
        folder = _local_path(prefix) / "etc" / "conda" / f"{kind}.d"
        if not folder.is_dir():
            return []
        names = sorted((e.name for e in folder.iterdir() if e.name.endswith(self.shell.script_ext)),
                       reverse=(kind == "deactivate"))
        return [self._join(prefix, "etc", "conda", f"{kind}.d", n) for n in names]

    # ---- PATH -----------------------------------------------------------------------------

    def path_dirs(self, prefix: str) -> list[str]:
        if self.windows:
            return [prefix.rstrip("\\")] + [self._join(prefix, *d.split("/")) for d in (
                "Library/mingw-w64/bin", "Library/usr/bin", "Library/bin", "Scripts", "bin")]
        return [self._join(prefix, "bin")]

    def _path_list(self) -> list[str]:
        return (self._get("PATH") or "").split(self.os_pathsep)

    def _index(self, entries: list[str], wanted: str) -> int | None:
        for i, entry in enumerate(entries):
            if self._same(entry, wanted):
                return i
        return None

    def add_prefix_to_path(self, prefix: str) -> list[str]:
        entries = self._path_list()
        if not self._shlvl() and not any(e.endswith("condabin") for e in entries):
            entries.insert(0, self._join(self.root, "condabin"))
        return self.path_dirs(prefix) + entries

    def replace_prefix_in_path(self, old: str | None, new: str | None) -> list[str]:
        entries = self._path_list()
        first = 0
        if old is not None:
            dirs = self.path_dirs(old)
            found_first = self._index(entries, dirs[0])
            if found_first is not None:
                first = found_first
                last = None
                for candidate in reversed(dirs):
                    last = self._index(entries, candidate)
                    if last is not None:
                        break
                    print(f"Did not find path entry {candidate}", file=sys.stderr)
                assert last is not None
                library_bin = self._join(self.root, "Library", "bin")
                if last + 1 < len(entries) and entries[last + 1] == library_bin:
                    last += 1
                del entries[first:last + 1]
        if new is not None:
            entries[first:first] = self.path_dirs(new)
        return entries

    # ---- prompt ---------------------------------------------------------------------------

    def default_env(self, prefix: str) -> str:
        if self._same(prefix, self.root):
            return "base"
        parent, _, name = prefix.rstrip(self.sep).rpartition(self.sep)
        return name if parent.rpartition(self.sep)[2] == "envs" else prefix

    def prompt_modifier(self, default_env: str) -> str:
        """conda's default env_prompt "({default_env}) " (changeps1 true); the stacked-names
        form "{stacked_env}" is not used by the default and not implemented."""
        return f"({default_env}) "

    def prompt_vars(self, modifier: str) -> dict[str, str]:
        if self.shell.ps1_var is None:
            return {}
        current = self._get(self.shell.ps1_var, "") or ""
        if self.shell.ps1_var == "PS1" and "POWERLINE_COMMAND" in current:
            return {}
        old_modifier = self._get("CONDA_PROMPT_MODIFIER")
        if old_modifier:
            current = re.sub(re.escape(old_modifier), "", current)
        return {self.shell.ps1_var: modifier + self.shell.escape_ps1(current)}

    # ---- export / unset split -----------------------------------------------------------------

    def split(self, variables: dict[str, object]) -> tuple[dict[str, str], list[str]]:
        exports: dict[str, str] = {}
        unsets: list[str] = []
        for name, value in list(variables.items()) + list(self.meta_vars().items()):
            if value is None:
                unsets.append(name)
            else:
                exports[name] = str(value)
        return ({n.upper(): v for n, v in exports.items()}, [n.upper() for n in unsets])

    # ---- the two commands -------------------------------------------------------------------

    def build_activate(self, prefix: str) -> dict:
        if not self.windows:
            prefix = os.path.abspath(os.path.expanduser(os.path.expandvars(prefix)))
        if not _local_path(prefix).joinpath("conda-meta").is_dir():
            raise SystemExit(f"EnvironmentLocationNotFound: Not a conda environment: {prefix}")
        level = self._shlvl()
        old_prefix = self._get("CONDA_PREFIX")
        if old_prefix == prefix and level > 0:
            return self.build_reactivate()
        default_env = self.default_env(prefix)
        modifier = self.prompt_modifier(default_env)
        env_vars = {n: v for n, v in self.env_vars(prefix).items() if v != UNSET_SENTINEL}
        for name in set(env_vars) & set(self.environ):
            if self.environ[name] != env_vars[name]:
                print("WARNING: overwriting environment variables set in the machine",
                      file=sys.stderr)
            env_vars[f"__CONDA_SHLVL_{level}_{name}"] = self.environ[name]
        common = {"CONDA_PREFIX": prefix, "CONDA_SHLVL": level + 1,
                  "CONDA_DEFAULT_ENV": default_env, "CONDA_PROMPT_MODIFIER": modifier}
        deactivate_scripts: list[str] = []
        if level == 0:
            variables = {"PATH": self.pathsep.join(self.add_prefix_to_path(prefix)), **common,
                         **env_vars}
        elif self.stack:
            variables = {"PATH": self.pathsep.join(self.add_prefix_to_path(prefix)), **common,
                         **env_vars, f"CONDA_PREFIX_{level}": old_prefix,
                         f"CONDA_STACKED_{level + 1}": "true"}
        else:
            variables = {"PATH": self.pathsep.join(self.replace_prefix_in_path(old_prefix, prefix)),
                         **common, **env_vars, f"CONDA_PREFIX_{level}": old_prefix}
            deactivate_scripts = self.scripts(old_prefix, "deactivate")
        exports, unsets = self.split(variables)
        return {"unset_vars": unsets, "set_vars": self.prompt_vars(modifier),
                "export_vars": exports, "deactivate_scripts": deactivate_scripts,
                "activate_scripts": self.scripts(prefix, "activate")}

    def build_deactivate(self) -> dict:
        old_prefix = self._get("CONDA_PREFIX")
        level = self._shlvl()
        if not old_prefix or level < 1:
            return {}
        deactivate_scripts = self.scripts(old_prefix, "deactivate")
        old_env_vars = self.env_vars(old_prefix)
        new_level = level - 1
        if level == 1:
            path = self.pathsep.join(self.replace_prefix_in_path(old_prefix, None))
            exports, unsets = self.split({"CONDA_PREFIX": None, "CONDA_SHLVL": new_level,
                                          "CONDA_DEFAULT_ENV": None,
                                          "CONDA_PROMPT_MODIFIER": None})
            modifier = ""
            activate_scripts: list[str] = []
        else:
            new_prefix = self._get(f"CONDA_PREFIX_{new_level}")
            if not new_prefix:
                raise SystemExit("This should not happen! non-consecutive CONDA_PREFIX_<n>")
            default_env = self.default_env(new_prefix)
            modifier = self.prompt_modifier(default_env)
            unsets = [f"CONDA_PREFIX_{new_level}"]
            if f"CONDA_STACKED_{level}" in self.environ:
                entries = self.replace_prefix_in_path(old_prefix, None)
                unsets.append(f"CONDA_STACKED_{level}")
            else:
                entries = self.replace_prefix_in_path(old_prefix, new_prefix)
            path = self.pathsep.join(entries)
            exports, more = self.split({"CONDA_PREFIX": new_prefix, "CONDA_SHLVL": new_level,
                                        "CONDA_DEFAULT_ENV": default_env,
                                        "CONDA_PROMPT_MODIFIER": modifier,
                                        **self.env_vars(new_prefix)})
            unsets += more
            activate_scripts = self.scripts(new_prefix, "activate")
        for name in old_env_vars:
            saved = self._get(f"__CONDA_SHLVL_{new_level}_{name}")
            if saved:
                exports[name] = saved
            else:
                unsets.append(name.upper())
        return {"export_path": {"PATH": path}, "deactivate_scripts": deactivate_scripts,
                "unset_vars": unsets, "set_vars": self.prompt_vars(modifier),
                "export_vars": exports, "activate_scripts": activate_scripts}

    def build_reactivate(self) -> dict:
        prefix = self._get("CONDA_PREFIX")
        level = self._shlvl()
        if not prefix or level < 1:
            return {}
        modifier = self.prompt_modifier(self._get("CONDA_DEFAULT_ENV") or self.default_env(prefix))
        exports, unsets = self.split({
            "PATH": self.pathsep.join(self.replace_prefix_in_path(prefix, prefix)),
            "CONDA_SHLVL": level, "CONDA_PROMPT_MODIFIER": modifier})
        return {"unset_vars": unsets, "set_vars": self.prompt_vars(modifier),
                "export_vars": exports, "deactivate_scripts": self.scripts(prefix, "deactivate"),
                "activate_scripts": self.scripts(prefix, "activate")}

    def commands(self, built: dict) -> str:
        shell = self.shell
        lines = [shell.export.format(k, v) for k, v in sorted(built.get("export_path", {}).items())]
        lines += [shell.run.format(s) for s in built.get("deactivate_scripts", ())]
        lines += [shell.unset.format(n) for n in built.get("unset_vars", ())]
        lines += [shell.set.format(k, v) for k, v in built.get("set_vars", {}).items()]
        lines += [shell.export.format(k, v) for k, v in built.get("export_vars", {}).items()]
        lines += [shell.run.format(s) for s in built.get("activate_scripts", ())]
        return shell.join.join(lines + [""])


def _local_path(path: str) -> Path:
    """A Windows path as the tests write it (wine's Z: drive is the Linux root), or as is."""
    if re.match(r"^[Zz]:\\", path):
        return Path(path[2:].replace("\\", "/"))
    return Path(path)


def emit(shell: str, argv: list[str], environ: Mapping[str, str], root: str,
         windows: bool = False, auto_stack: int = 0) -> str:
    """What `conda shell.SHELL *argv` prints in `environ`, conda living in `root`."""
    activator = Activator(shell, environ, root, windows, auto_stack)
    command, *rest = argv
    if command == "deactivate":
        if rest:
            raise SystemExit(f"deactivate does not accept arguments\nremainder_args: {rest}\n")
        return activator.commands(activator.build_deactivate())
    if command == "reactivate":
        return activator.commands(activator.build_reactivate())
    if command == "activate":
        activator.stack = bool(auto_stack) and activator._shlvl() <= auto_stack
        if "--stack" in rest and "--no-stack" in rest:
            raise SystemExit("cannot specify both --stack and --no-stack to activate")
        if "--stack" in rest:
            activator.stack = True
        if "--no-stack" in rest:
            activator.stack = False
        targets = [a for a in rest if a not in ("--stack", "--no-stack")]
        if len(targets) != 1:
            raise SystemExit("stand-in: activate needs exactly one prefix path")
        return activator.commands(activator.build_activate(targets[0]))
    raise SystemExit(f"stand-in: unsupported command {command!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True, help="the prefix conda runs from")
    parser.add_argument("--windows", action="store_true", help="Windows paths and folders")
    parser.add_argument("--auto-stack", type=int, default=0)
    parser.add_argument("shell", help="shell.posix, shell.fish, shell.cmd.exe, ...")
    parser.add_argument("rest", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if not args.shell.startswith("shell."):
        parser.error("expected shell.SHELL")
    sys.stdout.write(emit(args.shell[len("shell."):], args.rest, os.environ, args.root,
                          args.windows, args.auto_stack))
    return 0


if __name__ == "__main__":
    sys.exit(main())
