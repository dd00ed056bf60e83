"""TEST STAND-IN command line (not micromamba's code): CLI11-like parsing of the options
envstrap and its tests pass, and main. Anything else fails loudly."""

from __future__ import annotations

import os
import sys

from . import VERSION
from .output import OUT, Abort, CliError, NotImplementedByStandIn

# CLI11 exit codes (design): ExtrasError, ArgumentMismatch.
EXIT_EXTRAS = 109
EXIT_ARGUMENT_MISMATCH = 114

_SUBCOMMANDS = ("shell", "create", "install", "update", "self-update", "repoquery", "remove",
                "uninstall", "list", "package", "clean", "config", "info", "constructor", "env",
                "activate", "run", "ps", "auth", "search", "deactivate", "completer", "login",
                "logout")

# name -> (destination, takes a value, repeatable)
_GENERAL = {
    "-r": ("root_prefix", True, False), "--root-prefix": ("root_prefix", True, False),
    "--rc-file": ("rc_files", True, True), "--no-rc": ("no_rc", False, False),
    "--no-env": ("no_env", False, False), "-y": ("yes", False, False),
    "--yes": ("yes", False, False), "--dry-run": ("dry_run", False, False),
    "--offline": ("offline", False, False),
}
_INSTALL = {
    **_GENERAL,
    "-p": ("prefix", True, False), "--prefix": ("prefix", True, False),
    "-c": ("channels", True, True), "--channel": ("channels", True, True),
    "--override-channels": ("override_channels", False, False),
    "--strict-channel-priority": ("strict_channel_priority", False, False),
    "--channel-alias": ("channel_alias", True, False),
    "-f": ("files", True, True), "--file": ("files", True, True),
}

HELP = f"""Version: {VERSION}

TEST STAND-IN for micromamba (tests/standins/micromamba.py). It is NOT micromamba.

Usage: micromamba [OPTIONS] [SUBCOMMAND]

  --version                   print the version ({VERSION})
  install, create             with -r, -p, --rc-file, --no-rc, --no-env, -y, --dry-run,
                              --offline, -c, --override-channels, --strict-channel-priority,
                              --channel-alias, -f and match specs
"""


def parse_args(argv: list[str]) -> tuple[str, dict, list[str]]:
    """(subcommand, options, specs); "" for --help/--version/nothing, "version" for --version.
    An unknown option: CLI11's "The following argument was not expected", exit 109."""
    command, opts, specs = "", {}, []
    table = _GENERAL
    i = 0
    while i < len(argv):
        token = argv[i]
        i += 1
        if token in ("-h", "--help") or (token == "--version" and not command):
            return ("help" if token != "--version" else "version"), opts, specs
        if not token.startswith("-") or token == "-":
            if not command and token in _SUBCOMMANDS:
                if token not in ("install", "create"):
                    raise NotImplementedByStandIn(token)
                command, table = token, _INSTALL
            elif command:
                specs.append(token)
            else:
                raise CliError(f"The following argument was not expected: {token}", EXIT_EXTRAS)
            continue
        name, eq, attached = token.partition("=") if token.startswith("--") else (
            token[:2], "=" if len(token) > 2 else "", token[2:])
        spec = table.get(name)
        if spec is None or (eq and not spec[1]):
            raise CliError(f"The following argument was not expected: {token}", EXIT_EXTRAS)
        dest, takes_value, repeatable = spec
        value: object = True
        if takes_value:
            if not eq:
                if i >= len(argv):
                    raise CliError(f"{name}: 1 required TEXT missing", EXIT_ARGUMENT_MISMATCH)
                attached, i = argv[i], i + 1
            value = attached
        if repeatable:
            opts.setdefault(dest, []).append(value)
        else:
            opts[dest] = value
    return command, opts, specs


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = os.environ.get("MICROMAMBA_STANDIN_DEBUG") == "1"
    try:
        command, opts, specs = parse_args(argv)
        if command == "version":
            sys.stdout.write(VERSION + "\n")
        elif command in ("", "help"):
            sys.stdout.write(HELP)
        else:
            from tests.standins.mamba_standin.install import install

            install(opts, specs, argv, create=command == "create")
        return 0
    except CliError as exc:
        sys.stderr.write(f"{exc}\nRun with --help for more information.\n")
        return exc.code
    except NotImplementedByStandIn as exc:
        OUT.log("critical", f"'{exc}' is not implemented by the micromamba TEST STAND-IN "
                            "(tests/standins/micromamba.py)")
        return 1
    except Abort as exc:
        for line in exc.errors:
            OUT.log("error", line)
        OUT.log("critical", str(exc))
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

