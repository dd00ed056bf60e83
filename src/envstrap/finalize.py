"""`finalize`: turn a freshly created prefix into a complete envstrap environment.

Order matters: the completion marker is written last, so an interrupted run is recognisably
incomplete and a rerun simply does everything again.
"""

from __future__ import annotations

from pathlib import Path

from envstrap.activation import write_activation_scripts
from envstrap.condarc import render_condarc
from envstrap.errors import EnvstrapError, ExitCode
from envstrap.fsutil import write_text_atomic
from envstrap.layout import EnvLayout, conda_subdir
from envstrap.lockfile import render_lock
from envstrap.manifest import (
    BootstrapInfo,
    build_manifest,
    render_manifest,
    utc_now,
    utc_timestamp,
)
from envstrap.records import read_records
from envstrap.selfcopy import keep_stage1


def check_created(layout: EnvLayout) -> None:
    missing = [str(p.relative_to(layout.prefix)) for p in
               (layout.conda_meta, layout.python, layout.conda, layout.mamba) if not p.exists()]
    if missing:
        raise EnvstrapError(
            f"{layout.prefix} is missing {', '.join(missing)}: micromamba did not finish",
            ExitCode.FINALIZE_FAILED,
            hint="run the same envstrap command again to resume",
        )


def finalize(prefix: Path, info: BootstrapInfo) -> EnvLayout:
    layout = EnvLayout(prefix)
    check_created(layout)
    if layout.complete_marker.exists():
        layout.complete_marker.unlink()  # being redone: incomplete until this run finishes
    subdir = conda_subdir()
    pkgs_dir = Path(info.pkgs_dir) if info.pkgs_dir else layout.prefix / "pkgs"
    channels = list(info.channels) or ["conda-forge"]
    write_text_atomic(layout.condarc, render_condarc(layout.prefix, channels, pkgs_dir))
    write_activation_scripts(layout)
    if not info.started and layout.incomplete_marker.exists():
        # Stage 0 could not tell the time (plain cmd.exe has no portable UTC clock): it
        # started when it wrote the incomplete marker.
        info = info._replace(started=utc_timestamp(layout.incomplete_marker.stat().st_mtime))
    records = read_records(layout.conda_meta)
    write_text_atomic(layout.lock, render_lock(records, subdir))
    manifest = build_manifest(str(layout.prefix), info, records, subdir)
    write_text_atomic(layout.manifest, render_manifest(manifest))
    keep_stage1(layout.stage1_zipapp)
    write_text_atomic(layout.complete_marker, f"envstrap environment complete {utc_now()}\n")
    if layout.incomplete_marker.exists():
        layout.incomplete_marker.unlink()
    return layout
