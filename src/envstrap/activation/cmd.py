"""Render the activation plan as `activate.bat` and `deactivate.bat`, for plain cmd.exe.

The scripts find the environment from their own location (`%~dp0`), so nothing in them names the
folder and a moved or renamed environment activates where it is. They are written for cmd's
parser, which re-reads every line after expanding it:

- every value is set as `set "NAME=value"`, and no `( )` block ever expands user data (a `)` in
  PATH would end the block); branches are `goto` labels;
- delayed expansion is never switched on; the scripts also work when the caller runs `cmd /V:ON`
  (values the user had that contain `!` are the exception there: cmd itself eats them);
- no temporary files; the only program started is `%SystemRoot%\\System32\\chcp.com` (code page);
- code page 65001 while the script runs (hooks and messages see UTF-8), the caller's restored at
  the end; the old one is parsed from `chcp` output in any language ("850." in German);
- CRLF line endings and `@` on every line, so the caller's echo state is left alone.

Config vars follow conda's rules as the other shells do (etc\\conda\\env_vars.d\\*.json first,
then conda-meta\\state's "env_vars", names upper-cased, managed names such as PATH skipped,
"***unset***" hides an earlier file's value). cmd has no JSON parser; the one here is limited:

- string values only; of the JSON escapes only `\\\\` and `\\/` are decoded: a value with any
  other escape (`\\n`, `\\t`, `\\u...`) is skipped with a warning, and a line holding an escaped
  quote (`\\"`) is skipped whole (conda writes the state file as one line: then that is all of it); lines are split at quotes, so one JSON string must not span lines (JSON forbids
  it anyway);
- an empty value unsets the variable (cmd has no empty variables);
- the file is read in the console code page (65001 while activate.bat runs; without a console
  the OEM one, so non-ASCII values come out wrong there); under `cmd /V:ON` cmd eats a `!`.

What else cmd cannot carry:

- folder paths containing a character of REFUSED_CHARACTERS (stage 0 refuses them up front, the
  renderer raises, and activate.bat refuses with status 4 when a folder was moved to such a path);
- a saved variable whose value holds a double quote together with `& | < > ^` (a quoted PATH entry
  such as `"C:\\R&D"`): activation refuses with status 1 and names the variable, because cmd
  would run the text after the `&` as a command;
- hook file names containing `%` or `^` (CALL expands and doubles them).
"""

from __future__ import annotations

from envstrap.activation.plan import (
    PROMPT_UNSAFE_CHARACTERS,
    ActivationPlan,
    Literal,
    PrefixPath,
    PromptModifier,
    Value,
)
from envstrap.activation.template import fill

FILENAME = "activate.bat"
DEACTIVATE_FILENAME = "deactivate.bat"
FILENAMES = (FILENAME, DEACTIVATE_FILENAME)
NEWLINE = "\r\n"
BOM = False

# Characters a Windows environment path must not contain, with the reason; stage 0 and doctor
# refuse the same set (tests/test_activation_windows.py keeps them in step). Everything else that
# Windows allows in a file name works: spaces, ( ) & = , ' and non-ASCII letters are tested.
REFUSED_CHARACTERS = {
    "!": "eaten by cmd's delayed expansion (cmd /V:ON, micromamba's own activation scripts)",
    "%": "expanded a second time by CALL, so `call activate.bat` cannot name the folder",
    "^": "doubled by CALL inside quotes (conda refuses it too)",
    ";": "separates PATH entries",
    '"': "ends a quoted value (Windows does not allow it in file names either)",
}
REFUSED = "".join(REFUSED_CHARACTERS)
# The refused characters by name, for activate.bat's message: written out, a ! would be eaten
# under cmd /V:ON and a % expanded.
_CHARACTER_NAMES = "an exclamation mark, a percent sign, a caret, a semicolon or a double quote"

# Markers the state parser puts in place of `"` and `\\`: JSON never holds raw control characters.
_QUOTE_MARK = "\x1e"
_BACKSLASH_MARK = "\x1f"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_NAME_CHARS = _LETTERS + "0123456789_"


def refused_characters(path: str) -> str:
    """The characters of `path` that cmd.exe activation refuses, in REFUSED order."""
    return "".join(c for c in REFUSED if c in path)


def literal(text: str) -> str:
    """Text for inside `set "NAME=..."`: % doubled; characters cmd cannot quote are refused."""
    bad = [c for c in text if c in '"!\r\n']
    if bad:
        raise ValueError(f"cannot put {bad[0]!r} into a cmd.exe value: {text!r}")
    return text.replace("%", "%%")


def native(relative: str) -> str:
    return literal(relative.replace("/", "\\"))


def value_expr(value: Value) -> str:
    """The text after `NAME=` for a plan value; %_ENVSTRAP_P% holds the folder at run time."""
    if isinstance(value, Literal):
        return literal(value.text)
    if isinstance(value, PrefixPath):
        return "%_ENVSTRAP_P%" + ("\\" + native(value.relative) if value.relative else "")
    if isinstance(value, PromptModifier):
        return "(%_ENVSTRAP_NAME%) "
    raise TypeError(value)


def _guard(plan: ActivationPlan) -> str:
    blocks = []
    for marker in plan.guard_markers:
        var = marker.variable
        zero = (f'if "%{var}:"=%"=="0" goto :_envstrap_clean_{var}\n'
                if marker.positive_number else "")
        blocks.append(
            f"if not defined {var} goto :_envstrap_clean_{var}\n"
            f"{zero}"
            f'set "_ENVSTRAP_VAR={var}"\n'
            f'set "_ENVSTRAP_VALUE=%{var}:"=%"\n'
            f'set "_ENVSTRAP_MEANING={literal(marker.meaning)}"\n'
            "goto :_envstrap_refuse\n"
            f":_envstrap_clean_{var}"
        )
    return "\n".join(blocks)


def _check_values(names: tuple[str, ...]) -> str:
    """Refuse values cmd would split: a double quote plus & | < > ^ (see the module docstring)."""
    blocks = []
    for name in names:
        blocks.append(
            f"if not defined {name} goto :_envstrap_checked_{name}\n"
            f'set "_ENVSTRAP_T=#%{name}:"=%"\n'
            f'if "%_ENVSTRAP_T%"=="#%{name}:"=""%" goto :_envstrap_checked_{name}\n'
            f'set "_ENVSTRAP_VAR={name}"\n'
            'for /f "tokens=2 delims=&|<>^" %%A in ("%_ENVSTRAP_T%#") do @goto :_envstrap_unsafe_value\n'
            f":_envstrap_checked_{name}"
        )
    return "\n".join(blocks)


def _save(names: tuple[str, ...]) -> str:
    return "\n".join(
        f'set "_ENVSTRAP_HAD_{n}=0"\n'
        f'if defined {n} set "_ENVSTRAP_HAD_{n}=1"\n'
        f'if defined {n} set "_ENVSTRAP_OLD_{n}=%{n}%"'
        for n in names
    )


def _restore(names: tuple[str, ...]) -> str:
    return "\n".join(
        f'if "%_ENVSTRAP_HAD_{n}%"=="1" set "{n}=%_ENVSTRAP_OLD_{n}%"\n'
        f'if not "%_ENVSTRAP_HAD_{n}%"=="1" set "{n}="\n'
        f'set "_ENVSTRAP_OLD_{n}="\n'
        f'set "_ENVSTRAP_HAD_{n}="'
        for n in names
    )


def _strip_path(count: int) -> str:
    """Drop `count` entries from the front of _ENVSTRAP_T (the folder has no `;`, see REFUSED)."""
    return "\n".join(
        "if not defined _ENVSTRAP_T goto :_envstrap_path_kept\n"
        'set "_ENVSTRAP_T=%_ENVSTRAP_T:*;=%"'
        for _ in range(count)
    )


def _unset(names: tuple[str, ...]) -> str:
    return "\n".join(f'set "{n}="' for n in names)


# Variables the scripts use for themselves while they run; all are gone when they end.
_TEMPORARIES = ("P", "T", "U", "VAR", "VALUE", "MEANING", "MSG", "NAME", "HOOKS", "HOOK",
                "FILES", "FILE", "MODE", "N", "I", "J", "R", "S", "C", "K", "UP", "KNOWN", "L",
                "DEPTH", "WANT", "TOP", "IN", "INSTR")


def _cleanup() -> str:
    names = [f"_ENVSTRAP_{n}" for n in _TEMPORARIES]
    return "\n".join(f'set "{n}="' for n in names)


_SHARED = r"""
REM ---- helpers shared by activate.bat and deactivate.bat --------------------------------------

:_envstrap_say
REM Print _ENVSTRAP_MSG to stderr; through a for variable, so & ( ) in it are only text.
for /f "delims=" %%M in ("%_ENVSTRAP_MSG%") do @echo %%M>&2
exit /b 0

:_envstrap_codepage_save
REM Remember the caller's code page (any language: "Active code page: 850", "Aktive Codepage:
REM 850.") and switch to UTF-8. No console (chcp prints 0 or fails): leave it alone.
set "_ENVSTRAP_CP="
if not defined SystemRoot exit /b 0
if not exist "%SystemRoot%\System32\chcp.com" exit /b 0
for /f "tokens=2 delims=:" %%A in ('"%SystemRoot%\System32\chcp.com"') do @set "_ENVSTRAP_CP=%%A"
if not defined _ENVSTRAP_CP exit /b 0
set "_ENVSTRAP_CP=%_ENVSTRAP_CP: =%"
if not defined _ENVSTRAP_CP exit /b 0
set "_ENVSTRAP_CP=%_ENVSTRAP_CP:.=%"
if not defined _ENVSTRAP_CP exit /b 0
for /f "delims=0123456789" %%A in ("%_ENVSTRAP_CP%") do @set "_ENVSTRAP_CP="
if "%_ENVSTRAP_CP%"=="0" set "_ENVSTRAP_CP="
if "%_ENVSTRAP_CP%"=="65001" set "_ENVSTRAP_CP="
if defined _ENVSTRAP_CP "%SystemRoot%\System32\chcp.com" 65001 >nul
exit /b 0

:_envstrap_hooks
REM CALL every _ENVSTRAP_HOOKS\*.bat in name order (%1 = forward) or reversed (%1 = reverse).
REM for /r lists the folder itself (wide names, no pipe and no code page in between; NTFS lists
REM names sorted); files in subfolders and names like x.batx, which *.bat also matches, are
REM skipped.
if not exist "%_ENVSTRAP_HOOKS%\*.bat" exit /b 0
if "%1"=="reverse" goto :_envstrap_hooks_reverse
for /r "%_ENVSTRAP_HOOKS%" %%F in (*.bat) do @if /i "%%~dpF"=="%_ENVSTRAP_HOOKS%\" if /i "%%~xF"==".bat" call :_envstrap_hook "%%F"
exit /b 0
:_envstrap_hooks_reverse
set "_ENVSTRAP_N=0"
for /r "%_ENVSTRAP_HOOKS%" %%F in (*.bat) do @if /i "%%~dpF"=="%_ENVSTRAP_HOOKS%\" if /i "%%~xF"==".bat" set /a "_ENVSTRAP_N+=1"
:_envstrap_hooks_next
if %_ENVSTRAP_N% LSS 1 exit /b 0
set "_ENVSTRAP_I=0"
for /r "%_ENVSTRAP_HOOKS%" %%F in (*.bat) do @if /i "%%~dpF"=="%_ENVSTRAP_HOOKS%\" if /i "%%~xF"==".bat" call :_envstrap_hook_nth "%%F"
set /a "_ENVSTRAP_N-=1"
goto :_envstrap_hooks_next
:_envstrap_hook_nth
set /a "_ENVSTRAP_I+=1"
if not "%_ENVSTRAP_I%"=="%_ENVSTRAP_N%" exit /b 0
:_envstrap_hook
set "_ENVSTRAP_HOOK=%~1"
call "%%_ENVSTRAP_HOOK%%"
exit /b 0

:_envstrap_restore_config
REM %1: a config var name, checked when it was saved.
call set "_ENVSTRAP_T=%%_ENVSTRAP_HAD_%1%%"
if "%_ENVSTRAP_T%"=="1" call set "%1=%%_ENVSTRAP_OLD_%1%%"
if not "%_ENVSTRAP_T%"=="1" set "%1="
set "_ENVSTRAP_OLD_%1="
set "_ENVSTRAP_HAD_%1="
exit /b 0

:_envstrap_end
if defined _ENVSTRAP_CP "%SystemRoot%\System32\chcp.com" %_ENVSTRAP_CP% >nul
set "_ENVSTRAP_CP="
@CLEANUP@
set "_ENVSTRAP_RC=" & exit /b %_ENVSTRAP_RC%
"""

_ACTIVATE = r"""REM envstrap @VERSION@: activation for cmd.exe. Generated; do not edit.
REM   activate:   "C:\path\to\env\activate.bat"   (from a batch file: CALL "...\activate.bat")
REM   deactivate: deactivate                        (this folder comes first on PATH)
REM Plain cmd.exe: no delayed expansion, no ( ) blocks around data, no temporary files. The
REM environment is the folder this file is in; no path is written here.
set "_ENVSTRAP_P=%~dp0"
set "_ENVSTRAP_P=%_ENVSTRAP_P:~0,-1%"
set "_ENVSTRAP_RC=0"
call :_envstrap_codepage_save

REM Characters cmd cannot carry (REFUSED_CHARACTERS in envstrap/activation/cmd.py). Under
REM cmd /V:ON a ! is already gone from the path, so the file is not found there.
if not exist "%_ENVSTRAP_P%\@FILENAME@" goto :_envstrap_bad_path
@REFUSED_CHECKS@

if not defined @MARKER@ goto :_envstrap_guard
if /i not "%@MARKER@:"=%"=="%_ENVSTRAP_P%" goto :_envstrap_guard
set "_ENVSTRAP_MSG=envstrap: '%_ENVSTRAP_P%' is already active in this shell or its parent; nothing to do."
call :_envstrap_say
goto :_envstrap_end

:_envstrap_guard
@GUARD@

REM Values cmd would split (a double quote together with & | < > ^) are refused, not mangled.
@CHECK_VALUES@

REM Guard passed: from here on the shell is changed, and deactivate.bat undoes every change.
@SAVE@
set "_ENVSTRAP_NAME=%_ENVSTRAP_P%"
:_envstrap_name
if "%_ENVSTRAP_NAME:\=%"=="%_ENVSTRAP_NAME%" goto :_envstrap_name_done
set "_ENVSTRAP_NAME=%_ENVSTRAP_NAME:*\=%"
goto :_envstrap_name
:_envstrap_name_done
@UNSAFE_NAME@

set "_ENVSTRAP_ADDED_PATH=@PATH_DIRS@"
if defined PATH set "PATH=%_ENVSTRAP_ADDED_PATH%;%PATH%"
if not defined PATH set "PATH=%_ENVSTRAP_ADDED_PATH%"
@SET_VARS@
@UNSET_VARS@
set "_ENVSTRAP_NEW_PATH=%PATH%"
set "_ENVSTRAP_CONFIG_VARS="
call :_envstrap_config_vars
if defined @PROMPT_OPT_OUT@ goto :_envstrap_prompt_done
set "_ENVSTRAP_PROMPT=1"
set "_ENVSTRAP_HAD_PROMPT=0"
if defined PROMPT set "_ENVSTRAP_HAD_PROMPT=1"
if defined PROMPT set "_ENVSTRAP_OLD_PROMPT=%PROMPT%"
if defined PROMPT set "PROMPT=%CONDA_PROMPT_MODIFIER%%PROMPT%"
if not defined PROMPT set "PROMPT=%CONDA_PROMPT_MODIFIER%$P$G"
:_envstrap_prompt_done
set "_ENVSTRAP_ACTIVE=%_ENVSTRAP_P%"
set "_ENVSTRAP_HOOKS=%_ENVSTRAP_P%\@ACTIVATE_D@"
call :_envstrap_hooks forward
goto :_envstrap_end

:_envstrap_bad_path
set "_ENVSTRAP_MSG=envstrap: cannot activate '%_ENVSTRAP_P%': the folder path holds @REFUSED_TEXT@, which cmd.exe cannot carry through activation (or this file is not in that folder); move or recreate the environment in a path without them."
call :_envstrap_say
set "_ENVSTRAP_RC=4"
goto :_envstrap_end

:_envstrap_refuse
set "_ENVSTRAP_MSG=envstrap: cannot activate '%_ENVSTRAP_P%': %_ENVSTRAP_VAR% is set ('%_ENVSTRAP_VALUE%'): %_ENVSTRAP_MEANING%."
call :_envstrap_say
set "_ENVSTRAP_MSG=envstrap: only one environment may be active in a shell and in the shells it starts; run 'deactivate' (or 'conda deactivate') first, or open a new shell with no environment active."
call :_envstrap_say
set "_ENVSTRAP_RC=3"
goto :_envstrap_end

:_envstrap_unsafe_value
set "_ENVSTRAP_MSG=envstrap: cannot activate '%_ENVSTRAP_P%': %_ENVSTRAP_VAR% holds a double quote together with one of & | < > ^, which cmd.exe would run as commands; remove the quotes from %_ENVSTRAP_VAR% (Windows does not need them) and try again."
call :_envstrap_say
set "_ENVSTRAP_RC=1"
goto :_envstrap_end

REM ---- config vars, as conda applies them -----------------------------------------------------
REM Package-provided variables first (@ENV_VARS_D@\*.json, flat objects, by name), then
REM `conda env config vars` (the "env_vars" object of @STATE_FILE@), which win. Names are
REM upper-cased; names activation manages (PATH among them) are skipped; "@UNSET_SENTINEL@" hides
REM a value an earlier file set and leaves a variable the user set alone.
REM Each JSON line is read whole and its quotes replaced by a control character (JSON has none
REM raw), so no value reaches cmd's parser with a quote in it; then it is split into strings and
REM structure. Only the escapes \\ and \/ are decoded (see the module docstring).

:_envstrap_config_vars
set "_ENVSTRAP_FILES=%_ENVSTRAP_P%\@ENV_VARS_D@"
if exist "%_ENVSTRAP_FILES%\*.json" for /r "%_ENVSTRAP_FILES%" %%F in (*.json) do @if /i "%%~dpF"=="%_ENVSTRAP_FILES%\" if /i "%%~xF"==".json" call :_envstrap_json "%%F" flat
call :_envstrap_json "%_ENVSTRAP_P%\@STATE_FILE@" nested
exit /b 0

:_envstrap_json
REM %1: a JSON file; %2: flat (its top-level strings) or nested (those of its "env_vars").
set "_ENVSTRAP_FILE=%~1"
set "_ENVSTRAP_MODE=%2"
if not exist "%_ENVSTRAP_FILE%" exit /b 0
set "_ENVSTRAP_N=0"
set "_ENVSTRAP_DEPTH=0"
set "_ENVSTRAP_WANT=key"
set "_ENVSTRAP_TOP="
set "_ENVSTRAP_IN="
set "_ENVSTRAP_K="
:_envstrap_json_next
set "_ENVSTRAP_J="
if "%_ENVSTRAP_N%"=="0" for /f "usebackq delims=" %%L in ("%_ENVSTRAP_FILE%") do @if not defined _ENVSTRAP_J set "_ENVSTRAP_J=%%L"
if not "%_ENVSTRAP_N%"=="0" for /f "usebackq skip=%_ENVSTRAP_N% delims=" %%L in ("%_ENVSTRAP_FILE%") do @if not defined _ENVSTRAP_J set "_ENVSTRAP_J=%%L"
if not defined _ENVSTRAP_J exit /b 0
set /a "_ENVSTRAP_N+=1"
call :_envstrap_json_line
goto :_envstrap_json_next

:_envstrap_json_line
set "_ENVSTRAP_J=#%_ENVSTRAP_J:"=@QM@#%"
set "_ENVSTRAP_J=%_ENVSTRAP_J:\\=@BM@%"
if "%_ENVSTRAP_J:\@QM@=%"=="%_ENVSTRAP_J%" goto :_envstrap_json_split
set "_ENVSTRAP_MSG=envstrap: a line of %_ENVSTRAP_FILE% holds an escaped quote, which cmd.exe activation cannot decode; the config vars on it are skipped."
call :_envstrap_say
exit /b 0
:_envstrap_json_split
set "_ENVSTRAP_INSTR=0"
:_envstrap_json_segment
if not defined _ENVSTRAP_J exit /b 0
set "_ENVSTRAP_S="
set "_ENVSTRAP_R="
for /f "tokens=1* delims=@QM@" %%A in ("%_ENVSTRAP_J%") do @set "_ENVSTRAP_S=%%A"
for /f "tokens=1* delims=@QM@" %%A in ("%_ENVSTRAP_J%") do @set "_ENVSTRAP_R=%%B"
set "_ENVSTRAP_J=%_ENVSTRAP_R%"
if not defined _ENVSTRAP_S exit /b 0
set "_ENVSTRAP_S=%_ENVSTRAP_S:~1%"
if "%_ENVSTRAP_INSTR%"=="1" goto :_envstrap_json_string
set "_ENVSTRAP_INSTR=1"
call :_envstrap_json_structure
goto :_envstrap_json_segment
:_envstrap_json_string
set "_ENVSTRAP_INSTR=0"
call :_envstrap_json_value
goto :_envstrap_json_segment

:_envstrap_json_structure
if not defined _ENVSTRAP_S exit /b 0
set "_ENVSTRAP_C=%_ENVSTRAP_S:~0,1%"
set "_ENVSTRAP_S=%_ENVSTRAP_S:~1%"
if "%_ENVSTRAP_C%"=="{" goto :_envstrap_json_open
if "%_ENVSTRAP_C%"=="}" goto :_envstrap_json_close
if "%_ENVSTRAP_C%"==":" set "_ENVSTRAP_WANT=value"
if "%_ENVSTRAP_C%"=="," set "_ENVSTRAP_WANT=key"
goto :_envstrap_json_structure
:_envstrap_json_open
set /a "_ENVSTRAP_DEPTH+=1"
set "_ENVSTRAP_WANT=key"
if "%_ENVSTRAP_DEPTH%"=="2" set "_ENVSTRAP_IN=%_ENVSTRAP_TOP%"
goto :_envstrap_json_structure
:_envstrap_json_close
set /a "_ENVSTRAP_DEPTH-=1"
set "_ENVSTRAP_IN="
goto :_envstrap_json_structure

:_envstrap_json_value
if not "%_ENVSTRAP_WANT%"=="key" goto :_envstrap_json_is_value
set "_ENVSTRAP_K=%_ENVSTRAP_S%"
if "%_ENVSTRAP_DEPTH%"=="1" set "_ENVSTRAP_TOP=%_ENVSTRAP_S%"
exit /b 0
:_envstrap_json_is_value
if "%_ENVSTRAP_MODE%"=="flat" goto :_envstrap_json_flat
if not "%_ENVSTRAP_DEPTH%"=="2" exit /b 0
if not "%_ENVSTRAP_IN%"=="env_vars" exit /b 0
goto :_envstrap_config_var
:_envstrap_json_flat
if not "%_ENVSTRAP_DEPTH%"=="1" exit /b 0

:_envstrap_config_var
REM One config var: name in _ENVSTRAP_K, value in _ENVSTRAP_S (both free of quotes).
if not defined _ENVSTRAP_K goto :_envstrap_config_bad_name
for /f "delims=@NAME_CHARS@" %%A in ("_%_ENVSTRAP_K%") do @goto :_envstrap_config_bad_name
set "_ENVSTRAP_C=%_ENVSTRAP_K:~0,1%"
for /f "delims=0123456789" %%A in ("%_ENVSTRAP_C%") do @goto :_envstrap_config_name_ok
goto :_envstrap_config_bad_name
:_envstrap_config_name_ok
REM Upper-case: cmd's substitution ignores case, so each of these turns a and A into A.
set "_ENVSTRAP_UP=%_ENVSTRAP_K%"
@UPPER@
for %%A in (@MANAGED@) do @if /i "%%A"=="%_ENVSTRAP_UP%" goto :_envstrap_config_managed
if not defined _ENVSTRAP_S goto :_envstrap_config_known
set "_ENVSTRAP_S=%_ENVSTRAP_S:\/=/%"
if not "%_ENVSTRAP_S:\=%"=="%_ENVSTRAP_S%" goto :_envstrap_config_escape
set "_ENVSTRAP_S=%_ENVSTRAP_S:@BM@=\%"
:_envstrap_config_known
set "_ENVSTRAP_KNOWN="
for %%A in (%_ENVSTRAP_CONFIG_VARS%) do @if /i "%%A"=="%_ENVSTRAP_UP%" set "_ENVSTRAP_KNOWN=1"
if not "%_ENVSTRAP_S%"=="@UNSET_SENTINEL@" goto :_envstrap_config_set
if not defined _ENVSTRAP_KNOWN exit /b 0
call :_envstrap_restore_config %_ENVSTRAP_UP%
set "_ENVSTRAP_L="
for %%A in (%_ENVSTRAP_CONFIG_VARS%) do @if /i not "%%A"=="%_ENVSTRAP_UP%" call :_envstrap_config_keep %%A
set "_ENVSTRAP_CONFIG_VARS=%_ENVSTRAP_L%"
exit /b 0
:_envstrap_config_set
if defined _ENVSTRAP_KNOWN goto :_envstrap_config_assign
set "_ENVSTRAP_T=#"
set "_ENVSTRAP_U=#"
if defined %_ENVSTRAP_UP% call set "_ENVSTRAP_T=#%%%_ENVSTRAP_UP%:"=%%"
if defined %_ENVSTRAP_UP% call set "_ENVSTRAP_U=#%%%_ENVSTRAP_UP%:"=""%%"
if "%_ENVSTRAP_T%"=="%_ENVSTRAP_U%" goto :_envstrap_config_save
for /f "tokens=2 delims=&|<>^" %%A in ("%_ENVSTRAP_T%#") do @goto :_envstrap_config_unsafe
:_envstrap_config_save
set "_ENVSTRAP_HAD_%_ENVSTRAP_UP%=0"
if defined %_ENVSTRAP_UP% set "_ENVSTRAP_HAD_%_ENVSTRAP_UP%=1"
if defined %_ENVSTRAP_UP% call set "_ENVSTRAP_OLD_%_ENVSTRAP_UP%=%%%_ENVSTRAP_UP%%%"
set "_ENVSTRAP_CONFIG_VARS=%_ENVSTRAP_UP% %_ENVSTRAP_CONFIG_VARS%"
:_envstrap_config_assign
set "%_ENVSTRAP_UP%=%_ENVSTRAP_S%"
exit /b 0
:_envstrap_config_keep
set "_ENVSTRAP_L=%_ENVSTRAP_L% %1"
exit /b 0
:_envstrap_config_bad_name
set "_ENVSTRAP_MSG=envstrap: config var '%_ENVSTRAP_K%' is not a usable variable name; skipped."
call :_envstrap_say
exit /b 0
:_envstrap_config_managed
set "_ENVSTRAP_MSG=envstrap: config var %_ENVSTRAP_UP% is managed by activation; skipped."
call :_envstrap_say
exit /b 0
:_envstrap_config_escape
set "_ENVSTRAP_MSG=envstrap: config var %_ENVSTRAP_UP% uses an escape this shell cannot decode; skipped."
call :_envstrap_say
exit /b 0
:_envstrap_config_unsafe
set "_ENVSTRAP_MSG=envstrap: config var %_ENVSTRAP_UP%: its current value holds a double quote together with one of & | < > ^, which cmd.exe cannot save safely; skipped."
call :_envstrap_say
exit /b 0
""" + _SHARED

_DEACTIVATE = r"""REM envstrap @VERSION@: deactivation for cmd.exe. Generated; do not edit.
REM   deactivate: deactivate   (from a batch file: CALL deactivate)
REM Undoes what activate.bat did: deactivate.d hooks in reverse order, then every variable back
REM as it was (defined or not), PATH byte for byte unless it was changed while active.
set "_ENVSTRAP_RC=0"
call :_envstrap_codepage_save
if defined _ENVSTRAP_ACTIVE goto :_envstrap_active
set "_ENVSTRAP_MSG=envstrap: no environment was activated in this shell; nothing to do."
call :_envstrap_say
set "_ENVSTRAP_RC=1"
goto :_envstrap_end

:_envstrap_active
set "_ENVSTRAP_HOOKS=%_ENVSTRAP_ACTIVE%\@DEACTIVATE_D@"
call :_envstrap_hooks reverse
for %%A in (%_ENVSTRAP_CONFIG_VARS%) do @call :_envstrap_restore_config %%A

if not defined PATH goto :_envstrap_path_kept
set "_ENVSTRAP_T=#%PATH:"=%"
if "%_ENVSTRAP_T%"=="#%_ENVSTRAP_NEW_PATH:"=%" goto :_envstrap_path_restore
REM PATH was changed while active: keep those changes, drop only our entries from its front.
if "%_ENVSTRAP_T%"=="#%PATH:"=""%" goto :_envstrap_path_strip
for /f "tokens=2 delims=&|<>^" %%A in ("%_ENVSTRAP_T%#") do @goto :_envstrap_path_kept
:_envstrap_path_strip
set "_ENVSTRAP_T=%PATH%"
@STRIP_PATH@
if not defined _ENVSTRAP_T goto :_envstrap_path_kept
if not "%_ENVSTRAP_ADDED_PATH%;%_ENVSTRAP_T:"=%"=="%PATH:"=%" goto :_envstrap_path_kept
set "PATH=%_ENVSTRAP_T%"
goto :_envstrap_path_done
:_envstrap_path_kept
set "_ENVSTRAP_MSG=envstrap: PATH was reordered while active; left as it is."
call :_envstrap_say
goto :_envstrap_path_done
:_envstrap_path_restore
if "%_ENVSTRAP_HAD_PATH%"=="1" set "PATH=%_ENVSTRAP_OLD_PATH%"
if not "%_ENVSTRAP_HAD_PATH%"=="1" set "PATH="
:_envstrap_path_done
set "_ENVSTRAP_OLD_PATH="
set "_ENVSTRAP_HAD_PATH="

@RESTORE@
if not defined _ENVSTRAP_PROMPT goto :_envstrap_prompt_done
if "%_ENVSTRAP_HAD_PROMPT%"=="1" set "PROMPT=%_ENVSTRAP_OLD_PROMPT%"
if not "%_ENVSTRAP_HAD_PROMPT%"=="1" set "PROMPT="
set "_ENVSTRAP_OLD_PROMPT="
set "_ENVSTRAP_HAD_PROMPT="
:_envstrap_prompt_done
set "_ENVSTRAP_PROMPT="
set "_ENVSTRAP_NEW_PATH="
set "_ENVSTRAP_ADDED_PATH="
set "_ENVSTRAP_CONFIG_VARS="
set "_ENVSTRAP_ACTIVE="
goto :_envstrap_end

""" + _SHARED


def _fill(template: str, replacements: dict[str, str]) -> str:
    text = fill(template, replacements)
    lines = []
    for line in text.split("\n"):
        # `@` on every command: the caller's echo state stays as it was.
        lines.append(line if not line or line.startswith(":") else "@" + line)
    return "\n".join(lines)


def _check_plan(plan: ActivationPlan) -> None:
    found = refused_characters(plan.baked_prefix)
    if found:
        reasons = "; ".join(f"{c} {REFUSED_CHARACTERS[c]}" for c in found)
        raise ValueError(f"cmd.exe activation cannot carry {found!r} in {plan.baked_prefix!r}: "
                         f"{reasons}")


def render_files(plan: ActivationPlan, version: str) -> dict[str, str]:
    """{file name: text} with "\\n" line ends (the writer turns them into NEWLINE)."""
    _check_plan(plan)
    prefix_checks = [
        f'if not "%_ENVSTRAP_P:{c}=%"=="%_ENVSTRAP_P%" goto :_envstrap_bad_path'
        for c in REFUSED if c not in '%"'
    ] + ['for /f "tokens=2 delims=%%" %%A in ("#%_ENVSTRAP_P%#") do @goto :_envstrap_bad_path']
    unsafe_name = [f'set "_ENVSTRAP_NAME=%_ENVSTRAP_NAME:{c}=_%"'
                   for c in PROMPT_UNSAFE_CHARACTERS if c not in "%"]
    managed = [n for n in plan.saved_variables] + ["PROMPT"]
    common = {
        "@VERSION@": version,
        "@CLEANUP@": _cleanup(),
    }
    activate = dict(common, **{
        "@FILENAME@": FILENAME,
        "@MARKER@": plan.marker_variable,
        "@REFUSED_CHECKS@": "\n".join(prefix_checks),
        "@REFUSED_TEXT@": _CHARACTER_NAMES,
        "@GUARD@": _guard(plan),
        "@CHECK_VALUES@": _check_values(plan.saved_variables + ("PROMPT",)),
        "@SAVE@": _save(plan.saved_variables),
        "@UNSAFE_NAME@": "\n".join(unsafe_name),
        "@PATH_DIRS@": ";".join("%_ENVSTRAP_P%" + ("\\" + native(d) if d else "")
                                for d in plan.path_dirs),
        "@SET_VARS@": "\n".join(f'set "{n}={value_expr(v)}"' for n, v in plan.set_vars),
        "@UNSET_VARS@": _unset(plan.unset_vars),
        "@PROMPT_OPT_OUT@": plan.prompt_opt_out,
        "@ACTIVATE_D@": native(plan.activate_hooks_dir),
        "@STATE_FILE@": native(plan.state_file),
        "@ENV_VARS_D@": native(plan.env_vars_dir),
        "@UPPER@": "\n".join(f'set "_ENVSTRAP_UP=%_ENVSTRAP_UP:{c}={c.upper()}%"'
                              for c in _LETTERS[26:]),
        "@UNSET_SENTINEL@": literal(plan.unset_sentinel),
        "@MANAGED@": " ".join(managed),
        "@QM@": _QUOTE_MARK,
        "@BM@": _BACKSLASH_MARK,
        "@NAME_CHARS@": _NAME_CHARS,
    })
    deactivate = dict(common, **{
        "@DEACTIVATE_D@": native(plan.deactivate_hooks_dir),
        "@STRIP_PATH@": _strip_path(len(plan.path_dirs)),
        "@RESTORE@": _restore(plan.saved_variables[1:]),  # PATH is restored on its own
    })
    return {FILENAME: _fill(_ACTIVATE, activate), DEACTIVATE_FILENAME: _fill(_DEACTIVATE, deactivate)}


def render(plan: ActivationPlan, version: str) -> str:
    """activate.bat alone (render_files gives both files)."""
    return render_files(plan, version)[FILENAME]
