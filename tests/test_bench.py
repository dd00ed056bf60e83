"""The benchmark command (bench/run.py) runs and prints its table. No timing is asserted: speed
is reported by the bench (docs/performance.md), never tested."""

from __future__ import annotations

import shutil
import subprocess
import sys

from tests.conftest import REPO
from tests.support.shells import HANG_SECONDS


def test_quick_bench_prints_every_table_and_goal(tmp_path):
    result = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--quick"],
                            capture_output=True, text=True, timeout=HANG_SECONDS, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for heading in ("## Activation", "## Growth", "## Stage 1", "## Goals"):
        assert heading in out
    present = [s for s in ("bash", "dash", "zsh", "fish") if shutil.which(s)]
    for shell in present:
        # one activation row (with its strace count) and one growth row per shell
        assert len([line for line in out.splitlines() if line.startswith(f"| {shell} |")]) == 2
        assert f"| {shell}: no process started by activation | 0 | met |" in out
    # the activation table puts the 5x goal beside a stdlib venv: `python -c pass` / venv
    header = next(line for line in out.splitlines() if "`python -c pass` / venv" in line)
    for shell in present:
        row = next(line for line in out.splitlines() if line.startswith(f"| {shell} |"))
        assert row.count("|") == header.count("|"), row
    assert "| 10 |" in out  # stage 1 with 10 package records
