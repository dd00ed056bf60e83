"""What the bench measures on: the same local channel, micromamba stand-in and isolated home as the
tests (tests/support, tests/standins), plus prefixes made to grow one thing at a time."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
for _path in (str(REPO), str(REPO / "src")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from tests.support.isolation import make_isolated_home  # noqa: E402
from tests.support.shells import fish_quote, sh_quote  # noqa: E402

from envstrap.activation import write_activation_scripts  # noqa: E402
from envstrap.layout import WINDOWS, EnvLayout  # noqa: E402

SHELLS = ("bash", "dash", "zsh", "fish")
# No rc files: bash -c and dash -c read none; zsh -f and fish --no-config skip theirs.
SHELL_FLAGS = {"bash": [], "dash": [], "zsh": ["-f"], "fish": ["--no-config"]}
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"
STAGE1_BOOT = ("import sys; sys.path.insert(0, sys.argv.pop(1)); from envstrap.cli import main; "
               "sys.exit(main())")


def shell_argv(shell: str, script: str) -> list[str]:
    return [shutil.which(shell) or shell, *SHELL_FLAGS[shell], "-c", script]


def source(shell: str, script: Path) -> str:
    return f"source {fish_quote(str(script))}" if shell == "fish" else f". {sh_quote(str(script))}"


def activate_cycle(shell: str, prefix: Path) -> str:
    """Source the environment's activation script, then deactivate."""
    name = "activate.fish" if shell == "fish" else "activate"
    return f"{source(shell, prefix / name)}; deactivate"


def base_env(root: Path, path: str = SYSTEM_PATH) -> dict[str, str]:
    """An isolated home (tests/support/isolation.py) with a fixed, short PATH."""
    env = make_isolated_home(root).env
    env["PATH"] = path
    env.pop("ENV", None)
    return env


def _write_exe(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def config_vars(count: int) -> dict[str, str]:
    """`count` config vars as `conda env config vars set` records them (mixed case, a space)."""
    return {f"bench_var_{i}": f"value {i}/with/a path" for i in range(count)}


def write_state(prefix: Path, env_vars: dict[str, str]) -> None:
    """conda-meta/state as conda writes it: one line of JSON."""
    (prefix / "conda-meta").mkdir(parents=True, exist_ok=True)
    if env_vars:
        (prefix / "conda-meta" / "state").write_text(
            json.dumps({"env_vars": env_vars}, ensure_ascii=False), encoding="utf-8")


def add_hooks(prefix: Path, count: int, start: int = 0) -> None:
    """`count` packages' worth of activate.d/deactivate.d scripts for sh and fish, each setting
    (and then unsetting) one variable, like a typical package hook."""
    on = prefix / "etc" / "conda" / "activate.d"
    off = prefix / "etc" / "conda" / "deactivate.d"
    on.mkdir(parents=True, exist_ok=True)
    off.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + count):
        var = f"BENCH_HOOK_{i}"
        (on / f"bench-{i:03d}.sh").write_text(f'export {var}="$CONDA_PREFIX"\n')
        (off / f"bench-{i:03d}.sh").write_text(f"unset {var}\n")
        (on / f"bench-{i:03d}.fish").write_text(f'set -gx {var} "$CONDA_PREFIX"\n')
        (off / f"bench-{i:03d}.fish").write_text(f"set -e {var}\n")


def make_prefix(parent: Path, name: str, hooks: int = 0, variables: int = 0) -> Path:
    """A folder laid out like an environment (tiny stand-in programs, no packages) with
    envstrap's real activation scripts, `hooks` hook scripts and `variables` config vars."""
    prefix = parent / name
    for tool in ("python", "conda", "mamba"):
        _write_exe(prefix / "bin" / tool, f"#!/bin/sh\necho fake-{tool}\n")
    _write_exe(prefix / "condabin" / "conda", "#!/bin/sh\necho fake-condabin-conda\n")
    add_hooks(prefix, hooks)
    write_state(prefix, config_vars(variables))
    write_activation_scripts(EnvLayout(prefix))
    return prefix


def long_path(entries: int) -> str:
    """PATH with `entries` folders (that do not exist) in front of the system ones."""
    return ":".join([f"/opt/bench/tool-{i:03d}/bin" for i in range(entries)] + [SYSTEM_PATH])


def make_venv(dest: Path) -> Path:
    """A stdlib venv (python3 -m venv --without-pip): the activation scripts Python ships."""
    python = shutil.which("python3", path=SYSTEM_PATH) or "python3"
    subprocess.run([python, "-m", "venv", "--without-pip", str(dest)], check=True,
                   capture_output=True)
    return dest


def write_empty_scripts(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    scripts = {}
    for shell in SHELLS:
        path = folder / ("empty.fish" if shell == "fish" else "empty.sh")
        path.write_text("")
        scripts[shell] = path
    return scripts


# ---- package records for stage 1 ------------------------------------------------------------

def _record(i: int, files: int) -> dict:
    """A package record shaped like those micromamba writes into conda-meta (files, paths_data,
    depends), `files` files each."""
    name = f"bench-pkg-{i:04d}"
    paths = [f"lib/{name}/module_{j}.py" for j in range(files)]
    fn = f"{name}-1.{i}.0-h0123456_0.conda"
    return {
        "name": name, "version": f"1.{i}.0", "build": "h0123456_0", "build_number": 0,
        "subdir": "linux-64", "channel": "file:///channel", "fn": fn,
        "url": f"file:///channel/linux-64/{fn}", "md5": f"{i:032x}", "sha256": f"{i:064x}",
        "size": 123456, "timestamp": 1700000000000, "license": "MIT",
        "depends": ["python >=3.9", "libzlib >=1.2.13,<2.0a0"],
        "requested_spec": "", "files": paths,
        "paths_data": {"paths": [{"_path": p, "path_type": "hardlink", "sha256": "0" * 64,
                                  "size_in_bytes": 1000} for p in paths], "paths_version": 1},
        "extracted_package_dir": f"/pkgs/{name}-1.{i}.0-h0123456_0", "link": {"source": "",
                                                                              "type": 1},
    }


def make_records_prefix(parent: Path, count: int, files_per_record: int = 40) -> Path:
    """A folder as micromamba leaves it, with `count` package records (no real packages)."""
    prefix = parent / f"records-{count}"
    for tool in ("python", "conda", "mamba"):
        _write_exe(prefix / "bin" / tool, "#!/bin/sh\n")
    meta = prefix / "conda-meta"
    meta.mkdir(parents=True)
    (meta / "history").write_text("")
    for i in range(count):
        record = _record(i, files_per_record)
        (meta / f"{record['fn'][:-len('.conda')]}.json").write_text(json.dumps(record, indent=2))
    return prefix


# ---- Windows ---------------------------------------------------------------------------------

def make_windows_prefix(parent: Path, variables: int = 3) -> Path:
    """A folder laid out like a Windows environment with envstrap's activate.bat/deactivate.bat,
    one package's cmd hooks (as in the test channel's hooks package) and config vars."""
    prefix = parent / "win env"
    for folder, text in (("activate.d", '@set "BENCH_HOOK=%CONDA_PREFIX%"\r\n'),
                         ("deactivate.d", '@set "BENCH_HOOK="\r\n')):
        hook = prefix / "etc" / "conda" / folder / "bench.bat"
        hook.parent.mkdir(parents=True, exist_ok=True)
        hook.write_bytes(text.encode())
    write_state(prefix, config_vars(variables))
    write_activation_scripts(EnvLayout(prefix, WINDOWS))
    return prefix
