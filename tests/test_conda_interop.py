"""conda's own `conda deactivate` / `conda activate OTHER` in a shell envstrap activated.

conda's activator is played by tests/standins/conda_activator.py (a stand-in, conda 26.7.1's
behaviour); its output is evaluated in the real shell the way conda's shell functions do. doctor's
`shell.half-active` check is tested here too, on the states conda can leave behind.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

from envstrap import doctor
from envstrap.activation import write_activation_scripts
from envstrap.activation.plan import build_plan
from envstrap.doctor.model import Context, Severity
from envstrap.layout import WINDOWS, EnvLayout
from tests.conftest import make_fake_prefix, make_finalized_env
from tests.standins import conda_activator
from tests.support import shells
from tests.support import wine as winesupport
from tests.support.config_vars import CASES as CONFIG_CASES
from tests.support.wine import read_set_dump, windows_path

# ---- the stand-in: conda's documented order ------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line]


def test_standin_deactivate_exports_path_before_the_scripts_and_conda_vars_after(tmp_path):
    prefix = tmp_path / "env"
    (prefix / "conda-meta").mkdir(parents=True)
    (prefix / "etc" / "conda" / "deactivate.d").mkdir(parents=True)
    for name in ("a.sh", "b.sh", "a.fish"):
        (prefix / "etc" / "conda" / "deactivate.d" / name).write_text("")
    p = str(prefix)
    environ = {"PATH": f"{p}/bin:{p}/condabin:/usr/bin", "CONDA_PREFIX": p, "CONDA_SHLVL": "1",
               "PS1": "(env) $ ", "CONDA_PROMPT_MODIFIER": "(env) "}
    out = _lines(conda_activator.emit("bash", ["deactivate"], environ, root=p))
    assert out[:3] == [f"export PATH='{p}/condabin:/usr/bin'",
                       f'. "{p}/etc/conda/deactivate.d/b.sh"',
                       f'. "{p}/etc/conda/deactivate.d/a.sh"']
    assert out[3:] == [
        "export CONDA_PREFIX=''", "export CONDA_DEFAULT_ENV=''",
        "export CONDA_PROMPT_MODIFIER=''", "export _CE_M=''", "export _CE_CONDA=''",
        "PS1='$ '", "export CONDA_SHLVL='0'", f"export CONDA_EXE='{p}/bin/conda'",
        f"export _CONDA_EXE='{p}/bin/conda'", f"export CONDA_PYTHON_EXE='{p}/bin/python'",
        f"export _CONDA_ROOT='{p}'"]


def test_standin_activate_other_exports_path_after_the_scripts(tmp_path):
    this, other = tmp_path / "this", tmp_path / "envs" / "other"
    for prefix in (this, other):
        (prefix / "conda-meta").mkdir(parents=True)
    (this / "etc" / "conda" / "deactivate.d").mkdir(parents=True)
    (this / "etc" / "conda" / "deactivate.d" / "x.bat").write_text("")
    t, o = windows_path(this), windows_path(other)
    path = ";".join([t, t + "\\Library\\mingw-w64\\bin", t + "\\Library\\usr\\bin",
                     t + "\\Library\\bin", t + "\\Scripts", t + "\\bin", t + "\\condabin",
                     "C:\\windows"])
    environ = {"PATH": path, "CONDA_PREFIX": t, "CONDA_SHLVL": "1", "PROMPT": "$P$G"}
    out = _lines(conda_activator.emit("cmd.exe", ["activate", o], environ, root=t,
                                      windows=True))
    script = out.index(f"_CONDA_SCRIPT={t}\\etc\\conda\\deactivate.d\\x.bat")
    exported = out.index("PATH=" + ";".join(
        [o, o + "\\Library\\mingw-w64\\bin", o + "\\Library\\usr\\bin", o + "\\Library\\bin",
         o + "\\Scripts", o + "\\bin", t + "\\condabin", "C:\\windows"]))
    assert script < exported
    assert f"CONDA_PREFIX_1={t}" in out and "CONDA_SHLVL=2" in out
    assert "CONDA_DEFAULT_ENV=other" in out and "PROMPT=(other) $P$G" in out


# ---- doctor: shell.half-active ---------------------------------------------------------------


@pytest.fixture
def env(tmp_path):
    return make_finalized_env(tmp_path / "envs" / "half (ü)")


def _half_active(env: Path, environ: dict[str, str]) -> list:
    home = env.parent / "home"
    home.mkdir(exist_ok=True)
    ctx = Context(layout=EnvLayout(env), environ={"HOME": str(home), **environ}, home=home)
    return [f for f in doctor.run_checks(ctx) if f.id == "shell.half-active"]


def _path(*entries) -> str:
    return os.pathsep.join(str(e) for e in entries)


def test_doctor_is_silent_when_active_or_not_active(env, tmp_path):
    clean = tmp_path / "bin"
    active = {"PATH": _path(env / "bin", env / "condabin", clean), "ENVSTRAP_PREFIX": str(env),
              "CONDA_PREFIX": str(env), "CONDA_SHLVL": "1"}
    assert _half_active(env, active) == []
    assert _half_active(env, {"PATH": _path(clean)}) == []
    assert _half_active(env, {"PATH": _path(clean), "CONDA_SHLVL": "0"}) == []


def test_doctor_reports_a_shell_conda_deactivated_without_the_hook(env, tmp_path):
    # What `conda deactivate` leaves when envstrap's hook did not run (an environment made by an
    # older envstrap, or a shell started from the one that activated it).
    environ = {"PATH": _path(env / "condabin", tmp_path), "ENVSTRAP_PREFIX": str(env),
               "CONDARC": str(env / ".condarc"), "CONDA_SHLVL": "0"}
    found = _half_active(env, environ)
    assert len(found) == 1 and found[0].severity is Severity.ERROR
    assert "half deactivated" in found[0].finding
    assert "`deactivate`" in found[0].fix and "new shell" in found[0].fix
    assert "conda deactivate" not in found[0].fix  # it would not clear this


def test_doctor_names_deactivate_bat_for_a_windows_environment(env, tmp_path):
    # In cmd, conda took the folder off PATH, so `deactivate` alone no longer finds its file.
    home = env.parent / "home"
    home.mkdir(exist_ok=True)
    environ = {"PATH": _path(env / "condabin", tmp_path), "ENVSTRAP_PREFIX": str(env),
               "HOME": str(home)}
    ctx = Context(layout=EnvLayout(env, WINDOWS), environ=environ, home=home)
    found = [f for f in doctor.run_checks(ctx) if f.id == "shell.half-active"]
    assert len(found) == 1 and f"`{env / 'deactivate.bat'}` (cmd)" in found[0].fix


def test_doctor_reports_a_stacked_environment(env, tmp_path):
    other = tmp_path / "other"
    environ = {"PATH": _path(other / "bin", env / "bin", env / "condabin", tmp_path),
               "ENVSTRAP_PREFIX": str(env), "CONDA_PREFIX": str(other), "CONDA_SHLVL": "2",
               "CONDA_PREFIX_1": str(env), "CONDA_STACKED_2": "true"}
    found = _half_active(env, environ)
    assert [f.severity for f in found] == [Severity.ERROR]
    assert f"stacked under {other}" in found[0].finding
    assert "`conda deactivate`" in found[0].fix

    # `conda activate OTHER` (no --stack): this environment's bin is gone, its marks are not.
    environ["PATH"] = _path(other / "bin", env / "condabin", tmp_path)
    del environ["CONDA_STACKED_2"]
    found = _half_active(env, environ)
    assert [f.severity for f in found] == [Severity.ERROR]
    assert f"still marked active (CONDARC, MAMBARC) under {other}" in found[0].finding


def test_doctor_names_the_way_back_under_another_environment(env, tmp_path):
    # What `conda activate OTHER` leaves now that envstrap's hooks suspend it: conda's record
    # (CONDA_PREFIX_1, condabin on PATH). cmd also exports envstrap's suspended bookkeeping.
    other = tmp_path / "other"
    environ = {"PATH": _path(other / "bin", env / "condabin", tmp_path),
               "CONDA_PREFIX": str(other), "CONDA_SHLVL": "2", "CONDA_PREFIX_1": str(env)}
    found = _half_active(env, environ)
    assert [f.severity for f in found] == [Severity.WARNING]
    assert f"conda activated {other} on top of this environment (CONDA_PREFIX_1 names it): it " \
        "is not active" in found[0].finding
    assert "`conda deactivate` to return to this environment" in found[0].fix
    found = _half_active(env, {**environ, "_ENVSTRAP_ACTIVE": str(env),
                               "_ENVSTRAP_SUSPENDED": "1"})
    assert [f.severity for f in found] == [Severity.WARNING]
    assert "envstrap's activation of it is suspended" in found[0].finding
    # Not the environment underneath: only the left condabin is reported.
    found = _half_active(env, {**environ, "CONDA_PREFIX_1": str(tmp_path / "third")})
    assert len(found) == 1 and "condabin is still on PATH" in found[0].finding


def test_doctor_reports_activation_by_conda_and_a_left_condabin(env, tmp_path):
    by_conda = {"PATH": _path(env / "bin", env / "condabin", tmp_path),
                "CONDA_PREFIX": str(env), "CONDA_SHLVL": "1"}
    found = _half_active(env, by_conda)
    assert [f.severity for f in found] == [Severity.WARNING]
    assert "conda activated this environment" in found[0].finding

    left = {"PATH": _path(env / "condabin", tmp_path), "CONDA_SHLVL": "0"}
    found = _half_active(env, left)
    assert [f.severity for f in found] == [Severity.WARNING]
    assert "condabin is still on PATH" in found[0].finding


# ---- sh, dash, bash, zsh, ksh, fish: conda's output evaluated in the real shell ------------------

STANDIN = Path(conda_activator.__file__).resolve()
CONDA_NAME = "conda env (ü) R&D"  # conda's own quoting cannot carry a ' (nor fish's a $)


def conda_prefix(parent: Path, name: str = CONDA_NAME) -> Path:
    """A fake environment whose bin/conda is the activator stand-in, run as conda runs from
    CONDA_EXE: the root it reports is the folder it lives in."""
    prefix = make_fake_prefix(parent, name)
    launcher = prefix / "bin" / "conda"
    launcher.write_text(f'#!/bin/sh\nexec {shells.sh_quote(sys.executable)} -I '
                        f'{shells.sh_quote(str(STANDIN))} --root "${{0%/bin/conda}}" "$@"\n')
    return prefix


def other_env(parent: Path) -> Path:
    """A plain conda environment in an `envs` folder (conda shows its name)."""
    other = parent / "envs" / "other"
    (other / "conda-meta").mkdir(parents=True)
    (other / "bin").mkdir()
    return other


# conda's shell function, as conda.sh and conda.fish define it (reduced to activate/deactivate).
POSIX_CONDA = ('conda() { _t_ask="$(PS1="${PS1:-}" "$CONDA_EXE" shell.posix "$@")" || return; '
               'eval "$_t_ask"; unset _t_ask; hash -r 2>/dev/null; }')
FISH_CONDA = ("function conda; set -l cmd $argv[1]; set -e argv[1]; "
              "eval ($CONDA_EXE shell.fish $cmd $argv); end")


def conda_left(shell: str, prefix: Path) -> dict[str, str]:
    """What conda writes after the deactivate.d scripts of a level-1 deactivation; envstrap
    cannot change it (docs/conda-interop.md). POSIX shells keep the unset ones, empty."""
    p = str(prefix)
    left = {"CONDA_SHLVL": "0", "CONDA_EXE": p + "/bin/conda", "_CONDA_EXE": p + "/bin/conda",
            "CONDA_PYTHON_EXE": p + "/bin/python", "_CONDA_ROOT": p}
    if shell != "fish":
        left.update(dict.fromkeys(("CONDA_PREFIX", "CONDA_DEFAULT_ENV", "CONDA_PROMPT_MODIFIER",
                                   "_CE_M", "_CE_CONDA"), ""))
    return left


def _status(shell: str, label: str) -> str:
    return f"echo {label}-status=$status" if shell == "fish" else f"echo {label}-status=$?"


def _run_with_conda(shell: str, steps: list[str], isolated, extra=None):
    env = dict(isolated.env)
    env.update(extra or {})
    define = FISH_CONDA if shell == "fish" else POSIX_CONDA
    return shells.run(shell, "; ".join([define] + steps), env, cwd=isolated.root)


@pytest.mark.parametrize("shell", shells.ALL_SHELLS)
def test_conda_deactivate_leaves_the_shell_as_before(shell, tmp_path, isolated):
    prefix = conda_prefix(tmp_path / "envs")
    before, after = tmp_path / "before", tmp_path / "after"
    result = _run_with_conda(shell, [
        shells.dump_command(shell, before), shells.source_command(shell, prefix),
        "conda deactivate", _status(shell, "conda"), shells.dump_command(shell, after),
        "deactivate", _status(shell, "deactivate"),
    ], isolated, {"PYTHONPATH": "/somewhere", "CONDARC": "/user/condarc"})
    assert "conda-status=0" in result.stdout, result.stdout + result.stderr
    assert result.stdout.count("trace=") == 1  # deactivate.d ran once
    assert "trace=on-a,on-b,off-b,off-a," in result.stdout
    b, a = shells.read_dump(before), shells.read_dump(after)
    assert shells.comparable(a) == {**shells.comparable(b), **conda_left(shell, prefix)}
    # envstrap's deactivate is gone with the rest: nothing left to undo.
    assert "deactivate-status=0" not in result.stdout


@pytest.mark.parametrize("shell", shells.ALL_SHELLS)
def test_conda_activate_other_keeps_nothing_of_this_environment(shell, tmp_path, isolated):
    # The hook suspends envstrap (it cannot tell this from a reactivation); conda's
    # `deactivate` back to this environment resumes it, a second one ends as a plain one.
    prefix = conda_prefix(tmp_path / "envs")
    other = other_env(tmp_path)
    before, under, after = tmp_path / "before", tmp_path / "under", tmp_path / "after"
    result = _run_with_conda(shell, [
        shells.dump_command(shell, before), shells.source_command(shell, prefix),
        f"conda activate {shells.quote_for(shell, str(other))}", _status(shell, "conda"),
        shells.dump_command(shell, under), shells.source_command(shell, prefix),
        _status(shell, "again"), "deactivate", _status(shell, "deactivate"),
        "conda deactivate", "conda deactivate", shells.dump_command(shell, after),
    ], isolated, {"PYTHONPATH": "/somewhere"})
    assert "conda-status=0" in result.stdout, result.stdout + result.stderr
    b, u = shells.read_dump(before), shells.read_dump(under)
    p, o = str(prefix), str(other)
    # conda's own record of the shell: level 2 over this environment, whose conda ran (the
    # meta variables name it) and whose condabin conda keeps (PATH is exported after the hooks).
    assert shells.comparable(u) == {
        **shells.comparable(b), **conda_left(shell, prefix),
        "PATH": f"{o}/bin:{p}/condabin:{b['PATH']}", "CONDA_PREFIX": o, "CONDA_SHLVL": "2",
        "CONDA_DEFAULT_ENV": "other", "CONDA_PROMPT_MODIFIER": "(other) ", "CONDA_PREFIX_1": p}
    # Under OTHER: activating this environment is refused with conda's way out, and envstrap's
    # deactivate says it has nothing to do here.
    assert "again-status=3" in result.stdout and "'conda deactivate' for conda" in result.stderr
    assert "deactivate-status=1" in result.stdout and "run 'conda deactivate' first" in \
        result.stderr
    assert result.stdout.count("trace=") == 2  # once leaving for OTHER, once at the end
    a = shells.read_dump(after)
    stack_left = {} if shell == "fish" else {"CONDA_PREFIX_1": ""}
    assert shells.comparable(a) == {**shells.comparable(b), **conda_left(shell, prefix),
                                    **stack_left}


@pytest.mark.parametrize("shell", shells.ALL_SHELLS)
def test_conda_activate_this_from_other_keeps_condas_levels(shell, tmp_path, isolated):
    # `conda activate` of this environment from OTHER is conda's level 3: the resume keeps
    # conda's CONDA_SHLVL, and `conda deactivate` there suspends again (conda comes back to
    # this environment at level 1), so three `conda deactivate`s go OTHER, this (resumed
    # exactly), nothing.
    prefix = conda_prefix(tmp_path / "envs")
    other = other_env(tmp_path)
    dumps = {n: tmp_path / n for n in ("before", "during", "under", "level3", "under2", "back",
                                      "after")}
    p, o = str(prefix), shells.quote_for(shell, str(other))
    result = _run_with_conda(shell, [
        shells.dump_command(shell, dumps["before"]), shells.source_command(shell, prefix),
        shells.dump_command(shell, dumps["during"]), f"conda activate {o}",
        shells.dump_command(shell, dumps["under"]),
        f"conda activate {shells.quote_for(shell, p)}", _status(shell, "conda"),
        shells.dump_command(shell, dumps["level3"]), "conda deactivate",
        shells.dump_command(shell, dumps["under2"]), "conda deactivate",
        shells.dump_command(shell, dumps["back"]), "conda deactivate",
        shells.dump_command(shell, dumps["after"]),
    ], isolated)
    assert "conda-status=0" in result.stdout, result.stdout + result.stderr
    got = {n: shells.comparable(shells.read_dump(f)) for n, f in dumps.items()}
    unset = "" if shell != "fish" else None  # POSIX shells: conda's unset exports it empty

    def gone(environ: dict[str, str], *names: str) -> dict[str, str]:
        environ = dict(environ)
        for name in names:
            environ.pop(name, None)
            if unset is not None:
                environ[name] = unset
        return environ

    assert got["level3"] == {**got["during"], "CONDA_SHLVL": "3", "CONDA_PREFIX_1": p,
                             "CONDA_PREFIX_2": str(other)}
    assert got["under2"] == gone(got["under"], "CONDA_PREFIX_2")
    assert got["back"] == gone(got["during"], "CONDA_PREFIX_1", "CONDA_PREFIX_2")
    assert got["after"] == gone({**got["before"], **conda_left(shell, prefix)},
                                "CONDA_PREFIX_1", "CONDA_PREFIX_2")
    assert result.stdout.count("trace=") == 3  # leaving for OTHER twice, and at the end


@pytest.mark.parametrize("shell", shells.ALL_SHELLS)
def test_conda_reactivation_keeps_envstrap_active(shell, tmp_path, isolated):
    # What conda's shell function runs after `conda install`/`update`/`remove` (and what
    # `conda activate` of this environment becomes): deactivate.d, then activate.d again; the
    # hooks suspend and resume envstrap, so nothing changes.
    prefix = conda_prefix(tmp_path / "envs")
    (prefix / "conda-meta" / "state").write_text(  # config vars go through suspend/resume too
        '{"env_vars": {"cfg_one": "a b", "CFG_TWO": "2"}}')
    before, during, again, after = (tmp_path / n for n in ("before", "during", "again", "after"))
    result = _run_with_conda(shell, [
        shells.dump_command(shell, before), shells.source_command(shell, prefix),
        shells.dump_command(shell, during), "conda reactivate", _status(shell, "conda"),
        shells.dump_command(shell, again), "deactivate", shells.dump_command(shell, after),
    ], isolated, {"CFG_TWO": "was here"})
    assert "conda-status=0" in result.stdout, result.stdout + result.stderr
    d, g = shells.read_dump(during), shells.read_dump(again)
    assert d["CFG_ONE"] == "a b" and d["CFG_TWO"] == "2"
    assert shells.comparable(g) == shells.comparable(d)
    b, a = shells.read_dump(before), shells.read_dump(after)
    assert shells.comparable(a) == shells.comparable(b)


@pytest.mark.parametrize("shell", shells.ALL_SHELLS)
def test_envstrap_deactivate_instead_still_restores_exactly(shell, tmp_path, isolated):
    # conda's function is loaded, but the user types envstrap's deactivate: deactivate.d once.
    prefix = conda_prefix(tmp_path / "envs")
    before, after = tmp_path / "before", tmp_path / "after"
    result = _run_with_conda(shell, [
        shells.dump_command(shell, before), shells.source_command(shell, prefix),
        "deactivate", _status(shell, "deactivate"), shells.dump_command(shell, after),
    ], isolated)
    assert "deactivate-status=0" in result.stdout, result.stdout + result.stderr
    assert result.stdout.count("trace=") == 1 and result.stderr == ""
    b, a = shells.read_dump(before), shells.read_dump(after)
    assert shells.comparable(a) == shells.comparable(b)


@pytest.mark.parametrize("shell", shells.ALL_SHELLS)
def test_a_half_deactivated_shell_is_not_called_active(shell, tmp_path, isolated):
    # conda deactivated it without envstrap's hook (as with an environment made before the hook
    # existed): ENVSTRAP_PREFIX still names it, its bin is off PATH. Activating again must not
    # claim "already active", nor send the user to `conda deactivate`, which clears nothing now.
    prefix = conda_prefix(tmp_path / "envs")
    hook = prefix / "etc" / "conda" / "deactivate.d" / (
        "000-envstrap.fish" if shell == "fish" else "000-envstrap.sh")
    assert hook.is_file()
    hook.unlink()
    result = _run_with_conda(shell, [
        shells.source_command(shell, prefix), "conda deactivate",
        shells.source_command(shell, prefix), _status(shell, "again"),
    ], isolated)
    assert "again-status=3" in result.stdout, result.stdout + result.stderr
    assert "already active" not in result.stderr
    assert "not on PATH" in result.stderr and "run 'deactivate'" in result.stderr
    assert "'conda deactivate'" not in result.stderr


@pytest.mark.parametrize("shell", shells.ALL_SHELLS)
def test_stacking_keeps_this_environment_until_conda_deactivates_it(shell, tmp_path, isolated):
    # --stack runs no deactivate.d script (conda's rule): this environment stays active under
    # OTHER. Deactivating OTHER returns to it; deactivating it then finishes like above.
    prefix = conda_prefix(tmp_path / "envs")
    other = other_env(tmp_path)
    before, stacked, after = tmp_path / "before", tmp_path / "stacked", tmp_path / "after"
    result = _run_with_conda(shell, [
        shells.dump_command(shell, before), shells.source_command(shell, prefix),
        f"conda activate --stack {shells.quote_for(shell, str(other))}",
        shells.dump_command(shell, stacked), "conda deactivate", "conda deactivate",
        _status(shell, "conda"), shells.dump_command(shell, after),
    ], isolated)
    assert "conda-status=0" in result.stdout, result.stdout + result.stderr
    assert result.stdout.count("trace=") == 1
    s = shells.read_dump(stacked)
    assert s["ENVSTRAP_PREFIX"] == str(prefix) and s["CONDA_PREFIX"] == str(other)
    assert s["PATH"].startswith(f"{other}/bin:{prefix}/bin:{prefix}/condabin:")
    b, a = shells.read_dump(before), shells.read_dump(after)
    # conda's own stack bookkeeping, unset (POSIX: exported empty) after the hooks.
    stack_left = {} if shell == "fish" else {"CONDA_PREFIX_1": "", "CONDA_STACKED_2": ""}
    assert shells.comparable(a) == {**shells.comparable(b), **conda_left(shell, prefix),
                                    **stack_left}


# ---- cmd.exe (wine): conda's .env lines fed to the loop _conda_activate.bat runs ---------------

CMD_NAME = "conda env R&D (x)"  # ASCII: wine's `for /f` reads the .env file in the ANSI code page

# The loop of conda's _conda_activate.bat (reduced): _CONDA_SCRIPT lines are CALLed, KEY= unsets,
# KEY=VALUE sets, in file order.
CMD_CONDA_LOOP = """for /f "tokens=1,* delims==" %%A in ({env_file}) do (
    if "%%A"=="_CONDA_SCRIPT" (
        call "%%B"
    ) else if "%%B"=="" (
        set "%%A="
    ) else (
        set "%%A=%%B"
    )
)"""


@pytest.fixture(scope="module")
def cmd_wine():
    return winesupport.start_wine()


def cmd_conda_left(prefix: Path) -> dict[str, str]:
    p = windows_path(prefix)
    return {"CONDA_SHLVL": "0", "CONDA_EXE": p + "\\Scripts\\conda.exe",
            "_CONDA_EXE": p + "\\Scripts\\conda.exe", "CONDA_PYTHON_EXE": p + "\\python.exe",
            "_CONDA_ROOT": p}


def _cmd_conda(wine, tmp_path: Path, prefix: Path, conda_args: list[str], after_lines=""):
    """Activate in wine's cmd, let the stand-in answer `conda shell.cmd.exe ARGS` for that
    state, then activate again in a new cmd (the same state: checked) and run conda's loop."""
    from tests.test_activation_windows import _activate, _dump, _run

    setup = 'set "PROMPT=$P$G"\nset "PYTHONPATH=C:\\somewhere"'
    first = tmp_path / "first.txt"
    _run(wine, tmp_path, "\n".join([setup, _activate(), _dump(first)]), prefix)
    during_first = read_set_dump(first)
    env_file = tmp_path / "conda.env"
    env_file.write_text(conda_activator.emit(
        "cmd.exe", conda_args, during_first, root=windows_path(prefix), windows=True),
        encoding="utf-8")
    before, during, after = (tmp_path / n for n in ("before.txt", "during.txt", "after.txt"))
    script = "\n".join([setup, _dump(before), _activate(), _dump(during),
                        CMD_CONDA_LOOP.format(env_file=windows_path(env_file)),
                        "echo conda-status=%errorlevel%", _dump(after), after_lines])
    result = _run(wine, tmp_path, script, prefix)
    assert read_set_dump(during) == during_first
    return result, read_set_dump(before), read_set_dump(after)


def test_cmd_conda_deactivate_leaves_the_shell_as_before(cmd_wine, tmp_path):
    prefix = _cmd_prefix(tmp_path)
    result, before, after = _cmd_conda(cmd_wine, tmp_path, prefix, ["deactivate"])
    assert "conda-status=0" in result.stdout, result.stdout + result.stderr
    assert result.stdout.count("trace=") == 1 and "trace=on-a,on-b,off-b,off-a," in result.stdout
    assert after == {**before, **cmd_conda_left(prefix)}


# Config vars that must survive suspend and resume as data (tests/support/config_vars.py), and
# that conda applies alike (it exports them when it comes back to this environment).
HOSTILE_VALUES = next(c for c in CONFIG_CASES if c.id == "hostile values")
ESCAPES = next(c for c in CONFIG_CASES if c.id == "escapes")


def _cmd_suspended(during: dict[str, str]) -> dict[str, str]:
    """The bookkeeping a suspended cmd shell keeps (docs/conda-interop.md): what activation left,
    plus activation's value of every variable it set, for the resume."""
    kept = {k: v for k, v in during.items() if k.startswith("_ENVSTRAP_")}
    names = tuple(n for n in build_plan(EnvLayout(Path("env"), WINDOWS)).saved_variables[1:]
                  if n != "CONDA_SHLVL")  # conda's level: conda sets it before the resume
    names += ("PROMPT",) + tuple(during["_ENVSTRAP_CONFIG_VARS"].split())
    for name in names:
        kept[f"_ENVSTRAP_NHAD_{name}"] = "1" if name in during else "0"
        if name in during:
            kept[f"_ENVSTRAP_NEW_{name}"] = during[name]
    return {**kept, "_ENVSTRAP_SUSPENDED": "1"}


def _no_cp(environ: dict[str, str]) -> dict[str, str]:
    """The fixture's activate.d\\a.bat reads chcp with `for %%A`, which wine's cmd fills with
    conda's own loop variable when conda CALLs it (see docs/conda-interop.md): not compared."""
    return {k: v for k, v in environ.items() if k != "HOOK_CP"}


def test_cmd_conda_suspends_and_resumes_envstrap(cmd_wine, tmp_path):
    # One cmd run, three scenarios, each between setlocal and endlocal: (a) `conda activate
    # OTHER` (the hook suspends envstrap: nothing of it left but _ENVSTRAP_* bookkeeping), `conda
    # deactivate` back (resumed exactly), `conda deactivate` (as a plain one); (b) the same, then
    # envstrap's own deactivate; (c) a reactivation and `conda activate` of this environment
    # (suspend and resume at once), then envstrap's deactivate; (d) from OTHER, `conda activate`
    # of this environment (level 3: resumed), then `conda deactivate` three times (suspended
    # under OTHER again, resumed at level 1, ended). conda's answer to each step is
    # computed from the state the step before must have left (checked): equal, so it is conda's
    # answer to the real state.
    from tests.test_activation_windows import _activate, _deactivate, _dump, _run

    prefix = _cmd_prefix(tmp_path)
    canary = tmp_path / "canary.txt"
    env_vars = {}
    for case in (HOSTILE_VALUES, ESCAPES):
        env_vars.update(json.loads(case.files["conda-meta/state"].replace(
            "@CANARY@", windows_path(canary).replace("\\", "\\\\")))["env_vars"])
    (prefix / "conda-meta" / "state").write_text(json.dumps({"env_vars": env_vars}),
                                                 encoding="utf-8")
    other = tmp_path / "envs" / "other"
    (other / "conda-meta").mkdir(parents=True)
    o, p = windows_path(other), windows_path(prefix)
    # SH_SEMI had a value before activation: the suspend puts it back.
    setup = 'set "PROMPT=$P$G"\nset "PYTHONPATH=C:\\somewhere"\nset "SH_SEMI=before (1)"'
    first_before, first_during = tmp_path / "first-before.txt", tmp_path / "first-during.txt"
    _run(cmd_wine, tmp_path, "\n".join([setup, _dump(first_before), _activate(),
                                        _dump(first_during)]), prefix)
    before, during = read_set_dump(first_before), read_set_dump(first_during)
    assert during["CMD_AMP"] == f"X & echo INJECTED>{windows_path(canary)} & rem"
    assert during["ESC_MIX"] == '\\"x\\' and during["CARET"] == "a^b (c) <d> | e"

    dumps = {n: tmp_path / f"{n}.txt" for n in (
        "before", "during", "under", "back", "final", "b_back", "b_final", "again", "same",
        "c_final", "level3", "under2", "back2", "final2", "end")}

    def conda(name: str, args: list[str], state: dict[str, str]) -> str:
        env_file = tmp_path / f"{name}.env"
        env_file.write_text(conda_activator.emit("cmd.exe", args, state, root=p, windows=True),
                            encoding="utf-8")
        return "\n".join([CMD_CONDA_LOOP.format(env_file=windows_path(env_file)),
                          f"echo {name}-status=%errorlevel%"])

    # Under OTHER: as before activation, but for conda's own record of the shell (level 2 over
    # this environment, whose conda ran and whose condabin conda keeps on PATH) and envstrap's
    # bookkeeping.
    other_dirs = [o] + [o + "\\" + d.replace("/", "\\") for d in WINDOWS.path_dirs[1:-1]]
    under = {**before, **cmd_conda_left(prefix), **_cmd_suspended(during),
             "PATH": ";".join(other_dirs + [p + "\\condabin", before["PATH"]]),
             "CONDA_PREFIX": o, "CONDA_SHLVL": "2", "CONDA_DEFAULT_ENV": "other",
             "CONDA_PROMPT_MODIFIER": "(other) ", "PROMPT": "(other) $P$G", "CONDA_PREFIX_1": p}
    resumed = _no_cp(during)
    to_other, back, final = (conda("to_other", ["activate", o], during),
                             conda("back", ["deactivate"], under),
                             conda("final", ["deactivate"], resumed))
    # (d) conda stacks a third level; its activation saved the value SH_SEMI had under OTHER.
    saved_by_conda = {"__CONDA_SHLVL_2_SH_SEMI": "before (1)"}
    level3 = {**resumed, "CONDA_SHLVL": "3", "CONDA_PREFIX_1": p, "CONDA_PREFIX_2": o,
              **saved_by_conda}
    under2 = {**under, **saved_by_conda}
    resumed2 = {**resumed, **saved_by_conda}
    scenario_d = [conda("to_this", ["activate", p], under), _dump(dumps["level3"]),
                  conda("down", ["deactivate"], level3), _dump(dumps["under2"]),
                  conda("back2", ["deactivate"], under2), _dump(dumps["back2"]),
                  conda("final2", ["deactivate"], resumed2), _dump(dumps["final2"])]
    script = "\n".join([
        setup, _dump(dumps["before"]),
        "setlocal", _activate(), _dump(dumps["during"]), to_other,
        _activate(label="again"), "call :_t_deactivate_bat", "echo suspended-status=%errorlevel%",
        _dump(dumps["under"]), back, _dump(dumps["back"]), final, _dump(dumps["final"]),
        "endlocal", "echo scenario-b",
        "setlocal", _activate(), to_other, back, _dump(dumps["b_back"]), _deactivate(),
        _dump(dumps["b_final"]), "endlocal", "echo scenario-c",
        "setlocal", _activate(), conda("re", ["reactivate"], during), _dump(dumps["again"]),
        conda("same", ["activate", p], during), _dump(dumps["same"]), _deactivate(),
        _dump(dumps["c_final"]), "endlocal", "echo scenario-d",
        "setlocal", _activate(), to_other, *scenario_d, "endlocal", _dump(dumps["end"]),
        "goto :eof", ":_t_deactivate_bat", '"%T_PREFIX%\\deactivate.bat"'])
    result = _run(cmd_wine, tmp_path, script, prefix)
    out = result.stdout + result.stderr
    got = {n: read_set_dump(f) for n, f in dumps.items()}
    assert (got["before"], got["during"]) == (before, during), out
    a, b, c, d = re.split("scenario-[bcd]", result.stdout)
    for step in ("to_other", "back", "final", "re", "same", "to_this", "down", "back2",
                 "final2"):
        assert f"{step}-status=0" in result.stdout, out

    # (a) Under OTHER: only OTHER's variables, conda's own record of the shell, and envstrap's
    # bookkeeping; activating this environment again is refused with conda's way out, and
    # envstrap's deactivate.bat says it is not active here.
    assert got["under"] == under
    assert "again-status=3" in a and "'conda deactivate' for conda" in result.stderr
    assert "suspended-status=1" in a and \
        f"envstrap: '{p}' is not active here: conda activated {o} on top of it; run 'conda " \
        "deactivate' first." in result.stderr
    assert _no_cp(got["back"]) == resumed
    # conda unsets this environment's config vars after the hook, also one set before (as
    # after a plain `conda deactivate`: docs/conda-interop.md).
    assert got["final"] == {**{k: v for k, v in before.items() if k != "SH_SEMI"},
                            **cmd_conda_left(prefix)}
    assert a.count("trace=") == 2  # leaving for OTHER, and at the end
    # (b) envstrap's deactivate after the resume: exactly as before activation.
    assert got["b_back"] == got["back"]
    assert got["b_final"] == before and b.count("trace=") == 2
    assert "deactivate-status=0" in b
    # (c) a reactivation, and `conda activate` of this environment: envstrap stays exactly active.
    for name in ("again", "same"):
        assert _no_cp(got[name]) == resumed
    assert got["c_final"] == before and c.count("trace=") == 3
    # (d) envstrap active at conda's level 3 (conda's level kept), suspended again under OTHER,
    # resumed at level 1, then ended as after a plain `conda deactivate`.
    assert _no_cp(got["level3"]) == level3
    assert got["under2"] == under2
    assert _no_cp(got["back2"]) == resumed2
    assert got["final2"] == {**{k: v for k, v in before.items() if k != "SH_SEMI"},
                             **cmd_conda_left(prefix), **saved_by_conda}
    assert d.count("trace=") == 3  # leaving for OTHER twice, and at the end
    assert got["end"] == before
    assert not canary.exists(), "a config var ran as code"


def _cmd_prefix(tmp_path: Path) -> Path:
    from tests.test_activation_windows import make_windows_prefix

    prefix = make_windows_prefix(tmp_path / "envs", winesupport.build_standin_exe(), CMD_NAME)
    for kind in ("activate.d", "deactivate.d"):  # a non-ASCII hook name: see CMD_NAME
        (prefix / "etc" / "conda" / kind / "c-ü.bat").unlink()
    return prefix


def test_cmd_half_deactivated_shell_is_not_called_active(cmd_wine, tmp_path):
    from tests.test_activation_windows import _activate

    prefix = _cmd_prefix(tmp_path)
    (prefix / "etc" / "conda" / "deactivate.d" / "000-envstrap.bat").unlink()  # an older env
    result, _, after = _cmd_conda(cmd_wine, tmp_path, prefix, ["deactivate"],
                                  _activate(label="again"))
    assert after["ENVSTRAP_PREFIX"] == windows_path(prefix)  # what conda alone leaves
    assert "again-status=3" in result.stdout, result.stdout + result.stderr
    assert "already active" not in result.stderr
    assert "not on PATH" in result.stderr
    assert f"run '{windows_path(prefix)}\\deactivate.bat'" in result.stderr
    assert "'conda deactivate'" not in result.stderr


# ---- PowerShell: parsed only (no PowerShell here) ------------------------------------------------


@pytest.fixture(scope="module")
def ps_parser():
    try:
        import tree_sitter
        import tree_sitter_powershell
    except ImportError:
        message = "tree-sitter-powershell is not installed (pip install -e '.[dev]')"
        if shells.in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_powershell.language()))


class _PsTree:
    """A parsed PowerShell text, searched by node type and the text a node starts with."""

    def __init__(self, parser, text: str):
        from tests.test_activation_render import _parse_problems

        assert _parse_problems(parser, text) == [], text
        self.data = text.encode("utf-8")
        self.root = parser.parse(self.data).root_node

    def text(self, node) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8")

    def find(self, kind: str, starts: str, node=None) -> list:
        """Every node of type `kind` whose text starts with `starts`, outermost first."""
        found, stack = [], [node or self.root]
        while stack:
            current = stack.pop(0)
            if current.type == kind and self.text(current).startswith(starts):
                found.append(current)
            stack.extend(current.children)
        return found

    def one(self, kind: str, starts: str, node=None):
        found = self.find(kind, starts, node)
        assert len(found) == 1, (kind, starts, [self.text(n)[:60] for n in found])
        return found[0]

    def body(self, node) -> list[str]:
        """The statements of an if's or foreach's first block, as text, one line each."""
        block = next(c for c in node.children if c.type == "statement_block")
        statements = next(c for c in block.children if c.type == "statement_list")
        return [" ".join(self.text(c).split()) for c in statements.children
                if c.type != "comment"]


def _ps_files(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    prefix = tmp_path / "envs" / CMD_NAME
    (prefix / "conda-meta").mkdir(parents=True)
    for kind in ("activate.d", "deactivate.d"):  # a package's hook: ours must sort around it
        (prefix / "etc" / "conda" / kind).mkdir(parents=True)
        (prefix / "etc" / "conda" / kind / "a.ps1").write_text("$Env:HOOK = 'x'\n")
    write_activation_scripts(EnvLayout(prefix, WINDOWS))
    texts = {name: (prefix / name).read_bytes()[3:].decode("utf-8") for name in (
        "Activate.ps1", "etc/conda/deactivate.d/000-envstrap.ps1",
        "etc/conda/activate.d/000-envstrap.ps1")}
    return prefix, texts


def test_powershell_conda_runs_the_hooks_around_its_own_variables(ps_parser, tmp_path):
    # conda's PowerShell output for each command (the stand-in's), parsed: the deactivate.d hook
    # runs before conda sets any variable, the activate.d hook after all of them and before the
    # packages' activate.d scripts.
    prefix, _ = _ps_files(tmp_path)
    other = tmp_path / "envs" / "other"
    (other / "conda-meta").mkdir(parents=True)
    p, o = windows_path(prefix), windows_path(other)
    dirs = [p + "\\" + d.replace("/", "\\") if d else p for d in WINDOWS.path_dirs]
    active = {"PATH": ";".join(dirs + ["C:\\Windows"]), "CONDA_PREFIX": p, "CONDA_SHLVL": "1",
              "ENVSTRAP_PREFIX": p, "CONDA_DEFAULT_ENV": p}
    under = {"PATH": ";".join([o, p + "\\condabin", "C:\\Windows"]), "CONDA_PREFIX": o,
             "CONDA_SHLVL": "2", "CONDA_PREFIX_1": p}
    suspend = f'. "{p}\\etc\\conda\\deactivate.d\\000-envstrap.ps1"'
    resume = f'. "{p}\\etc\\conda\\activate.d\\000-envstrap.ps1"'
    for args, environ, hooks in (
            (["deactivate"], active, [suspend]),
            (["activate", o], active, [suspend]),
            (["reactivate"], active, [suspend, resume]),
            (["activate", p], active, [suspend, resume]),
            (["deactivate"], under, [resume])):
        out = conda_activator.emit("powershell", args, environ, root=p, windows=True)
        _PsTree(ps_parser, out)
        lines = out.splitlines()
        sets = [i for i, line in enumerate(lines) if line.startswith("$Env:")]
        if suspend in hooks:
            at = lines.index(suspend)
            assert lines.index(f'. "{p}\\etc\\conda\\deactivate.d\\a.ps1"') < at
            # PATH first for `conda deactivate` only (docs/conda-interop.md)
            assert all(i > at for i in sets if not (args == ["deactivate"] and i == 0)), args
        if resume in hooks:
            at = lines.index(resume)
            assert all(i < at for i in sets), args
            assert lines.index(f'. "{p}\\etc\\conda\\activate.d\\a.ps1"') > at
        else:
            assert resume not in lines


def test_powershell_suspends_and_resumes_through_global_state(ps_parser, tmp_path):
    # Not run (no PowerShell here): the structure that makes PowerShell behave as the shells
    # tested above. The state lives in $global:_envstrap only.
    prefix, texts = _ps_files(tmp_path)
    hook = _PsTree(ps_parser, texts["etc/conda/deactivate.d/000-envstrap.ps1"])
    resume = _PsTree(ps_parser, texts["etc/conda/activate.d/000-envstrap.ps1"])
    activate = _PsTree(ps_parser, texts["Activate.ps1"])

    # The deactivate.d hook: only in a session envstrap activated and not suspended, for this
    # environment; `conda deactivate` (first folder already off PATH) deactivates, anything
    # else suspends.
    outer = hook.one("if_statement", "if ($_envstrapState -and")
    assert "-not $_envstrapState.Suspended" in hook.text(outer).splitlines()[0]
    assert "($_envstrapState.Prefix -eq $Env:CONDA_PREFIX)" in hook.text(outer).splitlines()[0]
    which = hook.one("if_statement", "if (($_envstrapLevel -and $_envstrapLevel -ne '1') -or ")
    assert "-contains $_envstrapFirst)) {" in hook.text(which).splitlines()[0]
    assert hook.find("pipeline", "$_envstrapLevel = [string] $Env:CONDA_SHLVL")
    assert hook.body(which) == ["deactivate '--suspend'"]
    assert hook.one("else_clause", "else", which) and \
        "deactivate '--conda'" in hook.text(hook.one("else_clause", "else", which))
    # The activate.d hook resumes only a suspended state, for this environment (a reactivation
    # sets no CONDA_PREFIX: the suspend put back its value from before activation).
    cond = resume.one("if_statement", "if ($_envstrapState")
    assert resume.text(cond).splitlines()[0] == (
        "if ($_envstrapState -and $_envstrapState.Suspended -and (-not $Env:CONDA_PREFIX -or "
        "($_envstrapState.Prefix -eq $Env:CONDA_PREFIX))) {")
    assert resume.body(cond) == ["deactivate '--resume'"]

    # Activate.ps1: the state, in $global:_envstrap, starts not suspended.
    state = activate.one("assignment_expression", "$global:_envstrap = @{")
    entries = {line.split("=")[0].strip(): line.split("=", 1)[1].strip()
               for line in activate.text(state).splitlines()[1:-1] if "=" in line}
    assert (entries["Suspended"], entries["New"], entries["Saved"]) == ("$false", "$null",
                                                                         "$saved")
    function = activate.one("function_statement", "function global:deactivate")
    suspend = activate.one("if_statement", "if ($args -contains '--suspend')", function)
    resume_block = activate.one("if_statement", "if ($args -contains '--resume')", function)
    refuse = activate.find("if_statement", "if ($state.Suspended) {", function)[0]  # outermost
    conda = activate.one("pipeline", "$conda = $args -contains '--conda'", function)
    assert suspend.start_byte < resume_block.start_byte < refuse.start_byte < conda.start_byte
    # Suspend: every variable activation set or unset (but PATH, conda's) and every config var
    # goes back to its saved value, activation's kept in $state.New.
    inner = activate.one("if_statement", "if (-not $state.Suspended)", suspend)
    loop = activate.one("foreach_statement", "foreach ($name in", inner)
    plan = build_plan(EnvLayout(prefix, WINDOWS))
    names = "@(" + ", ".join(f"'{n}'" for n in plan.saved_variables[1:]) + ")"
    assert activate.text(loop).splitlines()[0] == \
        f"foreach ($name in @({names} + @($state.ConfigVars))) {{"
    assert activate.body(loop) == [
        "$state.New[$name] = [Environment]::GetEnvironmentVariable($name)",
        "[Environment]::SetEnvironmentVariable($name, $state.Saved[$name])"]
    # conda's level is conda's: it sets it before the resume. The prompt function stays (it
    # shows CONDA_PROMPT_MODIFIER).
    assert activate.body(inner)[0] == "$state.New = @{}"
    assert activate.body(inner)[2:] == ["$state.New.Remove('CONDA_SHLVL')",
                                        "$state.Suspended = $true"]
    # Resume: activation's values back, then not suspended.
    inner = activate.one("if_statement", "if ($state.Suspended)", resume_block)
    loop = activate.one("foreach_statement", "foreach ($name in @($state.New.Keys))", inner)
    assert activate.body(loop) == [
        "[Environment]::SetEnvironmentVariable($name, $state.New[$name])"]
    assert activate.body(inner)[1:] == ["$state.New = $null", "$state.Suspended = $false"]
    # envstrap's deactivate while suspended refuses (status 1) and changes nothing.
    assert activate.body(refuse)[-2:] == ["$global:LASTEXITCODE = 1", "return"]
    assert "run ''conda deactivate'' first." in activate.text(refuse)
    assert "SetEnvironmentVariable" not in activate.text(refuse)


@pytest.mark.parametrize("shell", shells.ALL_SHELLS)
def test_deactivate_recovers_a_shell_conda_deactivated_without_the_hook(shell, tmp_path,
                                                                        isolated):
    # What doctor's shell.half-active advises: envstrap's deactivate puts everything back,
    # conda's own variables included (activation saved them); deactivate.d runs a second time.
    prefix = conda_prefix(tmp_path / "envs")
    (prefix / "etc" / "conda" / "deactivate.d" / (
        "000-envstrap.fish" if shell == "fish" else "000-envstrap.sh")).unlink()
    before, after = tmp_path / "before", tmp_path / "after"
    result = _run_with_conda(shell, [
        shells.dump_command(shell, before), shells.source_command(shell, prefix),
        "conda deactivate", "deactivate", _status(shell, "deactivate"),
        shells.dump_command(shell, after),
    ], isolated)
    assert "deactivate-status=0" in result.stdout, result.stdout + result.stderr
    assert result.stderr == "" and result.stdout.count("trace=") == 2
    b, a = shells.read_dump(before), shells.read_dump(after)
    assert shells.comparable(a) == shells.comparable(b)


def test_cmd_deactivate_recovers_a_shell_conda_deactivated_without_the_hook(cmd_wine, tmp_path):
    # conda took the environment's folder off PATH: `deactivate` alone now finds conda's
    # condabin\deactivate.bat, so the advice (activate.bat's, doctor's) names the file.
    from tests.test_activation_windows import _dump

    prefix = _cmd_prefix(tmp_path)
    (prefix / "etc" / "conda" / "deactivate.d" / "000-envstrap.bat").unlink()
    final = tmp_path / "final.txt"
    result, before, _ = _cmd_conda(cmd_wine, tmp_path, prefix, ["deactivate"], "\n".join([
        'call "%T_PREFIX%\\activate.bat"', 'call "%T_PREFIX%\\deactivate.bat"',
        _dump(final)]))
    assert "deactivate.bat' in the shell that activated it" in result.stderr, result.stderr
    assert "PATH was reordered" not in result.stderr
    assert read_set_dump(final) == before
