"""conda's own `conda deactivate` / `conda activate OTHER` in a shell envstrap activated.

conda's activator is played by tests/standins/conda_activator.py (a stand-in, conda 26.7.1's
behaviour); its output is evaluated in the real shell the way conda's shell functions do. doctor's
`shell.half-active` check is tested here too, on the states conda can leave behind.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from envstrap import doctor
from envstrap.activation import write_activation_scripts
from envstrap.doctor.model import Context, Severity
from envstrap.layout import WINDOWS, EnvLayout
from tests.conftest import make_fake_prefix, make_finalized_env
from tests.standins import conda_activator
from tests.support import shells
from tests.support import wine as winesupport
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


def test_cmd_conda_activate_other_leaves_envstrap_marked(cmd_wine, tmp_path):
    # As in the POSIX shells: the hook cannot tell this from a reactivation, so it leaves
    # envstrap active under OTHER (docs/conda-interop.md).
    prefix = _cmd_prefix(tmp_path)
    other = tmp_path / "envs" / "other"
    (other / "conda-meta").mkdir(parents=True)
    o, p = windows_path(other), windows_path(prefix)
    result, before, after = _cmd_conda(cmd_wine, tmp_path, prefix, ["activate", o])
    assert "conda-status=0" in result.stdout, result.stdout + result.stderr
    assert result.stdout.count("trace=") == 1
    other_dirs = [o] + [o + "\\" + d.replace("/", "\\") for d in WINDOWS.path_dirs[1:-1]]
    assert after["PATH"] == ";".join(other_dirs + [p + "\\condabin", before["PATH"]])
    assert after["CONDA_PREFIX"] == o and after["CONDA_PREFIX_1"] == p
    assert after["ENVSTRAP_PREFIX"] == p and after["CONDARC"] == p + "\\.condarc"


def test_cmd_conda_reactivation_keeps_envstrap_active(cmd_wine, tmp_path):
    from tests.test_activation_windows import _deactivate, _dump

    prefix = _cmd_prefix(tmp_path)
    final = tmp_path / "final.txt"
    result, before, again = _cmd_conda(cmd_wine, tmp_path, prefix, ["reactivate"],
                                       "\n".join([_deactivate(), _dump(final)]))
    assert "conda-status=0" in result.stdout, result.stdout + result.stderr
    during = read_set_dump(tmp_path / "during.txt")
    # The fixture's activate.d\a.bat reads chcp with `for %%A`, which wine's cmd fills with
    # conda's own loop variable when conda CALLs it (see docs/conda-interop.md): not compared.
    during.pop("HOOK_CP")
    modifier = f"({windows_path(prefix)}) "
    assert again == {**during, "CONDA_PROMPT_MODIFIER": modifier, "PROMPT": modifier + "$P$G"}
    assert "deactivate-status=0" in result.stdout
    assert read_set_dump(final) == before


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


def test_powershell_hook_and_conda_output_parse_and_call_deactivate(tmp_path):
    from tests.test_activation_render import _parse_problems

    try:
        import tree_sitter
        import tree_sitter_powershell
    except ImportError:
        message = "tree-sitter-powershell is not installed (pip install -e '.[dev]')"
        if shells.in_ci():
            pytest.fail(message)
        pytest.skip(message)
    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_powershell.language()))
    prefix = tmp_path / "envs" / CMD_NAME
    (prefix / "conda-meta").mkdir(parents=True)
    write_activation_scripts(EnvLayout(prefix, WINDOWS))
    hook = prefix / "etc" / "conda" / "deactivate.d" / "000-envstrap.ps1"
    activate = (prefix / "Activate.ps1").read_bytes()[3:].decode("utf-8")
    hook_text = hook.read_bytes()[3:].decode("utf-8")
    p = windows_path(prefix)
    environ = {"PATH": ";".join([p + "\\" + d.replace("/", "\\") if d else p
                                 for d in WINDOWS.path_dirs] + ["C:\\Windows"]),
               "CONDA_PREFIX": p, "CONDA_SHLVL": "1", "ENVSTRAP_PREFIX": p}
    conda_out = conda_activator.emit("powershell", ["deactivate"], environ, root=p, windows=True)
    for text in (activate, hook_text, conda_out):
        assert _parse_problems(parser, text) == []
    lines = conda_out.splitlines()
    run_hook = f'. "{p}\\etc\\conda\\deactivate.d\\000-envstrap.ps1"'
    assert lines.index(run_hook) < lines.index('$Env:CONDA_SHLVL = "0"')
    assert lines[0].startswith('$Env:PATH = "') and lines.index(run_hook) > 0
    assert "        deactivate '--conda'  # quoted: an argument, never a parameter name\r\n" \
        in hook_text
    assert "$_envstrapState.Prefix -eq $Env:CONDA_PREFIX" in hook_text
    assert "        $conda = $args -contains '--conda'\r\n" in activate
    assert "if (-not $conda -and (Test-Path -LiteralPath $hooks -PathType Container)) {" in activate


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
