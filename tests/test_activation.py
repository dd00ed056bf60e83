"""Activation scenarios, the same for every shell: bash, dash, zsh, ksh, fish and wine's cmd.

Each scenario is written once against a driver (tests/support/activation.py) that speaks its
shell's language; PowerShell cannot run here and is checked as parsed text
(tests/test_activation_render.py). Shell-specific behaviour (prompt functions, cmd's code page,
sh/dash's baked-in folder) stays in tests/test_activation_shells.py and
tests/test_activation_windows.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
