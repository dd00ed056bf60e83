"""Build envstrap's stage-0 scripts from one source.

    python3 tools/build.py             write dist/: envstrap.sh, envstrap.bat, envstrap.ps1 and
                                       SHA256SUMS, each a single file with the pins and stage 1
    python3 tools/build.py --regions   rewrite the GENERATED regions of bootstrap/envstrap.*
    python3 tools/build.py --check     exit 1 if --regions would change anything

The regions hold what stage 0 shares with stage 1 (exit codes, active-environment markers,
refused characters, the stage-1 boot line, scrubbed variables, the help text), generated from
src/envstrap so the scripts cannot drift from it. Needs only Python 3.9+ and the checkout.
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import hashlib
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BOOTSTRAP = REPO / "bootstrap"
sys.path.insert(0, str(REPO / "src"))

from envstrap import __version__  # noqa: E402
from envstrap.errors import ExitCode  # noqa: E402
from envstrap.guard import ACTIVE_ENV_MARKERS  # noqa: E402
from envstrap.layout import REFUSED_CHARACTERS  # noqa: E402
from envstrap.selfcopy import build_zipapp  # noqa: E402
from envstrap.stage0 import SCRUBBED_VARIABLES, STAGE1_BOOT, usage  # noqa: E402

BOM = "\ufeff"
MARKERS = tuple(m.variable for m in ACTIVE_ENV_MARKERS)
NO_SIGNALS = tuple(c for c in ExitCode if c not in (ExitCode.INTERRUPTED, ExitCode.TERMINATED))
# cmd.exe variable names for the reasons a character is refused.
CHARACTER_NAMES = {"!": "BANG", "%": "PERCENT", "^": "CARET", ";": "SEMICOLON", '"': "QUOTE"}


# ---- stage 1 as a zipapp ------------------------------------------------------------------------

def stage1_zipapp() -> bytes:
    """Stage 1 as a zip Python can run and import from (src/envstrap/selfcopy.py)."""
    return build_zipapp(REPO / "src" / "envstrap")


@dataclasses.dataclass(frozen=True)
class Built:
    """What a single file carries: the pins, stage 1 and their checksums."""

    pins: tuple[str, ...]  # the non-comment lines of micromamba.pins
    zipapp: bytes
    payload: str  # the zipapp in base64, 64 characters a line, ending with a newline
    payload_skip: int = 0  # the lines before the payload (envstrap.bat reads from there)

    @property
    def stage1_sha256(self) -> str:
        return hashlib.sha256(self.zipapp).hexdigest()

    @property
    def payload_sha256(self) -> str:
        return hashlib.sha256(self.payload.encode("ascii")).hexdigest()


def what_to_build() -> Built:
    """The pins and stage 1 of this checkout, ready to go into the single files."""
    pins = tuple(line.strip() for line in (BOOTSTRAP / "micromamba.pins").read_text().splitlines()
                 if line.strip() and not line.lstrip().startswith("#"))
    zipapp = stage1_zipapp()
    text = base64.b64encode(zipapp).decode("ascii")
    payload = "".join(text[i:i + 64] + "\n" for i in range(0, len(text), 64))
    return Built(pins=pins, zipapp=zipapp, payload=payload)


# ---- the regions, per script --------------------------------------------------------------------

def sh_regions(built: Built | None = None) -> dict[str, list[str]]:
    patterns = " | ".join(SCRUBBED_VARIABLES)
    constants = [
        f"ENVSTRAP_VERSION={__version__}",
        "",
        "# The exit codes of every stage (src/envstrap/errors.py); not all are used here.",
        "# shellcheck disable=SC2034",
        "{",
        *(f"    EXIT_{code.name}={int(code)}" for code in ExitCode),
        "}",
        "",
        '# The variables that mean "a Python environment is active" (src/envstrap/guard.py).',
        f'ACTIVE_ENV_MARKERS="{" ".join(MARKERS)}"',
        "",
        "# The command line that runs stage 1 with the environment's own Python, isolated",
        "# (-I: no user site, no PYTHON* variables, no current folder on sys.path; -B: no .pyc).",
        f"STAGE1_BOOT='{STAGE1_BOOT}'",
        "",
        "# Variables kept from micromamba and stage 1 (src/envstrap/stage0.py).",
        "is_scrubbed() {",
        f'    case "$1" in {patterns}) return 0 ;; esac',
        "    return 1",
        "}",
    ]
    text = usage("sh")
    assert "\nEOF\n" not in f"\n{text}\n"
    pins = "\n".join(built.pins) if built else ""
    assert "'" not in pins
    return {"constants": constants,
            "usage": ["usage() {", "    cat <<'EOF'", *text.split("\n"), "EOF", "}"],
            "built": [f"BUILT_PINS='{pins}'",
                      f"STAGE1_SHA256='{built.stage1_sha256 if built else ''}'",
                      f"PAYLOAD_SHA256='{built.payload_sha256 if built else ''}'"]}


def ps1_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def ps1_regions(built: Built | None = None) -> dict[str, list[str]]:
    constants = [
        f"$ENVSTRAP_VERSION = {ps1_string(__version__)}",
        "",
        *(f"$EXIT_{code.name} = {int(code)}" for code in ExitCode),
        "",
        '# The variables that mean "a Python environment is active" (src/envstrap/guard.py).',
        f"$ACTIVE_ENV_MARKERS = @({', '.join(map(ps1_string, MARKERS))})",
        "",
        "# Characters refused in a target (REFUSED_CHARACTERS in src/envstrap/layout.py), and why.",
        "$REFUSED_CHARACTERS = [ordered]@{",
        *(f"    {ps1_string(c)} = {ps1_string(why)}" for c, why in REFUSED_CHARACTERS.items()),
        "}",
        "",
        "# Variables removed from the environment of micromamba and stage 1 (restored afterwards).",
        f"$SCRUBBED_PATTERNS = @({', '.join(map(ps1_string, SCRUBBED_VARIABLES))})",
        "",
        "# The command line that runs stage 1 with the environment's own Python, isolated",
        "# (-I: no user site, no PYTHON* variables, no current folder on sys.path; -B: no .pyc).",
        f"$STAGE1_BOOT = {ps1_string(STAGE1_BOOT)}",
    ]
    text = usage("ps1")
    assert "\n'@" not in f"\n{text}"
    pins = "\n".join(built.pins) if built else ""
    return {"constants": constants,
            "usage": ["function Show-Usage {", "    $text = @'", *text.split("\n"), "'@",
                      "    [Console]::Out.WriteLine($text)", "}"],
            "built": [f"$BUILT_PINS = {ps1_string(pins)}",
                      f"$STAGE1_SHA256 = {ps1_string(built.stage1_sha256 if built else '')}"]}


def bat_value(value: str) -> str:
    """Text for inside `set "NAME=..."` with delayed expansion off: only % needs doubling."""
    assert '"' not in value and "\n" not in value, value
    return value.replace("%", "%%")


def bat_echo(line: str) -> str:
    """An `echo` command that prints `line` as it is (outside any ( ) block)."""
    if not line:
        return "echo."
    assert "/?" not in line, line
    out, quoted = [], False
    for c in line:
        if c == '"':
            quoted = not quoted
        if c == "%":
            out.append("%%")
        elif c in "^&|<>" and not quoted:
            out.append("^" + c)
        else:
            out.append(c)
    assert not quoted, f"unbalanced quotes: {line}"
    return "echo " + "".join(out)


def bat_regions(built: Built | None = None) -> dict[str, list[str]]:
    constants = [
        f'set "ES_VERSION={__version__}"',
        *(f'set "EXIT_{code.name}={int(code)}"' for code in NO_SIGNALS),
        'REM The variables that mean "a Python environment is active" (src\\envstrap\\guard.py).',
        f'set "ES_MARKERS={" ".join(MARKERS)}"',
        "REM The command line that runs stage 1 with the environment's own python.exe, isolated.",
        f'set "ES_BOOT={bat_value(STAGE1_BOOT)}"',
        "REM Why each character is refused in a target (src\\envstrap\\layout.py).",
        *(f'set "ES_WHY_{CHARACTER_NAMES[c]}={bat_value(why)}"'
          for c, why in REFUSED_CHARACTERS.items()),
    ]
    scrub = [":scrub_one", 'set "ES_N=%~1"']
    for pattern in SCRUBBED_VARIABLES:
        if pattern.endswith("*"):
            prefix = pattern[:-1]
            scrub.append(f'if /i "%ES_N:~0,{len(prefix)}%"=="{prefix}" set "%ES_N%="')
        else:
            scrub.append(f'if /i "%ES_N%"=="{pattern}" set "%ES_N%="')
    scrub.append("exit /b 0")
    pins = dict(line.split(None, 1) for line in built.pins) if built else {}
    version = pins.get("version", "")
    sha, url = pins["win-64"].split() if "win-64" in pins else ("", "")
    return {"constants": constants, "scrub": scrub,
            "usage": [":usage", *map(bat_echo, usage("bat").split("\n")), "exit /b 0"],
            "built": [f'set "ES_BUILT_MM_VERSION={bat_value(version)}"',
                      f'set "ES_BUILT_PIN={bat_value(sha)}"',
                      f'set "ES_BUILT_URL={bat_value(url)}"',
                      f'set "ES_STAGE1_SHA256={built.stage1_sha256 if built else ""}"',
                      f'set "ES_PAYLOAD_SKIP={built.payload_skip if built else ""}"']}


# One entry per stage-0 script: its regions, its comment leader, line ending and BOM.
SCRIPTS = {
    "envstrap.sh": (sh_regions, "#", "\n", ""),
    "envstrap.bat": (bat_regions, "REM", "\r\n", ""),
    "envstrap.ps1": (ps1_regions, "#", "\r\n", BOM),
}


# ---- reading and writing the scripts ------------------------------------------------------------

def read_script(path: Path, newline: str, bom: str) -> str:
    text = path.read_bytes().decode("utf-8")
    text = text[len(bom):] if bom and text.startswith(bom) else text
    return text.replace(newline, "\n")


def encode_script(text: str, newline: str, bom: str) -> bytes:
    return (bom + text.replace("\n", newline)).encode("utf-8")


def fill_regions(text: str, regions: dict[str, list[str]], leader: str, where: str) -> str:
    """`text` with the lines between `LEADER BEGIN GENERATED: name ...` and `LEADER END
    GENERATED` replaced by regions[name]; every region must be there exactly once."""
    for name, lines in regions.items():
        pattern = re.compile(rf"^({re.escape(leader)} BEGIN GENERATED: {name}\b[^\n]*\n)"
                             rf"(.*?)^({re.escape(leader)} END GENERATED[^\n]*\n)", re.M | re.S)
        found = pattern.findall(text)
        if len(found) != 1:
            raise SystemExit(f"build: {where} needs exactly one region '{name}', "
                             f"found {len(found)}")
        body = "".join(line + "\n" for line in lines)
        text = pattern.sub(lambda m, body=body: m.group(1) + body + m.group(3), text)
    return text


def generated_scripts(folder: Path = BOOTSTRAP) -> dict[Path, bytes]:
    """Each stage-0 script of `folder` as it is with its regions regenerated."""
    result = {}
    for name, (regions, leader, newline, bom) in SCRIPTS.items():
        path = folder / name
        text = fill_regions(read_script(path, newline, bom), regions(), leader, name)
        result[path] = encode_script(text, newline, bom)
    return result


def stale_scripts(folder: Path = BOOTSTRAP) -> list[str]:
    return [path.name for path, data in generated_scripts(folder).items()
            if path.read_bytes() != data]


def write_regions(folder: Path = BOOTSTRAP) -> list[str]:
    changed = []
    for path, data in generated_scripts(folder).items():
        if path.read_bytes() != data:
            path.write_bytes(data)
            changed.append(path.name)
    return changed


# What ends each script before its base64 stage 1: a safety exit (the script always exits
# before it) and the marker line the extraction code looks for.
PAYLOAD_START = {
    "envstrap.sh": "# shellcheck disable=SC2317  # never reached: main always exits\nexit 1\n"
                   "#__ENVSTRAP_STAGE1_BASE64__\n",
    # cmd reads a line only when it gets there; goto labels start with ':', never in base64.
    "envstrap.bat": "REM Stage 1, read by :write_stage1:\n",
    # PowerShell parses the whole file first: the data sits in a block comment.
    "envstrap.ps1": "# Stage 1, read by Read-BuiltStage1:\n<#__ENVSTRAP_STAGE1_BASE64__\n",
}
PAYLOAD_END = {"envstrap.ps1": "#>\n"}


def single_file(name: str, content: Built) -> bytes:
    """One stage-0 script with the pins and stage 1 inside it."""
    regions, leader, newline, bom = SCRIPTS[name]
    source = read_script(BOOTSTRAP / name, newline, bom)
    text = fill_regions(source, regions(content), leader, name)
    if not text.endswith("\n"):
        text += "\n"
    skip = text.count("\n") + PAYLOAD_START[name].count("\n")
    if skip != content.payload_skip:  # the count does not depend on the value
        return single_file(name, dataclasses.replace(content, payload_skip=skip))
    # The script ends (exits) before this line; what follows is data.
    text += PAYLOAD_START[name] + content.payload + PAYLOAD_END.get(name, "")
    return encode_script(text, newline, bom)


DIST_NAMES = ("envstrap.sh", "envstrap.bat", "envstrap.ps1")


def build_dist(out: Path) -> list[Path]:
    """Write the single files and their SHA256SUMS into `out`; returns what was written."""
    out.mkdir(parents=True, exist_ok=True)
    content = what_to_build()
    written, sums = [], []
    for name in DIST_NAMES:
        data = single_file(name, content)
        path = out / name
        path.write_bytes(data)
        if name.endswith(".sh"):
            path.chmod(0o755)
        sums.append(f"{hashlib.sha256(data).hexdigest()}  {name}\n")
        written.append(path)
    (out / "SHA256SUMS").write_text("".join(sums))
    return [*written, out / "SHA256SUMS"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/build.py", description=__doc__.split("\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--regions", action="store_true",
                      help="rewrite the GENERATED regions of bootstrap/envstrap.{sh,bat,ps1}")
    mode.add_argument("--check", action="store_true",
                      help="exit 1 if the GENERATED regions are out of date")
    parser.add_argument("--out", type=Path, default=REPO / "dist",
                        help="where to write the single files (default: dist/)")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_scripts()
        for name in stale:
            print(f"build: bootstrap/{name} is out of date; run python3 tools/build.py --regions",
                  file=sys.stderr)
        return 1 if stale else 0
    if args.regions:
        for name in write_regions():
            print(f"build: rewrote the generated regions of bootstrap/{name}", file=sys.stderr)
        return 0
    for path in build_dist(args.out):
        print(f"build: wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
