"""Shared fixtures: isolated home folders, a fake environment prefix, the test channel and the
micromamba stand-in (both built at test time; see tests/support and tests/standins)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from envstrap.activation import write_activation_scripts  # noqa: E402
from envstrap.layout import EnvLayout  # noqa: E402
from tests.support.isolation import IsolatedHome, make_isolated_home  # noqa: E402
from tests.support.shells import HANG_SECONDS  # noqa: E402

# A folder name with spaces, non-ASCII letters, parentheses, a quote, $ and other shell syntax.
HOSTILE_NAME = "env (ü) it's $HOME & `x`"


@pytest.fixture
def isolated(tmp_path: Path) -> IsolatedHome:
    return make_isolated_home(tmp_path / "isolated")


def _write_exe(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def make_fake_prefix(parent: Path, name: str = HOSTILE_NAME) -> Path:
    """A folder laid out like an environment, with tiny programs in place of python/conda/mamba
    and hook scripts, for activation tests that need no real packages."""
    prefix = parent / name
    for tool in ("python", "conda", "mamba"):
        _write_exe(prefix / "bin" / tool, f"#!/bin/sh\necho fake-{tool}\n")
    _write_exe(prefix / "condabin" / "conda", "#!/bin/sh\necho fake-condabin-conda\n")
    hooks_on = prefix / "etc" / "conda" / "activate.d"
    hooks_off = prefix / "etc" / "conda" / "deactivate.d"
    hooks_on.mkdir(parents=True)
    hooks_off.mkdir(parents=True)
    # Two hooks each way, to check order: activation a->b, deactivation b->a.
    (hooks_on / "a.sh").write_text('export HOOK_TRACE="${HOOK_TRACE:-}on-a,"\n'
                                   'export HOOK_PREFIX="$CONDA_PREFIX"\n')
    (hooks_on / "b.sh").write_text('export HOOK_TRACE="${HOOK_TRACE}on-b,"\n')
    (hooks_off / "a.sh").write_text('HOOK_TRACE="${HOOK_TRACE}off-a,"\n'
                                    'echo "trace=$HOOK_TRACE"; unset HOOK_TRACE HOOK_PREFIX\n')
    (hooks_off / "b.sh").write_text('export HOOK_TRACE="${HOOK_TRACE}off-b,"\n')
    (hooks_on / "a.fish").write_text('set -gx HOOK_TRACE "$HOOK_TRACE"on-a,\n'
                                     'set -gx HOOK_PREFIX $CONDA_PREFIX\n')
    (hooks_on / "b.fish").write_text('set -gx HOOK_TRACE "$HOOK_TRACE"on-b,\n')
    (hooks_off / "a.fish").write_text('set -gx HOOK_TRACE "$HOOK_TRACE"off-a,\n'
                                      'echo "trace=$HOOK_TRACE"; set -e HOOK_TRACE HOOK_PREFIX\n')
    (hooks_off / "b.fish").write_text('set -gx HOOK_TRACE "$HOOK_TRACE"off-b,\n')
    (prefix / "conda-meta").mkdir()
    write_activation_scripts(EnvLayout(prefix))
    return prefix


@pytest.fixture
def fake_prefix(tmp_path: Path) -> Path:
    return make_fake_prefix(tmp_path / "envs")


def make_finalized_env(prefix: Path) -> Path:
    """A folder as micromamba leaves it (fake tools, package records), then run through stage 1's
    finalize: a complete envstrap environment without real packages."""
    import json

    from envstrap.finalize import finalize
    from envstrap.manifest import BootstrapInfo

    _write_exe(prefix / "bin" / "python", f"#!/bin/sh\necho '{prefix}'\n")
    for tool in ("conda", "mamba"):
        _write_exe(prefix / "bin" / tool, f"#!/bin/sh\necho {tool} 1.0\n")
    meta = prefix / "conda-meta"
    meta.mkdir(parents=True)
    (meta / "history").write_text("")
    for name, version in (("python", "3.11.7"), ("conda", "26.3.2"), ("mamba", "2.5.0")):
        (meta / f"{name}-{version}-0.json").write_text(json.dumps({
            "name": name, "version": version, "build": "0", "subdir": "linux-64",
            "url": f"file:///channel/linux-64/{name}-{version}-0.tar.bz2", "md5": "a" * 32,
            "sha256": "b" * 64}))
    finalize(prefix, BootstrapInfo(python_request="3.11", channels=("file:///channel",)))
    return prefix


def checkout_with_pins(tmp_path: Path, pins: str) -> Path:
    """A copy of the checkout whose micromamba.pins says `pins`; returns its envstrap.sh."""
    import shutil

    checkout = tmp_path / "checkout"
    shutil.copytree(REPO / "bootstrap", checkout / "bootstrap")
    shutil.copytree(REPO / "src", checkout / "src", ignore=shutil.ignore_patterns("__pycache__"))
    (checkout / "bootstrap" / "micromamba.pins").write_text(pins)
    return checkout / "bootstrap" / "envstrap.sh"


def pinned_micromamba_version() -> str:
    """The micromamba version bootstrap/micromamba.pins pins, as its `--version` says it:
    "2.5.0" for "version 2.5.0-1" (the -1 is the release's build number)."""
    import re

    text = (REPO / "bootstrap" / "micromamba.pins").read_text()
    return re.search(r"^version ([^-\s]+)", text, re.M).group(1)


def pins_pinning(micromamba: Path, plat: str = "", url: str = "") -> str:
    """bootstrap/micromamba.pins with the line of `plat` (default: this machine's platform)
    pinning `micromamba` (a stand-in, which says it is the pinned version) by its own sha256, at
    `url` (default: its file:// URL): what a bundle test's checkout needs for the stand-in to pass
    the pin check as the pinned build."""
    import hashlib
    import platform

    plat = plat or {"x86_64": "linux-64", "aarch64": "linux-aarch64"}[platform.machine()]
    sha = hashlib.sha256(micromamba.read_bytes()).hexdigest()
    pin = f"{plat} {sha} {url or micromamba.as_uri()}"
    lines = (REPO / "bootstrap" / "micromamba.pins").read_text().splitlines()
    return "\n".join(pin if line.startswith(plat + " ") else line for line in lines) + "\n"


def run_unprivileged(args: list[str], work: Path, env: dict[str, str]):
    """Run envstrap.sh with `args` as a user without root's power to write anywhere.

    As root, it runs as 'nobody' a copy of bootstrap/ and src/ placed in `work` (the checkout
    itself may sit in a private folder nobody cannot read), after opening `work` and its parents
    for reading; as any other user, it runs the checkout's script directly."""
    import shutil
    import subprocess

    script = REPO / "bootstrap" / "envstrap.sh"
    argv = [shutil.which("dash") or "dash", str(script), *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "setpriv (util-linux) is needed to test as an unprivileged user"
        copy = work / "readable checkout"
        shutil.copytree(REPO / "bootstrap", copy / "bootstrap")
        shutil.copytree(REPO / "src", copy / "src", ignore=shutil.ignore_patterns("__pycache__"))
        for folder in [work, *work.parents]:
            folder.chmod(folder.stat().st_mode | 0o005)
        argv = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", argv[0],
                str(copy / "bootstrap" / "envstrap.sh"), *args]
    return subprocess.run(argv, env=env, cwd="/", capture_output=True, text=True,
                          timeout=HANG_SECONDS)


@pytest.fixture(scope="session")
def channel_url() -> str:
    """The local test channel (real conda packages, stand-in conda/mamba), as a file:// URL."""
    from tests.support.channel import cached_channel

    return cached_channel().as_uri()


@pytest.fixture(scope="session")
def micromamba(tmp_path_factory) -> Path:
    """The micromamba STAND-IN (tests/standins/micromamba.py) behind a sh launcher."""
    from tests.standins.micromamba import write_launcher

    return write_launcher(tmp_path_factory.mktemp("standin bin"))


def pytest_report_header(config: pytest.Config) -> str:
    return f"envstrap tests; CI={os.environ.get('CI', '')!r} (missing shells fail under CI)"
