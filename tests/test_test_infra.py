"""Tests of the test infrastructure, not of envstrap.

* tests/support/https_server.py: a local HTTPS/HTTP server on 127.0.0.1 with fault modes, checked
  with the real curl (and wget) the bootstrap will use, and the exit codes they give per fault.
* tests/standins/elf.py + elf_launcher.c: a real ELF executable standing in for the micromamba
  binary, behaving like the sh launcher of tests/standins/micromamba.py.
* tests/support/wine.py: one shared, persistent wineserver; a run repeated only on wine's own
  crash, with a warning.
* tools/test-all.sh: a .venv left without pip by an interrupted first run is made again.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from tests.standins import micromamba as standin
from tests.standins.elf import ELF_MAGIC, build_elf_launcher, c_string_literal
from tests.support import https_server
from tests.support import wine as winesupport
from tests.support.https_server import HOST, serve_http, serve_https
from tests.support.shells import HANG_SECONDS, require
from tests.support.wine import Wine

# Every byte value, so a text-mode or re-encoding bug in the chain shows up.
BODY = bytes(range(256)) * 64 + b"\r\n\x00end"

# Odd characters in paths: spaces, non-ASCII, quotes, shell syntax, backslash, trigraph.
HOSTILE_DIR = "dir ü (1) it's \"q\" $x `y` \\ ??="

_PROXY_VARIABLES = {"http_proxy", "https_proxy", "all_proxy", "no_proxy", "ftp_proxy"}


def _env() -> dict[str, str]:
    """The environment without proxies or CA overrides (every trust decision made by flags)."""
    dropped = _PROXY_VARIABLES | {"curl_ca_bundle", "ssl_cert_file", "ssl_cert_dir", "wgetrc"}
    return {k: v for k, v in os.environ.items() if k.lower() not in dropped}


def curl(*args: str, env: dict[str, str] | None = None,
         timeout: float = HANG_SECONDS) -> subprocess.CompletedProcess:
    """curl -q (no .curlrc) -sS with `args`; output as text."""
    exe = require("curl")
    return subprocess.run([exe, "-q", "-sS", *args], env=_env() if env is None else env,
                          capture_output=True, text=True, timeout=timeout)


def fetch(server, url: str, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """The download command the bootstrap is meant to use: HTTPS only, fail on HTTP errors."""
    return curl("--fail", "--proto", "=https", "--cacert", str(server.ca_file), *extra,
                "-o", str(out), url)


@pytest.fixture
def server(tmp_path: Path):
    require("curl")
    root = tmp_path / "root"
    root.mkdir()
    with serve_https(root) as running:
        yield running


# ------------------------------------------------------------------------------------------
# HTTPS server with curl
# ------------------------------------------------------------------------------------------


def test_curl_downloads_body_byte_exactly_and_request_is_recorded(server, tmp_path):
    url = server.add("/micromamba-linux-64", BODY)
    assert url == f"https://127.0.0.1:{server.port}/micromamba-linux-64"
    assert server.url == f"https://127.0.0.1:{server.port}"
    out = tmp_path / "out"
    result = fetch(server, url, out)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == BODY
    assert server.requests == ["/micromamba-linux-64"]
    assert server.request_log[0].method == "GET"
    assert server.connections == 1
    assert server.ca_file.read_text().startswith("-----BEGIN CERTIFICATE-----")


def test_certificate_is_valid_for_localhost_and_trusted_through_client_env(server, tmp_path):
    server.add("/f", BODY)
    out = tmp_path / "out"
    # No --cacert: CURL_CA_BUNDLE from client_env, as a product command line would be run.
    result = curl("--fail", "--proto", "=https", "-o", str(out), server.url_for("/f", "localhost"),
                  env=server.client_env(_env()))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == BODY


def test_untrusted_certificate_is_refused(server, tmp_path):
    server.add("/f", BODY)
    result = curl("--fail", "--proto", "=https", "-o", str(tmp_path / "out"), server.url + "/f")
    assert result.returncode == 60, result.stderr  # peer certificate cannot be authenticated
    assert not (tmp_path / "out").exists()
    assert server.requests == []  # the handshake failed: no request was made
    assert server.connections == 1
    assert any("handshake" in e for e in server.errors)


def test_unknown_path_is_404_and_curl_fails_with_22(server, tmp_path):
    result = fetch(server, server.url + "/nothing-here", tmp_path / "out")
    assert result.returncode == 22, result.stderr
    assert "404" in result.stderr
    assert server.requests == ["/nothing-here"]


def test_500_route_fails_with_22(server, tmp_path):
    url = server.error("/boom")
    result = fetch(server, url, tmp_path / "out")
    assert result.returncode == 22, result.stderr
    assert "500" in result.stderr


def test_html_page_with_200_downloads_successfully(server, tmp_path):
    # curl cannot tell a captive portal from a binary: the magic-byte check has to.
    url = server.html("/micromamba")
    out = tmp_path / "out"
    result = fetch(server, url, out)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"<!DOCTYPE html>")


def test_truncated_body_fails_with_18_and_leaves_a_shorter_file(server, tmp_path):
    url = server.add("/cut", BODY, mode="truncate")
    out = tmp_path / "out"
    result = fetch(server, url, out)
    assert result.returncode == 18, result.stderr  # partial file
    partial = out.read_bytes()
    assert len(partial) < len(BODY)
    assert partial == BODY[:len(BODY) // 2]


def test_reset_connection_fails(server, tmp_path):
    url = server.add("/reset", BODY, mode="reset")
    result = fetch(server, url, tmp_path / "out")
    assert result.returncode == 56, result.stderr  # recv failure: reset by peer
    assert not (tmp_path / "out").exists()
    assert server.requests == ["/reset"]


def test_close_without_response_fails_with_52(server, tmp_path):
    url = server.add("/close", BODY, mode="close")
    result = fetch(server, url, tmp_path / "out")
    assert result.returncode == 52, result.stderr  # empty reply from server


def test_slow_body_hits_max_time_with_28(server, tmp_path):
    # The first byte at once, then nothing until the server stops: --max-time is long enough
    # for that byte to arrive on a busy machine, and the rest never comes before it.
    url = server.add("/slow", BODY, mode="slow", interval=3600)
    out = tmp_path / "out"
    result = fetch(server, url, out, "--max-time", "10")
    assert result.returncode == 28, result.stderr  # operation timed out
    assert 0 < len(out.read_bytes()) < 20


def test_slow_body_completes_when_given_time(server, tmp_path):
    url = server.add("/slow", b"abcdef", mode="slow", interval=0.02, chunk=2)
    out = tmp_path / "out"
    result = fetch(server, url, out, "--max-time", str(HANG_SECONDS))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == b"abcdef"


def test_redirect_is_followed_with_L(server, tmp_path):
    server.add("/real", BODY)
    url = server.redirect("/latest", "/real")
    out = tmp_path / "out"
    result = fetch(server, url, out, "-L")
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == BODY
    assert server.requests == ["/latest", "/real"]
    # Without -L curl stops at the 302 (with its empty body) and reports success.
    server.clear()
    result = fetch(server, url, out)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == b""
    assert server.requests == ["/latest"]


def test_http_url_is_refused_by_proto_https_without_connecting(tmp_path):
    require("curl")
    with serve_http() as plain:
        url = plain.add("/micromamba", BODY)
        assert url.startswith(f"http://{HOST}:")
        result = curl("--fail", "--proto", "=https", "-o", str(tmp_path / "out"), url)
        assert result.returncode == 1, result.stderr  # unsupported protocol
        assert plain.connections == 0
        assert plain.requests == []
        # The same URL without the restriction works: the refusal was curl's.
        result = curl("--fail", "-o", str(tmp_path / "out"), url)
        assert result.returncode == 0, result.stderr
        assert (tmp_path / "out").read_bytes() == BODY
        assert plain.connections == 1


def test_redirect_from_https_to_http_is_refused(server, tmp_path):
    with serve_http() as plain:
        plain_url = plain.add("/micromamba", BODY)
        url = server.redirect("/latest", plain_url)
        result = fetch(server, url, tmp_path / "out", "-L")
        assert result.returncode == 1, result.stderr
        assert plain.connections == 0


def test_files_under_root_are_served_and_nothing_outside(server, tmp_path):
    (server.root / "sub").mkdir()
    (server.root / "sub" / "file.bin").write_bytes(BODY)
    (tmp_path / "secret").write_text("outside the root")
    out = tmp_path / "out"
    assert fetch(server, server.url + "/sub/file.bin", out).returncode == 0
    assert out.read_bytes() == BODY
    result = fetch(server, server.url + "/../secret", out, "--path-as-is")
    assert result.returncode == 22, result.stderr
    # Routes win over files.
    server.add("/sub/file.bin", b"route")
    assert fetch(server, server.url + "/sub/file.bin", out).returncode == 0
    assert out.read_bytes() == b"route"


def test_request_counts_show_what_was_fetched(server, tmp_path):
    # What a test of the download cache asserts: the second run made no request.
    url = server.add("/micromamba", BODY)
    out = tmp_path / "out"
    assert fetch(server, url, out).returncode == 0
    assert server.count("/micromamba") == 1
    assert fetch(server, url + "?again=1", out).returncode == 0
    assert server.count("/micromamba") == 2  # query strings are ignored by count()
    assert server.requests == ["/micromamba", "/micromamba?again=1"]
    assert server.connections == 2  # one request per connection
    server.clear()
    assert (server.requests, server.connections) == ([], 0)


def test_server_listens_on_loopback_only_and_stops(tmp_path):
    with serve_https(tmp_path) as running:
        sock_host, sock_port = running._httpd.socket.getsockname()[:2]
        assert (sock_host, sock_port) == ("127.0.0.1", running.port)
        with socket.create_connection((HOST, running.port), timeout=5):
            pass
    with pytest.raises(OSError), socket.create_connection((HOST, running.port), timeout=5):
        pass


def test_stop_ends_a_slow_download_at_once(tmp_path):
    """Stopping the server cuts a body still being sent slowly instead of sending on until the
    slow-body limit: curl gets fewer bytes than that limit lets through. Counted in bytes, not
    seconds, so a busy machine (which only sends fewer) cannot make it fail."""
    require("curl")
    interval = 0.5
    with serve_https(tmp_path) as running:
        url = running.add("/slow", BODY, mode="slow", interval=interval)
        process = subprocess.Popen(
            [require("curl"), "-q", "-sS", "--cacert", str(running.ca_file), "-o",
             str(tmp_path / "out"), url], env=_env(), stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        deadline = time.monotonic() + HANG_SECONDS
        while not running.requests and time.monotonic() < deadline:
            time.sleep(0.02)
        assert running.requests == ["/slow"]
        handlers = list(running._threads)
    for thread in handlers:
        thread.join(HANG_SECONDS)
        assert not thread.is_alive()
    _, stderr = process.communicate(timeout=HANG_SECONDS)
    assert process.returncode == 18, stderr  # the server gave up: body short of Content-Length
    assert len((tmp_path / "out").read_bytes()) < https_server._SLOW_LIMIT / interval


# ------------------------------------------------------------------------------------------
# wget (the bootstrap's fallback downloader)
# ------------------------------------------------------------------------------------------


def test_wget_downloads_and_fails_on_truncation_with_4(server, tmp_path):
    wget = require("wget")
    url = server.add("/f", BODY)
    cut = server.add("/cut", BODY, mode="truncate")
    out = tmp_path / "out"
    env = server.client_env(_env())  # WGETRC with ca_certificate
    base = [wget, "-q", "--tries=1", "-O", str(out)]
    result = subprocess.run([*base, url], env=env, capture_output=True, text=True,
                            timeout=HANG_SECONDS)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == BODY
    # --tries=1: wget retries 20 times by default, with growing pauses (minutes).
    result = subprocess.run([*base, cut], env=env, capture_output=True, text=True,
                            timeout=HANG_SECONDS)
    assert result.returncode == 4, result.stderr  # network failure
    assert len(out.read_bytes()) < len(BODY)


def test_wget_https_only_does_not_refuse_http(server, tmp_path):
    """wget's --https-only acts "in recursive mode" only (its manual): a plain http:// URL, or
    an https:// URL redirecting to http://, is fetched anyway. A caller using wget must check
    the scheme itself and cannot stop a downgrade on redirect (except with --max-redirect=0)."""
    wget = require("wget")
    env = server.client_env(_env())
    out = tmp_path / "out"
    base = [wget, "-q", "--https-only", "--tries=1", "-O", str(out)]
    with serve_http() as plain:
        plain_url = plain.add("/f", BODY)
        result = subprocess.run([*base, plain_url], env=env, capture_output=True, text=True,
                                timeout=HANG_SECONDS)
        assert result.returncode == 0, result.stderr
        assert plain.connections == 1
        redirect = server.redirect("/latest", plain_url)
        result = subprocess.run([*base, redirect], env=env, capture_output=True, text=True,
                                timeout=HANG_SECONDS)
        assert result.returncode == 0, result.stderr
        assert plain.connections == 2
        result = subprocess.run([*base, "--max-redirect=0", redirect], env=env,
                                capture_output=True, text=True, timeout=HANG_SECONDS)
        assert result.returncode == 8, result.stderr  # server issued an error response
        assert plain.connections == 2


# ------------------------------------------------------------------------------------------
# ELF stand-in for the micromamba binary
# ------------------------------------------------------------------------------------------


@pytest.fixture
def hostile_dir(tmp_path: Path) -> Path:
    folder = tmp_path / HOSTILE_DIR
    folder.mkdir()
    return folder


def test_c_string_literal_escapes_everything_but_plain_characters():
    assert c_string_literal("/a b/c.py") == '"/a b/c.py"'
    assert c_string_literal("ü\"\\'?\n") == '"\\303\\274\\042\\134\\047\\077\\012"'
    with pytest.raises(ValueError):
        c_string_literal(b"a\0b")


def test_elf_launcher_is_elf_and_prints_standin_version(hostile_dir):
    exe = build_elf_launcher(hostile_dir / "bin" / "micromamba", Path(standin.__file__))
    data = exe.read_bytes()
    if sys.platform.startswith("linux"):
        assert data[:4] == ELF_MAGIC
    assert os.access(exe, os.X_OK)
    result = subprocess.run([str(exe), "--version"], capture_output=True, text=True,
                            timeout=HANG_SECONDS)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2.5.0\n" == standin.VERSION + "\n"


def test_elf_launcher_passes_argv0_args_and_python_flags(hostile_dir):
    script = hostile_dir / "probe ü.py"
    script.write_text(
        "import json, os, sys\n"
        "print(json.dumps([os.environ.get('MICROMAMBA_STANDIN_ARGV0'), sys.argv[1:],\n"
        "                  sys.flags.isolated, sys.flags.dont_write_bytecode,\n"
        "                  os.path.realpath(sys.executable), sys.argv[0]]))\n"
        "sys.exit(int(os.environ.get('PROBE_EXIT', '0')))\n", encoding="utf-8")
    exe = build_elf_launcher(hostile_dir / "bin" / "micromamba", script)
    args = ["a b", "", "ü", "--x=$HOME", "'"]
    env = {**_env(), "MICROMAMBA_STANDIN_ARGV0": "stale", "PYTHONPATH": "/nowhere",
           "PROBE_EXIT": "7"}
    result = subprocess.run([str(exe), *args], env=env, capture_output=True, text=True,
                            timeout=HANG_SECONDS)
    assert result.returncode == 7, result.stderr
    argv0, passed, isolated, no_bytecode, executable, script_arg = json.loads(result.stdout)
    assert argv0 == str(exe)
    assert passed == args
    assert (isolated, no_bytecode) == (1, 1)
    assert executable == os.path.realpath(sys.executable)
    assert script_arg == str(script.resolve())
    # Found on PATH: argv[0] is what the caller passed.
    result = subprocess.run(["micromamba"], env={**env, "PATH": str(exe.parent)},
                            capture_output=True, text=True, timeout=HANG_SECONDS)
    assert json.loads(result.stdout)[0] == "micromamba"


def test_elf_launcher_behaves_like_sh_launcher(hostile_dir):
    elf = build_elf_launcher(hostile_dir / "elf" / "micromamba", Path(standin.__file__))
    sh = standin.write_launcher(hostile_dir / "sh")
    for argv in (["--version"], ["--bogus-option"], ["--help"], ["remove", "x"]):
        got = [subprocess.run([str(exe), *argv], env=_env(), capture_output=True, text=True,
                              timeout=HANG_SECONDS) for exe in (elf, sh)]
        assert got[0].returncode == got[1].returncode, argv
        assert got[0].stdout == got[1].stdout, argv
        assert got[0].stderr.replace(str(elf), "EXE") == got[1].stderr.replace(str(sh), "EXE")


def test_elf_launcher_is_cached_and_reports_missing_python(hostile_dir):
    script = Path(standin.__file__)
    first = build_elf_launcher(hostile_dir / "one", script)
    second = build_elf_launcher(hostile_dir / "two", script)
    assert first.read_bytes() == second.read_bytes()
    other = build_elf_launcher(hostile_dir / "three", script, python="/nonexistent/py thon")
    assert other.read_bytes() != first.read_bytes()
    result = subprocess.run([str(other), "--version"], capture_output=True, text=True,
                            timeout=HANG_SECONDS)
    assert result.returncode == 127
    assert "/nonexistent/py thon" in result.stderr


def test_elf_launcher_served_over_https_downloads_verifies_and_runs(server, tmp_path):
    exe = build_elf_launcher(tmp_path / "built" / "micromamba", Path(standin.__file__))
    digest = hashlib.sha256(exe.read_bytes()).hexdigest()
    url = server.add("/micromamba-linux-64", exe.read_bytes())
    out = tmp_path / "dl" / "micromamba"
    out.parent.mkdir()
    assert fetch(server, url, out).returncode == 0
    assert hashlib.sha256(out.read_bytes()).hexdigest() == digest
    out.chmod(0o755)
    result = subprocess.run([str(out), "--version"], capture_output=True, text=True,
                            timeout=HANG_SECONDS)
    assert result.stdout == "2.5.0\n", result.stderr


# ------------------------------------------------------------------------------------------
# wine (tests/support/wine.py)
# ------------------------------------------------------------------------------------------


def _fake_wine(tmp_path: Path, crash_lines: list[str]) -> Wine:
    """A Wine whose loader is a sh script: run N prints crash_lines[N] (if any) to stderr and
    fails, else prints "ran" and succeeds. It stands in for wine64 only in these tests."""
    state = tmp_path / "runs"
    state.write_text("")
    lines = "\n".join(f"{i}) echo '{line}' >&2; exit 5 ;;" for i, line in enumerate(crash_lines))
    loader = tmp_path / "wine64"
    loader.write_text(f"#!/bin/sh\nn=$(wc -l < '{state}')\necho x >> '{state}'\n"
                      f"case $n in\n{lines}\nesac\necho ran\n")
    loader.chmod(0o755)
    return Wine(loader=str(loader), server="unused", env={"PATH": "/usr/bin:/bin"})


CRASH = ("wine: Unhandled page fault on read access to 0000000000000008 at address "
         "00007F6A1C2B3D4E (thread 0124), starting debugger...")


def test_wine_run_repeats_only_wine_s_own_crash_and_says_so(tmp_path):
    wine = _fake_wine(tmp_path, [CRASH])
    with pytest.warns(winesupport.WineCrashed, match="wine itself crashed"):
        result = wine.run("echo", tmp_path / "work", console=False)
    assert (result.returncode, result.stdout) == (0, "ran\n")
    assert (tmp_path / "runs").read_text().count("x") == 2


@pytest.mark.parametrize("first, second", [
    (CRASH, CRASH),  # the same crash twice: the test sees it
    (CRASH.replace("0000000000000008", "0000000000000000"), ""),  # another crash: not repeated
    ("envstrap: error: something the product said", ""),
])
def test_wine_run_never_hides_anything_else(tmp_path, first, second):
    wine = _fake_wine(tmp_path, [first, second] if second else [first])
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        result = wine.run("echo", tmp_path / "work", console=False)
    assert result.returncode == 5
    assert result.stderr.strip() == (second or first)


def test_wine_tests_share_one_persistent_server():
    """Every Windows test uses one prefix and one wineserver, started persistent (it and wine's
    services outlive each run), whatever DLL overrides a module adds."""
    first = winesupport.start_wine()
    second = winesupport.start_wine(dll_overrides="certutil.exe=n")
    assert first.env["WINEPREFIX"] == second.env["WINEPREFIX"] == str(winesupport.PREFIX)
    servers = []
    for proc in Path("/proc").iterdir():
        try:
            environ = (proc / "environ").read_bytes().split(b"\0")
            argv = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if f"WINEPREFIX={winesupport.PREFIX}".encode() in environ and \
                os.path.basename(argv[0]).startswith(b"wineserver"):
            servers.append(argv)
    assert len(servers) == 1, servers
    assert servers[0][1] == f"-p{winesupport.PERSIST_SECONDS}".encode()
    assert winesupport.READY.exists()


def _stub(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o755)


def test_test_all_makes_a_venv_without_pip_again(tmp_path):
    """An interrupted first run of tools/test-all.sh can leave .venv with a python but no pip;
    the next run must make .venv again instead of failing at `pip install` forever. The copy of
    the script runs with every package reported installed (a dpkg-query stand-in on PATH, so apt
    never runs) and PYTHON a stand-in whose `-m venv` makes a .venv whose python only records
    what it is asked (so no pip install, ruff or pytest really runs)."""
    checkout = tmp_path / "checkout"
    (checkout / "tools").mkdir(parents=True)
    (checkout / "tools" / "test-all.sh").write_bytes(
        (Path(__file__).resolve().parents[1] / "tools" / "test-all.sh").read_bytes())
    # the state an interrupted first run leaves: a real venv, without pip
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(checkout / ".venv")],
                   check=True, timeout=HANG_SECONDS)
    assert subprocess.run([str(checkout / ".venv" / "bin" / "python"), "-m", "pip",
                           "--version"], capture_output=True, timeout=HANG_SECONDS).returncode
    calls = tmp_path / "calls"
    bin_dir = tmp_path / "bin"
    _stub(bin_dir / "dpkg-query", "#!/bin/sh\nprintf 'install ok installed'\n")
    recorder = f'#!/bin/sh\necho "new-venv-python $*" >> "{calls}"\n'
    _stub(bin_dir / "python-standin",
          f'#!/bin/sh\necho "PYTHON $*" >> "{calls}"\n'
          '[ "$1 $2" = "-m venv" ] || exit 1\n'
          'eval "venv=\\${$#}"\n'
          'rm -rf "$venv" && mkdir -p "$venv/bin"\n'
          f"cat > \"$venv/bin/python\" <<'EOF'\n{recorder}EOF\n"
          'chmod +x "$venv/bin/python"\n')
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}",
           "PYTHON": str(bin_dir / "python-standin")}
    done = subprocess.run(["sh", str(checkout / "tools" / "test-all.sh"), "-k", "x"], env=env,
                          capture_output=True, text=True, timeout=HANG_SECONDS)
    assert done.returncode == 0, done
    assert "test-all: .venv has no working pip; creating it again" in done.stdout, done
    assert calls.read_text().splitlines() == [
        "PYTHON -m venv --clear .venv",
        "new-venv-python -m pip install -q --disable-pip-version-check -e .[dev]",
        "new-venv-python -m ruff check src tests bench tools",
        "new-venv-python -m pytest -q -k x"]
    # a .venv whose pip works is kept as it is
    calls.unlink()
    done = subprocess.run(["sh", str(checkout / "tools" / "test-all.sh")], env=env,
                          capture_output=True, text=True, timeout=HANG_SECONDS)
    assert done.returncode == 0 and "creating" not in done.stdout, done
    assert calls.read_text().splitlines()[0] == "new-venv-python -m pip --version"
    assert not any(line.startswith("PYTHON") for line in calls.read_text().splitlines())
