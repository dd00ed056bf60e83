"""TEST STAND-IN install/create (not micromamba's code): py-rattler solves and links; around
it, what micromamba does that envstrap's isolation depends on (design):
prefix checks, `create` registering the environment in ~/.conda/environments.txt, a mambaf*
temporary file in $TMPDIR, conda-meta/history, explicit locks, --offline from the cache."""

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

from . import MAJOR
from .config import Settings, canonical, channel_urls, resolve, user_home_dir
from .output import OUT, Abort, NotImplementedByStandIn, argv0, exe_name

CONDA_VERSION = "3.8.0"  # what 2.3.3 writes into history
# conda platform names: an explicit URL's parent folder is its subdir only when it is one.
KNOWN_SUBDIRS = frozenset((
    "noarch", "linux-32", "linux-64", "linux-armv6l", "linux-armv7l", "linux-aarch64",
    "linux-ppc64le", "linux-ppc64", "linux-s390x", "linux-riscv32", "linux-riscv64", "osx-64",
    "osx-arm64", "win-32", "win-64", "win-arm64", "zos-z", "emscripten-wasm32", "wasi-wasm32"))


def _stem(file_name: str) -> str:
    return re.sub(r"(\.tar\.bz2|\.conda)$", "", file_name)


def _spec_name(spec: str) -> str:
    match = re.match(r"^[A-Za-z0-9_.\-*]+", spec.strip().split("::")[-1])
    return match.group(0).lower() if match else spec.lower()


def prompt(message: str, fallback: str, settings: Settings) -> bool:
    """Console::prompt: -y answers yes; else one line of stdin, empty or none = fallback."""
    if settings.always_yes:
        return True
    OUT.print(f"{message}: {'[Y/n]' if fallback == 'y' else '[y/N]'} ")
    answer = (sys.stdin.readline() if sys.stdin else "").strip() or fallback
    if answer.lower() not in ("y", "yes"):
        OUT.print("Aborted.")
        return False
    return True


def register_env(prefix: str) -> None:
    """EnvironmentsManager::register_env: what makes `create` write to HOME (design)."""
    env_txt = Path(user_home_dir(), ".conda", "environments.txt")
    env_txt.parent.mkdir(parents=True, exist_ok=True)
    known = env_txt.read_text(encoding="utf-8").splitlines() if env_txt.exists() else []
    if prefix not in known:
        with open(env_txt, "a", encoding="utf-8") as handle:
            handle.write(prefix + "\n")


def _check_create_target(settings: Settings) -> None:
    """create.cpp (design): an empty folder is used, a conda prefix deleted after the
    prompt, anything else refused."""
    prefix = settings.target_prefix
    if not os.path.lexists(prefix):
        return
    for refused, message in ((prefix == settings.root_prefix,
                              "Overwriting root prefix is not permitted - aborting."),
                             (not os.path.isdir(prefix),
                              "Target prefix already exists and is not a folder - aborting.")):
        if refused:
            raise Abort(message, [message])
    if not os.listdir(prefix):
        OUT.log("warning", "Using existing empty folder as target prefix")
    elif os.path.exists(os.path.join(prefix, "conda-meta")):
        if not prompt(f"Found conda-prefix at '{prefix}'. Overwrite?", "n", settings):
            raise Abort("Aborting.")
        shutil.rmtree(prefix)
    else:
        message = "Non-conda folder exists at prefix - aborting."
        raise Abort(message, [message])


def _make_prefix(prefix: str) -> None:
    Path(prefix, "conda-meta").mkdir(parents=True, exist_ok=True)
    Path(prefix, "conda-meta", "history").touch()
    register_env(prefix)


def read_file_specs(files: list[str]) -> tuple[list[str], list[str] | None]:
    """-f files: spec lists, or @EXPLICIT URL lists (file_specs_hook). Returns (specs, urls)."""
    specs: list[str] = []
    explicit: list[str] | None = None
    for file in files:
        if file.endswith((".yml", ".yaml")):
            raise NotImplementedByStandIn("environment YAML files and conda-lock files for -f")
        try:
            lines = [line.strip() for line in Path(file).read_text("utf-8").splitlines()]
        except OSError as exc:
            raise Abort(f"Couldn't open file: {file} ({exc.strerror})") from None
        if "@EXPLICIT" in lines:
            body = lines[lines.index("@EXPLICIT") + 1:]
            explicit = (explicit or []) + [x for x in body if x and not x.startswith("#")]
        else:
            specs += [x for x in lines if x and not x.startswith("#")]
    return specs, explicit


def install(opts: dict, specs: list[str], argv: list[str], *, create: bool) -> None:
    settings = resolve(opts, create=create)
    file_specs, explicit = read_file_specs(list(opts.get("files") or []))
    if explicit is not None and (specs or file_specs):
        # Stricter than micromamba 2.3.3, which silently drops the other specs.
        raise Abort("Cannot mix explicit spec files (@EXPLICIT) with other specs: micromamba "
                    "would silently ignore them (refused by the micromamba stand-in)")
    specs = specs + file_specs
    if create and not settings.dry_run:
        _check_create_target(settings)
        if not specs and explicit is None:
            _make_prefix(settings.target_prefix)
            OUT.print(f"Empty environment created at prefix: {settings.target_prefix}")
            return
    if not specs and explicit is None:
        OUT.print("Nothing to do.")
        return
    Path(settings.pkgs_dirs[0]).mkdir(parents=True, exist_ok=True)
    installed = {} if create else read_installed(settings.target_prefix)
    updates: dict[str, dict] = {}
    if explicit is not None:
        desired, updates, specs = asyncio.run(_explicit_records(settings, explicit, installed))
    else:
        if not settings.channels and not settings.offline:
            OUT.log("warning", "No 'channels' specified")
        desired = [installed.get(r.name.normalized, r) if _same(installed.get(
            r.name.normalized), r) else r for r in asyncio.run(_solve(settings, specs,
                                                                       installed))]
    transaction(settings, argv, installed, desired, specs, updates, create=create)


def _same(old, new) -> bool:
    return old is not None and (str(old.version), str(old.build)) == (str(new.version),
                                                                       str(new.build))


def read_installed(prefix: str) -> dict:
    import rattler

    return {r.name.normalized: r for r in (rattler.PrefixRecord.from_path(p) for p in
                                           sorted(Path(prefix, "conda-meta").glob("*.json")))}


def _topological(records: list) -> list:
    """Dependencies before dependents, by name otherwise (the order micromamba links in)."""
    by_name = {r.name.normalized: r for r in records}
    ordered: list = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        for dep in by_name[name].depends:
            if _spec_name(dep) in by_name:
                visit(_spec_name(dep))
        ordered.append(by_name[name])

    for name in sorted(by_name):
        visit(name)
    return ordered


# ---- solving ---------------------------------------------------------------------------------


def _warn_missing_zst(settings: Settings, url: str, subdirs: list[str]) -> None:
    """2.x asks a file:// channel for repodata.json.zst first and warns twice per subdir when
    it is missing, unless an rc file says repodata_use_zst: false (issue 10, seen in 2.5.0)."""
    if MAJOR < 2 or not settings.repodata_use_zst or not url.startswith("file://"):
        return
    for subdir in subdirs:
        zst = f"{url}/{subdir}/repodata.json.zst"
        if not os.path.exists(urllib.request.url2pathname(urllib.parse.urlsplit(zst).path)):
            for _ in range(2):
                OUT.log("warning", "Failed to load subdir: Download error (37) Couldn't read a "
                                   f"file:// file [{zst}]")


class _CacheSource:
    """The package cache as a repodata source (--offline: create_repo_from_pkgs_dir)."""

    def __init__(self, records: list) -> None:
        self.records = records

    async def fetch_package_records(self, platform, name) -> list:
        return [r for r in self.records
                if r.subdir == str(platform) and r.name.normalized == name.normalized]

    def package_names(self, platform) -> list[str]:
        return sorted({r.name.normalized for r in self.records if r.subdir == str(platform)})


def _cached_records(settings: Settings) -> list:
    import rattler

    records, seen = [], set()
    for directory in (d for d in settings.pkgs_dirs if os.path.isdir(d)):
        for entry in sorted(os.listdir(directory)):
            path = Path(directory, entry, "info", "repodata_record.json")
            if entry in seen or not path.is_file():
                continue
            with contextlib.suppress(Exception):  # an unreadable entry is skipped
                data = json.loads(path.read_text(encoding="utf-8"))
                package = rattler.PackageRecord.from_index_json(
                    path, data.get("size"), data.get("sha256"), data.get("md5"))
                records.append(rattler.RepoDataRecord(package, data["fn"], data["url"],
                                                      data["channel"]))
                seen.add(entry)
    return records


def _client():
    import rattler

    return rattler.Client.default_client(max_retries=1, timeout=30)


async def _solve(settings: Settings, specs: list[str], installed: dict) -> list:
    import rattler

    platforms = [rattler.Subdir.current(), rattler.Subdir("noarch")]
    sources: list = []
    if settings.offline:
        sources = [_CacheSource(_cached_records(settings))]
    else:
        for url in dict.fromkeys(channel_urls(c, settings) for c in settings.channels):
            sources.append(rattler.Channel(url))
            _warn_missing_zst(settings, url, [str(p) for p in platforms])
    gateway = rattler.Gateway(cache_dir=os.path.join(settings.pkgs_dirs[0], "cache"),
                              client=_client(), show_progress=False)
    virtual = [v.into_generic() for v in rattler.VirtualPackage.detect(
        rattler.VirtualPackageOverrides.from_env())]
    requested = {_spec_name(s) for s in specs}
    try:
        return await rattler.solve(
            sources=sources, gateway=gateway, platforms=platforms, virtual_packages=virtual,
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


# ---- explicit locks --------------------------------------------------------------------------


def _url_as_1x_reads_it(url: str) -> str:
    """1.x reads an explicit URL as CHANNEL/SUBDIR/FILENAME: when the parent folder is not a
    platform name it takes the folder for the channel and inserts this machine's platform
    (design): .../bundle/pkgs/x.tar.bz2 is fetched from .../bundle/pkgs/linux-64/x.tar.bz2."""
    import rattler

    folder, _, file_name = url.rpartition("/")
    if folder.rpartition("/")[2] in KNOWN_SUBDIRS:
        return url
    platform = str(rattler.Subdir.current())
    OUT.print(f"{folder}/{platform}::{_stem(urllib.parse.unquote(file_name))}")
    return f"{folder}/{platform}/{file_name}"


def _fetch(url: str, dest: Path, offline: bool) -> tuple[str, str]:
    """The package at url into dest (the cache); its (md5, sha256)."""
    parsed = urllib.parse.urlparse(url)
    if not offline:
        temp = dest.with_name(dest.name + ".partial")
        try:
            if parsed.scheme == "file":
                shutil.copyfile(urllib.request.url2pathname(parsed.path), temp)
            elif parsed.scheme in ("http", "https"):
                with urllib.request.urlopen(url, timeout=30) as src, open(temp, "wb") as out:  # noqa: S310
                    shutil.copyfileobj(src, out)
            else:
                raise Abort(f"Unsupported URL scheme in explicit spec: {url}")
            os.replace(temp, dest)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temp.unlink()
            if parsed.scheme == "file":
                raise Abort(f"Download error (37) Couldn't read a file:// file [{url}]") from None
            raise Abort(f"Download error: could not fetch {url}: {exc}") from None
    elif not dest.is_file():
        raise Abort(f"Package not found in the package cache (offline): {url}")
    data = dest.read_bytes()
    return hashlib.md5(data).hexdigest(), hashlib.sha256(data).hexdigest()


async def _explicit_records(settings: Settings, lines: list[str], installed: dict):
    """Exactly these packages, no solve; `#md5` or `#sha256:` checked, sha256 first (6.3)."""
    import rattler

    records, updates, specs, bad = [], {}, [], []
    for line in lines:
        url, _, fragment = (part.strip() for part in line.partition("#"))
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", url):
            url = Path(canonical(url)).as_uri()
        file_name = urllib.parse.unquote(url.rsplit("/", 1)[-1])
        dest = Path(settings.pkgs_dirs[0], file_name)
        md5, sha = _fetch(_url_as_1x_reads_it(url) if MAJOR < 2 else url, dest,
                          settings.offline)
        kind, expected = ("SHA256", fragment[7:].lower()) if fragment.startswith(
            "sha256:") else ("MD5", fragment.lower())
        actual = sha if kind == "SHA256" else md5
        if expected and expected != actual:
            bad.append(f'File not valid: {kind} sum doesn\'t match expectation "{dest}"'
                       f"\nExpected: {expected}\nActual: {actual}")
            dest.unlink()
            continue
        record = await rattler.RepoDataRecord.from_package_archive(dest)
        record.md5, record.sha256 = bytes.fromhex(md5), bytes.fromhex(sha)
        # Linked from the cached archive; conda-meta gets the original URL afterwards.
        record.url, record.channel = dest.as_uri(), url.rsplit("/", 2)[0] + "/"
        updates[record.name.normalized] = {"url": url, "channel": record.channel,
                                           "fn": file_name}
        specs.append(f"{record.name.normalized}=={record.version}={record.build}")
        records.append(record)
    if bad:
        raise Abort("Found incorrect downloads. Aborting", bad)
    desired = dict(installed)
    desired.update({r.name.normalized: r for r in records
                    if not _same(installed.get(r.name.normalized), r)})
    return list(desired.values()), updates, specs


# ---- the transaction -------------------------------------------------------------------------


def transaction(settings: Settings, argv: list[str], installed: dict, desired: list,
                specs: list[str], updates: dict, *, create: bool) -> None:
    """MTransaction: show, confirm, link, write history (transaction.cpp)."""
    names = {r.name.normalized for r in desired}
    link = _topological([r for r in desired if installed.get(r.name.normalized) is not r])
    linked = {r.name.normalized for r in link}
    unlink = [old for name, old in installed.items() if name not in names or name in linked]
    OUT.print(f"Transaction\n\n  Prefix: {settings.target_prefix}\n")
    if not link and not unlink:
        OUT.print("  All requested packages already installed\n")
    for sign, record in [("-", r) for r in unlink] + [("+", r) for r in link]:
        OUT.print(f"  {sign} {record.name.normalized} {record.version} {record.build} "
                  f"{record.channel or ''}")
    if settings.dry_run:
        OUT.print("Dry run. Not executing the transaction.")
        return
    if (link or unlink) and not prompt("Confirm changes", "y", settings):
        return
    if create:
        _make_prefix(settings.target_prefix)
    OUT.print("\nTransaction starting")
    if link or unlink:
        _link(settings, installed, desired, link, unlink, specs, updates)
    OUT.print("\nTransaction finished\n")
    _append_history(settings.target_prefix, argv, link, unlink, specs, updates)
    if create or (MAJOR < 2 and (link or unlink)):  # 1.x says it after `install` too (16)
        prefix = settings.target_prefix
        OUT.print(f"\nTo activate this environment, use:\n\n    {exe_name()} activate {prefix}"
                  "\n\nOr to execute a single command in this environment, use:\n\n"
                  f"    {exe_name()} run -p {prefix} mycommand\n")


def temp_directory_path() -> str:
    """libstdc++'s temp_directory_path: TMPDIR, TMP, TEMP or TEMPDIR, else /tmp; an error if
    it is not a directory (Python's tempfile would quietly use another folder)."""
    path = next((os.environ[v] for v in ("TMPDIR", "TMP", "TEMP", "TEMPDIR")
                 if v in os.environ), "/tmp")
    if not os.path.isdir(path):
        raise Abort(f"filesystem error: temp_directory_path: Not a directory [{path}]")
    return path


def _link(settings: Settings, installed: dict, desired: list, link: list, unlink: list,
          specs: list[str], updates: dict) -> None:
    import rattler

    prefix = settings.target_prefix
    had_tag = Path(prefix, "CACHEDIR.TAG").exists()
    # micromamba writes mambaf* temporary files into $TMPDIR while linking (design).
    handle, temp_path = tempfile.mkstemp(prefix="mambaf", dir=temp_directory_path())
    os.close(handle)
    layers = [settings.pkgs_dirs[0]] + [d for d in settings.pkgs_dirs[1:] if os.path.isdir(d)]
    try:
        asyncio.run(rattler.install(
            records=desired, target_prefix=prefix, installed_packages=list(installed.values()),
            execute_link_scripts=True, show_progress=False, client=_client(),
            package_cache=rattler.PackageCache.new_layered(layers)))
    finally:
        if not os.environ.get("CONDA_TEST_SAVE_TEMPS"):
            with contextlib.suppress(OSError):
                os.unlink(temp_path)
    for record in link:  # rattler links in parallel; micromamba's order, once it is done
        OUT.print(f"Linking {_stem(record.file_name)}")
    tag = Path(prefix, "CACHEDIR.TAG")
    if not had_tag and tag.exists():
        tag.unlink()  # rattler marks the prefix as a cache directory; micromamba does not
    requested = {_spec_name(s): s for s in specs}
    for path in Path(prefix, "conda-meta").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        name = data.get("name")
        if name not in {r.name.normalized for r in link}:
            continue
        data.update(updates.get(name, {}))
        if name in requested:
            data.update(requested_spec=requested[name], requested_specs=[requested[name]])
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
        # the cache's info/repodata_record.json, which --offline reads later
        info = Path(data.get("extracted_package_dir") or "/nonexistent", "info")
        if info.is_dir():
            drop = ("files", "paths_data", "link", "extracted_package_dir", "requested_spec",
                    "requested_specs", "package_tarball_full_path")
            (info / "repodata_record.json").write_text(
                json.dumps({k: v for k, v in data.items() if k not in drop}, indent=2),
                encoding="utf-8")


def _append_history(prefix: str, argv: list[str], link: list, unlink: list,
                    specs: list[str], updates: dict) -> None:
    """History::add_entry: "+<channel URL>::<dist>" lines (transaction.cpp normalises the
    channel to its platform URL)."""

    def dist(record) -> str:
        url = updates.get(record.name.normalized, {}).get("url", str(record.url))
        return f"{url.rsplit('/', 1)[0]}::{_stem(record.file_name)}"

    lines = [f"==> {datetime.datetime.now():%Y-%m-%d %H:%M:%S} <==",
             "# cmd: " + " ".join([argv0(), *argv]), f"# conda version: {CONDA_VERSION}"]
    lines += ["-" + dist(r) for r in unlink] + ["+" + dist(r) for r in link]
    if specs:
        lines.append("# update specs: [" + ", ".join(json.dumps(s) for s in specs) + "]")
    with open(Path(prefix, "conda-meta", "history"), "a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
