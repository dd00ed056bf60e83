"""Stage 1 pieces on their own: renderers, quoting, lock, manifest, condarc, finalize, CLI."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from envstrap import __version__, cli
from envstrap.activation.plan import ActivationPlan, Literal, build_plan
from envstrap.bundle import _find_micromamba, make_bundle
from envstrap.condarc import render_condarc
from envstrap.errors import EnvstrapError, ExitCode
from envstrap.finalize import finalize
from envstrap.guard import active_environment
from envstrap.layout import EnvLayout
from envstrap.lockfile import parse_lock, render_lock
from envstrap.manifest import BootstrapInfo
from envstrap.records import PackageRecord, read_records

SRC = str(Path(__file__).resolve().parent.parent / "src")
HOSTILE = "it's \"$HOME\" `x` \\ ü ; & | * ?"


def test_plan_rejects_non_portable_variable_names():
    with pytest.raises(ValueError):
        ActivationPlan(path_dirs=("bin",), set_vars=(("BAD-NAME", Literal("x")),),
                       unset_vars=(), baked_prefix="/e")


def test_plan_saves_every_variable_it_touches():
    plan = build_plan(EnvLayout(Path("/e")))
    assert plan.saved_variables[0] == "PATH"
    assert {"CONDA_PREFIX", "ENVSTRAP_PREFIX", "PYTHONPATH", "_CE_M"} <= set(plan.saved_variables)


def test_active_environment_definition():
    assert active_environment({}) is None
    assert active_environment({"CONDA_SHLVL": "0"}) is None
    assert active_environment({"VIRTUAL_ENV": ""}) is None
    marker, value = active_environment({"CONDA_SHLVL": "1"})
    assert (marker.variable, value) == ("CONDA_SHLVL", "1")
    assert active_environment({"PYTHON_ENVS": "x"})[0].variable == "PYTHON_ENVS"


def _record(name, url="https://c/linux-64/n-1-0.tar.bz2", md5="0" * 32):
    return PackageRecord(name=name, version="1", build="0", url=url, md5=md5, sha256="f" * 64,
                         subdir="linux-64")


def test_lock_is_explicit_and_parses_back():
    text = render_lock([_record("a"), _record("b", url="file:///x/b-1-0.tar.bz2")], "linux-64")
    assert "# platform: linux-64\n@EXPLICIT\n" in text
    assert parse_lock(text) == [("https://c/linux-64/n-1-0.tar.bz2", "0" * 32),
                                ("file:///x/b-1-0.tar.bz2", "0" * 32)]


def test_lock_refuses_records_without_url_or_hash():
    with pytest.raises(EnvstrapError) as caught:
        render_lock([_record("a", url="")], "linux-64")
    assert caught.value.code == ExitCode.FINALIZE_FAILED and "a-1-0" in caught.value.message


def test_parse_lock_needs_explicit_marker():
    with pytest.raises(EnvstrapError):
        parse_lock("https://x#abc\n")


def test_condarc_quotes_any_path(tmp_path):
    prefix = tmp_path / HOSTILE
    text = render_condarc(prefix, ["conda-forge", "file:///c h"], prefix / "pkgs")
    lines = text.splitlines()
    assert "channel_priority: strict  #!final" in lines
    for key in ("register_envs: false", "number_channel_notices: 0", "repodata_use_shards: false",
                "shortcuts: false", "report_errors: false", "auto_stack: 0"):
        assert f"{key}  #!final" in lines, key  # nothing in the home folder; no stacking
    assert "use_sharded_repodata: false" in lines  # mamba >= 2.6 would cache shards in ~/.cache
    for key in ("channels", "pkgs_dirs", "envs_dirs"):  # shielded from ~/.condarc in conda
        assert f"{key}:  #!final" in lines
    item = lines[lines.index("pkgs_dirs:  #!final") + 1]
    assert json.loads(item[len("  - "):]) == str(prefix / "pkgs")


@pytest.mark.parametrize("odd", ["\u0085", "\u2028", "\u2029", "\x7f", "\x9b", "\x1b", "\t",
                                 "\n", "\ufeff", "\U0001f600", '"', "\\", ": #", "ü"])
def test_condarc_reads_back_the_same_in_yaml(tmp_path, odd):
    """Whatever the target holds, a YAML reader sees the same keys and the exact paths: NEL and
    the Unicode separators are line breaks to YAML 1.1, DEL and C1 controls are refused."""
    import yaml

    prefix = tmp_path / f"env {odd} end"
    text = render_condarc(prefix, ["conda-forge", f"file:///c{odd}h"], prefix / "pkgs")
    assert text.isascii() and all(c == "\n" or " " <= c < "\x7f" for c in text)
    data = yaml.safe_load(text)
    assert data["channels"] == ["conda-forge", f"file:///c{odd}h"]
    assert data["pkgs_dirs"] == [str(prefix / "pkgs")]
    assert data["envs_dirs"] == [str(prefix / "envs")]
    assert data == yaml.safe_load(render_condarc(tmp_path / "plain", ["c"], tmp_path / "p")) | {
        "channels": data["channels"], "pkgs_dirs": data["pkgs_dirs"],
        "envs_dirs": data["envs_dirs"]}


def _fake_created_env(prefix: Path) -> None:
    for rel in ("bin/python", "bin/conda", "bin/mamba"):
        (prefix / rel).parent.mkdir(parents=True, exist_ok=True)
        (prefix / rel).write_text("")
    meta = prefix / "conda-meta"
    meta.mkdir()
    (meta / "history").write_text("")
    for name, version in (("python", "3.11.7"), ("conda", "26.3.2")):
        (meta / f"{name}-{version}-0.json").write_text(json.dumps({
            "name": name, "version": version, "build": "0", "subdir": "linux-64",
            "url": f"file:///ch/linux-64/{name}-{version}-0.tar.bz2", "md5": "a" * 32,
            "sha256": "b" * 64}))
    (prefix / ".envstrap").mkdir()
    (prefix / ".envstrap" / "incomplete").write_text("")


def test_finalize_writes_everything_and_the_marker_last(tmp_path):
    prefix = tmp_path / "env ü"
    _fake_created_env(prefix)
    info = BootstrapInfo(python_request="3.11", extra_specs=("uv",), channels=("file:///ch",),
                         micromamba_version="2.3.3", micromamba_sha256="c" * 64, started="T0")
    layout = finalize(prefix, info)
    for path in (layout.condarc, layout.lock, layout.manifest, prefix / "activate",
                 prefix / "activate.fish", layout.complete_marker):
        assert path.is_file(), path
    assert not layout.incomplete_marker.exists()
    assert layout.complete_marker.stat().st_mtime_ns >= layout.manifest.stat().st_mtime_ns
    manifest = json.loads(layout.manifest.read_text())
    assert manifest["python_version"] == "3.11.7"
    assert manifest["envstrap_version"] == __version__
    assert manifest["micromamba"] == {"version": "2.3.3", "sha256": "c" * 64, "source": ""}
    assert manifest["options"]["with"] == ["uv"]
    assert [p["name"] for p in manifest["packages"]] == ["conda", "python"]
    assert "file:///ch/linux-64/conda-26.3.2-0.tar.bz2#" + "a" * 32 in layout.lock.read_text()
    assert str(prefix) not in (prefix / "activate.fish").read_text()


def test_finalize_dates_the_start_from_the_incomplete_marker(tmp_path):
    prefix = tmp_path / "env"
    _fake_created_env(prefix)
    os.utime(prefix / ".envstrap" / "incomplete", (1_700_000_000, 1_700_000_000))
    layout = finalize(prefix, BootstrapInfo())  # started not given (envstrap.bat)
    manifest = json.loads(layout.manifest.read_text())
    assert manifest["timestamps"]["started"] == "2023-11-14T22:13:20Z"


def test_finalize_refuses_half_created_env(tmp_path):
    prefix = tmp_path / "env"
    _fake_created_env(prefix)
    (prefix / "bin" / "mamba").unlink()
    with pytest.raises(EnvstrapError) as caught:
        finalize(prefix, BootstrapInfo())
    assert caught.value.code == ExitCode.FINALIZE_FAILED
    assert "bin/mamba" in caught.value.message
    assert not (prefix / ".envstrap" / "complete").exists()


def test_read_records_skips_non_records(tmp_path):
    meta = tmp_path / "conda-meta"
    meta.mkdir()
    (meta / "other.json").write_text("[1, 2]")
    assert read_records(meta) == []
    with pytest.raises(EnvstrapError) as caught:
        read_records(tmp_path / "missing")
    assert caught.value.code == ExitCode.NOT_AN_ENVSTRAP_ENV


def test_cli_error_is_one_message_and_a_code(capsys, tmp_path):
    code = cli.main(["finalize", str(tmp_path / "nothing")])
    assert code == ExitCode.FINALIZE_FAILED
    err = capsys.readouterr().err
    assert err.startswith("envstrap: error: ") and "envstrap: hint: " in err
    assert cli.main(["--bogus"]) == ExitCode.USAGE
    assert cli.main([]) == ExitCode.USAGE


def test_cli_help_lists_exit_codes(capsys):
    with pytest.raises(SystemExit):
        cli.main(["finalize", "--help"])
    out = capsys.readouterr().out
    assert "exit codes:" in out and "another Python environment is active" in out


# The command lines the bootstrap scripts write (hand_over, doctor, bundle), and variations.
PLAIN = [
    ["finalize", "/t", "--python", "", "--pkgs-dir", "/t/pkgs", "--micromamba-version", "2.5.0",
     "--micromamba-sha256", "ab", "--micromamba-source", "given: /x", "--started",
     "2026-01-01T00:00:00Z", "--channel", "c1", "--channel", "c2", "--with", "uv", "--with",
     "x >=1", "--lock", "/l", "--bundle", "/b", "--offline"],
    ["finalize", "/t"], ["finalize", "--python", "3.11", "/t", "--python", "3.12"],
    ["doctor"], ["doctor", "/t"], ["doctor", "--deep", "--json", "/t"], ["doctor", "", "--json"],
    ["bundle", "/t", "/o"], ["bundle", "--micromamba", "/m", "/t", "/o"], ["doctor", "bundle"],
]
# Left to argparse: help, abbreviations, --opt=value, values or folders starting with "-",
# missing or extra folders, unknown commands.
NOT_PLAIN = [[], ["--help"], ["--version"], ["doctor", "-h"], ["frobnicate", "/t"], ["finalize"],
             ["finalize", "/t", "/u"], ["finalize", "/t", "--pyth", "3"],
             ["finalize", "/t", "--python=3"], ["finalize", "/t", "--python", "-3"],
             ["finalize", "/t", "--python"], ["finalize", "--", "/t"], ["finalize", "-t"],
             ["bundle", "/t"], ["bundle", "/t", "/o", "/p"], ["doctor", "/t", "--micromamba", "m"]]


@pytest.mark.parametrize("argv", PLAIN, ids=" ".join)
def test_cli_reads_a_plain_command_line_as_argparse_does(argv):
    assert vars(cli.read_plain(argv)) == vars(cli.build_parser().parse_args(argv))


@pytest.mark.parametrize("argv", NOT_PLAIN, ids=" ".join)
def test_cli_leaves_anything_else_to_argparse(argv):
    assert cli.read_plain(argv) is None


def test_cli_plain_command_line_imports_no_argparse(tmp_path):
    """finalize and doctor as the bootstrap scripts run them do not pay for argparse."""
    code = ("import sys; from envstrap import cli; cli.main(sys.argv[1:]); "
            "print('argparse' in sys.modules)")
    argv = [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {SRC!r}); {code}"]
    plain = subprocess.run(argv + ["doctor", str(tmp_path), "--json"], capture_output=True,
                           text=True)
    other = subprocess.run(argv + ["doctor", str(tmp_path), "--js"], capture_output=True,
                           text=True)
    assert plain.stdout.splitlines()[-1] == "False", plain.stderr
    assert other.stdout.splitlines()[-1] == "True", other.stderr


@pytest.mark.parametrize("platform, name", [("win-64", "micromamba.exe"),
                                            ("linux-64", "micromamba")])
def test_bundle_finds_micromamba_where_stage0_of_the_platform_caches_it(tmp_path, platform,
                                                                         name):
    binary = b"\x7fELF or MZ, as the platform has it"
    sha = hashlib.sha256(binary).hexdigest()
    cached = tmp_path / "pkgs" / ".envstrap-micromamba" / sha / name
    cached.parent.mkdir(parents=True)
    cached.write_bytes(binary)
    manifest = {"platform": platform, "micromamba": {"sha256": sha}}
    assert _find_micromamba(manifest, [tmp_path / "pkgs"], None) == cached
    cached.write_bytes(b"tampered")  # a cached file that no longer matches is not used
    with pytest.raises(EnvstrapError) as caught:
        _find_micromamba(manifest, [tmp_path / "pkgs"], None)
    assert caught.value.code == ExitCode.MICROMAMBA_UNAVAILABLE


def _complete_env(tmp_path: Path) -> Path:
    """The files `bundle` reads of a complete environment: two package records (one noarch),
    their package files in its cache, the manifest and the completion marker."""
    env = tmp_path / "env"
    for folder in ("conda-meta", "pkgs", ".envstrap"):
        (env / folder).mkdir(parents=True)
    for name, subdir in (("zlib", "linux-64"), ("pip", "noarch")):
        data = name.encode() * 10
        file_name = f"{name}-1-0.tar.bz2"
        (env / "pkgs" / file_name).write_bytes(data)
        (env / "conda-meta" / f"{name}-1-0.json").write_text(json.dumps({
            "name": name, "version": "1", "build": "0", "subdir": subdir, "depends": ["x"],
            "url": f"https://c/{subdir}/{file_name}", "md5": hashlib.md5(data).hexdigest(),
            "sha256": hashlib.sha256(data).hexdigest(), "files": ["lib/a"]}))
    (env / ".envstrap" / "manifest.json").write_text(json.dumps(
        {"platform": "linux-64", "options": {"channels": ["conda-forge"]}}))
    (env / ".envstrap" / "complete").write_text("complete\n")
    (env / "mm").write_bytes(b"micromamba")
    return env


def test_bundle_reads_each_record_and_the_manifest_once(tmp_path, monkeypatch):
    """The repodata index fields come from read_records' one reading of each record, and the
    manifest from doctor's reader (the one doctor and bundle share), read once."""
    import builtins
    import io

    from envstrap.doctor import files

    env = _complete_env(tmp_path)
    opened, json_reads = [], []
    for module, name in ((builtins, "open"), (io, "open"), (os, "open")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda path, *a, _real=real, **k:
                            opened.append(os.fspath(path)) or _real(path, *a, **k))
    read_json = files.read_json
    monkeypatch.setattr(files, "read_json", lambda path, *a: json_reads.append(path)
                        or read_json(path, *a))
    out = make_bundle(env, tmp_path / "bundle", env / "mm")
    monkeypatch.undo()
    meta = [p for p in opened if ".envstrap" in p or "conda-meta" in p]
    assert sorted(meta) == sorted(str(p) for p in [env / ".envstrap" / "manifest.json",
                                                   env / "conda-meta" / "pip-1-0.json",
                                                   env / "conda-meta" / "zlib-1-0.json"])
    assert json_reads == [env / ".envstrap" / "manifest.json"]
    entry = json.loads((out / "pkgs" / "noarch" / "repodata.json").read_text())["packages"]
    assert entry["pip-1-0.tar.bz2"]["depends"] == ["x"]  # an index field of the record


@pytest.mark.parametrize("manifest", ["missing", "no platform"])
def test_bundle_refuses_a_manifest_it_cannot_read(tmp_path, manifest):
    """A clear refusal, not a traceback (json.loads of a missing file) or a wrong message."""
    env = _complete_env(tmp_path)
    path = env / ".envstrap" / "manifest.json"
    path.unlink()
    if manifest == "no platform":
        path.write_text('{"platform": 1}')
    with pytest.raises(EnvstrapError) as caught:
        make_bundle(env, tmp_path / "bundle", env / "mm")
    assert caught.value.code == ExitCode.NOT_AN_ENVSTRAP_ENV
    assert caught.value.message == f"{path} is missing, unreadable or names no platform"
    assert not (tmp_path / "bundle").exists()
