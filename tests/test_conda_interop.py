"""conda's own `conda deactivate` / `conda activate OTHER` in a shell envstrap activated.

conda's activator is played by tests/standins/conda_activator.py (a stand-in, conda 26.7.1's
behaviour); its output is evaluated in the real shell the way conda's shell functions do. doctor's
`shell.half-active` check is tested here too, on the states conda can leave behind.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from envstrap import doctor
from envstrap.doctor.model import Context, Severity
from envstrap.layout import EnvLayout
from tests.conftest import make_finalized_env
from tests.standins import conda_activator
from tests.support.wine import windows_path

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


def test_doctor_reports_a_stacked_environment(env, tmp_path):
    other = tmp_path / "other"
    environ = {"PATH": _path(other / "bin", env / "bin", env / "condabin", tmp_path),
               "ENVSTRAP_PREFIX": str(env), "CONDA_PREFIX": str(other), "CONDA_SHLVL": "2",
               "CONDA_PREFIX_1": str(env), "CONDA_STACKED_2": "true"}
    found = _half_active(env, environ)
    assert [f.severity for f in found] == [Severity.ERROR]
    assert f"stacked under {other}" in found[0].finding


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
