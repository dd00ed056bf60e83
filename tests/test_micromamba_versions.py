"""The micromamba versions envstrap supports (1.5.x and 2.x, docs/micromamba-versions.md), run
for real through envstrap.sh with the micromamba STAND-IN in its 1.x and 2.x modes
(tests/standins/micromamba.py, "Version modes"), and bundles as envstrap.sh reads them."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from envstrap.errors import ExitCode
from tests.conftest import REPO
from tests.standins.micromamba import write_launcher
from tests.support import shells
from tests.support.channel import PYTHON_VERSION
from tests.support.isolation import IsolatedHome, make_isolated_home

SCRIPT = REPO / "bootstrap" / "envstrap.sh"
PY = ".".join(PYTHON_VERSION.split(".")[:2])
ADVICE = ("To activate this environment", "micromamba activate", "micromamba run")

pytestmark = pytest.mark.e2e


def run(isolated: IsolatedHome, *args: object, unshare: bool = False):
    cmd = [shells.require("dash"), str(SCRIPT), *map(str, args)]
    if unshare:
        cmd = [shells.require("unshare"), "-rn", *cmd]
    return subprocess.run(cmd, env=isolated.env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("version", ["1.4.3", "0.27.0", "3.0.0", "1.5"])
def test_an_unsupported_micromamba_is_refused_and_leaves_nothing(tmp_path, version):
    """Asked for its version once the run holds its lock, before it installs anything; the
    folders this run made are removed again."""
    isolated = make_isolated_home(tmp_path / "isolated")
    fake = tmp_path / "bin" / "micromamba"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\n[ \"$1\" = --version ] && echo {version} && exit 0\n"
                    ": >\"$0.ran\"; exit 1\n")
    fake.chmod(0o755)
    target = isolated.root / "new" / "env"
    result = run(isolated, target, "--micromamba", fake, "--channel", "file:///nowhere")
    assert result.returncode == ExitCode.MICROMAMBA_UNAVAILABLE, result.stderr
    assert (f"envstrap: error: micromamba {version} is not supported: envstrap works with "
            "micromamba 1.5.x and 2.x.") in result.stderr
    assert not (isolated.root / "new").exists() and not Path(f"{fake}.ran").exists()


@pytest.fixture(scope="module")
def made_with_1x(tmp_path_factory, channel_url):
    """An environment made with micromamba 1.5.5 (the stand-in's 1.x mode), and its bundle."""
    base = tmp_path_factory.mktemp("one x")
    isolated = make_isolated_home(base / "isolated")
    mm = write_launcher(base / "mm bin", version="1.5.5")
    source = isolated.root / "envs" / "source"
    made = run(isolated, source, "--python", PY, "--micromamba", mm, "--channel", channel_url)
    assert made.returncode == 0, made.stderr
    out = isolated.root / "bundles" / "one x"
    bundled = run(isolated, "bundle", source, out, "--micromamba", mm)
    assert bundled.returncode == 0, bundled.stderr
    return isolated, source, out, made


def test_1x_makes_the_environment_without_its_activation_advice(made_with_1x):
    isolated, source, _, made = made_with_1x
    assert "Linking python-" in made.stdout  # micromamba's progress still reaches the user
    for text in ADVICE:
        assert text not in made.stdout + made.stderr, text
    assert "envstrap: done. Activate with:" in made.stderr
    assert isolated.leftovers() == []


def test_1x_bundle_round_trip_with_no_network(made_with_1x, tmp_path):
    isolated, source, out, _ = made_with_1x
    target = tmp_path / "from bundle"
    result = run(isolated, target, "--bundle", out, unshare=True)
    assert result.returncode == 0, result.stderr
    assert (target / ".envstrap" / "complete").is_file()
    lock = (target / ".envstrap" / "lock.txt").read_text()
    assert f"/pkgs/linux-64/python-{PYTHON_VERSION}" in lock and "/pkgs/noarch/pip-" in lock
    assert isolated.leftovers() == []


def _copy(out: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "bundle copy"
    shutil.copytree(out, copy)
    return copy


def _write_sums(bundle: Path, leave_out: str = "") -> None:
    files = sorted(p for p in bundle.rglob("*") if p.is_file() and p.name != "SHA256SUMS")
    (bundle / "SHA256SUMS").write_text("".join(
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(bundle).as_posix()}\n"
        for p in files if p.relative_to(bundle).as_posix() != leave_out))


def test_an_old_flat_bundle_is_refused_with_a_clear_message(made_with_1x, tmp_path):
    isolated, _, out, _ = made_with_1x
    bundle = _copy(out, tmp_path)
    for package in list((bundle / "pkgs").glob("*/*")):
        if package.name == "repodata.json":
            package.unlink()
        else:
            package.rename(bundle / "pkgs" / package.name)
    _write_sums(bundle)
    target = tmp_path / "new" / "env"
    result = run(isolated, target, "--bundle", bundle)
    assert result.returncode == ExitCode.USAGE, result.stderr
    assert "was made by an older envstrap: its packages lie flat in pkgs/" in result.stderr
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("unlisted", ["lock.txt", "channels.txt"])
def test_a_bundle_must_list_its_lock_and_channels(made_with_1x, tmp_path, unlisted):
    isolated, _, out, _ = made_with_1x
    bundle = _copy(out, tmp_path)
    _write_sums(bundle, leave_out=unlisted)
    target = tmp_path / "new" / "env"
    result = run(isolated, target, "--bundle", bundle)
    assert result.returncode == ExitCode.CREATE_FAILED, result.stderr
    assert f"the bundle's {unlisted} is not listed in SHA256SUMS." in result.stderr
    assert not (tmp_path / "new").exists()


def test_a_bundled_micromamba_of_the_pinned_version_must_be_the_pinned_build(made_with_1x,
                                                                               tmp_path):
    isolated, _, out, _ = made_with_1x
    bundle = _copy(out, tmp_path)
    pinned = next(line.split()[1] for line in (REPO / "bootstrap" / "micromamba.pins")
                  .read_text().splitlines() if line.startswith("version "))
    write_launcher(bundle / "micromamba" / "linux-64", version=pinned.split("-")[0])
    _write_sums(bundle)
    target = tmp_path / "new" / "env"
    result = run(isolated, target, "--bundle", bundle)
    assert result.returncode == ExitCode.MICROMAMBA_UNAVAILABLE, result.stderr
    assert (f"the bundle's micromamba says it is {pinned.split('-')[0]}, which micromamba.pins "
            "pins, but its sha256") in result.stderr
    assert not (tmp_path / "new").exists()
