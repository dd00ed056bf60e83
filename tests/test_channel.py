"""Tests for tests/support/channel.py: the local channel of TEST STAND-IN conda packages.

The channel is installed with py-rattler (a real conda installer) into a prefix whose path
has spaces, a non-ASCII letter and parentheses, and the installed stand-ins are run.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.support import channel as ch
from tests.support.shells import HANG_SECONDS

rattler = pytest.importorskip("rattler")

OLD_PREFIX = sys.base_prefix
SPECS = ["python", "conda", "mamba", ch.HOOKS_PACKAGE]
RECORD_FIELDS = {
    "name",
    "version",
    "build",
    "build_number",
    "depends",
    "md5",
    "sha256",
    "size",
    "subdir",
    "timestamp",
    "license",
}


# --------------------------------------------------------------------------------------------
# helpers and fixtures
# --------------------------------------------------------------------------------------------


def _repodata(channel: Path, subdir: str) -> dict:
    return json.loads((channel / subdir / "repodata.json").read_text(encoding="utf-8"))


def _package(channel: Path, name: str) -> Path:
    found = sorted(channel.glob(f"*/{name}-[0-9]*.tar.bz2"))
    assert len(found) == 1, found
    return found[0]


def _members(package: Path, *names: str) -> dict[str, str]:
    """Text of the named members, read in one streaming pass (info/ comes first)."""
    wanted, found = set(names), {}
    with tarfile.open(package, "r|bz2") as tar:
        for member in tar:
            if member.name in wanted:
                stream = tar.extractfile(member)
                assert stream is not None, member.name
                found[member.name] = stream.read().decode("utf-8")
                if len(found) == len(wanted):
                    break
    assert set(found) == wanted, wanted - set(found)
    return found


def _member_text(package: Path, member: str) -> str:
    return _members(package, member)[member]


def _clean_env(home: Path, **extra: str) -> dict[str, str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    env.update(extra)
    return env


def _run(cmd: list, env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(c) for c in cmd], env=env, capture_output=True, text=True, timeout=HANG_SECONDS,
        **kwargs
    )
    assert result.returncode == 0, (cmd, result.stdout, result.stderr)
    return result


@pytest.fixture(scope="module")
def channel() -> Path:
    return ch.cached_channel()


@pytest.fixture(scope="module")
def installed(channel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("rattler")
    prefix = base / "my envs (ü)" / "env ü (test)"
    home = base / "home"
    home.mkdir()

    async def solve_and_install() -> list:
        records = await rattler.solve(
            sources=[channel.as_uri()],
            specs=SPECS,
            gateway=rattler.Gateway(cache_dir=base / "repodata-cache"),
            platforms=["linux-64", "noarch"],
        )
        await rattler.install(
            records, target_prefix=prefix, cache_dir=base / "pkgs", show_progress=False
        )
        return records

    records = asyncio.run(solve_and_install())
    return {"prefix": prefix, "home": home, "records": records, "base": base}


# --------------------------------------------------------------------------------------------
# the channel itself
# --------------------------------------------------------------------------------------------


def test_module_says_it_builds_stand_ins() -> None:
    assert "TEST STAND-IN" in (ch.__doc__ or "")
    assert "conda-forge package" in (ch.__doc__ or "")
    expected = "{}.{}.{}".format(*sys.version_info[:3])
    assert expected == ch.PYTHON_VERSION
    assert (ch.CONDA_VERSION, ch.MAMBA_VERSION, ch.HOOKS_PACKAGE) == (
        "26.3.2",
        "2.5.0",
        "envstrap-test-hooks",
    )
    assert len(ch.PLACEHOLDER) >= 255


def test_cached_channel_is_reused(channel: Path) -> None:
    assert ch.cached_channel() == channel
    assert channel.parent == Path(ch.__file__).resolve().parents[1] / ".cache"
    assert channel.name.startswith("channel-")


def test_repodata_matches_packages(channel: Path) -> None:
    names = {}
    for subdir in ("linux-64", "noarch"):
        repodata = _repodata(channel, subdir)
        assert repodata["info"] == {"subdir": subdir}
        assert repodata["packages.conda"] == {}
        assert repodata["repodata_version"] == 1
        on_disk = {p.name for p in (channel / subdir).glob("*.tar.bz2")}
        assert set(repodata["packages"]) == on_disk
        for filename, record in repodata["packages"].items():
            assert not RECORD_FIELDS - set(record), filename
            data = (channel / subdir / filename).read_bytes()
            assert record["size"] == len(data)
            assert record["md5"] == hashlib.md5(data).hexdigest()
            assert record["sha256"] == hashlib.sha256(data).hexdigest()
            assert record["subdir"] == subdir
            assert record["timestamp"] > 10**12  # milliseconds
            assert filename == f"{record['name']}-{record['version']}-{record['build']}.tar.bz2"
            index = json.loads(_member_text(channel / subdir / filename, "info/index.json"))
            for key in ("name", "version", "build", "build_number", "depends", "subdir"):
                assert index[key] == record[key], (filename, key)
            names[record["name"]] = record
    assert set(names) == set(SPECS) | {"pip"}
    assert names["pip"]["noarch"] == "python"  # micromamba adds pip to every python
    assert names["python"]["version"] == ch.PYTHON_VERSION
    assert names["conda"]["version"] == ch.CONDA_VERSION
    assert names["conda"]["depends"] == ["python"]
    assert names["mamba"]["version"] == ch.MAMBA_VERSION
    assert names["mamba"]["depends"] == []
    assert names[ch.HOOKS_PACKAGE]["noarch"] == "generic"
    assert names[ch.HOOKS_PACKAGE]["subdir"] == "noarch"


def test_python_package_contents(channel: Path) -> None:
    package = _package(channel, "python")
    info = _members(package, "info/paths.json", "info/files", "info/has_prefix")
    by_path = {entry["_path"]: entry for entry in json.loads(info["info/paths.json"])["paths"]}
    files = info["info/files"].splitlines()
    assert files == sorted(by_path)

    short = "{}.{}".format(*sys.version_info[:2])
    stdlib = f"lib/python{short}/"
    assert by_path[f"bin/python{short}"]["path_type"] == "hardlink"
    assert by_path["bin/python3"]["path_type"] == "softlink"
    assert by_path["bin/python"]["path_type"] == "softlink"
    assert any(p.startswith(f"lib/libpython{short}.so") for p in by_path)
    assert f"{stdlib}os.py" in by_path
    assert f"{stdlib}site-packages/README" in by_path
    assert not [p for p in by_path if p.startswith(f"{stdlib}site-packages/") and "README" not in p]
    for dropped in ("test/", "idlelib/", "tkinter/", "turtledemo/", "lib2to3/tests/"):
        assert not [p for p in by_path if p.startswith(stdlib + dropped)], dropped
    # stdlib bytecode ships (as in conda-forge's python), except for files that embed the prefix
    bytecode = [p for p in by_path if "__pycache__" in p]
    assert f"{stdlib}__pycache__/os.cpython-{short.replace('.', '')}.pyc" in bytecode
    assert all(p.startswith(stdlib) for p in bytecode)
    assert not [p for p in bytecode if "_sysconfigdata" in p]

    text = {p for p, e in by_path.items() if e.get("file_mode") == "text"}
    assert any("_sysconfigdata" in p for p in text)
    for entry in by_path.values():
        if entry["_path"] in text:
            assert entry["prefix_placeholder"] == ch.PLACEHOLDER
        assert {"sha256", "size_in_bytes"} <= set(entry)
    has_prefix = info["info/has_prefix"].splitlines()
    assert sorted(line.split(" text ", 1)[1] for line in has_prefix) == sorted(text)

    with tarfile.open(package, "r|bz2") as tar:
        for member in tar:
            if member.name == "bin/python":
                assert member.issym()
                assert member.linkname == f"python{short}"
            elif member.name in text:
                data = tar.extractfile(member).read()
                assert OLD_PREFIX.encode() not in data, member.name
                assert ch.PLACEHOLDER.encode() in data, member.name


def test_small_packages_contents(channel: Path) -> None:
    conda = _package(channel, "conda")
    paths = {e["_path"]: e for e in json.loads(_member_text(conda, "info/paths.json"))["paths"]}
    assert set(paths) == {"bin/conda", "condabin/conda", "etc/profile.d/conda.sh"}
    for script in ("bin/conda", "condabin/conda"):
        assert paths[script]["file_mode"] == "text"
        assert _member_text(conda, script).startswith(f"#!{ch.PLACEHOLDER}/bin/python\n")

    mamba = _package(channel, "mamba")
    paths = {e["_path"]: e for e in json.loads(_member_text(mamba, "info/paths.json"))["paths"]}
    assert paths["condabin/mamba"]["path_type"] == "softlink"
    assert _member_text(mamba, "bin/mamba").startswith("#!/bin/sh\n")

    hooks = _package(channel, ch.HOOKS_PACKAGE)
    bat = _member_text(hooks, f"etc/conda/activate.d/{ch.HOOKS_PACKAGE}.bat")
    assert '@set "ENVSTRAP_TEST_HOOK=active"\r\n' in bat
    assert "\n" not in bat.replace("\r\n", "")


def test_build_channel_into_tmp_path(tmp_path: Path, channel: Path) -> None:
    built = ch.build_channel(tmp_path / "fresh channel")
    assert built == tmp_path / "fresh channel"
    for subdir in ("linux-64", "noarch"):
        fresh, cached = _repodata(built, subdir), _repodata(channel, subdir)
        assert fresh["packages"].keys() == cached["packages"].keys()
        for filename, record in fresh["packages"].items():
            assert (built / subdir / filename).stat().st_size == record["size"]


# --------------------------------------------------------------------------------------------
# installed with py-rattler
# --------------------------------------------------------------------------------------------


def test_rattler_solved_every_package(installed: dict) -> None:
    names = {record.name.normalized: str(record.version) for record in installed["records"]}
    assert names == {
        "python": ch.PYTHON_VERSION,
        "conda": ch.CONDA_VERSION,
        "mamba": ch.MAMBA_VERSION,
        ch.HOOKS_PACKAGE: "1.0",
    }


def test_conda_meta_records(installed: dict) -> None:
    records = sorted((installed["prefix"] / "conda-meta").glob("*.json"))
    assert len(records) == 4
    for path in records:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["url"].startswith("file://"), path
        assert len(data["md5"]) == 32
        assert len(data["sha256"]) == 64


def test_installed_python_runs_from_the_prefix(installed: dict) -> None:
    prefix = installed["prefix"]
    code = (
        "import sys, ssl, sqlite3, json, ctypes, sysconfig\n"
        "mods = sorted({getattr(m, '__file__', None) or '' for m in list(sys.modules.values())})\n"
        "maps = open('/proc/self/maps').read().split('\\n')\n"
        "print(json.dumps({'prefix': sys.prefix, 'exec_prefix': sys.exec_prefix,\n"
        "  'path': sys.path, 'modules': mods, 'maps': maps,\n"
        "  'config_prefix': sysconfig.get_config_var('prefix'),\n"
        "  'sqlite': sqlite3.sqlite_version, 'ssl': ssl.OPENSSL_VERSION}))\n"
    )
    for exe in ("python", "python3", "python{}.{}".format(*sys.version_info[:2])):
        result = _run([prefix / "bin" / exe, "-I", "-c", code], _clean_env(installed["home"]))
        info = json.loads(result.stdout)
        assert os.path.realpath(info["prefix"]) == os.path.realpath(prefix)
        assert info["exec_prefix"] == info["prefix"]
        assert info["config_prefix"] == info["prefix"]
        for item in info["path"] + info["modules"] + info["maps"]:
            assert OLD_PREFIX not in item, item
        assert any(f"{prefix}/lib/libpython" in line for line in info["maps"])

    result = _run(
        [prefix / "bin" / "python", "-I", "-c", "import sys; print(sys.prefix)"],
        _clean_env(installed["home"]),
    )
    assert result.stdout == f"{prefix}\n"
    assert (prefix / "bin" / "python").is_symlink()


def test_conda_stand_in(installed: dict, tmp_path: Path) -> None:
    prefix, home = installed["prefix"], installed["home"]
    env = _clean_env(home)
    version = _run([prefix / "bin" / "conda", "--version"], env).stdout
    assert version == f"conda {ch.CONDA_VERSION}\n"
    for launcher in ("bin/conda", "condabin/conda"):
        assert _run([prefix / launcher, "info", "--base"], env).stdout == f"{prefix}\n"

    condarc = tmp_path / "custom.yml"
    condarc.write_text("channels: []\n", encoding="utf-8")
    (prefix / ".condarc").write_text("channels: []\n", encoding="utf-8")
    (home / ".condarc").write_text("channels: []\n", encoding="utf-8")
    try:
        env = _clean_env(home, CONDARC=str(condarc), CONDA_PKGS_DIRS=str(tmp_path / "pkgs"))
        info = json.loads(_run([prefix / "bin" / "conda", "info", "--json"], env).stdout)
    finally:
        (prefix / ".condarc").unlink()
        (home / ".condarc").unlink()
    assert info["root_prefix"] == str(prefix)
    assert os.path.realpath(info["sys_prefix"]) == os.path.realpath(prefix)
    assert info["python_executable"].startswith(str(prefix))
    assert info["argv"][1:] == ["info", "--json"]
    assert info["env"]["CONDARC"] == str(condarc)
    assert info["env"]["CONDA_PKGS_DIRS"] == str(tmp_path / "pkgs")
    assert info["env"]["MAMBARC"] is None
    # conda's order: $CONDA_ROOT, ~/.condarc, then $CONDARC ($CONDA_PREFIX = root: deduplicated)
    assert info["rc_files"] == [str(prefix / ".condarc"), str(home / ".condarc"), str(condarc)]

    log = prefix / "conda-meta" / "standin-calls.log"
    result = _run([prefix / "bin" / "conda", "install", "-y", "pkg ü"], _clean_env(home))
    assert result.stdout == f"conda stand-in: install -y pkg ü in {prefix}\n"
    last = json.loads(log.read_text(encoding="utf-8").splitlines()[-1])
    assert last[1:] == ["install", "-y", "pkg ü"]


def test_mamba_stand_in(installed: dict, tmp_path: Path) -> None:
    prefix, home = installed["prefix"], installed["home"]
    env = _clean_env(home)
    link = prefix / "condabin" / "mamba"
    assert link.is_symlink() and os.readlink(link) == "../bin/mamba"
    for launcher in (prefix / "bin" / "mamba", link):
        assert _run([launcher, "--version"], env).stdout == f"{ch.MAMBA_VERSION}\n"

    outside = tmp_path / "links"
    outside.mkdir()
    (outside / "mamba").symlink_to(prefix / "bin" / "mamba")
    for launcher in (link, outside / "mamba"):
        lines = _run([launcher, "info"], env).stdout.splitlines()
        assert f"base environment : {prefix}" in lines
        assert "MAMBA_ROOT_PREFIX : unset" in lines
    lines = _run([link, "info"], _clean_env(home, MAMBA_ROOT_PREFIX="/x y")).stdout.splitlines()
    assert "MAMBA_ROOT_PREFIX : /x y" in lines

    path_env = _clean_env(home, PATH=f"{prefix / 'condabin'}:/usr/bin:/bin")
    listed = _run(["mamba", "list"], path_env).stdout.splitlines()
    assert listed == sorted(p.name[: -len(".json")] for p in (prefix / "conda-meta").glob("*.json"))
    assert f"python-{ch.PYTHON_VERSION}-{ch.BUILD_STRING}" in listed

    tricky = ["install", "-p", 'a "quoted" \\ path ü', "tab\there"]
    result = _run([link, *tricky], env)
    assert result.stdout == f"mamba stand-in: {' '.join(tricky)} in {prefix}\n"
    last = json.loads((prefix / "conda-meta" / "standin-calls.log").read_text().splitlines()[-1])
    assert last == [str(link), *tricky]


def test_activation_hooks(installed: dict) -> None:
    prefix = installed["prefix"]
    hooks = {
        f"etc/conda/{folder}/{ch.HOOKS_PACKAGE}.{ext}"
        for folder in ("activate.d", "deactivate.d")
        for ext in ("sh", "fish", "bat", "ps1")
    }
    for rel in hooks:
        assert (prefix / rel).is_file(), rel
    activate = prefix / "etc/conda/activate.d" / f"{ch.HOOKS_PACKAGE}.sh"
    deactivate = prefix / "etc/conda/deactivate.d" / f"{ch.HOOKS_PACKAGE}.sh"
    script = (
        '. "$1"; echo "$ENVSTRAP_TEST_HOOK|$ENVSTRAP_TEST_HOOK_PREFIX"; '
        '. "$2"; echo "${ENVSTRAP_TEST_HOOK-gone}|${ENVSTRAP_TEST_HOOK_PREFIX-gone}"'
    )
    sh = shutil.which("sh") or "/bin/sh"
    env = _clean_env(installed["home"], CONDA_PREFIX=str(prefix))
    result = _run([sh, "-c", script, "sh", activate, deactivate], env)
    assert result.stdout == f"active|{prefix}\ngone|gone\n"
    ps1 = (prefix / "etc/conda/activate.d" / f"{ch.HOOKS_PACKAGE}.ps1").read_text()
    assert "$Env:ENVSTRAP_TEST_HOOK = 'active'" in ps1
    fish = (prefix / "etc/conda/deactivate.d" / f"{ch.HOOKS_PACKAGE}.fish").read_text()
    assert "set -e ENVSTRAP_TEST_HOOK\n" in fish
