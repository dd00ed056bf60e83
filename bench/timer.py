"""The bench's timer: start commands directly (posix_spawn, no shell in between) and time them.

Why not hyperfine: it runs all runs of one command, then all of the next. On a shared machine the
load drifts between those blocks, and a ratio of two blocks measures the drift too. Here every
round runs each command of a group once, in a shuffled order, so the commands compared share the
same moments; min and median are then taken per command over all rounds. wait4() also gives each
run's peak memory (max RSS) for free.
"""

from __future__ import annotations

import dataclasses
import os
import random
import statistics
import time
from collections.abc import Sequence


@dataclasses.dataclass(frozen=True)
class Command:
    name: str
    argv: Sequence[str]
    env: dict[str, str]
    cwd: str | None = None
    stdin_fd: int | None = None  # e.g. a pseudo-terminal for wine's console; default /dev/null


@dataclasses.dataclass
class Sample:
    """Wall-clock milliseconds of every run of one command, and its largest max RSS (KiB)."""

    times: list[float] = dataclasses.field(default_factory=list)
    cpu: list[float] = dataclasses.field(default_factory=list)  # user + system ms, all children
    max_rss_kib: int = 0

    @property
    def min(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


class CommandFailed(RuntimeError):
    pass


def run_once(command: Command) -> tuple[float, float, int]:
    """Run the command once with stdout/stderr to /dev/null: (wall ms, CPU ms, max RSS KiB).

    CPU time and max RSS come from wait4() on the started process; like `time`, they include
    the processes it waited for."""
    devnull = os.open(os.devnull, os.O_RDWR)
    try:
        actions = [(os.POSIX_SPAWN_DUP2, command.stdin_fd if command.stdin_fd is not None
                    else devnull, 0),
                   (os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
        here = os.getcwd()
        if command.cwd:
            os.chdir(command.cwd)  # posix_spawn has no cwd action before Python 3.13
        try:
            start = time.perf_counter()
            pid = os.posix_spawn(command.argv[0], list(command.argv), command.env,
                                 file_actions=actions)
            _, status, usage = os.wait4(pid, 0)
            elapsed = (time.perf_counter() - start) * 1000
        finally:
            os.chdir(here)
    finally:
        os.close(devnull)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise CommandFailed(f"{command.name}: exit status {code}: {list(command.argv)}")
    return elapsed, (usage.ru_utime + usage.ru_stime) * 1000, usage.ru_maxrss


def measure(commands: Sequence[Command], runs: int, warmup: int = 2,
            seed: int = 12) -> dict[str, Sample]:
    """`runs` interleaved rounds (after `warmup` unrecorded ones) of every command."""
    samples = {c.name: Sample() for c in commands}
    order = list(commands)
    shuffle = random.Random(seed).shuffle
    for round_no in range(warmup + runs):
        shuffle(order)
        for command in order:
            elapsed, cpu, rss = run_once(command)
            if round_no >= warmup:
                sample = samples[command.name]
                sample.times.append(elapsed)
                sample.cpu.append(cpu)
                sample.max_rss_kib = max(sample.max_rss_kib, rss)
    return samples


def ratio(a: Sample, b: Sample) -> tuple[float, float]:
    """a/b by minimum and by median wall-clock time."""
    return a.min / b.min, a.median / b.median


def cpu_ratio(a: Sample, b: Sample) -> float:
    """a/b by median CPU time: what the commands cost, without the time spent waiting for a
    CPU on a busy machine."""
    return a.cpu_median / b.cpu_median


def grows_linearly(xs: Sequence[float], ys: Sequence[float], noise: float) -> bool:
    """Flat within `noise`, or the cost per item over the last stretch at most 3x the cost per
    item over the first (plus noise): a quadratic cost fails, a straight line passes."""
    if len(xs) < 3 or ys[-1] - ys[0] <= noise:
        return True
    first = max((ys[1] - ys[0]) / (xs[1] - xs[0]), 0.0)
    last = (ys[-1] - ys[1]) / (xs[-1] - xs[1])
    return last <= 3 * first + noise / (xs[-1] - xs[1])


def fit_line(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float, float]:
    """Least-squares line y = slope * x + intercept, and R² (1.0 = a straight line)."""
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    intercept = my - slope * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - (slope * x + intercept)) ** 2 for x, y in zip(xs, ys))
    return slope, intercept, (1.0 - ss_res / ss_tot) if ss_tot else 1.0
