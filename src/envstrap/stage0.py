"""What the three stage-0 scripts share with stage 1, kept here once.

Stage 0 runs before any Python exists, so it cannot import these values: tools/build.py writes
them (with ExitCode, the active-environment markers and the refused characters) into the marked
`GENERATED` regions of bootstrap/envstrap.sh, envstrap.bat and envstrap.ps1, and a test fails
when the scripts are out of date. Edit here, then run `python3 tools/build.py --regions`.
"""

from __future__ import annotations

import dataclasses

from envstrap.errors import EXIT_CODE_MEANINGS, ExitCode
from envstrap.layout import REFUSED_CHARACTERS

# The command line that runs stage 1 with the environment's own Python, isolated (-I: no user
# site, no PYTHON* variables, no current folder on sys.path; -B: no .pyc files). The first
# argument is where stage 1 is: a source folder (a checkout's src) or a zipapp (the single files).
STAGE1_BOOT = ("import sys; sys.path.insert(0, sys.argv.pop(1)); "
               "from envstrap.cli import main; sys.exit(main())")

# Variables removed from the environment of micromamba and stage 1: no trace of another
# Python/conda environment or of the user's rc files reaches them. A trailing * matches any rest.
SCRUBBED_VARIABLES = ("CONDA_*", "_CE_*", "_CONDA_*", "MAMBA_*", "PYTHON*", "CONDARC", "MAMBARC",
                      "VIRTUAL_ENV", "ENVSTRAP_*")


@dataclasses.dataclass(frozen=True)
class Script:
    """What differs between the three stage-0 scripts' help texts."""

    name: str
    sep: str  # the path separator it shows
    micromamba_file: str
    proxy: str
    afterwards: tuple[str, ...]
    exit_codes: tuple[ExitCode, ...]
    refuses_windows_characters: bool = False
    run_note: tuple[str, ...] = ()


_ALL_CODES = tuple(ExitCode)
_NO_SIGNALS = tuple(c for c in ExitCode if c not in (ExitCode.INTERRUPTED, ExitCode.TERMINATED))

SCRIPTS = {
    "sh": Script(
        name="envstrap.sh", sep="/", micromamba_file="micromamba binary",
        proxy="HTTPS_PROXY and NO_PROXY are honoured.",
        afterwards=(". TARGET/activate               (sh, dash, bash, zsh, ksh)",
                    "source TARGET/activate.fish     (fish)"),
        exit_codes=_ALL_CODES),
    "bat": Script(
        name="envstrap.bat", sep="\\", micromamba_file="micromamba.exe",
        proxy="HTTPS_PROXY and NO_PROXY are honoured.",
        afterwards=('"TARGET\\activate.bat"       (cmd.exe; from a batch file: call '
                    '"TARGET\\activate.bat")',
                    '& "TARGET\\Activate.ps1"     (PowerShell)'),
        exit_codes=_NO_SIGNALS, refuses_windows_characters=True),
    "ps1": Script(
        name="envstrap.ps1", sep="\\", micromamba_file="micromamba.exe",
        proxy="The system proxy and HTTPS_PROXY/NO_PROXY are honoured.",
        afterwards=("& TARGET\\Activate.ps1           (PowerShell)",
                    "call TARGET\\activate.bat        (cmd.exe)"),
        exit_codes=_NO_SIGNALS + (ExitCode.INTERRUPTED,), refuses_windows_characters=True,
        run_note=("If the execution policy blocks scripts (this changes no policy):",
                  "  powershell -NoProfile -ExecutionPolicy Bypass -File envstrap.ps1 "
                  "D:\\envs\\py312 --python 3.12")),
}


def refused_characters_in_words() -> str:
    """The refused characters as the help and hints name them: "! % ^ ; or double quotes"."""
    plain = " ".join(c for c in REFUSED_CHARACTERS if c != '"')
    return f"{plain} or double quotes" if '"' in REFUSED_CHARACTERS else plain


def usage(kind: str) -> str:
    """The --help text of one stage-0 script ("sh", "bat" or "ps1"), without a final newline."""
    s = SCRIPTS[kind]
    sep = s.sep
    lines = [
        f"Usage: {s.name} TARGET [options]",
        f"       {s.name} NEW --bundle DIR",
        f"       {s.name} doctor TARGET [--json] [--deep]",
        f"       {s.name} bundle TARGET DIR [--micromamba PATH]",
        f"       {s.name} --help | --version",
        "",
        "Create a standalone conda environment (python, conda, mamba) in the folder TARGET.",
        "micromamba is downloaded from the URL pinned in micromamba.pins (next to this script,",
        "or built into it) and run only after its sha256 matches the pin.",
        s.proxy,
        "Supported micromamba versions (also for --micromamba PATH): 1.5.x and 2.x; others exit "
        f"{ExitCode.MICROMAMBA_UNAVAILABLE}.",
        "",
        "Options:",
        "  --python VERSION   Python version to install (e.g. 3.12); default: the newest",
        "  --with SPEC        an extra conda package spec to install (repeatable), e.g. --with uv",
        "  --channel URL      channel to install from (repeatable; default conda-forge);",
        "                     a name, an http(s)/file:// URL or a local folder",
        "  --lock FILE        install exactly the packages of an explicit lock (e.g. the",
        f"                     .envstrap{sep}lock.txt of another environment), with no solve",
        "  --offline          use only the package cache (and a cached or given micromamba)",
        '  --bundle DIR       make the environment from a bundle (see "bundle" below) with no',
        "                     network at all; every file is checked against its SHA256SUMS first",
        f"  --pkgs-dir DIR     package cache (default TARGET{sep}pkgs); share one across "
        "environments",
        f"  --micromamba PATH  use this {s.micromamba_file} (nothing is downloaded)",
        "  --micromamba-url URL --micromamba-sha256 HEX",
        "                     download micromamba from this https:// or file:// URL (a mirror)",
        "                     and accept it only with this sha256; both or neither",
        "  --keep-failed      keep a target this run created when the run fails",
        "                     (default: remove it; a target that existed before is never removed)",
        "  -h, --help         show this help",
        "  --version          show envstrap's version",
        "",
    ]
    if s.refuses_windows_characters:
        lines += [f"The target must not contain {refused_characters_in_words()} (cmd.exe cannot "
                  "carry them), be a",
                  "drive root, your profile folder, the Windows folder or a network "
                  "(\\\\server\\share) path.",
                  ""]
    lines += [
        "doctor checks an environment and this shell for anything that breaks isolation",
        f"(exit {ExitCode.OK}: no errors, {ExitCode.FAILED}: errors, "
        f"{ExitCode.NOT_AN_ENVSTRAP_ENV}: not an envstrap environment).",
        "bundle writes DIR with every package file, micromamba, the lock and checksums of TARGET.",
        "doctor and bundle run TARGET's own python: use them only on folders you trust.",
        "",
        "Afterwards:",
        *(f"  {line}" for line in s.afterwards),
        "  deactivate",
        "",
    ]
    if s.run_note:
        lines += [*s.run_note, ""]
    lines.append("Exit codes:")
    lines += [f"  {int(code):<3} {EXIT_CODE_MEANINGS[code]}" for code in s.exit_codes]
    return "\n".join(lines)
