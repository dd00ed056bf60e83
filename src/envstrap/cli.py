"""The stage-1 command line: `python -m envstrap <command>`.

Commands return an exit code or raise EnvstrapError; main() is the one place that turns an error
into a message and an exit status.

The options of each command are data (Option), from which argparse's parser is built. A plain
command line (a command, its folders, whole option names each followed by its value), which is
what the bootstrap scripts write, is read straight from the same data without importing
argparse, whose import, gettext lookups and parser building were a tenth of finalize's start;
anything else (--help, --opt=value, abbreviations, mistakes) goes to argparse.
"""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING, Callable, NamedTuple

from envstrap import __version__
from envstrap.errors import EXIT_CODE_MEANINGS, EnvstrapError, ExitCode

if TYPE_CHECKING:
    import argparse

EXIT_CODES_HELP = "exit codes:\n" + "\n".join(
    f"  {int(code):>3}  {meaning}" for code, meaning in EXIT_CODE_MEANINGS.items()
)


class Option(NamedTuple):
    """One option of a command: what argparse is told, and what the plain reader reads."""

    flag: str
    help: str | None = None
    kind: str = "value"  # "value" (the last one given wins), "append" or "switch"
    dest: str = ""  # default: the flag's name
    default: object = ""
    metavar: str | None = None

    @property
    def name(self) -> str:
        return self.dest or self.flag.lstrip("-").replace("-", "_")


FINALIZE_OPTIONS = (
    Option("--python", "the Python version that was requested"),
    Option("--with", "an extra spec that was installed (repeatable)", "append", "extra_specs",
           metavar="SPEC"),
    Option("--channel", "a channel the environment uses (repeatable; default conda-forge)",
           "append", "channels", metavar="URL"),
    Option("--pkgs-dir", "the package cache (default TARGET/pkgs)"),
    Option("--micromamba-version"),
    Option("--micromamba-sha256"),
    Option("--micromamba-source", "where micromamba came from (URL)"),
    Option("--lock", "the explicit lock the environment was made from"),
    Option("--offline", "the environment was made offline", "switch", default=False),
    Option("--bundle", "the bundle the environment was made from"),
    Option("--started", "when stage 0 started (UTC, ISO 8601)"),
)

DOCTOR_OPTIONS = (
    Option("--json", "machine-readable output (schema 1): always one JSON object on stdout, "
                     "also when doctor cannot run", "switch", default=False),
    Option("--deep", "also run python, conda and mamba", "switch", default=False),
)

BUNDLE_OPTIONS = (
    Option("--micromamba", "the micromamba binary to include (default: the verified one in the "
                           "environment's package cache)", default=None),
)


def _add_options(parser: argparse.ArgumentParser, options: tuple[Option, ...]) -> None:
    for option in options:
        kwargs: dict = {"help": option.help, "default": option.default}
        if option.dest:
            kwargs["dest"] = option.dest
        if option.metavar:
            kwargs["metavar"] = option.metavar
        if option.kind == "append":
            kwargs.update(action="append", default=[])
        elif option.kind == "switch":
            kwargs["action"] = "store_true"
        parser.add_argument(option.flag, **kwargs)


def _run_finalize(args: argparse.Namespace) -> int:
    from envstrap.finalize import finalize
    from envstrap.manifest import BootstrapInfo

    info = BootstrapInfo(
        python_request=args.python, extra_specs=tuple(args.extra_specs),
        channels=tuple(args.channels), pkgs_dir=args.pkgs_dir,
        micromamba_version=args.micromamba_version, micromamba_sha256=args.micromamba_sha256,
        micromamba_source=args.micromamba_source, lock=args.lock, offline=args.offline,
        bundle=args.bundle,
        started=args.started,
    )
    layout = finalize(Path(os.path.abspath(args.target)), info)
    print(f"envstrap: environment ready in {layout.prefix}")
    return ExitCode.OK


def _run_doctor(args: argparse.Namespace) -> int:
    from envstrap import doctor
    from envstrap.doctor import report

    target = Path(args.target) if args.target else doctor.default_target(os.environ)
    ctx = doctor.make_context(target, os.environ, deep=args.deep)
    findings = doctor.run_checks(ctx)
    if args.json:
        print(report.render_json(ctx, findings))
    else:
        if hasattr(sys.stdout, "reconfigure"):  # a character the console lacks: an escape
            sys.stdout.reconfigure(errors="backslashreplace")
        colour = report.use_colour(sys.stdout.isatty(), os.environ)
        print(report.render_text(ctx, findings, colour))
    return doctor.exit_code(findings)


def _run_bundle(args: argparse.Namespace) -> int:
    from envstrap.bundle import make_bundle

    out = make_bundle(Path(os.path.abspath(args.target)), Path(os.path.abspath(args.out)),
                      Path(os.path.abspath(args.micromamba)) if args.micromamba else None)
    print(f"envstrap: bundle written to {out}")
    return ExitCode.OK


class Command(NamedTuple):
    """One command, as argparse (build_parser) and the plain reader (read_plain) both read it."""

    help: str
    description: str
    positionals: tuple[tuple[str, str], ...]  # each folder's name and help, in order
    required: int  # how many of the positionals must be given (the rest default to None)
    options: tuple[Option, ...]
    run: Callable[..., int]


COMMANDS = {
    "finalize": Command(
        help="finish an environment micromamba has just created",
        description="Write the environment's .condarc, activation scripts, manifest, explicit "
                    "lock and completion marker. Run by the bootstrap scripts with the new "
                    "environment's own Python.",
        positionals=(("target", "the environment folder"),), required=1,
        options=FINALIZE_OPTIONS, run=_run_finalize),
    "doctor": Command(
        help="check an environment and this shell for anything that breaks isolation",
        description="Check an envstrap environment and the current shell: missing pieces, "
                    "another active environment, foreign python/conda on PATH, PYTHONHOME/"
                    "PYTHONPATH, user site-packages, rc files and variables from outside, "
                    "cmd.exe AutoRun and long paths (Windows). Exit 0: no errors; 1: errors; "
                    f"{int(ExitCode.NOT_AN_ENVSTRAP_ENV)}: not an envstrap environment. doctor "
                    "reads the folder's files and the bootstrap scripts run it with the "
                    "environment's own Python: use it only on folders you trust.",
        positionals=(("target", "the environment folder (default: the active one)"),),
        required=0, options=DOCTOR_OPTIONS, run=_run_doctor),
    "bundle": Command(
        help="write a folder that recreates an environment with no network",
        description="Copy every package file of the environment (checked against its recorded "
                    "hash), its micromamba, its explicit lock and channels, and a SHA256SUMS "
                    "list into OUT. Use it with: envstrap.sh NEW --bundle OUT.",
        positionals=(("target", "a complete envstrap environment"),
                     ("out", "a new (or empty) folder for the bundle")), required=2,
        options=BUNDLE_OPTIONS, run=_run_bundle),
}


def read_plain(argv: list[str]) -> types.SimpleNamespace | None:
    """The arguments argparse would give for a plain command line: a command, then its folders
    and whole option names each followed by a value that does not start with "-", in any order.
    None for anything else."""
    command = COMMANDS.get(argv[0]) if argv else None
    if command is None:
        return None
    values: dict[str, object] = {o.name: [] if o.kind == "append" else o.default
                                 for o in command.options}
    flags = {o.flag: o for o in command.options}
    folders = []
    rest = iter(argv[1:])
    for word in rest:
        if not word.startswith("-"):
            folders.append(word)
            continue
        option = flags.get(word)
        if option is None:
            return None
        if option.kind == "switch":
            values[option.name] = True
            continue
        value = next(rest, None)
        if value is None or value.startswith("-"):
            return None
        if option.kind == "append":
            values[option.name].append(value)
        else:
            values[option.name] = value
    if not command.required <= len(folders) <= len(command.positionals):
        return None
    folders += [None] * (len(command.positionals) - len(folders))
    names = (name for name, _ in command.positionals)
    return types.SimpleNamespace(command=argv[0], run=command.run,
                                 **dict(zip(names, folders)), **values)


def build_parser() -> argparse.ArgumentParser:
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # argparse exits 2 itself; keep our wording
            raise EnvstrapError(message, ExitCode.USAGE, hint=f"see '{self.prog} --help'")

    parser = _Parser(
        prog="python -m envstrap",
        description="envstrap stage 1: finish and audit standalone conda environments.",
        epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"envstrap {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, command in COMMANDS.items():
        p = commands.add_parser(name, help=command.help, description=command.description,
                                epilog=EXIT_CODES_HELP,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
        for index, (folder, text) in enumerate(command.positionals):
            p.add_argument(folder, help=text, nargs=None if index < command.required else "?")
        _add_options(p, command.options)
        p.set_defaults(run=command.run)
    return parser


def _doctor_json_failure(argv: list[str], code: int, message: str) -> str | None:
    """For `doctor --json`, the JSON document that reports why doctor could not run (it promises
    one JSON object on stdout whatever happens); None for anything else. Read from the raw
    arguments, since the failure may be that they did not parse."""
    if not argv or argv[0] != "doctor" or "--json" not in argv[1:]:
        return None
    from envstrap.doctor import report

    given = [a for a in argv[1:] if not a.startswith("-")]
    return report.render_json_error(given[0] if given else "", "--deep" in argv, code, message)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = read_plain(argv)
        if args is None:
            parser = build_parser()
            args = parser.parse_args(argv)
            if not getattr(args, "run", None):
                parser.print_help(sys.stderr)
                return ExitCode.USAGE
        return int(args.run(args))
    except EnvstrapError as error:
        code, message, text = int(error.code), error.message, error.render()
    except KeyboardInterrupt:
        code, message = int(ExitCode.INTERRUPTED), "interrupted"
        text = f"envstrap: {message}"
    except Exception as exc:  # a bug: its traceback follows, after doctor --json's document
        document = _doctor_json_failure(argv, ExitCode.FAILED,
                                        f"internal error: {type(exc).__name__}: {exc}")
        if document is not None:
            print(document, flush=True)
        raise
    print(text, file=sys.stderr)
    document = _doctor_json_failure(argv, code, message)
    if document is not None:
        print(document)
    return code
