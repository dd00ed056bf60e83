"""Benchmarks: print how long envstrap's steps take on this machine. No pass/fail, only numbers.

    .venv/bin/python bench/run.py [--repeat N]

Builds one environment with the real envstrap.sh, the local test channel and the micromamba
stand-in (the same fixtures as the tests; see docs/testing.md), then measures:
  bootstrap     envstrap.sh end to end (micromamba stand-in + stage 1)
  finalize      stage 1 alone (python -m envstrap finalize), process start included
  doctor        `doctor TARGET --json` without --deep, process start included (target: < 300 ms)
  doctor-checks the checks alone, in-process
  activate      sourcing activate + deactivate in bash, dash, zsh and fish, minus an empty shell
and the peak memory (max RSS) of one doctor and one finalize process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

from tests.standins.micromamba import write_launcher  # noqa: E402
from tests.support.channel import HOOKS_PACKAGE, PYTHON_VERSION, cached_channel  # noqa: E402
from tests.support.isolation import make_isolated_home  # noqa: E402

BOOT = ("import sys; sys.path.insert(0, sys.argv.pop(1)); from envstrap.cli import main; "
        "sys.exit(main())")


def timed(argv, env, repeat):
    """Wall-clock milliseconds of `repeat` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, env=env, check=True, capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
    return times


def peak_rss_mib(argv, env) -> float:
    """Max RSS of one run of argv, measured in a fresh process that starts nothing else."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
             "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, *argv], env=env, check=True,
                         capture_output=True, text=True).stdout
    return int(out) / 1024


def line(name, times, extra=""):
    print(f"{name:<16} median {statistics.median(times):8.1f} ms   min {min(times):8.1f} ms   "
          f"max {max(times):8.1f} ms   n={len(times)}{extra}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    repeat = parser.parse_args().repeat
    work = Path(tempfile.mkdtemp(prefix="envstrap-bench-"))
    isolated = make_isolated_home(work / "iso")
    env = isolated.env
    channel = cached_channel().as_uri()
    micromamba = write_launcher(work / "bin")
    py = ".".join(PYTHON_VERSION.split(".")[:2])

    boots = []
    for i in range(3):
        target = work / "envs" / f"bench {i}"
        start = time.perf_counter()
        subprocess.run(["sh", str(REPO / "bootstrap" / "envstrap.sh"), str(target), "--python", py,
                        "--micromamba", str(micromamba), "--channel", channel,
                        "--with", HOOKS_PACKAGE], env=env, check=True, capture_output=True)
        boots.append((time.perf_counter() - start) * 1000)
    line("bootstrap", boots)

    python = str(target / "bin" / "python")
    stage1 = [python, "-I", "-B", "-c", BOOT, str(REPO / "src")]
    finalize = stage1 + ["finalize", str(target), "--channel", channel]
    line("finalize", timed(finalize, env, repeat),
         f"   max RSS {peak_rss_mib(finalize, env):.1f} MiB")
    doctor_env = dict(env, PATH="/usr/bin:/bin")
    doctor_argv = stage1 + ["doctor", str(target), "--json"]
    line("doctor", timed(doctor_argv, doctor_env, repeat),
         f"   max RSS {peak_rss_mib(doctor_argv, doctor_env):.1f} MiB")

    from envstrap import doctor

    ctx = doctor.make_context(target, doctor_env)
    in_process = []
    for _ in range(repeat):
        start = time.perf_counter()
        doctor.run_checks(ctx)
        in_process.append((time.perf_counter() - start) * 1000)
    line("doctor-checks", in_process)

    for shell in ("bash", "dash", "zsh", "fish"):
        src = (f"source '{target}/activate.fish'" if shell == "fish"
               else f". '{target}/activate'")
        flags = ["--no-config"] if shell == "fish" else ["-f"] if shell == "zsh" else []
        empty = timed([shell, *flags, "-c", ":"], env, repeat)
        full = timed([shell, *flags, "-c", f"{src}; deactivate"], env, repeat)
        cost = [max(0.0, f - statistics.median(empty)) for f in full]
        line(f"activate {shell}", cost, f"   (shell start alone {statistics.median(empty):.1f} ms)")
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; work dir {work}")


if __name__ == "__main__":
    main()
