"""envstrap's benchmark suite: one command, a table on stdout and a chart in docs/.

    .venv/bin/python bench/run.py              # the full run (a few minutes), writes the chart
    .venv/bin/python bench/run.py --quick      # a few runs of everything cheap, no chart

Every figure is a ratio (or a per-item slope) of commands measured in the same run on this
machine, as min and median over many interleaved runs (bench/timer.py). What is measured and
why is in docs/performance.md; nothing here passes or fails a test.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import fixtures, report, suites  # noqa: E402
from bench.fixtures import REPO  # noqa: E402

DEFAULT_CHART = REPO / "docs" / "performance.png"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="3 runs, small sizes, a stand-in environment instead of a "
                             "bootstrapped one, no wine, no bootstrap timing, no chart")
    parser.add_argument("--runs", type=int, help="interleaved runs per shell command")
    parser.add_argument("--chart", type=Path, default=DEFAULT_CHART,
                        help=f"where to write the PNG (default {DEFAULT_CHART.relative_to(REPO)})")
    parser.add_argument("--no-chart", action="store_true")
    parser.add_argument("--skip", action="append", default=[],
                        choices=["activation", "bootstrap", "wine", "growth", "stage1"],
                        help="leave out one part (repeatable)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    mode = suites.QUICK if args.quick else suites.Mode()
    if args.runs:
        mode = suites.Mode(**{**mode.__dict__, "runs": args.runs})
    work = Path(tempfile.mkdtemp(prefix="envstrap-bench-"))
    try:
        results = collect(work, mode, args)
        print(report.render(results, mode))
        if not args.quick and not args.no_chart:
            from bench import chart

            chart.write(results, args.chart)
            print(f"\nchart: {args.chart}")
    finally:
        if args.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def collect(work: Path, mode: suites.Mode, args: argparse.Namespace) -> dict:
    from tests.standins.micromamba import write_launcher
    from tests.support.channel import HOOKS_PACKAGE, PYTHON_VERSION, cached_channel

    results: dict = {"machine": suites.machine()}
    env = fixtures.base_env(work / "isolated")
    if args.quick:
        # Activation does not look at the packages: a stand-in prefix with the same scripts.
        target = fixtures.make_prefix(work, "quick env", hooks=1)
        python = sys.executable
    else:
        try:
            import rattler  # noqa: F401  (the micromamba stand-in runs on it)
        except ImportError as exc:
            raise SystemExit("bench: the full run needs the dev tools: .venv/bin/pip install -e "
                             "'.[dev]', then .venv/bin/python bench/run.py") from exc
        channel = cached_channel().as_uri()
        micromamba = write_launcher(work / "standin")
        runs = 0 if "bootstrap" in args.skip else mode.bootstrap_runs
        boot, target = suites.bootstrap(work, env, channel, micromamba,
                                        ".".join(PYTHON_VERSION.split(".")[:2]), HOOKS_PACKAGE,
                                        max(runs, 1))
        results["bootstrap"] = boot if runs else None
        python = str(target / "bin" / "python")
    # Config vars as `conda env config vars set` leaves them, next to the packages' hooks.
    fixtures.write_state(target, fixtures.config_vars(3))
    venv = fixtures.make_venv(work / "venv")
    empty = fixtures.write_empty_scripts(work / "empty")
    if "activation" not in args.skip:
        results["activation"] = suites.activation(target, python, venv, empty, env, mode,
                                                  "BENCH_VAR_0")
        results["processes"] = suites.processes(target, empty, env)
    if "growth" not in args.skip:
        results["growth"] = suites.growth(work / "growth", mode)
    if "wine" not in args.skip:
        results["wine"] = suites.wine_cmd(work, mode)
    if "stage1" not in args.skip:
        channel_url = "file:///channel"
        results["stage1"] = suites.stage1(work, python, env, channel_url, mode)
    return results


if __name__ == "__main__":
    sys.exit(main())
