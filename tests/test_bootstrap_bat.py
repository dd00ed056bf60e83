"""bootstrap/envstrap.bat, the Windows stage 0, run for real in wine's cmd.exe.

micromamba.exe, python.exe, curl.exe and certutil.exe are TEST STAND-INS
(tests/standins/windows_stage0.c, built with mingw-w64; see tests/support/wine_stage0.py): they
record the exact command line each call receives, so the tests assert what envstrap.bat runs
without any real package. wine's cmd is not Microsoft's (docs/design/windows.md): a `%`
or `"` inside an argument never reaches a batch file under wine, and `call x.bat` always leaves
errorlevel 1, so each run hands control to envstrap.bat as the driver's last command and reads
the process exit code.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from envstrap.bundle import make_bundle as make_stage1_bundle
from envstrap.errors import ExitCode
from envstrap.guard import ACTIVE_ENV_MARKERS
from envstrap.layout import REFUSED_CHARACTERS
from envstrap.stage0 import STAGE1_BOOT as BOOT
from envstrap.stage0 import usage
from tests.conftest import checkout_with_pins, pinned_micromamba_version, pins_pinning
from tests.support import wine_stage0
from tests.support.wine import HANG_SECONDS, CmdResult, Wine, windows_path

REPO = Path(__file__).resolve().parents[1]
BAT = REPO / "bootstrap" / "envstrap.bat"
SH = REPO / "bootstrap" / "envstrap.sh"
SRC = windows_path(REPO / "src")
# Spaces, parentheses, &, = , ' and non-ASCII letters: all must be carried.
NAME = "my env (ü) R&D=1,2 it's"
MARKERS = tuple(m.variable for m in ACTIVE_ENV_MARKERS)
# what the micromamba.exe stand-in says it is unless STANDIN_MICROMAMBA_VERSION says otherwise
PINNED = pinned_micromamba_version()


@pytest.fixture(scope="module")
def standin() -> Path:
    return wine_stage0.build_stage0_standin()


@pytest.fixture(scope="module")
def wine(standin: Path) -> Wine:
    return wine_stage0.start_stage0_wine(standin)


@pytest.fixture
def tmp_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Short folders (wine_stage0.short_tmp_path)."""
    return wine_stage0.short_tmp_path(tmp_path_factory)


@pytest.fixture
def micromamba(tmp_path: Path, standin: Path) -> Path:
    exe = tmp_path / "tools (x)" / "micromamba.exe"
    exe.parent.mkdir()
    shutil.copyfile(standin, exe)
    return exe


class Run:
    """One envstrap.bat run and what the stand-ins recorded."""

    def __init__(self, result: CmdResult, log: Path) -> None:
        self.rc = result.returncode
        self.out = result.stdout
        self.err = result.stderr
        self.calls = []
        if log.exists():
            self.calls = [json.loads(line) for line in log.read_text("utf-8").splitlines()]

    def argv(self, prog: str) -> list[list[str]]:
        return [c["argv"] for c in self.calls if c["prog"] == prog]

    def errors(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith("envstrap: error:")]

    def __repr__(self) -> str:
        return f"rc={self.rc}\n--- stdout\n{self.out}\n--- stderr\n{self.err}\n--- {self.calls}"


def run_bat(wine: Wine, tmp_path: Path, args: str, env: dict[str, str] | None = None,
            pre: str = "", bat: Path = BAT, workdir: Path | None = None,
            timeout: float = 60) -> Run:
    """Run `envstrap.bat ARGS` in wine's cmd (ARGS is cmd text; use %T_TARGET% and other
    variables from `env` for non-ASCII text, since the driver file is read in the OEM code
    page). The driver ends by handing over to envstrap.bat, so its exit code is the process's."""
    log = tmp_path / "calls.jsonl"
    run_env = {"T_BAT": windows_path(bat), "STANDIN_LOG": windows_path(log)}
    run_env.update(env or {})
    if log.exists():
        log.unlink()
    script = pre + f'"%T_BAT%" {args}\n'
    return Run(wine.run(script, workdir or tmp_path / "work", run_env, timeout=timeout), log)


def run_cases(wine: Wine, tmp_path: Path, cases: list[tuple[str, str]],
              env: dict[str, str] | None = None) -> list[tuple[int, str]]:
    """Several runs in one wine process: (lines before, ARGS) each, run as `cmd /d /c BAT ARGS`
    (wine's cmd /c mangles a quoted first word, so BAT is a copy at a path with no spaces; it
    stops before looking for src, so it needs none). Returns (exit code, stderr) per case."""
    bat = tmp_path / "bat" / "envstrap.bat"
    if not bat.exists():
        bat.parent.mkdir()
        shutil.copyfile(BAT, bat)
    assert " " not in windows_path(bat)
    lines = []
    for i, (pre, args) in enumerate(cases):
        err = windows_path(tmp_path / f"case{i}.err")
        lines.append(f'{pre}\ncmd /d /c {windows_path(bat)} {args} 2>"{err}"\n'
                     f"echo case{i}=%errorlevel%\n")
    # one wine call for all of them: its hang timeout grows with their number
    result = wine.run("".join(lines), tmp_path / "work", env,
                      timeout=HANG_SECONDS * (1 + len(cases) // 10))
    codes = dict(re.findall(r"^case(\d+)=(\d+)\r?$", result.stdout, re.M))
    assert len(codes) == len(cases), result
    return [(int(codes[str(i)]), (tmp_path / f"case{i}.err").read_text("utf-8"))
            for i in range(len(cases))]


def tree(path: Path) -> list[str]:
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))


def install_argv(target: str, *rest: str) -> list[str]:
    state = target + "\\.envstrap"
    return ["install", "-r", state + "\\micromamba-root", "-p", target,
            "--rc-file", state + "\\micromamba.yml", "-y", *rest]


def finalize_argv(target: str, mm_sha: str, source: str, *rest: str, python: str = "",
                  pkgs: str | None = None, src: str = SRC) -> list[str]:
    return ["-I", "-B", "-c", BOOT, src, "finalize", target, "--python", python,
            "--pkgs-dir", pkgs or target + "\\pkgs", "--micromamba-version", PINNED,
            "--micromamba-sha256", mm_sha, "--micromamba-source", source, "--started", "",
            *rest]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---- the script itself ---------------------------------------------------------------------


def test_script_is_plain_cmd_with_crlf():
    raw = BAT.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n") > 100
    text = raw.decode("ascii")
    lower = text.lower()
    assert text.startswith("@echo off\r\n")
    assert "setlocal enableextensions disabledelayedexpansion" in lower
    # delayed expansion only inside the two printers, :say and :doctor_json, to print data
    on = [m.start() for m in re.finditer("setlocal enabledelayedexpansion", lower)]
    assert sorted(lower.rindex("\r\n:", 0, at) for at in on) == sorted(
        lower.index(f"\r\n:{label}\r\n") for label in ("say", "doctor_json"))
    assert lower.count("enabledelayedexpansion") == len(on)
    assert "powershell.exe" not in lower and not re.search(r"powershell\s+-", lower)
    code = re.sub(r"(?im)^rem .*$", "", lower)
    assert "shell init" not in code and "shell hook" not in code
    assert not re.search(r"\bcreate\s+-", code)
    for tool in ("chcp.com", "curl.exe", "certutil.exe", "reg.exe"):
        uses = re.findall(r"[\w%\\]*\\" + re.escape(tool), text)
        assert uses and all(u.startswith("%ES_SYS%") or u.startswith("%%ES_SYS%%")
                            for u in uses), tool
    assert 'set "ES_SYS=%SystemRoot%\\System32"' in text


def test_checks_every_refused_character():
    """cmd cannot loop over these characters: each has its own check, reading its generated
    reason (ES_WHY_*); together they must cover REFUSED_CHARACTERS."""
    text = BAT.read_text()
    checked = {c.replace("%%", "%") for c in re.findall(r'set "ES_BAD=(.+?)" & set "ES_WHY=', text)}
    if 'if not "%ES_TARGET:"=%"=="%ES_TARGET:"=""%" goto :refuse_quote' in text:
        checked.add('"')
    assert checked == set(REFUSED_CHARACTERS)


def _lines() -> list[str]:
    return BAT.read_text().splitlines()


# Jumps back to an earlier label that do not make a loop (nothing jumps forward past them again).
NOT_LOOPS = {"start_writing": "the end of --bundle's checks, placed after the writing part"}


def test_every_goto_loop_has_a_bound():
    """Issue 9: a loop that waits for a value to become empty never ends on a cmd that returns
    the last character for a substring past the end (wine 10's). Every goto back to an earlier
    label must close a loop that counts against a limit (`if %N% GEQ ...`) or consumes an
    argument with `shift` (the command line is finite)."""
    lines = _lines()
    labels = {line[1:].split()[0].lower(): i for i, line in enumerate(lines)
              if line.startswith(":") and not line.startswith("::")}
    loops = []
    for i, line in enumerate(lines):
        for target in re.findall(r"goto :?(\w+)", line, re.I):
            start = labels.get(target.lower())
            if start is not None and start < i:
                loops.append((target, lines[start:i + 1]))
    assert len(loops) >= 5, loops
    for name, body in loops:
        if name in NOT_LOOPS:
            continue
        bounded = any(re.search(r"^if %\w+% GEQ \d+ ", b, re.I) for b in body)
        shifting = any(re.search(r"(^|&\s*)shift(\s*&|$)", b.strip(), re.I) for b in body)
        assert bounded or shifting, f"the loop at :{name} has no bound"


# Substrings that start after the first character, each safe because of what comes before.
SAFE_LATE_SUBSTRINGS = {
    "%ES_T:~1%": "the count of :check_long_path: ES_T ends in a # sentinel and is never '#'",
    "%ES_T:~139,1%": ":check_long_path: the target and a ? sentinel; nothing or the sentinel "
                     "(wine 10, past the end) both mean short",
    "%ES_S:~1%": "the URL of :file_url: ES_S ends in a # sentinel and is never '#'",
    "%ES_S:~2%": ":file_url, after ES_S was seen to start with \\\\ (a UNC path is longer)",
    "%ES_P:~5%": ":bundle_check_line, after ES_P was seen to start with pkgs/",
    "%ES_L:~64,2%": ":bundle_check_line (--bundle): a short line is refused by its separator",
    "%ES_L:~66%": ":bundle_check_line (--bundle): a short line is refused by its separator",
    "%ES_SUM:~63,1%": ":bundle_check_line (--bundle): a short line is refused by its separator",
}


def test_no_substring_starts_past_the_end_of_a_value():
    """Issue 9: wine 10's cmd returns the last character, not nothing, for a substring that
    starts at or past the end of a value (`set A=n`, `%A:~1%` gives n). Lengths are checked
    with a padded prefix (`%S:~0,64%`), the drive root by its first two characters."""
    late = set()
    for line in _lines():
        for sub in re.findall(r"%\w+:~[0-9]+(?:,-?[0-9]+)?%", line):
            if not re.match(r"%\w+:~0[,%]", sub):
                late.add(sub)
    assert late == set(SAFE_LATE_SUBSTRINGS)
    text = BAT.read_text()
    assert 'if "%ES_TARGET:~0,2%"=="%ES_TARGET%" goto :refuse_root' in text


# Values that may hold the word " in " (a path, a message): wine 10's cmd cannot parse a for /f
# whose quoted string or file name holds it.
MAY_HOLD_IN = ("ES_TARGET", "ES_LINE", "ES_LOG", "ES_PINS", "ES_ENVFILE", "ES_LOCK", "ES_SCRATCH",
               "ES_STATE", "ES_SCRIPT_DIR", "ES_PKGS", "ES_MM")


def test_no_for_f_string_holds_a_path_or_a_message():
    for line in _lines():
        found = re.search(r'for /f .* in \("([^"]*)"\)', line, re.I)
        if found and found.group(1) != "envstrap: %ES_LINE%":  # :say_bang, a message with !
            for name in MAY_HOLD_IN:
                assert f"%{name}%" not in found.group(1), line


def test_help_and_version(wine, tmp_path):
    run = run_bat(wine, tmp_path, "--help")
    assert run.rc == 0, run
    assert run.out.startswith("Usage: envstrap.bat TARGET [options]")
    # The generated echo lines print the help text of envstrap/stage0.py exactly.
    assert run.out.replace("\r\n", "\n").rstrip("\n") == usage("bat")
    for option in ("--python", "--with", "--channel", "--micromamba-url", "--keep-failed",
                   "--bundle DIR", "doctor TARGET", "bundle TARGET DIR", "activate.bat",
                   "Activate.ps1", "! % ^ ;"):
        assert option in run.out, option
    run = run_bat(wine, tmp_path, "--version")
    version = re.search(r"^ENVSTRAP_VERSION=(\S+)", SH.read_text(), re.M).group(1)
    assert (run.rc, run.out.strip()) == (0, f"envstrap {version}"), run


# ---- usage errors, guard, target rules: exit before anything is written -------------------

HEX = "ab" * 32


USAGE_ERRORS = [
    ("--bogus", "unknown option '--bogus'"),
    ("-x T", "unknown option '-x'"),
    ("", "missing TARGET"),
    ("T --python", "option --python needs a value"),
    ("T --with --offline", "option --with needs a value, got '--offline'"),
    ('T "--channel="', "option --channel needs a value"),
    ('T "--with=--dry-run"', "option --with needs a value, got '--dry-run'"),
    ('T "--pkgs-dir=-x"', "option --pkgs-dir needs a value, got '-x'"),
    ("T --python 3.x", "--python takes a version such as 3.12 or 3.12.4, got '3.x'"),
    ("T U", "unexpected argument 'U' (the target is already 'T')"),
    ("-- T U", "unexpected argument 'U'"),
    (f"T --micromamba-sha256 {HEX}", "--micromamba-url and --micromamba-sha256 go together"),
    ("T --micromamba-url https://x/m", "--micromamba-url and --micromamba-sha256 go together"),
    ("T --micromamba-url http://x/m", "--micromamba-url must be an https:// or file:// URL"),
    ("T --micromamba-sha256 abc", "--micromamba-sha256 takes 64 hex digits, got 'abc'"),
    (f"T --micromamba m.exe --micromamba-url https://x/m --micromamba-sha256 {HEX}",
     "--micromamba and --micromamba-url exclude each other"),
    ("T --lock l.txt --python 3.12", "--lock installs exactly the locked packages"),
    ("T --lock l.txt --with uv", "--lock installs exactly the locked packages"),
    ("T --bundle", "option --bundle needs a value"),
    ("bundle", "bundle needs the environment folder"),
    ("doctor", "doctor needs the environment folder"),
    ("doctor --json", "doctor needs the environment folder first, got '--json'"),
] + [(f"T --bundle B {other}", "--bundle brings its own packages, channels and micromamba")
     for other in ("--lock l.txt", "--python 3.12", "--with uv", "--channel c", "--micromamba m",
                   f"--micromamba-url https://x/m --micromamba-sha256 {HEX}")]


def test_usage_errors(wine, tmp_path):
    results = run_cases(wine, tmp_path, [("", args) for args, _ in USAGE_ERRORS])
    for (args, message), (rc, err) in zip(USAGE_ERRORS, results):
        lines = err.splitlines()
        assert rc == 2, (args, err)
        assert len(lines) == 2 and lines[0].startswith("envstrap: error: "), (args, err)
        assert message in lines[0], (args, err)
        assert lines[1] == "envstrap: hint: see 'envstrap.bat --help'", (args, err)
    assert tree(tmp_path / "work") == ["driver.bat"]


def test_lock_file_must_be_explicit(wine, tmp_path):
    (tmp_path / "lock.txt").write_text("numpy\n")
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --lock "%T_LOCK%"',
                  {"T_TARGET": windows_path(tmp_path / "env"),
                   "T_LOCK": windows_path(tmp_path / "lock.txt")})
    assert run.rc == 2 and "is not an explicit lock file (no @EXPLICIT line)" in run.err, run
    assert not (tmp_path / "env").exists()


def test_guard_refuses_an_active_environment(wine, tmp_path):
    target = tmp_path / "env"
    markers = [(m, "C:\\some env (1)") for m in MARKERS] + [("CONDA_SHLVL", "5")]
    unset_all = "\n".join(f'set "{m}="' for m in MARKERS)
    cases = [(f'{unset_all}\nset "{m}={value}"', '"%T_TARGET%"') for m, value in markers]
    results = run_cases(wine, tmp_path, cases, {"T_TARGET": windows_path(target)})
    for (marker, value), (rc, err) in zip(markers, results):
        assert rc == 3, (marker, err)
        assert err.splitlines()[0] == (f"envstrap: error: {marker} is set ('{value}'): a Python "
                                       "environment is active in this shell."), err
        assert f"open a new shell where {marker} is not set" in err
    assert not target.exists()


def test_conda_shlvl_zero_is_clean(wine, tmp_path, micromamba):
    target = tmp_path / "env"
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --micromamba "%T_MM%"',
                  {"T_TARGET": windows_path(target), "T_MM": windows_path(micromamba)},
                  pre='set "CONDA_SHLVL=0"\n')
    assert run.rc == 0, run


def test_refused_characters(wine, tmp_path):
    chars = [c for c in REFUSED_CHARACTERS if c not in '%"']
    env = {f"T_{i}": windows_path(tmp_path / f"a{c}b" / "env") for i, c in enumerate(chars)}
    results = run_cases(wine, tmp_path, [("", f'"%T_{i}%"') for i in range(len(chars))], env)
    for char, (rc, err) in zip(chars, results):
        assert rc == 4, (char, err)
        assert f"contains '{char}', which cmd.exe cannot carry safely: " in err, err
        assert not (tmp_path / f"a{char}b").exists()


def test_percent_and_quote_never_reach_a_batch_file_under_wine(wine, tmp_path):
    """wine's cmd expands %~1 twice and drops quotes, so `%` and `"` (refused like the others,
    see the static test above) cannot be exercised here: show what wine does instead."""
    env = {"T_0": windows_path(tmp_path / "a%b"), "T_1": windows_path(tmp_path / 'a"b')}
    for i, char in enumerate('%"'):
        run = run_bat(wine, tmp_path, f'"%T_{i}%" --micromamba nowhere.exe', env)
        seen = windows_path(tmp_path / f"a{char}b").replace(char, "")
        assert run.rc == 5 and f"target: {seen}" in run.err, run


REFUSED_PLACES = [
    ("C:\\", "the target is the root folder 'C:\\' of a drive."),
    ("Z:\\", "the target is the root folder 'Z:\\' of a drive."),
    ('"C:\\."', "the target is the root folder 'C:\\' of a drive."),
    ('"Z:\\tmp\\.."', "the target is the root folder 'Z:\\' of a drive."),
    ('"%USERPROFILE%"', "the target is your home folder 'C:\\users\\"),
    ('"%SystemRoot%"', "the target is the Windows folder 'C:\\windows' itself."),
    ("\\\\server\\share\\env", "the target '\\\\server\\share\\env' is a network (UNC) path"),
    ("//server/share/env", "is a network (UNC) path"),
    ('"%T_FILE%"', "exists and is not a folder."),
    ('"%T_FILE%\\sub\\env"', "is in the target's path but is not a folder."),
]


def test_refused_places(wine, tmp_path):
    (tmp_path / "file").write_text("x")
    results = run_cases(wine, tmp_path, [("", arg) for arg, _ in REFUSED_PLACES],
                        {"T_FILE": windows_path(tmp_path / "file")})
    for (arg, message), (rc, err) in zip(REFUSED_PLACES, results):
        assert rc == 4, (arg, err)
        assert message in err.splitlines()[-2], (arg, err)
    assert (tmp_path / "file").read_text() == "x"


@pytest.mark.parametrize(("content", "why"), [
    ({"notes.txt": "mine"}, "it is not empty"),
    ({".hidden": ""}, "it is not empty"),
    ({"conda-meta/history": ""}, "it holds a conda environment that envstrap did not create"),
    ({"pyvenv.cfg": "home = x"}, "it holds a virtualenv"),
])
def test_refuses_a_folder_with_other_files(wine, tmp_path, content, why):
    target = tmp_path / NAME
    for rel, text in content.items():
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_text(text)
    before = tree(target)
    run = run_bat(wine, tmp_path, '"%T_TARGET%"', {"T_TARGET": windows_path(target)})
    assert run.rc == 4, run
    assert run.errors() == [f"envstrap: error: the target '{windows_path(target)}' cannot be "
                            f"used: {why}."], run
    assert tree(target) == before


def test_complete_environment_is_left_alone(wine, tmp_path):
    target = tmp_path / NAME
    (target / ".envstrap").mkdir(parents=True)
    (target / ".envstrap" / "complete").write_text("")
    (target / "python.exe").write_text("")
    before = tree(target)
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --python 3.12',
                  {"T_TARGET": windows_path(target)})
    assert run.rc == 0, run
    assert "is already a complete envstrap environment; nothing to do." in run.err
    assert f'activate it with: "{windows_path(target)}\\activate.bat"' in run.err
    assert tree(target) == before and run.calls == []


def test_busy_target(wine, tmp_path, micromamba):
    target = tmp_path / NAME
    (target / ".envstrap" / "run.lock").mkdir(parents=True)
    (target / ".envstrap" / "run.lock" / "owner").write_text("envstrap.bat started today\n")
    (target / ".envstrap" / "incomplete").write_text("")
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --micromamba "%T_MM%"',
                  {"T_TARGET": windows_path(target), "T_MM": windows_path(micromamba)})
    assert run.rc == 9, run
    assert "another envstrap run (envstrap.bat started today) is using" in run.errors()[0]
    assert (target / ".envstrap" / "run.lock" / "owner").exists() and run.calls == []


def test_the_short_target_test_is_at_the_limit():
    """:check_long_path knows a target is short from its 140th character alone; that index is
    259 - ES_ROOM, and both numbers are in the file."""
    text = BAT.read_text()
    room = int(re.search(r'^set "ES_ROOM=(\d+)"', text, re.M).group(1))
    assert f"%ES_T:~{259 - room},1%" in text


def test_long_paths(wine, tmp_path, micromamba):
    """A target of 139 characters is the longest allowed without long paths (139 + 120 = 259),
    one of 140 the shortest refused: the boundary of the one-character test and of the count."""
    fill = 260 - 120 - len(windows_path(tmp_path)) - 1  # (and a backslash)
    target = tmp_path / ("x" * max(1, fill))
    assert len(windows_path(target)) + 120 == 260
    env = {"T_TARGET": windows_path(target), "T_MM": windows_path(micromamba)}
    try:
        wine_stage0.set_long_paths(wine, None)  # not set (wine's default) counts as 0
        run = run_bat(wine, tmp_path, '"%T_TARGET%" --micromamba "%T_MM%"', env)
        assert run.rc == 4, run
        assert (f"is {len(windows_path(target))} characters long: with 120 more for the files "
                "an environment holds it exceeds Windows' 259-character limit, and long "
                "paths are not enabled (LongPathsEnabled is 0 or not set).") in run.err, run
        assert not target.exists()
        limit = tmp_path / ("y" * (fill - 1))
        assert len(windows_path(limit)) + 120 == 259
        run = run_bat(wine, tmp_path, '"%T_TARGET%" --micromamba "%T_MM%"',
                      {**env, "T_TARGET": windows_path(limit)})
        assert run.rc == 0, run
        assert (limit / ".envstrap" / "complete").exists()
        wine_stage0.set_long_paths(wine, True)
        run = run_bat(wine, tmp_path, '"%T_TARGET%" --micromamba "%T_MM%"', env)
        assert run.rc == 0, run
    finally:
        wine_stage0.set_long_paths(wine, None)


# ---- making the environment ----------------------------------------------------------------


def test_creates_an_environment_with_a_given_micromamba(wine, tmp_path, micromamba):
    target = tmp_path / "envs" / NAME
    wt, mm = windows_path(target), windows_path(micromamba)
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --micromamba "%T_MM%"',
                  {"T_TARGET": wt, "T_MM": mm})
    assert run.rc == 0, run
    assert run.argv("micromamba") == [
        ["--version"],
        install_argv(wt, "--override-channels", "--strict-channel-priority",
                     "-c", "conda-forge", "python", "conda", "mamba")]
    assert run.argv("python") == [
        finalize_argv(wt, sha256(micromamba), f"given: {mm}", "--channel", "conda-forge")]
    installs = [c for c in run.calls if c["prog"] != "certutil"][1:]
    assert {(c["temp"], c["tmp"]) for c in installs} == {(wt + "\\.envstrap\\tmp",) * 2}
    # envstrap's scratch is gone; the prefix and the markers stay
    assert sorted(p.name for p in (target / ".envstrap").iterdir()) == ["complete", "incomplete"]
    assert (target / "conda-meta" / "history").read_bytes() == b""
    assert (target / "python.exe").exists() and (target / "pkgs").is_dir()
    assert run.err.splitlines()[-3:] == [
        "envstrap: done. Activate with:",
        f'envstrap:   "{wt}\\activate.bat"       (cmd.exe)',
        f'envstrap:   & "{wt}\\Activate.ps1"     (PowerShell)']
    assert run.err.splitlines()[0] == f"envstrap: target: {wt}"
    # a rerun finds it complete
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --micromamba "%T_MM%"',
                  {"T_TARGET": wt, "T_MM": mm})
    assert run.rc == 0 and "nothing to do" in run.err and run.calls == [], run


def test_options_reach_micromamba_and_stage1(wine, tmp_path, micromamba):
    target = tmp_path / NAME
    pkgs = tmp_path / "cache (shared)"
    local = tmp_path / "local channel"
    local.mkdir()
    wt, mm = windows_path(target), windows_path(micromamba)
    env = {"T_TARGET": wt, "T_MM": mm, "T_PKGS": windows_path(pkgs), "T_LOCAL": "local channel"}
    run = run_bat(wine, tmp_path,
                  '--offline "%T_TARGET%" --python 3.12 --with "numpy>=1.26" --with "a|b<2" '
                  '--channel "https://x.org/a&b" --channel "..\\%T_LOCAL%" '
                  '"--pkgs-dir=%T_PKGS%" --micromamba "%T_MM%" --keep-failed', env)
    assert run.rc == 0, run
    channels = ["https://x.org/a&b", windows_path(local)]
    assert run.argv("micromamba")[1] == install_argv(
        wt, "--offline", "--override-channels", "--strict-channel-priority",
        "-c", channels[0], "-c", channels[1], "python=3.12", "conda", "mamba",
        "numpy>=1.26", "a|b<2")
    assert run.argv("python") == [finalize_argv(
        wt, sha256(micromamba), f"given: {mm}", "--channel", channels[0], "--channel",
        channels[1], "--with", "numpy>=1.26", "--with", "a|b<2", "--offline",
        python="3.12", pkgs=windows_path(pkgs))]
    assert pkgs.is_dir() and not (target / "pkgs").exists()


def test_rc_file_and_lock(wine, tmp_path, micromamba):
    target = tmp_path / NAME
    lock = tmp_path / "it's a lock.txt"
    lock.write_text("# x\n@EXPLICIT\nhttps://c/x.conda#abc\n")
    wt, mm = windows_path(target), windows_path(micromamba)
    env = {"T_TARGET": wt, "T_MM": mm, "T_LOCK": windows_path(lock),
           "STANDIN_MICROMAMBA_EXIT": "1",
           # every line is scanned, not only the last
           "STANDIN_MICROMAMBA_STDERR": "critical libmamba No space left on device\r\n"
                                        "info     libmamba cleaning up"}
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --micromamba "%T_MM%" --lock "%T_LOCK%" '
                  "--channel \"https://o'k.org/c\" --keep-failed", env)
    assert run.rc == 6, run
    assert "critical libmamba No space left on device" in run.err
    assert run.errors() == [f"envstrap: error: the disk holding '{wt}' or '{wt}\\pkgs' is full "
                            "(micromamba exit code 1)."], run
    assert run.argv("micromamba")[1] == install_argv(wt, "-f", windows_path(lock))
    rc_file = (target / ".envstrap" / "micromamba.yml").read_text("utf-8")
    assert rc_file.splitlines() == [
        "# Written by envstrap for its one micromamba call; nothing else reads this file.",
        "channels:", "  - 'https://o''k.org/c'", "channel_priority: strict", "pkgs_dirs:",
        "  - '" + (wt + "\\pkgs").replace("'", "''") + "'"]


def test_micromamba_failure_removes_a_created_target(wine, tmp_path, micromamba):
    parent = tmp_path / "new (1)"
    target = parent / NAME
    env = {"T_TARGET": windows_path(target), "T_MM": windows_path(micromamba),
           "STANDIN_MICROMAMBA_EXIT": "3"}
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --micromamba "%T_MM%"', env)
    assert run.rc == 6, run
    assert "error: the micromamba stand-in was told to fail" in run.err
    assert run.errors() == ["envstrap: error: micromamba could not create the environment (exit "
                            "code 3); see its messages above."]
    assert f"removed '{windows_path(parent)}', which this run had created" in run.err
    assert not parent.exists() and run.argv("python") == []
    # --keep-failed keeps it, marked incomplete and unlocked; a rerun resumes
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --micromamba "%T_MM%" --keep-failed', env)
    assert run.rc == 6 and "is left marked incomplete; run the same command again" in run.err
    assert (target / ".envstrap" / "incomplete").exists()
    assert not (target / ".envstrap" / "run.lock").exists()
    env.pop("STANDIN_MICROMAMBA_EXIT")
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --micromamba "%T_MM%"', env)
    assert run.rc == 0 and "resuming the incomplete environment" in run.err, run


def test_a_failed_run_leaves_a_parent_others_filled_meanwhile(wine, tmp_path, standin):
    """The run makes shared\\ and shared\\a; while it verifies its download, the certutil
    stand-in plays another run completing shared\\b; micromamba then fails. Only shared\\a goes."""
    shared = tmp_path / "shared (x)"
    served = tmp_path / "served" / "micromamba-win-64"
    served.parent.mkdir()
    shutil.copyfile(standin, served)
    env = {"T_TARGET": windows_path(shared / "a"), "T_URL": file_url(served),
           "STANDIN_CERTUTIL_COMPLETES": windows_path(shared / "b"),
           "STANDIN_MICROMAMBA_EXIT": "3"}
    run = run_bat(wine, tmp_path, f'"%T_TARGET%" --micromamba-url "%T_URL%" '
                  f"--micromamba-sha256 {sha256(served)}", env)
    assert run.rc == 6, run
    assert f"removed '{windows_path(shared / 'a')}', which this run had created" in run.err
    assert f"removed '{windows_path(shared)}'" not in run.err
    assert tree(shared) == ["b", "b/.envstrap", "b/.envstrap/complete"]


def test_existing_empty_target_is_never_removed(wine, tmp_path, micromamba):
    target = tmp_path / NAME
    target.mkdir()
    env = {"T_TARGET": windows_path(target), "T_MM": windows_path(micromamba),
           "STANDIN_MICROMAMBA_EXIT": "1"}
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --micromamba "%T_MM%"', env)
    assert run.rc == 6 and target.is_dir() and "left marked incomplete" in run.err, run


def test_a_target_another_run_completed_meanwhile_is_left_alone(wine, tmp_path, micromamba):
    # The certutil stand-in, which runs after the target checks and before the run lock, plays
    # another envstrap run that finishes the same new target at that moment.
    target = tmp_path / "new" / NAME
    wt = windows_path(target)
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --micromamba "%T_MM%"',
                  {"T_TARGET": wt, "T_MM": windows_path(micromamba),
                   "STANDIN_CERTUTIL_COMPLETES": wt})
    assert run.rc == 0, run
    assert run.err.splitlines()[-1] == (f"envstrap: another envstrap run completed '{wt}' "
                                        "meanwhile; nothing to do.")
    # the given micromamba was asked its version (before anything was written), nothing more
    assert run.argv("micromamba") == [["--version"]] and run.argv("python") == []
    assert tree(target) == [".envstrap", ".envstrap/complete"]


@pytest.mark.parametrize("code", [42])
def test_stage1_exit_code_is_passed_through(wine, tmp_path, micromamba, code):
    target = tmp_path / NAME
    env = {"T_TARGET": windows_path(target), "T_MM": windows_path(micromamba),
           "STANDIN_PYTHON_EXIT": str(code)}
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --micromamba "%T_MM%"', env)
    assert run.rc == code, run
    assert len(run.argv("python")) == 1 and not target.exists()
    assert f"envstrap: stage 1 failed (exit code {code}): the target is incomplete." in run.err
    assert "done." not in run.err


def test_done_means_complete(wine, tmp_path, micromamba):
    """Stage 1 says 0 but wrote no .envstrap\\complete: not done, FINALIZE_FAILED."""
    target = tmp_path / NAME
    target.mkdir()
    wt = windows_path(target)
    env = {"T_TARGET": wt, "T_MM": windows_path(micromamba), "STANDIN_PYTHON_INCOMPLETE": "1"}
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --micromamba "%T_MM%"', env)
    assert run.rc == 7, run
    assert run.errors() == [f"envstrap: error: stage 1 ended with exit code 0, but "
                            f"'{wt}\\.envstrap\\complete' does not exist: the target is "
                            "incomplete."], run
    assert "done." not in run.err and (target / ".envstrap" / "incomplete").exists()


def test_given_micromamba_must_exist_and_run(wine, tmp_path, standin):
    target = tmp_path / "env"
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --micromamba "%T_MM%"',
                  {"T_TARGET": windows_path(target), "T_MM": windows_path(tmp_path)})
    assert run.rc == 5 and "is not an executable file." in run.err and not target.exists(), run
    broken = tmp_path / "broken.exe"
    shutil.copyfile(standin, broken)  # a name the stand-in answers nothing to
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --micromamba "%T_MM%"',
                  {"T_TARGET": windows_path(target), "T_MM": windows_path(broken)})
    assert run.rc == 5 and "--version' failed: this is not a working micromamba" in run.err, run
    assert not target.exists()


def test_works_from_any_folder_and_restores_the_code_page(wine, tmp_path, micromamba):
    work = tmp_path / "some where"
    log = tmp_path / "calls.jsonl"
    env = {"T_BAT": windows_path(BAT), "T_MM": windows_path(micromamba),
           "STANDIN_LOG": windows_path(log)}
    result = wine.run('chcp 850 >nul\ncall "%T_BAT%" "rel env" --micromamba "%T_MM%"\nchcp\n',
                      work, env)
    assert result.stdout.strip().endswith("Active code page: 850"), result
    assert (work / "rel env" / ".envstrap" / "complete").exists(), result


# ---- doctor --------------------------------------------------------------------------------


def test_doctor(wine, tmp_path, standin):
    target = tmp_path / NAME
    target.mkdir()
    run = run_bat(wine, tmp_path, 'doctor "%T_TARGET%" --json',
                  {"T_TARGET": windows_path(target)})
    assert run.rc == 8 and "has no python.exe: it is not an envstrap environment" in run.err
    shutil.copyfile(standin, target / "python.exe")
    run = run_bat(wine, tmp_path, 'doctor "%T_TARGET%" --json --deep',
                  {"T_TARGET": windows_path(target), "STANDIN_PYTHON_EXIT": "1",
                   "CONDA_PREFIX": "C:\\other"})
    assert run.rc == 1, run
    assert run.argv("python") == [["-I", "-B", "-c", BOOT, SRC, "doctor", windows_path(target),
                                   "--json", "--deep"]]


# ---- bundles -------------------------------------------------------------------------------

# A space, #, =, &, ( ) in the bundle's path: its file:// URLs must carry them.
BUNDLE_NAME = "my bundle #1 (x)&y=z"
PACKAGES = {"python-3.12.1-h2628c8c_0_cpython.conda": "0123456789abcdef0123456789abcdef",
            "conda-24.11.3-py312h2e8e312_0.conda": "fedcba9876543210fedcba9876543210",
            "vc14_runtime-14.42.34433-h6356254_24.tar.bz2": "00112233445566778899aabbccddeeff",
            "tzdata-2024b-hc8b5060_0.conda": "ffeeddccbbaa99887766554433221100"}
SUBDIRS = {name: "noarch" if name.startswith("tzdata-") else "win-64" for name in PACKAGES}
CONDA_PKG = "pkgs/win-64/conda-24.11.3-py312h2e8e312_0.conda"
# A bundle run starts certutil once per file: on a busy machine it needs more than one minute.
BUNDLE_TIMEOUT = 180
CHANNELS = ["conda-forge", "https://example.org/a&b"]


@pytest.fixture(scope="module")
def pinning_bat(tmp_path_factory, standin: Path) -> Path:
    """envstrap.bat in a copy of the checkout whose micromamba.pins pins the stand-in's own
    sha256 for win-64 (pins_pinning): the stand-in says it is the pinned version, so a bundle
    holding it passes the pin check only as the pinned build (docs/testing.md, "Its version").
    The bundle tests run this one; the checkout's own pins refuse the stand-in."""
    work = tmp_path_factory.mktemp("pinning")
    script = checkout_with_pins(work, pins_pinning(standin, "win-64", file_url(standin)))
    return script.with_name("envstrap.bat")


def make_bundle(tmp_path: Path, standin: Path) -> Path:
    """A win-64 bundle laid out like `envstrap bundle` writes it (src/envstrap/bundle.py), with
    stand-in package files (the micromamba stand-in does not read them)."""
    out = tmp_path / BUNDLE_NAME
    for subdir in ("win-64", "noarch"):
        (out / "pkgs" / subdir).mkdir(parents=True)
    (out / "micromamba" / "win-64").mkdir(parents=True)
    shutil.copyfile(standin, out / "micromamba" / "win-64" / "micromamba.exe")
    for name in PACKAGES:
        (out / "pkgs" / SUBDIRS[name] / name).write_bytes(name.encode() * 100)
    (out / "lock.txt").write_text(
        "# This file may be used to create an environment using:\n# platform: win-64\n@EXPLICIT\n"
        + "".join(f"https://conda.anaconda.org/conda-forge/{SUBDIRS[n]}/{n}#{md5}\n"
                  for n, md5 in PACKAGES.items()))
    (out / "channels.txt").write_text("".join(f"{c}\n" for c in CHANNELS))
    (out / "bundle.json").write_text('{"schema": 2, "platform": "win-64"}\n')
    write_sums(out)
    return out


def write_sums(out: Path) -> None:
    files = sorted(p for p in out.rglob("*") if p.is_file() and p.name != "SHA256SUMS")
    (out / "SHA256SUMS").write_text("".join(
        f"{sha256(p)}  {p.relative_to(out).as_posix()}\n" for p in files))


def test_bundle_round_trip(wine, tmp_path, standin, pinning_bat):
    bundle = make_bundle(tmp_path, standin)
    target = tmp_path / "envs" / NAME
    wt, wb = windows_path(target), windows_path(bundle)
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --bundle "%T_BUNDLE%"',
                  {"T_TARGET": wt, "T_BUNDLE": wb}, timeout=BUNDLE_TIMEOUT, bat=pinning_bat)
    assert run.rc == 0, run
    assert "envstrap: checking every file of the bundle against its SHA256SUMS" in run.err
    # the stand-in says it is the pinned version, and micromamba.pins pins its sha256
    assert f"envstrap: the bundle's micromamba is the pinned {PINNED} build" in run.err
    lock = wt + "\\.envstrap\\bundle-lock.txt"
    assert run.argv("micromamba") == [["--version"], install_argv(wt, "-f", lock)]
    # every URL points at the bundle's own, verified file
    base = "file:///" + wb.replace("\\", "/").replace(" ", "%20").replace("#", "%23").replace(
        "=", "%3D")
    assert (target / ".envstrap" / "bundle-lock.txt").read_text().splitlines() == [
        "@EXPLICIT", *(f"{base}/pkgs/{SUBDIRS[n]}/{n}#{md5}" for n, md5 in PACKAGES.items())]
    # what ran was a private copy in the target, not the bundle's own file (issue 16)
    assert [c["exe"] for c in run.calls if c["prog"] == "micromamba"] == [
        wt + "\\.envstrap\\micromamba-bin\\micromamba.exe"] * 2
    mm = bundle / "micromamba" / "win-64" / "micromamba.exe"
    assert run.argv("python") == [finalize_argv(
        wt, sha256(mm), f"bundle: {wb}", "--channel", CHANNELS[0], "--channel", CHANNELS[1],
        "--lock", lock, "--bundle", wb, src=windows_path(pinning_bat.parents[1] / "src"))]
    rc_file = (target / ".envstrap" / "bundle-lock.txt").parent / "micromamba.yml"
    assert not rc_file.exists()  # scratch is cleaned after success
    assert not (target / ".envstrap" / "micromamba-bin").exists()
    # the marks of verified files are not passed on
    assert not any("ES_OK_" in json.dumps(c) for c in run.calls)


@pytest.mark.parametrize("damage, message", [
    ("change", f"the bundle is damaged: '{CONDA_PKG}' has sha256 "),
    ("remove", f"the bundle is damaged: '{CONDA_PKG}' has sha256 (missing), SHA256SUMS says "),
    ("unsafe", "the bundle lists an unsafe path '../outside.conda'."),
    ("backslash", "the bundle lists an unsafe path 'pkgs\\x.conda'."),
    ("garbled", "the bundle's SHA256SUMS has a line that is not '<sha256>  <path>': xyz"),
])
def test_damaged_bundle_is_refused_before_anything_is_written(wine, tmp_path, standin,
                                                               pinning_bat, damage, message):
    bundle = make_bundle(tmp_path, standin)
    victim = bundle / CONDA_PKG
    sums = bundle / "SHA256SUMS"
    if damage == "change":
        victim.write_bytes(b"tampered")
    elif damage == "remove":
        victim.unlink()
    elif damage == "unsafe":
        sums.write_text(f"{HEX}  ../outside.conda\n" + sums.read_text())
    elif damage == "backslash":
        sums.write_text(sums.read_text() + f"{HEX}  pkgs\\x.conda\n")
    else:
        sums.write_text(sums.read_text() + "xyz\n")
    before = tree(bundle)
    target = tmp_path / "env"
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --bundle "%T_BUNDLE%"',
                  {"T_TARGET": windows_path(target), "T_BUNDLE": windows_path(bundle)},
                  timeout=BUNDLE_TIMEOUT, bat=pinning_bat)
    assert run.rc == 6, run
    assert len(run.errors()) == 1 and message in run.errors()[0], run
    assert "envstrap: hint: make the bundle again" in run.err
    assert not target.exists() and run.calls == [c for c in run.calls if c["prog"] == "certutil"]
    assert tree(bundle) == before
    assert {p.name for p in tmp_path.iterdir()} - {"calls.jsonl"} == {BUNDLE_NAME, "work"}


def test_bundle_lock_may_name_only_verified_files(wine, tmp_path, standin, pinning_bat):
    bundle = make_bundle(tmp_path, standin)
    with open(bundle / "lock.txt", "a") as lock:
        lock.write("https://conda.anaconda.org/conda-forge/win-64/extra-1.0-0.conda#ab\n")
    (bundle / "pkgs" / "win-64" / "extra-1.0-0.conda").write_bytes(b"not listed")
    write_sums(bundle)
    sums = bundle / "SHA256SUMS"
    sums.write_text("".join(line + "\n" for line in sums.read_text().splitlines()
                            if "extra-1.0" not in line))
    target = tmp_path / "new" / "env"
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --bundle "%T_BUNDLE%"',
                  {"T_TARGET": windows_path(target), "T_BUNDLE": windows_path(bundle)},
                  timeout=BUNDLE_TIMEOUT, bat=pinning_bat)
    assert run.rc == 6, run
    assert run.errors() == ["envstrap: error: the bundle's lock names extra-1.0-0.conda, which "
                            "SHA256SUMS does not list."]
    # the run had created the target (and its parent): both are gone again
    assert not (tmp_path / "new").exists() and run.argv("micromamba") == []


def test_bundle_refusals(wine, tmp_path, standin, pinning_bat):
    bundle = make_bundle(tmp_path, standin)
    target = tmp_path / "env"
    env = {"T_TARGET": windows_path(target), "T_BUNDLE": windows_path(bundle)}
    (bundle / "channels.txt").unlink()
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --bundle "%T_BUNDLE%"', env,
                  timeout=BUNDLE_TIMEOUT, bat=pinning_bat)
    assert run.rc == 2 and run.errors() == [
        f"envstrap: error: '{windows_path(bundle)}' is not an envstrap bundle (no SHA256SUMS, "
        "lock.txt or channels.txt)"], run
    (bundle / "channels.txt").write_text("conda-forge\n")
    write_sums(bundle)
    sums = bundle / "SHA256SUMS"
    sums.write_text("".join(line + "\n" for line in sums.read_text().splitlines()
                            if "micromamba.exe" not in line))
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --bundle "%T_BUNDLE%"', env,
                  timeout=BUNDLE_TIMEOUT, bat=pinning_bat)
    assert run.rc == 5 and run.errors() == [
        "envstrap: error: the bundle's micromamba is not listed in SHA256SUMS."], run
    (bundle / "micromamba" / "win-64" / "micromamba.exe").unlink()
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --bundle "%T_BUNDLE%"', env,
                  timeout=BUNDLE_TIMEOUT, bat=pinning_bat)
    assert run.rc == 5 and run.errors() == [
        "envstrap: error: the bundle has no micromamba for win-64."], run
    assert "hint: make the bundle on a win-64 machine" in run.err
    assert not target.exists() and run.calls == []


@pytest.mark.parametrize("change, code, message", [
    ("flat", 2, "was made by an older envstrap: its packages lie flat in pkgs\\, where "
                "micromamba 1.x cannot find them."),
    ("lock.txt", 6, "the bundle's lock.txt is not listed in SHA256SUMS."),
    ("channels.txt", 6, "the bundle's channels.txt is not listed in SHA256SUMS."),
])
def test_old_flat_or_partly_listed_bundles_are_refused(wine, tmp_path, standin, pinning_bat,
                                                       change, code, message):
    bundle = make_bundle(tmp_path, standin)
    if change == "flat":  # a schema-1 bundle: every package right in pkgs\
        for package in list((bundle / "pkgs").glob("*/*")):
            package.rename(bundle / "pkgs" / package.name)
        write_sums(bundle)
    else:
        sums = bundle / "SHA256SUMS"
        sums.write_text("".join(line + "\n" for line in sums.read_text().splitlines()
                                if not line.endswith("  " + change)))
    target = tmp_path / "env"
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --bundle "%T_BUNDLE%"',
                  {"T_TARGET": windows_path(target), "T_BUNDLE": windows_path(bundle)},
                  timeout=BUNDLE_TIMEOUT, bat=pinning_bat)
    assert run.rc == code and len(run.errors()) == 1 and message in run.errors()[0], run
    assert not target.exists() and run.argv("micromamba") == []


def test_a_bundled_micromamba_of_the_pinned_version_must_be_the_pinned_build(wine, tmp_path,
                                                                               standin):
    """The stand-in says it is the pinned version (by default); the checkout's own
    micromamba.pins pins another sha256 (the real build's), so its bundle is refused."""
    bundle = make_bundle(tmp_path, standin)
    target = tmp_path / "new" / "env"
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --bundle "%T_BUNDLE%"',
                  {"T_TARGET": windows_path(target), "T_BUNDLE": windows_path(bundle)},
                  timeout=BUNDLE_TIMEOUT)
    assert run.rc == ExitCode.MICROMAMBA_UNAVAILABLE == 5, run
    assert run.errors() == [f"envstrap: error: the bundle's micromamba says it is {PINNED}, "
                            f"which micromamba.pins pins, but its sha256 {sha256(standin)} is "
                            "not the pinned " + re.search(
                                r"^win-64 (\S+)", (REPO / "bootstrap" / "micromamba.pins")
                                .read_text(), re.M).group(1) + "."]
    assert run.argv("micromamba") == [["--version"]] and not (tmp_path / "new").exists()


@pytest.mark.parametrize("version", ["1.4.3", "0.27.0", "3.0.0"])
def test_an_unsupported_micromamba_is_refused_before_anything_is_written(wine, tmp_path,
                                                                        micromamba, version):
    target = tmp_path / "env"
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --micromamba "%T_MM%"',
                  {"T_TARGET": windows_path(target), "T_MM": windows_path(micromamba),
                   "STANDIN_MICROMAMBA_VERSION": version})
    assert run.rc == 5, run
    assert run.errors() == [f"envstrap: error: micromamba {version} is not supported: envstrap "
                            "works with micromamba 1.5.x and 2.x."]
    assert run.argv("micromamba") == [["--version"]] and not target.exists()


def test_1x_output_reaches_the_user_without_its_activation_advice(wine, tmp_path, micromamba):
    target = tmp_path / "env"
    local = tmp_path / "local channel"
    local.mkdir()
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --micromamba "%T_MM%" --channel "%T_LOCAL%" '
                  "--keep-failed",
                  {"T_TARGET": windows_path(target), "T_MM": windows_path(micromamba),
                   "T_LOCAL": windows_path(local), "STANDIN_MICROMAMBA_VERSION": "1.5.5",
                   "STANDIN_PYTHON_EXIT": "7"})
    assert run.rc == 7, run
    assert "micromamba stand-in: installed" in run.out
    for text in ("To activate this environment", "micromamba activate", "micromamba run"):
        assert text not in run.out + run.err, run
    # a local channel: micromamba 2.x must not look for repodata.json.zst there
    rc_file = (target / ".envstrap" / "micromamba.yml").read_text("utf-8").splitlines()
    assert "repodata_use_zst: false" in rc_file


def test_a_bundle_written_by_stage1_is_taken_as_it_is(wine, tmp_path, standin, pinning_bat):
    """The real `envstrap bundle` (src/envstrap/bundle.py) run on a win-64 environment laid out
    as envstrap.bat leaves it (stand-in package files, micromamba cached as micromamba.exe),
    then its output fed to envstrap.bat: the two agree on every file name and format."""
    source = tmp_path / "source env"
    cache = source / "pkgs"
    (source / "conda-meta").mkdir(parents=True)
    (source / ".envstrap").mkdir()
    for name, _ in PACKAGES.items():
        data = name.encode() * 100
        (cache / name).parent.mkdir(exist_ok=True)
        (cache / name).write_bytes(data)
        dist = name.rsplit(".conda", 1)[0].rsplit(".tar.bz2", 1)[0]
        pkg, version, build = dist.rsplit("-", 2)
        (source / "conda-meta" / f"{dist}.json").write_text(json.dumps({
            "name": pkg, "version": version, "build": build, "subdir": SUBDIRS[name],
            "url": f"https://conda.anaconda.org/conda-forge/{SUBDIRS[name]}/{name}",
            "md5": hashlib.md5(data).hexdigest(), "sha256": hashlib.sha256(data).hexdigest()}))
    mm_sha = sha256(standin)
    cached = cache / ".envstrap-micromamba" / mm_sha / "micromamba.exe"
    cached.parent.mkdir(parents=True)
    shutil.copyfile(standin, cached)
    (source / ".envstrap" / "manifest.json").write_text(json.dumps({
        "platform": "win-64", "python_version": "3.12",
        "options": {"channels": CHANNELS, "pkgs_dir": str(cache)},
        "micromamba": {"version": PINNED, "sha256": mm_sha}}))
    (source / ".envstrap" / "complete").write_text("")
    out = tmp_path / BUNDLE_NAME
    make_stage1_bundle(source, out)
    assert "envstrap.bat NEW_FOLDER --bundle THIS_FOLDER" in (out / "README.txt").read_text()

    target = tmp_path / "envs" / NAME
    wt, wb = windows_path(target), windows_path(out)
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --bundle "%T_BUNDLE%"',
                  {"T_TARGET": wt, "T_BUNDLE": wb}, timeout=BUNDLE_TIMEOUT, bat=pinning_bat)
    assert run.rc == 0, run
    lock = (target / ".envstrap" / "bundle-lock.txt").read_text().splitlines()
    assert lock[0] == "@EXPLICIT" and len(lock) == 1 + len(PACKAGES)
    assert {line.rsplit("/", 1)[1].split("#")[0] for line in lock[1:]} == set(PACKAGES)
    assert {line.rsplit("/", 2)[1] for line in lock[1:]} == {"win-64", "noarch"}
    assert run.argv("python")[0][-4:] == ["--lock", wt + "\\.envstrap\\bundle-lock.txt",
                                          "--bundle", wb]
    assert f"--micromamba-sha256 {mm_sha}" in " ".join(run.argv("python")[0])
    assert f"envstrap: the bundle's micromamba is the pinned {PINNED} build" in run.err


def test_bundle_verb_runs_stage1_on_the_environment(wine, tmp_path, standin):
    target = tmp_path / NAME
    target.mkdir()
    shutil.copyfile(standin, target / "python.exe")
    out = tmp_path / "out (1)"
    run = run_bat(wine, tmp_path, 'bundle "%T_TARGET%" "%T_OUT%" --micromamba "%T_MM%"',
                  {"T_TARGET": windows_path(target), "T_OUT": windows_path(out),
                   "T_MM": "C:\\mm.exe"})
    assert run.rc == 0, run
    assert run.argv("python") == [["-I", "-B", "-c", BOOT, SRC, "bundle", windows_path(target),
                                   windows_path(out), "--micromamba", "C:\\mm.exe"]]


# ---- the pinned download -------------------------------------------------------------------


def checkout(tmp_path: Path, pin_line: str) -> Path:
    """A copy of bootstrap\\ and src\\ with the win-64 line of micromamba.pins replaced."""
    root = tmp_path / "checkout"
    shutil.copytree(REPO / "bootstrap", root / "bootstrap")
    shutil.copytree(REPO / "src" / "envstrap", root / "src" / "envstrap",
                    ignore=shutil.ignore_patterns("__pycache__"))
    pins = root / "bootstrap" / "micromamba.pins"
    text = re.sub(r"^win-64 .*$", pin_line, pins.read_text(), flags=re.M)
    pins.write_text(text)
    return root


def test_unpinned_platform_is_refused(wine, tmp_path):
    root = checkout(tmp_path, "win-64 - https://example.org/micromamba-win-64")
    target = tmp_path / "env"
    run = run_bat(wine, tmp_path, '"%T_TARGET%"', {"T_TARGET": windows_path(target)},
                  bat=root / "bootstrap" / "envstrap.bat")
    assert run.rc == 5, run
    assert run.errors() == ["envstrap: error: this envstrap pins no checksum of micromamba "
                            "2.5.0-1 for win-64, so it will not download one."]
    assert ("envstrap: hint: pass --micromamba PATH (a binary you trust), or --micromamba-url "
            "URL with --micromamba-sha256 HEX") in run.err
    assert not target.exists() and run.calls == []
    # the same words as envstrap.sh
    assert "pins no checksum of micromamba $MM_VERSION for $PLATFORM, so it will not download " \
        "one." in SH.read_text()


def test_a_checkout_without_its_pins_file_is_refused(wine, tmp_path):
    """:load_pins finds no micromamba.pins beside the script: nothing is downloaded or written."""
    root = checkout(tmp_path, "")
    pins = root / "bootstrap" / "micromamba.pins"
    pins.unlink()
    target = tmp_path / "env"
    run = run_bat(wine, tmp_path, '"%T_TARGET%"', {"T_TARGET": windows_path(target)},
                  bat=root / "bootstrap" / "envstrap.bat")
    assert run.rc == 5, run
    assert run.errors() == [f"envstrap: error: the pins file '{windows_path(pins)}' is missing."]
    assert "envstrap: hint: use a complete envstrap checkout, or pass --micromamba PATH" in run.err
    assert not target.exists() and run.calls == []


def test_a_bundle_is_refused_by_a_checkout_without_its_pins_file(wine, tmp_path, standin):
    """The bundle's micromamba is always checked against the pins: with no micromamba.pins the
    run is refused as the download is (exit 5, the same message), before anything is written."""
    root = checkout(tmp_path, "")
    pins = root / "bootstrap" / "micromamba.pins"
    pins.unlink()
    bundle = make_bundle(tmp_path, standin)
    target = tmp_path / "env"
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --bundle "%T_BUNDLE%"',
                  {"T_TARGET": windows_path(target), "T_BUNDLE": windows_path(bundle)},
                  timeout=BUNDLE_TIMEOUT, bat=root / "bootstrap" / "envstrap.bat")
    assert run.rc == 5, run
    assert run.errors() == [f"envstrap: error: the pins file '{windows_path(pins)}' is missing."]
    assert ("envstrap: hint: use a complete envstrap checkout (a bundle's micromamba is checked "
            "against its micromamba.pins)") in run.err
    assert not target.exists() and run.calls == []


def file_url(path: Path) -> str:
    return "file:///" + windows_path(path).replace("\\", "/")


def test_pinned_download_verify_cache_and_mismatch(wine, tmp_path, standin):
    served = tmp_path / "served" / "micromamba-win-64"
    served.parent.mkdir()
    shutil.copyfile(standin.with_name(standin.name), served)
    # the stand-in acts by its file name: the downloaded copy becomes micromamba.exe
    pin = sha256(served)
    url = file_url(served)
    root = checkout(tmp_path, f"win-64 {pin.upper()} {url}")
    bat = root / "bootstrap" / "envstrap.bat"
    pkgs = tmp_path / "pkgs (shared)"
    cache = pkgs / ".envstrap-micromamba" / pin / "micromamba.exe"
    env = {"T_TARGET": windows_path(tmp_path / "a"), "T_PKGS": windows_path(pkgs),
           "STANDIN_CERTUTIL_SPACED": "1"}
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --pkgs-dir "%T_PKGS%"', env, bat=bat)
    assert run.rc == 0, run
    assert f"downloading micromamba 2.5.0-1 for win-64 from {url}" in run.err
    [curl] = run.argv("curl")
    partial = curl[curl.index("--output") + 1]
    assert curl == ["--fail", "--location", "--silent", "--show-error", "--proto", "=https,file",
                    "--proto-redir", "=https", "--retry", "3", "--retry-delay", "1",
                    "--connect-timeout", "20", "--speed-limit", "1024", "--speed-time", "60",
                    "--output", partial, "--", url]
    # into a folder of the run's own, never a name in the (shared) cache
    private = windows_path(tmp_path / "a") + "\\.envstrap\\tmp\\micromamba-"
    assert partial.startswith(private) and partial.endswith("\\download.tmp")
    assert run.argv("certutil") == [["-hashfile", partial, "SHA256"]]
    assert sorted(p.name for p in cache.parent.iterdir()) == ["micromamba.exe"]
    [finalize] = run.argv("python")
    at = finalize.index("--micromamba-sha256")
    assert finalize[at:at + 4] == ["--micromamba-sha256", pin, "--micromamba-source", url]
    # cached: verified again, not downloaded
    env["T_TARGET"] = windows_path(tmp_path / "b")
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --pkgs-dir "%T_PKGS%"', env, bat=bat)
    assert run.rc == 0 and "using the cached micromamba 2.5.0-1 (sha256 verified again)" in run.err
    [hashed] = run.argv("certutil")  # a private copy, not the cache's file
    assert run.argv("curl") == [] and hashed[1].startswith(windows_path(tmp_path / "b"))
    # a damaged cache is fetched again
    cache.write_bytes(b"MZ damaged")
    env["T_TARGET"] = windows_path(tmp_path / "c")
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --pkgs-dir "%T_PKGS%"', env, bat=bat)
    assert run.rc == 0 and "the cached micromamba fails verification (checksum mismatch" in run.err
    assert len(run.argv("curl")) == 1 and sha256(cache) == pin
    # --offline with nothing cached
    env["T_TARGET"] = windows_path(tmp_path / "d")
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --offline --pkgs-dir "%T_PKGS%\\none"', env,
                  bat=bat)
    assert run.rc == 5 and "--offline, and no verified micromamba is cached in" in run.err, run
    assert not (tmp_path / "d").exists()


def test_a_cached_binary_spoiled_after_its_check_is_not_run(wine, tmp_path, standin):
    """Issue 16: a package cache another user can write. The certutil stand-in plays that user:
    right after it hashed, it spoils the cached micromamba.exe. What runs is the verified private
    copy, so the run succeeds; the cache's file (spoiled) would fail `--version`."""
    served = tmp_path / "served" / "micromamba-win-64"
    served.parent.mkdir()
    shutil.copyfile(standin, served)
    pin = sha256(served)
    pkgs = tmp_path / "team cache"
    cached = pkgs / ".envstrap-micromamba" / pin / "micromamba.exe"
    env = {"T_TARGET": windows_path(tmp_path / "a"), "T_PKGS": windows_path(pkgs),
           "T_URL": file_url(served)}
    args = ('"%T_TARGET%" --pkgs-dir "%T_PKGS%" --micromamba-url "%T_URL%" '
            f"--micromamba-sha256 {pin}")
    assert run_bat(wine, tmp_path, args, env).rc == 0
    env.update(T_TARGET=windows_path(tmp_path / "b"), STANDIN_CERTUTIL_SPOILS=windows_path(cached))
    run = run_bat(wine, tmp_path, args, env)
    assert run.rc == 0, run
    assert "using the cached micromamba custom (sha256 verified again)" in run.err
    assert cached.read_bytes() == b"MZ spoiled"
    assert (tmp_path / "b" / ".envstrap" / "complete").exists()


def test_paths_with_the_word_in(wine, tmp_path, micromamba):
    """A checkout and a target whose paths hold the word "in" (a for /f string holding it does
    not parse on wine 10's cmd): the script reads its files from their folders."""
    root = checkout(tmp_path / "work in progress", "win-64 - https://example.org/x")
    target = tmp_path / "envs in here" / "env in x"
    wt = windows_path(target)
    run = run_bat(wine, tmp_path, '"%T_TARGET%" --micromamba "%T_MM%"',
                  {"T_TARGET": wt, "T_MM": windows_path(micromamba)},
                  bat=root / "bootstrap" / "envstrap.bat")
    assert run.rc == 0, run
    assert run.err.splitlines()[-2:] == [
        f'envstrap:   "{wt}\\activate.bat"       (cmd.exe)',
        f'envstrap:   & "{wt}\\Activate.ps1"     (PowerShell)']


@pytest.mark.parametrize(("body", "why"), [
    (b"MZ but another build", "checksum mismatch: expected sha256 {pin}, got {actual}"),
    (b"<!DOCTYPE html><html>\"nope\"</html>",
     "it is not a win-64 executable (it does not start with MZ; an error page?)"),
])
def test_download_that_fails_verification_is_deleted_and_never_run(wine, tmp_path, body, why):
    served = tmp_path / "served.bin"
    served.write_bytes(body)
    pin = "0" * 64
    url = file_url(served)
    target = tmp_path / NAME
    env = {"T_TARGET": windows_path(target), "T_URL": url}
    run = run_bat(wine, tmp_path,
                  f'"%T_TARGET%" --micromamba-url "%T_URL%" --micromamba-sha256 {pin}', env)
    assert run.rc == 5, run
    why = why.format(pin=pin, actual=hashlib.sha256(body).hexdigest())
    assert run.errors() == [f"envstrap: error: refusing the micromamba downloaded from {url}: "
                            f"{why}. It was deleted and not run."], run
    assert run.argv("micromamba") == [] and not target.exists()


def test_failed_download(wine, tmp_path):
    target = tmp_path / "env"
    url = "https://127.0.0.1:9/micromamba"
    run = run_bat(wine, tmp_path, f'"%T_TARGET%" --micromamba-url {url} --micromamba-sha256 '
                  f"{HEX} --keep-failed", {"T_TARGET": windows_path(target)})
    assert run.rc == 5 and run.errors() == [f"envstrap: error: downloading micromamba failed: "
                                            f"{url}"], run
    cache = target / "pkgs" / ".envstrap-micromamba" / HEX
    assert not cache.exists() or list(cache.iterdir()) == [], "nothing is left in the cache"
    assert not list((target / ".envstrap" / "tmp").glob("micromamba-*"))


def test_https_download_with_real_curl(wine):
    """The real curl.exe against tests/support/https_server.py: wine ships no curl.exe (Windows
    10 1803+ does), so the tests above use a stand-in that copies file:/// URLs."""
    system32 = wine_stage0.CACHE / "prefix" / "drive_c" / "windows" / "system32"
    if (system32 / "curl.exe").read_bytes() == wine_stage0.build_stage0_standin().read_bytes():
        pytest.skip("wine has no curl.exe: the https download runs only on real Windows; the "
                    "download path is tested with a file:// curl.exe stand-in")
