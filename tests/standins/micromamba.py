"""TEST STAND-IN for micromamba. This is NOT micromamba.

A Python program that answers the subset of micromamba 2.x's command line that envstrap's
stage-0 scripts use, following micromamba's documented and source-read behaviour (see
``docs/design/micromamba.md``, "design" below with its section, and the micromamba 2.3.3
sources). The solving and linking are done by py-rattler (``import rattler``), a real conda
solver/installer; everything around it (command line, configuration, prefix checks, history,
registration, messages, exit codes) is re-implemented here. It exists because this machine has
no network access except PyPI, so the real micromamba binary cannot be downloaded. Tests start
it through :func:`write_launcher`, which writes an executable sh wrapper named ``micromamba``.

Implemented (micromamba 2.3.3 behaviour unless noted):

* ``--version`` (prints ``2.3.3``), ``--help``, no subcommand (prints the help, exit 0).
* General options, before or after the subcommand: ``-r/--root-prefix``, ``--rc-file``
  (repeatable), ``--no-rc``, ``--no-env``, ``-y/--yes``, ``-q/--quiet``, ``--json``,
  ``--dry-run``, ``--offline``, ``-v/--verbose`` (repeatable), ``--log-level``.
  Anything else: CLI11's "The following argument was not expected: X", exit 109.
* ``install`` and ``create`` with ``-p/--prefix``, ``-n/--name``, ``-c/--channel``,
  ``--override-channels``, ``--channel-priority``, ``--strict-channel-priority``,
  ``--no-channel-priority``, ``--channel-alias``, ``-f/--file`` (spec lists and ``@EXPLICIT``
  files), ``--always-copy``/``--copy`` and match specs.
* ``env export --explicit [--md5|--no-md5] -p/-n`` (design: "Explicit locks").
* Configuration: CLI > environment variables > rc files > defaults, lists merged highest
  source first (design). rc files: ``--rc-file``/``MAMBARC``/``CONDARC`` replace the
  default search, which is otherwise the full 2.3.3 search path (system, root prefix, user,
  ``$CONDA_PREFIX``, target prefix). Keys: ``channels``, ``channel_priority``,
  ``channel_alias``, ``default_channels``, ``pkgs_dirs``, ``always_yes``, ``always_copy``,
  ``offline``, ``add_pip_as_python_dependency``. Variables: ``CONDA_CHANNELS``,
  ``CONDA_PKGS_DIRS``, ``MAMBA_<KEY>`` for those keys, ``MAMBA_NO_RC``, ``MAMBA_NO_ENV``,
  ``MAMBARC``, ``CONDARC``, ``MAMBA_ROOT_PREFIX``, ``CONDA_PREFIX``, ``CONDA_DEFAULT_ENV``,
  ``CONDA_OVERRIDE_*`` (virtual packages), ``CONDA_TEST_SAVE_TEMPS``.
* Root prefix: ``-r`` > ``MAMBA_ROOT_PREFIX`` > inferred from the executable's location >
  ``~/micromamba`` if it is a root > ``$XDG_DATA_HOME/mamba`` or ``~/.local/share/mamba``
  (design). Its ``pkgs`` folder (the default package cache) is really created there.
* Prefix rules (design): ``install`` needs an existing ``conda-meta`` except into the
  root prefix; ``create`` refuses the root prefix and non-conda folders, accepts an empty
  folder, deletes an existing conda prefix after confirmation (``-y``), and registers the new
  environment in ``~/.conda/environments.txt``. ``install`` never registers.
* Solving with rattler for ``[<this platform>, noarch]`` with strict/flexible/disabled channel
  priority, virtual packages detected on this machine, ``pip`` added to ``python`` (unless
  ``add_pip_as_python_dependency`` is false), installed packages kept. Installing with rattler
  (post-link scripts are run, as micromamba does), then ``conda-meta/history`` appended in
  micromamba's format. ``--offline`` solves from the package cache only.
* A temporary ``mambaf*`` file in ``$TMPDIR`` while linking, deleted afterwards (design).
* Errors: ``error    libmamba ...`` lines and ``critical libmamba <message>`` on stderr, exit 1.

Deliberately NOT implemented (the stand-in says so and exits 1, or rejects the option as
unexpected): every other subcommand (``shell``, ``run``, ``activate``, ``remove``, ``update``,
``list``, ``info``, ``config``, ``clean``, ``env`` other than ``export --explicit``...),
environment YAML and conda-lock files for ``-f``, ``--download-only``, ``--platform``,
``--no-deps``/``--only-deps``, pins (``pinned_packages``, python pinning), proxies, SSL options,
authentication, mirrors, ``custom_channels``/multichannels, ``envs_dirs``, the
``# platform:`` check of explicit files, ``.pyc`` compilation of ``noarch: python`` packages, pip
dependencies, shell hooks and activation scripts, progress bars, lock files, Windows.

Known deviations from micromamba 2.3.3, chosen on purpose:

* ``-f`` with an ``@EXPLICIT`` file plus other specs is refused (exit 1); micromamba silently
  drops the other specs (``file_specs_hook``), which no caller can mean.
* Solving is rattler's (resolvo), not libsolv: solutions and error texts differ. Installed
  packages are kept by asking for their names and preferring their current records.
* Linking is rattler's: parallel (the ``Linking`` lines are printed in dependency order
  afterwards), hard links/ref-links/copies as rattler decides, no ``.pyc`` compilation, no
  tarballs kept in the package cache (extracted folders and rattler ``*.lock`` files only;
  ``info/repodata_record.json`` is added to each extracted folder, as micromamba has it).
  conda-meta records are rattler's (``channel`` is the channel URL, ``requested_specs`` is a
  list; ``requested_spec`` is added).
* Repodata of http(s) channels is cached by rattler under ``<first pkgs dir>/cache``.
* No download progress bars; sizes in the transaction table are approximate.

Faithful behaviours that may surprise a caller (all from the 2.3.3 sources):

* ``python`` depends on ``pip`` unless ``add_pip_as_python_dependency: false`` is configured,
  so a channel without ``pip`` cannot solve ``python``.
* No channels at all is only a warning ("No 'channels' specified"); the solve then fails.
* ``MAMBA_ROOT_PREFIX`` is honoured even with ``--no-env`` (``get_root_prefix`` reads it
  directly); ``CONDA_PREFIX``/``CONDA_DEFAULT_ENV`` are the target fallbacks of ``install``.
* ``--rc-file`` files are merged with ``MAMBARC``/``CONDARC`` files unless ``--no-env``.
* Prompts read one line from stdin whatever it is; end of input means the default answer:
  "Confirm changes" (default yes) goes on, "Found conda-prefix ... Overwrite?" (default no)
  aborts with exit 1. Answering no to "Confirm changes" prints "Aborted." and exits 0.
* A rerun whose transaction is empty still prints "Transaction starting/finished" and appends
  a history entry without ``+`` lines.
* ``TMPDIR`` that is not a directory is an error (std::filesystem::temp_directory_path).

Version modes (``write_launcher(version=...)``; default 2.3.3). ``--version`` prints the
version. Only these differences between releases are modelled (issue 10, facts 16):

* 1.x reads each ``@EXPLICIT`` URL as ``CHANNEL/SUBDIR/FILENAME``: when the URL's parent folder
  is not a platform name, it takes that folder for the channel and fetches
  ``<folder>/<this platform>/<file>`` instead (a missing ``file://`` file: "Download error (37)
  Couldn't read a file:// file [URL]", exit 1).
* 1.x ends a successful ``install`` (not only ``create``) with "To activate this environment,
  use: ... micromamba run -p PREFIX mycommand".
* 2.x, when solving from a ``file://`` channel whose subdir has no ``repodata.json.zst``, warns
  twice per subdir "Failed to load subdir: Download error (37) Couldn't read a file:// file
  [.../repodata.json.zst]", unless an rc file sets ``repodata_use_zst: false`` (the variable
  ``MAMBA_REPODATA_USE_ZST`` does not silence it).

Everything else (root prefix rules, ``create`` on an empty folder, option names) is 2.3.3's in
every mode.

Stand-in extras: the launcher passes ``$0`` in ``MICROMAMBA_STANDIN_ARGV0`` (used for
``# cmd:`` history lines and messages); ``MICROMAMBA_STANDIN_DEBUG=1`` shows tracebacks.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import hashlib
import json
import os
import re
import shlex
import shutil
import stat
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

__all__ = ["VERSION", "main", "write_launcher"]

# The micromamba release this stand-in mimics: 2.3.3 unless the launcher asks for another one
# (write_launcher(version=...)). A 1.x version switches on the 1.x behaviours listed in the
# module docstring ("Version modes").
VERSION = os.environ.get("MICROMAMBA_STANDIN_VERSION") or "2.3.3"
MAJOR = int(VERSION.split(".")[0]) if VERSION.split(".")[0].isdigit() else 2
CONDA_VERSION = "3.8.0"  # context_params.hpp, 2.3.3: CommandParams::conda_version
DEFAULT_CHANNEL_ALIAS = "https://conda.anaconda.org"
DEFAULT_CHANNELS = ["https://repo.anaconda.com/pkgs/main", "https://repo.anaconda.com/pkgs/r"]
NETWORK_TIMEOUT_SECONDS = 30
NETWORK_RETRIES = 1

# CLI11 exit codes (design): ValidationError, ExtrasError, ArgumentMismatch.
EXIT_VALIDATION = 105
EXIT_EXTRAS = 109
EXIT_ARGUMENT_MISMATCH = 114

_ARGV0_VARIABLE = "MICROMAMBA_STANDIN_ARGV0"  # set by the launcher: $0 as invoked
_DEBUG_VARIABLE = "MICROMAMBA_STANDIN_DEBUG"

_REAL_SUBCOMMANDS = (
    "shell", "create", "install", "update", "self-update", "repoquery", "remove", "uninstall",
    "list", "package", "clean", "config", "info", "constructor", "env", "activate", "run", "ps",
    "auth", "search", "deactivate", "completer", "login", "logout",
)


# ------------------------------------------------------------------------------------------
# Launcher
# ------------------------------------------------------------------------------------------


def write_launcher(dest_dir: Path, name: str = "micromamba", version: str | None = None) -> Path:
    """Write an executable POSIX sh wrapper ``dest_dir/name`` that runs this stand-in.

    ``version`` (e.g. ``"1.5.5"``) makes it mimic that micromamba release; it is written into
    the wrapper, so a copy of the wrapper (a bundle's micromamba) keeps it.

    The wrapper execs the Python running this function (the one that has py-rattler) on this
    file with ``-I -B`` (ignore PYTHON* variables and the user site, write no bytecode: a C++
    binary does not care about the caller's Python settings) and passes ``$0`` on, so the
    stand-in can print the executable's name and path as micromamba does.
    """
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    launcher = dest_dir / name
    python = shlex.quote(os.path.abspath(sys.executable))
    script = shlex.quote(str(Path(__file__).resolve()))
    launcher.write_text(
        "#!/bin/sh\n"
        "# TEST STAND-IN launcher: runs tests/standins/micromamba.py, which is NOT micromamba.\n"
        f'{_ARGV0_VARIABLE}="$0"\n'
        f"export {_ARGV0_VARIABLE}\n"
        + (f"MICROMAMBA_STANDIN_VERSION={shlex.quote(version)}\n"
           "export MICROMAMBA_STANDIN_VERSION\n" if version else "")
        + f'exec {python} -I -B {script} "$@"\n',
        encoding="utf-8",
    )
    launcher.chmod(launcher.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return launcher


# ------------------------------------------------------------------------------------------
# Errors and output
# ------------------------------------------------------------------------------------------


class CliError(Exception):
    """A CLI11 parse error: message, then "Run with --help for more information.", exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


class Abort(Exception):
    """micromamba's ``LOG_ERROR << ...; throw std::runtime_error(message)`` pattern."""

    def __init__(self, message: str, errors: tuple[str, ...] | list[str] = ()) -> None:
        super().__init__(message)
        self.errors = list(errors)


class NotImplementedByStandIn(Exception):
    pass


class Output:
    """stdout for Console prints, stderr for spdlog-style log lines ("%-9l%-8n %v")."""

    def __init__(self) -> None:
        self.quiet = False
        self.json = False

    def print(self, text: str = "") -> None:
        if not (self.quiet or self.json):
            sys.stdout.write(text + "\n")
            sys.stdout.flush()

    def log(self, level: str, message: str) -> None:
        # With --json micromamba lowers logging to critical (log_level_fallback_hook).
        if self.json and level != "critical":
            return
        sys.stdout.flush()
        sys.stderr.write(f"{level:<9}{'libmamba':<8} {message}\n")
        sys.stderr.flush()

    def warning(self, message: str) -> None:
        self.log("warning", message)

    def error(self, message: str) -> None:
        self.log("error", message)


OUT = Output()


def _argv0() -> str:
    return os.environ.get(_ARGV0_VARIABLE) or "micromamba"


def _exe_name() -> str:
    return Path(_argv0()).stem or "micromamba"


# ------------------------------------------------------------------------------------------
# Command line (CLI11-like)
# ------------------------------------------------------------------------------------------

# name -> (destination, takes_value, repeatable)
_GENERAL = {
    "-r": ("root_prefix", True, False),
    "--root-prefix": ("root_prefix", True, False),
    "--rc-file": ("rc_files", True, True),
    "--log-level": ("log_level", True, False),
    "--no-rc": ("no_rc", False, False),
    "--no-env": ("no_env", False, False),
    "-y": ("yes", False, False),
    "--yes": ("yes", False, False),
    "-q": ("quiet", False, False),
    "--quiet": ("quiet", False, False),
    "--json": ("json", False, False),
    "--dry-run": ("dry_run", False, False),
    "--offline": ("offline", False, False),
    "-v": ("verbose", False, True),
    "--verbose": ("verbose", False, True),
}
_PREFIX = {
    "-p": ("prefix", True, False),
    "--prefix": ("prefix", True, False),
    "-n": ("name", True, False),
    "--name": ("name", True, False),
}
_INSTALL = {
    **_PREFIX,
    "-c": ("channels", True, True),
    "--channel": ("channels", True, True),
    "--override-channels": ("override_channels", False, False),
    "--channel-priority": ("channel_priority", True, False),
    "--strict-channel-priority": ("strict_channel_priority", False, False),
    "--no-channel-priority": ("no_channel_priority", False, False),
    "--channel-alias": ("channel_alias", True, False),
    "-f": ("files", True, True),
    "--file": ("files", True, True),
    "--always-copy": ("always_copy", False, False),
    "--copy": ("always_copy", False, False),
}
_EXPORT = {
    **_PREFIX,
    "-e": ("explicit", False, False),
    "--explicit": ("explicit", False, False),
    "--md5": ("md5", False, False),
    "--no-md5": ("no_md5", False, False),
}
_LOG_LEVELS = ("critical", "error", "warning", "info", "debug", "trace", "off")


class Options:
    def __init__(self) -> None:
        self.command: list[str] = []
        self.values: dict[str, object] = {}
        self.positionals: list[str] = []
        self.help = False
        self.version = False

    def get(self, key: str, default: object = None) -> object:
        return self.values.get(key, default)


_HELP = f"""Version: {VERSION}

TEST STAND-IN for micromamba (tests/standins/micromamba.py). It is NOT micromamba.

Usage: micromamba [OPTIONS] [SUBCOMMAND]

Options:
  -h,--help                   Print this help message and exit
  --version
  -r,--root-prefix PATH       Path to the root prefix
  --rc-file FILE ...          Paths to the configuration files to use
  --no-rc                     Disable the use of configuration files
  --no-env                    Disable the use of environment variables
  -y,--yes                    Automatically answer yes on prompted questions
  -q,--quiet                  Set quiet mode (print less output)
  --json                      Report all output as json
  --offline                   Force use cached repodata
  --dry-run                   Only display what would have been done
  -v,--verbose                Set verbosity (higher verbosity with multiple -v)

Subcommands implemented by the stand-in:
  create                      Create new environment
  install                     Install packages in active environment
  env export --explicit       Export environment as an explicit list of package URLs
"""


def parse_args(argv: list[str]) -> Options:
    opts = Options()
    table = dict(_GENERAL)
    i = 0
    only_positionals = False

    def store(dest: str, value: object, repeatable: bool) -> None:
        if dest == "verbose":
            opts.values[dest] = int(opts.values.get(dest, 0)) + 1  # type: ignore[arg-type]
        elif repeatable:
            opts.values.setdefault(dest, []).append(value)  # type: ignore[union-attr]
        else:
            opts.values[dest] = value

    def need_value(name: str, value: str | None, index: int) -> tuple[str, int]:
        if value is not None:
            return value, index
        if index + 1 >= len(argv):
            raise CliError(f"{name}: 1 required TEXT missing", EXIT_ARGUMENT_MISMATCH)
        return argv[index + 1], index + 1

    while i < len(argv):
        token = argv[i]
        if only_positionals or token == "-" or not token.startswith("-"):
            if not only_positionals and not opts.command:
                if token in _REAL_SUBCOMMANDS:
                    opts.command.append(token)
                    if token in ("install", "create"):
                        table = {**_GENERAL, **_INSTALL}
                    elif token != "env":
                        raise NotImplementedByStandIn(token)
                else:
                    raise CliError(f"The following argument was not expected: {token}",
                                   EXIT_EXTRAS)
            elif opts.command == ["env"] and not only_positionals:
                opts.command.append(token)
                if token != "export":
                    raise NotImplementedByStandIn(f"env {token}")
                table = {**_GENERAL, **_EXPORT}
            elif opts.command[0] in ("install", "create"):
                opts.positionals.append(token)
            else:
                raise CliError(f"The following argument was not expected: {token}", EXIT_EXTRAS)
            i += 1
            continue
        if token == "--":
            only_positionals = True
            i += 1
            continue
        if token in ("-h", "--help"):
            opts.help = True
            i += 1
            continue
        if token == "--version" and not opts.command:
            opts.version = True
            i += 1
            continue
        if token.startswith("--"):
            name, eq, attached = token.partition("=")
            spec = table.get(name)
            if spec is None or (eq and not spec[1]):
                raise CliError(f"The following argument was not expected: {token}", EXIT_EXTRAS)
            dest, takes_value, repeatable = spec
            if takes_value:
                value, i = need_value(name, attached if eq else None, i)
                store(dest, value, repeatable)
            else:
                store(dest, True, repeatable)
            i += 1
            continue
        # Short options: "-p VALUE", "-pVALUE", or a cluster of flags such as "-yq".
        letters = token[1:]
        j = 0
        while j < len(letters):
            name = "-" + letters[j]
            spec = table.get(name)
            if spec is None:
                raise CliError(f"The following argument was not expected: {token}", EXIT_EXTRAS)
            dest, takes_value, repeatable = spec
            if takes_value:
                rest = letters[j + 1:]
                value, i = need_value(name, rest if rest else None, i)
                store(dest, value, repeatable)
                break
            store(dest, True, repeatable)
            j += 1
        i += 1

    if opts.command == ["env"] and not opts.help:
        raise NotImplementedByStandIn("env (without a subcommand)")
    priority = opts.get("channel_priority")
    if priority is not None:
        # CLI::CheckedTransformer(cp_map, CLI::ignore_case) in common_options.cpp
        if str(priority).lower() not in ("disabled", "flexible", "strict"):
            raise CliError(
                f"--channel-priority: Check {priority} value in {{disabled,flexible,strict}} "
                "FAILED", EXIT_VALIDATION)
        opts.values["channel_priority"] = str(priority).lower()
    level = opts.get("log_level")
    if level is not None and str(level).lower() not in _LOG_LEVELS:
        raise CliError(f"--log-level: Check {level} value in {{{','.join(_LOG_LEVELS)}}} FAILED",
                       EXIT_VALIDATION)
    return opts


# ------------------------------------------------------------------------------------------
# Paths and environment
# ------------------------------------------------------------------------------------------


def user_home_dir() -> str:
    # util/environment.cpp (Unix): $HOME if non-empty, else the passwd entry.
    home = os.environ.get("HOME", "")
    if home:
        return home
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_dir
    except (ImportError, KeyError):
        return os.path.expanduser("~")


def user_config_dir() -> str:
    return os.environ.get("XDG_CONFIG_HOME") or os.path.join(user_home_dir(), ".config")


def user_data_dir() -> str:
    return os.environ.get("XDG_DATA_HOME") or os.path.join(user_home_dir(), ".local", "share")


def expand_home(path: str) -> str:
    if path == "~" or path.startswith("~/"):
        return user_home_dir() + path[1:]
    return path


def canonical(path: str) -> str:
    """fs::weakly_canonical(expand_home(path)) without a trailing separator."""
    result = os.path.realpath(os.path.abspath(expand_home(path)))
    return result.rstrip(os.sep) or os.sep


def expandvars(text: str) -> str:
    """util.cpp expandvars: $VAR and ${VAR} replaced when VAR is set, left as they are if not."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)[1:-1] if match.group(1).startswith("{") else match.group(1)
        value = os.environ.get(name)
        return match.group(0) if value is None else value

    return re.sub(r"\$(\{\w+\}|\w+)", replace, text)


def _yaml_bool(value: object, what: str) -> bool:
    text = str(value).strip().lower()
    if text in ("true", "yes", "y", "on", "1"):
        return True
    if text in ("false", "no", "n", "off", "0"):
        return False
    raise Abort(f"Bad conversion of configurable '{what}': '{value}' is not a boolean")


class EnvReader:
    """Environment variables of configurables; all but a few are ignored with --no-env."""

    def __init__(self, no_env: bool) -> None:
        self.no_env = no_env

    def get(self, name: str) -> str | None:
        if self.no_env:
            return None
        return os.environ.get(name)

    def get_list(self, name: str) -> list[str] | None:
        # configuration_impl.hpp: Source<std::vector<T>>::deserialize parses "[" + value + "]".
        value = self.get(name)
        if value is None:
            return None
        return [_yaml_scalar(item) for item in _split_flow(value)]


# ------------------------------------------------------------------------------------------
# rc files: a YAML subset (top-level keys, scalars, block and flow lists, comments, quotes)
# ------------------------------------------------------------------------------------------


def _strip_comment(line: str) -> str:
    quote = None
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return line[:index]
    return line


def _yaml_scalar(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        try:
            return str(json.loads(text))
        except ValueError:
            return text[1:-1]
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    return text


def _split_flow(text: str) -> list[str]:
    items: list[str] = []
    current = ""
    quote = None
    for char in text:
        if quote:
            current += char
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
            current += char
        elif char == ",":
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return [item.strip() for item in items if item.strip()]


def _yaml_value(text: str) -> object:
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        return [_yaml_scalar(item) for item in _split_flow(text[1:-1])]
    if text.startswith("{") and text.endswith("}"):
        result = {}
        for item in _split_flow(text[1:-1]):
            key, _, value = item.partition(":")
            result[_yaml_scalar(key)] = _yaml_scalar(value)
        return result
    if text in ("~", "null", "Null", "NULL"):
        return None
    return _yaml_scalar(text)


def parse_rc_text(text: str) -> dict[str, object]:
    """Parse the YAML subset used by .condarc/.mambarc files."""
    result: dict[str, object] = {}
    key: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw).rstrip()
        if not line.strip() or line.strip() in ("---", "..."):
            continue
        indent = len(line) - len(line.lstrip())
        stripped = line.strip()
        if stripped == "-" or stripped.startswith("- "):
            if key is None:
                raise ValueError(f"line {number}: list item outside of a key: {raw!r}")
            if result.get(key) is None:
                result[key] = []
            container = result[key]
            if isinstance(container, list):
                container.append(_yaml_scalar(stripped[1:]))
            continue
        match = re.match(r"""^("[^"]*"|'[^']*'|[^:'"]+?)\s*:(?:\s+(.*)|)$""", stripped)
        if not match:
            raise ValueError(f"line {number}: cannot parse {raw!r}")
        if indent == 0:
            key = _yaml_scalar(match.group(1))
            value = match.group(2)
            result[key] = None if value is None or value == "" else _yaml_value(value)
        elif key is not None:
            # A nested mapping (custom_channels: ...): kept as a flat dict, not interpreted.
            if result.get(key) is None:
                result[key] = {}
            container = result[key]
            if isinstance(container, dict) and match.group(2) is not None:
                container[_yaml_scalar(match.group(1))] = _yaml_value(match.group(2))
    return result


def has_config_name(path: str) -> bool:
    # configuration.cpp detail::has_config_name (design: "Configuration files")
    name = os.path.basename(path)
    return (name in (".condarc", "condarc", ".mambarc", "mambarc")
            or path.endswith(".yml") or path.endswith(".yaml"))


def default_rc_sources(root_prefix: str, target_prefix: str) -> list[str]:
    """compute_default_rc_sources, lowest precedence first (design: "Configuration files")."""
    system = []
    for base in ("/etc/conda", "/var/lib/conda"):
        system += [f"{base}/.condarc", f"{base}/condarc", f"{base}/condarc.d", f"{base}/.mambarc"]
    root = [os.path.join(root_prefix, n) for n in (".condarc", "condarc", "condarc.d", ".mambarc")]
    home = user_home_dir()
    conda_user = [
        os.path.join(user_config_dir(), "conda", ".condarc"),
        os.path.join(user_config_dir(), "conda", "condarc"),
        os.path.join(user_config_dir(), "conda", "condarc.d"),
        os.path.join(home, ".conda", ".condarc"),
        os.path.join(home, ".conda", "condarc"),
        os.path.join(home, ".conda", "condarc.d"),
        os.path.join(home, ".condarc"),
    ]
    for variable in ("XDG_CONFIG_HOME", "CONDA_PREFIX"):
        value = os.environ.get(variable)
        if value is not None:
            base = os.path.join(value, "conda") if variable == "XDG_CONFIG_HOME" else value
            conda_user += [os.path.join(base, n) for n in (".condarc", "condarc", "condarc.d")]
    mamba_user = [
        os.path.join(user_config_dir(), "mamba", ".mambarc"),
        os.path.join(user_config_dir(), "mamba", "mambarc"),
        os.path.join(user_config_dir(), "mamba", "mambarc.d"),
        os.path.join(home, ".mamba", ".mambarc"),
        os.path.join(home, ".mamba", "mambarc"),
        os.path.join(home, ".mamba", "mambarc.d"),
        os.path.join(home, ".mambarc"),
    ]
    prefix = []
    if target_prefix:
        prefix = [os.path.join(target_prefix, n)
                  for n in (".condarc", "condarc", "condarc.d", ".mambarc")]
    sources: list[str] = []
    for location in system + root + conda_user + mamba_user + prefix:
        if location not in sources:  # each location once, with its lowest precedence
            sources.append(location)
    return sources


def load_rc_files(sources_highest_first: list[str]) -> list[tuple[str, dict[str, object]]]:
    """get_existing_rc_sources + load_rc_file: existing config files, highest precedence first."""
    files: list[str] = []
    for location in sources_highest_first:
        if os.path.isfile(location) and has_config_name(location):
            files.append(location)
        elif os.path.isdir(location):
            for entry in sorted(os.listdir(location)):
                path = os.path.join(location, entry)
                if os.path.isfile(path) and has_config_name(path):
                    files.append(path)
    loaded = []
    for path in files:
        try:
            with open(path, encoding="utf-8") as handle:
                data = parse_rc_text(expandvars(handle.read()))
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            OUT.error(f"Error in file {path}, skipping: {exc}")
            continue
        loaded.append((path, data))
    return loaded


# ------------------------------------------------------------------------------------------
# Configuration
# ------------------------------------------------------------------------------------------


class Settings:
    """The resolved configuration of one command."""

    def __init__(self) -> None:
        self.root_prefix = ""
        self.target_prefix = ""
        self.rc_files: list[str] = []
        self.channels: list[str] = []
        self.channel_alias = DEFAULT_CHANNEL_ALIAS
        self.default_channels = list(DEFAULT_CHANNELS)
        self.channel_priority = "flexible"  # ChannelPriority::Flexible (design)
        self.pkgs_dirs: list[str] = []
        self.always_yes = False
        self.always_copy = False
        self.offline = False
        self.dry_run = False
        self.add_pip_as_python_dependency = True
        self.repodata_use_zst = True  # 2.x default; only an rc file changes it (issue 10)


def _merge_lists(*sources: list[str] | None) -> list[str]:
    merged: list[str] = []
    for source in sources:
        for item in source or []:
            if item not in merged:
                merged.append(item)
    return merged


def _rc_list(rc: list[tuple[str, dict[str, object]]], key: str) -> list[str]:
    values: list[str] = []
    for path, data in rc:
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, list):
            OUT.error(f"Bad conversion of configurable '{key}' from source '{path}'")
            continue
        values = _merge_lists(values, [str(item) for item in value])
    return values


def _rc_scalar(rc: list[tuple[str, dict[str, object]]], key: str) -> object:
    for path, data in rc:
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, (list, dict)):
            OUT.error(f"Bad conversion of configurable '{key}' from source '{path}'")
            continue
        return value
    return None


def _first(*values: object) -> object:
    for value in values:
        if value is not None:
            return value
    return None


def resolve_root_prefix(opts: Options) -> str:
    cli = opts.get("root_prefix")
    if cli:
        return canonical(str(cli))
    # get_root_prefix() reads MAMBA_ROOT_PREFIX with util::get_env, so --no-env does not
    # hide it (configuration.cpp, 2.3.3).
    value = os.environ.get("MAMBA_ROOT_PREFIX", "")
    if value:
        return canonical(value)
    value = os.environ.get("MAMBA_DEFAULT_ROOT_PREFIX", "")
    if value:
        OUT.warning("'MAMBA_DEFAULT_ROOT_PREFIX' is meant for testing purpose.\n"
                    "Consider using 'MAMBA_ROOT_PREFIX' instead")
        return canonical(value)
    return default_root_prefix()


def _qualifies_as_root(path: str) -> bool:
    return any(os.path.exists(os.path.join(path, n)) for n in ("pkgs", "conda-meta", "envs"))


def default_root_prefix() -> str:
    """get_root_prefix() of a static micromamba 2.3.3 when nothing is configured (design)."""
    exe = _argv0()
    if os.sep not in exe:
        exe = shutil.which(exe) or exe
    if os.sep in exe:
        # libmamba is the executable itself: <env>/bin/micromamba.
        env_prefix = os.path.dirname(os.path.dirname(os.path.realpath(exe)))
        for candidate in (os.path.dirname(os.path.dirname(env_prefix)), env_prefix):
            if candidate and _qualifies_as_root(candidate):
                return canonical(candidate)
    v1 = os.path.join(user_home_dir(), "micromamba")
    if _qualifies_as_root(v1):
        return canonical(v1)
    v2 = os.path.join(user_data_dir(), "mamba")
    if os.path.exists(v2):
        if not os.path.isdir(v2):
            raise Abort(f'Could not use default root_prefix "{v2}": Not a directory.')
        if not _qualifies_as_root(v2):
            raise Abort(f'Could not use default root_prefix "{v2}": Directory exists, is not '
                        "empty and not a conda prefix. Please set explicitly `MAMBA_ROOT_PREFIX` "
                        f'to "{v2}" to skip this error.')
    return canonical(v2)


def resolve_target_prefix(opts: Options, root: str, *, create: bool, create_base: bool) -> str:
    prefix_cli = opts.get("prefix")
    name = opts.get("name")
    if prefix_cli and name:
        raise Abort("Aborting.", ["Cannot set both prefix and env name"])
    prefix = ""
    if name:
        name = str(name)
        if "/" in name or "\\" in name:
            raise Abort("An unexpected file-system separator was found in environment name: "
                        f"'{name}'")
        prefix = root if name == "base" else os.path.join(root, "envs", name)
    elif prefix_cli:
        prefix = str(prefix_cli)
    if not prefix and not create:
        # target_prefix_hook fallbacks: CONDA_PREFIX, CONDA_DEFAULT_ENV, root (design)
        prefix = (os.environ.get("CONDA_PREFIX") or os.environ.get("CONDA_DEFAULT_ENV")
                  or root)
    if prefix and "/" not in prefix and "\\" not in prefix:
        old = prefix
        prefix = os.path.join(root, "envs", prefix)
        OUT.warning(
            f"'{old}' does not contain any filesystem separator.\n"
            "It will be handled as env name, resulting to the following\n"
            f"'target_prefix': '{prefix}'\n"
            "If 'target_prefix' is expressed as a relative directory to\n"
            "the current working directory, use './some_prefix'")
    if prefix:
        prefix = canonical(prefix)
    if create_base and prefix and prefix == root:
        # install: create_base=true touches <root>/conda-meta/history (design)
        history = Path(root, "conda-meta", "history")
        history.parent.mkdir(parents=True, exist_ok=True)
        history.touch()
    return prefix


def check_target_prefix(prefix: str, *, create: bool) -> None:
    """target_prefix_checks_hook with the install/create option sets (design)."""
    if not prefix:
        raise Abort("Aborting.", ["No target prefix specified"])
    if create:
        return
    if os.path.exists(prefix):
        if not os.path.exists(os.path.join(prefix, "conda-meta")):
            raise Abort("Aborting.", [f"Expected environment not found at prefix: {prefix}"])
    else:
        raise Abort("Aborting.", [
            f"No prefix found at: {prefix}",
            f'Environment must first be created with "{_exe_name()} create -n {{env_name}} ..."',
        ])


def resolve_settings(opts: Options, *, create: bool, create_base: bool,
                     check_prefix: bool = True) -> Settings:
    settings = Settings()
    no_env = bool(opts.get("no_env")) or _yaml_bool(os.environ.get("MAMBA_NO_ENV", "0"),
                                                    "no_env")
    env = EnvReader(no_env)
    no_rc = bool(opts.get("no_rc")) or _yaml_bool(env.get("MAMBA_NO_RC") or "0", "no_rc")

    settings.root_prefix = resolve_root_prefix(opts)
    settings.target_prefix = resolve_target_prefix(opts, settings.root_prefix, create=create,
                                                   create_base=create_base)
    if check_prefix:
        check_target_prefix(settings.target_prefix, create=create)

    # rc_files: CLI --rc-file, then MAMBARC, then CONDARC (merged); they replace the default
    # search (design). rc_files_hook: --no-rc aborts, every file must exist.
    rc_files = _merge_lists(list(opts.get("rc_files") or []),
                            [v for v in (env.get("MAMBARC"), env.get("CONDARC")) if v])
    if rc_files:
        if no_rc:
            raise Abort("Incompatible configuration. Aborting.",
                        ["Configuration files disabled by 'no_rc'"])
        rc_files = [expand_home(f) for f in rc_files]
        for path in rc_files:
            if not os.path.exists(path):
                raise Abort("Aborting.", [
                    f"Configuration file specified but does not exist at '{path}'"])
        sources = rc_files  # given order is precedence order
    elif no_rc:
        sources = []
    else:
        sources = list(reversed(default_rc_sources(settings.root_prefix,
                                                   settings.target_prefix)))
    rc = load_rc_files(sources)
    settings.rc_files = [path for path, _ in rc]

    settings.channel_alias = str(_first(opts.get("channel_alias"),
                                        env.get("MAMBA_CHANNEL_ALIAS"),
                                        _rc_scalar(rc, "channel_alias"),
                                        DEFAULT_CHANNEL_ALIAS)).rstrip("/")
    default_channels = _merge_lists(env.get_list("MAMBA_DEFAULT_CHANNELS"),
                                    _rc_list(rc, "default_channels"))
    if default_channels:
        settings.default_channels = default_channels

    # channels: CLI > CONDA_CHANNELS > rc, merged. --override-channels adds "nodefaults" to
    # the CLI channels, which then replace everything (channels_hook; design).
    cli_channels = list(opts.get("channels") or [])
    if opts.get("override_channels"):
        cli_channels.append("nodefaults")
    if "nodefaults" in cli_channels:
        channels = cli_channels
    else:
        channels = _merge_lists(cli_channels, env.get_list("CONDA_CHANNELS"),
                                _rc_list(rc, "channels"))
    settings.channels = [c for c in channels if c != "nodefaults"]

    # channel priority (common_options.cpp strict/no_channel_priority hooks)
    cli_priority = opts.get("channel_priority")
    env_priority = env.get("MAMBA_CHANNEL_PRIORITY")
    configured = cli_priority or (env_priority.strip().lower() if env_priority else None)
    if opts.get("strict_channel_priority"):
        if configured and configured != "strict":
            raise Abort("Cannot set both 'strict_channel_priority' and 'channel_priority'.")
        if opts.get("no_channel_priority"):
            raise Abort("Cannot set both 'strict_channel_priority' and 'no_channel_priority'.")
        cli_priority = "strict"
    if opts.get("no_channel_priority"):
        if configured and configured != "disabled":
            raise Abort("Cannot set both 'no_channel_priority' and 'channel_priority'.")
        cli_priority = "disabled"
    priority = str(_first(cli_priority, env_priority, _rc_scalar(rc, "channel_priority"),
                          "flexible")).strip().lower()
    # "True is now an alias to 'flexible'" (channel_priority long description)
    priority = {"true": "flexible", "false": "disabled"}.get(priority, priority)
    if priority not in ("strict", "flexible", "disabled"):
        raise Abort(f"Bad conversion of configurable 'channel_priority': '{priority}'")
    settings.channel_priority = priority

    # pkgs_dirs: CONDA_PKGS_DIRS > rc, merged; fallback <root>/pkgs, ~/.mamba/pkgs (design)
    pkgs_dirs = _merge_lists(env.get_list("CONDA_PKGS_DIRS"), _rc_list(rc, "pkgs_dirs"))
    if not pkgs_dirs:
        pkgs_dirs = [os.path.join(settings.root_prefix, "pkgs"),
                     os.path.join(user_home_dir(), ".mamba", "pkgs")]
    settings.pkgs_dirs = []
    for directory in pkgs_dirs:
        directory = canonical(directory)
        if os.path.exists(directory) and not os.path.isdir(directory):
            raise Abort("Aborting.", [f"Packages dir specified is not a directory: {directory}"])
        if directory not in settings.pkgs_dirs:
            settings.pkgs_dirs.append(directory)

    def flag(cli_key: str, key: str) -> bool:
        if opts.get(cli_key):
            return True
        value = _first(env.get("MAMBA_" + key.upper()), _rc_scalar(rc, key))
        return _yaml_bool(value, key) if value is not None else False

    settings.always_yes = flag("yes", "always_yes")
    settings.always_copy = flag("always_copy", "always_copy")
    settings.offline = flag("offline", "offline")
    settings.dry_run = flag("dry_run", "dry_run")
    pip_value = _first(env.get("MAMBA_ADD_PIP_AS_PYTHON_DEPENDENCY"),
                       _rc_scalar(rc, "add_pip_as_python_dependency"))
    if pip_value is not None:
        settings.add_pip_as_python_dependency = _yaml_bool(pip_value,
                                                           "add_pip_as_python_dependency")
    zst = _rc_scalar(rc, "repodata_use_zst")  # MAMBA_REPODATA_USE_ZST did not silence it
    if zst is not None:
        settings.repodata_use_zst = _yaml_bool(zst, "repodata_use_zst")
    return settings


# ------------------------------------------------------------------------------------------
# Channels and package records
# ------------------------------------------------------------------------------------------


def channel_url(channel: str, settings: Settings) -> list[str]:
    """Resolve a channel string to base URLs (no trailing slash)."""
    channel = channel.strip()
    if channel == "defaults":
        return [u for c in settings.default_channels for u in channel_url(c, settings)]
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", channel):
        return [channel.rstrip("/")]
    if (os.path.isabs(expand_home(channel)) or channel.startswith(("./", "../"))
            or channel in (".", "..")):
        return [Path(canonical(channel)).as_uri()]
    return [f"{settings.channel_alias}/{channel.strip('/')}"]


def display_channel(url: str, settings: Settings) -> str:
    url = url.rstrip("/")
    for alias in (settings.channel_alias, DEFAULT_CHANNEL_ALIAS):
        if url.startswith(alias + "/"):
            return url[len(alias) + 1:]
    return url


def _stem(file_name: str) -> str:
    for suffix in (".tar.bz2", ".conda"):
        if file_name.endswith(suffix):
            return file_name[: -len(suffix)]
    return file_name


def _spec_name(spec: str) -> str:
    spec = spec.strip()
    if "::" in spec:
        spec = spec.split("::", 1)[1]
    match = re.match(r"^[A-Za-z0-9_.\-*]+", spec)
    return match.group(0).lower() if match else spec.lower()


def _human_size(size: int | None) -> str:
    if not size:
        return ""
    value = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{size} B"


def read_installed(prefix: str) -> dict[str, object]:
    import rattler

    installed: dict[str, object] = {}
    meta = Path(prefix, "conda-meta")
    if meta.is_dir():
        for path in sorted(meta.glob("*.json")):
            record = rattler.PrefixRecord.from_path(path)
            installed[record.name.normalized] = record
    return installed


def _topological(records: list) -> list:
    """Dependencies before dependents (stable by name otherwise)."""
    by_name = {r.name.normalized: r for r in records}
    ordered: list = []
    state: dict[str, int] = {}

    def visit(name: str) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            return  # cycle: keep going
        state[name] = 1
        for dep in by_name[name].depends:
            dep_name = _spec_name(dep)
            if dep_name in by_name:
                visit(dep_name)
        state[name] = 2
        ordered.append(by_name[name])

    for name in sorted(by_name):
        visit(name)
    return ordered


# ------------------------------------------------------------------------------------------
# Prompts
# ------------------------------------------------------------------------------------------


def prompt(message: str, fallback: str, settings: Settings) -> bool:
    """Console::prompt (output.cpp 2.3.3): always_yes answers yes; otherwise one line is read
    from stdin whatever it is connected to, and an empty answer or end of input means the
    fallback."""
    if settings.always_yes:
        return True
    while True:
        choices = {"n": "[y/N] ", "y": "[Y/n] "}.get(fallback, "[y/n] ")
        sys.stdout.write(f"{message}: {choices}")
        sys.stdout.flush()
        line = sys.stdin.readline() if sys.stdin else ""
        response = line.rstrip("\r\n")
        if not response:
            response = fallback
        if response in ("yes", "Yes", "y", "Y"):
            return True
        if response in ("no", "No", "n", "N"):
            OUT.print("Aborted.")
            return False
        if not line:
            return fallback == "y"


# ------------------------------------------------------------------------------------------
# Transactions
# ------------------------------------------------------------------------------------------


class Action:
    def __init__(self, kind: str, new=None, old=None) -> None:
        self.kind = kind  # Install, Remove, Upgrade, Downgrade, Change
        self.new = new
        self.old = old

    @property
    def name(self) -> str:
        return (self.new or self.old).name.normalized


def compute_actions(installed: dict[str, object], desired: list) -> list[Action]:
    import rattler

    actions: list[Action] = []
    desired_names = set()
    for record in desired:
        name = record.name.normalized
        desired_names.add(name)
        old = installed.get(name)
        if old is None:
            actions.append(Action("Install", new=record))
        elif (str(old.version), str(old.build)) != (str(record.version), str(record.build)):
            old_v, new_v = rattler.Version(str(old.version)), rattler.Version(str(record.version))
            kind = "Upgrade" if new_v > old_v else "Downgrade" if new_v < old_v else "Change"
            actions.append(Action(kind, new=record, old=old))
    for name, old in installed.items():
        if name not in desired_names:
            actions.append(Action("Remove", old=old))
    return actions


def print_transaction(settings: Settings, actions: list[Action], update_specs: list[str],
                      cache_dirs: list[str]) -> None:
    OUT.print("Transaction\n")
    OUT.print(f"  Prefix: {settings.target_prefix}\n")
    if not actions:
        OUT.print("  All requested packages already installed\n" if update_specs
                  else "  Nothing to do\n")
        return
    if update_specs:
        OUT.print("  Updating specs:\n")
        for spec in update_specs:
            OUT.print(f"   - {spec}")
    OUT.print("\n")

    def cached(record) -> bool:
        return any(os.path.isdir(os.path.join(d, _stem(record.file_name))) for d in cache_dirs)

    rows: dict[str, list[tuple[str, str, str, str, str]]] = {}
    total = 0
    for action in sorted(actions, key=lambda a: a.name):
        group = rows.setdefault(action.kind + ":", [])
        if action.old is not None:
            old = action.old
            group.append((f"- {old.name.normalized}", str(old.version), str(old.build),
                          display_channel(str(old.channel or ""), settings), ""))
        if action.new is not None:
            new = action.new
            size = "Cached" if cached(new) else _human_size(new.size)
            if size != "Cached":
                total += new.size or 0
            group.append((f"+ {new.name.normalized}", str(new.version), str(new.build),
                          display_channel(str(new.channel or ""), settings), size))
    all_rows = [r for group in rows.values() for r in group]
    header = ("Package", "Version", "Build", "Channel", "Size")
    widths = [max(len(header[i]), *(len(r[i]) for r in all_rows)) for i in range(5)]
    rule = "\u2500" * (sum(widths) + 2 * 4 + 2 + 5)

    def fmt(row: tuple[str, ...]) -> str:
        return ("  " + row[0].ljust(widths[0]) + "  " + row[1].rjust(widths[1]) + "  "
                + row[2].ljust(widths[2]) + "  " + row[3].ljust(widths[3]) + "  "
                + row[4].rjust(widths[4]))

    OUT.print(fmt(header))
    OUT.print(rule)
    summary = ["  Summary:", ""]
    for kind in ("Install:", "Remove:", "Change:", "Upgrade:", "Downgrade:"):
        if kind not in rows:
            continue
        OUT.print(f"  {kind}")
        OUT.print(rule + "\n")
        for row in rows[kind]:
            OUT.print(fmt(row))
        OUT.print("")
        count = len([a for a in actions if a.kind + ":" == kind])
        summary.append(f"  {kind} {count} packages")
    summary += ["", f"  Total download: {_human_size(total) or '0 B'}", ""]
    OUT.print("\n".join(summary))
    OUT.print(rule + "\n")


def append_history(prefix: str, argv: list[str], link: list, unlink: list,
                   update_specs: list[str], urls: dict[str, str] | None = None) -> None:
    """History::add_entry (history.cpp, 2.3.3)."""
    urls = urls or {}

    def dist(record) -> str:
        url = urls.get(record.name.normalized, str(record.url))
        return f"{url.rsplit('/', 1)[0]}::{_stem(record.file_name)}"

    lines = [
        f"==> {datetime.datetime.now().strftime('%Y-%m-%d %H:%M:%S')} <==",
        "# cmd: " + " ".join([_argv0(), *argv]),
        f"# conda version: {CONDA_VERSION}",
    ]
    lines += ["-" + dist(r) for r in unlink]
    lines += ["+" + dist(r) for r in link]
    if update_specs:
        lines.append("# update specs: [" + ", ".join(json.dumps(s) for s in update_specs) + "]")
    history = Path(prefix, "conda-meta", "history")
    history.parent.mkdir(parents=True, exist_ok=True)
    with open(history, "a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def register_env(prefix: str) -> None:
    """EnvironmentsManager::register_env (environments_manager.cpp, 2.3.3; design)."""
    env_txt = Path(user_home_dir(), ".conda", "environments.txt")
    location = os.path.abspath(prefix).rstrip(os.sep)
    try:
        env_txt.parent.mkdir(parents=True, exist_ok=True)
        env_txt.touch()
    except OSError:
        pass
    if "placehold_pl" in location or "skeleton_" in location:
        return
    try:
        lines = env_txt.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    if location in lines:
        return
    try:
        with open(env_txt, "a", encoding="utf-8") as handle:
            handle.write(location + "\n")
    except OSError:
        OUT.error(f"Could not register environment. {env_txt} not writeable or missing?")


def create_target_directory(prefix: str) -> None:
    history = Path(prefix, "conda-meta", "history")
    history.parent.mkdir(parents=True, exist_ok=True)
    history.touch()
    register_env(prefix)


def print_activation_message(settings: Settings) -> None:
    if os.environ.get("CONDA_PREFIX") == settings.target_prefix:
        return
    prefix = settings.target_prefix
    if prefix == settings.root_prefix:
        environment = "base"
    elif os.path.dirname(prefix) == os.path.join(settings.root_prefix, "envs"):
        environment = os.path.basename(prefix)
    else:
        environment = prefix
    exe = _exe_name()
    flag = "-p " if environment == prefix else "-n "
    OUT.print(f"\nTo activate this environment, use:\n\n    {exe} activate {environment}\n\n"
              "Or to execute a single command in this environment, use:\n\n"
              f"    {exe} run {flag}{environment} mycommand\n")


def _make_reporter(started: set[str]):
    import rattler

    class Reporter(rattler.InstallerReporter):
        def on_link_start(self, operation: int, package_name: str) -> int:
            started.add(package_name)
            return 0

        def on_unlink_start(self, operation: int, package_name: str) -> int:
            started.add("-" + package_name)
            return 0

    return Reporter()


def temp_directory_path() -> str:
    """std::filesystem::temp_directory_path() as libstdc++ does it: the first of TMPDIR, TMP,
    TEMP, TEMPDIR that is set, else /tmp; an error if that is not a directory (Python's
    tempfile.gettempdir() would silently fall back to another folder instead)."""
    path = "/tmp"
    for variable in ("TMPDIR", "TMP", "TEMP", "TEMPDIR"):
        value = os.environ.get(variable)
        if value is not None:
            path = value
            break
    if not os.path.isdir(path):
        raise Abort(f"filesystem error: temp_directory_path: Not a directory [{path}]")
    return path


def _client():
    import rattler

    return rattler.Client.default_client(max_retries=NETWORK_RETRIES,
                                         timeout=NETWORK_TIMEOUT_SECONDS)


def _package_cache(settings: Settings):
    import rattler

    first = settings.pkgs_dirs[0]
    Path(first).mkdir(parents=True, exist_ok=True)
    layers = [first] + [d for d in settings.pkgs_dirs[1:] if os.path.isdir(d)]
    return rattler.PackageCache.new_layered(layers)


def _write_repodata_records(prefix: str, names: set[str]) -> None:
    """Put info/repodata_record.json into the extracted packages, as micromamba's cache has."""
    prefix_keys = ("files", "paths_data", "link", "extracted_package_dir", "requested_spec",
                   "requested_specs", "package_tarball_full_path")
    for path in Path(prefix, "conda-meta").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("name") not in names or not data.get("extracted_package_dir"):
            continue
        info = Path(data["extracted_package_dir"], "info")
        if info.is_dir():
            record = {k: v for k, v in data.items() if k not in prefix_keys}
            (info / "repodata_record.json").write_text(json.dumps(record, indent=2),
                                                         encoding="utf-8")


def _fix_prefix_records(prefix: str, changes: dict[str, dict[str, object]]) -> None:
    for path in Path(prefix, "conda-meta").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        update = changes.get(str(data.get("name")))
        if update:
            data.update(update)
            path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def run_transaction(settings: Settings, argv: list[str], *, installed: dict[str, object],
                    desired: list, update_specs: list[str], create_env: bool,
                    record_updates: dict[str, dict[str, object]] | None = None,
                    json_out: dict[str, object]) -> None:
    """MTransaction prompt + execute (transaction.cpp, install.cpp, 2.3.3)."""
    actions = compute_actions(installed, desired)
    print_transaction(settings, actions, update_specs, settings.pkgs_dirs)
    link = _topological([a.new for a in actions if a.new is not None])
    unlink = [a.old for a in actions if a.old is not None]
    json_out["actions"] = {
        "PREFIX": settings.target_prefix,
        "FETCH": [_record_json(r) for r in link],
        "LINK": [_record_json(r) for r in link],
        "UNLINK": [_record_json(r) for r in unlink],
    }
    json_out["dry_run"] = settings.dry_run
    json_out["prefix"] = settings.target_prefix
    if not actions:
        json_out["message"] = "All requested packages already installed"
    json_out["success"] = True
    if not (settings.dry_run or not actions) and not prompt("Confirm changes", "y", settings):
        return
    if create_env and not settings.dry_run:
        create_target_directory(settings.target_prefix)
    if settings.dry_run:
        OUT.print("Dry run. Not executing the transaction.")
    else:
        OUT.print("\nTransaction starting")
        if actions:
            _link(settings, installed, desired, link, unlink, update_specs, record_updates)
        OUT.print("\nTransaction finished\n")
        # "+<channel URL with platform>::<dist>": 2.3.3 normalises pkg.channel to
        # platform_url() before linking (transaction.cpp), so history lines carry URLs.
        urls = {name: str(u["url"]) for name, u in (record_updates or {}).items() if "url" in u}
        append_history(settings.target_prefix, argv, link, unlink, update_specs, urls)
    if create_env or (MAJOR < 2 and actions and not settings.dry_run):
        print_activation_message(settings)  # 1.x says it after `install` too (facts 16)


def _link(settings: Settings, installed: dict[str, object], desired: list, link: list,
          unlink: list, update_specs: list[str],
          record_updates: dict[str, dict[str, object]] | None) -> None:
    import rattler

    prefix = settings.target_prefix
    tag = Path(prefix, "CACHEDIR.TAG")
    had_tag = tag.exists()
    config = None
    if settings.always_copy:
        config = rattler.Config.from_toml(
            "allow-hard-links = false\nallow-symbolic-links = false\nallow-ref-links = false\n")
    started: set[str] = set()
    reporter = _make_reporter(started)

    def report(everything: bool) -> None:
        # rattler links in parallel; the lines are printed in micromamba's order (unlink, then
        # link in dependency order) once rattler is done, for the packages it got to.
        for record in unlink:
            if everything or "-" + record.name.normalized in started:
                OUT.print(f"Unlinking {_stem(record.file_name)}")
        for record in link:
            if everything or record.name.normalized in started:
                OUT.print(f"Linking {_stem(record.file_name)}")

    # micromamba writes mambaf* temporary files into $TMPDIR while linking (design).
    handle, temp_path = tempfile.mkstemp(prefix="mambaf", dir=temp_directory_path())
    os.close(handle)
    try:
        asyncio.run(rattler.install(
            records=desired,
            target_prefix=prefix,
            installed_packages=list(installed.values()),
            execute_link_scripts=True,  # link.cpp runs post-link scripts unconditionally
            show_progress=False,
            client=_client(),
            reporter=reporter,
            config=config,
            package_cache=_package_cache(settings),
        ))
    except BaseException:
        report(everything=False)
        raise
    else:
        report(everything=True)
    finally:
        if not os.environ.get("CONDA_TEST_SAVE_TEMPS"):
            with contextlib.suppress(OSError):
                os.unlink(temp_path)
    if not had_tag and tag.exists() and "rattler" in tag.read_text(errors="replace"):
        tag.unlink()  # rattler tags the prefix as a cache directory; micromamba does not
    requested = {_spec_name(s): s for s in update_specs}
    changes: dict[str, dict[str, object]] = {}
    for record in link:
        name = record.name.normalized
        change = dict((record_updates or {}).get(name, {}))
        if name in requested:
            change["requested_spec"] = requested[name]
            change["requested_specs"] = [requested[name]]
        if change:
            changes[name] = change
    _fix_prefix_records(prefix, changes)
    _write_repodata_records(prefix, {r.name.normalized for r in link})


def _record_json(record) -> dict[str, object]:
    return {
        "name": record.name.normalized,
        "version": str(record.version),
        "build_string": str(record.build),
        "build_number": record.build_number,
        "channel": str(record.channel or ""),
        "subdir": record.subdir,
        "fn": record.file_name,
        "url": str(record.url),
        "md5": record.md5.hex() if record.md5 else "",
        "sha256": record.sha256.hex() if record.sha256 else "",
    }


# ------------------------------------------------------------------------------------------
# install / create
# ------------------------------------------------------------------------------------------


def read_file_specs(files: list[str]) -> tuple[list[str], list[str] | None]:
    """file_specs_hook (install.cpp 2.3.3). Returns (specs, explicit URLs or None)."""
    kinds = set()
    for file in files:
        if file.endswith(("-lock.yml", "-lock.yaml")):
            kinds.add("lockfile")
        elif file.endswith((".yml", ".yaml")):
            kinds.add("yaml")
        else:
            kinds.add("other")
    if len(kinds) > 1:
        raise Abort("found multiple spec file types, all spec files must be of same format "
                    "(yaml, txt, explicit spec, etc.)")
    if kinds & {"lockfile", "yaml"}:
        raise NotImplementedByStandIn("environment YAML files and conda-lock files for -f")
    specs: list[str] = []
    explicit: list[str] | None = None
    for file in files:
        try:
            with open(file, encoding="utf-8") as handle:
                lines = handle.read().splitlines()
        except OSError as exc:
            raise Abort(f"Couldn't open file: {file} ({exc.strerror})") from None
        if not lines:
            raise Abort(f"Got an empty file: {file}")
        if any(line.startswith("@EXPLICIT") for line in lines):
            start = next(i for i, line in enumerate(lines) if line.startswith("@EXPLICIT"))
            urls = [line.strip() for line in lines[start + 1:]
                    if line.strip() and not line.strip().startswith("#")]
            explicit = (explicit or []) + urls
        else:
            specs += [line.strip() for line in lines
                      if line.strip() and not line.strip().startswith("#")]
    return specs, explicit


def cmd_install(opts: Options, argv: list[str], *, create: bool) -> dict[str, object]:
    json_out: dict[str, object] = {}
    settings = resolve_settings(opts, create=create, create_base=not create)
    specs = list(opts.positionals)
    file_specs, explicit = read_file_specs(list(opts.get("files") or []))
    if explicit is not None and (specs or file_specs):
        # Deliberately stricter than micromamba 2.3.3, which silently drops the other specs.
        raise Abort("Cannot mix explicit spec files (@EXPLICIT) with other specs: micromamba "
                    "would silently ignore them (refused by the micromamba stand-in)")
    specs += file_specs
    prefix = settings.target_prefix

    if create and not settings.dry_run:
        # create.cpp (design)
        if os.path.lexists(prefix):
            if prefix == settings.root_prefix:
                raise Abort("Overwriting root prefix is not permitted - aborting.",
                            ["Overwriting root prefix is not permitted - aborting."])
            if not os.path.isdir(prefix):
                message = "Target prefix already exists and is not a folder - aborting."
                raise Abort(message, [message])
            if not os.listdir(prefix):
                OUT.warning("Using existing empty folder as target prefix")
            elif os.path.exists(os.path.join(prefix, "conda-meta")):
                if prompt(f"Found conda-prefix at '{prefix}'. Overwrite?", "n", settings):
                    shutil.rmtree(prefix)
                else:
                    raise Abort("Aborting.")
            else:
                message = "Non-conda folder exists at prefix - aborting."
                raise Abort(message, [message])
        if not specs and explicit is None:
            create_target_directory(prefix)
            OUT.print(f"Empty environment created at prefix: {prefix}")
            json_out["success"] = True
            return json_out
    if not specs and explicit is None:
        if not create:
            OUT.print("Nothing to do.")
        return json_out

    Path(settings.pkgs_dirs[0]).mkdir(parents=True, exist_ok=True)
    installed = {} if create else read_installed(prefix)
    if explicit is not None:
        desired, updates, update_specs = asyncio.run(_explicit_records(settings, explicit,
                                                                       installed))
        run_transaction(settings, argv, installed=installed, desired=desired,
                        update_specs=update_specs, create_env=create, record_updates=updates,
                        json_out=json_out)
        return json_out

    for spec in specs:  # populate_context_channels_from_specs
        if "::" in spec and spec.split("::", 1)[0] not in settings.channels:
            settings.channels.append(spec.split("::", 1)[0])
    if not settings.channels and not settings.offline:
        OUT.warning("No 'channels' specified")
    records = asyncio.run(_solve(settings, specs, installed))
    by_name = {r.name.normalized: r for r in records}
    desired = []
    for name, record in by_name.items():
        old = installed.get(name)
        same = old is not None and (str(old.version), str(old.build)) == (
            str(record.version), str(record.build))
        desired.append(old if same else record)
    run_transaction(settings, argv, installed=installed, desired=desired, update_specs=specs,
                    create_env=create, json_out=json_out)
    return json_out


class _CacheSource:
    """The package cache as a repodata source (create_repo_from_pkgs_dir, for --offline)."""

    def __init__(self, records: list) -> None:
        self.records = records

    async def fetch_package_records(self, platform, name) -> list:
        return [r for r in self.records
                if r.subdir == str(platform) and r.name.normalized == name.normalized]

    def package_names(self, platform) -> list[str]:
        return sorted({r.name.normalized for r in self.records if r.subdir == str(platform)})


def _cached_records(settings: Settings) -> list:
    import rattler

    records = []
    seen = set()
    for directory in settings.pkgs_dirs:
        if not os.path.isdir(directory):
            continue
        for entry in sorted(os.listdir(directory)):
            path = Path(directory, entry, "info", "repodata_record.json")
            if not path.is_file() or entry in seen:
                continue
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                package = rattler.PackageRecord.from_index_json(
                    path, data.get("size"), data.get("sha256"), data.get("md5"))
                record = rattler.RepoDataRecord(package, data["fn"], data["url"],
                                                data["channel"])
            except (OSError, ValueError, KeyError, Exception):  # noqa: BLE001 - skip bad entries
                continue
            seen.add(entry)
            records.append(record)
    return records


def _warn_missing_zst(settings: Settings, url: str, subdirs: list[str]) -> None:
    """2.x asks a file:// channel for repodata.json.zst first and warns twice per subdir when
    it is missing, before it falls back to repodata.json (issue 10, seen with 2.5.0);
    ``repodata_use_zst: false`` in an rc file stops it."""
    if MAJOR < 2 or not settings.repodata_use_zst or not url.startswith("file://"):
        return
    for subdir in subdirs:
        zst = f"{url}/{subdir}/repodata.json.zst"
        if not os.path.exists(urllib.request.url2pathname(urllib.parse.urlsplit(zst).path)):
            for _ in range(2):
                OUT.warning("Failed to load subdir: Download error (37) Couldn't read a "
                            f"file:// file [{zst}]")


async def _solve(settings: Settings, specs: list[str], installed: dict[str, object]) -> list:
    import rattler

    platforms = [rattler.Subdir.current(), rattler.Subdir("noarch")]
    if settings.offline:
        sources: list = [_CacheSource(_cached_records(settings))]
    else:
        sources = []
        for channel in settings.channels:
            for url in channel_url(channel, settings):
                if url not in [s.base_url.rstrip("/") for s in sources]:
                    sources.append(rattler.Channel(url))
                    _warn_missing_zst(settings, url, [str(p) for p in platforms])
    gateway = rattler.Gateway(cache_dir=os.path.join(settings.pkgs_dirs[0], "cache"),
                              client=_client(), show_progress=False)
    virtual = [v.into_generic() for v in rattler.VirtualPackage.detect(
        rattler.VirtualPackageOverrides.from_env())]
    requested = {_spec_name(s) for s in specs}
    # Installed packages stay installed (libsolv keeps the installed repo): ask for their
    # names and prefer their current records.
    keep = [name for name in installed if name not in requested]
    priority = {"strict": rattler.ChannelPriority.Strict,
                "flexible": rattler.ChannelPriority.Flexible,
                "disabled": rattler.ChannelPriority.Disabled}[settings.channel_priority]
    try:
        return await rattler.solve(
            sources=sources,
            specs=list(specs) + keep,
            gateway=gateway,
            platforms=platforms,
            locked_packages=list(installed.values()),
            virtual_packages=virtual,
            channel_priority=priority,
            channel_relations="disabled",
            add_pip_as_python_dependency=settings.add_pip_as_python_dependency,
        )
    except Exception as exc:  # noqa: BLE001 - rattler raises its own exception types
        kind = type(exc).__name__
        message = str(exc).strip()
        if kind == "SolverError":
            explanation = "\n".join("    " + line for line in message.splitlines())
            raise Abort("Could not solve for environment specs", [
                "Could not solve for environment specs\n" + explanation]) from None
        raise Abort(message or kind) from None


def _download(url: str, dest: Path) -> tuple[str, str]:
    """Fetch url to dest (via a temporary name next to it); return (md5, sha256) hex."""
    md5, sha256 = hashlib.md5(), hashlib.sha256()
    parsed = urllib.parse.urlparse(url)
    temp = dest.with_name(dest.name + ".partial")
    try:
        if parsed.scheme == "file":
            source = open(urllib.request.url2pathname(parsed.path), "rb")  # noqa: SIM115
        elif parsed.scheme in ("http", "https"):
            source = urllib.request.urlopen(url, timeout=NETWORK_TIMEOUT_SECONDS)  # noqa: S310
        else:
            raise Abort(f"Unsupported URL scheme in explicit spec: {url}")
        with source, open(temp, "wb") as out:
            while True:
                chunk = source.read(1 << 20)
                if not chunk:
                    break
                md5.update(chunk)
                sha256.update(chunk)
                out.write(chunk)
        os.replace(temp, dest)
    except OSError as exc:
        if parsed.scheme == "file":
            raise Abort(f"Download error (37) Couldn't read a file:// file [{url}]") from None
        raise Abort(f"Download error: could not fetch {url}: {exc}") from None
    finally:
        if temp.exists():
            temp.unlink()
    return md5.hexdigest(), sha256.hexdigest()


def _hash_file(path: Path) -> tuple[str, str]:
    md5, sha256 = hashlib.md5(), hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            md5.update(chunk)
            sha256.update(chunk)
    return md5.hexdigest(), sha256.hexdigest()


# conda platform names (specs/platform.hpp); an explicit URL's parent folder is its subdir only
# when it is one of these.
KNOWN_SUBDIRS = frozenset((
    "noarch", "linux-32", "linux-64", "linux-armv6l", "linux-armv7l", "linux-aarch64",
    "linux-ppc64le", "linux-ppc64", "linux-s390x", "linux-riscv32", "linux-riscv64", "osx-64",
    "osx-arm64", "win-32", "win-64", "win-arm64", "zos-z", "emscripten-wasm32", "wasi-wasm32"))


def _url_as_1x_reads_it(url: str) -> str:
    """1.x reads an explicit URL as CHANNEL/SUBDIR/FILENAME; when the parent folder is not a
    platform name it takes the whole folder for the channel and inserts this machine's platform
    (facts 16): .../bundle/pkgs/x.tar.bz2 is fetched from .../bundle/pkgs/linux-64/x.tar.bz2."""
    import rattler

    folder, _, file_name = url.rpartition("/")
    if folder.rpartition("/")[2] in KNOWN_SUBDIRS:
        return url
    platform = str(rattler.Subdir.current())
    dist = _stem(urllib.parse.unquote(file_name))
    OUT.print(f"{folder}/{platform}::{dist}")
    return f"{folder}/{platform}/{file_name}"


async def _explicit_records(settings: Settings, lines: list[str], installed: dict[str, object]):
    """create_explicit_transaction_from_urls: exactly these packages, no solve (design)."""
    import rattler

    cache = Path(settings.pkgs_dirs[0])
    records = []
    updates: dict[str, dict[str, object]] = {}
    specs: list[str] = []
    bad: list[str] = []
    for line in lines:
        url, _, fragment = line.partition("#")
        url = url.strip()
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", url):
            url = Path(canonical(url)).as_uri()
        expected_md5 = expected_sha = None
        fragment = fragment.strip()
        if fragment.startswith("sha256:"):
            expected_sha = fragment[len("sha256:"):].lower()
        elif fragment:
            expected_md5 = fragment.lower()
        file_name = urllib.parse.unquote(url.rsplit("/", 1)[-1])
        dest = cache / file_name
        if MAJOR < 2:
            url = _url_as_1x_reads_it(url)
        if settings.offline:
            if not dest.is_file():
                raise Abort(f"Package not found in the package cache (offline): {url}")
            md5, sha = _hash_file(dest)
        else:
            md5, sha = _download(url, dest)
        # SHA-256 wins if both are present (design)
        mismatch = None
        if expected_sha and expected_sha != sha:
            mismatch = ("SHA256", expected_sha, sha)
        elif expected_md5 and not expected_sha and expected_md5 != md5:
            mismatch = ("MD5", expected_md5, md5)
        if mismatch:
            bad.append(f'File not valid: {mismatch[0]} sum doesn\'t match expectation "{dest}"'
                       f"\nExpected: {mismatch[1]}\nActual: {mismatch[2]}")
            dest.unlink()
            continue
        record = await rattler.RepoDataRecord.from_package_archive(dest)
        record.md5 = bytes.fromhex(md5)
        record.sha256 = bytes.fromhex(sha)
        base = url.rsplit("/", 2)[0] + "/"
        # Link from the downloaded archive; conda-meta gets the original URL afterwards.
        record.url = dest.as_uri()
        record.channel = base
        name = record.name.normalized
        updates[name] = {"url": url, "channel": base, "fn": file_name}
        specs.append(f"{name}=={record.version}={record.build}")
        records.append(record)
    if bad:
        raise Abort("Found incorrect downloads. Aborting", bad)
    by_name = dict(installed)
    for record in records:
        old = installed.get(record.name.normalized)
        if old is None or (str(old.version), str(old.build)) != (
                str(record.version), str(record.build)):
            by_name[record.name.normalized] = record
    return list(by_name.values()), updates, specs


# ------------------------------------------------------------------------------------------
# env export --explicit
# ------------------------------------------------------------------------------------------


def cmd_export(opts: Options) -> None:
    if not opts.get("explicit"):
        raise NotImplementedByStandIn("env export without --explicit")
    if opts.get("json"):
        sys.stderr.write("Warning: `--json` and `--explicit` are used together but are "
                         "incompatible. The `--json` flag will be ignored.\n")
    settings = resolve_settings(opts, create=False, create_base=False, check_prefix=False)
    records = list(read_installed(settings.target_prefix).values())
    import rattler

    lines = ["# This file may be used to create an environment using:",
             "# $ conda create --name <env> --file <this file>",
             f"# platform: {rattler.Subdir.current()}",
             "@EXPLICIT"]
    for record in _topological(records):
        url = re.sub(r"^([a-z]+://)[^/@]+@", r"\1", str(record.url))  # credentials removed
        if not opts.get("no_md5") and record.md5:
            url += "#" + record.md5.hex()
        lines.append(url)
    sys.stdout.write("\n".join(lines) + "\n")


# ------------------------------------------------------------------------------------------
# main
# ------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = os.environ.get(_DEBUG_VARIABLE) == "1"
    json_out: dict[str, object] = {}
    try:
        opts = parse_args(argv)
        if opts.help:
            sys.stdout.write(_HELP)
            return 0
        if opts.version:
            if opts.get("json"):
                sys.stdout.write(json.dumps({"version": VERSION}) + "\n")
            else:
                sys.stdout.write(VERSION + "\n")
            return 0
        OUT.quiet = bool(opts.get("quiet"))
        OUT.json = bool(opts.get("json"))
        if not opts.command:
            sys.stdout.write(_HELP)
            return 0
        if opts.command[0] in ("install", "create"):
            json_out = cmd_install(opts, argv, create=opts.command[0] == "create")
        elif opts.command == ["env", "export"]:
            cmd_export(opts)
        if OUT.json and json_out:
            sys.stdout.write(json.dumps(json_out, indent=4) + "\n")
        return 0
    except CliError as exc:
        sys.stderr.write(f"{exc}\nRun with --help for more information.\n")
        return exc.code
    except NotImplementedByStandIn as exc:
        OUT.json = False
        OUT.log("critical", f"'{exc}' is not implemented by the micromamba TEST STAND-IN "
                            "(tests/standins/micromamba.py)")
        return 1
    except Abort as exc:
        for line in exc.errors:
            OUT.error(line)
        OUT.log("critical", str(exc))
        if debug:
            raise
        return 1
    except KeyboardInterrupt:
        OUT.log("critical", "Interrupted by user")
        return 1
    except Exception as exc:  # noqa: BLE001 - micromamba: any exception -> critical, exit 1
        if debug:
            import traceback

            traceback.print_exc()
        OUT.log("critical", str(exc) or type(exc).__name__)
        return 1


if __name__ == "__main__":
    _code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # rattler's Rust runtime may still have threads (aborted repodata requests) when the
    # interpreter finalizes, which can crash it (SIGABRT/SIGSEGV): leave without finalizing.
    os._exit(_code)
