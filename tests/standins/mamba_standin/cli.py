"""TEST STAND-IN command line (not micromamba's code): CLI11-like parsing of the options envstrap
and its tests pass, and main. Anything else fails loudly."""

from __future__ import annotations

import sys

from . import VERSION, Abort, CliError, NotImplementedByStandIn, log

EXIT_ARGUMENT_MISMATCH = 114  # CLI11: an option without its value
SUBCOMMANDS = {  # micromamba's; only install and create are implemented
    "shell", "create", "install", "update", "self-update", "repoquery", "remove", "uninstall",
    "list", "package", "clean", "config", "info", "constructor", "env", "activate", "run", "ps",
    "auth", "search", "deactivate", "completer", "login", "logout"}
# spellings -> [destination, kind: "flag", "value" or "list" (repeatable)]; GENERAL options go
# anywhere, INSTALL options after install or create
GENERAL = {n: v for names, *v in (
    ("-r --root-prefix", "root_prefix", "value"), ("--rc-file", "rc_files", "list"),
    ("--no-rc", "no_rc", "flag"), ("--no-env", "no_env", "flag"), ("-y --yes", "yes", "flag"),
    ("--offline", "offline", "flag")) for n in names.split()}
INSTALL = {**GENERAL, **{n: v for names, *v in (
    ("-p --prefix", "prefix", "value"), ("-c --channel", "channels", "list"),
    ("-f --file", "files", "list"), ("--override-channels", "override_channels", "flag"),
    ("--strict-channel-priority", "strict_channel_priority", "flag"),
    ("--channel-alias", "channel_alias", "value")) for n in names.split()}}


def parse_args(argv: list[str]) -> tuple[str, dict, list[str]]:
    """(subcommand or "version", options, specs)."""
    command, opts, specs, table = "", {}, [], GENERAL
    tokens = iter(argv)
    for token in tokens:
        if token == "--version" and not command:
            return "version", opts, specs
        if not token.startswith("-") or token == "-":
            if command:
                specs.append(token)
            elif token in ("install", "create"):
                command, table = token, INSTALL
            elif token in SUBCOMMANDS:
                raise NotImplementedByStandIn(token)
            else:
                raise CliError(f"The following argument was not expected: {token}")
            continue
        name, eq, value = (token.partition("=") if token.startswith("--")
                           else (token[:2], "=" if token[2:] else "", token[2:]))
        dest, kind = table.get(name, (None, None))
        if dest is None or (eq and kind == "flag"):
            if name in ("-h", "--help"):
                raise NotImplementedByStandIn(name)
            raise CliError(f"The following argument was not expected: {token}")
        if kind != "flag" and not eq:
            value = next(tokens, None)
            if value is None:
                raise CliError(f"{name}: 1 required TEXT missing", EXIT_ARGUMENT_MISMATCH)
        if kind == "list":
            opts.setdefault(dest, []).append(value)
        else:
            opts[dest] = True if kind == "flag" else value
    if not command:
        raise NotImplementedByStandIn("micromamba without a subcommand")
    return command, opts, specs


def main(argv: list[str]) -> int:
    """micromamba's main: CLI11's code for a parse error, else any error is critical, exit 1."""
    try:
        command, opts, specs = parse_args(argv)
        if command == "version":
            sys.stdout.write(VERSION + "\n")
        else:
            from .install import install

            install(opts, specs, argv, create=command == "create")
        return 0
    except CliError as exc:
        sys.stderr.write(f"{exc}\nRun with --help for more information.\n")
        return exc.code
    except NotImplementedByStandIn as exc:
        log("critical", f"'{exc}' is not implemented by the micromamba TEST STAND-IN "
                        "(tests/standins/micromamba.py)")
    except Abort as exc:
        for line in exc.errors:
            log("error", line)
        log("critical", str(exc))
    except KeyboardInterrupt:
        log("critical", "Interrupted by user")
    except Exception as exc:  # noqa: BLE001 - micromamba: any exception -> critical, exit 1
        log("critical", str(exc) or type(exc).__name__)
    return 1
