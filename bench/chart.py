"""The bench's chart (matplotlib, a dev dependency in pyproject.toml): one PNG, six panels."""

from __future__ import annotations

from pathlib import Path

from bench import report
from bench.timer import ratio

_KIND_LABEL = {"hooks": "activate.d scripts (+ their deactivate.d)", "vars": "config vars",
               "path": "PATH entries"}


def write(results: dict, dest: Path) -> None:
    try:
        import matplotlib
    except ImportError as exc:
        raise SystemExit("bench: the chart needs matplotlib, a dev tool: "
                         ".venv/bin/pip install -e '.[dev]' (or run with --no-chart)") from exc
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 3, figsize=(16, 9.5))
    _activation(axes[0][0], results)
    for ax, kind in zip((axes[0][1], axes[0][2], axes[1][0]), ("hooks", "vars", "path")):
        _growth(ax, results.get("growth"), kind)
    _stage1(axes[1][1], results.get("stage1"))
    _bootstrap(axes[1][2], results.get("bootstrap"))
    fig.suptitle("envstrap performance: ratios and slopes measured in one run on one machine "
                 "(bench/run.py; docs/performance.md)", fontsize=12)
    fig.text(0.5, 0.005, results["machine"], ha="center", fontsize=7, color="0.4")
    fig.tight_layout(rect=(0, 0.02, 1, 0.97))
    dest.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(dest, dpi=80)
    plt.close(fig)


def _activation(ax, results: dict) -> None:
    act = results.get("activation")
    if not act:
        ax.text(0.5, 0.5, "not measured", ha="center", transform=ax.transAxes)
        return
    shells = list(act)
    series = [("stdlib venv", "venv"), ("envstrap", "envstrap"), ("`python -c pass`", "python")]
    width = 0.8 / len(series)
    for i, (label, key) in enumerate(series):
        values = [ratio(act[s][key], act[s]["empty"])[1] for s in shells]
        bars = ax.bar([x + (i - 1) * width for x in range(len(shells))], values, width,
                      label=label)
        ax.bar_label(bars, fmt="%.1f", fontsize=7)
    labels = list(shells)
    wine = results.get("wine")
    if wine:
        value = ratio(wine["envstrap"], wine["empty"])[1]
        bars = ax.bar([len(shells)], [value], width, color="C1")
        ax.bar_label(bars, fmt="%.2f", fontsize=7)
        labels.append("cmd (wine)")
    ax.set_xticks(range(len(labels)), labels)
    ax.axhline(report.MAX_OVER_EMPTY, color="C3", linestyle="--", linewidth=1,
               label=f"goal: envstrap <= {report.MAX_OVER_EMPTY:g}x")
    ax.axhline(1.0, color="0.5", linewidth=0.8)
    ax.set_ylabel("time / sourcing an empty script (median)")
    ax.set_title("activate + deactivate, `SHELL -c`")
    ax.legend(fontsize=8)


def _growth(ax, growth: dict | None, kind: str) -> None:
    ax.set_title(f"growth: {_KIND_LABEL[kind]}")
    ax.set_xlabel(_KIND_LABEL[kind])
    ax.set_ylabel("CPU ms per activate + deactivate (median)")
    if not growth:
        ax.text(0.5, 0.5, "not measured", ha="center", transform=ax.transAxes)
        return
    for i, (shell, kinds) in enumerate(growth.items()):
        g = kinds[kind]
        ax.plot(g.counts, g.ms, "o:", color=f"C{i}", linewidth=0.8)
        intercept = sum(m - (g.slope_us / 1000) * c for c, m in zip(g.counts, g.ms)) / len(g.ms)
        fit = [intercept + (g.slope_us / 1000) * c for c in g.counts]
        ax.plot(g.counts, fit, "-", color=f"C{i}",
                label=f"{shell}: {g.slope_us:.0f} µs each (R² {g.r2:.2f})")
    ax.legend(fontsize=8)


def _stage1(ax, stage1) -> None:
    ax.set_title("stage 1 against package records")
    ax.set_xlabel("package records in conda-meta")
    ax.set_ylabel("CPU ms (median), process start included")
    if not stage1:
        ax.text(0.5, 0.5, "not measured", ha="center", transform=ax.transAxes)
        return
    for i, verb in enumerate(("finalize", "doctor")):
        values = [s.cpu_median for s in getattr(stage1, verb)]
        ax.plot(stage1.counts, values, "o-", color=f"C{i}",
                label=f"{verb}: {stage1.slopes_us[verb]:.0f} µs/record "
                      f"(R² {stage1.r2[verb]:.2f})")
    ax.axhline(stage1.python.cpu_median, color="0.5", linestyle=":",
               label="`python -I -B -c pass`")
    ax.axhline(report.MAX_STAGE1_AT_1000_MS, color="C3", linestyle="--", linewidth=1,
               label="goal: < 1 s at 1000")
    ax.legend(fontsize=8)


def _bootstrap(ax, boot) -> None:
    ax.set_title("bootstrap: envstrap.sh end to end (median)")
    if not boot:
        ax.text(0.5, 0.5, "not measured", ha="center", transform=ax.transAxes)
        return
    import statistics

    med = statistics.median
    parts = [("micromamba install (stand-in)", med(boot.install_s)),
             ("other micromamba calls", med(boot.other_mm_s)),
             ("envstrap's own", med(boot.own_s()))]
    left = 0.0
    for i, (label, value) in enumerate(parts):
        ax.barh([0], [value], left=left, color=f"C{i}", label=f"{label}: {value:.2f} s")
        left += value
    ax.set_yticks([])
    ax.set_xlabel("seconds")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2))
