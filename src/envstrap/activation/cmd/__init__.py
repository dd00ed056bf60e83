"""`activate.bat` and `deactivate.bat` (templates here, plus helpers.bat shared by both), for
plain cmd.exe.

The scripts find the environment from their own location (`%~dp0`), so nothing in them names the
folder and a moved or renamed environment activates where it is. They are written for cmd's
parser, which re-reads every line after expanding it:

- every value is set as `set "NAME=value"`, and no `( )` block ever expands user data (a `)` in
  PATH would end the block); branches are `goto` labels;
- the save, restore, guard and check tables are unrolled, one line per variable, instead of a
  CALLed helper: a CALL expands a line twice, so a `%` in a saved value would be expanded again;
- delayed expansion is never switched on; the scripts also work when the caller runs `cmd /V:ON`
  (values the user had that contain `!` are the exception there: cmd itself eats them);
- no temporary files; the only program started is `%SystemRoot%\\System32\\chcp.com` (code page);
- code page 65001 while the script runs (hooks and messages see UTF-8), the caller's restored at
  the end; the old one is parsed from `chcp` output in any language ("850." in German);
- CRLF line endings and `@` on every line (added here, not written in the templates), so the
  caller's echo state is left alone.

What cmd cannot carry:

- folder paths containing a character of REFUSED_CHARACTERS (stage 0 refuses them up front, the
  renderer raises, and activate.bat refuses with status 4 when a folder was moved to such a path);
- a saved variable whose value holds a double quote together with `& | < > ^` (a quoted PATH entry
  such as `"C:\\R&D"`): activation refuses with status 1 and names the variable, because cmd
  would run the text after the `&` as a command;
- hook file names containing `%` or `^` (CALL expands and doubles them).
"""

from __future__ import annotations

from collections.abc import Sequence

from envstrap.activation.plan import (
    CONDA_HOOK,
    CONDA_LEVEL,
    CONDA_RESUME_HOOK,
    ActivationPlan,
    Literal,
    PrefixPath,
    PromptModifier,
    Value,
)
from envstrap.activation.shell import Shell
from envstrap.guard import Marker
from envstrap.layout import REFUSED_CHARACTERS

REFUSED = "".join(REFUSED_CHARACTERS)
# The refused characters by name, for activate.bat's message: written out, a ! would be eaten
# under cmd /V:ON and a % expanded.
_CHARACTER_NAMES = "an exclamation mark, a percent sign, a caret, a semicolon or a double quote"

# Markers the JSON reader puts in place of `"`, `\\` and `\"`: JSON holds no raw control characters.
_QUOTE_MARK = "\x1e"
_BACKSLASH_MARK = "\x1f"
_ESCAPED_QUOTE_MARK = "\x1d"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_NAME_CHARS = _LETTERS + "0123456789_"

# Variables the scripts use for themselves while they run; all are gone when they end.
TEMPORARIES = ("P", "T", "U", "VAR", "VALUE", "MEANING", "MSG", "NAME", "HOOKS", "HOOK",
               "FILES", "FILE", "MODE", "N", "I", "J", "R", "S", "C", "K", "UP", "KNOWN", "L",
               "DEPTH", "WANT", "IN", "INSTR", "PASS", "BAD", "ODD")

def refused_characters(path: str) -> str:
    """The characters of `path` that cmd.exe activation refuses, in REFUSED order."""
    return "".join(c for c in REFUSED if c in path)


def literal(text: str) -> str:
    """Text for inside `set "NAME=..."`: % doubled; characters cmd cannot quote are refused."""
    bad = [c for c in text if c in '"!\r\n']
    if bad:
        raise ValueError(f"cannot put {bad[0]!r} into a cmd.exe value: {text!r}")
    return text.replace("%", "%%")


class CmdShell(Shell):
    files = ("activate.bat", "deactivate.bat", CONDA_HOOK + ".bat", CONDA_RESUME_HOOK + ".bat")
    templates = ("activate.bat", "deactivate.bat", "conda-hook.bat", "conda-resume.bat")
    newline = "\r\n"

    def quote(self, text: str) -> str:
        return literal(text)

    def render_list(self, items: Sequence[str]) -> str:
        """Names for `for %%A in (...)` (plan names are plain identifiers)."""
        return " ".join(items)

    def unsafe_characters(self, characters: str) -> str:
        """One substitution per character (cmd has no character classes); % cannot be one."""
        return "\n".join(f'set "_ENVSTRAP_NAME=%_ENVSTRAP_NAME:{c}=_%"'
                         for c in characters if c != "%")

    def native_path(self, relative: str) -> str:
        """Inside a quoted `set`, after `%_ENVSTRAP_P%\\`."""
        return literal(relative.replace("/", "\\"))

    def value(self, value: Value) -> str:
        """The text after `NAME=`; %_ENVSTRAP_P% holds the folder at run time."""
        if isinstance(value, Literal):
            return literal(value.text)
        if isinstance(value, PrefixPath):
            return "%_ENVSTRAP_P%" + ("\\" + self.native_path(value.relative)
                                      if value.relative else "")
        if isinstance(value, PromptModifier):
            return "(%_ENVSTRAP_NAME%) "
        raise TypeError(value)

    def set_var(self, name: str, value: Value) -> str:
        return f'set "{name}={self.value(value)}"'

    def path_entries(self, relatives: Sequence[str]) -> str:
        return ";".join(self.value(PrefixPath(d)) for d in relatives)

    def guard(self, marker: Marker) -> str:
        var = marker.variable
        zero = (f'if "%{var}:"=%"=="0" goto :_envstrap_clean_{var}\n'
                if marker.positive_number else "")
        return (f"if not defined {var} goto :_envstrap_clean_{var}\n"
                f"{zero}"
                f'set "_ENVSTRAP_VAR={var}"\n'
                f'set "_ENVSTRAP_VALUE=%{var}:"=%"\n'
                f'set "_ENVSTRAP_MEANING={literal(marker.meaning)}"\n'
                "goto :_envstrap_refuse\n"
                f":_envstrap_clean_{var}")

    def check(self, plan: ActivationPlan) -> None:
        found = refused_characters(plan.baked_prefix)
        if found:
            reasons = "; ".join(f"{c}: {REFUSED_CHARACTERS[c]}" for c in found)
            raise ValueError(f"cmd.exe activation cannot carry {found!r} in "
                             f"{plan.baked_prefix!r}: {reasons}")

    def extra_slots(self, plan: ActivationPlan) -> dict[str, str]:
        saved = plan.saved_variables
        return {
            "@REFUSED_CHECKS@": _refused_checks(),
            "@REFUSED_TEXT@": _CHARACTER_NAMES,
            "@CHECK_VALUES@": "\n".join(_check_value(n) for n in plan.managed_names),
            "@SAVE@": "\n".join(_save(n) for n in saved),
            "@RESTORE@": "\n".join(_restore(n) for n in saved[1:]),  # PATH on its own
            # conda's suspend and resume (docs/conda-interop.md); PATH is conda's then.
            "@SUSPEND@": "\n".join(_suspend(n, keep=n != CONDA_LEVEL) for n in saved[1:]),
            "@RESUME@": "\n".join(_resume(n) for n in saved[1:] if n != CONDA_LEVEL),
            "@SUSPEND_PROMPT@": _suspend("PROMPT"),
            "@RESUME_PROMPT@": _resume("PROMPT"),
            # the entry conda's deactivate leaves on PATH: the last (condabin)
            "@CONDA_KEEPS@": self.native_path(plan.path_dirs[-1]),
            "@PATH_MATCH@": "\n".join(_path_match(i, d) for i, d in enumerate(plan.path_dirs)),
            "@CLEANUP@": "\n".join(f'set "_ENVSTRAP_{n}="' for n in TEMPORARIES + tuple(
                f"GONE_{i}" for i in range(len(plan.path_dirs)))),
            "@UPPER@": "\n".join(f'set "_ENVSTRAP_UP=%_ENVSTRAP_UP:{c}={c.upper()}%"'
                                 for c in _LETTERS[26:]),
            "@INTERNAL_TEST@": (f'if /i "%_ENVSTRAP_UP:~0,{len(plan.internal_prefix)}%"=='
                                f'"{plan.internal_prefix}" goto :_envstrap_config_managed'),
            "@QM@": _QUOTE_MARK,
            "@BM@": _BACKSLASH_MARK,
            "@EQ@": _ESCAPED_QUOTE_MARK,
            "@NAME_CHARS@": _NAME_CHARS,
        }

    def template(self, name: str) -> str:
        if name.startswith("conda-"):  # the hooks: a few lines, no helpers
            return super().template(name)
        return super().template(name) + "\n" + super().template("helpers.bat")

    def finish(self, text: str) -> str:
        # `@` on every command: the caller's echo state stays as it was.
        return "\n".join(line if not line or line.startswith(":") else "@" + line
                         for line in text.split("\n"))


def _refused_checks() -> str:
    lines = [f'if not "%_ENVSTRAP_P:{c}=%"=="%_ENVSTRAP_P%" goto :_envstrap_bad_path'
             for c in REFUSED if c not in '%"']
    lines.append('for /f "tokens=2 delims=%%" %%A in ("#%_ENVSTRAP_P%#") do '
                 "@goto :_envstrap_bad_path")
    return "\n".join(lines)


def _check_value(name: str) -> str:
    """Refuse a value cmd would split: a double quote plus & | < > ^ (see the docstring)."""
    return (f"if not defined {name} goto :_envstrap_checked_{name}\n"
            f'set "_ENVSTRAP_T=#%{name}:"=%"\n'
            f'if "%_ENVSTRAP_T%"=="#%{name}:"=""%" goto :_envstrap_checked_{name}\n'
            f'set "_ENVSTRAP_VAR={name}"\n'
            'for /f "tokens=2 delims=&|<>^" %%A in ("%_ENVSTRAP_T%#") do '
            "@goto :_envstrap_unsafe_value\n"
            f":_envstrap_checked_{name}")


def _record(name: str, had: str, old: str) -> str:
    """Whether `name` is set (_ENVSTRAP_<had>_) and its value (_ENVSTRAP_<old>_)."""
    return (f'set "_ENVSTRAP_{had}_{name}=0"\n'
            f'if defined {name} set "_ENVSTRAP_{had}_{name}=1"\n'
            f'if defined {name} set "_ENVSTRAP_{old}_{name}=%{name}%"')


def _put_back(name: str, had: str, old: str, forget: bool) -> str:
    """Set or unset `name` as _record(name, had, old) found it; with `forget`, drop the record."""
    lines = (f'if "%_ENVSTRAP_{had}_{name}%"=="1" set "{name}=%_ENVSTRAP_{old}_{name}%"\n'
             f'if not "%_ENVSTRAP_{had}_{name}%"=="1" set "{name}="')
    if forget:
        lines += f'\nset "_ENVSTRAP_{old}_{name}="\nset "_ENVSTRAP_{had}_{name}="'
    return lines


def _save(name: str) -> str:
    return _record(name, "HAD", "OLD")


def _restore(name: str) -> str:
    return _put_back(name, "HAD", "OLD", forget=True)


def _suspend(name: str, keep: bool = True) -> str:
    """Keep activation's value of `name` (_ENVSTRAP_NEW_/_ENVSTRAP_NHAD_) unless `keep` is
    false, and put back the one from before activation; the saved one stays for
    deactivate.bat."""
    kept = _record(name, "NHAD", "NEW") + "\n" if keep else ""
    return kept + _put_back(name, "HAD", "OLD", forget=False)


def _resume(name: str) -> str:
    """Put back the value _suspend kept, and forget it."""
    return _put_back(name, "NHAD", "NEW", forget=True)


def _path_match(index: int, relative: str) -> str:
    """In deactivate.bat's PATH walk: leave out the first entry equal (ignoring case) to the
    index-th folder activation added; _ENVSTRAP_GONE_<index> remembers it is gone."""
    entry = "%_ENVSTRAP_ACTIVE%" + ("\\" + literal(relative.replace("/", "\\"))
                                    if relative else "")
    skip = f":_envstrap_path_not_{index}"
    return (f'if /i not "%~1"=="{entry}" goto {skip}\n'
            f"if defined _ENVSTRAP_GONE_{index} goto {skip}\n"
            f'set "_ENVSTRAP_GONE_{index}=1"\n'
            "exit /b 0\n"
            f"{skip}")


SHELL = CmdShell()
FILENAME = SHELL.files[0]
