"""doctor: every check once triggered and once silent, plus the command line and JSON schema."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from envstrap import __version__, doctor
from envstrap.doctor import model
from envstrap.doctor.model import CHECKS, Context, Severity
from envstrap.doctor.registry import AUTORUN_KEY, LONG_PATHS_KEY
from envstrap.doctor.report import use_colour
from envstrap.errors import ExitCode
from envstrap.layout import EnvLayout
from tests.conftest import REPO, make_finalized_env
from tests.support.fake_registry import FakeRegistry
from tests.support.shells import HANG_SECONDS


@pytest.fixture
def env(tmp_path):
    return make_finalized_env(tmp_path / "envs" / "healthy (ü)")


@pytest.fixture
def home(tmp_path):
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def clean_path(tmp_path):
    folder = tmp_path / "empty-bin"
    folder.mkdir()
    return str(folder)


def findings(env: Path, home: Path, environ: dict, deep=False, registry=None, ids=None):
    environ = {"HOME": str(home), **environ}
    ctx = Context(layout=EnvLayout(env), environ=environ, home=home, deep=deep,
                  registry=registry)
    found = doctor.run_checks(ctx)
    return [f for f in found if ids is None or f.id in ids]


def ids_of(found):
    return sorted({f.id for f in found})


def active(env: Path, path: str) -> dict:
    """The variables activation sets, as seen from inside the activated environment."""
    return {"PATH": f"{env}/bin{os.pathsep}{env}/condabin{os.pathsep}{path}",
            "ENVSTRAP_PREFIX": str(env), "CONDA_PREFIX": str(env), "CONDA_SHLVL": "1",
            "PYTHONNOUSERSITE": "1", "MAMBA_ROOT_PREFIX": str(env)}


def test_healthy_environment_has_no_findings(env, home, clean_path):
    assert findings(env, home, {"PATH": clean_path}) == []
    assert findings(env, home, active(env, clean_path)) == []
    assert findings(env, home, active(env, clean_path), deep=True) == []


def test_every_check_has_a_unique_id_and_description():
    assert len({c.id for c in CHECKS}) == len(CHECKS) >= 15
    assert all(c.looks_for for c in CHECKS)


# -- target ---------------------------------------------------------------------------------

def test_incomplete(env, home, clean_path):
    (env / ".envstrap" / "complete").unlink()
    found = findings(env, home, {"PATH": clean_path})
    assert ids_of(found) == ["target.incomplete"]
    assert found[0].severity is Severity.ERROR and "resumes" in found[0].fix


def test_manifest(env, home, clean_path):
    (env / ".envstrap" / "manifest.json").write_text("{not json")
    assert "target.manifest" in ids_of(findings(env, home, {"PATH": clean_path}))


def test_tools_missing_and_not_runnable(env, home, clean_path):
    (env / "bin" / "mamba").unlink()
    (env / "bin" / "conda").write_text("#!/bin/sh\necho broken >&2\nexit 3\n")
    found = findings(env, home, {"PATH": clean_path}, ids={"target.tools"})
    assert [f.finding for f in found] == [f"mamba is missing ({env}/bin/mamba)"]
    found = findings(env, home, {"PATH": clean_path}, deep=True, ids={"target.tools"})
    assert any("'conda --version' failed with exit code 3: broken" in f.finding for f in found)


def test_tools_python_elsewhere_with_deep(env, home, clean_path):
    (env / "bin" / "python").write_text("#!/bin/sh\necho /somewhere/else\n")
    found = findings(env, home, {"PATH": clean_path}, deep=True, ids={"target.tools"})
    assert "sys.prefix /somewhere/else" in found[0].finding


def test_activation_script_missing(env, home, clean_path):
    (env / "activate.fish").unlink()
    found = findings(env, home, {"PATH": clean_path}, ids={"target.activation"})
    assert [f.finding for f in found] == ["activation script activate.fish is missing"]


def test_a_helper_the_environments_activate_does_not_name_is_not_missing(env, home, clean_path):
    """.envstrap/deactivate.sh is missing where activate sources it; an environment made by an
    envstrap that wrote no such file (its activate holds deactivate itself and names none) is
    not asked for it."""
    (env / ".envstrap" / "deactivate.sh").unlink()
    found = findings(env, home, {"PATH": clean_path}, ids={"target.activation"})
    assert [f.finding for f in found] == ["activation script .envstrap/deactivate.sh is missing"]
    script = env / "activate"
    text = script.read_text()
    assert text.count("'.envstrap/deactivate.sh'") == 2
    script.write_text(text.replace("'.envstrap/deactivate.sh'", "'.envstrap/older.sh'"))
    assert findings(env, home, {"PATH": clean_path}, ids={"target.activation"}) == []


def test_moved_environment(env, home, clean_path, tmp_path):
    moved = tmp_path / "moved here"
    shutil.move(str(env), moved)
    found = findings(moved, home, {"PATH": clean_path})
    assert ids_of(found) == ["target.activation", "target.moved"]
    assert all(f.severity is Severity.WARNING for f in found)
    assert f"made in {env}, now at {moved}" in next(f for f in found
                                                   if f.id == "target.moved").finding


def test_moved_environment_made_before_the_fallback_was_renamed(env, home, clean_path, tmp_path):
    """activate named its sh/dash fallback folder _envstrap_p before it was _es_p."""
    script = env / "activate"
    text = script.read_text()
    assert "_es_p='" in text
    script.write_text(text.replace("_es_p='", "_envstrap_p='", 1))
    moved = tmp_path / "moved here"
    shutil.move(str(env), moved)
    found = findings(moved, home, {"PATH": clean_path}, ids={"target.activation"})
    assert [f.id for f in found] == ["target.activation"]
    assert "points sh/dash at" in found[0].finding


def test_condarc_missing(env, home, clean_path):
    (env / ".condarc").unlink()
    assert ids_of(findings(env, home, {"PATH": clean_path})) == ["target.condarc"]


def test_lock_drift(env, home, clean_path):
    (env / "conda-meta" / "numpy-2.0-0.json").write_text(json.dumps({
        "name": "numpy", "version": "2.0", "build": "0",
        "url": "file:///channel/linux-64/numpy-2.0-0.tar.bz2", "md5": "c" * 32}))
    found = findings(env, home, {"PATH": clean_path})
    assert ids_of(found) == ["target.lock-drift"]
    assert found[0].severity is Severity.INFO and "numpy-2.0-0.tar.bz2" in found[0].finding


def test_the_manifest_is_read_once_per_run(env, home, clean_path, monkeypatch):
    """target.manifest, target.moved and shell.user-site all get the fields doctor read once."""
    from envstrap.doctor import files

    reads, real = [], files.read_json
    monkeypatch.setattr(files, "read_json", lambda path, *a: reads.append(path) or real(path, *a))
    env.rename(env.with_name("moved"))  # target.moved then quotes the manifest's prefix
    found = findings(env.with_name("moved"), home, {"PATH": clean_path})
    assert ids_of(found) == ["target.activation", "target.moved"]
    assert reads == [env.with_name("moved") / ".envstrap" / "manifest.json"]


# -- a crafted folder ---------------------------------------------------------------------

def _crafted_cli(env: Path, home: Path, clean_path: str, *args: str):
    """doctor on `env` in a child with 1 GiB of address space, so a reader that never stops
    fails fast instead of taking the machine's memory; a hang fails the timeout."""
    import resource

    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run([sys.executable, "-I", "-c",
                           "import sys; sys.path.insert(0, sys.argv.pop(1)); "
                           "from envstrap.cli import main; sys.exit(main())",
                           str(REPO / "src"), "doctor", str(env), *args],
                          env={"HOME": str(home), "PATH": clean_path}, capture_output=True,
                          text=True, timeout=HANG_SECONDS, preexec_fn=limit_memory)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "nested", "huge"])
def test_a_manifest_that_is_not_a_plain_json_file_is_a_finding(env, home, clean_path, kind):
    manifest = env / ".envstrap" / "manifest.json"
    manifest.unlink()
    if kind == "fifo":
        os.mkfifo(manifest)  # reading it would wait for a writer forever
    elif kind == "dev-zero":
        manifest.symlink_to("/dev/zero")  # reading it would never end
    elif kind == "nested":
        manifest.write_text("[" * 100_000 + "]" * 100_000)  # json.loads: RecursionError
    else:
        with open(manifest, "wb") as handle:  # sparse: 2 GiB that take no disk
            handle.truncate(2 << 30)
    result = _crafted_cli(env, home, clean_path, "--json")
    assert result.returncode == ExitCode.FAILED, result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert [f["id"] for f in report["findings"]] == ["target.manifest"]


def test_a_package_record_that_is_a_fifo_does_not_stop_doctor(env, home, clean_path):
    """lock-drift reads conda-meta with finalize's reader, through doctor's FIFO-safe one."""
    os.mkfifo(env / "conda-meta" / "stuck-1.0-0.json")  # open() would wait for a writer
    result = _crafted_cli(env, home, clean_path, "--json")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert json.loads(result.stdout)["findings"] == []  # unreadable records: no drift finding


def test_findings_show_control_characters_escaped(env, home, clean_path):
    """A manifest field quoted in a finding cannot reach the terminal as an escape sequence."""
    manifest = env / ".envstrap" / "manifest.json"
    data = json.loads(manifest.read_text())
    data["prefix"] = "/elsewhere\x1b]0;pwned\x07\x1b[2J\u009b31m\u202e\n-fake line"
    manifest.write_text(json.dumps(data))
    result = _crafted_cli(env, home, clean_path)
    assert result.returncode == 0, result.stderr
    assert not any(ch in result.stdout for ch in "\x1b\x07\u009b\u202e")
    line = next(x for x in result.stdout.splitlines() if "target.moved" in x)
    assert "made in /elsewhere\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u202e\\x0a-fake line" in line
    result = _crafted_cli(env, home, clean_path, "--json")
    assert result.stdout.isascii()
    finding = json.loads(result.stdout)["findings"][0]["finding"]
    assert f"made in {data['prefix']}, now at" in finding  # JSON carries the exact text


def test_a_check_that_fails_is_a_finding_and_the_others_still_run(env, home, clean_path,
                                                                   monkeypatch):
    def broken(ctx):
        raise RecursionError("maximum recursion depth exceeded")

    patched = [c._replace(run=broken) if c.id == "target.moved" else c
               for c in CHECKS]
    monkeypatch.setattr(model, "CHECKS", patched)
    (env / ".condarc").unlink()
    found = findings(env, home, {"PATH": clean_path})
    assert ids_of(found) == ["target.condarc", "target.moved"]
    failed = next(f for f in found if f.id == "target.moved")
    assert failed.severity is Severity.ERROR
    assert failed.finding == ("this check could not finish: RecursionError: maximum recursion "
                              "depth exceeded")


def test_reader_takes_only_regular_files_up_to_a_size(tmp_path):
    from envstrap.doctor import files

    path = tmp_path / "f.json"
    path.write_text('{"a": 1}')
    assert files.read_json(path) == {"a": 1}
    with pytest.raises(files.Unreadable, match="larger than 4 bytes"):
        files.read_bytes(path, limit=4)
    with pytest.raises(files.Unreadable, match="not a regular file"):
        files.read_bytes(tmp_path)
    with pytest.raises(files.Unreadable):
        files.read_bytes(tmp_path / "missing")


# -- shell ----------------------------------------------------------------------------------

@pytest.mark.parametrize("variable, value", [("VIRTUAL_ENV", "/v"), ("CONDA_PREFIX", "/other"),
                                             ("PYTHON_ENVS", "x"), ("CONDA_SHLVL", "2")])
def test_other_environment_active(env, home, clean_path, variable, value):
    found = findings(env, home, {"PATH": clean_path, variable: value}, ids={"shell.other-env"})
    assert [f.severity for f in found] == [Severity.ERROR]
    assert f"{variable} is set ('{value}')" in found[0].finding


def _tool_dir(tmp_path: Path, name: str, tools=("python", "pip")) -> str:
    folder = tmp_path / name
    folder.mkdir()
    for tool in tools:
        (folder / tool).write_text("#!/bin/sh\n")
        (folder / tool).chmod(0o755)
    return str(folder)


def test_foreign_tools_beside_and_ahead(env, home, tmp_path):
    foreign = _tool_dir(tmp_path, "usr-bin")
    found = findings(env, home, {"PATH": foreign}, ids={"shell.foreign-tools"})
    assert {f.severity for f in found} == {Severity.WARNING} and len(found) == 2
    ahead = active(env, "")
    ahead["PATH"] = foreign + os.pathsep + ahead["PATH"]
    found = findings(env, home, ahead, ids={"shell.foreign-tools"})
    assert [f.severity for f in found] == [Severity.ERROR, Severity.ERROR]
    assert f"'python' runs {foreign}/python, ahead of" in found[0].finding


def test_pythonhome_and_pythonpath(env, home, clean_path):
    found = findings(env, home, {"PATH": clean_path, "PYTHONHOME": "/x", "PYTHONPATH": "/y"})
    assert ids_of(found) == ["shell.pythonhome", "shell.pythonpath"]
    inside = dict(active(env, clean_path), PYTHONPATH="/y")
    found = findings(env, home, inside, ids={"shell.pythonpath"})
    assert found[0].severity is Severity.ERROR


def test_user_site(env, home, clean_path):
    site = home / ".local" / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True)
    found = findings(env, home, {"PATH": clean_path})
    assert ids_of(found) == ["shell.user-site"] and str(site) in found[0].finding
    assert findings(env, home, {"PATH": clean_path, "PYTHONNOUSERSITE": "1"}) == []


@pytest.mark.parametrize("variable", ["CONDARC", "MAMBARC", "CONDA_PKGS_DIRS"])
def test_rc_variables_from_outside(env, home, clean_path, variable):
    found = findings(env, home, {"PATH": clean_path, variable: "/elsewhere"})
    assert ids_of(found) == ["shell.rc-variables"]


# -- machine --------------------------------------------------------------------------------

def test_rc_files(env, home, clean_path):
    (home / ".condarc").write_text("channels: [defaults]\n")
    (home / ".config" / "mamba").mkdir(parents=True)
    (home / ".config" / "mamba" / ".mambarc").write_text("")
    found = findings(env, home, {"PATH": clean_path})
    assert ids_of(found) == ["machine.rc-files"]
    assert str(home / ".condarc") in found[0].finding
    assert str(home / ".config" / "mamba" / ".mambarc") in found[0].finding


def test_autorun(env, home, clean_path):
    hook = '"C:\\Users\\me\\micromamba\\condabin\\mamba_hook.bat"'
    registry = FakeRegistry({("HKCU", AUTORUN_KEY, "AutoRun"): hook})
    found = findings(env, home, {"PATH": clean_path}, registry=registry)
    assert [f.severity for f in found] == [Severity.ERROR, Severity.WARNING]
    assert "does not exist" in found[0].finding and "HKCU" in found[0].finding
    quiet = FakeRegistry({("HKLM", AUTORUN_KEY, "AutoRun"): "doskey /macrofile=C:\\m.txt",
                          ("HKLM", LONG_PATHS_KEY, "LongPathsEnabled"): 1})
    assert findings(env, home, {"PATH": clean_path}, registry=quiet) == []


def test_long_paths(env, home, clean_path):
    deep_dir = env / "Lib" / ("x" * 120) / ("y" * 120)
    deep_dir.mkdir(parents=True)
    (deep_dir / "module.py").write_text("")
    off = FakeRegistry({("HKLM", LONG_PATHS_KEY, "LongPathsEnabled"): 0})
    found = findings(env, home, {"PATH": clean_path}, registry=off)
    assert ids_of(found) == ["machine.long-paths"] and found[0].severity is Severity.ERROR
    on = FakeRegistry({("HKLM", LONG_PATHS_KEY, "LongPathsEnabled"): 1})
    assert findings(env, home, {"PATH": clean_path}, registry=on) == []


def test_environments_txt(env, home, clean_path):
    registered = home / ".conda" / "environments.txt"
    registered.parent.mkdir()
    registered.write_text("/opt/other\n")
    found = findings(env, home, {"PATH": clean_path})
    assert ids_of(found) == ["machine.environments-txt"] and found[0].severity is Severity.INFO
    registered.write_text(f"/opt/other\n{env}\n")
    found = findings(env, home, {"PATH": clean_path})
    assert found[0].severity is Severity.WARNING


# -- command line ---------------------------------------------------------------------------

def _cli(args, environ, cwd=None):
    return subprocess.run([sys.executable, "-I", "-c",
                           "import sys; sys.path.insert(0, sys.argv.pop(1)); "
                           "from envstrap.cli import main; sys.exit(main())",
                           str(REPO / "src"), "doctor", *args],
                          env=environ, capture_output=True, text=True, cwd=cwd)


def test_cli_text_and_json_on_a_healthy_env(env, home, clean_path):
    environ = {"HOME": str(home), "PATH": clean_path}
    result = _cli([str(env)], environ)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"{len(CHECKS)} checks: no problems found"
    assert "\033[" not in result.stdout  # not a terminal: no colour
    result = _cli([str(env), "--json"], environ)
    report = json.loads(result.stdout)
    assert list(report) == JSON_KEYS
    assert report["schema"] == 1 and report["target"] == str(env) and report["error"] is None
    assert report["summary"] == {"error": 0, "warning": 0, "info": 0}
    assert report["findings"] == [] and len(report["checks"]) == len(CHECKS)


def test_cli_exit_codes(env, home, clean_path, tmp_path):
    environ = {"HOME": str(home), "PATH": clean_path, "VIRTUAL_ENV": "/v"}
    result = _cli([str(env), "--json"], environ)
    assert result.returncode == ExitCode.FAILED
    assert json.loads(result.stdout)["findings"][0]["id"] == "shell.other-env"
    result = _cli([str(tmp_path)], environ)
    assert result.returncode == ExitCode.NOT_AN_ENVSTRAP_ENV
    assert "is not an envstrap environment" in result.stderr
    result = _cli([], {"HOME": str(home), "PATH": clean_path})
    assert result.returncode == ExitCode.USAGE and "no environment is active" in result.stderr
    result = _cli([], {"HOME": str(home), **active(env, clean_path)})
    assert result.returncode == 0 and str(env) in result.stdout


JSON_KEYS = ["schema", "envstrap_version", "target", "deep", "error", "summary", "checks",
             "findings"]


def assert_json_error(stdout: str, target: str, code: int, message: str, deep=False) -> None:
    """stdout is exactly one JSON object saying doctor could not run (docs/doctor.md)."""
    report = json.loads(stdout)
    assert list(report) == JSON_KEYS, report
    assert report["schema"] == 1 and report["envstrap_version"] == __version__
    assert (report["target"], report["deep"]) == (target, deep)
    assert report["error"]["exit_code"] == code and message in report["error"]["message"], report
    assert report["summary"] == {"error": 0, "warning": 0, "info": 0}
    assert report["checks"] == [] and report["findings"] == []


def test_json_is_printed_also_when_doctor_cannot_run(env, home, clean_path, tmp_path):
    environ = {"HOME": str(home), "PATH": clean_path}
    result = _cli([str(tmp_path), "--json", "--deep"], environ)
    assert result.returncode == ExitCode.NOT_AN_ENVSTRAP_ENV
    assert_json_error(result.stdout, str(tmp_path), ExitCode.NOT_AN_ENVSTRAP_ENV,
                      "is not an envstrap environment", deep=True)
    assert "is not an envstrap environment" in result.stderr  # the person still reads it
    result = _cli(["--json"], environ)  # no TARGET, none active
    assert result.returncode == ExitCode.USAGE
    assert_json_error(result.stdout, "", ExitCode.USAGE, "no environment is active")
    result = _cli(["relative dir", "--json", "--bogus"], environ, cwd=tmp_path)
    assert result.returncode == ExitCode.USAGE
    assert_json_error(result.stdout, "relative dir", ExitCode.USAGE, "--bogus")
    result = _cli(["relative dir", "--bogus"], environ, cwd=tmp_path)
    assert result.stdout == ""  # only --json promises a document


def test_envstrap_sh_prints_json_where_there_is_no_python(tmp_path, home, clean_path):
    """envstrap.sh writes the document itself; the folder name needs every JSON escape."""
    sh = shutil.which("dash") or "sh"
    folder = tmp_path / 'not an env "q" \\ ü\t\x1b[2J \x7f'
    folder.mkdir()
    environ = {"HOME": str(home), "PATH": os.environ["PATH"]}
    script = str(REPO / "bootstrap" / "envstrap.sh")
    result = subprocess.run([sh, script, "doctor", str(folder), "--json"], env=environ,
                            capture_output=True, text=True, timeout=HANG_SECONDS)
    assert result.returncode == ExitCode.NOT_AN_ENVSTRAP_ENV, result.stderr
    assert_json_error(result.stdout, str(folder), ExitCode.NOT_AN_ENVSTRAP_ENV,
                      f"'{folder}' has no bin/python")
    result = subprocess.run([sh, script, "doctor", "--json", "--deep"], env=environ,
                            capture_output=True, text=True, timeout=HANG_SECONDS)
    assert result.returncode == ExitCode.USAGE
    assert_json_error(result.stdout, "", ExitCode.USAGE, "needs the environment folder",
                      deep=True)
    # a python that cannot start prints nothing: the script speaks for it
    (folder / "bin").mkdir()
    (folder / "bin" / "python").write_text("#!/bin/sh\nexit 127\n")
    (folder / "bin" / "python").chmod(0o755)
    result = subprocess.run([sh, script, "doctor", str(folder), "--json"], env=environ,
                            capture_output=True, text=True, timeout=HANG_SECONDS)
    assert result.returncode == ExitCode.NOT_AN_ENVSTRAP_ENV
    assert_json_error(result.stdout, str(folder), ExitCode.NOT_AN_ENVSTRAP_ENV,
                      "did not run doctor (exit status 127)")


def test_envstrap_bat_prints_json_where_there_is_no_python(tmp_path):
    """envstrap.bat, run in wine's cmd, writes the document itself (backslashes doubled)."""
    from tests.support import wine as winesupport

    wine = winesupport.start_wine()
    folder = tmp_path / "not an env (ü) R&D=1,2 it's"
    folder.mkdir()
    target = winesupport.windows_path(folder)
    bat = {"T_BAT": winesupport.windows_path(REPO / "bootstrap" / "envstrap.bat"),
           "T_TARGET": target}
    cases = [('"%T_BAT%" doctor "%T_TARGET%" --json', target, ExitCode.NOT_AN_ENVSTRAP_ENV,
              f"'{target}' has no python.exe", False),
             ('"%T_BAT%" doctor --deep --json', "", ExitCode.USAGE,
              "needs the environment folder first", True)]
    for i, (line, given, code, message, deep) in enumerate(cases):
        result = wine.run(line + "\n", tmp_path / f"work{i}", bat)
        assert result.returncode == code, result
        assert_json_error(result.stdout, given, code, message, deep=deep)


def test_envstrap_ps1_writes_the_same_document():
    """envstrap.ps1 (read only: there is no PowerShell here) builds the document with stage 1's
    keys in stage 1's order, and every way it stops reaches it once doctor --json is asked for.
    tests/test_bootstrap_ps1.py checks that the script parses."""
    text = (REPO / "bootstrap" / "envstrap.ps1").read_text(encoding="utf-8-sig")
    body = text[text.index("function Write-DoctorJsonError"):]
    body = body[:body.index("\n}")]
    assert re.findall(r"^        (\w+) = ", body, re.M) == JSON_KEYS
    assert "ConvertTo-Json -InputObject $document" in body
    stop = text[text.index("function Stop-Envstrap"):]
    assert "if ($script:DoctorJson) { Write-DoctorJsonError $Code $Message }" in \
        stop[:stop.index("\n}")]
    assert "$script:DoctorJson = [bool]($Arguments -ccontains '--json')" in text


def test_colour_only_on_a_terminal_without_no_color():
    assert use_colour(True, {}) is True
    assert use_colour(False, {}) is False
    assert use_colour(True, {"NO_COLOR": ""}) is False
    assert use_colour(True, {"TERM": "dumb"}) is False


def test_docs_list_every_check():
    text = (REPO / "docs" / "doctor.md").read_text()
    for info in CHECKS:
        assert f"| `{info.id}` |" in text, info.id


def test_every_windows_activation_file_is_checked(tmp_path, home, clean_path):
    from envstrap.activation import write_activation_scripts
    from envstrap.layout import WINDOWS

    env = make_finalized_env(tmp_path / "win env")
    layout = EnvLayout(env, WINDOWS)
    write_activation_scripts(layout)
    (env / "deactivate.bat").unlink()
    ctx = Context(layout=layout, environ={"PATH": clean_path}, home=home)
    found = [f for f in doctor.run_checks(ctx) if f.id == "target.activation"]
    assert [f.finding for f in found] == ["activation script deactivate.bat is missing"]


def test_windows_env_moved_to_a_refused_name_is_reported_not_a_crash(tmp_path, home, clean_path):
    from envstrap.activation import write_activation_scripts
    from envstrap.layout import WINDOWS

    env = make_finalized_env(tmp_path / "win env")
    write_activation_scripts(EnvLayout(env, WINDOWS))
    moved = tmp_path / "moved!here"  # cmd.exe activation cannot carry "!"
    shutil.move(str(env), moved)
    ctx = Context(layout=EnvLayout(moved, WINDOWS), environ={"PATH": clean_path}, home=home)
    found = doctor.run_checks(ctx)
    assert "target.moved" in ids_of(found)
    refused = [f for f in found if f.id == "target.refused-path"]
    assert len(refused) == 1 and "holds ! (it is eaten by cmd's delayed expansion" in \
        refused[0].finding
    # the same folder laid out for POSIX: nothing to refuse there
    posix = Context(layout=EnvLayout(moved), environ={"PATH": clean_path}, home=home)
    assert "target.refused-path" not in ids_of(doctor.run_checks(posix))


def test_zsh_compiled_copies_are_optional(tmp_path, home, clean_path, monkeypatch):
    """finalize makes zsh's .zwc copies only when it finds a zsh: doctor is content either way
    (a missing .zwc is no fault: zsh parses the file)."""
    from tests.support import shells

    shells.require("zsh")
    with_zsh = make_finalized_env(tmp_path / "with zsh")
    monkeypatch.setenv("PATH", clean_path)
    without = make_finalized_env(tmp_path / "without zsh")
    assert (with_zsh / "activate.zwc").is_file()
    assert not (without / "activate.zwc").exists()
    for made in (with_zsh, without):
        assert findings(made, home, {"PATH": clean_path}, ids={"target.activation"}) == []
