"""The generated activation scripts, run in real bash, dash, zsh, ksh and fish.

These use a fake prefix (tiny programs in place of python/conda/mamba), so they test activation
itself, quickly; tests/test_e2e.py repeats the essentials on a bootstrapped environment.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from envstrap.guard import ACTIVE_ENV_MARKERS
from tests.conftest import make_fake_prefix
from tests.support import shells
from tests.support.isolation import IsolatedHome

ALL = shells.ALL_SHELLS


def _state(prefix: Path, env_vars: dict[str, str]) -> None:
    (prefix / "conda-meta" / "state").write_text(
        json.dumps({"env_vars": env_vars}, ensure_ascii=False), encoding="utf-8")


def _run(shell: str, script: str, isolated: IsolatedHome, extra: dict[str, str] | None = None):
    env = dict(isolated.env)
    env.update(extra or {})
    return shells.run(shell, script, env, cwd=isolated.root)


def _without_hook_output(text: str) -> str:
    """Drop the line the fake prefix's deactivate.d hook prints."""
    return re.sub(r"trace=[a-z,-]*\n", "", text)


def _bracketed(text: str) -> list[str]:
    return re.findall(r"\[([^]]*)\]", text)


def _dump(shell: str, path: Path) -> str:
    return shells.dump_command(shell, path)


@pytest.mark.parametrize("shell", ALL)
def test_round_trip_sets_everything_and_restores_exactly(shell, fake_prefix, isolated, tmp_path):
    # conda's rules: package files (env_vars.d) first, then `conda env config vars` (state);
    # names upper-cased; PATH ignored; "***unset***" hides a package's value, and leaves a
    # variable the user set alone.
    env_vars_d = fake_prefix / "etc" / "conda" / "env_vars.d"
    env_vars_d.mkdir(parents=True)
    (env_vars_d / "pkg.json").write_text(json.dumps(
        {"PKG_VAR": "from-package", "HIDDEN": "package-value"}, indent=2))
    _state(fake_prefix, {"cfg_new": "a b \"q\" ü", "CFG_WAS_EMPTY": "now-set",
                         "HIDDEN": "***unset***", "CFG_GONE": "***unset***",
                         "PATH": "/evil"})
    before, during, after = (tmp_path / n for n in ("before", "during", "after"))
    script = "; ".join([
        _dump(shell, before), shells.source_command(shell, fake_prefix),
        "echo activate-status=$status" if shell == "fish" else "echo activate-status=$?",
        _dump(shell, during), "deactivate", _dump(shell, after),
    ])
    extra = {"PYTHONPATH": "/somewhere/else", "CFG_WAS_EMPTY": "", "CFG_GONE": "was-set",
             "_CE_M": "-m"}
    result = _run(shell, script, isolated, extra)
    assert "activate-status=0" in result.stdout, result.stderr
    assert "trace=on-a,on-b,off-b,off-a," in result.stdout  # hooks in order, reversed on exit
    b, d, a = (shells.read_dump(p) for p in (before, during, after))
    assert shells.comparable(a) == shells.comparable(b)
    assert "CFG_NEW" not in a and "PKG_VAR" not in a
    assert a["CFG_WAS_EMPTY"] == "" and a["CFG_GONE"] == "was-set"

    p = str(fake_prefix)
    assert d["PATH"].split(":")[:2] == [p + "/bin", p + "/condabin"]
    assert d["PATH"].split(":")[2:] == b["PATH"].split(":")
    expected = {
        "CONDA_PREFIX": p, "CONDA_DEFAULT_ENV": p, "CONDA_SHLVL": "1",
        "CONDA_EXE": p + "/bin/conda", "CONDA_PYTHON_EXE": p + "/bin/python",
        "MAMBA_ROOT_PREFIX": p, "MAMBA_EXE": p + "/bin/mamba", "ENVSTRAP_PREFIX": p,
        "_CONDA_ROOT": p, "PYTHONNOUSERSITE": "1",
        "CONDA_PROMPT_MODIFIER": "(env (ü) it_s _HOME & _x_) ",
        "HOOK_TRACE": "on-a,on-b,", "HOOK_PREFIX": p,
        "CFG_NEW": 'a b "q" ü', "CFG_WAS_EMPTY": "now-set",
        "PKG_VAR": "from-package", "CFG_GONE": "was-set",
    }
    assert {k: d.get(k) for k in expected} == expected
    for gone in ("PYTHONPATH", "PYTHONHOME", "_CE_M", "HIDDEN", "cfg_new"):
        assert gone not in d
    assert "/evil" not in d["PATH"]
    leftovers = [n for n in d if n.startswith(("_ENVSTRAP", "_envstrap"))]
    assert leftovers == [], "internal bookkeeping must not be exported"
    assert not [n for n in a if n.startswith(("_ENVSTRAP", "_envstrap"))]


@pytest.mark.parametrize("shell", ALL)
def test_commands_resolve_inside_the_environment(shell, fake_prefix, isolated):
    lookup = "command -s" if shell == "fish" else "command -v"
    def show(tool: str) -> str:
        if shell == "fish":
            return f"echo {tool}=({lookup} {tool})"
        if shell == "ksh":  # ksh prints $'...'-quoted paths; let it unquote them
            return f'eval "p=$({lookup} {tool})"; echo "{tool}=$p"'
        return f'echo {tool}="$({lookup} {tool})"'

    script = "; ".join([shells.source_command(shell, fake_prefix)]
                       + [show(tool) for tool in ("python", "conda", "mamba")])
    result = _run(shell, script, isolated)
    for tool in ("python", "conda", "mamba"):
        assert f"{tool}={fake_prefix}/bin/{tool}" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("shell", ALL)
@pytest.mark.parametrize("marker", ACTIVE_ENV_MARKERS, ids=lambda m: m.variable)
def test_refuses_when_another_environment_is_active(shell, marker, fake_prefix, isolated,
                                                    tmp_path):
    before, after = tmp_path / "before", tmp_path / "after"
    status = "$status" if shell == "fish" else "$?"
    check_fn = ("functions -q deactivate; and echo has-deactivate" if shell == "fish"
                else '[ "$(command -v deactivate)" = deactivate ] && echo has-deactivate')
    script = "; ".join([_dump(shell, before), shells.source_command(shell, fake_prefix),
                        f"echo status={status}", _dump(shell, after), check_fn])
    value = "2" if marker.positive_number else "/some/other env"
    result = _run(shell, script, isolated, {marker.variable: value})
    assert "status=3" in result.stdout, result.stdout + result.stderr
    assert f"{marker.variable} is set" in result.stderr
    assert "only one environment may be active" in result.stderr
    assert "has-deactivate" not in result.stdout
    assert shells.comparable(shells.read_dump(after)) == shells.comparable(shells.read_dump(before))


@pytest.mark.parametrize("shell", ALL)
def test_conda_shlvl_zero_is_not_an_active_environment(shell, fake_prefix, isolated):
    status = "$status" if shell == "fish" else "$?"
    result = _run(shell, f"{shells.source_command(shell, fake_prefix)}; echo status={status}",
                  isolated, {"CONDA_SHLVL": "0"})
    assert "status=0" in result.stdout, result.stderr


@pytest.mark.parametrize("shell", ALL)
def test_second_environment_refused_first_stays_intact(shell, tmp_path, isolated):
    first = make_fake_prefix(tmp_path / "one", "first env")
    second = make_fake_prefix(tmp_path / "two", "second env")
    before, after = tmp_path / "before", tmp_path / "after"
    status = "$status" if shell == "fish" else "$?"
    script = "; ".join([
        _dump(shell, before), shells.source_command(shell, first),
        shells.source_command(shell, second), f"echo second={status}",
        "echo prefix=$CONDA_PREFIX", "deactivate", _dump(shell, after)])
    result = _run(shell, script, isolated)
    assert "second=3" in result.stdout, result.stdout + result.stderr
    assert f"prefix={first}" in result.stdout
    assert "ENVSTRAP_PREFIX is set" in result.stderr
    assert shells.comparable(shells.read_dump(after)) == \
        shells.comparable(shells.read_dump(before))


@pytest.mark.parametrize("shell", ALL)
def test_child_shell_of_an_activated_shell_refuses_another(shell, tmp_path, isolated):
    first = make_fake_prefix(tmp_path / "one", "first")
    second = make_fake_prefix(tmp_path / "two", "second")
    child = shells.require(shell)
    status = "$status" if shell == "fish" else "$?"
    inner = f"{shells.source_command(shell, second)}; echo child={status}"
    flag = "--no-config" if shell == "fish" else "-f" if shell == "zsh" else ""
    script = (f"{shells.source_command(shell, first)}; "
              f"{shells.quote_for(shell, child)} {flag} -c {shells.quote_for(shell, inner)}")
    result = _run(shell, script, isolated)
    assert "child=3" in result.stdout, result.stdout + result.stderr
    assert "ENVSTRAP_PREFIX is set" in result.stderr


@pytest.mark.parametrize("shell", ALL)
def test_activating_the_same_environment_again_is_a_no_op(shell, fake_prefix, isolated,
                                                          tmp_path):
    once, twice = tmp_path / "once", tmp_path / "twice"
    status = "$status" if shell == "fish" else "$?"
    script = "; ".join([shells.source_command(shell, fake_prefix), _dump(shell, once),
                        shells.source_command(shell, fake_prefix), f"echo again={status}",
                        _dump(shell, twice)])
    result = _run(shell, script, isolated)
    assert "again=0" in result.stdout, result.stderr
    assert "already active" in result.stderr
    assert shells.comparable(shells.read_dump(twice)) == \
        shells.comparable(shells.read_dump(once))


@pytest.mark.parametrize("shell", ["bash", "dash", "zsh", "ksh"])
def test_running_instead_of_sourcing_is_refused(shell, fake_prefix, isolated):
    result = _run(shell, f"{shells.sh_quote(shells.require(shell))} "
                         f"{shells.sh_quote(str(fake_prefix / 'activate'))}", isolated)
    assert result.returncode == 2
    assert "must be sourced" in result.stderr


@pytest.mark.parametrize("shell", ["bash", "dash", "zsh", "ksh"])
def test_prompt_prefix_and_opt_out(shell, fake_prefix, isolated):
    script = f"PS1='$ '; {shells.source_command(shell, fake_prefix)}; printf '[%s]' \"$PS1\"; " \
             "deactivate; printf '[%s]' \"$PS1\""
    result = _run(shell, script, isolated)
    assert _bracketed(result.stdout) == ["(env (ü) it_s _HOME & _x_) $ ", "$ "], result.stderr
    result = _run(shell, script, isolated, {"ENVSTRAP_DISABLE_PROMPT": "1"})
    assert _bracketed(result.stdout) == ["$ ", "$ "]


def test_fish_prompt_wrapped_and_restored(fake_prefix, isolated):
    script = ("function fish_prompt; printf 'P> '; end; "
              f"{shells.source_command('fish', fake_prefix)}; fish_prompt; printf '|'; "
              "deactivate; fish_prompt")
    result = _run("fish", script, isolated)
    assert _without_hook_output(result.stdout) == "(env (ü) it_s _HOME & _x_) P> |P> ", \
        result.stderr


@pytest.mark.parametrize("shell", ["bash", "zsh", "ksh", "fish"])
def test_copied_environment_activates_where_it_is(shell, fake_prefix, isolated, tmp_path):
    copy = tmp_path / "elsewhere" / "renamed copy"
    shutil.copytree(fake_prefix, copy, symlinks=True)
    result = _run(shell, f"{shells.source_command(shell, copy)}; echo prefix=$CONDA_PREFIX; "
                         "echo modifier=$CONDA_PROMPT_MODIFIER", isolated)
    assert f"prefix={copy}\n" in result.stdout, result.stderr
    assert "modifier=(renamed copy)" in result.stdout


def test_dash_falls_back_to_the_recorded_folder_and_says_when_it_is_gone(fake_prefix, isolated,
                                                                         tmp_path):
    moved = tmp_path / "moved"
    shutil.move(str(fake_prefix), moved)
    result = _run("dash", f". {shells.sh_quote(str(moved / 'activate'))}; echo status=$?",
                  isolated)
    assert "status=4" in result.stdout
    assert "Source it from bash, zsh or ksh" in result.stderr


@pytest.mark.parametrize("shell", ALL)
def test_deactivate_without_activation_is_an_error(shell, isolated, fake_prefix):
    # deactivate exists only after activation; once used it is gone again.
    status = "$status" if shell == "fish" else "$?"
    script = f"{shells.source_command(shell, fake_prefix)}; deactivate; deactivate; " \
             f"echo status={status}"
    result = _run(shell, script, isolated)
    assert "status=0" not in result.stdout


@pytest.mark.parametrize("shell", ALL)
def test_activation_starts_no_process(shell, fake_prefix, isolated, tmp_path):
    """strace counts every process the shell starts while sourcing the script."""
    strace = shells.require("strace")
    log = tmp_path / "strace.log"
    script = f"{shells.source_command(shell, fake_prefix)}; deactivate"
    argv = [shells.require(shell)] + (["--no-config"] if shell == "fish" else
                                     ["-f"] if shell == "zsh" else []) + ["-c", script]
    subprocess.run([strace, "-f", "-qq", "-e", "trace=execve,fork,vfork", "-o", str(log),
                    *argv], env=isolated.env, check=True, capture_output=True)
    execs = [line for line in log.read_text().splitlines() if "execve(" in line]
    assert len(execs) == 1, execs  # the shell itself, nothing else
    forks = [line for line in log.read_text().splitlines()
             if "fork(" in line or "clone(" in line]
    assert forks == []
