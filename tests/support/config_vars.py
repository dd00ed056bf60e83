"""The config-var fixtures every shell must read alike (docs/design/config-vars.md).

Each case is a set of files in the environment (etc/conda/env_vars.d/*.json, conda-meta/state),
the variables the user had before activation, and what must hold while active: the value of
each named variable (None = not set) and envstrap's warnings, in order. In texts, @PREFIX@ and
@CANARY@ stand for the environment and a file hostile values try to write (escaped in JSON),
and @FILE:name@ for a file's path as the shell shows it. Every case also requires activation and
deactivation to succeed and the environment after deactivation to equal the one before.
"""

from __future__ import annotations

import dataclasses
import json

STATE = "conda-meta/state"
ENV_VARS_D = "etc/conda/env_vars.d"


@dataclasses.dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str]  # path in the environment -> text
    expect: dict[str, str | None]
    messages: tuple[str, ...] = ()
    before: dict[str, str] = dataclasses.field(default_factory=dict)
    crlf: bool = False  # write the files with CRLF line ends
    # wine's cmd reads files in the ANSI code page (Windows' cmd in the console's, UTF-8 while
    # activate.bat runs): there non-ASCII text arrives as its UTF-8 bytes read as Latin-1.
    wine_reads_ansi: bool = False
    not_in_wine: str = ""  # why wine's cmd cannot show this case (docs/testing.md, "Windows")


def state(env_vars: dict[str, str], **other) -> str:
    """conda-meta/state as conda writes it: one line, non-ASCII as it is."""
    return json.dumps(dict(other, env_vars=env_vars), ensure_ascii=False)


def pkg(name: str) -> str:
    return f"{ENV_VARS_D}/{name}.json"


def _name(up: str, what: str) -> str:
    return f"envstrap: config var {up} {what}; skipped."


MANAGED = "is managed by activation"
UNDECODED = r"holds an escape activation does not decode (\b \f \n \r \u)"
QUOTE_AND_SPECIAL = ("holds a double quote together with one of & | < > ^, which cmd.exe "
                     "cannot carry")


def bad_name(key: str) -> str:
    return f"envstrap: config var '{key}' is not a usable variable name; skipped."


def malformed(path: str) -> str:
    return (f"envstrap: '@FILE:{path}@' is not JSON activation can read (an object of "
            "strings); its config vars are skipped.")


CASES = [
    Case("escapes", {STATE: r'{"env_vars": {"ESC_Q": "say \"hi\"", "ESC_BS": "C:\\dir\\",'
                            r' "ESC_SLASH": "a\/b", "ESC_TAB": "a\tb", "ESC_MIX": "\\\"x\\"}}'},
         {"ESC_Q": 'say "hi"', "ESC_BS": "C:\\dir\\", "ESC_SLASH": "a/b", "ESC_TAB": "a\tb",
          "ESC_MIX": '\\"x\\'}),
    Case("undecoded escapes", {STATE: r'{"env_vars": {"NL": "a\nb", "CR": "x\r", "BS": "\b",'
                                      r' "FF": "\f", "UNI": "\u00fc", "OK": "fine"}}'},
         {"NL": None, "CR": None, "BS": None, "FF": None, "UNI": None, "OK": "fine"},
         tuple(_name(n, UNDECODED) for n in ("NL", "CR", "BS", "FF", "UNI"))),
    Case("unicode", {STATE: state({"UNI": "ü 测试 ✓", "MIXED": "Zürich\\Ω", "ü": "x"})},
         {"UNI": "ü 测试 ✓", "MIXED": "Zürich\\Ω"}, (bad_name("ü"),), wine_reads_ansi=True),
    Case("empty values", {pkg("a"): '{"E_HAD": "", "E_NEW": "", "E_LATER": ""}',
                          STATE: state({"E_LATER": "set later"})},
         {"E_HAD": None, "E_NEW": None, "E_LATER": "set later"},
         before={"E_HAD": "had a value"}),
    Case("unset sentinel", {pkg("a"): '{"HIDDEN": "package value", "KEEP": "k"}',
                            STATE: state({"HIDDEN": "***unset***", "USERVAR": "***unset***",
                                          "NEVER": "***unset***"})},
         {"HIDDEN": None, "KEEP": "k", "USERVAR": "was set", "NEVER": None},
         before={"USERVAR": "was set"}),
    Case("names", {STATE: state({"lower_case": "1", "Mixed_Case9": "2", "_x": "3",
                                 "9BAD": "x", "BAD NAME": "x", "bad-dash": "x",
                                 "": "x", "a.b": "x", "tab\there": "x"})},
         {"LOWER_CASE": "1", "MIXED_CASE9": "2", "_X": "3", "lower_case": None},
         tuple(bad_name(k) for k in ("9BAD", "BAD NAME", "bad-dash", "", "a.b",
                                     "tab\\there"))),
    Case("managed names", {STATE: state({"PATH": "/evil", "path": "x", "conda_prefix": "x",
                                         "PS1": "x", "prompt": "x", "EnvStrap_Prefix": "x"})},
         {"CONDA_PREFIX": "@PREFIX@", "ENVSTRAP_PREFIX": "@PREFIX@"},
         tuple(_name(n, MANAGED) for n in ("PATH", "PATH", "CONDA_PREFIX", "PS1", "PROMPT",
                                           "ENVSTRAP_PREFIX"))),
    Case("malformed", {pkg("a1"): '{"A1": "1",}', pkg("a2"): '{"A2": 2}',
                       pkg("a3"): '{"A3": {"X": "1"}}', pkg("a4"): '{"A4": "1"',
                       pkg("a5"): 'not json', pkg("a6"): r'{"A6": "\x"}',
                       pkg("a7"): '{"A7": ["1"]}', pkg("a8"): '{"A8": "1"} {}',
                       pkg("a9"): '{"A9" "1"}', pkg("b"): '{"GOOD": "yes"}',
                       STATE: '{"env_vars": {"S": "1"}, "n": 1}'},
         {**{f"A{i}": None for i in range(1, 10)}, "GOOD": "yes", "S": None},
         tuple(malformed(pkg(f"a{i}")) for i in range(1, 10)) + (malformed(STATE),)),
    Case("pretty state with other members", {
        STATE: json.dumps({"name": "x", "meta": {"k": "v", "env_vars": "no"},
                           "env_vars": {"A": "1", "B": "two words"}}, indent=2)},
         {"A": "1", "B": "two words", "K": None, "NAME": None}),
    Case("crlf files", {pkg("a"): json.dumps({"P1": "one", "P2": "t w o"}, indent=4),
                        STATE: json.dumps({"env_vars": {"S1": "x"}}, indent=1)},
         {"P1": "one", "P2": "t w o", "S1": "x"}, crlf=True),
    Case("quote with cmd operators", {STATE: r'{"env_vars": {"QA": "a \"&\" b", '
                                             r'"QB": "x\" | y", "QOK": "\"quoted\" (ok)"}}'},
         {"QA": None, "QB": None, "QOK": '"quoted" (ok)'},
         (_name("QA", QUOTE_AND_SPECIAL), _name("QB", QUOTE_AND_SPECIAL))),
    # Security (docs/security.md, "Hostile package data"): names that are the scripts' own, and
    # values that are shell code, stay data in every shell, also at deactivate.
    Case("hostile internal names", {
        pkg("a"): json.dumps({"_envstrap_config_vars": "X $(echo RAN >>@CANARY@)",
                              "x": "***unset***", "_ENVSTRAP_ACTIVE": "/tmp",
                              "_envstrap_p": "; echo RAN >>@CANARY@"}),
        STATE: json.dumps({"env_vars": {"_ENVSTRAP_CONFIG_VARS": "X & echo RAN>@CANARY@ & rem",
                                        "_envstrap_old_path": "x", "y": "***unset***"}})},
         {"X": None, "Y": None},
         tuple(_name(n, MANAGED) for n in ("_ENVSTRAP_CONFIG_VARS", "_ENVSTRAP_ACTIVE",
                                           "_ENVSTRAP_P", "_ENVSTRAP_CONFIG_VARS",
                                           "_ENVSTRAP_OLD_PATH"))),
    Case("hostile values", {
        STATE: json.dumps({"env_vars": {
            "CMD_AMP": "X & echo INJECTED>@CANARY@ & rem",
            "SH_SUBST": "$(echo RAN >>@CANARY@) `echo RAN >>@CANARY@`",
            "SH_SEMI": "x'; echo RAN >>@CANARY@; '",
            "BANG": "!PATH! !x",
            "CARET": "a^b (c) <d> | e"}})},
         {"CMD_AMP": "X & echo INJECTED>@CANARY@ & rem",
          "SH_SUBST": "$(echo RAN >>@CANARY@) `echo RAN >>@CANARY@`",
          "SH_SEMI": "x'; echo RAN >>@CANARY@; '", "BANG": "!PATH! !x",
          "CARET": "a^b (c) <d> | e"}),
    # conda's own state with nothing to decode, skip or warn about: activate.fish applies it
    # without its full reader (docs/design/config-vars.md). Names upper-cased, the later of two
    # spellings wins, and what the user had comes back at deactivate.
    Case("plain state", {STATE: state({"plain_lower": "a b", "Plain_Mixed": "x=1,y/z",
                                       "TWICE": "first", "twice": "second", "HAD": "new"})},
         {"PLAIN_LOWER": "a b", "PLAIN_MIXED": "x=1,y/z", "TWICE": "second", "HAD": "new"},
         before={"HAD": "old value", "TWICE": "the user's"}),
    # The same, with JSON's separators and braces inside values: sh's quick reader jumps from
    # '": "' to '", "'.
    Case("plain state, separators in values",
         {STATE: state({"lower_case": "1", "Mixed_Case9": "two words", "_x": "a: b, c {d}",
                        "HAD": "new", "z": "last"})},
         {"LOWER_CASE": "1", "MIXED_CASE9": "two words", "_X": "a: b, c {d}", "HAD": "new",
          "Z": "last", "lower_case": None}, before={"HAD": "old"}),
    # sh's quick reader applies pairs as it reads them and stops at what it leaves to the full
    # reader, which first undoes them: a saved value (HAD) must come back whole at deactivate,
    # and a file found malformed after two usable pairs sets none of them.
    Case("quick reader stops after applying some",
         {STATE: state({"had": "new", "first": "1", "CONDA_X": "c", "gone": "***unset***",
                        "last": "z"})},
         {"HAD": "new", "FIRST": "1", "CONDA_X": "c", "GONE": "the user's", "LAST": "z"},
         before={"HAD": "old", "GONE": "the user's"}),
    Case("malformed after usable pairs",
         {STATE: '{"env_vars": {"had": "new", "a": "1", "b": 2, "c": "3"}}'},
         {"HAD": "old", "A": None, "B": None, "C": None}, (malformed(STATE),),
         before={"HAD": "old"}),
    Case("percent", {STATE: state({"PCT": "%PATH% 100% %CD%"})}, {"PCT": "%PATH% 100% %CD%"},
         not_in_wine="wine's cmd expands % in a variable's value a second time"),
]
