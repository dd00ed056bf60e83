"""What only cmd.exe does, run in wine's cmd.exe: the code page, echo state, delayed expansion,
quoted PATH entries, PROMPT, refused folder paths, cmd-specific parts of a round trip. The
scenarios every shell shares (cmd included) are in tests/test_activation.py; Activate.ps1 is
checked as parsed text in tests/test_activation_render.py.

The batch files run for real in wine's cmd (tests/support/wine.py) in a fake prefix laid out like a
Windows environment, with a stand-in program (tests/standins/windows_program.c, built with
mingw-w64) as python.exe, Scripts\\conda.exe and Library\\bin\\mamba.exe. docs/testing.md
("Windows") says what this does not prove.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from envstrap.activation import write_activation_scripts
from envstrap.activation.cmd import TEMPORARIES
from envstrap.layout import WINDOWS, EnvLayout
from tests.support import wine as winesupport
from tests.support.wine import CmdResult, Wine, read_set_dump, windows_path

# Spaces, parentheses, Latin and CJK letters, & = , ' and $: characters Windows allows in a
# folder name and cmd activation carries (cmd.REFUSED_CHARACTERS lists the ones it does not).
NAME = "my env (ü) R&D=1,2 it's $x 测试"
MODIFIER = "(my env (ü) R&D=1,2 it_s _x 测试) "

# Variables wine or cmd change by themselves between two `set` dumps of one cmd process: none were
# seen. Kept as a named, empty set so a wine upgrade that adds one has one place to say so.
CMD_VOLATILE: frozenset[str] = frozenset()


@pytest.fixture(scope="session")
def wine() -> Wine:
    return winesupport.start_wine()


@pytest.fixture(scope="session")
def standin_exe() -> Path:
    return winesupport.build_standin_exe()


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))


def make_windows_prefix(parent: Path, standin: Path, name: str = NAME) -> Path:
    """A folder laid out like a conda environment on Windows: the stand-in program as python.exe,
    Scripts\\conda.exe and Library\\bin\\mamba.exe, conda's condabin wrappers as tiny .bat files,
    hooks for cmd (and for other shells, which cmd must ignore), and the activation scripts."""
    prefix = parent / name
    for rel in ("python.exe", "Scripts/conda.exe", "Library/bin/mamba.exe"):
        (prefix / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(standin, prefix / rel)
    for tool in ("conda", "mamba", "deactivate"):
        _write(prefix / "condabin" / f"{tool}.bat", f"@echo condabin wrapper {tool}\n")
    on = prefix / "etc" / "conda" / "activate.d"
    off = prefix / "etc" / "conda" / "deactivate.d"
    _write(on / "a.bat", '@set "HOOK_TRACE=%HOOK_TRACE%on-a,"\n'
                         '@set "HOOK_PREFIX=%CONDA_PREFIX%"\n'
                         '@for /f "tokens=2 delims=:" %%A in (\'chcp\') do @set "HOOK_CP=%%A"\n')
    _write(on / "b.bat", '@set "HOOK_TRACE=%HOOK_TRACE%on-b,"\n')
    _write(on / "c-ü.bat", '@set "HOOK_TRACE=%HOOK_TRACE%on-c,"\n')
    _write(on / "a.sh", "HOOK_TRACE=wrong-shell\n")
    _write(on / "a.ps1", "$Env:HOOK_TRACE = 'wrong-shell'\n")
    _write(off / "a.bat", '@set "HOOK_TRACE=%HOOK_TRACE%off-a,"\n'
                          "@echo trace=%HOOK_TRACE%\n"
                          '@set "HOOK_TRACE="\n@set "HOOK_PREFIX="\n@set "HOOK_CP="\n')
    _write(off / "b.bat", '@set "HOOK_TRACE=%HOOK_TRACE%off-b,"\n')
    _write(off / "c-ü.bat", '@set "HOOK_TRACE=%HOOK_TRACE%off-c,"\n')
    (prefix / "conda-meta").mkdir(parents=True, exist_ok=True)
    write_activation_scripts(EnvLayout(prefix, WINDOWS))
    return prefix


@pytest.fixture
def win_prefix(tmp_path: Path, standin_exe: Path) -> Path:
    return make_windows_prefix(tmp_path / "envs", standin_exe)


def _state(prefix: Path, text: str) -> None:
    (prefix / "conda-meta" / "state").write_bytes(text.encode("utf-8"))


def _dump(path: Path) -> str:
    return f'set > "{windows_path(path)}"'


def _activate(var: str = "T_PREFIX", label: str = "activate") -> str:
    """Run %var%\\activate.bat and print its status (see _run for why not CALL)."""
    return f"call :_t_activate_{var}\necho {label}-status=%errorlevel%"


def _deactivate(label: str = "deactivate") -> str:
    """`deactivate`, found on PATH like a user would type it."""
    return f"call :_t_deactivate\necho {label}-status=%errorlevel%"


def _run(wine: Wine, tmp_path: Path, script: str, prefix: Path | None = None,
         env: dict[str, str] | None = None, **kwargs) -> CmdResult:
    """Run the driver lines in wine's cmd; T_PREFIX names `prefix`.

    wine's CALL of a batch file reports every non-zero status as 1, so the driver starts the
    scripts the other way cmd allows: without CALL from a called label, which returns to the
    caller with the script's own status (on Windows as under wine) in the same cmd process."""
    run_env = dict(env or {})
    if prefix is not None:
        run_env["T_PREFIX"] = windows_path(prefix)
    labels = ["goto :eof"]
    for var in sorted(set(re.findall(r":_t_activate_(\w+)", script))):
        labels += [f":_t_activate_{var}", f'"%{var}%\\activate.bat"']
    labels += [":_t_deactivate", "deactivate"]
    return wine.run(script + "\n" + "\n".join(labels) + "\n", tmp_path / "work", run_env,
                    **kwargs)


def _comparable(environ: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in environ.items() if k not in CMD_VOLATILE}


def _round_trip(wine: Wine, tmp_path: Path, prefix: Path, before_lines: str = "",
                between: str = "", **kwargs):
    """Activate and deactivate, dumping `set` before, during and after."""
    before, during, after = (tmp_path / n for n in ("before.txt", "during.txt", "after.txt"))
    script = "\n".join(line for line in [
        before_lines, _dump(before), _activate(), between, _dump(during), _deactivate(),
        _dump(after)] if line)
    result = _run(wine, tmp_path, script, prefix, **kwargs)
    dumps = [read_set_dump(p) if p.exists() else {} for p in (before, during, after)]
    return result, *dumps


def _expected(prefix: Path) -> dict[str, str]:
    p = windows_path(prefix)
    return {
        "CONDA_PREFIX": p, "CONDA_DEFAULT_ENV": p, "CONDA_SHLVL": "1",
        "CONDA_EXE": p + "\\Scripts\\conda.exe", "_CONDA_EXE": p + "\\Scripts\\conda.exe",
        "_CONDA_ROOT": p, "CONDA_PYTHON_EXE": p + "\\python.exe", "MAMBA_ROOT_PREFIX": p,
        "MAMBA_EXE": p + "\\Library\\bin\\mamba.exe", "CONDARC": p + "\\.condarc",
        "MAMBARC": p + "\\.condarc", "PYTHONNOUSERSITE": "1", "ENVSTRAP_PREFIX": p,
    }


def _path_dirs(prefix: Path) -> list[str]:
    p = windows_path(prefix)
    return [p + ("\\" + d.replace("/", "\\") if d else "") for d in WINDOWS.path_dirs]


# ---- cmd.exe: activate.bat / deactivate.bat in wine ------------------------------------------


def test_round_trip_sets_everything_and_restores_exactly(wine, win_prefix, tmp_path):
    # conda's rules, as in the other shells: package files (env_vars.d) first, then `conda env
    # config vars` (state); names upper-cased; PATH ignored; "***unset***" hides a package's value
    # and leaves a variable the user set alone. Values are ASCII here: wine's `for /f` decodes
    # files in the ANSI code page, Windows' cmd in the console's (65001 while activate.bat runs).
    env_vars_d = win_prefix / "etc" / "conda" / "env_vars.d"
    env_vars_d.mkdir(parents=True)
    (env_vars_d / "pkg.json").write_text(json.dumps(
        {"PKG_VAR": "from-package", "HIDDEN": "package-value", "PKG_WIN": "C:\\pkg"}, indent=2))
    (env_vars_d / "notes.json.txt").write_text('{"NOT_JSON_EXT": "x"}')
    _state(win_prefix, json.dumps({"env_vars": {
        "cfg_new": "a b & c (d) 'q' <x> | y ^z", "CFG_WIN": "C:\\data\\x y\\",
        "CFG_WAS_SET": "now-set", "HIDDEN": "***unset***", "CFG_GONE": "***unset***",
        "CFG_EMPTY": "", "CFG_BS_SLASH": "a\\/b", "PATH": "C:\\evil"}}, ensure_ascii=False))
    setup = "\n".join(['set "PROMPT=$P$G"', 'set "PYTHONPATH=C:\\somewhere\\else"',
                       'set "_CE_M=-m"', 'set "CFG_WAS_SET=before"', 'set "CFG_GONE=was-set"',
                       'set "CFG_EMPTY=had-a-value"'])
    result, before, during, after = _round_trip(wine, tmp_path, win_prefix, setup)
    assert "activate-status=0" in result.stdout, result.stdout + result.stderr
    assert "deactivate-status=0" in result.stdout
    assert result.stderr == "envstrap: config var PATH is managed by activation; skipped.\r\n"
    assert "trace=on-a,on-b,on-c,off-c,off-b,off-a," in result.stdout  # sorted, then reversed
    assert _comparable(after) == _comparable(before)

    assert during["PATH"].split(";")[:7] == _path_dirs(win_prefix)
    assert during["PATH"].split(";")[7:] == before["PATH"].split(";")
    expected = dict(_expected(win_prefix), **{
        "CONDA_PROMPT_MODIFIER": MODIFIER, "PROMPT": MODIFIER + "$P$G",
        "HOOK_TRACE": "on-a,on-b,on-c,", "HOOK_PREFIX": windows_path(win_prefix),
        "HOOK_CP": " 65001",
        "CFG_NEW": "a b & c (d) 'q' <x> | y ^z", "CFG_WIN": "C:\\data\\x y\\",
        "CFG_WAS_SET": "now-set", "CFG_BS_SLASH": "a\\/b", "PKG_VAR": "from-package",
        "PKG_WIN": "C:\\pkg", "CFG_GONE": "was-set"})
    assert {k: during.get(k) for k in expected} == expected
    for gone in ("PYTHONPATH", "PYTHONHOME", "_CE_M", "HIDDEN", "CFG_EMPTY", "cfg_new",
                 "NOT_JSON_EXT"):
        assert gone not in during
    assert "C:\\evil" not in during["PATH"]
    bookkeeping = {k for k in during if k.startswith("_ENVSTRAP_")}
    assert {"_ENVSTRAP_ACTIVE", "_ENVSTRAP_OLD_PATH", "_ENVSTRAP_HAD_CONDA_PREFIX"} <= bookkeeping
    temporaries = {f"_ENVSTRAP_{n}" for n in TEMPORARIES} | {"_ENVSTRAP_CP", "_ENVSTRAP_RC"}
    assert not bookkeeping & temporaries, "temporaries must be gone when activate.bat ends"


@pytest.mark.parametrize("name", [
    "plain", "with  two spaces", "a (b)", "Jürgen Ångström", "测试", "R&D", "x=y", "c,d",
    "it's", "#@+~[]{}` $", "end.dot(x86)",
])
def test_folder_names_that_work(wine, tmp_path, standin_exe, name):
    prefix = make_windows_prefix(tmp_path / "envs", standin_exe, name)
    result, before, during, after = _round_trip(wine, tmp_path, prefix, 'set "PROMPT=$G"')
    assert "activate-status=0" in result.stdout, result.stdout + result.stderr
    assert "trace=on-a,on-b,on-c,off-c,off-b,off-a," in result.stdout
    assert result.stderr == ""
    assert {k: during.get(k) for k in _expected(prefix)} == _expected(prefix)
    assert during["PATH"].split(";")[:7] == _path_dirs(prefix)
    safe = "".join("_" if c in "$`'" else c for c in name)
    assert during["PROMPT"] == f"({safe}) $G"
    assert _comparable(after) == _comparable(before)


def test_prompt_prefix_restored_and_opt_out(wine, win_prefix, tmp_path):
    result, before, during, after = _round_trip(wine, tmp_path, win_prefix, 'set "PROMPT=$P$G"')
    assert (during["PROMPT"], after["PROMPT"]) == (MODIFIER + "$P$G", "$P$G"), result.stderr
    result, before, during, after = _round_trip(wine, tmp_path, win_prefix, 'set "PROMPT=$P$G"',
                                                env={"ENVSTRAP_DISABLE_PROMPT": "1"})
    assert (during["PROMPT"], after["PROMPT"]) == ("$P$G", "$P$G"), result.stderr
    assert during["CONDA_PROMPT_MODIFIER"] == MODIFIER
    # No PROMPT at all (cmd then shows $P$G): the modifier goes in front of that default,
    # and deactivation leaves PROMPT undefined again.
    result, before, during, after = _round_trip(wine, tmp_path, win_prefix, 'set "PROMPT="')
    assert during["PROMPT"] == MODIFIER + "$P$G"
    assert "PROMPT" not in after and after == before


def test_quoted_path_entries(wine, win_prefix, tmp_path):
    """A quoted PATH entry round-trips; one with & inside the quotes is refused, not run."""
    # The driver itself cannot write such a PATH with `set`; it copies it from T_PATH.
    from_env = 'for /f "tokens=1* delims==" %%A in (\'set T_PATH\') do @set "PATH=%%B"'
    quoted = 'C:\\a;"C:\\Program Files (x86)\\x y";C:\\windows\\system32'
    result, before, during, after = _round_trip(wine, tmp_path, win_prefix, from_env,
                                                env={"T_PATH": quoted})
    assert "activate-status=0" in result.stdout, result.stdout + result.stderr
    assert before["PATH"] == quoted
    assert during["PATH"] == ";".join(_path_dirs(win_prefix)) + ";" + quoted
    assert after == before

    result, before, during, after = _round_trip(
        wine, tmp_path, win_prefix, from_env,
        env={"T_PATH": 'C:\\a;"C:\\R&D echo INJECTED";C:\\windows\\system32'})
    assert "activate-status=1" in result.stdout, result.stdout + result.stderr
    assert "INJECTED" not in result.stdout
    assert "PATH holds a double quote together with one of & | < > ^" in result.stderr
    assert during == before


def test_unwritable_temp_and_no_files_written(wine, win_prefix, tmp_path):
    """TEMP and TMP point at a folder that does not exist, and nothing is written in the
    environment. wine's own `for /f ('command')` needs a temporary file (Windows uses a pipe),
    so under wine chcp's output is lost: it says "Path not found." and the code page stays."""
    files_before = sorted(p for p in win_prefix.rglob("*"))
    missing = windows_path(tmp_path / "no such folder" / "temp")
    result, before, during, after = _round_trip(
        wine, tmp_path, win_prefix, f'set "TEMP={missing}"\nset "TMP={missing}"')
    assert "activate-status=0" in result.stdout, result.stdout + result.stderr
    wine_for_f = re.compile(r"Path not found\.|Failed to open '.*'|Can't recognize 'do @set .*")
    assert all(wine_for_f.fullmatch(line) for line in result.stderr.splitlines() if line)
    assert {k: during.get(k) for k in _expected(win_prefix)} == _expected(win_prefix)
    assert after == before
    assert sorted(p for p in win_prefix.rglob("*")) == files_before
    assert [p.name for p in (tmp_path / "work").iterdir()] == ["driver.bat"]


def test_caller_with_delayed_expansion(wine, win_prefix, tmp_path):
    """`cmd /V:ON`: the scripts never rely on delayed expansion being off."""
    _state(win_prefix, json.dumps({"env_vars": {"CFG": "a & b (c) <d>"}}, ensure_ascii=False))
    result, before, during, after = _round_trip(wine, tmp_path, win_prefix, 'set "PROMPT=$G"',
                                                delayed_expansion=True)
    assert "activate-status=0" in result.stdout, result.stdout + result.stderr
    assert result.stderr == ""
    assert "trace=on-a,on-b,on-c,off-c,off-b,off-a," in result.stdout
    assert {k: during.get(k) for k in _expected(win_prefix)} == _expected(win_prefix)
    assert during["CFG"] == "a & b (c) <d>"
    assert during["PROMPT"] == MODIFIER + "$G"
    assert after == before


def test_code_page_switched_while_running_and_restored(wine, win_prefix, tmp_path):
    script = "\n".join(["chcp 850 >nul", _activate(), "chcp", "echo hook-cp=%HOOK_CP%",
                        _deactivate(), "chcp"])
    result = _run(wine, tmp_path, script, win_prefix)
    assert "activate-status=0" in result.stdout, result.stdout + result.stderr
    assert "hook-cp= 65001" in result.stdout  # hooks ran in UTF-8
    assert re.findall(r"code page: (\d+)", result.stdout) == ["850", "850"]


@pytest.mark.parametrize("output, calls", [
    ("Aktive Codepage: 850.", ["", "65001", "850"]),  # German Windows: a trailing dot
    ("Page de codes active : 1252", ["", "65001", "1252"]),
    ("Active code page: 65001", [""]),  # already UTF-8: nothing to switch or restore
    ("Invalid code page", [""]),  # no number: the code page is left alone
])
def test_code_page_is_parsed_from_any_chcp_output(wine, win_prefix, tmp_path, standin_exe,
                                                   output, calls):
    """chcp is run by its absolute path, %SystemRoot%\\System32\\chcp.com: a stand-in there
    prints what Windows in another language prints and logs how it is called."""
    fake_root = tmp_path / "fake windows"
    (fake_root / "System32").mkdir(parents=True)
    shutil.copyfile(standin_exe, fake_root / "System32" / "chcp.com")
    log = tmp_path / "chcp.log"
    script = "\n".join([f'set "SystemRoot={windows_path(fake_root)}"', _activate(),
                        _deactivate()])
    result = _run(wine, tmp_path, script, win_prefix,
                  {"STANDIN_OUTPUT": output, "STANDIN_LOG": windows_path(log)})
    assert "activate-status=0" in result.stdout, result.stdout + result.stderr
    assert "deactivate-status=0" in result.stdout
    assert log.read_bytes().decode("utf-8").split("\r\n")[:-1] == calls + calls


def test_without_a_console_the_code_page_is_left_alone(wine, tmp_path, standin_exe):
    """No console: chcp reports code page 0 and cannot switch; activation still works. (Output
    is then in the OEM code page, so this folder name is ASCII.)"""
    prefix = make_windows_prefix(tmp_path / "envs", standin_exe, "plain (env) & co")
    result, before, during, after = _round_trip(wine, tmp_path, prefix, console=False)
    assert "activate-status=0" in result.stdout, result.stdout + result.stderr
    assert result.stderr == ""
    assert during["CONDA_PREFIX"] == windows_path(prefix)
    assert after == before


def test_caller_echo_state_is_left_alone(wine, win_prefix, tmp_path):
    """With echo on, no command of activate.bat or deactivate.bat is echoed (every line starts
    with @) and echo is still on afterwards. wine, unlike Windows, also echoes labels reached
    without goto and the files CALL runs; those lines are left out."""
    script = "\n".join(["@echo on", '@call "%T_PREFIX%\\activate.bat"', "@call deactivate",
                        "@echo done", "rem still-echoing"])
    result = _run(wine, tmp_path, script, win_prefix)
    wine_only = re.compile(r'.*>(:_envstrap_\w+|"[^"]*\\etc\\conda\\(de)?activate\.d\\[^"]*") ')
    lines = [line for line in result.stdout.splitlines()
             if line.strip() and not wine_only.fullmatch(line)]
    assert lines[:2] == ["trace=on-a,on-b,on-c,off-c,off-b,off-a,", "done"], result.stdout
    assert lines[2].endswith(">rem still-echoing "), result.stdout


@pytest.mark.parametrize("char", ["^", ";", "!"])
def test_folder_moved_to_a_refused_path_is_refused(wine, win_prefix, tmp_path, char):
    """% is refused too, but wine's cmd cannot even start a file whose path holds a %."""
    moved = tmp_path / f"moved {char} here"
    shutil.move(str(win_prefix), moved)
    message = (f"envstrap: cannot activate '{windows_path(moved)}': the folder path holds an "
               "exclamation mark, a percent sign, a caret, a semicolon or a double quote, which "
               "cmd.exe cannot carry through activation (or this file is not in that folder); "
               "move or recreate the environment in a path without them.\r\n")
    before, after = tmp_path / "before.txt", tmp_path / "after.txt"
    script = "\n".join([_dump(before), _activate(), _dump(after)])
    result = _run(wine, tmp_path, script, moved)
    assert "activate-status=4" in result.stdout, result.stdout + result.stderr
    assert result.stderr == message
    assert read_set_dump(after) == read_set_dump(before)
    if char != "!":
        return
    # Under cmd /V:ON a ! in the path is gone before the script sees it (so is any ! a user
    # types): started from inside the folder, the script notices that it is not where it
    # thinks and refuses.
    script = "\n".join([_dump(before), "call :x", "echo activate-status=%errorlevel%",
                        _dump(after), "goto :eof", ":x", "activate.bat"])
    result = wine.run(script, tmp_path / "work", delayed_expansion=True, cwd=moved)
    assert "activate-status=4" in result.stdout, result.stdout + result.stderr
    assert result.stderr == message.replace("!", "")
    assert read_set_dump(after) == read_set_dump(before)
