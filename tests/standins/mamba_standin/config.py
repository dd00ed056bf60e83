"""TEST STAND-IN configuration (not micromamba's code): paths, rc files, root and target
prefix, resolved as micromamba 2.x does for the options envstrap and the isolation tests use
(docs/design/micromamba.md)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from .output import OUT, Abort, exe_name

DEFAULT_CHANNEL_ALIAS = "https://conda.anaconda.org"


# ---- paths ---------------------------------------------------------------------------------


def user_home_dir() -> str:
    """$HOME if non-empty, else the passwd entry (util/environment.cpp)."""
    home = os.environ.get("HOME", "")
    if home:
        return home
    import pwd

    return pwd.getpwuid(os.getuid()).pw_dir


def expand_home(path: str) -> str:
    return user_home_dir() + path[1:] if path == "~" or path.startswith("~/") else path


def canonical(path: str) -> str:
    """fs::weakly_canonical(expand_home(path)) without a trailing separator."""
    return os.path.realpath(os.path.abspath(expand_home(path))).rstrip(os.sep) or os.sep


def _config_dir() -> str:
    return os.environ.get("XDG_CONFIG_HOME") or os.path.join(user_home_dir(), ".config")


def _yaml_bool(value: object, what: str) -> bool:
    text = str(value).strip().lower()
    if text in ("true", "yes", "y", "on", "1"):
        return True
    if text in ("false", "no", "n", "off", "0"):
        return False
    raise Abort(f"Bad conversion of configurable '{what}': '{value}' is not a boolean")


# ---- rc files: a YAML subset (top-level keys, scalars, block and flow lists, comments) ------


def _scalar(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return str(json.loads(text))
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    return text


def _strip_comment(line: str) -> str:
    quote = None
    for index, char in enumerate(line):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return line[:index]
    return line


def _flow_items(text: str) -> list[str]:
    items, current, quote = [], "", None
    for char in text:
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == ",":
            items.append(current)
            current = ""
            continue
        current += char
    return [_scalar(item) for item in [*items, current] if item.strip()]


def parse_rc_text(text: str) -> dict[str, object]:
    """The YAML subset of .condarc/.mambarc files; nested mappings are skipped."""
    result: dict[str, object] = {}
    key: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw).rstrip()
        stripped = line.strip()
        if not stripped or stripped in ("---", "..."):
            continue
        if stripped == "-" or stripped.startswith("- "):
            if key is None:
                raise ValueError(f"line {number}: list item outside of a key: {raw!r}")
            if not isinstance(result.get(key), list):
                result[key] = []
            result[key].append(_scalar(stripped[1:]))  # type: ignore[union-attr]
            continue
        match = re.match(r"""^("[^"]*"|'[^']*'|[^:'"]+?)\s*:(?:\s+(.*)|)$""", stripped)
        if not match:
            raise ValueError(f"line {number}: cannot parse {raw!r}")
        if line[0] in " \t":
            continue  # a nested mapping (custom_channels: ...): not interpreted
        key, value = _scalar(match.group(1)), (match.group(2) or "").strip()
        if value.startswith("[") and value.endswith("]"):
            result[key] = _flow_items(value[1:-1])
        else:
            result[key] = None if value in ("", "~", "null") else _scalar(value)
    return result


def _has_config_name(path: str) -> bool:
    """Only these names are read (configuration.cpp has_config_name, design)."""
    return (os.path.basename(path) in (".condarc", "condarc", ".mambarc", "mambarc")
            or path.endswith((".yml", ".yaml")))


def default_rc_sources(root: str, target: str) -> list[str]:
    """The default rc search, lowest precedence first (compute_default_rc_sources, 5.3):
    system, root prefix, conda's user files, $CONDA_PREFIX, mamba's user files, target."""
    conda, mamba = (".condarc", "condarc", "condarc.d"), (".mambarc", "mambarc", "mambarc.d")
    home, config = user_home_dir(), _config_dir()
    bases = [(b, (*conda, ".mambarc")) for b in ("/etc/conda", "/var/lib/conda", root)]
    bases += [(os.path.join(config, "conda"), conda), (os.path.join(home, ".conda"), conda),
              (home, (".condarc",))]
    bases += [(os.path.join(os.environ[v], sub), conda) for v, sub in (
        ("XDG_CONFIG_HOME", "conda"), ("CONDA_PREFIX", "")) if os.environ.get(v) is not None]
    bases += [(os.path.join(config, "mamba"), mamba), (os.path.join(home, ".mamba"), mamba),
              (home, (".mambarc",)), *([(target, (*conda, ".mambarc"))] if target else [])]
    # each location once, with its lowest precedence
    return list(dict.fromkeys(os.path.join(b, n) for b, names in bases for n in names))


def load_rc_files(highest_first: list[str]) -> list[tuple[str, dict[str, object]]]:
    """Existing config files (a folder's entries in name order), highest precedence first;
    $VAR and ${VAR} are expanded when set."""
    files = []
    for location in highest_first:
        if os.path.isdir(location):
            files += [os.path.join(location, e) for e in sorted(os.listdir(location))]
        elif os.path.isfile(location):
            files.append(location)
    loaded = []
    for path in (f for f in files if os.path.isfile(f) and _has_config_name(f)):
        try:
            with open(path, encoding="utf-8") as handle:
                text = re.sub(r"\$\{?(\w+)\}?", lambda m: os.environ.get(m.group(1), m.group(0)),
                              handle.read())
            loaded.append((path, parse_rc_text(text)))
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            OUT.log("error", f"Error in file {path}, skipping: {exc}")
    return loaded


# ---- settings ------------------------------------------------------------------------------


class Settings:
    """The resolved configuration of one install/create."""

    def __init__(self) -> None:
        self.root_prefix = self.target_prefix = ""
        self.channels: list[str] = []
        self.channel_alias = DEFAULT_CHANNEL_ALIAS
        self.channel_priority = "flexible"
        self.pkgs_dirs: list[str] = []
        self.always_yes = self.offline = self.dry_run = False
        self.add_pip_as_python_dependency = True
        self.repodata_use_zst = True  # 2.x default; only an rc file changes it (issue 10)


def _merge(*sources: list[str] | None) -> list[str]:
    return list(dict.fromkeys(item for source in sources for item in source or []))


def _env_list(name: str, no_env: bool) -> list[str] | None:
    """A list variable, parsed as the YAML flow list "[" + value + "]" (configuration_impl)."""
    value = None if no_env else os.environ.get(name)
    return None if value is None else _flow_items(value)


def _rc_value(rc: list[tuple[str, dict[str, object]]], key: str, kind: type) -> object:
    """The first (highest) rc value of `key` of the right kind; lists merge over all files."""
    values: list[str] = []
    for path, data in rc:
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, kind):
            OUT.log("error", f"Bad conversion of configurable '{key}' from source '{path}'")
        elif kind is list:
            values = _merge(values, [str(v) for v in value])
        else:
            return value
    return values if kind is list else None


def _qualifies_as_root(path: str) -> bool:
    return any(os.path.exists(os.path.join(path, n)) for n in ("pkgs", "conda-meta", "envs"))


def root_prefix(cli: str | None) -> str:
    """-r > MAMBA_ROOT_PREFIX (read even with --no-env) > ~/micromamba, if a root >
    $XDG_DATA_HOME/mamba (get_root_prefix, design; the exe's own env is not looked at)."""
    if cli or os.environ.get("MAMBA_ROOT_PREFIX"):
        return canonical(cli or os.environ["MAMBA_ROOT_PREFIX"])
    if _qualifies_as_root(os.path.join(user_home_dir(), "micromamba")):
        return canonical(os.path.join(user_home_dir(), "micromamba"))
    data = os.environ.get("XDG_DATA_HOME") or os.path.join(user_home_dir(), ".local", "share")
    fallback = os.path.join(data, "mamba")
    if os.path.exists(fallback) and not _qualifies_as_root(fallback):
        raise Abort(f'Could not use default root_prefix "{fallback}": Directory exists, is not '
                    "empty and not a conda prefix. Please set explicitly `MAMBA_ROOT_PREFIX` "
                    f'to "{fallback}" to skip this error.')
    return canonical(fallback)


def target_prefix(cli: str | None, root: str, *, create: bool) -> str:
    """-p, else (install only) $CONDA_PREFIX or the root; checked as install/create check it
    (design). `install` into the root prefix makes <root>/conda-meta/history."""
    prefix = canonical(cli or ("" if create else os.environ.get("CONDA_PREFIX") or root))
    if not cli and create:
        raise Abort("Aborting.", ["No target prefix specified"])
    if not create and prefix == root:
        Path(root, "conda-meta").mkdir(parents=True, exist_ok=True)
        Path(root, "conda-meta", "history").touch()
    elif not create and not os.path.exists(prefix):
        raise Abort("Aborting.", [f"No prefix found at: {prefix}", "Environment must first be "
                                  f'created with "{exe_name()} create -n {{env_name}} ..."'])
    elif not create and not os.path.exists(os.path.join(prefix, "conda-meta")):
        raise Abort("Aborting.", [f"Expected environment not found at prefix: {prefix}"])
    return prefix


def resolve(opts: dict, *, create: bool) -> Settings:
    """CLI > environment variables > rc files > defaults; lists merged, highest first."""
    s = Settings()
    no_env = bool(opts.get("no_env")) or _yaml_bool(os.environ.get("MAMBA_NO_ENV", "0"), "no_env")
    env = {} if no_env else os.environ
    no_rc = bool(opts.get("no_rc")) or _yaml_bool(env.get("MAMBA_NO_RC", "0"), "no_rc")
    s.root_prefix = root_prefix(opts.get("root_prefix"))
    s.target_prefix = target_prefix(opts.get("prefix"), s.root_prefix, create=create)
    # --rc-file, MAMBARC, CONDARC replace the default search; --no-rc with them aborts (5.3).
    rc_files = _merge(opts.get("rc_files"), [v for v in (env.get("MAMBARC"),
                                                         env.get("CONDARC")) if v])
    if rc_files and no_rc:
        raise Abort("Incompatible configuration. Aborting.",
                    ["Configuration files disabled by 'no_rc'"])
    for path in rc_files:
        if not os.path.exists(expand_home(path)):
            raise Abort("Aborting.", [
                f"Configuration file specified but does not exist at '{expand_home(path)}'"])
    sources = ([expand_home(f) for f in rc_files] or
               ([] if no_rc else default_rc_sources(s.root_prefix, s.target_prefix)[::-1]))
    rc = load_rc_files(sources)

    s.channel_alias = str(opts.get("channel_alias") or _rc_value(rc, "channel_alias", str)
                          or DEFAULT_CHANNEL_ALIAS).rstrip("/")
    cli_channels = list(opts.get("channels") or [])
    if opts.get("override_channels"):
        cli_channels.append("nodefaults")
    channels = cli_channels if "nodefaults" in cli_channels else _merge(
        cli_channels, _env_list("CONDA_CHANNELS", no_env), _rc_value(rc, "channels", list))
    s.channels = [c for c in channels if c != "nodefaults"]
    priority = "strict" if opts.get("strict_channel_priority") else (
        env.get("MAMBA_CHANNEL_PRIORITY") or _rc_value(rc, "channel_priority", str) or "flexible")
    s.channel_priority = str(priority).strip().lower()
    if s.channel_priority not in ("strict", "flexible", "disabled"):
        raise Abort(f"Bad conversion of configurable 'channel_priority': '{priority}'")
    # pkgs_dirs: CONDA_PKGS_DIRS > rc, merged; else <root>/pkgs and ~/.mamba/pkgs (6.3)
    pkgs = _merge(_env_list("CONDA_PKGS_DIRS", no_env), _rc_value(rc, "pkgs_dirs", list)) or [
        os.path.join(s.root_prefix, "pkgs"), os.path.join(user_home_dir(), ".mamba", "pkgs")]
    s.pkgs_dirs = _merge([canonical(d) for d in pkgs])
    for directory in s.pkgs_dirs:
        if os.path.exists(directory) and not os.path.isdir(directory):
            raise Abort("Aborting.", [f"Packages dir specified is not a directory: {directory}"])

    def flag(cli: str, key: str, default: bool = False) -> bool:
        value = env.get("MAMBA_" + key.upper())
        value = _rc_value(rc, key, str) if value is None else value
        return True if opts.get(cli) else default if value is None else _yaml_bool(value, key)

    s.always_yes, s.offline = flag("yes", "always_yes"), flag("offline", "offline")
    s.dry_run = flag("dry_run", "dry_run")
    s.add_pip_as_python_dependency = flag("", "add_pip_as_python_dependency", True)
    zst = _rc_value(rc, "repodata_use_zst", str)  # MAMBA_REPODATA_USE_ZST did not silence it
    s.repodata_use_zst = True if zst is None else _yaml_bool(zst, "repodata_use_zst")
    return s


def channel_urls(channel: str, settings: Settings) -> str:
    """A channel as a base URL: URLs as given, local paths as file:// URLs, names below the
    channel alias."""
    channel = channel.strip()
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", channel):
        return channel.rstrip("/")
    if os.path.isabs(expand_home(channel)) or channel.startswith(("./", "../")):
        return Path(canonical(channel)).as_uri()
    return f"{settings.channel_alias}/{channel.strip('/')}"
