"""The measurements. Each returns plain data (dicts of numbers) that run.py prints and charts."""

from __future__ import annotations

import dataclasses
import os
import platform
import pty
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench import fixtures
from bench.fixtures import (
    REPO,
    SHELLS,
    STAGE1_BOOT,
    activate_cycle,
    base_env,
    shell_argv,
    source,
)
from bench.timer import Command, Sample, fit_line, grows_linearly, measure, run_once


@dataclasses.dataclass(frozen=True)
class Mode:
    """How much to measure: the full run, or --quick (a few runs, small sizes; for the test)."""

    runs: int = 40
    warmup: int = 3
    cycles: int = 10  # activate+deactivate cycles per shell process in the growth runs
    growth_runs: int = 15
    hook_counts: tuple[int, ...] = (0, 10, 100)
    var_counts: tuple[int, ...] = (0, 10, 50)
    path_counts: tuple[int, ...] = (0, 100, 500)
    record_counts: tuple[int, ...] = (10, 100, 1000)
    stage1_runs: int = 10
    bootstrap_runs: int = 3
    wine_runs: int = 12


QUICK = Mode(runs=2, warmup=0, cycles=1, growth_runs=1, hook_counts=(0, 2, 4),
             var_counts=(0, 2, 4), path_counts=(0, 20), record_counts=(10, 20), stage1_runs=1,
             bootstrap_runs=0, wine_runs=0)


def available_shells() -> list[str]:
    return [s for s in SHELLS if shutil.which(s)]


# ---- activation against the floor, a venv and a Python start -------------------------------

def check_activation(shell: str, prefix: Path, env: dict[str, str], variable: str) -> None:
    """Before timing: one cycle must really activate (CONDA_PREFIX, a config var) and
    deactivate, so a broken script cannot look fast."""
    probe = (f'{source(shell, prefix / ("activate.fish" if shell == "fish" else "activate"))}; '
             f'echo "[$CONDA_PREFIX] [${variable}]"; deactivate; echo "[$CONDA_PREFIX]"')
    out = subprocess.run(shell_argv(shell, probe), env=env, capture_output=True, text=True,
                         check=True).stdout
    if f"[{prefix}] [" not in out or "] []" in out.splitlines()[0] or \
            out.splitlines()[-1] != "[]":
        raise RuntimeError(f"{shell}: activation did not work:\n{out}")


def activation(prefix: Path, python: str, venv: Path, empty: dict[str, Path],
               env: dict[str, str], mode: Mode, variable: str) -> dict[str, dict[str, Sample]]:
    """Per shell: `. empty`, venv activate+deactivate, envstrap activate+deactivate and the
    env's `python -c pass`, each started as `SHELL -c ...`, interleaved."""
    results = {}
    for shell in available_shells():
        check_activation(shell, prefix, env, variable)
        venv_script = venv / "bin" / ("activate.fish" if shell == "fish" else "activate")
        commands = [
            Command("empty", shell_argv(shell, source(shell, empty[shell])), env),
            Command("venv", shell_argv(shell, f"{source(shell, venv_script)}; deactivate"), env),
            Command("envstrap", shell_argv(shell, activate_cycle(shell, prefix)), env),
            Command("python", shell_argv(shell, f"{fixtures.sh_quote(python)} -c pass"), env),
        ]
        results[shell] = measure(commands, mode.runs, mode.warmup)
    return results


def processes(prefix: Path, empty: dict[str, Path], env: dict[str, str]) -> dict[str, int] | None:
    """Processes started while activating and deactivating, beyond those of sourcing an empty
    script in the same shell (strace -f: distinct process ids)."""
    strace = shutil.which("strace")
    if not strace:
        return None
    counts = {}
    with tempfile.TemporaryDirectory() as tmp:
        for shell in available_shells():
            pids = []
            for script in (source(shell, empty[shell]), activate_cycle(shell, prefix)):
                log = Path(tmp) / "strace.log"
                subprocess.run([strace, "-f", "-qq", "-e", "trace=execve,fork,vfork,clone,clone3",
                                "-o", str(log), *shell_argv(shell, script)], env=env, check=True,
                               capture_output=True)
                pids.append(len({line.split()[0] for line in log.read_text().splitlines()}))
            counts[shell] = pids[1] - pids[0]
    return counts


# ---- growth ---------------------------------------------------------------------------------

@dataclasses.dataclass
class Growth:
    counts: tuple[int, ...]
    ms: list[float]  # CPU ms per activate+deactivate cycle (median), one per count
    slope_us: float  # microseconds per item
    r2: float
    linear: bool


def _growth(samples: dict[str, Sample], names: list[str], counts: tuple[int, ...],
            cycles: int) -> Growth:
    ms = [samples[n].cpu_median / cycles for n in names]
    slope, _, r2 = fit_line(counts, ms)
    return Growth(counts, ms, slope * 1000, r2, grows_linearly(counts, ms, noise=0.5))


def cycles_script(shell: str, prefix: Path, cycles: int) -> str:
    """`cycles` activate+deactivate cycles in one shell, so the shell's start is paid once."""
    body = activate_cycle(shell, prefix)
    numbers = " ".join(str(i) for i in range(cycles))
    if shell == "fish":
        return f"for i in {numbers}; {body}; end"
    return f"for i in {numbers}; do {body}; done"


def growth(work: Path, mode: Mode) -> dict[str, dict[str, Growth]]:
    """Per shell: activate+deactivate with more activate.d scripts, more config vars and a
    longer PATH (one thing grows at a time, from the same bare prefix). Measured as CPU time
    of `mode.cycles` cycles in one shell: the cost per item, not the machine's load."""
    base = fixtures.make_prefix(work, "grow base")
    prefixes = {("hooks", 0): base, ("vars", 0): base, ("path", 0): base}
    for n in mode.hook_counts[1:]:
        prefixes[("hooks", n)] = fixtures.make_prefix(work, f"grow hooks {n}", hooks=n)
    for n in mode.var_counts[1:]:
        prefixes[("vars", n)] = fixtures.make_prefix(work, f"grow vars {n}", variables=n)
    envs = {n: base_env(work / f"home path {n}", fixtures.long_path(n)) for n in mode.path_counts}
    results = {}
    for shell in available_shells():
        commands, names = [], {"hooks": [], "vars": [], "path": []}
        for (kind, n), prefix in prefixes.items():
            names[kind].append(f"{kind}-{n}")
            commands.append(Command(f"{kind}-{n}", shell_argv(
                shell, cycles_script(shell, prefix, mode.cycles)), envs[0]))
        for n in mode.path_counts[1:]:
            names["path"].append(f"path-{n}")
            commands.append(Command(f"path-{n}", shell_argv(
                shell, cycles_script(shell, base, mode.cycles)), envs[n]))
        samples = measure(commands, mode.growth_runs, mode.warmup)
        results[shell] = {kind: _growth(samples, names[kind], counts, mode.cycles)
                          for kind, counts in (("hooks", mode.hook_counts),
                                               ("vars", mode.var_counts),
                                               ("path", mode.path_counts))}
    return results


# ---- cmd.exe under wine ---------------------------------------------------------------------

def wine_cmd(work: Path, mode: Mode) -> dict[str, Sample] | None:
    """activate.bat + deactivate.bat in wine's cmd against an empty .bat in wine's cmd."""
    if not mode.wine_runs or not shutil.which("wine"):
        return None
    from tests.support import wine as winesupport

    session = winesupport.start_wine()
    master, slave = pty.openpty()  # a console, as the tests give cmd (chcp needs one)
    try:
        prefix = fixtures.make_windows_prefix(work / "windows")
        p = winesupport.windows_path(prefix)
        drivers = {
            "empty": "@echo off\r\ncall \"{}\"\r\n".format(
                winesupport.windows_path(_write(work / "windows" / "empty.bat", ""))),
            "envstrap": f'@echo off\r\ncall "{p}\\activate.bat"\r\n'
                        f'if not defined CONDA_PREFIX exit /b 1\r\n'
                        f'call "{p}\\deactivate.bat"\r\n'
                        f'if defined CONDA_PREFIX exit /b 1\r\n',
        }
        commands = []
        for name, text in drivers.items():
            driver = _write(work / "windows" / f"driver-{name}.bat", text)
            argv = [session.loader, "cmd", "/d", "/c", winesupport.windows_path(driver)]
            commands.append(Command(name, argv, session.env, str(work / "windows"), slave))
        return measure(commands, mode.wine_runs, warmup=2)
    finally:
        os.close(master)
        os.close(slave)
        session.stop()


def _write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode())
    return path


# ---- bootstrap ------------------------------------------------------------------------------

@dataclasses.dataclass
class Bootstrap:
    total_s: list[float]
    install_s: list[float]  # the `micromamba install` call
    other_mm_s: list[float]  # the other micromamba calls (--version)

    def own_s(self) -> list[float]:
        return [t - i - o for t, i, o in zip(self.total_s, self.install_s, self.other_mm_s)]


_WRAPPER = """#!/bin/sh
# bench: time each micromamba call, then pass it on to the stand-in.
start=$(date +%s%N)
{launcher} "$@"
status=$?
end=$(date +%s%N)
echo "$1 $start $end" >> {log}
exit $status
"""


def bootstrap(work: Path, env: dict[str, str], channel: str, micromamba: Path, python: str,
              hooks_package: str, runs: int) -> tuple[Bootstrap, Path]:
    """envstrap.sh end to end (dash, as a user runs it) against the micromamba install it runs,
    timed inside the same run by a wrapper around the stand-in. Returns the last environment."""
    log = work / "micromamba-calls.log"
    wrapper = work / "wrapped" / "micromamba"
    wrapper.parent.mkdir(parents=True)
    wrapper.write_text(_WRAPPER.format(launcher=fixtures.sh_quote(str(micromamba)),
                                       log=fixtures.sh_quote(str(log))))
    wrapper.chmod(0o755)
    result = Bootstrap([], [], [])
    target = work
    for i in range(runs):
        target = work / "envs" / f"bench env {i}"
        log.write_text("")
        argv = [shutil.which("dash") or "sh", str(REPO / "bootstrap" / "envstrap.sh"),
                str(target), "--python", python, "--micromamba", str(wrapper),
                "--channel", channel, "--with", hooks_package]
        start = time.perf_counter()
        subprocess.run(argv, env=env, cwd=work, check=True, capture_output=True)
        result.total_s.append(time.perf_counter() - start)
        calls = [line.split() for line in log.read_text().splitlines()]
        spent = {"install": 0.0, "other": 0.0}
        for verb, begin, end in calls:
            spent["install" if verb == "install" else "other"] += (int(end) - int(begin)) / 1e9
        result.install_s.append(spent["install"])
        result.other_mm_s.append(spent["other"])
    return result, target


# ---- stage 1 --------------------------------------------------------------------------------

@dataclasses.dataclass
class Stage1:
    counts: tuple[int, ...]
    finalize: list[Sample]
    doctor: list[Sample]
    python: Sample  # the same python, -I -B -c pass: the start-up both pay
    slopes_us: dict[str, float]  # per record
    r2: dict[str, float]
    linear: dict[str, bool]


def stage1(work: Path, python: str, env: dict[str, str], channel: str, mode: Mode) -> Stage1:
    """finalize and doctor (`--json`, no --deep) run as stage 0 runs them (python -I -B), on
    prefixes with more and more package records. The slope per record is taken from CPU time
    (median), which the machine's load does not inflate."""
    src = str(REPO / "src")
    boot = [python, "-I", "-B", "-c", STAGE1_BOOT, src]
    commands = [Command("python", [python, "-I", "-B", "-c", "pass"], env)]
    for n in mode.record_counts:
        prefix = fixtures.make_records_prefix(work / "records", n)
        finalize = Command(f"finalize-{n}", boot + ["finalize", str(prefix), "--channel",
                                                    channel], env)
        run_once(finalize)  # once untimed, so doctor always finds a complete environment
        commands += [finalize, Command(f"doctor-{n}", boot + ["doctor", str(prefix), "--json"],
                                       env)]
    samples = measure(commands, mode.stage1_runs, warmup=1)
    result = Stage1(mode.record_counts,
                    [samples[f"finalize-{n}"] for n in mode.record_counts],
                    [samples[f"doctor-{n}"] for n in mode.record_counts],
                    samples["python"], {}, {}, {})
    for verb in ("finalize", "doctor"):
        ms = [s.cpu_median for s in getattr(result, verb)]
        slope, _, r2 = fit_line(mode.record_counts, ms)
        result.slopes_us[verb] = slope * 1000
        result.r2[verb] = r2
        result.linear[verb] = grows_linearly(mode.record_counts, ms, noise=20.0)
    return result


def machine() -> str:
    """One line about where the numbers come from."""
    cpu = "unknown CPU"
    try:
        found = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        cpu = found.group(1).strip() if found else cpu
    except OSError:
        pass
    load = os.getloadavg()[0]
    versions = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Version}, ", *SHELLS,
                               "wine64"], capture_output=True, text=True).stdout.strip(" ,")
    return (f"{cpu}, {os.cpu_count()} cores, load average {load:.1f} at the start; "
            f"Python {platform.python_version()}; {versions or 'shell versions unknown'}")
