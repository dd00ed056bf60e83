"""TEST STAND-IN configuration (not micromamba's code): paths, rc files, root and target prefix
and settings, resolved as micromamba 2.x does (docs/design/micromamba.md)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from types import SimpleNamespace

from . import Abort, exe_name, log

URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
TRUE, FALSE = ("true", "yes", "y", "on", "1"), ("false", "no", "n", "off", "0")


def user_home_dir() -> str:
    """$HOME if not empty, else the passwd entry (util/environment.cpp)."""
    if os.environ.get("HOME"):
        return os.environ["HOME"]
    import pwd

    return pwd.getpwuid(os.getuid()).pw_dir


def expand_home(path: str) -> str:
    return user_home_dir() + path[1:] if path == "~" or path.startswith("~/") else path


def canonical(path: str) -> str:
    """fs::weakly_canonical(expand_home(path)) without a trailing separator."""
    return os.path.realpath(os.path.abspath(expand_home(path))).rstrip(os.sep) or os.sep


def _bool(value: object, key: str) -> bool:
    if str(value).strip().lower() not in TRUE + FALSE:
        raise Abort(f"Bad conversion of configurable '{key}': '{value}' is not a boolean")
    return str(value).strip().lower() in TRUE


def _unquoted(text: str, wanted: str):
    """Indexes of the characters in `wanted` outside '...' and "..." in text."""
    quote = None
    for index, char in enumerate(text):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in wanted:
            yield index


def _scalar(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return str(json.loads(text))
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    return text


def flow_list(text: str) -> list[str]:
    """The items of a YAML flow list, brackets left out."""
    cuts = [-1, *_unquoted(text, ","), len(text)]
    return [_scalar(text[a + 1:b]) for a, b in zip(cuts, cuts[1:]) if text[a + 1:b].strip()]


def parse_rc_text(text: str) -> dict[str, object]:
    """The YAML subset of rc files: top-level keys, scalars, block and flow lists, comments;
    a nested mapping is not interpreted (None)."""
    result: dict[str, object] = {}
    key = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw[:next((i for i in _unquoted(raw, "#") if i == 0 or raw[i - 1] in " \t"),
                         len(raw))].rstrip()
        item = line.strip()
        if item in ("", "---", "..."):
            continue
        if item == "-" or item.startswith("- "):
            if key is None:
                raise ValueError(f"line {number}: list item outside of a key: {raw!r}")
            if not isinstance(result.get(key), list):
                result[key] = []
            result[key].append(_scalar(item[1:]))  # type: ignore[union-attr]
            continue
        match = re.match(r"""^("[^"]*"|'[^']*'|[^:'"]+?)\s*:(?:\s+(.*)|)$""", item)
        if not match:
            raise ValueError(f"line {number}: cannot parse {raw!r}")
        if line[0] not in " \t":  # else inside a nested mapping
            key, value = _scalar(match.group(1)), (match.group(2) or "").strip()
            result[key] = (flow_list(value[1:-1]) if value[:1] == "[" and value[-1:] == "]"
                           else None if value in ("", "~", "null") else _scalar(value))
    return result


def default_rc_sources(root: str, target: str) -> list[str]:
    """The default rc search, lowest precedence first (compute_default_rc_sources): system,
    root prefix, conda's user files, $CONDA_PREFIX, mamba's user files, target prefix."""
    conda, mamba = (".condarc", "condarc", "condarc.d"), (".mambarc", "mambarc", "mambarc.d")
    home = user_home_dir()
    config = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    bases = [(b, (*conda, ".mambarc")) for b in ("/etc/conda", "/var/lib/conda", root)]
    bases += [(os.path.join(config, "conda"), conda), (os.path.join(home, ".conda"), conda),
              (home, (".condarc",))]
    bases += [(os.path.join(os.environ[v], sub), conda) for v, sub in (
        ("XDG_CONFIG_HOME", "conda"), ("CONDA_PREFIX", "")) if os.environ.get(v) is not None]
    bases += [(os.path.join(config, "mamba"), mamba), (os.path.join(home, ".mamba"), mamba),
              (home, (".mambarc",)), (target, (*conda, ".mambarc"))]
    # each location once, with its lowest precedence
    return list(dict.fromkeys(os.path.join(b, n) for b, names in bases for n in names))


def load_rc_files(highest_first: list[str]) -> list[tuple[str, dict[str, object]]]:
    """The rc files there are (a folder's in name order), highest precedence first, $VAR and
    ${VAR} expanded when set; only micromamba's names count (has_config_name)."""
    files, loaded = [], []
    for location in highest_first:
        files += ([os.path.join(location, e) for e in sorted(os.listdir(location))]
                  if os.path.isdir(location) else [location])
    for path in filter(os.path.isfile, files):
        name = os.path.basename(path)
        if name not in (".condarc", "condarc", ".mambarc", "mambarc") and not name.endswith(
                (".yml", ".yaml")):
            continue
        try:
            text = re.sub(r"\$\{?(\w+)\}?", lambda m: os.environ.get(m.group(1), m.group(0)),
                          Path(path).read_text(encoding="utf-8"))
            loaded.append((path, parse_rc_text(text)))
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            log("error", f"Error in file {path}, skipping: {exc}")
    return loaded


def _is_root(path: str) -> bool:
    return any(os.path.exists(os.path.join(path, n)) for n in ("pkgs", "conda-meta", "envs"))


def root_prefix(cli: str | None) -> str:
    """-r > MAMBA_ROOT_PREFIX (even with --no-env) > ~/micromamba if it is a root >
    $XDG_DATA_HOME/mamba (get_root_prefix; the exe's own folder is not looked at)."""
    given = cli or os.environ.get("MAMBA_ROOT_PREFIX")
    home_root = os.path.join(user_home_dir(), "micromamba")
    data = os.environ.get("XDG_DATA_HOME") or os.path.join(user_home_dir(), ".local", "share")
    fallback = os.path.join(data, "mamba")
    if given or _is_root(home_root):
        return canonical(given or home_root)
    if os.path.exists(fallback) and not _is_root(fallback):
        raise Abort(f'Could not use default root_prefix "{fallback}": Directory exists, is not '
                    "empty and not a conda prefix. Please set explicitly `MAMBA_ROOT_PREFIX` "
                    f'to "{fallback}" to skip this error.')
    return canonical(fallback)


def target_prefix(cli: str | None, root: str, *, create: bool) -> str:
    """-p, else (install only) $CONDA_PREFIX or the root, checked as install checks it;
    `install` into the root prefix first makes <root>/conda-meta/history."""
    if create and not cli:
        raise Abort("Aborting.", ["No target prefix specified"])
    prefix = canonical(cli or os.environ.get("CONDA_PREFIX") or root)
    if not create and prefix == root:
        Path(root, "conda-meta").mkdir(parents=True, exist_ok=True)
        Path(root, "conda-meta", "history").touch()
    elif not create and not os.path.exists(prefix):
        raise Abort("Aborting.", [f"No prefix found at: {prefix}", "Environment must first be "
                                  f'created with "{exe_name()} create -n {{env_name}} ..."'])
    elif not create and not os.path.exists(os.path.join(prefix, "conda-meta")):
        raise Abort("Aborting.", [f"Expected environment not found at prefix: {prefix}"])
    return prefix


def _merge(*sources: list[str] | None) -> list[str]:
    return list(dict.fromkeys(item for source in sources for item in source or []))


def _rc_value(rc: list[tuple[str, dict]], key: str, kind: type) -> object:
    """The highest rc file's value of `key`; lists are merged over all files."""
    values: list[str] = []
    for path, data in rc:
        value = data.get(key)
        if value is not None and not isinstance(value, kind):
            log("error", f"Bad conversion of configurable '{key}' from source '{path}'")
        elif value is not None and kind is not list:
            return value
        elif value is not None:
            values = _merge(values, [str(v) for v in value])
    return values if kind is list else None


# rc key -> (CLI option that sets it, default); each is also read from MAMBA_<KEY>
BOOLEANS = {"always_yes": ("yes", False), "offline": ("offline", False),
            "add_pip_as_python_dependency": ("", True)}


def resolve(opts: dict, *, create: bool) -> SimpleNamespace:
    """CLI > environment variables > rc files > defaults; lists merged, highest first."""
    env = {} if opts.get("no_env") or _bool(os.environ.get("MAMBA_NO_ENV", 0), "no_env") else (
        os.environ)
    no_rc = bool(opts.get("no_rc")) or _bool(env.get("MAMBA_NO_RC", 0), "no_rc")
    s = SimpleNamespace(root_prefix=root_prefix(opts.get("root_prefix")))
    s.target_prefix = target_prefix(opts.get("prefix"), s.root_prefix, create=create)
    # --rc-file, MAMBARC, CONDARC replace the default search; --no-rc with them aborts.
    rc_files = [expand_home(f) for f in _merge(opts.get("rc_files"), [
        env.get("MAMBARC"), env.get("CONDARC")]) if f]
    if rc_files and no_rc:
        raise Abort("Incompatible configuration. Aborting.",
                    ["Configuration files disabled by 'no_rc'"])
    for path in (p for p in rc_files if not os.path.exists(p)):
        raise Abort("Aborting.", [f"Configuration file specified but does not exist at '{path}'"])
    rc = load_rc_files(rc_files or ([] if no_rc else default_rc_sources(
        s.root_prefix, s.target_prefix)[::-1]))

    s.channel_alias = str(opts.get("channel_alias") or _rc_value(rc, "channel_alias", str)
                          or "https://conda.anaconda.org").rstrip("/")
    cli = list(opts.get("channels") or []) + ["nodefaults"] * bool(opts.get("override_channels"))
    channels = cli if "nodefaults" in cli else _merge(
        cli, flow_list(env.get("CONDA_CHANNELS", "")), _rc_value(rc, "channels", list))
    s.channels = [c for c in channels if c != "nodefaults"]
    priority = "strict" if opts.get("strict_channel_priority") else (
        env.get("MAMBA_CHANNEL_PRIORITY") or _rc_value(rc, "channel_priority", str) or "flexible")
    s.channel_priority = str(priority).strip().lower()
    if s.channel_priority not in ("strict", "flexible", "disabled"):
        raise Abort(f"Bad conversion of configurable 'channel_priority': '{priority}'")
    # CONDA_PKGS_DIRS (not MAMBA_PKGS_DIRS) and rc files, merged; else <root>/pkgs, ~/.mamba/pkgs
    pkgs = _merge(flow_list(env.get("CONDA_PKGS_DIRS", "")), _rc_value(rc, "pkgs_dirs", list))
    s.pkgs_dirs = _merge([canonical(d) for d in pkgs or [
        os.path.join(s.root_prefix, "pkgs"), os.path.join(user_home_dir(), ".mamba", "pkgs")]])
    for key, (option, default) in BOOLEANS.items():
        value = env.get("MAMBA_" + key.upper())
        value = _rc_value(rc, key, str) if value is None else value
        setattr(s, key, bool(opts.get(option)) or (default if value is None else _bool(value, key)))
    zst = _rc_value(rc, "repodata_use_zst", str)  # MAMBA_REPODATA_USE_ZST did not silence it
    s.repodata_use_zst = zst is None or _bool(zst, "repodata_use_zst")
    return s


def channel_url(channel: str, settings: SimpleNamespace) -> str:
    """URLs as given, local paths as file:// URLs, names below the channel alias."""
    channel = channel.strip()
    if URL.match(channel):
        return channel.rstrip("/")
    if os.path.isabs(expand_home(channel)) or channel.startswith(("./", "../")):
        return Path(canonical(channel)).as_uri()
    return f"{settings.channel_alias}/{channel.strip('/')}"
