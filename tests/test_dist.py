"""The single files of dist/, built by tools/build.py and tested as a user gets them.

Each test copies only the built file into an empty folder outside the checkout and runs it
against the local test channel with the micromamba STAND-IN (tests/standins/micromamba.py):
the same environment as the checkout's script makes, doctor and bundle from the single file,
doctor from the environment alone, a damaged stage 1 refused before anything runs, and two
builds of one commit byte-identical.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from envstrap.errors import ExitCode
from tests.conftest import REPO
from tests.support import shells
from tests.support.channel import HOOKS_PACKAGE, PYTHON_VERSION
from tests.support.isolation import IsolatedHome, make_isolated_home
from tests.support.shells import HANG_SECONDS

PY = ".".join(PYTHON_VERSION.split(".")[:2])
# Spaces, non-ASCII letters, & and parentheses: all must work from the single file.
TARGET_NAME = "py ü & co (3.11)"
DIST_FILES = ("envstrap.sh", "envstrap.bat", "envstrap.ps1")
TIME = re.compile(rb"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\dZ?")

pytestmark = pytest.mark.e2e


def build(out: Path) -> Path:
    """`python3 tools/build.py --out OUT`, the documented command."""
    result = subprocess.run([sys.executable, str(REPO / "tools" / "build.py"), "--out", str(out)],
                            capture_output=True, text=True, timeout=HANG_SECONDS)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("dist"))


def downloaded(dist: Path, name: str, folder: Path) -> Path:
    """Only `name` from dist/, in an empty folder of its own (as a user downloads it)."""
    folder.mkdir(parents=True)
    shutil.copy2(dist / name, folder / name)
    return folder / name


def run_sh(script: Path, args: list[str], isolated: IsolatedHome):
    return subprocess.run([shells.require("dash"), str(script), *args], env=isolated.env,
                          cwd=isolated.root, capture_output=True, text=True, timeout=300)


def make_args(target: Path, micromamba: Path, channel_url: str) -> list[str]:
    return [str(target), "--python", PY, "--micromamba", str(micromamba), "--channel",
            channel_url, "--with", HOOKS_PACKAGE]


def tree_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


# ---- the build ----------------------------------------------------------------------------------

def test_two_builds_of_one_commit_are_byte_identical(dist, tmp_path):
    again = build(tmp_path / "again")
    names = sorted(os.listdir(dist))
    assert names == sorted([*DIST_FILES, "SHA256SUMS"]) == sorted(os.listdir(again))
    for name in names:
        assert (dist / name).read_bytes() == (again / name).read_bytes(), name


def test_sha256sums_lists_every_single_file(dist):
    lines = (dist / "SHA256SUMS").read_text().splitlines()
    assert lines == [f"{hashlib.sha256((dist / n).read_bytes()).hexdigest()}  {n}"
                     for n in DIST_FILES]
    # the format sha256sum -c reads
    result = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=dist, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dist_is_not_committed():
    assert "/dist/" in (REPO / ".gitignore").read_text().splitlines()


def test_sh_single_file_is_shellcheck_clean(dist):
    """The script part (what follows the marker is base64 data the shell never reads)."""
    code = (dist / "envstrap.sh").read_text().split("#__ENVSTRAP_STAGE1_BASE64__\n", 1)[0]
    assert code.endswith("\nexit 1\n")
    result = subprocess.run([shells.require("shellcheck"), "-s", "sh", "-"], input=code,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


# ---- envstrap.sh as a user gets it --------------------------------------------------------------

@pytest.fixture(scope="module")
def pair(tmp_path_factory, dist, micromamba, channel_url):
    """The same target made twice, by the checkout's envstrap.sh and by dist/envstrap.sh alone
    (the first moved aside before the second run, so every path in them is the same)."""
    root = tmp_path_factory.mktemp("pair")
    isolated = make_isolated_home(root / "isolated")
    target = isolated.root / "my envs" / TARGET_NAME
    args = make_args(target, micromamba, channel_url)
    result = run_sh(REPO / "bootstrap" / "envstrap.sh", args, isolated)
    assert result.returncode == 0, result.stderr
    reference = target.with_name("reference")
    target.rename(reference)
    script = downloaded(dist, "envstrap.sh", root / "Downloads")
    result = run_sh(script, args, isolated)
    assert result.returncode == 0, result.stdout + result.stderr
    return reference, target, isolated, script, result


def test_single_file_makes_the_same_environment_as_the_checkout(pair, dist):
    reference, target, isolated, script, result = pair
    assert isolated.leftovers() == []
    assert os.listdir(script.parent) == ["envstrap.sh"]  # nothing written next to it
    ours, theirs = tree_files(target), tree_files(reference)
    # Both keep the stage 1 that made them, byte for byte the one built into the single file.
    assert ours[".envstrap/stage1.pyz"] == theirs[".envstrap/stage1.pyz"] == _built_zipapp(dist)
    assert sorted(ours) == sorted(theirs)
    manifests = [json.loads(files.pop(".envstrap/manifest.json")) for files in (ours, theirs)]
    for manifest in manifests:
        del manifest["timestamps"]
    assert manifests[0] == manifests[1]
    for name in ours:  # every file the same, times aside (the complete marker holds one)
        assert TIME.sub(b"T", ours[name]) == TIME.sub(b"T", theirs[name]), name
    for name in (".envstrap/lock.txt", "activate", "activate.fish", ".condarc"):
        assert name in ours
    assert any(n.startswith("conda-meta/python-") for n in ours)


def _built_zipapp(dist: Path) -> bytes:
    import base64

    text = (dist / "envstrap.sh").read_text().split("#__ENVSTRAP_STAGE1_BASE64__\n", 1)[1]
    return base64.b64decode(text)


def test_doctor_and_bundle_from_the_single_file(pair, micromamba, tmp_path):
    reference, target, isolated, script, result = pair
    doctor = run_sh(script, ["doctor", str(target), "--json"], isolated)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert json.loads(doctor.stdout)["summary"]["error"] == 0
    # It ran the environment's own stage 1 (the same build): nothing new was written.
    assert sorted(p.name for p in (target / ".envstrap").glob("stage1*")) == ["stage1.pyz"]
    out = tmp_path / "bundle out"
    bundle = run_sh(script, ["bundle", str(target), str(out), "--micromamba", str(micromamba)],
                    isolated)
    assert bundle.returncode == 0, bundle.stderr
    assert (out / "SHA256SUMS").is_file() and (out / "lock.txt").is_file()
    # Alone, the single file checks a bundle's micromamba against its built-in pins: the
    # stand-in says it is the pinned version without being the pinned build.
    refused = run_sh(script, [str(tmp_path / "new" / "env"), "--bundle", str(out)], isolated)
    assert refused.returncode == ExitCode.MICROMAMBA_UNAVAILABLE, refused.stderr
    assert "which micromamba.pins pins, but its sha256" in refused.stderr
    assert not (tmp_path / "new").exists()
    assert isolated.leftovers() == []


def test_doctor_runs_from_the_environment_alone(pair):
    """The documented command: the environment's python and the stage 1 it keeps."""
    reference, target, isolated, script, result = pair
    argv = [str(target / "bin" / "python"), "-I", str(target / ".envstrap" / "stage1.pyz"),
            "doctor", str(target)]
    run = subprocess.run([*argv, "--json"], env=isolated.env, cwd="/", capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads(run.stdout)["summary"]["error"] == 0


def test_doctor_of_an_environment_made_by_another_build_writes_this_stage1_beside_its_own(
        pair, tmp_path):
    reference, target, isolated, script, result = pair
    # An environment made by another envstrap build: the single file's stage 1 goes next to
    # the environment's own, which stays as it is.
    own = reference / ".envstrap" / "stage1.pyz"
    own.write_bytes(b"another build")
    doctor = run_sh(script, ["doctor", str(reference)], isolated)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    written = sorted(p.name for p in (reference / ".envstrap").glob("stage1-*"))
    assert len(written) == 1 and written[0].endswith(".pyz")
    assert own.read_bytes() == b"another build"


def test_without_base64_openssl_decodes_stage1(pair, tmp_path):
    """A PATH holding every program of /usr/bin but base64: envstrap.sh falls back to openssl."""
    reference, target, isolated, script, result = pair
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed")
    bin_dir = tmp_path / "no-base64"
    bin_dir.mkdir()
    for program in Path("/usr/bin").iterdir():
        if program.name != "base64":
            (bin_dir / program.name).symlink_to(program)
    env = dict(isolated.env, PATH=str(bin_dir))
    fresh = tmp_path / "env copy"
    shutil.copytree(target, fresh, symlinks=True)
    (fresh / ".envstrap" / "stage1.pyz").unlink()
    run = subprocess.run([shells.require("dash"), str(script), "doctor", str(fresh)], env=env,
                         capture_output=True, text=True, timeout=300)
    assert "damaged" not in run.stderr and "cannot write" not in run.stderr, run.stderr
    written = list((fresh / ".envstrap").glob("stage1-*.pyz"))
    assert len(written) == 1 and written[0].read_bytes() == _built_zipapp(pair_dist(script))
    # and it was openssl: without it too, there is nothing to decode with
    written[0].unlink()
    (bin_dir / "openssl").unlink()
    run = subprocess.run([shells.require("dash"), str(script), "doctor", str(fresh)], env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == ExitCode.FAILED
    assert "cannot write envstrap's stage 1" in run.stderr and "base64 or openssl" in run.stderr
    assert list((fresh / ".envstrap").glob("stage1-*")) == []


def pair_dist(script: Path) -> Path:
    """The folder holding the single file: _built_zipapp reads envstrap.sh from it."""
    return script.parent


# ---- a damaged single file ----------------------------------------------------------------------

def _damaged(dist: Path, folder: Path, old: bytes, new: bytes) -> Path:
    script = downloaded(dist, "envstrap.sh", folder)
    data = script.read_bytes()
    assert data.count(old) >= 1
    script.write_bytes(data.replace(old, new, 1))
    return script


def _payload_byte_flipped(dist: Path, folder: Path) -> Path:
    script = downloaded(dist, "envstrap.sh", folder)
    data = bytearray(script.read_bytes())
    at = data.index(b"#__ENVSTRAP_STAGE1_BASE64__\n") + 1000
    data[at] = ord("A") if data[at] != ord("A") else ord("B")
    script.write_bytes(bytes(data))
    return script


@pytest.fixture
def recorder(tmp_path) -> tuple[Path, Path]:
    """A micromamba that only records that it ran."""
    ran = tmp_path / "micromamba ran"
    exe = tmp_path / "recorder" / "micromamba"
    exe.parent.mkdir()
    exe.write_text(f"#!/bin/sh\n: >'{ran}'\necho 2.5.0\n")
    exe.chmod(0o755)
    return exe, ran


def test_one_byte_changed_in_stage1_is_refused_before_anything_runs(dist, tmp_path, recorder,
                                                                      channel_url):
    micromamba, ran = recorder
    isolated = make_isolated_home(tmp_path / "isolated")
    script = _payload_byte_flipped(dist, tmp_path / "Downloads")
    target = isolated.root / "envs" / TARGET_NAME
    result = run_sh(script, make_args(target, micromamba, channel_url), isolated)
    assert result.returncode == ExitCode.STAGE1_DAMAGED == 10
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert errors == [line for line in result.stderr.splitlines()
                      if line.startswith("envstrap: error: this envstrap.sh is damaged: its "
                                         "built-in stage 1 has sha256 ")]
    assert len(errors) == 1
    assert "download it again and check it against SHA256SUMS" in result.stderr
    assert not ran.exists() and not (isolated.root / "envs").exists()
    assert isolated.leftovers() == [] and os.listdir(script.parent) == ["envstrap.sh"]
    # doctor and bundle refuse it too
    result = run_sh(script, ["doctor", str(target)], isolated)
    assert result.returncode == ExitCode.STAGE1_DAMAGED


def test_stage1_that_decodes_to_other_bytes_is_refused_and_the_target_removed(
        dist, tmp_path, recorder, channel_url):
    """The text checksum passes but the decoded zipapp is not the built one (say, a decoder
    that misbehaves): refused before micromamba runs, and the target this run made is gone."""
    micromamba, ran = recorder
    isolated = make_isolated_home(tmp_path / "isolated")
    built = hashlib.sha256(_built_zipapp(dist)).hexdigest().encode()
    script = _damaged(dist, tmp_path / "Downloads", b"STAGE1_SHA256='" + built,
                      b"STAGE1_SHA256='" + b"0" * 64)
    target = isolated.root / "envs" / TARGET_NAME
    result = run_sh(script, make_args(target, micromamba, channel_url), isolated)
    assert result.returncode == ExitCode.STAGE1_DAMAGED, result.stderr
    assert f"decodes to sha256 {built.decode()}, expected {'0' * 64}" in result.stderr
    assert not ran.exists() and not (isolated.root / "envs").exists()
    assert isolated.leftovers() == []


def test_pins_are_built_in(dist, tmp_path):
    """No micromamba.pins next to the single file: it uses the pins built into it."""
    isolated = make_isolated_home(tmp_path / "isolated")
    script = downloaded(dist, "envstrap.sh", tmp_path / "Downloads")
    text = script.read_text()
    for line in (REPO / "bootstrap" / "micromamba.pins").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            assert f"\n{line}\n" in text or f"'{line}\n" in text or f"\n{line}'" in text, line
    # --offline with no cache: it reads the built-in pins, then finds nothing cached.
    target = isolated.root / "envs" / "off"
    result = run_sh(script, [str(target), "--offline"], isolated)
    assert result.returncode == ExitCode.MICROMAMBA_UNAVAILABLE, result.stderr
    assert "pins file" not in result.stderr
    assert "--offline, and no verified micromamba is cached" in result.stderr


# ---- envstrap.ps1 (no PowerShell here: parsed, and its payload read as Read-BuiltStage1 does) ---

def test_ps1_single_file_passes_every_check_of_the_source_script(dist):
    env = dict(os.environ, ENVSTRAP_TEST_PS1=str(dist / "envstrap.ps1"))
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             str(REPO / "tests" / "test_bootstrap_ps1.py")], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout


def _ps1_parts(data: bytes) -> tuple[str, str]:
    text = data.decode("utf-8-sig")
    marker = "<#__ENVSTRAP_STAGE1_BASE64__"
    start = text.rindex(marker)
    end = text.index("#>", start)
    return text, text[start + len(marker):end]


def test_ps1_payload_is_the_built_stage1(dist):
    """What Read-BuiltStage1 reads: the text between the last marker and the next #>, base64
    with line breaks (FromBase64String skips white space), whose sha256 is $STAGE1_SHA256."""
    import base64

    text, body = _ps1_parts((dist / "envstrap.ps1").read_bytes())
    zipapp = base64.b64decode("".join(body.split()), validate=True)
    assert zipapp == _built_zipapp(dist)
    sha = hashlib.sha256(zipapp).hexdigest()
    assert f"$STAGE1_SHA256 = '{sha}'" in text
    # the marker is written whole only in the data, never in the code
    assert text.count("<#__ENVSTRAP_STAGE1_BASE64__") == 1
    assert text.rstrip().endswith("#>")
    pins = [ln for ln in (REPO / "bootstrap" / "micromamba.pins").read_text().splitlines()
            if ln.strip() and not ln.startswith("#")]
    assert "$BUILT_PINS = '" + "\r\n".join(pins) + "'" in text


def test_ps1_one_byte_changed_no_longer_matches_its_checksum(dist):
    data = bytearray((dist / "envstrap.ps1").read_bytes())
    at = data.rindex(b"<#__ENVSTRAP_STAGE1_BASE64__") + 1000
    data[at] = ord("A") if data[at] != ord("A") else ord("B")
    text, body = _ps1_parts(bytes(data))
    import base64

    sha = hashlib.sha256(base64.b64decode("".join(body.split()))).hexdigest()
    assert f"$STAGE1_SHA256 = '{sha}'" not in text


def test_ps1_checks_stage1_before_writing_and_writes_it_before_micromamba_runs():
    code = (REPO / "bootstrap" / "envstrap.ps1").read_text(encoding="utf-8-sig")
    main = code[code.index("function Invoke-Main"):]
    order = [main.index(step) for step in (
        "Find-Stage1", "$script:Writing = $true", "Enter-RunLock", "Write-Stage1 $script:Stage1Src",
        "Get-Micromamba", "New-Environment", "Invoke-HandOver")]
    assert order == sorted(order)
    find = code[code.index("function Find-Stage1"):code.index("function Get-Platform")]
    assert find.index("Read-BuiltStage1") < find.index("Join-Path $PSScriptRoot")
    verbs = code[code.index("function Invoke-Stage1Command"):code.index("function Complete-Run")]
    assert verbs.index("Find-Stage1") < verbs.index("Write-Stage1") < verbs.index("& $python")


# ---- envstrap.bat in wine's cmd, as far as the Windows stand-ins go ---------------------------
# (tests/standins/windows_stage0.c plays micromamba.exe, python.exe and certutil.exe, whose
# -decode it implements; what python.exe would do with the zipapp is the POSIX tests' part.)

@pytest.fixture(scope="module")
def bat_standin() -> Path:
    from tests.support import wine_stage0

    return wine_stage0.build_stage0_standin()


@pytest.fixture(scope="module")
def bat_wine(bat_standin):
    from tests.support import wine_stage0

    session = wine_stage0.start_stage0_wine(bat_standin)
    yield session
    session.stop()


@pytest.fixture
def tmp_path(tmp_path_factory) -> Path:
    """Short folders for every test of this module (wine_stage0.short_tmp_path)."""
    from tests.support import wine_stage0

    return wine_stage0.short_tmp_path(tmp_path_factory)


def _bat_run(bat_wine, tmp_path, bat: Path, args: str, env: dict[str, str], timeout: float = 60):
    from tests.test_bootstrap_bat import run_bat

    return run_bat(bat_wine, tmp_path, args, env, bat=bat, timeout=timeout)


def test_bat_single_file_makes_the_same_environment_as_the_checkout(dist, bat_wine, bat_standin,
                                                                    tmp_path):
    from tests.support.wine import windows_path
    from tests.test_bootstrap_bat import SRC, tree

    mm = tmp_path / "tools (x)" / "micromamba.exe"
    mm.parent.mkdir()
    shutil.copyfile(bat_standin, mm)
    target = tmp_path / "envs" / TARGET_NAME
    env = {"T_TARGET": windows_path(target), "T_MM": windows_path(mm)}
    args = '"%T_TARGET%" --python 3.12 --micromamba "%T_MM%"'
    checkout = _bat_run(bat_wine, tmp_path, REPO / "bootstrap" / "envstrap.bat", args, env)
    assert checkout.rc == 0, checkout
    reference = target.with_name("reference")
    target.rename(reference)

    script = downloaded(dist, "envstrap.bat", tmp_path / "Downloads (ü & co)")
    single = _bat_run(bat_wine, tmp_path, script, args, env)
    assert single.rc == 0, single
    assert os.listdir(script.parent) == ["envstrap.bat"]
    assert single.argv("micromamba") == checkout.argv("micromamba")
    zipapp = windows_path(target / ".envstrap" / "stage1.pyz")
    assert single.argv("python") == [[zipapp if a == SRC else a for a in argv]
                                     for argv in checkout.argv("python")]
    assert (target / ".envstrap" / "stage1.pyz").read_bytes() == _built_zipapp(dist)
    assert tree(target) == sorted([*tree(reference), os.path.join(".envstrap", "stage1.pyz")])
    # decoded with certutil -decode, checked with certutil -hashfile, before micromamba ran
    progs = [c["prog"] for c in single.calls]
    assert progs.index("micromamba") > max(i for i, c in enumerate(single.calls)
                                          if c["prog"] == "certutil"
                                          and c["argv"][0].lower() == "-hashfile"
                                          and c["argv"][1] == zipapp + ".partial")
    assert ["-decode", zipapp + ".base64", zipapp + ".partial"] in single.argv("certutil")

    # doctor from the single file runs the environment's own stage 1
    doctor = _bat_run(bat_wine, tmp_path, script, 'doctor "%T_TARGET%" --json', env)
    assert doctor.rc == 0, doctor
    assert doctor.argv("python") == [["-I", "-B", "-c", _boot(), zipapp, "doctor",
                                      windows_path(target), "--json"]]
    assert sorted(p.name for p in (target / ".envstrap").glob("stage1*")) == ["stage1.pyz"]


def _boot() -> str:
    from envstrap.stage0 import STAGE1_BOOT

    return STAGE1_BOOT


def test_bat_one_byte_changed_is_refused_before_anything_runs(dist, bat_wine, bat_standin,
                                                              tmp_path):
    from tests.support.wine import windows_path

    mm = tmp_path / "tools" / "micromamba.exe"
    mm.parent.mkdir()
    shutil.copyfile(bat_standin, mm)
    script = downloaded(dist, "envstrap.bat", tmp_path / "Downloads")
    data = bytearray(script.read_bytes())
    at = data.index(b"REM Stage 1, read by :write_stage1:\r\n") + 1000
    data[at] = ord("A") if data[at] != ord("A") else ord("B")
    script.write_bytes(bytes(data))
    target = tmp_path / "new parent" / TARGET_NAME
    env = {"T_TARGET": windows_path(target), "T_MM": windows_path(mm)}
    run = _bat_run(bat_wine, tmp_path, script, '"%T_TARGET%" --micromamba "%T_MM%"', env)
    assert run.rc == ExitCode.STAGE1_DAMAGED, run
    assert len(run.errors()) == 1, run
    assert run.errors()[0].startswith("envstrap: error: this envstrap.bat is damaged: its "
                                      "built-in stage 1 has sha256 "), run
    assert "download it again and check it against SHA256SUMS" in run.err
    assert run.argv("micromamba") == [] and run.argv("python") == []
    assert not (tmp_path / "new parent").exists()  # what this run created is gone
    assert os.listdir(script.parent) == ["envstrap.bat"]
    # An empty folder given as the target stays empty, so an intact file can use it next.
    target.mkdir(parents=True)
    run = _bat_run(bat_wine, tmp_path, script, '"%T_TARGET%" --micromamba "%T_MM%"', env)
    assert run.rc == ExitCode.STAGE1_DAMAGED and len(run.errors()) == 1, run
    assert list(target.iterdir()) == [] and run.argv("micromamba") == []
    good = _bat_run(bat_wine, tmp_path, dist / "envstrap.bat", '"%T_TARGET%" --micromamba "%T_MM%"',
                    env)
    assert good.rc == 0, good


def test_bat_single_file_checks_a_bundles_micromamba_against_its_built_in_pins(dist, bat_wine,
                                                                               bat_standin,
                                                                               tmp_path):
    """Alone (no micromamba.pins beside it), dist/envstrap.bat compares a bundle's micromamba
    with the pins built into it, as dist/envstrap.sh does: the stand-in says it is the pinned
    version without being the pinned build."""
    from tests.support.wine import windows_path
    from tests.test_bootstrap_bat import BUNDLE_TIMEOUT, make_bundle

    bundle = make_bundle(tmp_path, bat_standin)
    script = downloaded(dist, "envstrap.bat", tmp_path / "Downloads")
    target = tmp_path / "new" / TARGET_NAME
    env = {"T_TARGET": windows_path(target), "T_BUNDLE": windows_path(bundle)}
    run = _bat_run(bat_wine, tmp_path, script, '"%T_TARGET%" --bundle "%T_BUNDLE%"', env,
                   timeout=BUNDLE_TIMEOUT)
    assert run.rc == ExitCode.MICROMAMBA_UNAVAILABLE, run
    assert len(run.errors()) == 1 and "which micromamba.pins pins, but its sha256" in (
        run.errors()[0]), run
    assert run.argv("micromamba") == [["--version"]] and run.argv("python") == []
    assert not (tmp_path / "new").exists()


def test_bat_single_file_accepts_a_bundled_micromamba_its_built_in_pins_pin(bat_wine, bat_standin,
                                                                           tmp_path):
    """The accepting branch of that check, through the same :load_pins: dist/envstrap.bat built
    from a checkout whose micromamba.pins pins the stand-in's own sha256 for win-64 takes the
    bundle as the pinned build and makes the environment."""
    from tests.conftest import checkout_with_pins, pins_pinning
    from tests.support.wine import windows_path
    from tests.test_bootstrap_bat import BUNDLE_TIMEOUT, PINNED, make_bundle

    script = checkout_with_pins(tmp_path, pins_pinning(bat_standin, "win-64"))
    shutil.copytree(REPO / "tools", script.parents[1] / "tools")
    built = subprocess.run([sys.executable, str(script.parents[1] / "tools" / "build.py"), "--out",
                            str(tmp_path / "dist")], capture_output=True, text=True,
                           timeout=HANG_SECONDS)
    assert built.returncode == 0, built.stderr
    script = downloaded(tmp_path / "dist", "envstrap.bat", tmp_path / "Downloads")
    bundle = make_bundle(tmp_path, bat_standin)
    target = tmp_path / "new" / TARGET_NAME
    env = {"T_TARGET": windows_path(target), "T_BUNDLE": windows_path(bundle)}
    run = _bat_run(bat_wine, tmp_path, script, '"%T_TARGET%" --bundle "%T_BUNDLE%"', env,
                   timeout=BUNDLE_TIMEOUT)
    assert run.rc == 0 and run.errors() == [], run
    assert f"envstrap: the bundle's micromamba is the pinned {PINNED} build" in run.err
    assert [a[0] for a in run.argv("micromamba")] == ["--version", "install"]
    assert (target / ".envstrap" / "complete").is_file()
