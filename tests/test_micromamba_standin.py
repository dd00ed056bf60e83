"""Tests of the micromamba TEST STAND-IN (tests/standins/micromamba.py), not of micromamba.

Every command runs through the sh launcher from ``write_launcher`` (in a folder whose name has a
space), with HOME, XDG_* and TMPDIR pointed at empty folders, against a tiny local channel built
here (also in a folder with a space). Expected behaviour comes from
docs/design/micromamba.md, the micromamba sources and what real 1.5.5 and 2.5.0 builds did.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import subprocess
import tarfile
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.standins import micromamba as standin
from tests.support.shells import HANG_SECONDS

pytest.importorskip("rattler")

SUBDIR_NOARCH = "noarch"


# ------------------------------------------------------------------------------------------
# A tiny channel: noarch generic packages made with tarfile + json
# ------------------------------------------------------------------------------------------


def _make_package(channel: Path, name: str, version: str, depends: tuple[str, ...] = (),
                  build: str = "0", subdir: str = SUBDIR_NOARCH) -> tuple[str, str, dict]:
    files = {f"share/{name}/{name}.txt": f"{name} {version}\n",
             f"share/{name}/README": "a test package\n"}
    index = {"name": name, "version": version, "build": build, "build_number": 0,
             "depends": list(depends), "subdir": subdir, "license": "MIT",
             "timestamp": 1700000000000}
    if subdir == SUBDIR_NOARCH:
        index["noarch"] = "generic"
    paths = {"paths_version": 1, "paths": [
        {"_path": p, "path_type": "hardlink", "sha256": hashlib.sha256(c.encode()).hexdigest(),
         "size_in_bytes": len(c.encode())} for p, c in files.items()]}
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:bz2") as tar:
        members = {**{p: c.encode() for p, c in files.items()},
                   "info/index.json": json.dumps(index).encode(),
                   "info/paths.json": json.dumps(paths).encode(),
                   "info/files": ("\n".join(files) + "\n").encode()}
        for member, data in members.items():
            info = tarfile.TarInfo(member)
            info.size, info.mtime, info.mode = len(data), 1700000000, 0o644
            tar.addfile(info, io.BytesIO(data))
    data = buffer.getvalue()
    file_name = f"{name}-{version}-{build}.tar.bz2"
    (channel / subdir).mkdir(parents=True, exist_ok=True)
    (channel / subdir / file_name).write_bytes(data)
    record = dict(index, md5=hashlib.md5(data).hexdigest(),
                  sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    return subdir, file_name, record


@pytest.fixture(scope="module")
def channel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("chan") / "test channel"
    packages = [
        _make_package(root, "alpha", "1.0"),
        _make_package(root, "alpha", "2.0"),
        _make_package(root, "beta", "1.0", depends=("alpha >=1",)),
        _make_package(root, "gamma", "1.0"),
    ]
    for subdir in (SUBDIR_NOARCH, "linux-64"):
        (root / subdir).mkdir(parents=True, exist_ok=True)
        repodata = {"info": {"subdir": subdir}, "repodata_version": 1, "packages.conda": {},
                    "packages": {fn: rec for sd, fn, rec in packages if sd == subdir}}
        (root / subdir / "repodata.json").write_text(json.dumps(repodata), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def launcher(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return standin.write_launcher(tmp_path_factory.mktemp("bin") / "with space")


# ------------------------------------------------------------------------------------------
# An isolated environment per test
# ------------------------------------------------------------------------------------------

_DROPPED = ("CONDA", "MAMBA", "XDG_", "PYTHON", "_CE_")


@dataclasses.dataclass
class Sandbox:
    base: Path
    launcher: Path
    channel: Path
    env: dict[str, str]

    @property
    def home(self) -> Path:
        return self.base / "home"

    @property
    def tmp(self) -> Path:
        return self.base / "tmp"

    @property
    def root(self) -> Path:
        return self.base / "mamba root"

    def rc(self, text: str | None = None, name: str = "envstrap.yml") -> Path:
        """An rc file (outside HOME); by default: the test channel and a cache in the root."""
        if text is None:
            text = (f'channels:\n  - "{self.channel}"\nchannel_priority: strict\n'
                    f"pkgs_dirs: [\"{self.root / 'pkgs'}\"]\n")
        path = self.base / name
        path.write_text(text, encoding="utf-8")
        return path

    def prefix(self, name: str = "target env", prepared: bool = True) -> Path:
        path = self.base / name
        if prepared:
            (path / "conda-meta").mkdir(parents=True)
            (path / "conda-meta" / "history").touch()
        return path

    def run(self, *args: object, env: dict[str, str] | None = None,
            stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.launcher), *map(str, args)], env={**self.env, **(env or {})},
            input=stdin if stdin is not None else "", capture_output=True, text=True,
            timeout=HANG_SECONDS, check=False)

    def leftovers(self) -> list[str]:
        return sorted(str(p.relative_to(self.base)) for d in (self.home, self.tmp)
                      for p in d.rglob("*"))


@pytest.fixture
def sb(tmp_path: Path, launcher: Path, channel: Path) -> Sandbox:
    base = tmp_path / "sand box"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(_DROPPED) and k not in ("CONDARC", "MAMBARC")}
    env.update({
        "HOME": str(base / "home"),
        "XDG_CONFIG_HOME": str(base / "home" / ".config"),
        "XDG_DATA_HOME": str(base / "home" / ".local" / "share"),
        "XDG_CACHE_HOME": str(base / "home" / ".cache"),
        "TMPDIR": str(base / "tmp"),
    })
    for folder in ("home", "tmp"):
        (base / folder).mkdir(parents=True)
    return Sandbox(base=base, launcher=launcher, channel=channel, env=env)


def _records(prefix: Path) -> dict[str, dict]:
    return {json.loads(p.read_text())["name"]: json.loads(p.read_text())
            for p in (prefix / "conda-meta").glob("*.json")}


# ------------------------------------------------------------------------------------------
# Command line
# ------------------------------------------------------------------------------------------


def test_version_is_the_pinned_one(sb: Sandbox) -> None:
    pins = (REPO / "bootstrap" / "micromamba.pins").read_text().splitlines()
    pinned = next(line.split()[1] for line in pins if line.startswith("version "))
    assert pinned.split("-")[0] == standin.VERSION == "2.5.0"
    result = sb.run("--version")
    assert (result.returncode, result.stdout, result.stderr) == (0, "2.5.0\n", "")
    assert sb.leftovers() == []


def test_unknown_option_is_a_cli11_extras_error(sb: Sandbox) -> None:
    for args in (["install", "--frobnicate"], ["--frobnicate"], ["install", "-p", "x", "-Z"],
                 ["frobnicate"]):
        result = sb.run(*args)
        assert result.returncode == 109, args
        assert f"The following argument was not expected: {args[-1]}" in result.stderr
        assert "Run with --help for more information." in result.stderr


def test_general_options_before_or_after_the_subcommand(sb: Sandbox) -> None:
    target = sb.prefix()
    for args in (["-r", sb.root, "--rc-file", sb.rc(), "-y", "install", "-p", target, "gamma"],
                 ["install", "-p", target, "gamma", "-r", sb.root, "--rc-file", sb.rc(), "-y"]):
        result = sb.run(*args)
        assert result.returncode == 0, result.stderr
    assert set(_records(target)) == {"gamma"}


def test_what_envstrap_does_not_use_fails_loudly(sb: Sandbox) -> None:
    specs = sb.base / "specs.txt"
    specs.write_text("gamma\n")
    target = sb.prefix()
    common = ["-r", sb.root, "--rc-file", sb.rc(), "-p", target, "-y"]
    for args in (["shell", "hook", "-s", "bash"], ["--help"], ["install", "--help"],
                 ["install", *common, "-f", specs]):  # -f: only @EXPLICIT locks
        result = sb.run(*args)
        assert result.returncode == 1, args
        assert "not implemented by the micromamba TEST STAND-IN" in result.stderr, args
    for option in ("-n", "--json", "-q", "--channel-priority", "--dry-run"):  # real, not used
        result = sb.run("install", "-p", target, option, "x", "gamma")
        assert result.returncode == 109, option
    assert _records(target) == {} and sb.leftovers() == []


def test_parse_rc_text_yaml_subset() -> None:
    text = ("# comment\nchannels:   # trailing\n  - conda-forge\n  - 'my # chan'\n"
            'pkgs_dirs: ["/a b", /c]\nchannel_priority: "strict"\nalways_yes: true\n'
            "custom_channels:\n  x: https://x\nempty:\n")
    assert standin.parse_rc_text(text) == {
        "channels": ["conda-forge", "my # chan"], "pkgs_dirs": ["/a b", "/c"],
        "channel_priority": "strict", "always_yes": "true", "custom_channels": None,
        "empty": None}  # a nested mapping is not interpreted


def test_launcher_quotes_paths(tmp_path: Path) -> None:
    launcher = standin.write_launcher(tmp_path / "it's a dir", name="mm")
    assert launcher == tmp_path / "it's a dir" / "mm"
    assert os.access(launcher, os.X_OK)
    result = subprocess.run([str(launcher), "--version"], capture_output=True, text=True,
                            check=False)
    assert result.stdout == "2.5.0\n"


# ------------------------------------------------------------------------------------------
# install
# ------------------------------------------------------------------------------------------


def test_install_into_missing_prefix_fails(sb: Sandbox) -> None:
    missing = sb.base / "missing"
    result = sb.run("install", "-r", sb.root, "--rc-file", sb.rc(), "-p", missing, "-y", "beta")
    assert result.returncode == 1
    assert f"No prefix found at: {missing}" in result.stderr
    assert ('Environment must first be created with "micromamba create -n {env_name} ..."'
            in result.stderr)
    assert not missing.exists()


def test_install_into_folder_without_conda_meta_fails(sb: Sandbox) -> None:
    folder = sb.prefix("plain", prepared=False)
    folder.mkdir()
    result = sb.run("install", "-r", sb.root, "--rc-file", sb.rc(), "-p", folder, "-y", "beta")
    assert result.returncode == 1
    assert f"Expected environment not found at prefix: {folder}" in result.stderr


def test_install_into_prepared_prefix_then_rerun_is_a_noop(sb: Sandbox) -> None:
    target = sb.prefix()
    args = ["install", "-r", sb.root, "--rc-file", sb.rc(), "-p", target, "-y", "beta"]
    result = sb.run(*args)
    assert result.returncode == 0, result.stderr
    assert "Transaction" in result.stdout and f"Prefix: {target}" in result.stdout
    assert "Linking alpha-2.0-0" in result.stdout
    assert result.stdout.index("Linking alpha-2.0-0") < result.stdout.index("Linking beta-1.0-0")
    assert "Transaction finished" in result.stdout

    records = _records(target)
    assert set(records) == {"alpha", "beta"}
    for record in records.values():
        assert record["url"].startswith(sb.channel.as_uri() + "/noarch/")
        assert len(record["md5"]) == 32 and len(record["sha256"]) == 64
        assert record["channel"].startswith(sb.channel.as_uri())
    assert records["beta"]["requested_spec"] == "beta"
    assert (target / "share" / "beta" / "beta.txt").read_text() == "beta 1.0\n"
    assert not (target / "CACHEDIR.TAG").exists()
    assert (sb.root / "pkgs" / "alpha-2.0-0" / "info" / "repodata_record.json").is_file()

    history = (target / "conda-meta" / "history").read_text()
    assert history.startswith("==> ")
    assert f"# cmd: {sb.launcher} install -r {sb.root}" in history
    assert "# conda version: 3.8.0" in history
    assert f"+{sb.channel.as_uri()}/noarch::beta-1.0-0\n" in history
    assert '# update specs: ["beta"]' in history

    # Nothing under HOME / XDG_* / TMPDIR when -r and --rc-file are given.
    assert sb.leftovers() == []

    before = {p.name: p.read_bytes() for p in (target / "conda-meta").glob("*.json")}
    again = sb.run(*args)
    assert again.returncode == 0, again.stderr
    assert "All requested packages already installed" in again.stdout
    assert "Linking" not in again.stdout
    assert {p.name: p.read_bytes() for p in (target / "conda-meta").glob("*.json")} == before
    assert sb.leftovers() == []


def test_install_keeps_installed_packages_and_upgrades(sb: Sandbox) -> None:
    target = sb.prefix()
    common = ["-r", sb.root, "--rc-file", sb.rc(), "-p", target, "-y"]
    assert sb.run("install", *common, "alpha=1.0").returncode == 0
    assert _records(target)["alpha"]["version"] == "1.0"
    result = sb.run("install", *common, "gamma")
    assert result.returncode == 0, result.stderr
    assert {n: r["version"] for n, r in _records(target).items()} == {"alpha": "1.0",
                                                                       "gamma": "1.0"}
    result = sb.run("install", *common, "alpha>=2")
    assert result.returncode == 0, result.stderr
    assert "- alpha 1.0 0" in result.stdout and "+ alpha 2.0 0" in result.stdout
    assert _records(target)["alpha"]["version"] == "2.0"
    assert not (target / "share" / "alpha" / "alpha.txt").read_text().startswith("alpha 1")


def test_install_into_the_root_prefix_creates_it(sb: Sandbox) -> None:
    result = sb.run("install", "-r", sb.root, "--rc-file", sb.rc(), "-p", sb.root, "-y", "gamma")
    assert result.returncode == 0, result.stderr
    assert (sb.root / "conda-meta" / "gamma-1.0-0.json").is_file()
    assert not (sb.home / ".conda").exists()  # install never registers


def test_unsolvable_spec(sb: Sandbox) -> None:
    target = sb.prefix()
    for spec in ("nosuchpackage", "beta>=99"):
        result = sb.run("install", "-r", sb.root, "--rc-file", sb.rc(), "-p", target, "-y", spec)
        assert result.returncode == 1, spec
        assert "Could not solve for environment specs" in result.stderr
        assert spec.split(">")[0] in result.stderr
        assert "critical libmamba" in result.stderr
        assert "Traceback" not in result.stderr
    assert _records(target) == {}


def test_unreachable_channel_fails_naming_the_url(sb: Sandbox) -> None:
    target = sb.prefix()
    url = "http://127.0.0.1:9/no-channel"
    result = sb.run("install", "-r", sb.root, "--rc-file", sb.rc(), "--override-channels",
                    "-c", url, "-p", target, "-y", "gamma")
    assert result.returncode == 1
    assert url in result.stderr
    missing = sb.base / "nowhere"
    result = sb.run("install", "-r", sb.root, "--rc-file", sb.rc(), "--override-channels",
                    "-c", missing, "-p", target, "-y", "gamma")
    assert result.returncode == 1
    assert str(missing) in result.stderr


def test_no_channels_at_all_fails(sb: Sandbox) -> None:
    target = sb.prefix()
    result = sb.run("install", "-r", sb.root, "--no-rc", "-p", target, "-y", "gamma")
    assert result.returncode == 1
    assert "No 'channels' specified" in result.stderr


def test_tmpdir_is_used_for_mambaf_and_left_empty(sb: Sandbox) -> None:
    target = sb.prefix()
    args = ["install", "-r", sb.root, "--rc-file", sb.rc(), "-p", target, "-y"]
    assert sb.run(*args, "gamma").returncode == 0
    assert list(sb.tmp.iterdir()) == []
    # CONDA_TEST_SAVE_TEMPS keeps micromamba's temporary files: it shows where they went.
    assert sb.run(*args, "alpha", env={"CONDA_TEST_SAVE_TEMPS": "1"}).returncode == 0
    assert [p.name[:6] for p in sb.tmp.iterdir()] == ["mambaf"]
    result = sb.run(*args, "beta", env={"TMPDIR": str(sb.base / "no such dir")})
    assert result.returncode == 1
    assert "no such dir" in result.stderr


def test_explicit_file_install(sb: Sandbox) -> None:
    chan = sb.channel.as_uri()
    repodata = json.loads((sb.channel / "noarch" / "repodata.json").read_text())["packages"]
    alpha, beta = repodata["alpha-1.0-0.tar.bz2"], repodata["beta-1.0-0.tar.bz2"]
    explicit = sb.base / "env.txt"
    explicit.write_text(
        "# platform: linux-64\n@EXPLICIT\n"
        f"{chan}/noarch/alpha-1.0-0.tar.bz2#{alpha['md5']}\n"
        f"{chan}/noarch/beta-1.0-0.tar.bz2#sha256:{beta['sha256']}\n", encoding="utf-8")
    target = sb.prefix()
    common = ["-r", sb.root, "--rc-file", sb.rc(), "-p", target, "-y"]
    result = sb.run("install", *common, "-f", explicit)
    assert result.returncode == 0, result.stderr
    records = _records(target)
    assert {n: r["version"] for n, r in records.items()} == {"alpha": "1.0", "beta": "1.0"}
    assert records["alpha"]["url"] == f"{chan}/noarch/alpha-1.0-0.tar.bz2"
    assert records["alpha"]["md5"] == alpha["md5"]
    assert f"+{chan}/noarch::alpha-1.0-0" in (target / "conda-meta" / "history").read_text()

    mixed = sb.run("install", *common, "-f", explicit, "gamma")
    assert mixed.returncode == 1

    bad = sb.base / "bad.txt"
    bad.write_text(f"@EXPLICIT\n{chan}/noarch/gamma-1.0-0.tar.bz2#{'0' * 32}\n")
    result = sb.run("install", *common, "-f", bad)
    assert result.returncode == 1
    assert "doesn't match expectation" in result.stderr
    assert "gamma" not in _records(target)


# ------------------------------------------------------------------------------------------
# create
# ------------------------------------------------------------------------------------------


def test_create_registers_the_environment(sb: Sandbox) -> None:
    target = sb.prefix(prepared=False)
    result = sb.run("create", "-r", sb.root, "--rc-file", sb.rc(), "-p", target, "-y", "gamma")
    assert result.returncode == 0, result.stderr
    assert set(_records(target)) == {"gamma"}
    assert (sb.home / ".conda" / "environments.txt").read_text() == f"{target}\n"
    assert "micromamba activate" in result.stdout


def test_create_in_existing_empty_folder_warns_and_continues(sb: Sandbox) -> None:
    target = sb.prefix(prepared=False)
    target.mkdir()
    result = sb.run("create", "-r", sb.root, "--rc-file", sb.rc(), "-p", target, "-y")
    assert result.returncode == 0, result.stderr
    assert "Using existing empty folder as target prefix" in result.stderr
    assert f"Empty environment created at prefix: {target}" in result.stdout
    assert (target / "conda-meta" / "history").is_file()


def test_create_on_a_conda_prefix(sb: Sandbox) -> None:
    target = sb.prefix()
    (target / "user data.txt").write_text("precious")
    common = ["create", "-r", sb.root, "--rc-file", sb.rc(), "-p", target, "gamma"]
    refused = sb.run(*common)  # no -y, stdin at end of input: the default answer is No
    assert refused.returncode == 1
    assert f"Found conda-prefix at '{target}'. Overwrite?: [y/N]" in refused.stdout
    assert (target / "user data.txt").exists()
    accepted = sb.run(*common, "-y")
    assert accepted.returncode == 0, accepted.stderr
    assert not (target / "user data.txt").exists()  # deleted recursively, as micromamba does
    assert set(_records(target)) == {"gamma"}


def test_create_refuses_non_conda_folder_and_root(sb: Sandbox) -> None:
    target = sb.prefix(prepared=False)
    target.mkdir()
    (target / "file.txt").write_text("keep")
    result = sb.run("create", "-r", sb.root, "--rc-file", sb.rc(), "-p", target, "-y", "gamma")
    assert result.returncode == 1
    assert "Non-conda folder exists at prefix - aborting." in result.stderr
    assert [p.name for p in target.iterdir()] == ["file.txt"]
    sb.root.mkdir()
    result = sb.run("create", "-r", sb.root, "--rc-file", sb.rc(), "-p", sb.root, "-y")
    assert result.returncode == 1
    assert "Overwriting root prefix is not permitted - aborting." in result.stderr


# ------------------------------------------------------------------------------------------
# Configuration
# ------------------------------------------------------------------------------------------


def test_pkgs_dirs_from_rc_file_and_conda_pkgs_dirs(sb: Sandbox) -> None:
    rc_cache, env_cache = sb.base / "rc cache", sb.base / "env cache"
    rc = sb.rc(f'channels: ["{sb.channel}"]\npkgs_dirs:\n  - {rc_cache}\n')
    common = ["-r", sb.root, "--rc-file", rc, "-y"]
    assert sb.run("install", *common, "-p", sb.prefix("a"), "alpha=1.0").returncode == 0
    assert (rc_cache / "alpha-1.0-0").is_dir()
    env = {"CONDA_PKGS_DIRS": str(env_cache)}
    assert sb.run("install", *common, "-p", sb.prefix("b"), "gamma", env=env).returncode == 0
    assert (env_cache / "gamma-1.0-0").is_dir()
    assert not (rc_cache / "gamma-1.0-0").exists()
    result = sb.run("install", "--no-env", *common, "-p", sb.prefix("c"), "alpha=2.0", env=env)
    assert result.returncode == 0, result.stderr
    assert (rc_cache / "alpha-2.0-0").is_dir()
    assert not (env_cache / "alpha-2.0-0").exists()
    assert not (sb.root / "pkgs").exists()


def test_rc_file_shuts_out_the_users_condarc(sb: Sandbox) -> None:
    trap = sb.home / "trap-pkgs"
    (sb.home / ".condarc").write_text(
        f"channels: [{sb.base / 'no channel'}]\npkgs_dirs:\n  - ~/trap-pkgs\n")
    target = sb.prefix()
    result = sb.run("install", "-r", sb.root, "--rc-file", sb.rc(), "-p", target, "-y", "gamma")
    assert result.returncode == 0, result.stderr
    assert not trap.exists()
    # Without --rc-file the default search reads ~/.condarc, as micromamba does.
    result = sb.run("install", "-r", sb.root, "-c", sb.channel, "-p", target, "-y", "alpha")
    assert result.returncode == 1
    assert "no channel" in result.stderr
    assert trap.is_dir()


def test_rc_file_errors(sb: Sandbox) -> None:
    target = sb.prefix()
    missing = sb.base / "missing.yml"
    result = sb.run("install", "-r", sb.root, "--rc-file", missing, "-p", target, "gamma")
    assert result.returncode == 1
    assert f"Configuration file specified but does not exist at '{missing}'" in result.stderr
    result = sb.run("install", "--no-rc", "-r", sb.root, "--rc-file", sb.rc(), "-p", target,
                    "gamma")
    assert result.returncode == 1
    assert "Incompatible configuration" in result.stderr
    # CONDARC replaces the search too; a name micromamba does not recognise is ignored.
    ignored = sb.rc(f'channels: ["{sb.channel}"]\n', name="settings.txt")
    result = sb.run("install", "-r", sb.root, "-p", target, "-y", "gamma",
                    env={"CONDARC": str(ignored)})
    assert result.returncode == 1
    assert "No 'channels' specified" in result.stderr


def test_default_root_prefix_is_under_xdg_data_home(sb: Sandbox) -> None:
    target = sb.prefix()
    result = sb.run("install", "-c", sb.channel, "-p", target, "-y", "gamma")
    assert result.returncode == 0, result.stderr
    assert (sb.home / ".local" / "share" / "mamba" / "pkgs" / "gamma-1.0-0").is_dir()
    root = sb.base / "env root"
    result = sb.run("install", "-c", sb.channel, "-p", target, "-y", "alpha",
                    env={"MAMBA_ROOT_PREFIX": str(root)})
    assert result.returncode == 0, result.stderr
    assert (root / "pkgs").is_dir()


def test_offline_uses_only_the_package_cache(sb: Sandbox) -> None:
    common = ["-r", sb.root, "--rc-file", sb.rc(), "-y"]
    assert sb.run("install", *common, "-p", sb.prefix("online"), "beta").returncode == 0
    result = sb.run("install", "--offline", *common, "-p", sb.prefix("offline"), "beta")
    assert result.returncode == 0, result.stderr
    assert set(_records(sb.base / "offline")) == {"alpha", "beta"}
    result = sb.run("install", "--offline", *common, "-p", sb.prefix("missing"), "gamma")
    assert result.returncode == 1
    assert "gamma" in result.stderr


# ------------------------------------------------------------------------------------------
# Version modes: 1.x and 2.x differences envstrap must cope with (issue 10)
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def launcher_1x(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return standin.write_launcher(tmp_path_factory.mktemp("bin1") / "one x", version="1.5.5")


def test_a_1x_launcher_says_its_version_and_keeps_it_when_copied(sb: Sandbox,
                                                                launcher_1x: Path) -> None:
    copy = sb.base / "copied" / "micromamba"
    copy.parent.mkdir()
    copy.write_bytes(launcher_1x.read_bytes())
    copy.chmod(0o755)
    for program in (launcher_1x, copy):
        result = subprocess.run([str(program), "--version"], env=sb.env, capture_output=True,
                                text=True, check=False)
        assert (result.returncode, result.stdout) == (0, "1.5.5\n")


def _flat_lock(sb: Sandbox) -> Path:
    """An explicit lock whose URLs name packages in a folder that is not a platform name."""
    flat = sb.base / "bundle" / "pkgs"
    flat.mkdir(parents=True)
    noarch = json.loads((sb.channel / "noarch" / "repodata.json").read_text())["packages"]
    (flat / "gamma-1.0-0.tar.bz2").write_bytes(
        (sb.channel / "noarch" / "gamma-1.0-0.tar.bz2").read_bytes())
    lock = sb.base / "flat.txt"
    lock.write_text(f"@EXPLICIT\n{flat.as_uri()}/gamma-1.0-0.tar.bz2"
                    f"#{noarch['gamma-1.0-0.tar.bz2']['md5']}\n")
    return lock


def test_1x_reads_explicit_urls_as_channel_subdir_filename(sb: Sandbox, launcher_1x: Path) -> None:
    lock = _flat_lock(sb)
    args = ["install", "-r", sb.root, "--rc-file", sb.rc(), "-p", sb.prefix(), "-y", "-f", lock]
    one = subprocess.run([str(launcher_1x), *map(str, args)], env=sb.env, capture_output=True,
                         text=True, check=False)
    assert one.returncode == 1
    wanted = f"{(sb.base / 'bundle' / 'pkgs').as_uri()}/linux-64/gamma-1.0-0.tar.bz2"
    assert f"Download error (37) Couldn't read a file:// file [{wanted}]" in one.stderr
    two = sb.run(*args)  # 2.x takes the URL as it is
    assert two.returncode == 0, two.stderr


def test_1x_install_ends_with_micromambas_activation_advice(sb: Sandbox,
                                                           launcher_1x: Path) -> None:
    target = sb.prefix()
    args = ["install", "-r", sb.root, "--rc-file", sb.rc(), "-p", target, "-y", "gamma"]
    one = subprocess.run([str(launcher_1x), *map(str, args)], env=sb.env, capture_output=True,
                         text=True, check=False)
    assert one.returncode == 0, one.stderr
    assert one.stdout.endswith(
        f"To activate this environment, use:\n\n    micromamba activate {target}\n\n"
        "Or to execute a single command in this environment, use:\n\n"
        f"    micromamba run -p {target} mycommand\n\n")
    two = sb.run(*args[:-1], "alpha")
    assert two.returncode == 0 and "To activate" not in two.stdout


def test_2x_warns_about_missing_zst_repodata_of_file_channels(sb: Sandbox,
                                                              launcher_1x: Path) -> None:
    target = sb.prefix()

    def args(rc: Path) -> list[str]:
        return ["install", "-r", str(sb.root), "--rc-file", str(rc), "-p", str(target), "-y",
                "gamma"]

    result = sb.run(*args(sb.rc()))
    assert result.returncode == 0, result.stderr
    chan = sb.channel.as_uri()
    for subdir in ("linux-64", "noarch"):
        assert result.stderr.count(
            "warning  libmamba Failed to load subdir: Download error (37) Couldn't read a "
            f"file:// file [{chan}/{subdir}/repodata.json.zst]") == 2
    quiet_rc = sb.rc(sb.rc().read_text() + "repodata_use_zst: false\n", name="quiet.yml")
    quiet = sb.run(*args(quiet_rc))
    assert quiet.returncode == 0 and ".zst" not in quiet.stderr
    by_env = sb.run(*args(sb.rc()), env={"MAMBA_REPODATA_USE_ZST": "false"})
    assert ".zst" in by_env.stderr  # the variable does not silence it (issue 10)
    one = subprocess.run([str(launcher_1x), *args(sb.rc())], env=sb.env, capture_output=True,
                         text=True, check=False)
    assert one.returncode == 0 and ".zst" not in one.stderr
