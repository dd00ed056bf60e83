"""bootstrap/envstrap.sh: command line, clean-shell guard and target checks.

All of these stop before micromamba would run, so they need no channel; each asserts the exit
code, the message, and that nothing was created or changed.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from envstrap.errors import ExitCode
from envstrap.guard import ACTIVE_ENV_MARKERS
from tests.conftest import REPO, checkout_with_pins, run_unprivileged
from tests.support import shells
from tests.support.shells import HANG_SECONDS

SCRIPT = REPO / "bootstrap" / "envstrap.sh"


def run_stage0(args: list[str], env: dict[str, str], cwd: Path, shell: str = "dash"):
    return subprocess.run([shells.require(shell), str(SCRIPT), *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=HANG_SECONDS)


@pytest.fixture
def env(isolated):
    return dict(isolated.env)


@pytest.fixture
def work(tmp_path):
    """A working folder of its own, so 'nothing was created' means an empty listing."""
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def test_shellcheck_clean():
    shellcheck = shells.require("shellcheck")
    scripts = [SCRIPT, *sorted((REPO / "tools").glob("*.sh"))]
    result = subprocess.run([shellcheck, "-s", "sh", *map(str, scripts)], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout


def test_help_and_version(env, work):
    result = run_stage0(["--help"], env, work)
    assert result.returncode == 0
    assert "Usage: envstrap.sh TARGET" in result.stdout and "--pkgs-dir" in result.stdout
    result = run_stage0(["--version"], env, work)
    assert result.returncode == 0 and result.stdout.startswith("envstrap ")


@pytest.mark.parametrize("args, message", [
    ([], "missing TARGET"),
    (["--bogus", "x"], "unknown option '--bogus'"),
    (["x", "--python"], "option --python needs a value"),
    (["x", "--python", "--with"], "option --python needs a value, got '--with'"),
    (["x", "--python=3.x"], "--python takes a version such as 3.12"),
    (["x", "--python", "3..1"], "--python takes a version"),
    (["x", "y"], "unexpected argument 'y'"),
    (["x", "--with="], "option --with needs a value"),
    (["x", "--with=--dry-run"], "option --with needs a value, got '--dry-run'"),
    (["x", "--channel=-c"], "option --channel needs a value, got '-c'"),
    (["x", "--with", "numpy\n--dry-run"], "option --with: a value must not contain a newline"),
    (["x", "--pkgs-dir=a\nb"], "option --pkgs-dir: a value must not contain a newline"),
    (["", "--python", "3.12"], "the target must not be empty"),
])
def test_bad_command_lines_exit_2_with_one_clear_message(args, message, env, work):
    result = run_stage0(args, env, work)
    assert result.returncode == ExitCode.USAGE
    assert f"envstrap: error: {message}" in result.stderr
    assert "see 'envstrap.sh --help'" in result.stderr
    assert list(work.iterdir()) == []


@pytest.mark.parametrize("marker", ACTIVE_ENV_MARKERS, ids=lambda m: m.variable)
def test_refuses_to_run_in_a_shell_with_an_active_environment(marker, env, work):
    env[marker.variable] = "3" if marker.positive_number else "/active/env"
    result = run_stage0([str(work / "new")], env, work)
    assert result.returncode == ExitCode.SHELL_NOT_CLEAN
    assert f"{marker.variable} is set" in result.stderr
    assert "open a new shell" in result.stderr
    assert not (work / "new").exists()


def test_conda_shlvl_zero_counts_as_clean(env, work):
    env["CONDA_SHLVL"] = "0"
    result = run_stage0([str(work / "new"), "--micromamba", str(work / "none")], env, work)
    assert result.returncode == ExitCode.MICROMAMBA_UNAVAILABLE  # got past the guard
    assert "is not an executable file" in result.stderr


def _refused(result, text):
    assert result.returncode == ExitCode.TARGET_REFUSED, result.stderr
    assert text in result.stderr


def test_refuses_root_and_home(env, work):
    _refused(run_stage0(["/"], env, work), "the target is the root folder")
    _refused(run_stage0([env["HOME"]], env, work), "is your home folder")
    _refused(run_stage0([env["HOME"] + "/sub/.."], env, work), "is your home folder")


def test_refuses_a_file_and_leaves_it_alone(env, work):
    target = work / "file"
    target.write_text("keep me")
    _refused(run_stage0([str(target)], env, work), "exists and is not a folder")
    assert target.read_text() == "keep me"


@pytest.mark.parametrize("content, why", [
    ("keep-me", "it is not empty"),
    ("conda-meta/history", "conda environment that envstrap did not create"),
    ("pyvenv.cfg", "it holds a virtualenv"),
])
def test_refuses_non_empty_folders_and_deletes_nothing(content, why, env, work):
    target = work / "busy"
    (target / content).parent.mkdir(parents=True, exist_ok=True)
    (target / content).write_text("precious")
    _refused(run_stage0([str(target)], env, work), why)
    assert (target / content).read_text() == "precious"
    assert sorted(p.name for p in target.iterdir()) == [content.split("/")[0]]


def test_refuses_symlink_to_home(env, work):
    link = work / "link"
    link.symlink_to(env["HOME"])
    _refused(run_stage0([str(link)], env, work), "resolves to")


def test_refuses_unwritable_parent(env, work):
    parent = work / "ro"
    parent.mkdir()
    parent.chmod(0o555)
    result = run_unprivileged([str(parent / "new")], work, env)
    _refused(result, "is not writable")
    assert list(parent.iterdir()) == []


def test_refuses_parent_that_is_a_file(env, work):
    (work / "afile").write_text("x")
    _refused(run_stage0([str(work / "afile" / "env")], env, work), "is not a folder")


@pytest.mark.parametrize("bad", ["a:b", "a\nb"])
def test_refuses_characters_a_path_entry_cannot_hold(bad, env, work):
    _refused(run_stage0([str(work / bad)], env, work), "the target")
    assert list(work.iterdir()) == []


def test_platform_missing_from_the_pins_says_so_and_creates_nothing(env, work, tmp_path):
    """A pins file with no line for this machine: refused before anything is written."""
    pins = "version 2.5.0-1\nwin-64 " + "0" * 64 + " https://example.org/micromamba-win-64\n"
    script = checkout_with_pins(tmp_path, pins)
    result = subprocess.run([shells.require("dash"), str(script), "relative/new env"], env=env,
                            cwd=work, capture_output=True, text=True, timeout=HANG_SECONDS)
    assert result.returncode == ExitCode.MICROMAMBA_UNAVAILABLE
    assert f"envstrap: target: {work}/relative/new env" in result.stderr
    assert "pins no checksum of micromamba 2.5.0-1 for linux-64" in result.stderr
    assert "pass --micromamba PATH" in result.stderr
    assert list(work.iterdir()) == []


def _bundle(folder: Path) -> Path:
    """A folder that passes a bundle's checks up to its micromamba's pin check: its lock,
    channels and micromamba (a script that only says a version) listed in SHA256SUMS."""
    import hashlib

    from envstrap.layout import conda_subdir

    files = {"lock.txt": "# platform: linux-64\n@EXPLICIT\n", "channels.txt": "conda-forge\n",
             f"micromamba/{conda_subdir()}/micromamba": "#!/bin/sh\necho 2.5.0\n"}
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    (folder / "SHA256SUMS").write_text("".join(
        f"{hashlib.sha256(text.encode()).hexdigest()}  {name}\n" for name, text in files.items()))
    return folder


@pytest.mark.parametrize("how", ["download", "bundle"])
def test_a_checkout_without_its_pins_file_is_refused(how, env, work, tmp_path):
    """No micromamba.pins: nothing to check a download or a bundle's micromamba against, so
    both are refused alike (exit 5, one message) before anything is written."""
    script = checkout_with_pins(tmp_path, "")
    pins = script.with_name("micromamba.pins")
    pins.unlink()
    args = [str(work / "new")]
    if how == "bundle":
        args += ["--bundle", str(_bundle(tmp_path / "bundle"))]
    result = subprocess.run([shells.require("dash"), str(script), *args], env=env, cwd=work,
                            capture_output=True, text=True, timeout=HANG_SECONDS)
    assert result.returncode == ExitCode.MICROMAMBA_UNAVAILABLE, result.stderr
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert errors == [f"envstrap: error: the pins file '{pins}' is missing."]
    assert "envstrap: hint: use a complete envstrap checkout" in result.stderr
    assert list(work.iterdir()) == []


def test_micromamba_that_does_not_run_is_refused(env, work):
    fake = work / "micromamba"
    fake.write_text("#!/bin/sh\nexit 3\n")
    fake.chmod(0o755)
    result = run_stage0([str(work / "new"), "--micromamba", str(fake)], env, work)
    assert result.returncode == ExitCode.MICROMAMBA_UNAVAILABLE
    assert "--version' failed" in result.stderr
    assert not (work / "new").exists()
    result = run_stage0([str(work / "new"), "--micromamba", str(work / "nope")], env,
                        work)
    assert result.returncode == ExitCode.MICROMAMBA_UNAVAILABLE
    assert "is not an executable file" in result.stderr
