"""Activation scenarios, the same for every shell: bash, dash, zsh, ksh, fish and wine's cmd.

Each scenario is written once against a driver (tests/support/activation.py) that speaks its
shell's language; PowerShell cannot run here and is checked as parsed text
(tests/test_activation_render.py). Shell-specific behaviour (prompt functions, cmd's code page,
sh/dash's baked-in folder) stays in tests/test_activation_shells.py and
tests/test_activation_windows.py.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from envstrap.activation.plan import PROMPT_UNSAFE_CHARACTERS
from envstrap.guard import ACTIVE_ENV_MARKERS
from envstrap.layout import WINDOWS, EnvLayout
from tests.support import activation, shells
from tests.support import wine as winesupport
from tests.support.config_vars import CASES, Case

HOSTILE_POSIX = "env (ü) it's $HOME & `x`"
# Windows allows neither ` nor " in a folder name, and cmd activation refuses ! % ^ ;.
HOSTILE_WINDOWS = "my env (ü) R&D=1,2 it's $x"


@pytest.fixture(scope="session")
def wine_session():
    session = winesupport.start_wine()
    yield session
    session.stop()


@pytest.fixture(params=activation.ALL)
def driver(request, tmp_path, isolated) -> activation.Driver:
    name = request.param
    work = tmp_path / "work"
    if name == "cmd":
        wine = request.getfixturevalue("wine_session")
        return activation.CmdDriver(work, wine, winesupport.build_standin_exe())
    shells.require(name)
    if name == "fish":
        return activation.FishDriver(name, work, isolated.env)
    return activation.PosixDriver(name, work, isolated.env)


def _prefix(driver: activation.Driver, tmp_path: Path) -> Path:
    name = HOSTILE_WINDOWS if driver.windows else HOSTILE_POSIX
    return driver.make_prefix(tmp_path / "envs", name)


# ---- config vars: one table of fixtures, identical results in every shell --------------------


def _fill(text: str, driver: activation.Driver, prefix: Path, canary: Path,
          in_json: bool = False) -> str:
    def native(path: Path) -> str:
        shown = driver.native(path)
        return json.dumps(shown)[1:-1] if in_json else shown

    text = text.replace("@PREFIX@", native(prefix)).replace("@CANARY@", native(canary))
    while "@FILE:" in text:
        start = text.index("@FILE:")
        end = text.index("@", start + 1)
        text = text[:start] + driver.native(prefix / text[start + 6:end]) + text[end + 1:]
    return text


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_config_vars(driver, tmp_path, case: Case):
    if driver.name == "cmd" and case.not_in_wine:
        pytest.skip(case.not_in_wine)
    prefix = _prefix(driver, tmp_path)
    canary = tmp_path / "canary.txt"
    for rel, text in case.files.items():
        data = _fill(text, driver, prefix, canary, in_json=True)
        path = prefix / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes((data.replace("\n", "\r\n") if case.crlf else data).encode("utf-8"))
    steps = [driver.set_var(k, v) for k, v in case.before.items()]
    steps += [driver.dump("before"), driver.source(prefix), driver.dump("during"),
              driver.deactivate(), driver.dump("after")]
    run = driver.run(steps)
    assert run.statuses == {"activate": 0, "deactivate": 0}, run.stdout + run.stderr
    during = run.dumps["during"]
    def wine(text: str) -> str:
        if driver.name == "cmd" and case.wine_reads_ansi:
            return text.encode("utf-8").decode("latin-1")
        return text

    expected = {k: None if v is None else wine(_fill(v, driver, prefix, canary))
                for k, v in case.expect.items()}
    assert {k: during.get(k) for k in expected} == expected, run.stderr
    assert run.messages() == [wine(_fill(m, driver, prefix, canary)) for m in case.messages]
    assert driver.comparable(run.dumps["after"]) == driver.comparable(run.dumps["before"])
    assert not canary.exists(), "a config var ran as code"
    internal = [k for k in during if k.upper().startswith("_ENVSTRAP") and driver.name != "cmd"]
    assert internal == [], "internal bookkeeping must not be exported"


# ---- PATH: deactivate takes back exactly what activation added (conda's rule) ----------------


def _base_path(driver: activation.Driver) -> list[str]:
    if driver.windows:
        return ["C:\\windows\\system32", "C:\\windows"]
    return ["/usr/local/bin", "/usr/bin", "/bin"]


def _extra(driver: activation.Driver, name: str) -> str:
    return f"C:\\{name} dir" if driver.windows else f"/opt/{name} dir"


# Each case: PATH while active as a function of (ours, base, x, y), and PATH after deactivate.
PATH_CASES = {
    "prepend": (lambda o, b, x, y: [x] + o + b, lambda o, b, x, y: [x] + b),
    "append": (lambda o, b, x, y: o + b + [y], lambda o, b, x, y: b + [y]),
    "both": (lambda o, b, x, y: [x] + o + b + [y], lambda o, b, x, y: [x] + b + [y]),
    "one of ours removed": (lambda o, b, x, y: o[:-1] + b, lambda o, b, x, y: b),
    "one of ours removed, one added": (lambda o, b, x, y: o[:-1] + [x] + b,
                                       lambda o, b, x, y: [x] + b),
    "second copy appended": (lambda o, b, x, y: o + b + [o[0]], lambda o, b, x, y: b + [o[0]]),
    "second copy prepended": (lambda o, b, x, y: [o[-1]] + o + b,
                              lambda o, b, x, y: [o[-1]] + b),
    "reordered": (lambda o, b, x, y: b[:1] + o[::-1] + b[1:], lambda o, b, x, y: b),
}


@pytest.mark.parametrize("case", PATH_CASES)
def test_path_changes_while_active(driver, tmp_path, case):
    """Every change the user made stays; no entry activation added is left."""
    prefix = _prefix(driver, tmp_path)
    base, ours = _base_path(driver), driver.path_dirs(prefix)
    x, y = _extra(driver, "x"), _extra(driver, "y")
    during, expected = (f(ours, base, x, y) for f in PATH_CASES[case])
    run = driver.run([driver.set_path(base), driver.dump("before"), driver.source(prefix),
                      driver.dump("active"), driver.set_path(during),
                      driver.deactivate(prefix=prefix), driver.dump("after")])
    assert run.statuses == {"activate": 0, "deactivate": 0}, run.stdout + run.stderr
    sep = driver.path_separator
    assert run.dumps["active"]["PATH"] == sep.join(ours + base)
    assert run.messages() == []
    before, after = run.dumps["before"], run.dumps["after"]
    assert after["PATH"] == sep.join(expected)
    assert driver.comparable(after) == driver.comparable(dict(before, PATH=after["PATH"]))


def test_path_untouched_is_restored_exactly(driver, tmp_path):
    """Exactly as before, byte for byte: odd entries, an empty entry, a trailing separator."""
    prefix = _prefix(driver, tmp_path)
    sep = driver.path_separator
    base = _base_path(driver) + ["", _extra(driver, "odd (1) & x"), ""]
    if driver.name == "fish":  # fish itself turns an empty PATH entry into "."
        base = [entry or "." for entry in base]
    run = driver.run([driver.set_path(base), driver.dump("before"), driver.source(prefix),
                      driver.deactivate(), driver.dump("after")])
    assert run.statuses == {"activate": 0, "deactivate": 0}, run.stdout + run.stderr
    assert run.dumps["before"]["PATH"] == sep.join(base)
    assert driver.comparable(run.dumps["after"]) == driver.comparable(run.dumps["before"])


def test_path_hook_and_its_twin(driver, tmp_path):
    """An activate.d hook prepends a folder and its deactivate.d twin takes it away again:
    PATH ends exactly as it was."""
    prefix = _prefix(driver, tmp_path)
    hook_dir = _extra(driver, "hook")
    driver.add_path_hooks(prefix, hook_dir)
    base = _base_path(driver)
    run = driver.run([driver.set_path(base), driver.dump("before"), driver.source(prefix),
                      driver.dump("active"), driver.deactivate(), driver.dump("after")])
    assert run.statuses == {"activate": 0, "deactivate": 0}, run.stdout + run.stderr
    sep = driver.path_separator
    assert run.dumps["active"]["PATH"] == sep.join([hook_dir] + driver.path_dirs(prefix) + base)
    assert driver.comparable(run.dumps["after"]) == driver.comparable(run.dumps["before"])


# ---- the lifecycle: set everything, restore exactly, refuse a second environment -------------


def _expected(driver: activation.Driver, prefix: Path) -> dict[str, str]:
    layout = EnvLayout(prefix, WINDOWS) if driver.windows else EnvLayout(prefix)
    p, n = driver.native(prefix), driver.native
    safe = "".join("_" if c in PROMPT_UNSAFE_CHARACTERS else c for c in prefix.name)
    return {
        "CONDA_PREFIX": p, "CONDA_DEFAULT_ENV": p, "CONDA_SHLVL": "1",
        "CONDA_EXE": n(layout.conda), "_CONDA_EXE": n(layout.conda), "_CONDA_ROOT": p,
        "CONDA_PYTHON_EXE": n(layout.python), "MAMBA_ROOT_PREFIX": p, "MAMBA_EXE": n(layout.mamba),
        "CONDARC": n(prefix / ".condarc"), "MAMBARC": n(prefix / ".condarc"),
        "PYTHONNOUSERSITE": "1", "ENVSTRAP_PREFIX": p, "CONDA_PROMPT_MODIFIER": f"({safe}) ",
        "HOOK_TRACE": "on-a,on-b,", "HOOK_PREFIX": p,
    }


def test_round_trip_sets_everything_and_restores_exactly(driver, tmp_path):
    prefix = _prefix(driver, tmp_path)
    unset = ("PYTHONPATH", "PYTHONHOME", "_CE_M", "_CE_CONDA", "CONDA_PKGS_DIRS",
             "CONDA_CHANNELS", "CONDA_ENVS_PATH", "CONDA_ENVS_DIRS", "CONDA_ROOT")
    steps = [driver.set_var(name, "set before") for name in unset]
    steps += [driver.dump("before"), driver.source(prefix), driver.dump("during"),
              driver.deactivate(), driver.dump("after")]
    run = driver.run(steps)
    assert run.statuses == {"activate": 0, "deactivate": 0}, run.stdout + run.stderr
    assert "trace=on-a,on-b,off-b,off-a," in run.stdout  # hooks in order, reversed on exit
    assert run.messages() == []
    before, during, after = (run.dumps[k] for k in ("before", "during", "after"))
    expected = _expected(driver, prefix)
    assert {k: during.get(k) for k in expected} == expected
    for name in unset:
        assert name not in during, name
    sep = driver.path_separator
    assert during["PATH"] == sep.join(driver.path_dirs(prefix) + [before["PATH"]])
    assert driver.comparable(after) == driver.comparable(before)


def test_commands_resolve_inside_the_environment(driver, tmp_path):
    """python, conda and mamba as the shell's own PATH search finds them (on Windows conda's
    order puts Scripts\\conda.exe and Library\\bin\\mamba.exe before condabin's wrappers)."""
    prefix = _prefix(driver, tmp_path)
    layout = EnvLayout(prefix, WINDOWS) if driver.windows else EnvLayout(prefix)
    run = driver.run([driver.source(prefix)] + [driver.which(t) for t in ("python", "conda",
                                                                          "mamba")])
    assert run.found == {"python": driver.native(layout.python),
                         "conda": driver.native(layout.conda),
                         "mamba": driver.native(layout.mamba)}, run.stdout + run.stderr


@pytest.mark.parametrize("marker", ACTIVE_ENV_MARKERS, ids=lambda m: m.variable)
def test_refuses_when_another_environment_is_active(driver, tmp_path, marker):
    prefix = _prefix(driver, tmp_path)
    value = "2" if marker.positive_number else _extra(driver, "other env (1) & more")
    steps = [driver.set_var(marker.variable, value), driver.dump("before"),
             driver.source(prefix), driver.dump("after")]
    if driver.name == "fish":  # nothing is defined either
        steps.append("functions -q deactivate; and echo has-deactivate")
    elif not driver.windows:
        steps.append('[ "$(command -v deactivate)" = deactivate ] && echo has-deactivate')
    run = driver.run(steps)
    assert "has-deactivate" not in run.stdout
    assert run.statuses == {"activate": 3}, run.stdout + run.stderr
    assert run.messages()[0] == (f"envstrap: cannot activate '{driver.native(prefix)}': "
                                 f"{marker.variable} is set ('{value}'): {marker.meaning}.")
    assert "only one environment may be active" in run.messages()[1]
    assert driver.comparable(run.dumps["after"]) == driver.comparable(run.dumps["before"])


def test_conda_shlvl_zero_is_not_an_active_environment(driver, tmp_path):
    prefix = _prefix(driver, tmp_path)
    run = driver.run([driver.set_var("CONDA_SHLVL", "0"), driver.source(prefix)])
    assert run.statuses == {"activate": 0}, run.stdout + run.stderr


def test_same_environment_again_is_a_no_op(driver, tmp_path):
    prefix = _prefix(driver, tmp_path)
    run = driver.run([driver.source(prefix), driver.dump("once"), driver.source(prefix, "again"),
                      driver.dump("twice")])
    assert run.statuses == {"activate": 0, "again": 0}, run.stdout + run.stderr
    assert run.messages() == [f"envstrap: '{driver.native(prefix)}' is already active in this "
                              "shell or its parent; nothing to do."]
    assert driver.comparable(run.dumps["twice"]) == driver.comparable(run.dumps["once"])


def test_second_environment_refused_first_stays_intact(driver, tmp_path):
    first = driver.make_prefix(tmp_path / "one", "first env")
    second = driver.make_prefix(tmp_path / "two", "second env")
    run = driver.run([driver.dump("before"), driver.source(first), driver.dump("first"),
                      driver.source(second, "second"), driver.dump("still"),
                      driver.deactivate(), driver.dump("after")])
    assert run.statuses == {"activate": 0, "second": 3, "deactivate": 0}, run.stderr
    assert "ENVSTRAP_PREFIX is set" in run.messages()[0]
    assert driver.comparable(run.dumps["still"]) == driver.comparable(run.dumps["first"])
    assert driver.comparable(run.dumps["after"]) == driver.comparable(run.dumps["before"])


def test_child_shell_of_an_activated_shell_refuses_another(driver, tmp_path):
    first = driver.make_prefix(tmp_path / "one", "first")
    second = driver.make_prefix(tmp_path / "two", "second")
    run = driver.run([driver.source(first), driver.child(second, "child")])
    assert run.statuses == {"activate": 0, "child": 3}, run.stdout + run.stderr
    assert "ENVSTRAP_PREFIX is set" in run.stderr


def test_deactivate_without_activation_is_an_error(driver, tmp_path):
    """Before activation (cmd: the environment's deactivate.bat) and a second time."""
    prefix = _prefix(driver, tmp_path)
    run = driver.run([driver.deactivate("early", prefix=prefix), driver.source(prefix),
                      driver.deactivate(), driver.deactivate("again", prefix=prefix)])
    assert run.statuses["activate"] == run.statuses["deactivate"] == 0, run.stderr
    assert run.statuses["early"] != 0 and run.statuses["again"] != 0
    if driver.name == "cmd":  # sh and fish: no deactivate function at all then
        assert run.statuses["early"] == run.statuses["again"] == 1
        assert run.messages() == ["envstrap: no environment was activated in this shell; "
                                  "nothing to do."] * 2


def test_copied_and_renamed_environment_activates_where_it_is(driver, tmp_path):
    """Nothing in the scripts names the folder (dash cannot find its own file: it uses the
    folder the environment was made in, tests/test_activation_shells.py)."""
    if driver.name == "dash":
        pytest.skip("dash uses the recorded folder")
    prefix = _prefix(driver, tmp_path)
    copy = tmp_path / "elsewhere" / "renamed copy (2)"
    shutil.copytree(prefix, copy, symlinks=True)
    layout = EnvLayout(copy, WINDOWS) if driver.windows else EnvLayout(copy)
    run = driver.run([driver.source(copy), driver.dump("during"), driver.which("python")])
    assert run.statuses == {"activate": 0}, run.stdout + run.stderr
    assert run.dumps["during"]["CONDA_PREFIX"] == driver.native(copy)
    assert run.dumps["during"]["CONDA_PROMPT_MODIFIER"] == "(renamed copy (2)) "
    assert run.found["python"] == driver.native(layout.python)
