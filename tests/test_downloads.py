"""The pinned micromamba download of envstrap.sh, against a local HTTPS server on 127.0.0.1
(tests/support/https_server.py) serving an ELF STAND-IN for micromamba (tests/standins/elf.py):
the right binary, 404, 500, an HTML page with 200, a truncated body, a slow body, a binary with
the wrong hash, a tampered cache, the pins file, and the pins refresh tool."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from envstrap.errors import ExitCode
from tests.conftest import REPO, checkout_with_pins
from tests.standins.elf import build_elf_launcher
from tests.support import shells
from tests.support.channel import PYTHON_VERSION, cached_channel
from tests.support.https_server import serve_http, serve_https
from tests.support.shells import HANG_SECONDS

SCRIPT = REPO / "bootstrap" / "envstrap.sh"
PY = ".".join(PYTHON_VERSION.split(".")[:2])
ASSET = "/releases/2.3.3-0/micromamba-linux-64"

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def elf(tmp_path_factory) -> bytes:
    """A real ELF executable that behaves like micromamba (the stand-in), as served bytes."""
    return build_elf_launcher(tmp_path_factory.mktemp("elf") / "micromamba").read_bytes()


@pytest.fixture(scope="module")
def booby_trapped(tmp_path_factory) -> tuple[bytes, Path]:
    """An ELF that, if ever run, leaves a marker file: it must never run (wrong hash)."""
    folder = tmp_path_factory.mktemp("trap")
    marker = folder / "it-ran"
    script = folder / "trap.py"
    script.write_text(f"open({str(marker)!r}, 'w').close()\n")
    return build_elf_launcher(folder / "bad", target_script=script).read_bytes(), marker


@pytest.fixture
def server(tmp_path):
    with serve_https(tmp_path / "www") as srv:
        yield srv


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def bootstrap(isolated, server, target: Path, url: str, pin: str, *extra: str,
              script: Path = SCRIPT):
    cmd = [shells.require("dash"), str(script), str(target), "--python", PY,
           "--channel", cached_channel().as_uri(), *extra]
    if url:
        cmd += ["--micromamba-url", url, "--micromamba-sha256", pin]
    return subprocess.run(cmd, env=server.client_env(isolated.env), capture_output=True,
                          text=True, timeout=300)


def test_verified_download_then_cached(isolated, server, elf):
    url = server.add(ASSET, elf)
    cache = isolated.root / "cache"
    first = isolated.root / "envs" / "one"
    result = bootstrap(isolated, server, first, url, sha(elf), "--pkgs-dir", str(cache))
    assert result.returncode == 0, result.stderr
    assert f"downloading micromamba custom for linux-64 from {url}" in result.stderr
    cached = cache / ".envstrap-micromamba" / sha(elf) / "micromamba"
    assert cached.read_bytes() == elf
    assert [p.name for p in cached.parent.iterdir()] == ["micromamba"]  # no temporary files
    manifest = json.loads((first / ".envstrap" / "manifest.json").read_text())
    assert manifest["micromamba"]["sha256"] == sha(elf) and manifest["micromamba"]["source"] == url
    second = isolated.root / "envs" / "two"
    result = bootstrap(isolated, server, second, url, sha(elf), "--pkgs-dir", str(cache))
    assert result.returncode == 0, result.stderr
    assert "using the cached micromamba custom (sha256 verified again)" in result.stderr
    assert server.count(ASSET) == 1  # not downloaded again
    assert isolated.leftovers() == []


def _refused(result, text: str, isolated, target: Path):
    assert result.returncode == ExitCode.MICROMAMBA_UNAVAILABLE, result.stderr
    assert text in result.stderr
    assert not target.exists()  # created by the run, removed with everything in it
    assert isolated.leftovers() == []


@pytest.mark.parametrize("kind", ["404", "500", "truncate", "reset"])
def test_failed_downloads(kind, isolated, server, elf):
    if kind == "404":
        url = server.url_for(ASSET)
    elif kind == "500":
        url = server.error(ASSET)
    else:
        url = server.add(ASSET, elf, mode=kind)
    target = isolated.root / "envs" / kind
    result = bootstrap(isolated, server, target, url, sha(elf))
    _refused(result, f"downloading micromamba failed: {url}", isolated, target)
    if kind == "500":
        assert server.count(ASSET) > 1  # retried


def test_html_page_is_not_taken_for_a_binary(isolated, server, elf):
    url = server.html(ASSET)
    target = isolated.root / "envs" / "portal"
    result = bootstrap(isolated, server, target, url, sha(elf))
    _refused(result, "it is not a linux-64 executable (it starts with '<", isolated, target)
    assert "It was deleted and not run." in result.stderr


def test_wrong_hash_is_refused_and_never_run(isolated, server, elf, booby_trapped):
    data, marker = booby_trapped
    url = server.add(ASSET, data)
    target = isolated.root / "envs" / "tampered"
    result = bootstrap(isolated, server, target, url, sha(elf))
    _refused(result, f"checksum mismatch: expected sha256 {sha(elf)}, got {sha(data)}",
             isolated, target)
    assert url in result.stderr
    assert not marker.exists()


def test_slow_body_still_completes(isolated, server, elf):
    url = server.add(ASSET, elf, mode="slow", interval=0.01, chunk=len(elf) // 50 + 1)
    result = bootstrap(isolated, server, isolated.root / "envs" / "slow", url, sha(elf))
    assert result.returncode == 0, result.stderr


def test_tampered_cache_is_fetched_again(isolated, server, elf):
    url = server.add(ASSET, elf)
    cache = isolated.root / "cache"
    assert bootstrap(isolated, server, isolated.root / "e1", url, sha(elf), "--pkgs-dir",
                     str(cache)).returncode == 0
    cached = cache / ".envstrap-micromamba" / sha(elf) / "micromamba"
    cached.write_bytes(elf[:-10] + b"0123456789")
    result = bootstrap(isolated, server, isolated.root / "e2", url, sha(elf), "--pkgs-dir",
                       str(cache))
    assert result.returncode == 0, result.stderr
    assert "the cached micromamba fails verification (checksum mismatch" in result.stderr
    assert server.count(ASSET) == 2 and cached.read_bytes() == elf


def _with_tools(isolated, server, tools: Path) -> dict[str, str]:
    env = server.client_env(isolated.env)
    return dict(env, PATH=f"{tools}:{env['PATH']}")


def test_a_cached_binary_swapped_after_its_check_is_not_run(isolated, server, elf,
                                                            booby_trapped, tmp_path):
    """Issue 16: a package cache another user can write. A TEST STAND-IN for sha256sum on PATH
    plays that user: right after the (real) hash is computed it puts a booby-trapped binary in
    place of the cached one. What runs must be the verified private copy, not the cache file."""
    data, marker = booby_trapped
    url = server.add(ASSET, elf)
    cache = isolated.root / "team cache"
    assert bootstrap(isolated, server, isolated.root / "e1", url, sha(elf), "--pkgs-dir",
                     str(cache)).returncode == 0
    cached = cache / ".envstrap-micromamba" / sha(elf) / "micromamba"
    trap = tmp_path / "trap"
    trap.write_bytes(data)
    tools = tmp_path / "tools"
    tools.mkdir()
    q = shells.sh_quote
    (tools / "sha256sum").write_text(
        f'#!/bin/sh\n{q(shutil.which("sha256sum"))} "$@"\nstatus=$?\n'
        f'cp {q(str(trap))} {q(str(cached))}\nexit $status\n')
    (tools / "sha256sum").chmod(0o755)
    target = isolated.root / "e2"
    cmd = [shells.require("dash"), str(SCRIPT), str(target), "--python", PY, "--channel",
           cached_channel().as_uri(), "--pkgs-dir", str(cache), "--micromamba-url", url,
           "--micromamba-sha256", sha(elf)]
    result = subprocess.run(cmd, env=_with_tools(isolated, server, tools), capture_output=True,
                            text=True, errors="replace", timeout=300)
    assert result.returncode == 0, result.stderr
    assert "using the cached micromamba custom (sha256 verified again)" in result.stderr
    assert cached.read_bytes() == data  # swapped, and yet:
    assert not marker.exists()
    assert (target / ".envstrap" / "complete").is_file()


def test_a_planted_link_at_the_old_download_name_is_not_followed(isolated, server, elf,
                                                                 tmp_path):
    """Issue 16: the download went to the predictable name micromamba.partial-PID in the cache.
    A TEST STAND-IN for curl on PATH plays another user who plants a symbolic link there (to a
    file of the victim's) just before the real curl runs. The victim's file must stay as it
    was, and the cache entry must be the verified binary, not a link."""
    url = server.add(ASSET, elf)
    cache = isolated.root / "team cache"
    entry = cache / ".envstrap-micromamba" / sha(elf)
    victim = isolated.home / "precious.txt"
    victim.write_text("mine\n")
    victim.chmod(0o600)
    tools = tmp_path / "tools"
    tools.mkdir()
    q = shells.sh_quote
    (tools / "curl").write_text(
        f'#!/bin/sh\nmkdir -p {q(str(entry))}\n'
        f'ln -sf {q(str(victim))} {q(str(entry))}/micromamba.partial-$PPID\n'
        f'exec {q(shutil.which("curl"))} "$@"\n')
    (tools / "curl").chmod(0o755)
    target = isolated.root / "env"
    cmd = [shells.require("dash"), str(SCRIPT), str(target), "--python", PY, "--channel",
           cached_channel().as_uri(), "--pkgs-dir", str(cache), "--micromamba-url", url,
           "--micromamba-sha256", sha(elf)]
    result = subprocess.run(cmd, env=_with_tools(isolated, server, tools), capture_output=True,
                            text=True, errors="replace", timeout=300)
    assert result.returncode == 0, result.stderr
    assert victim.read_text() == "mine\n" and victim.stat().st_mode & 0o777 == 0o600
    assert not (entry / "micromamba").is_symlink()
    assert (entry / "micromamba").read_bytes() == elf


def test_a_cache_folder_others_can_write_is_read_but_never_written(isolated, server, elf):
    """Issue 16: a group-writable cache folder (a team cache) is only a source of bytes: the run
    downloads, runs its private verified copy and keeps nothing there (another user could have
    planted a link at the entry's name)."""
    url = server.add(ASSET, elf)
    cache = isolated.root / "team cache"
    folder = cache / ".envstrap-micromamba"
    folder.mkdir(parents=True)
    folder.chmod(0o775)
    result = bootstrap(isolated, server, isolated.root / "env", url, sha(elf), "--pkgs-dir",
                       str(cache))
    assert result.returncode == 0, result.stderr
    assert "micromamba is not kept in the cache" in result.stderr
    assert not (folder / sha(elf)).exists()


def test_plain_http_and_bad_pins_are_refused_up_front(isolated, server, elf):
    target = isolated.root / "envs" / "x"
    for url, pin, message in [
        ("http://127.0.0.1:9/micromamba", sha(elf), "must be an https:// or file:// URL"),
        ("https://127.0.0.1:9/micromamba", "abc", "takes 64 hex digits"),
    ]:
        result = bootstrap(isolated, server, target, url, pin)
        assert result.returncode == ExitCode.USAGE and message in result.stderr
    result = subprocess.run([shells.require("dash"), str(SCRIPT), str(target),
                             "--micromamba-url", "https://x/y"], capture_output=True, text=True)
    assert result.returncode == ExitCode.USAGE and "go together" in result.stderr
    assert not target.exists()


def test_pinned_download_from_the_pins_file(isolated, server, elf, tmp_path):
    url = server.add(ASSET, elf)
    script = checkout_with_pins(tmp_path, f"# test pins\nversion 2.3.3-0\n"
                                           f"win-64 {'0' * 64} https://x/win\n"
                                           f"linux-64 {sha(elf)} {url}\n")
    target = isolated.root / "envs" / "pinned"
    result = bootstrap(isolated, server, target, "", "", script=script)
    assert result.returncode == 0, result.stderr
    assert f"downloading micromamba 2.3.3-0 for linux-64 from {url}" in result.stderr


def test_platform_without_a_pinned_checksum_is_refused(isolated, server, tmp_path):
    script = checkout_with_pins(tmp_path, "version 2.5.0-1\nlinux-64 - https://x/y\n")
    target = isolated.root / "envs" / "unpinned"
    result = bootstrap(isolated, server, target, "", "", script=script)
    assert result.returncode == ExitCode.MICROMAMBA_UNAVAILABLE
    assert "pins no checksum of micromamba 2.5.0-1 for linux-64" in result.stderr
    assert not target.exists() and server.requests == []


def test_the_shipped_pins_file_is_well_formed():
    lines = [line.split() for line in (REPO / "bootstrap" / "micromamba.pins").read_text()
             .splitlines() if line.strip() and not line.startswith("#")]
    assert lines[0][0] == "version"
    platforms = {parts[0]: parts[1:] for parts in lines[1:]}
    assert set(platforms) == {"win-64", "linux-64", "linux-aarch64", "osx-64", "osx-arm64"}
    for platform, (pin, url) in platforms.items():
        assert re.fullmatch(r"[0-9a-f]{64}", pin), platform  # every platform is pinned
        assert url == ("https://github.com/mamba-org/micromamba-releases/releases/download/"
                       f"{lines[0][1]}/micromamba-{platform}")


def test_refresh_tool_writes_pins_only_when_every_hash_agrees(server, tmp_path, elf):
    version = "9.9.9-0"
    platforms = ("win-64", "linux-64", "linux-aarch64", "osx-64", "osx-arm64")
    for i, platform in enumerate(platforms):
        body = elf + bytes([i])
        server.add(f"/{version}/micromamba-{platform}", body)
        server.add(f"/{version}/micromamba-{platform}.sha256", (sha(body) + "\n").encode())
    out = tmp_path / "pins"
    tool = REPO / "tools" / "refresh-micromamba-pins.sh"
    cmd = [shells.require("sh"), str(tool), version, "--base", server.url, "--out", str(out)]
    result = subprocess.run(cmd, env=server.client_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    pins = [line.split() for line in out.read_text().splitlines() if not line.startswith("#")]
    assert pins[0] == ["version", version]
    assert [p[0] for p in pins[1:]] == list(platforms)
    assert pins[2][1] == sha(elf + bytes([1]))
    # The release's .sha256 disagrees with the binary: nothing is written.
    server.add(f"/{version}/micromamba-osx-64.sha256", b"0" * 64 + b"\n")
    out.write_text("previous\n")
    result = subprocess.run(cmd, env=server.client_env(), capture_output=True, text=True)
    assert result.returncode == 1 and "osx-64: the release says sha256 000" in result.stderr
    assert out.read_text() == "previous\n"


def test_curl_refuses_plain_http_even_from_the_pins(isolated, tmp_path, elf):
    with serve_http() as plain:
        url = plain.add(ASSET, elf)
        script = checkout_with_pins(tmp_path, f"version 1\nlinux-64 {sha(elf)} {url}\n")
        target = isolated.root / "envs" / "plain"
        result = subprocess.run([shells.require("dash"), str(script), str(target), "--python",
                                 PY, "--channel", cached_channel().as_uri()],
                                env=plain.client_env(isolated.env), capture_output=True,
                                text=True, timeout=HANG_SECONDS)
        assert result.returncode == ExitCode.MICROMAMBA_UNAVAILABLE
        assert plain.connections == 0  # curl --proto =https never connected
