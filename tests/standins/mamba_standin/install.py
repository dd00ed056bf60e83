"""TEST STAND-IN install and create (not micromamba's code): py-rattler solves and links; around
it what micromamba does that envstrap's isolation depends on (docs/design/micromamba.md): prefix
checks, `create` registering the environment in ~/.conda/environments.txt, a mambaf* temporary
file in $TMPDIR, conda-meta/history, explicit locks, --offline from the package cache."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

import rattler

from . import MAJOR, Abort, NotImplementedByStandIn, argv0, exe_name, log, say
from .config import URL, canonical, channel_url, resolve, user_home_dir

CONDA_VERSION = "3.8.0"  # history's "# conda version:" in 1.x and 2.x (command_params)
CLIENT = rattler.Client.default_client(max_retries=1, timeout=30)  # unreachable: fail fast
# conda's platform names: an explicit URL's parent folder is its subdir only when it is one
SUBDIR = re.compile(r"noarch|(linux|osx|win|zos|emscripten|wasi)-[a-z0-9]+")


def _stem(file_name: str) -> str:
    return re.sub(r"(\.tar\.bz2|\.conda)$", "", file_name)


def _spec_name(spec: str) -> str:
    match = re.match(r"^[A-Za-z0-9_.\-*]+", spec.strip().split("::")[-1])
    return (match.group(0) if match else spec).lower()


def _name(record) -> str:
    return record.name.normalized


def prompt(message: str, default: str, settings) -> bool:
    """Console::prompt: -y answers yes; else a line of stdin, empty or none = the default."""
    if not settings.always_yes:
        say(f"{message}: {'[Y/n]' if default == 'y' else '[y/N]'} ")
        answer = (sys.stdin.readline() if sys.stdin else "").strip() or default
        if answer.lower() not in ("y", "yes"):
            say("Aborted.")
            return False
    return True


def _make_prefix(prefix: str) -> None:
    """create_target_directory: the prefix, then EnvironmentsManager::register_env, which
    writes to HOME whatever the flags say."""
    Path(prefix, "conda-meta").mkdir(parents=True, exist_ok=True)
    Path(prefix, "conda-meta", "history").touch()
    env_txt = Path(user_home_dir(), ".conda", "environments.txt")
    env_txt.parent.mkdir(parents=True, exist_ok=True)
    with open(env_txt, "a+", encoding="utf-8") as handle:
        handle.seek(0)
        if prefix not in handle.read().splitlines():
            handle.write(prefix + "\n")


def _check_create_target(settings) -> None:
    """create.cpp: an empty folder is used, a conda prefix deleted after the prompt (-y: yes),
    the root prefix and anything else refused."""
    prefix = settings.target_prefix
    if not os.path.lexists(prefix):
        return
    if prefix == settings.root_prefix or not os.path.isdir(prefix) or (
            os.listdir(prefix) and not os.path.exists(os.path.join(prefix, "conda-meta"))):
        message = ("Overwriting root prefix is not permitted - aborting."
                   if prefix == settings.root_prefix else
                   "Non-conda folder exists at prefix - aborting.")
        raise Abort(message, [message])
    if not os.listdir(prefix):
        log("warning", "Using existing empty folder as target prefix")
    elif not prompt(f"Found conda-prefix at '{prefix}'. Overwrite?", "n", settings):
        raise Abort("Aborting.")
    else:
        shutil.rmtree(prefix)


def _explicit_urls(files: list[str]) -> list[str]:
    """The URLs of -f files, which must be @EXPLICIT lists (all stage 0 passes)."""
    urls: list[str] = []
    for file in files:
        lines = [line.strip() for line in Path(file).read_text("utf-8").splitlines()]
        if "@EXPLICIT" not in lines:
            raise NotImplementedByStandIn("-f with spec lists or YAML files")
        urls += [x for x in lines[lines.index("@EXPLICIT") + 1:] if x and x[0] != "#"]
    return urls


def install(opts: dict, specs: list[str], argv: list[str], *, create: bool) -> None:
    settings = resolve(opts, create=create)
    explicit = _explicit_urls(opts["files"]) if "files" in opts else None
    if explicit is not None and specs:  # micromamba drops the other specs
        raise Abort("Cannot mix explicit spec files (@EXPLICIT) with other specs: micromamba "
                    "would silently ignore them (refused by the micromamba stand-in)")
    if create:
        _check_create_target(settings)
    if not specs and explicit is None:
        if create:
            _make_prefix(settings.target_prefix)
        say(f"Empty environment created at prefix: {settings.target_prefix}" if create
            else "Nothing to do.")
        return
    Path(settings.pkgs_dirs[0]).mkdir(parents=True, exist_ok=True)
    installed = {} if create else _read_installed(settings.target_prefix)
    updates: dict[str, dict] = {}
    if explicit is not None:
        desired, updates, specs = asyncio.run(_explicit_records(settings, explicit, installed))
    else:
        if not settings.channels and not settings.offline:
            log("warning", "No 'channels' specified")
        desired = [installed[_name(r)] if _same(installed.get(_name(r)), r) else r
                   for r in asyncio.run(_solve(settings, specs, installed))]
    transaction(settings, argv, installed, desired, specs, updates, create=create)


def _same(old, new) -> bool:
    return old is not None and (str(old.version), old.build) == (str(new.version), new.build)


def _read_installed(prefix: str) -> dict:
    return {_name(r): r for r in map(rattler.PrefixRecord.from_path,
                                     sorted(Path(prefix, "conda-meta").glob("*.json")))}


def _topological(records: list) -> list:
    """Dependencies first, by name otherwise: the order micromamba links in."""
    by_name, ordered, seen = {_name(r): r for r in records}, [], set()

    def visit(name: str) -> None:
        if name not in seen:
            seen.add(name)
            for dep in (d for d in map(_spec_name, by_name[name].depends) if d in by_name):
                visit(dep)
            ordered.append(by_name[name])

    for name in sorted(by_name):
        visit(name)
    return ordered


class _CacheSource:
    """The package cache as the only repodata (--offline: create_repo_from_pkgs_dir)."""

    def __init__(self, pkgs_dirs: list[str]) -> None:
        self.records: dict = {}  # the first cache holding a package wins
        for path in (p for d in pkgs_dirs
                     for p in sorted(Path(d).glob("*/info/repodata_record.json"))):
            with contextlib.suppress(Exception):  # an unreadable record is skipped
                data = json.loads(path.read_text(encoding="utf-8"))
                self.records.setdefault(path.parts[-3], rattler.RepoDataRecord(
                    rattler.PackageRecord.from_index_json(
                    path, data.get("size"), data.get("sha256"), data.get("md5")), data["fn"],
                    data["url"], data["channel"]))

    async def fetch_package_records(self, platform, name) -> list:
        return [r for r in self.records.values()
                if r.subdir == str(platform) and r.name.normalized == name.normalized]

    def package_names(self, platform) -> list[str]:
        return sorted({_name(r) for r in self.records.values() if r.subdir == str(platform)})


async def _solve(settings, specs: list[str], installed: dict) -> list:
    platforms = [rattler.Subdir.current(), rattler.Subdir("noarch")]
    urls = [] if settings.offline else list(dict.fromkeys(
        channel_url(c, settings) for c in settings.channels))
    # 2.x asks a file:// channel for repodata.json.zst first and warns twice per subdir when it
    # is missing, unless an rc file says repodata_use_zst: false (seen with 2.5.0)
    for zst in (f"{u}/{p}/repodata.json.zst" for u in urls for p in platforms
                if MAJOR >= 2 and settings.repodata_use_zst and u.startswith("file://")):
        if not os.path.exists(urllib.request.url2pathname(urllib.parse.urlsplit(zst).path)):
            for _ in range(2):
                log("warning", f"Failed to load subdir: Download error (37) Couldn't read a "
                               f"file:// file [{zst}]")
    sources = ([_CacheSource(settings.pkgs_dirs)] if settings.offline
               else list(map(rattler.Channel, urls)))
    requested = {_spec_name(s) for s in specs}
    try:
        return await rattler.solve(
            sources=sources, platforms=platforms,
            gateway=rattler.Gateway(cache_dir=os.path.join(settings.pkgs_dirs[0], "cache"),
                                    client=CLIENT, show_progress=False),
            virtual_packages=[v.into_generic() for v in rattler.VirtualPackage.detect(
                rattler.VirtualPackageOverrides.from_env())],
            # installed packages stay (libsolv keeps the installed repo)
            specs=list(specs) + [n for n in installed if n not in requested],
            locked_packages=list(installed.values()),
            channel_priority=getattr(rattler.ChannelPriority,
                                     settings.channel_priority.capitalize()),
            channel_relations="disabled",
            add_pip_as_python_dependency=settings.add_pip_as_python_dependency)
    except Exception as exc:  # noqa: BLE001 - rattler raises its own exception types
        if type(exc).__name__ == "SolverError":
            raise Abort("Could not solve for environment specs", [
                "Could not solve for environment specs\n"
                + "\n".join("    " + line for line in str(exc).strip().splitlines())]) from None
        raise Abort(str(exc).strip() or type(exc).__name__) from None


def _url_as_1x_reads_it(url: str) -> str:
    """1.x reads an explicit URL as CHANNEL/SUBDIR/FILENAME: when the parent folder is not a
    platform name it inserts this machine's platform (seen with 1.5.5)."""
    folder, _, file_name = url.rpartition("/")
    if SUBDIR.fullmatch(folder.rpartition("/")[2]):
        return url
    platform = str(rattler.Subdir.current())
    say(f"{folder}/{platform}::{_stem(urllib.parse.unquote(file_name))}")
    return f"{folder}/{platform}/{file_name}"


def _fetch(url: str, dest: Path, offline: bool) -> tuple[str, str]:
    """The package at url (file:, http:, https:) into dest in the cache; its (md5, sha256)."""
    if not offline:
        try:
            with urllib.request.urlopen(url, timeout=30) as src:  # noqa: S310
                dest.write_bytes(src.read())
        except OSError as exc:
            dest.unlink(missing_ok=True)
            raise Abort(f"Download error (37) Couldn't read a file:// file [{url}]" if url[:5]
                        == "file:" else f"Download error: could not fetch {url}: {exc}") from None
    data = dest.read_bytes()
    return hashlib.md5(data).hexdigest(), hashlib.sha256(data).hexdigest()


async def _explicit_records(settings, lines: list[str], installed: dict):
    """Exactly these packages, no solve; `#md5` or `#sha256:` checked, sha256 first."""
    records, updates, specs, bad = [], {}, [], []
    for line in lines:
        url, _, fragment = (part.strip() for part in line.partition("#"))
        url = url if URL.match(url) else Path(canonical(url)).as_uri()
        file_name = urllib.parse.unquote(url.rsplit("/", 1)[-1])
        dest = Path(settings.pkgs_dirs[0], file_name)
        md5, sha = _fetch(_url_as_1x_reads_it(url) if MAJOR < 2 else url, dest,
                          settings.offline)
        kind, expected, actual = (("SHA256", fragment[7:].lower(), sha)
                                  if fragment.startswith("sha256:") else
                                  ("MD5", fragment.lower(), md5))
        if expected and expected != actual:
            bad.append(f'File not valid: {kind} sum doesn\'t match expectation "{dest}"'
                       f"\nExpected: {expected}\nActual: {actual}")
            dest.unlink()
            continue
        record = await rattler.RepoDataRecord.from_package_archive(dest)
        record.md5, record.sha256 = bytes.fromhex(md5), bytes.fromhex(sha)
        # linked from the cached archive; conda-meta gets the original URL afterwards
        record.url, record.channel = dest.as_uri(), url.rsplit("/", 2)[0] + "/"
        updates[_name(record)] = {"url": url, "channel": record.channel, "fn": file_name}
        specs.append(f"{_name(record)}=={record.version}={record.build}")
        records.append(record)
    if bad:
        raise Abort("Found incorrect downloads. Aborting", bad)
    desired = dict(installed)
    desired.update({_name(r): r for r in records if not _same(installed.get(_name(r)), r)})
    return list(desired.values()), updates, specs


def transaction(settings, argv: list[str], installed: dict, desired: list, specs: list[str],
                updates: dict, *, create: bool) -> None:
    """MTransaction: show, confirm, link, write history."""
    link = _topological([r for r in desired if installed.get(_name(r)) is not r])
    kept = {_name(r) for r in desired} - {_name(r) for r in link}
    unlink = [old for name, old in installed.items() if name not in kept]
    say(f"Transaction\n\n  Prefix: {settings.target_prefix}\n")
    if not link and not unlink:
        say("  All requested packages already installed\n")
    for sign, r in [("-", r) for r in unlink] + [("+", r) for r in link]:
        say(f"  {sign} {_name(r)} {r.version} {r.build} {r.channel or ''}")
    if (link or unlink) and not prompt("Confirm changes", "y", settings):
        return
    if create:
        _make_prefix(settings.target_prefix)
    say("\nTransaction starting")
    if link or unlink:
        _link(settings, installed, desired, link, specs, updates)
    say("\nTransaction finished\n")
    _append_history(settings.target_prefix, argv, link, unlink, specs, updates)
    if create or (MAJOR < 2 and (link or unlink)):  # 1.x says it after `install` too
        prefix, exe = settings.target_prefix, exe_name()
        say(f"\nTo activate this environment, use:\n\n    {exe} activate {prefix}\n\n"
            "Or to execute a single command in this environment, use:\n\n"
            f"    {exe} run -p {prefix} mycommand\n")


def _link(settings, installed: dict, desired: list, link: list, specs: list[str],
          updates: dict) -> None:
    prefix, caches = settings.target_prefix, settings.pkgs_dirs
    tag = Path(prefix, "CACHEDIR.TAG")
    had_tag = tag.exists()
    # micromamba writes mambaf* files while linking into libstdc++'s temp_directory_path: TMPDIR,
    # TMP, TEMP or TEMPDIR, else /tmp; not a folder is an error (Python's tempfile would go on)
    tmp = next((os.environ[v] for v in ("TMPDIR", "TMP", "TEMP", "TEMPDIR") if v in os.environ),
               "/tmp")
    if not os.path.isdir(tmp):
        raise Abort(f"filesystem error: temp_directory_path: Not a directory [{tmp}]")
    handle, temp_path = tempfile.mkstemp(prefix="mambaf", dir=tmp)
    os.close(handle)
    try:
        asyncio.run(rattler.install(
            records=desired, target_prefix=prefix, installed_packages=list(installed.values()),
            execute_link_scripts=True, show_progress=False, client=CLIENT,
            package_cache=rattler.PackageCache.new_layered(
                caches[:1] + [d for d in caches[1:] if os.path.isdir(d)])))
    finally:
        if not os.environ.get("CONDA_TEST_SAVE_TEMPS"):
            os.unlink(temp_path)
    for record in link:  # rattler links in parallel; micromamba's order, once it is done
        say(f"Linking {_stem(record.file_name)}")
    if not had_tag and tag.exists():
        tag.unlink()  # rattler marks the prefix as a cache folder; micromamba does not
    requested = {_spec_name(s): s for s in specs}
    for record in link:  # conda-meta as micromamba writes it, and the cache's record for --offline
        path = Path(prefix, "conda-meta", _stem(record.file_name) + ".json")
        data = json.loads(path.read_text(encoding="utf-8"))
        data.update(updates.get(_name(record), {}))
        if _name(record) in requested:
            data.update(requested_spec=requested[_name(record)],
                        requested_specs=[requested[_name(record)]])
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
        info = Path(data["extracted_package_dir"], "info")
        drop = ("files", "paths_data", "link", "extracted_package_dir", "requested_spec",
                "requested_specs", "package_tarball_full_path")
        (info / "repodata_record.json").write_text(json.dumps(
            {k: v for k, v in data.items() if k not in drop}, indent=2), encoding="utf-8")


def _append_history(prefix: str, argv: list[str], link: list, unlink: list, specs: list[str],
                    updates: dict) -> None:
    """History::add_entry: "+<channel URL>::<dist>" lines, the channel as its platform URL."""

    def dist(record) -> str:
        url = updates.get(_name(record), {}).get("url", str(record.url))
        return f"{url.rsplit('/', 1)[0]}::{_stem(record.file_name)}"

    lines = [f"==> {datetime.datetime.now():%Y-%m-%d %H:%M:%S} <==",
             "# cmd: " + " ".join([argv0(), *argv]), f"# conda version: {CONDA_VERSION}"]
    lines += ["-" + dist(r) for r in unlink] + ["+" + dist(r) for r in link]
    if specs:
        lines.append("# update specs: [" + ", ".join(json.dumps(s) for s in specs) + "]")
    with open(Path(prefix, "conda-meta", "history"), "a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
