"""Runs that fail well, and reproducing environments: lock replay, offline, concurrency,
signals, stale locks, a full disk. Real envstrap.sh and stage 1; the micromamba STAND-IN and the
local test channel (see docs/testing.md)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest

from envstrap.errors import ExitCode
from tests.conftest import REPO, checkout_with_pins, pins_pinning, run_unprivileged
from tests.support import shells
from tests.support.channel import PYTHON_VERSION

SCRIPT = REPO / "bootstrap" / "envstrap.sh"
MICROMAMBA_VERSION = next(line.split()[1].split("-")[0] for line in (
    REPO / "bootstrap" / "micromamba.pins").read_text().splitlines() if line.startswith("version "))
PY = ".".join(PYTHON_VERSION.split(".")[:2])
RECORD_KEYS = ("name", "version", "build", "url", "md5", "sha256")

pytestmark = pytest.mark.e2e


@pytest.fixture
def slow_micromamba(tmp_path, micromamba) -> Path:
    """The stand-in, held in `install` (to interrupt or race a run): it touches
    tmp_path/micromamba-waits, then waits until the test writes tmp_path/micromamba-go (see
    `gate`). No sleep decides who comes first, so a busy machine cannot reorder the race."""
    return gate(tmp_path / "slow-micromamba", str(micromamba), '*" install "*',
                until=tmp_path / "micromamba-go", waiting=tmp_path / "micromamba-waits")


def argv(target: Path, micromamba: Path, channel_url: str, *extra: str) -> list[str]:
    return [shells.require("dash"), str(SCRIPT), str(target), "--micromamba", str(micromamba),
            "--channel", channel_url, *extra]


def run(cmd, isolated, **kw):
    return subprocess.run(cmd, env=isolated.env, capture_output=True, text=True, timeout=300, **kw)


def records(prefix: Path) -> dict:
    found = {}
    for path in (prefix / "conda-meta").glob("*.json"):
        data = json.loads(path.read_text())
        found[data["name"]] = tuple(data.get(k) for k in RECORD_KEYS)
    return found


def wait_for(path: Path, seconds: float = shells.HANG_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


def gate(path: Path, real: str, when: str, until: Path, waiting: Path | None = None) -> Path:
    """A TEST STAND-IN that runs `real`, but when its arguments match the case pattern `when`
    it first writes its process id into `waiting` (if given; `exec` keeps that id for `real`)
    and waits, ten minutes at most (a hang, not a busy machine), until the file `until` has
    content: it holds a race window open."""
    q = shells.sh_quote
    touch = f"echo $$ >{q(str(waiting))}.tmp; mv {q(str(waiting))}.tmp {q(str(waiting))}; " \
        if waiting else ""
    path.write_text(
        f'#!/bin/sh\ncase " $* " in {when})\n'
        f'  {touch}i=0\n'
        f'  while [ ! -s {q(str(until))} ] && [ $i -lt 12000 ]; do sleep 0.05; i=$((i+1)); done\n'
        f'esac\nexec {q(real)} "$@"\n')
    path.chmod(0o755)
    return path


def holding_mkdir(tmp_path: Path, isolated, target: Path, until: Path, waiting: Path) -> dict:
    """The environment for a run whose `mkdir TARGET` waits for `until` (see `gate`)."""
    tools = tmp_path / "tools"
    tools.mkdir()
    gate(tools / "mkdir", shutil.which("mkdir"), f'*" "{shells.sh_quote(str(target))}" "*',
         until, waiting)
    return dict(isolated.env, PATH=f"{tools}:{isolated.env['PATH']}")


def test_lock_replay_gives_identical_records(isolated, micromamba, channel_url):
    first = isolated.root / "envs" / "first"
    assert run(argv(first, micromamba, channel_url, "--python", PY), isolated).returncode == 0
    lock = first / ".envstrap" / "lock.txt"
    second = isolated.root / "envs" / "replayed"
    result = run(argv(second, micromamba, channel_url, "--lock", str(lock)), isolated)
    assert result.returncode == 0, result.stderr
    assert records(second) == records(first)
    history = (second / "conda-meta" / "history").read_text()
    assert f"-f {lock}" in history  # an explicit install: no solve
    manifest = json.loads((second / ".envstrap" / "manifest.json").read_text())
    assert manifest["options"]["lock"] == str(lock)
    assert isolated.leftovers() == []


def test_lock_excludes_specs_and_must_be_explicit(isolated, micromamba, channel_url, tmp_path):
    target = isolated.root / "envs" / "x"
    result = run(argv(target, micromamba, channel_url, "--lock", "/l.txt", "--python", PY),
                 isolated)
    assert result.returncode == ExitCode.USAGE and "--python and --with do not apply" in \
        result.stderr
    not_a_lock = tmp_path / "requirements.txt"
    not_a_lock.write_text("python\n")
    result = run(argv(target, micromamba, channel_url, "--lock", str(not_a_lock)), isolated)
    assert result.returncode == ExitCode.USAGE and "no @EXPLICIT line" in result.stderr
    assert not target.exists()


def test_offline_uses_only_the_shared_cache(isolated, micromamba, channel_url):
    cache = isolated.root / "cache"
    first = isolated.root / "envs" / "online"
    result = run(argv(first, micromamba, channel_url, "--python", PY, "--pkgs-dir", str(cache)),
                 isolated)
    assert result.returncode == 0, result.stderr
    offline = isolated.root / "envs" / "offline"
    unreachable = "https://127.0.0.1:9/nothing"
    result = run(argv(offline, micromamba, unreachable, "--python", PY, "--pkgs-dir", str(cache),
                      "--offline"), isolated)
    assert result.returncode == 0, result.stderr
    assert records(offline) .keys() == records(first).keys()
    assert json.loads((offline / ".envstrap" / "manifest.json").read_text())["options"][
        "offline"] is True


def test_a_second_run_on_the_same_target_fails_fast(isolated, slow_micromamba, channel_url,
                                                    tmp_path):
    target = isolated.root / "envs" / "busy"
    first = subprocess.Popen(argv(target, slow_micromamba, channel_url, "--python", PY),
                             env=isolated.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for(target / ".envstrap" / "run.lock" / "owner")
        # the first is held in micromamba until the second has ended: the second cannot have
        # waited for it
        second = run(argv(target, slow_micromamba, channel_url, "--python", PY), isolated)
        assert second.returncode == ExitCode.TARGET_BUSY
        assert f"another envstrap run (process {first.pid}" in second.stderr
        assert first.poll() is None
    finally:
        (tmp_path / "micromamba-go").write_text("go\n")
        assert first.wait(timeout=shells.HANG_SECONDS) == 0
    assert (target / ".envstrap" / "complete").is_file()
    assert not (target / ".envstrap" / "run.lock").exists()


def test_a_run_never_removes_a_target_another_run_created_meanwhile(isolated, micromamba,
                                                                    channel_url, tmp_path):
    """Run B finds no target, then run A creates it and takes its lock before B's own mkdir: B
    must fail as busy and leave A's target alone. The window is held open by TEST STAND-INS on
    B's PATH (`mkdir`, which waits for A's lock) and for A's micromamba (which waits for B)."""
    target = isolated.root / "envs" / "raced"
    owner = target / ".envstrap" / "run.lock" / "owner"
    b_waits, b_done = tmp_path / "b-waits", tmp_path / "b-done"
    gated = gate(tmp_path / "gated-micromamba", str(micromamba), '*" install "*', until=b_done)
    env_b = holding_mkdir(tmp_path, isolated, target, until=owner, waiting=b_waits)
    run_b = subprocess.Popen(argv(target, micromamba, channel_url, "--python", PY), env=env_b,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    run_a = None
    try:
        wait_for(b_waits)
        assert not target.exists()  # B has passed its checks; A now makes the target
        run_a = subprocess.Popen(argv(target, gated, channel_url, "--python", PY),
                                 env=isolated.env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        _, err_b = run_b.communicate(timeout=shells.HANG_SECONDS)
        assert run_b.returncode == ExitCode.TARGET_BUSY, err_b
        assert f"another envstrap run (process {run_a.pid}" in err_b
        assert "removed" not in err_b
        assert owner.is_file() and (target / ".envstrap" / "incomplete").is_file()
    finally:
        b_done.write_text("B has exited\n")
        if run_a is not None:
            _, err_a = run_a.communicate(timeout=shells.HANG_SECONDS)
            assert run_a.returncode == 0, err_a
    assert (target / ".envstrap" / "complete").is_file()
    assert isolated.leftovers() == []


def test_a_target_another_run_completed_meanwhile_is_left_alone(isolated, micromamba,
                                                                channel_url, tmp_path):
    """Run B finds no target; run A then makes and completes it before B takes the run lock.
    B must see the complete marker under its lock and touch nothing (a TEST STAND-IN `mkdir` on
    B's PATH holds B until A has exited)."""
    target = isolated.root / "envs" / "raced"
    b_waits, a_done = tmp_path / "b-waits", tmp_path / "a-done"
    env_b = holding_mkdir(tmp_path, isolated, target, until=a_done, waiting=b_waits)
    run_b = subprocess.Popen(argv(target, micromamba, channel_url, "--python", PY), env=env_b,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(b_waits)
        result_a = run(argv(target, micromamba, channel_url, "--python", PY), isolated)
        assert result_a.returncode == 0, result_a.stderr
        before = {p: p.read_bytes() for p in (target / ".envstrap").iterdir() if p.is_file()}
    finally:
        a_done.write_text("A has exited\n")
        _, err_b = run_b.communicate(timeout=shells.HANG_SECONDS)
    assert run_b.returncode == 0, err_b
    assert err_b.splitlines()[-1] == (f"envstrap: another envstrap run completed '{target}' "
                                      "meanwhile; nothing to do.")
    assert "resuming" not in err_b and "creating the environment" not in err_b
    after = {p: p.read_bytes() for p in (target / ".envstrap").iterdir() if p.is_file()}
    assert after == before and not (target / ".envstrap" / "run.lock").exists()


def test_a_failed_run_removes_only_what_it_made_and_still_owns(isolated, micromamba,
                                                               channel_url, tmp_path):
    """Run A makes shared/ and shared/a, then waits in micromamba (a gated TEST STAND-IN) while
    run B completes shared/b and a file is put in shared/; A then fails. A removes its own target
    and leaves shared/ (no longer empty) with everything others put there."""
    shared = isolated.root / "shared"
    go = tmp_path / "go"
    gated = gate(tmp_path / "gated-micromamba", str(micromamba), '*" install "*', until=go)
    run_a = subprocess.Popen(argv(shared / "a", gated, channel_url, "--with", "no-such-package"),
                             env=isolated.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    try:
        wait_for(shared / "a" / ".envstrap" / "micromamba.yml")
        result_b = run(argv(shared / "b", micromamba, channel_url, "--python", PY), isolated)
        assert result_b.returncode == 0, result_b.stderr
        (shared / "notes.txt").write_text("important\n")
    finally:
        go.write_text("go\n")
        _, err_a = run_a.communicate(timeout=shells.HANG_SECONDS)
    assert run_a.returncode == ExitCode.CREATE_FAILED, err_a
    assert f"removed '{shared / 'a'}', which this run had created" in err_a
    assert f"removed '{shared}'" not in err_a
    assert not (shared / "a").exists()
    assert (shared / "b" / ".envstrap" / "complete").is_file()
    assert (shared / "notes.txt").read_text() == "important\n"


def test_a_failed_run_removes_the_empty_parents_it_made(isolated, micromamba, channel_url):
    target = isolated.root / "new" / "deeper" / "env"
    result = run(argv(target, micromamba, channel_url, "--with", "no-such-package"), isolated)
    assert result.returncode == ExitCode.CREATE_FAILED, result.stderr
    for made in (target, target.parent, target.parent.parent):
        assert f"removed '{made}', which this run had created" in result.stderr
    assert not (isolated.root / "new").exists()


def test_concurrent_runs_sharing_a_package_cache(isolated, micromamba, channel_url):
    cache = isolated.root / "shared cache"
    targets = [isolated.root / "envs" / f"parallel {i}" for i in range(3)]
    procs = [subprocess.Popen(argv(t, micromamba, channel_url, "--python", PY, "--pkgs-dir",
                                   str(cache)), env=isolated.env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for t in targets]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    expected = records(targets[0])
    for target in targets:
        assert records(target) == expected
        check = subprocess.run([str(target / "bin" / "python"), "-I", "-c",
                                "import sys, json; print(sys.prefix)"],
                               capture_output=True, text=True)
        assert check.stdout.strip() == str(target)


@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, ExitCode.TERMINATED),
                                       (signal.SIGINT, ExitCode.INTERRUPTED)])
def test_interrupted_run_stops_micromamba_and_resumes(sig, code, isolated, slow_micromamba,
                                                      micromamba, channel_url, tmp_path):
    target = isolated.root / "envs" / f"interrupted {sig.name}"
    proc = subprocess.Popen(argv(target, slow_micromamba, channel_url, "--python", PY),
                            env=isolated.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=signals_as_at_a_terminal)
    try:
        wait_for(tmp_path / "micromamba-waits")  # micromamba (held) is running now
        held = int((tmp_path / "micromamba-waits").read_text())
        proc.send_signal(sig)
        proc.wait(timeout=shells.HANG_SECONDS)
        # Held at the gate, a micromamba envstrap left running would wait ten minutes: gone
        # within a minute (time for the kernel to reap it on a busy machine) means stopped.
        left = still_running_after(held, seconds=60)
    finally:
        (tmp_path / "micromamba-go").write_text("go\n")
        _, err = proc.communicate(timeout=shells.HANG_SECONDS)
    assert proc.returncode == code, err.decode()
    assert "left marked incomplete" in err.decode()
    assert (target / ".envstrap" / "incomplete").is_file()  # kept: not removed on a signal
    assert not (target / ".envstrap" / "run.lock").exists()
    assert not (target / ".envstrap" / "complete").exists()
    assert not left, f"micromamba (process {held}) kept running after the interrupt"
    result = run(argv(target, micromamba, channel_url, "--python", PY), isolated)
    assert result.returncode == 0, result.stderr
    assert "resuming the incomplete environment" in result.stderr


def signals_as_at_a_terminal() -> None:
    """A suite started in the background (`nohup ... &`, a script's `cmd &`) inherits SIGINT
    ignored, and a shell cannot trap a signal that was ignored when it started (POSIX, "trap"):
    envstrap.sh would then rightly go on after the test's SIGINT. Give the run the default
    handling a terminal's Ctrl-C meets, whatever started the suite."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def still_running_after(pid: int, seconds: float) -> bool:
    """Whether process `pid` (a zombie counts as gone) is still there after `seconds`; the id
    is checked at once and then polled, so a process that stopped is seen as soon as it is."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return False
        if state == "Z" or time.monotonic() > deadline:
            return state != "Z"
        time.sleep(0.05)


def dead_pid() -> int:
    dead = subprocess.Popen(["true"])
    dead.wait()
    return dead.pid


def plant_lock(target: Path, pid: int, host: str = os.uname().nodename) -> Path:
    """An incomplete target whose run lock names process `pid` on `host` as its owner."""
    lock = target / ".envstrap" / "run.lock"
    lock.mkdir(parents=True)
    (lock / "owner").write_text(f"{pid} 2026-01-01T00:00:00Z {host}\n")
    (target / ".envstrap" / "incomplete").write_text("")
    return lock


def test_stale_lock_from_a_dead_run_is_taken_over(isolated, micromamba, channel_url):
    target = isolated.root / "envs" / "stale"
    pid = dead_pid()
    plant_lock(target, pid)
    result = run(argv(target, micromamba, channel_url, "--python", PY), isolated)
    assert result.returncode == 0, result.stderr
    assert f"removing a stale lock left by process {pid}" in result.stderr
    assert not list((target / ".envstrap").glob("run.lock*"))


def test_a_lock_from_another_host_is_never_taken_over(isolated, micromamba, channel_url):
    target = isolated.root / "envs" / "shared drive"
    lock = plant_lock(target, dead_pid(), host="build-7.example.org")
    before = (lock / "owner").read_text()
    result = run(argv(target, micromamba, channel_url, "--python", PY), isolated)
    assert result.returncode == ExitCode.TARGET_BUSY, result.stderr
    assert "on host 'build-7.example.org'" in result.stderr
    assert "a lock from another host is never taken over automatically" in result.stderr
    assert (lock / "owner").read_text() == before


def test_a_live_lock_of_another_user_is_never_taken_over(isolated, micromamba, channel_url,
                                                         tmp_path):
    """kill -0 on another user's live process fails with EPERM: that process is alive. Process
    1 belongs to root; envstrap runs as 'nobody' (or, run by a normal user, as that user)."""
    work = tmp_path / "work"
    target = work / "group env"
    lock = plant_lock(target, 1)
    for folder in (work, target, target / ".envstrap", lock):
        folder.chmod(0o777)
    result = run_unprivileged(argv(target, micromamba, channel_url, "--python", PY)[2:], work,
                              isolated.env)
    assert result.returncode == ExitCode.TARGET_BUSY, result.stderr
    assert "another envstrap run (process 1, started 2026-01-01T00:00:00Z)" in result.stderr
    assert (lock / "owner").is_file()


def test_two_runs_that_find_the_same_dead_lock(isolated, micromamba, channel_url, tmp_path):
    """Runs A and B both find a dead run's lock. B is held (TEST STAND-INS for mv and rm on its
    PATH) right after it judged the lock stale, until A has taken it over and holds it (A's
    micromamba, gated, waits for B). B must then not take A's live lock: it exits as busy and
    A's lock is intact."""
    target = isolated.root / "envs" / "contested"
    lock = plant_lock(target, dead_pid())
    b_waits, release, b_done = tmp_path / "b-waits", tmp_path / "release", tmp_path / "b-done"
    tools = tmp_path / "tools"
    tools.mkdir()
    for tool in ("mv", "rm"):
        gate(tools / tool, shutil.which(tool), "*run.lock*", until=release, waiting=b_waits)
    env_b = dict(isolated.env, PATH=f"{tools}:{isolated.env['PATH']}")
    gated = gate(tmp_path / "gated-micromamba", str(micromamba), '*" install "*', until=b_done)
    run_b = subprocess.Popen(argv(target, micromamba, channel_url, "--python", PY), env=env_b,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    run_a = None
    try:
        wait_for(b_waits)
        run_a = subprocess.Popen(argv(target, gated, channel_url, "--python", PY),
                                 env=isolated.env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        wait_for(target / ".envstrap" / "micromamba.yml")  # A holds the lock, in micromamba
        a_owner = (lock / "owner").read_text()
        assert a_owner.startswith(f"{run_a.pid} ")
        release.write_text("A holds the lock\n")
        _, err_b = run_b.communicate(timeout=shells.HANG_SECONDS)
        assert run_b.returncode == ExitCode.TARGET_BUSY, err_b
        assert (lock / "owner").read_text() == a_owner
        assert not list((target / ".envstrap").glob("run.lock.*"))
    finally:
        release.write_text("go\n")
        b_done.write_text("B has exited\n")
        if run_a is not None:
            _, err_a = run_a.communicate(timeout=shells.HANG_SECONDS)
            assert run_a.returncode == 0, err_a
    assert (target / ".envstrap" / "complete").is_file()


def _checkout_whose_stage1_returns(tmp_path: Path, code: int) -> Path:
    """A copy of bootstrap/ and src/ whose stage 1 returns `code` at once (writing nothing)."""
    root = tmp_path / "checkout"
    shutil.copytree(REPO / "bootstrap", root / "bootstrap")
    shutil.copytree(REPO / "src", root / "src", ignore=shutil.ignore_patterns("__pycache__"))
    with open(root / "src" / "envstrap" / "cli.py", "a") as cli:
        cli.write(f"\n\ndef main(argv=None):\n    return {code}\n")
    return root / "bootstrap" / "envstrap.sh"


@pytest.mark.parametrize("code", [0, 42])
def test_done_means_complete(code, isolated, micromamba, channel_url, tmp_path):
    """Issue 9: "done" and exit 0 only when .envstrap/complete exists after stage 1."""
    script = _checkout_whose_stage1_returns(tmp_path, code)
    target = isolated.root / "envs" / "mine"
    target.mkdir(parents=True)
    cmd = argv(target, micromamba, channel_url, "--python", PY)
    cmd[1] = str(script)
    result = run(cmd, isolated)
    assert "done." not in result.stderr
    assert (target / ".envstrap" / "incomplete").is_file()
    if code == 0:
        assert result.returncode == ExitCode.FINALIZE_FAILED, result.stderr
        assert (f"envstrap: error: stage 1 ended with exit code 0, but '{target}/.envstrap/"
                "complete' does not exist: the target is incomplete.") in result.stderr
    else:
        assert result.returncode == code, result.stderr
        assert "stage 1 failed (exit code 42): the target is incomplete." in result.stderr


def test_full_disk_is_named_as_such(isolated, micromamba, channel_url, tmp_path):
    unshare = shells.require("unshare")
    small = tmp_path / "small disk"
    small.mkdir()
    target = small / "env"
    inner = (f"mount -t tmpfs -o size=4m tmpfs {shells.sh_quote(str(small))} && exec "
             + " ".join(shells.sh_quote(a) for a in argv(target, micromamba, channel_url,
                                                          "--python", PY, "--keep-failed")))
    result = subprocess.run([unshare, "-rm", "sh", "-c", inner], env=isolated.env,
                            capture_output=True, text=True, timeout=300)
    if "mount" in result.stderr and result.returncode not in (0, ExitCode.CREATE_FAILED):
        pytest.fail(f"could not mount a small tmpfs in a user namespace: {result.stderr}")
    assert result.returncode == ExitCode.CREATE_FAILED, result.stderr
    assert "is full" in result.stderr


def test_read_only_target_is_refused_before_anything_happens(isolated, micromamba, channel_url,
                                                             tmp_path):
    target = tmp_path / "ro"
    target.mkdir()
    target.chmod(0o555)
    result = run_unprivileged(argv(target, micromamba, channel_url, "--python", PY)[2:],
                              tmp_path, isolated.env)
    assert result.returncode == ExitCode.TARGET_REFUSED
    assert "is not writable" in result.stderr
    assert list(target.iterdir()) == []


# -- bundles ----------------------------------------------------------------------------------

@pytest.fixture
def bundled(isolated, micromamba, channel_url):
    source = isolated.root / "envs" / "source env"
    assert run(argv(source, micromamba, channel_url, "--python", PY), isolated).returncode == 0
    out = isolated.root / "bundles" / "my bundle"
    result = run([shells.require("dash"), str(SCRIPT), "bundle", str(source), str(out),
                  "--micromamba", str(micromamba)], isolated)
    assert result.returncode == 0, result.stderr
    return source, out


def _portable(prefix: Path) -> dict:
    """Records without their URL, which names the place the file came from."""
    return {name: tuple(v for k, v in zip(RECORD_KEYS, rec) if k != "url")
            for name, rec in records(prefix).items()}


def test_bundle_holds_everything_with_checksums(bundled):
    source, out = bundled
    sums = dict(reversed(line.split("  ", 1)) for line in
                (out / "SHA256SUMS").read_text().splitlines())
    for name in records(source):  # each package in its own subdir, as in a channel
        assert any(path.startswith((f"pkgs/linux-64/{name}-", f"pkgs/noarch/{name}-"))
                   for path in sums), name
    for listed in ("micromamba/linux-64/micromamba", "lock.txt", "channels.txt",
                   "pkgs/linux-64/repodata.json", "pkgs/noarch/repodata.json"):
        assert listed in sums, listed
    meta = json.loads((out / "bundle.json").read_text())
    assert meta["platform"] == "linux-64" and meta["packages"] == len(records(source))
    assert meta["schema"] == 2


def test_bundle_round_trip_with_no_network(bundled, isolated, micromamba, tmp_path):
    source, out = bundled
    target = isolated.root / "envs" / "from bundle"
    # The stand-in says it is the pinned micromamba: a checkout whose micromamba.pins pins its
    # sha256 takes it as the pinned build (docs/testing.md, "Its version").
    script = checkout_with_pins(tmp_path, pins_pinning(micromamba))
    cmd = [shells.require("unshare"), "-rn", shells.require("dash"), str(script), str(target),
           "--bundle", str(out)]
    result = run(cmd, isolated)
    assert result.returncode == 0, result.stderr
    assert "checking every file of the bundle" in result.stderr
    assert f"the bundle's micromamba is the pinned {MICROMAMBA_VERSION} build" in result.stderr
    assert _portable(target) == _portable(source)
    for rec in records(target).values():  # every package came from the bundle itself
        assert urllib.parse.unquote(rec[3]).startswith(f"file://{out}/pkgs/"), rec[3]
    # what ran was a private copy in the target, not the bundle's own file (issue 16)
    history = (target / "conda-meta" / "history").read_text()
    assert re.search(rf"^# cmd: {re.escape(str(target))}/\.envstrap/tmp/micromamba\.\w+/"
                     r"micromamba install ", history, re.M), history
    assert not (target / ".envstrap" / "tmp").exists()  # removed with the scratch
    manifest = json.loads((target / ".envstrap" / "manifest.json").read_text())
    assert manifest["options"]["bundle"] == str(out)
    bundled_mm = next((out / "micromamba").glob("*/micromamba"))
    assert manifest["micromamba"]["sha256"] == hashlib.sha256(bundled_mm.read_bytes()).hexdigest()
    assert isolated.leftovers() == []


def test_damaged_bundle_is_refused_before_anything_is_made(bundled, isolated):
    _, out = bundled
    victim = next((out / "pkgs").glob("*/python-*"))
    data = bytearray(victim.read_bytes())
    data[100] ^= 0xFF
    victim.write_bytes(bytes(data))
    target = isolated.root / "envs" / "never"
    result = run([shells.require("dash"), str(SCRIPT), str(target), "--bundle", str(out)],
                 isolated)
    assert result.returncode == ExitCode.CREATE_FAILED
    assert (f"the bundle is damaged: '{victim.relative_to(out).as_posix()}' has sha256"
            in result.stderr)
    assert not target.exists()


def test_bundle_refusals(bundled, isolated, micromamba):
    source, out = bundled
    dash = shells.require("dash")
    result = run([dash, str(SCRIPT), "bundle", str(source), str(out), "--micromamba",
                  str(micromamba)], isolated)
    assert result.returncode == ExitCode.USAGE and "is not an empty folder" in result.stderr
    result = run([dash, str(SCRIPT), "bundle", str(isolated.root)], isolated)
    assert result.returncode == ExitCode.NOT_AN_ENVSTRAP_ENV
    result = run([dash, str(SCRIPT), str(isolated.root / "n"), "--bundle", str(out),
                  "--python", PY], isolated)
    assert result.returncode == ExitCode.USAGE and "--bundle brings its own" in result.stderr
