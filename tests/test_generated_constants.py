"""The GENERATED regions of the three stage-0 scripts: current, and meaning what stage 1 means.

tools/build.py writes exit codes, active-environment markers, refused characters, the stage-1
boot line, the scrubbed variables and the help text from src/envstrap into marked regions of
bootstrap/envstrap.sh, .bat and .ps1. These tests fail when the scripts are out of date, and
check that the generated code does what the Python data says (sh runs here; the .bat help is
compared under wine in test_bootstrap_bat.py; the .ps1 is parsed in test_bootstrap_ps1.py).
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from envstrap.errors import ExitCode
from envstrap.guard import ACTIVE_ENV_MARKERS
from envstrap.stage0 import SCRUBBED_VARIABLES, STAGE1_BOOT, usage
from tests.conftest import REPO
from tests.support import shells

sys.path.insert(0, str(REPO / "tools"))
import build  # noqa: E402

SH = REPO / "bootstrap" / "envstrap.sh"


def test_regenerating_changes_nothing():
    stale = build.stale_scripts()
    assert not stale, f"run python3 tools/build.py --regions: {stale} are out of date"
    result = subprocess.run([sys.executable, str(REPO / "tools" / "build.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_check_notices_an_edited_region_and_regions_repairs_it(tmp_path):
    folder = tmp_path / "bootstrap"
    shutil.copytree(REPO / "bootstrap", folder)
    bat = folder / "envstrap.bat"
    busy = b'set "EXIT_TARGET_BUSY=9"'
    bat.write_bytes(bat.read_bytes().replace(busy, busy.replace(b"9", b"8")))
    ps1 = folder / "envstrap.ps1"
    ps1.write_bytes(ps1.read_bytes().replace(b"'VIRTUAL_ENV', ", b""))
    assert build.stale_scripts(folder) == ["envstrap.bat", "envstrap.ps1"]
    assert build.write_regions(folder) == ["envstrap.bat", "envstrap.ps1"]
    for name in ("envstrap.sh", "envstrap.bat", "envstrap.ps1"):
        assert (folder / name).read_bytes() == (REPO / "bootstrap" / name).read_bytes(), name


def test_a_missing_region_stops_the_tool(tmp_path):
    folder = tmp_path / "bootstrap"
    shutil.copytree(REPO / "bootstrap", folder)
    sh = folder / "envstrap.sh"
    sh.write_text(sh.read_text().replace("# BEGIN GENERATED: usage", "# usage"))
    with pytest.raises(SystemExit, match="envstrap.sh needs exactly one region 'usage', found 0"):
        build.stale_scripts(folder)


def _sh_constants(snippet: str) -> subprocess.CompletedProcess:
    """Run `snippet` in dash after the generated constants region of envstrap.sh."""
    text = SH.read_text()
    region = text.split("# BEGIN GENERATED: constants", 1)[1].split("# END GENERATED", 1)[0]
    return subprocess.run([shells.require("dash"), "-c", region.split("\n", 1)[1] + snippet],
                          capture_output=True, text=True)


def test_sh_values_equal_stage1():
    names = " ".join(f"EXIT_{c.name}" for c in ExitCode)
    result = _sh_constants(f'for n in {names}; do eval "echo $n=\\$$n"; done\n'
                           'echo "$ACTIVE_ENV_MARKERS"; echo "$STAGE1_BOOT"\n')
    lines = result.stdout.splitlines()
    assert lines[:-2] == [f"EXIT_{c.name}={int(c)}" for c in ExitCode]
    assert lines[-2].split() == [m.variable for m in ACTIVE_ENV_MARKERS]
    assert lines[-1] == STAGE1_BOOT


@pytest.mark.parametrize("name, scrubbed", [
    ("CONDA_PREFIX", True), ("CONDARC", True), ("MAMBARC", True), ("MAMBA_ROOT_PREFIX", True),
    ("_CE_M", True), ("_CONDA_ROOT", True), ("PYTHONPATH", True), ("PYTHON", True),
    ("VIRTUAL_ENV", True), ("ENVSTRAP_PREFIX", True),
    ("CONDARC2", False), ("VIRTUAL_ENV_PROMPT", False), ("HOME", False), ("PATH", False),
    ("MYCONDA_X", False), ("TMPDIR", False),
])
def test_sh_scrubs_exactly_the_listed_variables(name, scrubbed):
    result = _sh_constants(f'is_scrubbed {name} && echo yes || echo no\n')
    assert result.stdout.strip() == ("yes" if scrubbed else "no")
    # The same answer from the Python list the scripts are generated from.
    matches = any(name.startswith(p[:-1]) if p.endswith("*") else name == p
                  for p in SCRUBBED_VARIABLES)
    assert matches == scrubbed


def test_sh_help_is_the_generated_text(isolated):
    result = subprocess.run([shells.require("dash"), str(SH), "--help"], env=isolated.env,
                            capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.rstrip("\n") == usage("sh")


def test_ps1_help_is_the_generated_text():
    text = (REPO / "bootstrap" / "envstrap.ps1").read_bytes().decode("utf-8-sig")
    body = text.replace("\r\n", "\n").split("function Show-Usage {\n    $text = @'\n", 1)[1]
    assert body.split("\n'@\n", 1)[0] == usage("ps1")


def test_help_texts_document_every_exit_code_of_their_script():
    assert all(f"  {int(c):<3} " in usage("sh") for c in ExitCode)
    for kind in ("bat", "ps1"):
        assert "! % ^ ; or double quotes" in usage(kind)
        assert f"  {int(ExitCode.TERMINATED)} " not in usage(kind)  # no SIGTERM on Windows
